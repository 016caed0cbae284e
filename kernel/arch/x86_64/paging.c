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
#define PML4_IMAGE  511

#define KFLAGS_TEXT   (PTE_P | PTE_G)
#define KFLAGS_RODATA (PTE_P | PTE_G | PTE_NX)
#define KFLAGS_DATA   (PTE_P | PTE_W | PTE_G | PTE_NX)
#define KFLAGS_MMIO   (PTE_P | PTE_W | PTE_G | PTE_NX | PTE_PCD | PTE_PWT)

extern char __kernel_start[], __kernel_end[], __text_start[], __text_end[];
extern char __rodata_start[], __rodata_end[], __data_start[], __data_end[];

paddr_t arch_kernel_pml4;
static bool paging_ready;
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
	if (err)
		return err; /* the frames stay allocated: the kernel stops anyway */
	write_cr3(arch_kernel_pml4);
	enable_global_pages();
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

	if (!paging_ready || index >= ARCH_MAX_KSTACKS || !top)
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
