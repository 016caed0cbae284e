/* bl test builds (make BL_CORRUPT=<RULE>): after the handoff is finished,
 * break exactly one validator rule (or one fact only the kernel can check
 * against itself), mark the handoff as built by a smoke loader and reseal
 * it, so the kernel must report exactly that rule.
 * Normal builds compile nothing from this file. */
#include "bl.h"

#ifdef ERIX_BL_CORRUPT

#include <handoff/validate.h>

/* Breakages the validator cannot see, numbered past its rules: the KERNEL
 * section stays self-consistent and covered, yet no longer describes the
 * image bl loaded, which the kernel checks against its own linker symbols
 * and page tables (ERIX_KERNEL:FAIL:KERNEL_IMAGE). Enum constants, not
 * macros, so that BL_XPASTE below pastes their names. */
enum {
	ERIX_HANDOFF_ERR_KERNEL_ENTRY = ERIX_HANDOFF_ERR_COUNT + 1, /* entry off by 16 */
	ERIX_HANDOFF_ERR_KERNEL_PHYS,                               /* phys_base off a page */
};
#define BL_RULE ((int)ERIX_BL_CORRUPT) /* one type for both kinds of rule */

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
#define BL_SUPPORTS_ERIX_HANDOFF_ERR_KERNEL_ENTRY    1
#define BL_SUPPORTS_ERIX_HANDOFF_ERR_KERNEL_PHYS     1
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

static struct erix_handoff_kernel *kernel_section(struct bl_state *s)
{
	uint64_t n;
	struct erix_handoff_kernel *k = section_data(s, ERIX_HANDOFF_SECTION_KERNEL, &n);

	return n ? k : 0;
}

static int break_kernel_entry(struct bl_state *s)
{
	struct erix_handoff_kernel *k = kernel_section(s);

	if (!k || k->entry + 16 - k->virt_base >= k->virt_size)
		return -1;
	k->entry += 16; /* still inside the image: only the kernel can tell */
	return 0;
}

/* Moves phys_base one page up or down and grows the KERNEL map entry by
 * that page, taken from the adjacent usable entry, so KERNEL_COVER, the
 * map's order and its disjointness still hold. */
static int break_kernel_phys(struct bl_state *s)
{
	uint64_t n;
	struct erix_mem_entry *m = section_data(s, ERIX_HANDOFF_SECTION_MEMMAP, &n);
	struct erix_handoff_kernel *k = kernel_section(s);

	for (uint64_t i = 0; k && i < n; i++) {
		if (m[i].type != ERIX_MEM_KERNEL || k->phys_base < m[i].base ||
		    k->phys_base - m[i].base >= m[i].length)
			continue;
		if (i + 1 < n && m[i + 1].type == ERIX_MEM_USABLE && m[i + 1].length > BL_PAGE &&
		    m[i + 1].base == m[i].base + m[i].length) {
			m[i].length += BL_PAGE;
			m[i + 1].base += BL_PAGE;
			m[i + 1].length -= BL_PAGE;
			k->phys_base += BL_PAGE;
			return 0;
		}
		if (i > 0 && m[i - 1].type == ERIX_MEM_USABLE && m[i - 1].length > BL_PAGE &&
		    m[i - 1].base + m[i - 1].length == m[i].base) {
			m[i - 1].length -= BL_PAGE;
			m[i].base -= BL_PAGE;
			m[i].length += BL_PAGE;
			k->phys_base -= BL_PAGE;
			return 0;
		}
	}
	return -1;
}

static const char *rule_name(void)
{
	switch (BL_RULE) {
	case ERIX_HANDOFF_ERR_KERNEL_ENTRY:
		return "KERNEL_ENTRY";
	case ERIX_HANDOFF_ERR_KERNEL_PHYS:
		return "KERNEL_PHYS";
	default:
		return erix_handoff_err_name((enum erix_handoff_err)BL_RULE);
	}
}

static int apply(struct bl_state *s)
{
	struct erix_handoff_header *h = header(s);

	switch (BL_RULE) {
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
	case ERIX_HANDOFF_ERR_KERNEL_ENTRY:
		return break_kernel_entry(s);
	case ERIX_HANDOFF_ERR_KERNEL_PHYS:
		return break_kernel_phys(s);
	default:
		return -1;
	}
}

void bl_corrupt(struct bl_state *s)
{
	struct erix_handoff_header *h = header(s);

	if (apply(s)) {
		bl_fail(BL_FAIL_HANDOFF, 0, "BL_CORRUPT: this boot has nothing to break for ",
		        rule_name(), NULL);
		bl_halt();
	}
	h->flags |= ERIX_HANDOFF_F_SMOKE_LOADER;
	erix_hb_reseal(h);
	if (BL_RULE == ERIX_HANDOFF_ERR_CHECKSUM)
		h->checksum ^= 1;
	bl_print(ERIX_MARK_BL_CORRUPT, " rule=", rule_name(), NULL);
}

#else
typedef int bl_corrupt_unused; /* ISO C: a translation unit is not empty */
#endif
