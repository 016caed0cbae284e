/* bl: the handoff. Prepared before ExitBootServices (pages, every section
 * but the memory map's contents), completed after it from the final map:
 * translate, normalise, carve the ranges bl owns, finish. */
#include <handoff/memmap.h>

#include "bl.h"

#define CARVE_MAX (ERIX_HANDOFF_MAX_MODULES + 4) /* kernel, handoff, tables, fb */

static uint64_t align8(uint64_t v)
{
	return (v + 7) & ~7ull;
}

static uint64_t handoff_bytes(const struct bl_state *s)
{
	uint64_t b = align8(sizeof(struct erix_handoff_header)) +
	             ERIX_HANDOFF_MAX_SECTIONS * sizeof(struct erix_handoff_section);

	b += align8(sizeof(struct erix_handoff_loader));
	b += align8(sizeof(struct erix_handoff_kernel));
	b += align8(sizeof(struct erix_handoff_page_tables));
	b += align8(s->cfg.module_count * sizeof(struct erix_handoff_module));
	b += s->have_fb ? align8(sizeof(struct erix_handoff_framebuffer)) : 0;
	b += s->have_acpi ? align8(sizeof(struct erix_handoff_acpi)) : 0;
	b += align8(s->digest_count * sizeof(struct erix_handoff_digest));
	b += align8(s->mem_capacity * sizeof(struct erix_mem_entry));
	return b;
}

static int add_copy(struct erix_hb *hb, uint32_t type, const void *src, uint32_t size)
{
	void *dst = erix_hb_add(hb, type, size, 1);

	if (!dst)
		return -1;
	CopyMem(dst, src, size);
	return 0;
}

static int add_modules(struct bl_state *s)
{
	struct erix_handoff_module *m;

	m = erix_hb_add(&s->hb, ERIX_HANDOFF_SECTION_MODULES, sizeof(*m), s->cfg.module_count);
	if (!m)
		return -1;
	for (uint32_t i = 0; i < s->cfg.module_count; i++) {
		const struct bl_module *src = &s->cfg.modules[i];

		m[i].phys_base = src->phys;
		m[i].size = src->size;
		CopyMem(m[i].name, src->name, sizeof(m[i].name));
		CopyMem(m[i].cmdline, src->cmdline, sizeof(m[i].cmdline));
	}
	return 0;
}

static int add_digests(struct bl_state *s)
{
	struct erix_handoff_digest *d;

	d = erix_hb_add(&s->hb, ERIX_HANDOFF_SECTION_DIGESTS, sizeof(*d), s->digest_count);
	if (!d)
		return -1;
	CopyMem(d, s->digests, s->digest_count * sizeof(*d));
	if (s->secure_boot)
		((struct erix_handoff_header *)s->hb.buf)->flags |= ERIX_HANDOFF_F_SECURE_BOOT;
	return 0;
}

/* Every section except the memory map is final here; the map section is
 * reserved last at full capacity and shrunk once the real count is known. */
static int add_sections(struct bl_state *s)
{
	s->loader = erix_hb_add(&s->hb, ERIX_HANDOFF_SECTION_LOADER, sizeof(*s->loader), 1);
	if (!s->loader)
		return -1;
	s->loader->loader_version = ERIX_LOADER_VERSION;
	s->loader->firmware_revision = s->st->FirmwareRevision;
	s->loader->tsc_loader_start = s->tsc_start;
	if (add_copy(&s->hb, ERIX_HANDOFF_SECTION_KERNEL, &s->kernel, sizeof(s->kernel)) ||
	    add_copy(&s->hb, ERIX_HANDOFF_SECTION_PAGE_TABLES, &s->pt, sizeof(s->pt)) ||
	    add_modules(s))
		return -1;
	if (s->have_fb && add_copy(&s->hb, ERIX_HANDOFF_SECTION_FRAMEBUFFER, &s->fb, sizeof(s->fb)))
		return -1;
	if (s->have_acpi && add_copy(&s->hb, ERIX_HANDOFF_SECTION_ACPI, &s->acpi, sizeof(s->acpi)))
		return -1;
	if (add_digests(s))
		return -1;
	s->mem_section = erix_hb_add(&s->hb, ERIX_HANDOFF_SECTION_MEMMAP,
	                             sizeof(struct erix_mem_entry), s->mem_capacity);
	return s->mem_section ? 0 : -1;
}

static uint64_t page_down(uint64_t v)
{
	return v & ~(BL_PAGE - 1);
}

/* Carving stops at the first failure: ERIX_MEMMAP_FAIL or _REFUSED. */
static size_t carve(struct bl_state *s, size_t n, uint64_t base, uint64_t size, uint32_t type)
{
	uint64_t start = page_down(base), end = page_down(base + size + BL_PAGE - 1);

	if (n == ERIX_MEMMAP_FAIL || n == ERIX_MEMMAP_REFUSED)
		return n;
	return erix_memmap_carve(s->scratch, n, s->mem_capacity, start, end - start, type);
}

/* The framebuffer may take only gaps and MMIO (erix_memmap_carve refuses
 * anything else, which would become device untyped). Tried on the current
 * map, before ExitBootServices: a refused framebuffer is left out of the
 * handoff (it is optional). Later firmware allocations take only usable
 * RAM, which was refused here already, so the final carve agrees. */
static void check_framebuffer(struct bl_state *s)
{
	size_t n;
	char b[19], z[19];

	if (!s->have_fb)
		return;
	n = bl_map_translate(s, s->scratch, s->mem_capacity);
	if (carve(s, n, s->fb.base, s->fb.size, ERIX_MEM_FRAMEBUFFER) != ERIX_MEMMAP_REFUSED)
		return;
	bl_print(ERIX_MARK_BL_FB_REFUSED, " base=", bl_hex(b, s->fb.base),
	         " size=", bl_hex(z, s->fb.size),
	         " overlaps memory that is not MMIO: no framebuffer", NULL);
	s->have_fb = 0;
}

EFI_STATUS bl_handoff_prepare(struct bl_state *s)
{
	EFI_STATUS st;

	s->mem_capacity = bl_map_count(s) + BL_MAP_SLACK_ENTRIES;
	s->scratch_pages = BL_PAGES(s->mem_capacity * sizeof(struct erix_mem_entry));
	st = bl_alloc_pages(s, s->scratch_pages, &s->scratch_phys);
	if (EFI_ERROR(st))
		return bl_fail(BL_FAIL_OUT_OF_MEMORY, st, "no pages for the handoff", NULL);
	s->scratch = (struct erix_mem_entry *)(uintptr_t)s->scratch_phys;
	check_framebuffer(s);
	s->handoff_pages = BL_PAGES(handoff_bytes(s));
	if (s->handoff_pages > ERIX_HANDOFF_MAX_PAGES)
		return bl_fail(BL_FAIL_HANDOFF, EFI_BAD_BUFFER_SIZE,
		               "memory map too large for ERIX_HANDOFF_MAX_PAGES", NULL);
	st = bl_alloc_pages(s, s->handoff_pages, &s->handoff_phys);
	if (EFI_ERROR(st))
		return bl_fail(BL_FAIL_OUT_OF_MEMORY, st, "no pages for the handoff", NULL);
	if (erix_hb_init(&s->hb, (void *)(uintptr_t)s->handoff_phys, s->handoff_pages * BL_PAGE,
	                 s->handoff_phys) ||
	    add_sections(s))
		return bl_fail(BL_FAIL_HANDOFF, EFI_BAD_BUFFER_SIZE,
		               "sections do not fit the handoff pages", NULL);
	return EFI_SUCCESS;
}

/* Whether the final map leaves room for the worst-case carving. */
int bl_handoff_map_fits(const struct bl_state *s)
{
	return bl_map_count(s) + 2 * CARVE_MAX <= s->mem_capacity;
}

/* Runs after ExitBootServices: pure computation on memory bl owns. */
static size_t build_map(struct bl_state *s)
{
	size_t n = bl_map_translate(s, s->scratch, s->mem_capacity);

	if (n != ERIX_MEMMAP_FAIL)
		n = erix_memmap_normalize(s->scratch, n, s->mem_capacity);
	n = carve(s, n, s->kernel.phys_base, s->kernel.phys_size, ERIX_MEM_KERNEL);
	for (uint32_t i = 0; i < s->cfg.module_count; i++)
		n = carve(s, n, s->cfg.modules[i].phys, s->cfg.modules[i].size, ERIX_MEM_MODULE);
	n = carve(s, n, s->handoff_phys, s->handoff_pages * BL_PAGE, ERIX_MEM_HANDOFF);
	n = carve(s, n, s->pt.phys_base, s->pt.size, ERIX_MEM_PAGE_TABLES);
	if (s->have_fb)
		n = carve(s, n, s->fb.base, s->fb.size, ERIX_MEM_FRAMEBUFFER);
	return n;
}

EFI_STATUS bl_handoff_complete(struct bl_state *s, uint32_t *pages)
{
	size_t n = build_map(s);

	if (n == ERIX_MEMMAP_REFUSED) /* unreachable: check_framebuffer saw this map's type */
		return bl_fail(BL_FAIL_HANDOFF, EFI_BAD_BUFFER_SIZE,
		               "framebuffer overlaps memory that is not MMIO", NULL);
	if (n == ERIX_MEMMAP_FAIL || n == 0)
		return bl_fail(BL_FAIL_HANDOFF, EFI_BAD_BUFFER_SIZE,
		               "final memory map does not fit its section", NULL);
	CopyMem(s->mem_section, s->scratch, n * sizeof(struct erix_mem_entry));
	if (erix_hb_set_count(&s->hb, ERIX_HANDOFF_SECTION_MEMMAP, n))
		return bl_fail(BL_FAIL_HANDOFF, EFI_BAD_BUFFER_SIZE, "memmap section missing",
		               NULL);
	*pages = erix_hb_finish(&s->hb);
	return EFI_SUCCESS;
}
