/* COM1 (0x3F8) polled output at 115200 8N1: the kernel's marker channel.
 * No interrupts; each byte waits for an empty transmit holding register. */
#include "arch.h"

#define COM1          0x3F8
#define REG_DATA      0
#define REG_IER       1
#define REG_FCR       2
#define REG_LCR       3
#define REG_MCR       4
#define REG_LSR       5
#define LCR_DLAB      0x80
#define LCR_8N1       0x03
#define LSR_THR_EMPTY 0x20
/* Bounds the wait for a stuck or absent UART so output can never hang. */
#define TX_SPIN_LIMIT 100000

void arch_serial_init(void)
{
	arch_outb(COM1 + REG_IER, 0x00);
	arch_outb(COM1 + REG_LCR, LCR_DLAB);
	arch_outb(COM1 + REG_DATA, 1); /* divisor 1: 115200 baud */
	arch_outb(COM1 + REG_IER, 0);
	arch_outb(COM1 + REG_LCR, LCR_8N1);
	arch_outb(COM1 + REG_FCR, 0xC7); /* FIFO on, cleared, 14-byte threshold */
	arch_outb(COM1 + REG_MCR, 0x03); /* DTR, RTS; OUT2 off: no IRQ */
}

static void serial_putc(char c)
{
	for (unsigned i = 0; i < TX_SPIN_LIMIT; i++) {
		if (arch_inb(COM1 + REG_LSR) & LSR_THR_EMPTY)
			break;
	}
	arch_outb(COM1 + REG_DATA, (uint8_t)c);
}

void arch_serial_write(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n')
			serial_putc('\r');
		serial_putc(s[i]);
	}
}
