/* The GDT (kernel/user segments in the order sysret needs, see cpu.h, then
 * one TSS descriptor per CPU), each CPU's TSS with its IST stacks for #DF,
 * NMI, #MC and #DB, the list of statically placed guard pages that
 * arch_paging_init leaves unmapped and of the CPU table pages it maps
 * read-only. */
#include "cpu.h"

#define IST_STACK_PAGES 2
#define GDT_ENTRIES                                                                                \
	(5 + 2 * ARCH_MAX_CPUS) /* null, kcode, kdata, udata, ucode, a TSS (2 slots) per CPU */

/* Each IST stack sits right above its own guard page. */
struct ist_block {
	uint8_t guard[ERIX_PAGE_SIZE];
	uint8_t stack[IST_STACK_PAGES * ERIX_PAGE_SIZE];
};
static struct ist_block ist_blocks[ARCH_MAX_CPUS][IST_COUNT] KPTI_BSS
    __attribute__((aligned(ERIX_PAGE_SIZE)));

extern uint8_t arch_boot_stack_guard_page[]; /* entry.S */

struct arch_tss arch_tss[ARCH_MAX_CPUS] KPTI_BSS __attribute__((aligned(16)));

/* The GDT has a page of its own, which arch_paging_init maps read-only:
 * nothing can rewrite a descriptor after boot. The CPU itself writes to a
 * descriptor only to set its accessed bit (preset here, "A") and the TSS
 * busy bit (set by ltr: the boot CPU's before the kernel's tables exist, an
 * AP's in a writable copy, see arch_cpu_load_tables). No descriptor is a
 * 32-bit code segment, so user code cannot enter compatibility mode. */
static union {
	uint64_t e[GDT_ENTRIES];
	uint8_t page[ERIX_PAGE_SIZE];
} gdt KPTI_DATA __attribute__((aligned(ERIX_PAGE_SIZE))) = {{
    0,                  /* 0x00 null */
    0x00AF9B000000FFFF, /* 0x08 kernel code: L, P, DPL0, exec/read, A */
    0x00CF93000000FFFF, /* 0x10 kernel data: P, DPL0, read/write, A */
    0x00CFF3000000FFFF, /* 0x18 user data: P, DPL3, read/write, A */
    0x00AFFB000000FFFF, /* 0x20 user code: L, P, DPL3, exec/read, A */
                        /* 0x28 + 16 * cpu: the TSSs, filled at runtime */
}};
_Static_assert(sizeof(gdt) == ERIX_PAGE_SIZE, "the GDT fills exactly its page");

struct __attribute__((packed)) desc_ptr {
	uint16_t limit;
	uint64_t base;
};

/* CPU cpu's TSS selector. */
static uint16_t tss_selector(unsigned cpu)
{
	return (uint16_t)(SEL_TSS + 16 * cpu);
}

static void set_tss_descriptor(uint64_t *e, unsigned cpu)
{
	uint64_t base = (uint64_t)(uintptr_t)&arch_tss[cpu];
	uint64_t limit = sizeof(arch_tss[cpu]) - 1;

	/* Type 0x9: available 64-bit TSS, present, DPL0. */
	e[0] = (limit & 0xFFFF) | ((base & 0xFFFFFF) << 16) | (0x89ull << 40) |
	       (((limit >> 16) & 0xF) << 48) | (((base >> 24) & 0xFF) << 56);
	e[1] = base >> 32;
}

/* A GDT, CS reloaded with a far return, the data segments with kernel
 * data. */
static void load_gdt(const uint64_t *table)
{
	struct desc_ptr gp = {sizeof(gdt.e) - 1, (uint64_t)(uintptr_t)table};

	__asm__ volatile("lgdt %0\n\t"
	                 "pushq %1\n\t"
	                 "leaq 1f(%%rip), %%rax\n\t"
	                 "pushq %%rax\n\t"
	                 "lretq\n"
	                 "1:\n\t"
	                 "movl %2, %%eax\n\t"
	                 "movl %%eax, %%ds\n\t"
	                 "movl %%eax, %%es\n\t"
	                 "movl %%eax, %%ss"
	                 :
	                 : "m"(gp), "i"(SEL_KERNEL_CS), "i"(SEL_KERNEL_DS)
	                 : "rax", "memory");
}

/* FS/GS null (their bases are set through MSRs afterwards), the LDT null
 * whatever the firmware left there, then the TSS. */
static void load_segments(uint16_t tss)
{
	__asm__ volatile("xorl %%eax, %%eax\n\t"
	                 "movl %%eax, %%fs\n\t"
	                 "movl %%eax, %%gs\n\t"
	                 "lldt %%ax\n\t"
	                 "movw %0, %%ax\n\t"
	                 "ltr %%ax"
	                 :
	                 : "r"(tss)
	                 : "rax", "memory");
}

/* Every CPU's TSS: its IST stacks, no I/O bitmap (user port access always
 * faults, IOPL stays 0), and its descriptor. */
void arch_gdt_init(void)
{
	for (unsigned c = 0; c < ARCH_MAX_CPUS; c++) {
		for (unsigned i = 0; i < IST_COUNT; i++)
			arch_tss[c].ist[i] = (uint64_t)(uintptr_t)(ist_blocks[c][i].stack +
			                                           sizeof(ist_blocks[c][i].stack));
		arch_tss[c].iomap_base = sizeof(arch_tss[c]);
		set_tss_descriptor(&gdt.e[tss_selector(c) / 8], c);
	}
	load_gdt(gdt.e);
	load_segments(tss_selector(0));
}

/* An application processor, once the GDT page is read-only: ltr marks the
 * descriptor busy, so it runs on a writable copy (APs start one at a time),
 * then the real GDT is loaded (TR keeps the descriptor it cached; long
 * mode never switches tasks, so the real entry's busy bit is never
 * asked). */
void arch_cpu_load_tables(unsigned cpu)
{
	static uint64_t copy[GDT_ENTRIES];

	for (unsigned i = 0; i < GDT_ENTRIES; i++)
		copy[i] = gdt.e[i];
	load_gdt(copy);
	load_segments(tss_selector(cpu));
	load_gdt(gdt.e);
	arch_idt_load();
}

bool arch_is_guard_page(vaddr_t va)
{
	if (va == (vaddr_t)(uintptr_t)arch_boot_stack_guard_page)
		return true;
	for (unsigned c = 0; c < ARCH_MAX_CPUS; c++)
		for (unsigned i = 0; i < IST_COUNT; i++)
			if (va == (vaddr_t)(uintptr_t)ist_blocks[c][i].guard)
				return true;
	return false;
}

bool arch_is_readonly_table(vaddr_t va)
{
	return va == (vaddr_t)(uintptr_t)gdt.page || va == arch_idt_page();
}

vaddr_t arch_boot_stack_guard(void)
{
	return (vaddr_t)(uintptr_t)arch_boot_stack_guard_page;
}
