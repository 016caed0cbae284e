/* bl test builds (make BL_CORRUPT=<RULE>): after the handoff is finished,
 * break exactly one validator rule, mark the handoff as built by a smoke
 * loader and reseal it, so the kernel's validator must report that rule.
 * Normal builds compile nothing from this file. */
#include "bl.h"

#ifdef ERIX_BL_CORRUPT

#include <handoff/validate.h>

/* The rule arrives as an enum name, which #if cannot compare; pasting it
 * onto a prefix gives a macro that exists only for supported rules. */
#define BL_PASTE(a, b)                               a##b
#define BL_XPASTE(a, b)                              BL_PASTE(a, b)
#define BL_SUPPORTS_ERIX_HANDOFF_ERR_MAGIC           1
#define BL_SUPPORTS_ERIX_HANDOFF_ERR_VERSION         1
#define BL_SUPPORTS_ERIX_HANDOFF_ERR_CHECKSUM        1
#define BL_SUPPORTS_ERIX_HANDOFF_ERR_SECTION_MISSING 1
#define BL_SUPPORTS_ERIX_HANDOFF_ERR_MEM_ORDER       1
#define BL_SUPPORTS_ERIX_HANDOFF_ERR_MEM_OVERLAP     1
#define BL_SUPPORTS_ERIX_HANDOFF_ERR_KERNEL_COVER    1
#define BL_SUPPORTS_ERIX_HANDOFF_ERR_MODULE_NAME     1
#define BL_SUPPORTS_ERIX_HANDOFF_ERR_HANDOFF_COVER   1
#define BL_SUPPORTS_ERIX_HANDOFF_ERR_RSDP_CHECKSUM   1
#if BL_XPASTE(BL_SUPPORTS_, ERIX_BL_CORRUPT) != 1
#error "ERIX_BL_CORRUPT: bl cannot break this handoff rule"
#endif

static struct erix_handoff_header *header(struct bl_state *s)
{
	return (struct erix_handoff_header *)s->hb.buf;
}

static struct erix_handoff_section *section(struct bl_state *s, uint32_t type)
{
	struct erix_handoff_header *h = header(s);
	struct erix_handoff_section *t =
	    (struct erix_handoff_section *)(s->hb.buf + h->section_table_offset);

	for (uint32_t i = 0; i < h->section_count; i++)
		if (t[i].type == type)
			return &t[i];
	return 0;
}

static void *section_data(struct bl_state *s, uint32_t type, uint64_t *count)
{
	struct erix_handoff_section *sec = section(s, type);

	*count = sec ? sec->count : 0;
	return sec ? s->hb.buf + sec->offset : 0;
}

/* Retypes the map entry holding `base` so the range is no longer covered. */
static int uncover(struct bl_state *s, uint64_t base)
{
	uint64_t n;
	struct erix_mem_entry *m = section_data(s, ERIX_HANDOFF_SECTION_MEMMAP, &n);

	for (uint64_t i = 0; i < n; i++) {
		if (base >= m[i].base && base - m[i].base < m[i].length) {
			m[i].type = ERIX_MEM_RESERVED;
			return 0;
		}
	}
	return -1;
}

static int drop_last_section(struct bl_state *s)
{
	struct erix_handoff_header *h = header(s);
	struct erix_handoff_section *t =
	    (struct erix_handoff_section *)(s->hb.buf + h->section_table_offset);

	if (h->section_count == 0)
		return -1;
	h->section_count--;
	ZeroMem(&t[h->section_count], sizeof(*t));
	return 0;
}

static int break_mem(struct bl_state *s, int overlap)
{
	uint64_t n;
	struct erix_mem_entry *m = section_data(s, ERIX_HANDOFF_SECTION_MEMMAP, &n), t;

	if (n < 2)
		return -1;
	if (overlap) {
		m[0].length = m[1].base - m[0].base + BL_PAGE;
		return 0;
	}
	t = m[0];
	m[0] = m[1];
	m[1] = t;
	return 0;
}

static int break_module_name(struct bl_state *s)
{
	uint64_t n;
	struct erix_handoff_module *m = section_data(s, ERIX_HANDOFF_SECTION_MODULES, &n);

	if (n == 0)
		return -1;
	m[0].name[0] = 0;
	return 0;
}

static int break_rsdp(struct bl_state *s)
{
	uint64_t n;
	struct erix_handoff_acpi *a = section_data(s, ERIX_HANDOFF_SECTION_ACPI, &n);

	if (n == 0)
		return -1;
	a->rsdp[8] ^= 0xff; /* the ACPI 1.0 checksum byte */
	return 0;
}

static int apply(struct bl_state *s)
{
	struct erix_handoff_header *h = header(s);

	switch (ERIX_BL_CORRUPT) {
	case ERIX_HANDOFF_ERR_MAGIC:
		h->magic ^= 1;
		return 0;
	case ERIX_HANDOFF_ERR_VERSION:
		h->version_major++;
		return 0;
	case ERIX_HANDOFF_ERR_CHECKSUM:
		return 0; /* broken after the reseal below */
	case ERIX_HANDOFF_ERR_SECTION_MISSING:
		return drop_last_section(s); /* the memory map, added last */
	case ERIX_HANDOFF_ERR_MEM_ORDER:
		return break_mem(s, 0);
	case ERIX_HANDOFF_ERR_MEM_OVERLAP:
		return break_mem(s, 1);
	case ERIX_HANDOFF_ERR_KERNEL_COVER:
		return uncover(s, s->kernel.phys_base);
	case ERIX_HANDOFF_ERR_MODULE_NAME:
		return break_module_name(s);
	case ERIX_HANDOFF_ERR_HANDOFF_COVER:
		return uncover(s, s->handoff_phys);
	case ERIX_HANDOFF_ERR_RSDP_CHECKSUM:
		return break_rsdp(s);
	default:
		return -1;
	}
}

void bl_corrupt(struct bl_state *s)
{
	struct erix_handoff_header *h = header(s);

	if (apply(s)) {
		bl_fail(BL_FAIL_HANDOFF, 0, "BL_CORRUPT: this boot has nothing to break for ",
		        erix_handoff_err_name(ERIX_BL_CORRUPT), NULL);
		bl_halt();
	}
	h->flags |= ERIX_HANDOFF_F_SMOKE_LOADER;
	erix_hb_reseal(h);
	if (ERIX_BL_CORRUPT == ERIX_HANDOFF_ERR_CHECKSUM)
		h->checksum ^= 1;
	bl_print(ERIX_MARK_BL_CORRUPT, " rule=", erix_handoff_err_name(ERIX_BL_CORRUPT), NULL);
}

#else
typedef int bl_corrupt_unused; /* ISO C: a translation unit is not empty */
#endif
