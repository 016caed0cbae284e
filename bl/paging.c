/* bl: the boot page tables the kernel starts on. All table pages sit in one
 * contiguous range: PML4, one PDPT shared by the identity map (PML4[0]) and
 * the physmap (the PML4 slot of ERIX_PHYSMAP_BASE), its 2 MiB-page PDs, and
 * the kernel image's 4 KiB mapping under PML4[511]. No 1 GiB pages (TCG's
 * qemu64 lacks them) and no NX bits (EFER.NXE may be off). */
#include <erix/layout.h>

#include "bl.h"
#include "cpu.h"

#define PTE_P          0x1ull
#define PTE_W          0x2ull
#define PTE_PS         0x80ull
#define PTE_ADDR       0x000FFFFFFFFFF000ull
#define GIB            (1ull << 30)
#define MIB2           (1ull << 21)
#define CR4_LA57       (1ull << 12)
/* The kernel reads up to this much at the handoff before it trusts the
 * handoff's own total_size (kernel/boot.c, handoff_window). */
#define HANDOFF_WINDOW ((uint64_t)ERIX_HANDOFF_MAX_PAGES * BL_PAGE)

struct pt_pool {
	uint64_t next; /* physical address of the next free table page */
};

static uint64_t idx(uint64_t va, int level)
{
	return (va >> (12 + 9 * level)) & 511;
}

static uint64_t *table(uint64_t phys)
{
	return (uint64_t *)(uintptr_t)phys;
}

/* The entry's table, taken from the pool when not present yet. The pool was
 * sized for the worst case, so it cannot run dry. */
static uint64_t *next_level(uint64_t *entry, struct pt_pool *pool)
{
	if (!(*entry & PTE_P)) {
		*entry = pool->next | PTE_P | PTE_W;
		pool->next += BL_PAGE;
	}
	return table(*entry & PTE_ADDR);
}

/* What bl must map: the RAM the map names (bl_map_top; the kernel, modules,
 * handoff and tables sit in it) and the framebuffer. MMIO and reserved
 * ranges above that are passed on in the map, unmapped, wherever they lie.
 * Below ERIX_BOOT_MAP_MIN the kernel's handoff window stops at that bound;
 * above it the window may run HANDOFF_WINDOW past the end of RAM, so RAM
 * reaching past ERIX_BOOT_MAP_MIN gets that margin (unless the margin alone
 * would cross ERIX_BOOT_MAP_MAX). */
static uint64_t map_top(const struct bl_state *s)
{
	uint64_t top = ERIX_BOOT_MAP_MIN, map = bl_map_top(s);

	if (map > top)
		top = map <= ERIX_BOOT_MAP_MAX - HANDOFF_WINDOW ? map + HANDOFF_WINDOW : map;
	if (s->have_fb && s->fb.base + s->fb.size > top)
		top = s->fb.base + s->fb.size;
	if (top > ~0ull - (GIB - 1))
		return ~0ull;
	return (top + GIB - 1) & ~(GIB - 1);
}

static uint64_t span_count(uint64_t start, uint64_t end, int shift)
{
	return ((end - 1) >> shift) - (start >> shift) + 1;
}

static void map_identity(uint64_t *pml4, uint64_t pdpt, uint64_t pds, uint64_t gib)
{
	for (uint64_t g = 0; g < gib; g++) {
		uint64_t *pd = table(pds + g * BL_PAGE);

		table(pdpt)[g] = (pds + g * BL_PAGE) | PTE_P | PTE_W;
		for (uint64_t i = 0; i < 512; i++)
			pd[i] = (g * GIB + i * MIB2) | PTE_P | PTE_W | PTE_PS;
	}
	pml4[0] = pdpt | PTE_P | PTE_W;
	pml4[idx(ERIX_PHYSMAP_BASE, 3)] = pdpt | PTE_P | PTE_W;
}

static void map_kernel(uint64_t *pml4, const struct erix_handoff_kernel *k, struct pt_pool *pool)
{
	for (uint64_t off = 0; off < k->virt_size; off += BL_PAGE) {
		uint64_t va = k->virt_base + off;
		uint64_t *pdpt = next_level(&pml4[idx(va, 3)], pool);
		uint64_t *pd = next_level(&pdpt[idx(va, 2)], pool);
		uint64_t *pt = next_level(&pd[idx(va, 1)], pool);

		pt[idx(va, 0)] = (k->phys_base + off) | PTE_P | PTE_W;
	}
}

EFI_STATUS bl_paging_build(struct bl_state *s)
{
	uint64_t top = map_top(s), gib, kstart = s->kernel.virt_base, pages, base;
	uint64_t kend = kstart + s->kernel.virt_size;
	struct pt_pool pool;
	char hex[19];
	EFI_STATUS st;

	/* Under 5-level paging CR3 names a PML5, and bl cannot leave that
	 * mode (it needs paging off, i.e. leaving long mode). */
	if (bl_read_cr4() & CR4_LA57)
		return bl_fail(BL_FAIL_PAGE_TABLES, EFI_UNSUPPORTED,
		               "firmware runs with 5-level paging (CR4.LA57)", NULL);
	if (top > ERIX_BOOT_MAP_MAX)
		return bl_fail(BL_FAIL_PAGE_TABLES, EFI_UNSUPPORTED, "RAM top=", bl_hex(hex, top),
		               " beyond ERIX_BOOT_MAP_MAX", NULL);
	gib = top / GIB;
	/* PML4 + identity PDPT + identity PDs + kernel PDPT, PDs and PTs */
	pages = 2 + gib + 1 + span_count(kstart, kend, 30) + span_count(kstart, kend, 21);
	st = bl_alloc_pages(s, pages, &base);
	if (EFI_ERROR(st))
		return bl_fail(BL_FAIL_OUT_OF_MEMORY, st, "no pages for the boot page tables",
		               NULL);
	ZeroMem(table(base), pages * BL_PAGE);
	map_identity(table(base), base + BL_PAGE, base + 2 * BL_PAGE, gib);
	pool.next = base + (2 + gib) * BL_PAGE;
	map_kernel(table(base), &s->kernel, &pool);
	s->pt.phys_base = base;
	s->pt.size = pages * BL_PAGE;
	s->pt.cr3 = base;
	return EFI_SUCCESS;
}
