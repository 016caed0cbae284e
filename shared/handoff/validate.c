/* Handoff validator: the kernel's only gate between bl's bytes and its own
 * state. Checks every rule of ERIX_HANDOFF_RULES, never reads outside
 * [buf, buf + min(buf_len, total_size)), overflow-safe, freestanding. */
#include "validate.h"

#include "crc32c.h"
#include <erix/layout.h>

#define PAGE     ((uint64_t)ERIX_HANDOFF_PAGE_SIZE)
#define HDR_SIZE ((uint64_t)sizeof(struct erix_handoff_header))
#define SEC_SIZE ((uint64_t)sizeof(struct erix_handoff_section))
#define N_KNOWN  9 /* section types 1..8 index a table of this size */

#define OK         ERIX_HANDOFF_ERR_OK
#define FAIL(rule) ERIX_HANDOFF_ERR_##rule
#define TRY(expr)                                                                                  \
	do {                                                                                       \
		enum erix_handoff_err err_ = (expr);                                               \
		if (err_ != OK)                                                                    \
			return err_;                                                               \
	} while (0)

/* What the validator knows about a section type: entry size, how many
 * entries it may have, and whether the handoff must carry it. */
struct known_section {
	uint32_t entry_size;
	uint64_t max_count; /* 0: any */
	uint8_t exactly_one;
	uint8_t required;
};

static const struct known_section known[N_KNOWN] = {
    [ERIX_HANDOFF_SECTION_MEMMAP] = {sizeof(struct erix_mem_entry), 0, 0, 1},
    [ERIX_HANDOFF_SECTION_FRAMEBUFFER] = {sizeof(struct erix_handoff_framebuffer), 1, 1, 0},
    [ERIX_HANDOFF_SECTION_ACPI] = {sizeof(struct erix_handoff_acpi), 1, 1, 0},
    [ERIX_HANDOFF_SECTION_MODULES] = {sizeof(struct erix_handoff_module), ERIX_HANDOFF_MAX_MODULES,
                                      0, 1},
    [ERIX_HANDOFF_SECTION_KERNEL] = {sizeof(struct erix_handoff_kernel), 1, 1, 1},
    [ERIX_HANDOFF_SECTION_PAGE_TABLES] = {sizeof(struct erix_handoff_page_tables), 1, 1, 1},
    [ERIX_HANDOFF_SECTION_LOADER] = {sizeof(struct erix_handoff_loader), 1, 1, 1},
    [ERIX_HANDOFF_SECTION_DIGESTS] = {sizeof(struct erix_handoff_digest), ERIX_HANDOFF_MAX_DIGESTS,
                                      0, 0},
};

struct ctx {
	const uint8_t *buf;
	uint64_t total;
	const struct erix_handoff_header *h;
	const struct erix_handoff_section *table;
	const struct erix_handoff_section *by_type[N_KNOWN];
	const struct erix_mem_entry *mem;
	uint64_t mem_count;
};

static int is_known(uint32_t type)
{
	return type > 0 && type < N_KNOWN;
}

static int page_aligned(uint64_t v)
{
	return v % PAGE == 0;
}

/* [base, base + size) is representable (end <= UINT64_MAX). */
static int no_wrap(uint64_t base, uint64_t size)
{
	return size <= UINT64_MAX - base;
}

/* As no_wrap, and the end rounded up to a page is representable too. */
static int no_wrap_pages(uint64_t base, uint64_t size)
{
	return no_wrap(base, size) && base + size <= UINT64_MAX - (PAGE - 1);
}

static uint64_t page_up(uint64_t v)
{
	return (v + PAGE - 1) & ~(PAGE - 1);
}

/* ---------------------------------------------------------------- header */

static enum erix_handoff_err check_header_size(const struct erix_handoff_header *h)
{
	if (h->version_minor <= ERIX_HANDOFF_VERSION_MINOR)
		return h->header_size == HDR_SIZE ? OK : FAIL(HEADER_SIZE);
	/* A newer minor may grow the header, within page 0. */
	if (h->header_size < HDR_SIZE || h->header_size % 8 != 0 || h->header_size > PAGE)
		return FAIL(HEADER_SIZE);
	return OK;
}

static enum erix_handoff_err check_checksum(const struct ctx *c)
{
	static const uint8_t zero[sizeof(c->h->checksum)];
	uint64_t at = offsetof(struct erix_handoff_header, checksum);
	uint64_t after = at + sizeof(zero);
	uint32_t crc = erix_crc32c(0, c->buf, at);

	crc = erix_crc32c(crc, zero, sizeof(zero));
	crc = erix_crc32c(crc, c->buf + after, c->total - after);
	return crc == c->h->checksum ? OK : FAIL(CHECKSUM);
}

static enum erix_handoff_err check_header(struct ctx *c, uint64_t buf_len, uint64_t phys)
{
	const struct erix_handoff_header *h = c->h;

	if (buf_len < HDR_SIZE)
		return FAIL(TOTAL_SIZE);
	if (h->magic != ERIX_HANDOFF_MAGIC)
		return FAIL(MAGIC);
	if (h->version_major != ERIX_HANDOFF_VERSION_MAJOR)
		return FAIL(VERSION);
	TRY(check_header_size(h));
	if (h->total_size == 0 || !page_aligned(h->total_size) || h->total_size > buf_len)
		return FAIL(TOTAL_SIZE);
	if (h->page_count != h->total_size / PAGE || h->page_count > ERIX_HANDOFF_MAX_PAGES)
		return FAIL(PAGE_COUNT);
	c->total = h->total_size;
	TRY(check_checksum(c));
	if (h->handoff_phys != phys || !page_aligned(phys))
		return FAIL(ADDRESS);
	return OK;
}

/* -------------------------------------------------------------- sections */

static enum erix_handoff_err check_table(struct ctx *c)
{
	const struct erix_handoff_header *h = c->h;
	uint64_t off = h->section_table_offset;

	if (h->section_count == 0 || h->section_count > ERIX_HANDOFF_MAX_SECTIONS)
		return FAIL(SECTION_TABLE);
	if (off < h->header_size || off % ERIX_HANDOFF_SECTION_ALIGN != 0 || off > c->total ||
	    h->section_count * SEC_SIZE > c->total - off)
		return FAIL(SECTION_TABLE);
	c->table = (const struct erix_handoff_section *)(c->buf + off);
	return OK;
}

/* size == entry_size * count without overflow. */
static int size_matches(const struct erix_handoff_section *s)
{
	if (s->count == 0)
		return s->size == 0;
	return s->size / s->count == s->entry_size && s->size % s->count == 0;
}

static enum erix_handoff_err check_entries(const struct erix_handoff_section *s)
{
	const struct known_section *k = is_known(s->type) ? &known[s->type] : 0;

	if (!size_matches(s))
		return FAIL(ENTRY_SIZE);
	if (!k)
		return OK; /* newer minor's type: bounds and size only */
	if (s->entry_size != k->entry_size)
		return FAIL(ENTRY_SIZE);
	if ((k->exactly_one && s->count != 1) || (k->max_count && s->count > k->max_count))
		return FAIL(ENTRY_SIZE);
	return OK;
}

static enum erix_handoff_err check_section(const struct ctx *c,
                                           const struct erix_handoff_section *s)
{
	if (s->offset > c->total || s->size > c->total - s->offset)
		return FAIL(SECTION_BOUNDS);
	if (s->offset % ERIX_HANDOFF_SECTION_ALIGN != 0)
		return FAIL(SECTION_ALIGN);
	return check_entries(s);
}

/* Half-open ranges; an empty range overlaps nothing. */
static int overlaps(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
	return alen && blen && a < b + blen && b < a + alen;
}

/* Section ranges are inside total_size here, so none of the sums wrap. */
static enum erix_handoff_err check_overlap(const struct ctx *c)
{
	const struct erix_handoff_header *h = c->h;
	uint64_t n = h->section_count;

	for (uint64_t i = 0; i < n; i++) {
		const struct erix_handoff_section *s = &c->table[i];

		if (overlaps(s->offset, s->size, 0, h->header_size) ||
		    overlaps(s->offset, s->size, h->section_table_offset, n * SEC_SIZE))
			return FAIL(SECTION_OVERLAP);
		for (uint64_t j = i + 1; j < n; j++)
			if (overlaps(s->offset, s->size, c->table[j].offset, c->table[j].size))
				return FAIL(SECTION_OVERLAP);
	}
	return OK;
}

static enum erix_handoff_err check_presence(struct ctx *c)
{
	for (uint32_t i = 0; i < c->h->section_count; i++) {
		const struct erix_handoff_section *s = &c->table[i];

		if (!is_known(s->type))
			continue;
		if (c->by_type[s->type])
			return FAIL(SECTION_DUPLICATE);
		c->by_type[s->type] = s;
	}
	for (uint32_t t = 1; t < N_KNOWN; t++)
		if (known[t].required && !c->by_type[t])
			return FAIL(SECTION_MISSING);
	return OK;
}

static enum erix_handoff_err check_sections(struct ctx *c)
{
	TRY(check_table(c));
	for (uint32_t i = 0; i < c->h->section_count; i++)
		TRY(check_section(c, &c->table[i]));
	TRY(check_overlap(c));
	return check_presence(c);
}

static const void *section_data(const struct ctx *c, uint32_t type)
{
	const struct erix_handoff_section *s = c->by_type[type];

	return s ? c->buf + s->offset : 0;
}

/* ------------------------------------------------------------ memory map */

static enum erix_handoff_err check_mem_entry(const struct erix_mem_entry *e,
                                             const struct erix_mem_entry *prev)
{
	if (e->length == 0)
		return FAIL(MEM_EMPTY);
	if (!page_aligned(e->base) || !page_aligned(e->length))
		return FAIL(MEM_ALIGN);
	if (!no_wrap(e->base, e->length))
		return FAIL(MEM_WRAP);
	if (e->type == 0 || e->type > ERIX_MEM_TYPE_MAX)
		return FAIL(MEM_TYPE);
	if (prev && e->base < prev->base)
		return FAIL(MEM_ORDER);
	if (prev && e->base < prev->base + prev->length)
		return FAIL(MEM_OVERLAP);
	return OK;
}

static enum erix_handoff_err check_memmap(struct ctx *c)
{
	c->mem = section_data(c, ERIX_HANDOFF_SECTION_MEMMAP);
	c->mem_count = c->by_type[ERIX_HANDOFF_SECTION_MEMMAP]->count;
	if (c->mem_count == 0)
		return FAIL(MEM_EMPTY);
	for (uint64_t i = 0; i < c->mem_count; i++)
		TRY(check_mem_entry(&c->mem[i], i ? &c->mem[i - 1] : 0));
	return OK;
}

/* Every byte of [base, base + len) lies in entries of `type` (several
 * adjacent ones allowed). The map is sorted and disjoint here, so a binary
 * search finds the first candidate and a walk over touching entries the rest.
 * The caller guarantees base + len does not wrap. */
static int covered(const struct ctx *c, uint64_t base, uint64_t len, uint32_t type)
{
	const struct erix_mem_entry *m = c->mem;
	uint64_t lo = 0, hi = c->mem_count, end = base + len;

	while (lo < hi) { /* first entry with base > `base` */
		uint64_t mid = lo + (hi - lo) / 2;
		if (m[mid].base <= base)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0)
		return 0;
	for (uint64_t i = lo - 1, at = base; at < end; i++) {
		if (i == c->mem_count || m[i].type != type || m[i].base > at ||
		    m[i].base + m[i].length <= at)
			return 0;
		at = m[i].base + m[i].length;
	}
	return 1;
}

/* ---------------------------------------------------- kernel, handoff, pt */

static enum erix_handoff_err check_kernel(const struct ctx *c)
{
	const struct erix_handoff_kernel *k = section_data(c, ERIX_HANDOFF_SECTION_KERNEL);

	if (!page_aligned(k->phys_base) || !page_aligned(k->phys_size) ||
	    !page_aligned(k->virt_base) || !page_aligned(k->virt_size) || k->phys_size == 0 ||
	    k->phys_size != k->virt_size || !no_wrap(k->phys_base, k->phys_size) ||
	    !no_wrap(k->virt_base, k->virt_size) || k->virt_base < ERIX_KERNEL_VIRT_BASE ||
	    k->entry < k->virt_base || k->entry - k->virt_base >= k->virt_size)
		return FAIL(KERNEL_RANGE);
	if (!covered(c, k->phys_base, k->phys_size, ERIX_MEM_KERNEL))
		return FAIL(KERNEL_COVER);
	return OK;
}

static enum erix_handoff_err check_handoff_cover(const struct ctx *c)
{
	/* handoff_phys is page aligned (ADDRESS); total_size is bounded. */
	if (!no_wrap(c->h->handoff_phys, c->total) ||
	    !covered(c, c->h->handoff_phys, c->total, ERIX_MEM_HANDOFF))
		return FAIL(HANDOFF_COVER);
	return OK;
}

static enum erix_handoff_err check_page_tables(const struct ctx *c)
{
	const struct erix_handoff_page_tables *p =
	    section_data(c, ERIX_HANDOFF_SECTION_PAGE_TABLES);

	if (!page_aligned(p->phys_base) || !page_aligned(p->size) || p->size == 0 ||
	    !no_wrap(p->phys_base, p->size) || !page_aligned(p->cr3) || p->cr3 < p->phys_base ||
	    p->cr3 - p->phys_base >= p->size)
		return FAIL(PAGE_TABLES_RANGE);
	if (!covered(c, p->phys_base, p->size, ERIX_MEM_PAGE_TABLES))
		return FAIL(PAGE_TABLES_COVER);
	return OK;
}

/* ---------------------------------------------------------------- modules */

/* Length of the NUL-terminated string in s[0, cap), or cap if unterminated. */
static uint64_t bounded_len(const char *s, uint64_t cap)
{
	uint64_t n = 0;

	while (n < cap && s[n])
		n++;
	return n;
}

static int same_name(const char *a, const char *b)
{
	uint64_t i = 0;

	while (i < ERIX_HANDOFF_MODULE_NAME_MAX && a[i] == b[i] && a[i])
		i++;
	return i == ERIX_HANDOFF_MODULE_NAME_MAX || a[i] == b[i];
}

static enum erix_handoff_err check_module(const struct ctx *c, const struct erix_handoff_module *m)
{
	uint64_t name_len = bounded_len(m->name, ERIX_HANDOFF_MODULE_NAME_MAX);

	if (!page_aligned(m->phys_base) || m->size == 0 || !no_wrap_pages(m->phys_base, m->size))
		return FAIL(MODULE_RANGE);
	if (!covered(c, m->phys_base, page_up(m->phys_base + m->size) - m->phys_base,
	             ERIX_MEM_MODULE))
		return FAIL(MODULE_COVER);
	if (name_len == 0 || name_len == ERIX_HANDOFF_MODULE_NAME_MAX)
		return FAIL(MODULE_NAME);
	if (bounded_len(m->cmdline, ERIX_HANDOFF_MODULE_CMDLINE_MAX) ==
	    ERIX_HANDOFF_MODULE_CMDLINE_MAX)
		return FAIL(MODULE_CMDLINE);
	return OK;
}

static enum erix_handoff_err check_modules(const struct ctx *c)
{
	const struct erix_handoff_module *m = section_data(c, ERIX_HANDOFF_SECTION_MODULES);
	uint64_t n = c->by_type[ERIX_HANDOFF_SECTION_MODULES]->count;

	for (uint64_t i = 0; i < n; i++)
		TRY(check_module(c, &m[i]));
	for (uint64_t i = 0; i < n; i++)
		for (uint64_t j = i + 1; j < n; j++)
			if (same_name(m[i].name, m[j].name))
				return FAIL(MODULE_NAME_DUPLICATE);
	return OK;
}

/* ------------------------------------------------------ framebuffer, acpi */

static int fb_bpp_ok(const struct erix_handoff_framebuffer *fb)
{
	switch (fb->format) {
	case ERIX_FB_FORMAT_RGBX8:
	case ERIX_FB_FORMAT_BGRX8:
		return fb->bpp == 32;
	case ERIX_FB_FORMAT_BITMASK:
		return fb->bpp >= 8 && fb->bpp <= 32 && fb->bpp % 8 == 0;
	default:
		return 0;
	}
}

enum erix_handoff_err erix_handoff_check_framebuffer(const struct erix_handoff_framebuffer *fb)
{
	/* 32-bit factors: the products below fit in 64 bits. */
	if (fb->size == 0 || fb->width == 0 || fb->height == 0 || !fb_bpp_ok(fb) ||
	    fb->pitch < (uint64_t)fb->width * fb->bpp / 8 ||
	    fb->size < (uint64_t)fb->pitch * fb->height || !no_wrap_pages(fb->base, fb->size))
		return FAIL(FRAMEBUFFER_RANGE);
	return OK;
}

static enum erix_handoff_err check_framebuffer(const struct ctx *c)
{
	const struct erix_handoff_framebuffer *fb =
	    section_data(c, ERIX_HANDOFF_SECTION_FRAMEBUFFER);
	enum erix_handoff_err err;
	uint64_t start;

	if (!fb)
		return OK;
	err = erix_handoff_check_framebuffer(fb);
	if (err != OK)
		return err;
	start = fb->base & ~(PAGE - 1);
	if (!covered(c, start, page_up(fb->base + fb->size) - start, ERIX_MEM_FRAMEBUFFER))
		return FAIL(FRAMEBUFFER_COVER);
	return OK;
}

static uint8_t byte_sum(const uint8_t *p, uint64_t n)
{
	uint8_t sum = 0;

	while (n--)
		sum = (uint8_t)(sum + *p++);
	return sum;
}

enum erix_handoff_err erix_handoff_check_acpi(const struct erix_handoff_acpi *a)
{
	static const char sig[8] = "RSD PTR ";

	for (int i = 0; i < 8; i++)
		if (a->rsdp[i] != (uint8_t)sig[i])
			return FAIL(RSDP_SIGNATURE);
	/* Revision 1 was never defined; 0 is ACPI 1.0, 2+ carry the XSDT. */
	if (a->revision != a->rsdp[15] || a->revision == 1 ||
	    a->length != (a->revision == 0 ? ERIX_RSDP_V1_LENGTH : ERIX_RSDP_V2_LENGTH))
		return FAIL(RSDP_SIGNATURE);
	if (byte_sum(a->rsdp, ERIX_RSDP_V1_LENGTH) != 0)
		return FAIL(RSDP_CHECKSUM);
	if (a->revision >= 2 && byte_sum(a->rsdp, ERIX_RSDP_V2_LENGTH) != 0)
		return FAIL(RSDP_EXT_CHECKSUM);
	return OK;
}

static enum erix_handoff_err check_acpi(const struct ctx *c)
{
	const struct erix_handoff_acpi *a = section_data(c, ERIX_HANDOFF_SECTION_ACPI);

	return a ? erix_handoff_check_acpi(a) : OK;
}

/* ---------------------------------------------------------------- digests */

static enum erix_handoff_err check_digests(const struct ctx *c)
{
	const struct erix_handoff_digest *d = section_data(c, ERIX_HANDOFF_SECTION_DIGESTS);
	uint64_t n = d ? c->by_type[ERIX_HANDOFF_SECTION_DIGESTS]->count : 0;

	for (uint64_t i = 0; i < n; i++) {
		uint64_t len = bounded_len(d[i].path, ERIX_HANDOFF_DIGEST_PATH_MAX);

		if (d[i].kind == 0 || d[i].kind > ERIX_DIGEST_KIND_MAX)
			return FAIL(DIGEST_KIND);
		if (len == 0 || len == ERIX_HANDOFF_DIGEST_PATH_MAX)
			return FAIL(DIGEST_PATH);
	}
	return OK;
}

/* ------------------------------------------------------------------ entry */

static void fill_view(const struct ctx *c, struct erix_handoff_view *v)
{
	v->header = c->h;
	v->mem = c->mem;
	v->mem_count = c->mem_count;
	v->modules = section_data(c, ERIX_HANDOFF_SECTION_MODULES);
	v->module_count = c->by_type[ERIX_HANDOFF_SECTION_MODULES]->count;
	v->kernel = section_data(c, ERIX_HANDOFF_SECTION_KERNEL);
	v->page_tables = section_data(c, ERIX_HANDOFF_SECTION_PAGE_TABLES);
	v->loader = section_data(c, ERIX_HANDOFF_SECTION_LOADER);
	v->framebuffer = section_data(c, ERIX_HANDOFF_SECTION_FRAMEBUFFER);
	v->acpi = section_data(c, ERIX_HANDOFF_SECTION_ACPI);
	v->digests = section_data(c, ERIX_HANDOFF_SECTION_DIGESTS);
	v->digest_count = v->digests ? c->by_type[ERIX_HANDOFF_SECTION_DIGESTS]->count : 0;
}

static void clear_view(struct erix_handoff_view *v)
{
	*v = (struct erix_handoff_view){0};
}

/* Checks after the header, in rule order. */
static enum erix_handoff_err (*const content_checks[])(const struct ctx *) = {
    check_kernel,      check_handoff_cover, check_page_tables, check_modules,
    check_framebuffer, check_acpi,          check_digests,
};

static enum erix_handoff_err validate(struct ctx *c, uint64_t buf_len, uint64_t phys)
{
	TRY(check_header(c, buf_len, phys));
	TRY(check_sections(c));
	TRY(check_memmap(c));
	for (uint64_t i = 0; i < sizeof(content_checks) / sizeof(content_checks[0]); i++)
		TRY(content_checks[i](c));
	return OK;
}

/* buf must be 8-byte aligned (bl passes a page-aligned handoff), so every
 * structure at a validated, 8-aligned offset can be read in place. */
enum erix_handoff_err erix_handoff_validate(const void *buf, uint64_t buf_len, uint64_t phys,
                                            struct erix_handoff_view *view)
{
	struct ctx c = {.buf = buf, .h = buf};
	enum erix_handoff_err err = validate(&c, buf_len, phys);

	if (view && err == OK)
		fill_view(&c, view);
	else if (view)
		clear_view(view);
	return err;
}

const char *erix_handoff_err_name(enum erix_handoff_err err)
{
	static const char *const names[] = {
#define ERIX_HO_NAME(name, value) [value] = #name,
	    ERIX_HANDOFF_RULES(ERIX_HO_NAME)
#undef ERIX_HO_NAME
	};

	if ((unsigned)err >= sizeof(names) / sizeof(names[0]) || !names[err])
		return "UNKNOWN";
	return names[err];
}
