/* The kernel's own page tables: the image W^X from the linker symbols, the
 * physmap of RAM (and uncached MMIO pages), the kernel stack area with a
 * guard page under every stack. The PDPT of every kernel-half PML4 slot is
 * created here, once, so every VSpace shares all later kernel mappings. */
#include "paging.h"

#include <erix/errors.h>

#include "kmem.h"

/* Kernel stacks live in PML4 slot 508; each slot is 8 pages apart, the
 * lowest page of each slot is the (never mapped) guard page. */
#define PML4_KSTACK   508
#define KSTACK_BASE   0xFFFFFE0000000000ull
#define KSTACK_STRIDE (8ull * ERIX_PAGE_SIZE)
_Static_assert(ARCH_KSTACK_PAGES + 1 <= 8, "kernel stack slot too small");
_Static_assert(((KSTACK_BASE >> 39) & 511) == PML4_KSTACK, "kstack slot");
/* The physmap may use slots 256 .. PML4_KSTACK - 1. */
#define PHYSMAP_MAX (((uint64_t)(PML4_KSTACK - PML4_FIRST_KERNEL)) << 39)
_Static_assert(KPTI_ROOT_SLOT > PML4_KSTACK && KPTI_ROOT_SLOT < PML4_IMAGE, "a slot no table uses");

#define KFLAGS_TEXT   (PTE_P | PTE_G)
#define KFLAGS_RODATA (PTE_P | PTE_G | PTE_NX)
#define KFLAGS_DATA   (PTE_P | PTE_W | PTE_G | PTE_NX)
#define KFLAGS_MMIO   (PTE_P | PTE_W | PTE_G | PTE_NX | PTE_PCD | PTE_PWT)

extern char __kernel_start[], __kernel_end[], __text_start[], __text_end[];
extern char __rodata_start[], __rodata_end[], __data_start[], __data_end[];
extern char __kpti_text_start[], __kpti_text_end[], __kpti_data_start[], __kpti_data_end[];
extern char __kpti_bss_start[], __kpti_bss_end[];

paddr_t arch_kernel_pml4;
static bool paging_ready;
bool arch_kpti;
bool arch_pcid;
const char *arch_kpti_reason = "off";
unsigned arch_kpti_pages;
paddr_t arch_kpti_user_template;
static paddr_t image_phys_base, image_phys_end;

int pt_walk(paddr_t root, vaddr_t va, unsigned level, uint64_t inter, bool alloc, uint64_t **out)
{
	uint64_t *table = (uint64_t *)arch_phys_to_virt(root);

	for (unsigned l = 4; l > level; l--) {
		uint64_t *e = &table[pt_index(va, l)];

		if (!(*e & PTE_P)) {
			paddr_t frame;

			if (!alloc)
				return ERIX_ERR_NOT_FOUND;
			frame = kmem_alloc_frame();
			if (!frame)
				return ERIX_ERR_NO_MEMORY;
			*e = frame | inter;
		} else if (*e & PTE_PS) {
			return ERIX_ERR_BUSY;
		}
		table = pt_table(*e);
	}
	*out = &table[pt_index(va, level)];
	return ERIX_OK;
}

static uint64_t align_up(uint64_t v, uint64_t a)
{
	return (v + a - 1) & ~(a - 1);
}

static int map_kernel_4k(vaddr_t va, paddr_t pa, uint64_t flags)
{
	uint64_t *e;
	int err = pt_walk(arch_kernel_pml4, va, 1, PT_INTER_KERNEL, true, &e);

	if (err == ERIX_ERR_BUSY)
		return ERIX_OK; /* inside a 2 MiB physmap page already */
	if (err)
		return err;
	if (!(*e & PTE_P))
		*e = pa | flags;
	return ERIX_OK;
}

/* Physmap of [base, end): 2 MiB pages where both ends of the page are in
 * the range, 4 KiB pages at the edges. Already mapped pages are kept. */
static int map_physmap_range(paddr_t base, paddr_t end)
{
	paddr_t pa = base;

	while (pa < end) {
		vaddr_t va = (vaddr_t)(uintptr_t)arch_phys_to_virt(pa);
		uint64_t *e;
		int err;

		if (!(pa & (LARGE_PAGE_SIZE - 1)) && end - pa >= LARGE_PAGE_SIZE) {
			err = pt_walk(arch_kernel_pml4, va, 2, PT_INTER_KERNEL, true, &e);
			if (err)
				return err;
			if (!(*e & PTE_P)) {
				*e = pa | KFLAGS_DATA | PTE_PS;
				pa += LARGE_PAGE_SIZE;
				continue;
			}
			if (*e & PTE_PS) {
				pa += LARGE_PAGE_SIZE;
				continue;
			}
		}
		err = map_kernel_4k(va, pa, KFLAGS_DATA);
		if (err)
			return err;
		pa += ERIX_PAGE_SIZE;
	}
	return ERIX_OK;
}

/* The kernel image is mapped once, W^X, at its link address; its physical
 * pages are left out of the physmap so no writable alias of .text exists. */
static int map_physmap_ram(paddr_t kbase, paddr_t kend, const struct arch_ram_range *ram, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		paddr_t base = ram[i].base & ~PAGE_MASK;
		paddr_t end = align_up(ram[i].base + ram[i].length, ERIX_PAGE_SIZE);
		int err = ERIX_OK;

		if (base < kbase)
			err = map_physmap_range(base, end < kbase ? end : kbase);
		if (!err && end > kend)
			err = map_physmap_range(base > kend ? base : kend, end);
		if (err)
			return err;
	}
	return ERIX_OK;
}

static int map_image_section(paddr_t kbase, const char *start, const char *end, uint64_t flags)
{
	vaddr_t va = (vaddr_t)(uintptr_t)start;
	vaddr_t stop = align_up((vaddr_t)(uintptr_t)end, ERIX_PAGE_SIZE);

	for (; va < stop; va += ERIX_PAGE_SIZE) {
		int err;

		if (arch_is_guard_page(va))
			continue;
		err = map_kernel_4k(va, kbase + (va - (vaddr_t)(uintptr_t)__kernel_start),
		                    arch_is_readonly_table(va) ? KFLAGS_RODATA : flags);
		if (err)
			return err;
	}
	return ERIX_OK;
}

static int map_image(paddr_t kbase)
{
	int err = map_image_section(kbase, __text_start, __text_end, KFLAGS_TEXT);

	if (!err)
		err = map_image_section(kbase, __rodata_start, __rodata_end, KFLAGS_RODATA);
	if (!err)
		err = map_image_section(kbase, __data_start, __data_end, KFLAGS_DATA);
	return err;
}

/* Every kernel-half slot that will ever be used gets its PDPT now. */
static int precreate_slot(unsigned slot)
{
	uint64_t *pml4 = (uint64_t *)arch_phys_to_virt(arch_kernel_pml4);
	paddr_t frame;

	if (pml4[slot] & PTE_P)
		return ERIX_OK;
	frame = kmem_alloc_frame();
	if (!frame)
		return ERIX_ERR_NO_MEMORY;
	pml4[slot] = frame | PT_INTER_KERNEL;
	return ERIX_OK;
}

static int precreate_kernel_slots(const struct arch_ram_range *ram, size_t n)
{
	uint64_t top = 1ull << 32; /* low 4 GiB always: LAPIC, IOAPIC, HPET */
	int err = ERIX_OK;

	for (size_t i = 0; i < n; i++) {
		if (ram[i].length > PHYSMAP_MAX || ram[i].base > PHYSMAP_MAX - ram[i].length)
			return ERIX_ERR_RANGE;
		if (ram[i].base + ram[i].length > top)
			top = ram[i].base + ram[i].length;
	}
	for (uint64_t off = 0; off < top && !err; off += 1ull << 39)
		err = precreate_slot(PML4_FIRST_KERNEL + (unsigned)(off >> 39));
	if (!err)
		err = precreate_slot(PML4_KSTACK);
	if (!err)
		err = precreate_slot(PML4_IMAGE);
	return err;
}

static void enable_global_pages(void)
{
	uint32_t r[4];

	cpuid(1, 0, r);
	if (r[3] & (1u << 13))
		write_cr4(read_cr4() | CR4_PGE); /* also flushes the whole TLB */
}

/* Page-table isolation (Meltdown, Intel SDM and the vendors' guidance).
 *
 * Every VSpace has two PML4s: the kernel's (user half, then the whole
 * kernel half, as before) and a user one. The user PML4 has the same user
 * half (its PML4 entries are copies: the tables below are shared, and
 * arch_vspace_map keeps the copies current) and of the kernel half only
 * slot PML4_IMAGE, pointing at tables of its own that map the pages the CPU
 * and the entry paths need while CR3 still holds it: .kpti.text (syscall.S,
 * vectors.S), the GDT, and .bss.kpti (IDT, TSS, IST and entry stacks, the
 * per-CPU area). User code runs on the user PML4; syscall.S and vectors.S
 * switch CR3 at entry and exit (kpti.h). The user PML4's address is kept in
 * the kernel PML4's slot KPTI_ROOT_SLOT as a not-present entry, which the
 * CPU ignores, so a VSpace is still named by one root.
 *
 * Global pages stay off with KPTI (a global kernel page would survive the
 * switch to the user tables). Where the CPU has PCID the kernel tables run
 * as PCID 0 and the user tables as PCID 1, and CR3 loads keep the other
 * PCID's entries (bit 63): a VSpace switch or an unmap of the current
 * VSpace flushes PCID 0 at once and PCID 1 at the next exit
 * (arch_cpu.user_cr3). On by default unless IA32_ARCH_CAPABILITIES reports
 * RDCL_NO; kernel-no-kpti builds leave it out. */
#ifndef ERIX_FEATURE_NO_KPTI
#define ERIX_FEATURE_NO_KPTI 0
#endif
#define MSR_ARCH_CAPABILITIES 0x10A
#define ARCH_CAP_RDCL_NO      1ull

static bool cpu_needs_kpti(void)
{
	uint32_t r[4];

	cpuid(0, 0, r);
	if (r[0] < 7)
		return true;
	cpuid(7, 0, r);
	if (!(r[3] & (1u << 29))) /* no IA32_ARCH_CAPABILITIES */
		return true;
	return !(rdmsr(MSR_ARCH_CAPABILITIES) & ARCH_CAP_RDCL_NO);
}

static bool cpu_has_pcid(void)
{
	uint32_t r[4];

	cpuid(1, 0, r);
	return (r[2] & (1u << 17)) != 0;
}

static bool in_range(vaddr_t va, const char *start, const char *end)
{
	return va >= (vaddr_t)(uintptr_t)start && va < (vaddr_t)(uintptr_t)end;
}

static int map_kpti_range(paddr_t kbase, const char *start, const char *end)
{
	for (vaddr_t va = (vaddr_t)(uintptr_t)start; va < (vaddr_t)(uintptr_t)end;
	     va += ERIX_PAGE_SIZE) {
		uint64_t *e;
		uint64_t flags = KFLAGS_DATA;
		int err;

		if (arch_is_guard_page(va))
			continue;
		if (in_range(va, __text_start, __text_end))
			flags = KFLAGS_TEXT;
		else if (arch_is_readonly_table(va))
			flags = KFLAGS_RODATA;
		err = pt_walk(arch_kpti_user_template, va, 1, PT_INTER_KERNEL, true, &e);
		if (err)
			return err;
		*e = (kbase + (va - (vaddr_t)(uintptr_t)__kernel_start)) | (flags & ~PTE_G);
		arch_kpti_pages++;
	}
	return ERIX_OK;
}

/* The user PML4 of the kernel-only root: what every VSpace's user PML4
 * starts from (arch_vspace_create copies its slot PML4_IMAGE). */
static int kpti_init(paddr_t kbase)
{
	uint64_t *kernel = (uint64_t *)arch_phys_to_virt(arch_kernel_pml4);
	int err;

	if (ERIX_FEATURE_NO_KPTI) {
		arch_kpti_reason = "build";
		return ERIX_OK;
	}
	if (!cpu_needs_kpti()) {
		arch_kpti_reason = "rdcl_no";
		return ERIX_OK;
	}
	arch_kpti_user_template = kmem_alloc_frame();
	if (!arch_kpti_user_template)
		return ERIX_ERR_NO_MEMORY;
	err = map_kpti_range(kbase, __kpti_text_start, __kpti_text_end);
	if (!err)
		err = map_kpti_range(kbase, __kpti_data_start, __kpti_data_end);
	if (!err)
		err = map_kpti_range(kbase, __kpti_bss_start, __kpti_bss_end);
	if (err)
		return err;
	kernel[KPTI_ROOT_SLOT] = arch_kpti_user_template; /* not present: see above */
	arch_kpti = true;
	arch_kpti_reason = "default";
	arch_pcid = cpu_has_pcid();
	return ERIX_OK;
}

/* Counts the leaves under a table of the user tables' kernel slot; false at
 * the first one that is user-accessible, global, a large page, outside the
 * KPTI sections, or writable in .kpti.text. */
static bool kpti_leaves_ok(uint64_t *t, unsigned level, vaddr_t base, unsigned *n)
{
	for (unsigned i = 0; i < PT_ENTRIES; i++) {
		vaddr_t va = base | ((vaddr_t)i << (ERIX_PAGE_SHIFT + 9 * (level - 1)));

		if (!(t[i] & PTE_P))
			continue;
		if ((t[i] & PTE_U) || (t[i] & PTE_PS))
			return false;
		if (level > 1) {
			if (!kpti_leaves_ok(pt_table(t[i]), level - 1, va, n))
				return false;
			continue;
		}
		if (t[i] & PTE_G)
			return false;
		if (in_range(va, __kpti_text_start, __kpti_text_end) ? (t[i] & PTE_W) != 0
		                                                     : !(t[i] & PTE_NX))
			return false;
		if (!in_range(va, __kpti_text_start, __kpti_text_end) &&
		    !in_range(va, __kpti_data_start, __kpti_data_end) &&
		    !in_range(va, __kpti_bss_start, __kpti_bss_end))
			return false;
		(*n)++;
	}
	return true;
}

/* The user tables the current VSpace runs on map of the kernel half only
 * the KPTI sections, exactly arch_kpti_pages of them (true without KPTI:
 * there are no user tables). */
bool arch_kpti_tables_ok(void)
{
	uint64_t *user;
	unsigned n = 0;

	if (!arch_kpti)
		return true;
	user = (uint64_t *)arch_phys_to_virt(this_cpu()->user_root);
	for (unsigned i = PML4_FIRST_KERNEL; i < PT_ENTRIES; i++) {
		if ((user[i] & PTE_P) && i != PML4_IMAGE)
			return false;
	}
	if (!(user[PML4_IMAGE] & PTE_P) ||
	    !kpti_leaves_ok(pt_table(user[PML4_IMAGE]), 3, 0xFFFFFF8000000000ull, &n))
		return false;
	return n == arch_kpti_pages && n > 0;
}

void arch_kpti_info(struct arch_kpti_info *info)
{
	info->on = arch_kpti;
	info->pcid = arch_pcid;
	info->why = arch_kpti_reason;
	info->pages = arch_kpti_pages;
}

int arch_paging_init(paddr_t kernel_phys_base, const struct arch_ram_range *ram, size_t n)
{
	paddr_t kend = kernel_phys_base + (uint64_t)(__kernel_end - __kernel_start);
	int err;

	if (paging_ready || (kernel_phys_base & PAGE_MASK))
		return ERIX_ERR_INVALID_ARGUMENT;
	arch_kernel_pml4 = kmem_alloc_frame();
	if (!arch_kernel_pml4)
		return ERIX_ERR_NO_MEMORY;
	err = precreate_kernel_slots(ram, n);
	if (!err)
		err = map_image(kernel_phys_base);
	if (!err)
		err = map_physmap_ram(kernel_phys_base, align_up(kend, ERIX_PAGE_SIZE), ram, n);
	if (!err)
		err = kpti_init(kernel_phys_base);
	if (err)
		return err; /* the frames stay allocated: the kernel stops anyway */
	write_cr3(arch_kernel_pml4);
	if (!arch_kpti)
		enable_global_pages();
	else if (arch_pcid)
		write_cr4(read_cr4() | CR4_PCIDE); /* CR3's PCID bits are 0 here */
	arch_cpus[0].cr3_noflush = arch_pcid ? CR3_NOFLUSH : 0;
	arch_cpus[0].user_pcid = arch_pcid ? KPTI_USER_PCID : 0;
	arch_vspace_load_root(arch_kernel_pml4);
	arch_cpus[0].kpti = arch_kpti;
	image_phys_base = kernel_phys_base;
	image_phys_end = align_up(kend, ERIX_PAGE_SIZE);
	paging_ready = true;
	return ERIX_OK;
}

int arch_translate(vaddr_t va, paddr_t *pa)
{
	uint64_t *table = (uint64_t *)arch_phys_to_virt(read_cr3() & PTE_ADDR);

	for (unsigned level = 4; level >= 1; level--) {
		uint64_t e = table[pt_index(va, level)];
		uint64_t span = 1ull << (ERIX_PAGE_SHIFT + 9 * (level - 1));

		if (!(e & PTE_P))
			return ERIX_ERR_NOT_FOUND;
		if (level == 1 || (level <= 3 && (e & PTE_PS))) {
			*pa = (e & PTE_ADDR & ~(span - 1)) | (va & (span - 1));
			return ERIX_OK;
		}
		table = pt_table(e);
	}
	return ERIX_ERR_NOT_FOUND;
}

bool paging_is_image_frame(paddr_t pa)
{
	return pa >= image_phys_base && pa < image_phys_end;
}

bool arch_paging_ready(void)
{
	return paging_ready;
}

paddr_t arch_kernel_root(void)
{
	return arch_kernel_pml4;
}

/* va lies in a 2 MiB page mapped uncached (by map_mmio_large), not in a
 * large RAM page of the physmap. */
static bool mmio_large_at(vaddr_t va)
{
	uint64_t *e;

	return pt_walk(arch_kernel_pml4, va, 2, PT_INTER_KERNEL, false, &e) == ERIX_OK &&
	       (*e & PTE_PS) && (*e & PTE_PCD);
}

/* A 2 MiB MMIO page at an aligned base, if its directory entry is free
 * (or already this mapping). 0: map this stretch with 4 KiB pages. */
static int map_mmio_large(vaddr_t va, paddr_t base)
{
	uint64_t *e;

	if (pt_walk(arch_kernel_pml4, va, 2, PT_INTER_KERNEL, true, &e))
		return 0;
	if (!(*e & PTE_P)) {
		*e = base | KFLAGS_MMIO | PTE_PS;
		invlpg(va);
		return 1;
	}
	/* Only an uncached large page of this very window is this mapping: a
	 * cached RAM page of the physmap never is. */
	return (*e & PTE_PS) && (*e & PTE_PCD) && (*e & PTE_ADDR) == base;
}

/* Large windows (the ECAM's 256 MiB) take 2 MiB pages where aligned: a
 * table frame per 2 MiB would cost the pool 128 frames and the boot the
 * time to fill 65,536 entries. */
int arch_map_mmio(paddr_t pa, uint64_t length)
{
	paddr_t base = pa & ~PAGE_MASK;
	paddr_t end;

	if (!paging_ready || length == 0 || length > PHYSMAP_MAX || pa > PHYSMAP_MAX - length)
		return ERIX_ERR_INVALID_ARGUMENT;
	end = align_up(pa + length, ERIX_PAGE_SIZE);
	while (base < end) {
		vaddr_t va = (vaddr_t)(uintptr_t)arch_phys_to_virt(base);
		uint64_t *pml4 = (uint64_t *)arch_phys_to_virt(arch_kernel_pml4);
		uint64_t *e;
		int err;

		/* New kernel-half slots would not reach existing VSpaces. */
		if (!(pml4[pt_index(va, 4)] & PTE_P))
			return ERIX_ERR_RANGE;
		if (!(base & (LARGE_PAGE_SIZE - 1)) && end - base >= LARGE_PAGE_SIZE &&
		    map_mmio_large(va, base)) {
			base += LARGE_PAGE_SIZE;
			continue;
		}
		err = pt_walk(arch_kernel_pml4, va, 1, PT_INTER_KERNEL, true, &e);
		if (err == ERIX_ERR_BUSY && mmio_large_at(va)) {
			base += ERIX_PAGE_SIZE; /* inside a 2 MiB MMIO page already */
			continue;
		}
		if (err)
			return err; /* ERIX_ERR_BUSY: RAM mapped with a large page */
		*e = base | KFLAGS_MMIO;
		invlpg(va);
		base += ERIX_PAGE_SIZE;
	}
	return ERIX_OK;
}

int arch_kstack_map(unsigned index, vaddr_t *top)
{
	vaddr_t guard = KSTACK_BASE + index * KSTACK_STRIDE;

	if (!paging_ready || index >= ARCH_MAX_KSTACKS + ARCH_MAX_CPUS || !top)
		return ERIX_ERR_INVALID_ARGUMENT;
	/* A slot mapped before (a reused thread slot) keeps its frames. */
	for (unsigned i = 1; i <= ARCH_KSTACK_PAGES; i++) {
		uint64_t *e;
		paddr_t frame;
		int err = pt_walk(arch_kernel_pml4, guard + i * ERIX_PAGE_SIZE, 1, PT_INTER_KERNEL,
		                  true, &e);

		if (err)
			return err;
		if (*e & PTE_P)
			continue;
		frame = kmem_alloc_frame();
		if (!frame)
			return ERIX_ERR_NO_MEMORY;
		*e = frame | KFLAGS_DATA;
	}
	*top = guard + (ARCH_KSTACK_PAGES + 1) * ERIX_PAGE_SIZE;
	return ERIX_OK;
}

/* The AP trampoline's page at its own address (paging goes on there),
 * executable, in the kernel's tables' user half, which is otherwise empty
 * (checked) and never copied into a VSpace. */
int paging_map_identity(paddr_t pa)
{
	uint64_t *pml4 = (uint64_t *)arch_phys_to_virt(arch_kernel_pml4), *e;
	int err;

	if (pml4[pt_index(pa, 4)] & PTE_P)
		return ERIX_ERR_BUSY;
	if ((err = pt_walk(arch_kernel_pml4, pa, 1, PT_INTER_KERNEL, true, &e)))
		return err;
	*e = pa | PTE_P | PTE_W;
	invlpg(pa);
	return ERIX_OK;
}

/* The mapping and the three tables it took go again. */
void paging_unmap_identity(paddr_t pa)
{
	uint64_t *pml4 = (uint64_t *)arch_phys_to_virt(arch_kernel_pml4);
	uint64_t *pdpt, *pd;

	if (!(pml4[pt_index(pa, 4)] & PTE_P))
		return;
	pdpt = pt_table(pml4[pt_index(pa, 4)]);
	pd = pt_table(pdpt[pt_index(pa, 3)]);
	kmem_free_frame(pd[pt_index(pa, 2)] & PTE_ADDR);
	kmem_free_frame(pdpt[pt_index(pa, 3)] & PTE_ADDR);
	kmem_free_frame(pml4[pt_index(pa, 4)] & PTE_ADDR);
	pml4[pt_index(pa, 4)] = 0;
	write_cr3(read_cr3());
}
