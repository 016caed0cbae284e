/* The legacy 8259 PICs: remapped away from the exception vectors (to
 * 0xF0..0xFF) and fully masked; interrupts come from the LAPIC only. */
#include "cpu.h"

#define PIC1_CMD  0x20
#define PIC1_DATA 0x21
#define PIC2_CMD  0xA0
#define PIC2_DATA 0xA1

void arch_pic_disable(void)
{
	arch_outb(PIC1_CMD, 0x11); /* ICW1: init, ICW4 follows */
	arch_outb(PIC2_CMD, 0x11);
	arch_outb(PIC1_DATA, 0xF0); /* ICW2: vector base; IRQ7 -> VEC_PIC_SPURIOUS */
	arch_outb(PIC2_DATA, 0xF8); /* IRQ15 -> VEC_SPURIOUS */
	arch_outb(PIC1_DATA, 0x04); /* ICW3: slave on IRQ2 */
	arch_outb(PIC2_DATA, 0x02);
	arch_outb(PIC1_DATA, 0x01); /* ICW4: 8086 mode */
	arch_outb(PIC2_DATA, 0x01);
	arch_outb(PIC1_DATA, 0xFF); /* mask everything */
	arch_outb(PIC2_DATA, 0xFF);
}

bool arch_pic_all_masked(void)
{
	return arch_inb(PIC1_DATA) == 0xFF && arch_inb(PIC2_DATA) == 0xFF;
}
