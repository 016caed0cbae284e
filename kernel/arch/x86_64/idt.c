/* The IDT: an interrupt gate (IF cleared on entry) for every one of the 256
 * vectors, so a stray external interrupt is counted and dropped instead of
 * arriving as #NP and killing whatever thread it lands on. #DF, NMI, #MC
 * and #DB run on their own IST stacks so they work even on a broken kernel
 * stack (#DB can hit at any instruction, e.g. right after syscall). */
#include "cpu.h"

#define IDT_ENTRIES    256
#define GATE_INTERRUPT 0x8E /* present, DPL0, 64-bit interrupt gate */

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

static struct idt_gate idt[IDT_ENTRIES] KPTI_BSS __attribute__((aligned(ERIX_PAGE_SIZE)));
extern const uint64_t arch_vector_stubs[IDT_ENTRIES]; /* vectors.S */

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

static uint8_t gate_ist(unsigned vec)
{
	switch (vec) {
	case VEC_DOUBLE_FAULT:
		return IST_DOUBLE_FAULT;
	case VEC_NMI:
		return IST_NMI;
	case VEC_MACHINE_CHECK:
		return IST_MACHINE_CHECK;
	case VEC_DEBUG:
		return IST_DEBUG;
	default:
		return 0;
	}
}

void arch_idt_load(void)
{
	struct __attribute__((packed)) {
		uint16_t limit;
		uint64_t base;
	} ip = {sizeof(idt) - 1, (uint64_t)(uintptr_t)idt};

	__asm__ volatile("lidt %0" ::"m"(ip));
}

void arch_idt_init(void)
{
	for (unsigned v = 0; v < IDT_ENTRIES; v++)
		set_gate(v, arch_vector_stubs[v], gate_ist(v));
	arch_idt_load();
}

/* The IDT fills exactly one page, which arch_paging_init maps read-only
 * (gdt.c: arch_is_readonly_table): no gate changes after boot. */
_Static_assert(sizeof(idt) == ERIX_PAGE_SIZE, "the IDT fills exactly its page");

vaddr_t arch_idt_page(void)
{
	return (vaddr_t)(uintptr_t)idt;
}
