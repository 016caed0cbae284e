/* The GDT (kernel/user segments in the order sysret needs, see cpu.h), the
 * TSS with its IST stacks for #DF, NMI and #MC, the list of statically
 * placed guard pages that arch_paging_init leaves unmapped and of the CPU
 * table pages it maps read-only. */
#include "cpu.h"

#define IST_STACK_PAGES 2
#define GDT_ENTRIES     7 /* null, kcode, kdata, udata, ucode, tss (2 slots) */

/* Each IST stack sits right above its own guard page. */
struct ist_block {
	uint8_t guard[ERIX_PAGE_SIZE];
	uint8_t stack[IST_STACK_PAGES * ERIX_PAGE_SIZE];
};
static struct ist_block ist_blocks[IST_COUNT] KPTI_BSS __attribute__((aligned(ERIX_PAGE_SIZE)));

extern uint8_t arch_boot_stack_guard_page[]; /* entry.S */

struct arch_tss arch_tss KPTI_BSS __attribute__((aligned(16)));

/* The GDT has a page of its own, which arch_paging_init maps read-only:
 * nothing can rewrite a descriptor after boot. The CPU itself writes to a
 * descriptor only to set its accessed bit (preset here, "A") and the TSS
 * busy bit (set by ltr, before the kernel's tables exist). No descriptor is
 * a 32-bit code segment, so user code cannot enter compatibility mode. */
static union {
	uint64_t e[GDT_ENTRIES];
	uint8_t page[ERIX_PAGE_SIZE];
} gdt KPTI_DATA __attribute__((aligned(ERIX_PAGE_SIZE))) = {{
    0,
    0x00AF9B000000FFFF, /* 0x08 kernel code: L, P, DPL0, exec/read, A */
    0x00CF93000000FFFF, /* 0x10 kernel data: P, DPL0, read/write, A */
    0x00CFF3000000FFFF, /* 0x18 user data: P, DPL3, read/write, A */
    0x00AFFB000000FFFF, /* 0x20 user code: L, P, DPL3, exec/read, A */
    0,                  /* 0x28 TSS, filled at runtime */
    0,
}};
_Static_assert(sizeof(gdt) == ERIX_PAGE_SIZE, "the GDT fills exactly its page");

struct __attribute__((packed)) desc_ptr {
	uint16_t limit;
	uint64_t base;
};

static void set_tss_descriptor(void)
{
	uint64_t base = (uint64_t)(uintptr_t)&arch_tss;
	uint64_t limit = sizeof(arch_tss) - 1;

	/* Type 0x9: available 64-bit TSS, present, DPL0. */
	gdt.e[SEL_TSS / 8] = (limit & 0xFFFF) | ((base & 0xFFFFFF) << 16) | (0x89ull << 40) |
	                     (((limit >> 16) & 0xF) << 48) | (((base >> 24) & 0xFF) << 56);
	gdt.e[SEL_TSS / 8 + 1] = base >> 32;
}

/* The GDT, CS reloaded with a far return, the data segments with kernel
 * data. */
static void load_gdt(void)
{
	struct desc_ptr gp = {sizeof(gdt.e) - 1, (uint64_t)(uintptr_t)gdt.e};

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

void arch_gdt_init(void)
{
	for (unsigned i = 0; i < IST_COUNT; i++)
		arch_tss.ist[i] =
		    (uint64_t)(uintptr_t)(ist_blocks[i].stack + sizeof(ist_blocks[i].stack));
	/* No I/O bitmap: user port access always faults (IOPL stays 0). */
	arch_tss.iomap_base = sizeof(arch_tss);
	set_tss_descriptor();

	load_gdt();
	/* FS/GS null (their bases are set through MSRs afterwards), the LDT
	 * null whatever the firmware left there, then this CPU's TSS. */
	__asm__ volatile("xorl %%eax, %%eax\n\t"
	                 "movl %%eax, %%fs\n\t"
	                 "movl %%eax, %%gs\n\t"
	                 "lldt %%ax\n\t"
	                 "movw %0, %%ax\n\t"
	                 "ltr %%ax"
	                 :
	                 : "i"(SEL_TSS)
	                 : "rax", "memory");
}

/* An application processor: the same GDT and IDT, no TSS (it stays in
 * ring 0 and takes no interrupt while parked). */
void arch_cpu_load_tables(void)
{
	load_gdt();
	arch_idt_load();
}

bool arch_is_guard_page(vaddr_t va)
{
	if (va == (vaddr_t)(uintptr_t)arch_boot_stack_guard_page)
		return true;
	for (unsigned i = 0; i < IST_COUNT; i++) {
		if (va == (vaddr_t)(uintptr_t)ist_blocks[i].guard)
			return true;
	}
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
