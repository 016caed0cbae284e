/* The keyboard controller as rootd's tests drive it (kbd.c). */
#ifndef ERIX_ROOTD_KBD_H
#define ERIX_ROOTD_KBD_H

#include <stdint.h>

uint8_t kbd_in(uint64_t port);
void kbd_out(uint64_t port, uint8_t v);
/* 1 once the output buffer is full, 0 if it stays empty (bounded). */
int kbd_wait_full(void);
/* Reads away whatever the output buffer holds (at most 32 bytes). */
void kbd_drain(void);
/* Keyboard interrupts and the keyboard port's clock on in the command
 * byte (the firmware may leave them off), the buffer empty. */
void kbd_enable_irq(void);
/* The byte, as if a key sent it: IRQ 1 where the line is bound. */
void kbd_inject(uint8_t byte);

#endif
