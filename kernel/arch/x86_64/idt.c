/* The IDT: interrupt gates (IF cleared on entry) for the 32 exception
 * vectors, the LAPIC timer and the spurious vectors; #DF, NMI and #MC run
 * on their own IST stacks so they work even on a broken kernel stack. */
#include "cpu.h"

#define IDT_ENTRIES    256
#define GATE_INTERRUPT 0x8E /* present, DPL0, 64-bit interrupt gate */
#define STUB_COUNT     35   /* vectors.S: 0..31, timer, PIC spurious, spurious */

struct idt_gate {
	uint16_t offset_lo;
	uint16_t selector;
	uint8_t ist;
	uint8_t type;
	uint16_t offset_mid;
	uint32_t offset_hi;
	uint32_t reserved;
};
_Static_assert(sizeof(struct idt_gate) == 16, "idt gate");

static struct idt_gate idt[IDT_ENTRIES] __attribute__((aligned(ERIX_PAGE_SIZE)));
extern const uint64_t arch_vector_stubs[STUB_COUNT];

static void set_gate(unsigned vec, uint64_t handler, uint8_t ist)
{
	idt[vec] = (struct idt_gate){
	    .offset_lo = (uint16_t)handler,
	    .selector = SEL_KERNEL_CS,
	    .ist = ist,
	    .type = GATE_INTERRUPT,
	    .offset_mid = (uint16_t)(handler >> 16),
	    .offset_hi = (uint32_t)(handler >> 32),
	};
}

void arch_idt_init(void)
{
	struct __attribute__((packed)) {
		uint16_t limit;
		uint64_t base;
	} ip = {sizeof(idt) - 1, (uint64_t)(uintptr_t)idt};

	for (unsigned v = 0; v < 32; v++) {
		uint8_t ist = 0;

		if (v == VEC_DOUBLE_FAULT)
			ist = IST_DOUBLE_FAULT;
		else if (v == VEC_NMI)
			ist = IST_NMI;
		else if (v == VEC_MACHINE_CHECK)
			ist = IST_MACHINE_CHECK;
		set_gate(v, arch_vector_stubs[v], ist);
	}
	set_gate(VEC_TIMER, arch_vector_stubs[32], 0);
	set_gate(VEC_PIC_SPURIOUS, arch_vector_stubs[33], 0);
	set_gate(VEC_SPURIOUS, arch_vector_stubs[34], 0);
	__asm__ volatile("lidt %0" ::"m"(ip));
}

/* The IDT fills exactly one page, which arch_paging_init maps read-only
 * (gdt.c: arch_is_readonly_table): no gate changes after boot. */
_Static_assert(sizeof(idt) == ERIX_PAGE_SIZE, "the IDT fills exactly its page");

vaddr_t arch_idt_page(void)
{
	return (vaddr_t)(uintptr_t)idt;
}
