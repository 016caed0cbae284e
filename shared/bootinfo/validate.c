/* Bootinfo validator: rootd's gate between the kernel's bytes and its own
 * decisions. Checks every rule of ERIX_BOOTINFO_RULES in order, never reads
 * outside [buf, buf + min(buf_len, total_size)), overflow-safe, freestanding. */
#include "bootinfo.h"

#include <erix/layout.h>
#include <erix/slots.h>
#include <handoff/crc32c.h>

#define PAGE      ((uint64_t)ERIX_PAGE_SIZE)
#define HDR_SIZE  ((uint64_t)sizeof(struct erix_bootinfo_header))
#define PLAT_SIZE ((uint64_t)sizeof(struct erix_bootinfo_platform))
#define UT_SIZE   ((uint64_t)sizeof(struct erix_bootinfo_untyped))
#define MOD_SIZE  ((uint64_t)sizeof(struct erix_bootinfo_module))
#define WIN_END   ((uint64_t)ERIX_MODULES_BASE + ERIX_MODULES_SIZE)

#define OK         ERIX_BOOTINFO_ERR_OK
#define FAIL(rule) ERIX_BOOTINFO_ERR_##rule
#define TRY(expr)                                                                                  \
	do {                                                                                       \
		enum erix_bootinfo_err err_ = (expr);                                              \
		if (err_ != OK)                                                                    \
			return err_;                                                               \
	} while (0)

struct ctx {
	const uint8_t *buf;
	const struct erix_bootinfo_header *h;
	const struct erix_bootinfo_platform *plat;
	const struct erix_bootinfo_untyped *ut;
	const struct erix_bootinfo_module *mod;
	uint32_t ram_count;
};

/* A table: [offset, offset + count * entry_size) of the bootinfo. */
struct table {
	uint64_t offset;
	uint64_t size;
};

static struct table tables_of(const struct erix_bootinfo_header *h, unsigned i)
{
	const struct table t[3] = {
	    {h->platform_offset, PLAT_SIZE},
	    {h->untyped_offset, (uint64_t)h->untyped_count * UT_SIZE},
	    {h->module_offset, (uint64_t)h->module_count * MOD_SIZE},
	};
	return t[i];
}

/* ---------------------------------------------------------------- header */

static enum erix_bootinfo_err check_checksum(const struct ctx *c)
{
	static const uint8_t zero[sizeof(c->h->checksum)];
	uint64_t at = offsetof(struct erix_bootinfo_header, checksum);
	uint64_t after = at + sizeof(zero);
	uint32_t crc = erix_crc32c(0, c->buf, at);

	crc = erix_crc32c(crc, zero, sizeof(zero));
	crc = erix_crc32c(crc, c->buf + after, c->h->total_size - after);
	return crc == c->h->checksum ? OK : FAIL(CHECKSUM);
}

static enum erix_bootinfo_err check_header(const struct ctx *c, uint64_t buf_len, uint64_t vaddr)
{
	const struct erix_bootinfo_header *h = c->h;

	if (buf_len < HDR_SIZE)
		return FAIL(TOTAL_SIZE);
	if (h->magic != ERIX_BOOTINFO_MAGIC)
		return FAIL(MAGIC);
	if (h->version_major != ERIX_BOOTINFO_VERSION_MAJOR)
		return FAIL(VERSION);
	if (h->header_size != HDR_SIZE)
		return FAIL(HEADER_SIZE);
	if (h->total_size < HDR_SIZE || h->total_size % ERIX_BOOTINFO_ALIGN ||
	    h->total_size > buf_len || h->total_size > ERIX_BOOTINFO_MAX_SIZE)
		return FAIL(TOTAL_SIZE);
	TRY(check_checksum(c));
	if (h->self_vaddr != vaddr)
		return FAIL(ADDRESS);
	if (h->platform_size != PLAT_SIZE || h->untyped_entry_size != UT_SIZE ||
	    h->module_entry_size != MOD_SIZE)
		return FAIL(ENTRY_SIZE);
	return OK;
}

/* ---------------------------------------------------------------- tables */

static int overlaps(struct table a, struct table b)
{
	return a.size && b.size && a.offset < b.offset + b.size && b.offset < a.offset + a.size;
}

/* Offsets and sizes are at most 2^32 * 144, so none of the sums wrap. */
static enum erix_bootinfo_err check_tables(struct ctx *c)
{
	const struct table header = {0, HDR_SIZE};

	for (unsigned i = 0; i < 3; i++)
		if (tables_of(c->h, i).offset + tables_of(c->h, i).size > c->h->total_size)
			return FAIL(TABLE_BOUNDS);
	for (unsigned i = 0; i < 3; i++)
		if (tables_of(c->h, i).offset % ERIX_BOOTINFO_ALIGN)
			return FAIL(TABLE_ALIGN);
	for (unsigned i = 0; i < 3; i++) {
		if (overlaps(tables_of(c->h, i), header))
			return FAIL(TABLE_OVERLAP);
		for (unsigned j = i + 1; j < 3; j++)
			if (overlaps(tables_of(c->h, i), tables_of(c->h, j)))
				return FAIL(TABLE_OVERLAP);
	}
	c->plat = (const void *)(c->buf + c->h->platform_offset);
	c->ut = (const void *)(c->buf + c->h->untyped_offset);
	c->mod = (const void *)(c->buf + c->h->module_offset);
	return OK;
}

/* -------------------------------------------------------------- platform */

static int fb_fields_zero(const struct erix_bootinfo_platform *p)
{
	return !(p->fb_base | p->fb_size | p->fb_width | p->fb_height | p->fb_pitch | p->fb_bpp |
	         p->fb_format | p->fb_red_mask | p->fb_green_mask | p->fb_blue_mask |
	         p->fb_reserved_mask);
}

static enum erix_bootinfo_err check_platform_flags(const struct ctx *c)
{
	const struct erix_bootinfo_platform *p = c->plat;
	int rsdp = (p->flags & ERIX_BOOTINFO_PF_RSDP) != 0;
	int tsc = (p->flags & ERIX_BOOTINFO_PF_TSC_KHZ) != 0;

	/* Flags a newer minor defines are ignored; this minor's unknown bits are not. */
	if (c->h->version_minor <= ERIX_BOOTINFO_VERSION_MINOR &&
	    (p->flags & ~(uint64_t)ERIX_BOOTINFO_PF_KNOWN))
		return FAIL(PLATFORM_FLAGS);
	if (rsdp != (p->rsdp_phys != 0) || (!rsdp && p->rsdp_revision))
		return FAIL(PLATFORM_FLAGS);
	if (tsc != (p->tsc_khz != 0))
		return FAIL(PLATFORM_FLAGS);
	if (!(p->flags & ERIX_BOOTINFO_PF_FRAMEBUFFER) && !fb_fields_zero(p))
		return FAIL(PLATFORM_FLAGS);
	return OK;
}

static int fb_bpp_ok(const struct erix_bootinfo_platform *p)
{
	if (p->fb_format == ERIX_FB_FORMAT_RGBX8 || p->fb_format == ERIX_FB_FORMAT_BGRX8)
		return p->fb_bpp == 32;
	if (p->fb_format == ERIX_FB_FORMAT_BITMASK)
		return p->fb_bpp && p->fb_bpp <= 32 && p->fb_bpp % 8 == 0;
	return 0;
}

static enum erix_bootinfo_err check_framebuffer(const struct ctx *c)
{
	const struct erix_bootinfo_platform *p = c->plat;

	if (!(p->flags & ERIX_BOOTINFO_PF_FRAMEBUFFER))
		return OK;
	if (!p->fb_width || !p->fb_height || !fb_bpp_ok(p))
		return FAIL(FRAMEBUFFER);
	if ((uint64_t)p->fb_pitch < (uint64_t)p->fb_width * (p->fb_bpp / 8) ||
	    p->fb_size < (uint64_t)p->fb_pitch * p->fb_height ||
	    p->fb_base > UINT64_MAX - p->fb_size)
		return FAIL(FRAMEBUFFER);
	return OK;
}

/* --------------------------------------------------------------- untyped */

/* Last byte of the block: base + 2^bits - 1 never wraps for an aligned base. */
static uint64_t ut_last(const struct erix_bootinfo_untyped *u)
{
	return u->base + ((((uint64_t)1) << u->size_bits) - 1);
}

static enum erix_bootinfo_err check_untyped_entry(const struct erix_bootinfo_untyped *u,
                                                  const struct erix_bootinfo_untyped *prev)
{
	if (u->slot >= ERIX_ROOT_CSPACE_SLOTS || (prev && u->slot <= prev->slot))
		return FAIL(UNTYPED_SLOT);
	if (u->kind != ERIX_BOOTINFO_UNTYPED_RAM && u->kind != ERIX_BOOTINFO_UNTYPED_DEVICE)
		return FAIL(UNTYPED_KIND);
	if (prev && prev->kind == ERIX_BOOTINFO_UNTYPED_DEVICE &&
	    u->kind == ERIX_BOOTINFO_UNTYPED_RAM)
		return FAIL(UNTYPED_KIND);
	if (u->size_bits < ERIX_PAGE_SHIFT || u->size_bits > 63 ||
	    (u->base & ((((uint64_t)1) << u->size_bits) - 1)))
		return FAIL(UNTYPED_RANGE);
	if (prev && prev->kind == u->kind && u->base <= ut_last(prev))
		return FAIL(UNTYPED_ORDER);
	return OK;
}

/* RAM [0, ram) and DEVICE [ram, n) are each sorted and disjoint: one merge
 * walk finds any RAM block that overlaps a DEVICE block. */
static enum erix_bootinfo_err check_untyped_kinds_disjoint(const struct ctx *c)
{
	uint32_t i = 0, j = c->ram_count, n = c->h->untyped_count;

	while (i < c->ram_count && j < n) {
		const struct erix_bootinfo_untyped *r = &c->ut[i], *d = &c->ut[j];

		if (r->base <= ut_last(d) && d->base <= ut_last(r))
			return FAIL(UNTYPED_OVERLAP);
		if (ut_last(r) < ut_last(d))
			i++;
		else
			j++;
	}
	return OK;
}

static enum erix_bootinfo_err check_untyped(struct ctx *c)
{
	uint32_t n = c->h->untyped_count;

	if (n > ERIX_UNTYPED_MAX_SEEDS)
		return FAIL(UNTYPED_COUNT);
	for (uint32_t i = 0; i < n; i++) {
		TRY(check_untyped_entry(&c->ut[i], i ? &c->ut[i - 1] : NULL));
		if (c->ut[i].kind == ERIX_BOOTINFO_UNTYPED_RAM)
			c->ram_count = i + 1;
	}
	return check_untyped_kinds_disjoint(c);
}

/* --------------------------------------------------------------- modules */

static uint64_t bounded_len(const char *s, uint64_t cap)
{
	uint64_t n = 0;

	while (n < cap && s[n])
		n++;
	return n;
}

static int same_string(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

static uint64_t page_up(uint64_t v)
{
	return (v + PAGE - 1) & ~(PAGE - 1);
}

static enum erix_bootinfo_err check_module_place(const struct erix_bootinfo_module *m,
                                                 const struct erix_bootinfo_module *prev)
{
	if (m->vaddr % PAGE || m->vaddr < ERIX_MODULES_BASE || m->vaddr >= WIN_END ||
	    m->size > WIN_END - m->vaddr)
		return FAIL(MODULE_WINDOW);
	/* prev lies inside the window, so its page-rounded end does not wrap. */
	if (prev && (m->vaddr <= prev->vaddr || m->vaddr < page_up(prev->vaddr + prev->size)))
		return FAIL(MODULE_ORDER);
	return OK;
}

static enum erix_bootinfo_err check_modules(const struct ctx *c)
{
	uint32_t n = c->h->module_count;

	if (n > ERIX_BOOTINFO_MAX_MODULES)
		return FAIL(MODULE_COUNT);
	for (uint32_t i = 0; i < n; i++) {
		uint64_t name_len = bounded_len(c->mod[i].name, ERIX_BOOTINFO_MODULE_NAME_MAX);

		if (name_len == 0 || name_len == ERIX_BOOTINFO_MODULE_NAME_MAX)
			return FAIL(MODULE_NAME);
		if (bounded_len(c->mod[i].cmdline, ERIX_BOOTINFO_MODULE_CMDLINE_MAX) ==
		    ERIX_BOOTINFO_MODULE_CMDLINE_MAX)
			return FAIL(MODULE_CMDLINE);
	}
	for (uint32_t i = 0; i < n; i++)
		for (uint32_t j = i + 1; j < n; j++)
			if (same_string(c->mod[i].name, c->mod[j].name))
				return FAIL(MODULE_NAME_DUPLICATE);
	for (uint32_t i = 0; i < n; i++)
		TRY(check_module_place(&c->mod[i], i ? &c->mod[i - 1] : NULL));
	return OK;
}

/* ------------------------------------------------------------------ view */

static enum erix_bootinfo_err validate(struct ctx *c, uint64_t buf_len, uint64_t vaddr)
{
	TRY(check_header(c, buf_len, vaddr));
	TRY(check_tables(c));
	TRY(check_platform_flags(c));
	TRY(check_framebuffer(c));
	TRY(check_untyped(c));
	return check_modules(c);
}

enum erix_bootinfo_err erix_bootinfo_validate(const void *buf, uint64_t buf_len, uint64_t vaddr,
                                              struct erix_bootinfo_view *view)
{
	struct ctx c = {.buf = buf, .h = buf};
	enum erix_bootinfo_err err = validate(&c, buf_len, vaddr);

	if (!view)
		return err;
	*view = (struct erix_bootinfo_view){0};
	if (err != OK)
		return err;
	view->header = c.h;
	view->platform = c.plat;
	view->untyped = c.ut;
	view->untyped_count = c.h->untyped_count;
	view->untyped_ram_count = c.ram_count;
	view->modules = c.mod;
	view->module_count = c.h->module_count;
	return OK;
}

const struct erix_bootinfo_module *erix_bootinfo_find_module(const struct erix_bootinfo_view *v,
                                                             const char *name)
{
	for (uint32_t i = 0; i < v->module_count; i++)
		if (same_string(v->modules[i].name, name))
			return &v->modules[i];
	return NULL;
}

const char *erix_bootinfo_err_name(enum erix_bootinfo_err err)
{
	static const char *const names[] = {
#define ERIX_BI_NAME(name, value) [value] = #name,
	    ERIX_BOOTINFO_RULES(ERIX_BI_NAME)
#undef ERIX_BI_NAME
	};

	if ((unsigned)err >= sizeof(names) / sizeof(names[0]) || !names[err])
		return "UNKNOWN";
	return names[err];
}
