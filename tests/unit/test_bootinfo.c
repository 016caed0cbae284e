/* Host tests for shared/bootinfo: one breaking case per rule of
 * ERIX_BOOTINFO_RULES (a table; a meta-test fails if a rule has none),
 * builder -> validator round trips, and bootinfos that must pass. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "bootinfo_fixture.h"
#include <erix/layout.h>
#include <erix/slots.h>

#define PAGE      ((uint64_t)ERIX_PAGE_SIZE)
#define WIN_END   ((uint64_t)ERIX_MODULES_BASE + ERIX_MODULES_SIZE)
#define RAM(f, i) (&(f)->ut[i])
#define DEV(f, i) (&(f)->ut[(f)->n_ram + (i)])

/* The default fixture: 3 RAM, 2 device untyped, 3 modules. */
#define N_RAM 3
#define N_DEV 2
#define N_MOD 3

/* ------------------------------------------------------------ mutations */

static void m_magic(struct bf *f)
{
	f->h->magic ^= 1;
}
static void m_version(struct bf *f)
{
	f->h->version_major = 2;
}
static void m_version0(struct bf *f)
{
	f->h->version_major = 0;
}
static void m_header_size(struct bf *f)
{
	f->h->header_size += 8;
}
static void m_total_unaligned(struct bf *f)
{
	f->h->total_size -= 4;
}
static void m_total_small(struct bf *f)
{
	f->h->total_size = 8;
}
static void m_total_max(struct bf *f)
{
	f->h->total_size = ERIX_BOOTINFO_MAX_SIZE + 8;
}
static void m_none(struct bf *f)
{
	(void)f;
}
static void m_checksum(struct bf *f)
{
	f->h->checksum ^= 0x10;
}
static void m_checksum_data(struct bf *f)
{
	f->buf[f->h->total_size - 1] ^= 1;
}
static void m_address(struct bf *f)
{
	f->h->self_vaddr += PAGE;
}
static void m_platform_size(struct bf *f)
{
	f->h->platform_size -= 8;
}
static void m_untyped_esize(struct bf *f)
{
	f->h->untyped_entry_size = 24;
}
static void m_module_esize(struct bf *f)
{
	f->h->module_entry_size = 128;
}
static void m_module_bounds(struct bf *f)
{
	f->h->module_count++;
}
static void m_untyped_bounds(struct bf *f)
{
	f->h->untyped_offset = f->h->total_size;
}
static void m_platform_bounds(struct bf *f)
{
	f->h->platform_offset = 0xFFFFFFF8u;
}
static void m_untyped_align(struct bf *f)
{
	f->h->untyped_offset += 4;
}
static void m_module_align(struct bf *f)
{
	f->h->module_offset -= 4;
}
static void m_platform_on_header(struct bf *f)
{
	f->h->platform_offset = 0;
}
static void m_untyped_on_platform(struct bf *f)
{
	f->h->untyped_offset = f->h->platform_offset;
}
static void m_module_on_untyped(struct bf *f)
{
	f->h->module_offset = f->h->untyped_offset + 16;
}
static void m_flags_unknown(struct bf *f)
{
	f->p->flags |= 0x100;
}
static void m_rsdp_flag_clear(struct bf *f)
{
	f->p->flags &= ~(uint64_t)ERIX_BOOTINFO_PF_RSDP;
}
static void m_rsdp_zero(struct bf *f)
{
	f->p->rsdp_phys = 0;
}
static void m_rsdp_revision_alone(struct bf *f)
{
	f->p->flags &= ~(uint64_t)ERIX_BOOTINFO_PF_RSDP;
	f->p->rsdp_phys = 0;
}
static void m_tsc_flag_clear(struct bf *f)
{
	f->p->flags &= ~(uint64_t)ERIX_BOOTINFO_PF_TSC_KHZ;
}
static void m_tsc_zero(struct bf *f)
{
	f->p->tsc_khz = 0;
}
static void m_fb_flag_clear(struct bf *f)
{
	f->p->flags &= ~(uint64_t)ERIX_BOOTINFO_PF_FRAMEBUFFER;
}
static void m_fb_mask_alone(struct bf *f)
{
	uint32_t mask = f->p->fb_blue_mask;

	m_fb_flag_clear(f);
	memset(&f->p->fb_base, 0, sizeof(*f->p) - offsetof(struct erix_bootinfo_platform, fb_base));
	f->p->fb_blue_mask = mask;
}
static void m_fb_width(struct bf *f)
{
	f->p->fb_width = 0;
}
static void m_fb_height(struct bf *f)
{
	f->p->fb_height = 0;
}
static void m_fb_format(struct bf *f)
{
	f->p->fb_format = 7;
}
static void m_fb_bpp(struct bf *f)
{
	f->p->fb_bpp = 24;
}
static void m_fb_bitmask_bpp(struct bf *f)
{
	f->p->fb_format = ERIX_FB_FORMAT_BITMASK;
	f->p->fb_bpp = 12;
}
static void m_fb_pitch(struct bf *f)
{
	f->p->fb_pitch = f->p->fb_width * 4 - 4;
}
static void m_fb_size(struct bf *f)
{
	f->p->fb_size = (uint64_t)f->p->fb_pitch * f->p->fb_height - 1;
}
static void m_fb_wrap(struct bf *f)
{
	f->p->fb_base = UINT64_MAX - PAGE;
}
static void m_ut_count(struct bf *f)
{
	/* 513 entries still inside total_size: the 513th where modules were. */
	f->h->untyped_count = ERIX_UNTYPED_MAX_SEEDS + 1;
	f->h->module_count = 0;
	f->h->module_offset = 0;
}
static void m_ut_slot_outside(struct bf *f)
{
	f->ut[f->n_ram + f->n_dev - 1].slot = ERIX_ROOT_CSPACE_SLOTS;
}
static void m_ut_slot_repeat(struct bf *f)
{
	RAM(f, 1)->slot = RAM(f, 0)->slot;
}
static void m_ut_slot_down(struct bf *f)
{
	DEV(f, 0)->slot = RAM(f, 0)->slot - 1;
}
static void m_ut_kind_zero(struct bf *f)
{
	RAM(f, 0)->kind = 0;
}
static void m_ut_kind_three(struct bf *f)
{
	DEV(f, 1)->kind = 3;
}
static void m_ut_ram_after_device(struct bf *f)
{
	DEV(f, 1)->kind = ERIX_BOOTINFO_UNTYPED_RAM;
}
static void m_ut_bits_small(struct bf *f)
{
	RAM(f, 0)->size_bits = ERIX_PAGE_SHIFT - 1;
}
static void m_ut_bits_64(struct bf *f)
{
	DEV(f, 0)->size_bits = 64;
}
static void m_ut_unaligned(struct bf *f)
{
	RAM(f, 1)->base += PAGE;
}
static void m_ut_top_block(struct bf *f)
{
	/* 2^63 bytes at 2^63: aligned, ends exactly at 2^64; a second one wraps. */
	DEV(f, 0)->size_bits = 63;
	DEV(f, 0)->base = 1ull << 63;
	DEV(f, 1)->size_bits = 63;
	DEV(f, 1)->base = 1ull << 63;
}
static void m_ut_equal(struct bf *f)
{
	RAM(f, 1)->base = RAM(f, 0)->base;
}
static void m_ut_descending(struct bf *f)
{
	uint64_t b = RAM(f, 0)->base;

	RAM(f, 0)->base = RAM(f, 2)->base;
	RAM(f, 2)->base = b;
}
static void m_ut_inside_previous(struct bf *f)
{
	DEV(f, 0)->size_bits = 24; /* 16 MiB at 4 GiB covers the next device block */
}
static void m_ut_ram_on_device(struct bf *f)
{
	DEV(f, 0)->base = RAM(f, 1)->base;
	DEV(f, 1)->base = RAM(f, 2)->base + (1ull << 20);
}
static void m_ut_device_covers_ram(struct bf *f)
{
	DEV(f, 0)->base = 0;
	DEV(f, 0)->size_bits = 32;
}
static void m_ut_device_below_ram(struct bf *f)
{
	/* Device blocks sorted among themselves, the second inside RAM 2. */
	DEV(f, 0)->base = 0;
	DEV(f, 1)->base = RAM(f, 2)->base;
}
static void m_mod_count(struct bf *f)
{
	f->h->module_count = ERIX_BOOTINFO_MAX_MODULES + 1;
	f->h->total_size += sizeof(struct erix_bootinfo_module);
}
static void m_mod_name_empty(struct bf *f)
{
	f->mod[1].name[0] = 0;
}
static void m_mod_name_unterminated(struct bf *f)
{
	memset(f->mod[2].name, 'a', sizeof(f->mod[2].name));
}
static void m_mod_cmdline(struct bf *f)
{
	memset(f->mod[0].cmdline, 'x', sizeof(f->mod[0].cmdline));
}
static void m_mod_duplicate(struct bf *f)
{
	memcpy(f->mod[2].name, f->mod[0].name, sizeof(f->mod[0].name));
}
static void m_mod_unaligned(struct bf *f)
{
	f->mod[1].vaddr += 8;
}
static void m_mod_below(struct bf *f)
{
	f->mod[0].vaddr = ERIX_MODULES_BASE - PAGE;
}
static void m_mod_at_end(struct bf *f)
{
	f->mod[2].vaddr = WIN_END;
	f->mod[2].size = 0;
}
static void m_mod_past_end(struct bf *f)
{
	f->mod[2].size = WIN_END - f->mod[2].vaddr + 1;
}
static void m_mod_wrap(struct bf *f)
{
	f->mod[2].vaddr = UINT64_MAX & ~(PAGE - 1);
	f->mod[2].size = 2 * PAGE;
}
static void m_mod_huge(struct bf *f)
{
	f->mod[2].size = UINT64_MAX;
}
static void m_mod_same_vaddr(struct bf *f)
{
	f->mod[1].vaddr = f->mod[0].vaddr;
}
static void m_mod_shared_page(struct bf *f)
{
	f->mod[1].vaddr = f->mod[0].vaddr + PAGE; /* module 0 is 0x1234 bytes */
}
static void m_mod_descending(struct bf *f)
{
	uint64_t v = f->mod[0].vaddr;

	f->mod[0].vaddr = f->mod[2].vaddr;
	f->mod[2].vaddr = v;
}
static void m_mod_zero_size_same(struct bf *f)
{
	f->mod[0].size = 0;
	f->mod[1].vaddr = f->mod[0].vaddr;
}

/* ------------------------------------------------------------ the table */

#define NO_RESEAL  0x1 /* the mutation is the checksum, or total_size is past the buffer */
#define BIG_UT     0x2 /* build 512 RAM untyped, 0 device, 3 modules */
#define MAX_MODS   0x4 /* build 16 modules */
#define CLOSED_LEN 0x8 /* buf_len = total_size, not BF_CAPACITY */

struct bad_case {
	const char *what;
	enum erix_bootinfo_err expect;
	void (*mutate)(struct bf *f);
	unsigned flags;
	uint64_t len; /* buf_len if nonzero */
};

#define E(rule) ERIX_BOOTINFO_ERR_##rule

static const struct bad_case bad_cases[] = {
    {"magic", E(MAGIC), m_magic, 0, 0},
    {"major 2", E(VERSION), m_version, 0, 0},
    {"major 0", E(VERSION), m_version0, 0, 0},
    {"header size", E(HEADER_SIZE), m_header_size, 0, 0},
    {"total unaligned", E(TOTAL_SIZE), m_total_unaligned, 0, 0},
    {"total below header", E(TOTAL_SIZE), m_total_small, 0, 0},
    {"total past max", E(TOTAL_SIZE), m_total_max, NO_RESEAL, 0},
    {"buffer shorter than total", E(TOTAL_SIZE), m_none, 0, 64 + 88},
    {"buffer shorter than header", E(TOTAL_SIZE), m_none, 0, 40},
    {"checksum field", E(CHECKSUM), m_checksum, NO_RESEAL, 0},
    {"checksum last byte", E(CHECKSUM), m_checksum_data, NO_RESEAL | CLOSED_LEN, 0},
    {"address", E(ADDRESS), m_address, 0, 0},
    {"platform size", E(ENTRY_SIZE), m_platform_size, 0, 0},
    {"untyped entry size", E(ENTRY_SIZE), m_untyped_esize, 0, 0},
    {"module entry size", E(ENTRY_SIZE), m_module_esize, 0, 0},
    {"modules past total", E(TABLE_BOUNDS), m_module_bounds, 0, 0},
    {"untyped at total", E(TABLE_BOUNDS), m_untyped_bounds, 0, 0},
    {"platform offset huge", E(TABLE_BOUNDS), m_platform_bounds, 0, 0},
    {"untyped unaligned", E(TABLE_ALIGN), m_untyped_align, 0, 0},
    {"modules unaligned", E(TABLE_ALIGN), m_module_align, 0, 0},
    {"platform on header", E(TABLE_OVERLAP), m_platform_on_header, 0, 0},
    {"untyped on platform", E(TABLE_OVERLAP), m_untyped_on_platform, 0, 0},
    {"modules on untyped", E(TABLE_OVERLAP), m_module_on_untyped, 0, 0},
    {"unknown flag", E(PLATFORM_FLAGS), m_flags_unknown, 0, 0},
    {"rsdp without flag", E(PLATFORM_FLAGS), m_rsdp_flag_clear, 0, 0},
    {"rsdp flag, phys 0", E(PLATFORM_FLAGS), m_rsdp_zero, 0, 0},
    {"rsdp revision alone", E(PLATFORM_FLAGS), m_rsdp_revision_alone, 0, 0},
    {"tsc without flag", E(PLATFORM_FLAGS), m_tsc_flag_clear, 0, 0},
    {"tsc flag, 0 kHz", E(PLATFORM_FLAGS), m_tsc_zero, 0, 0},
    {"fb without flag", E(PLATFORM_FLAGS), m_fb_flag_clear, 0, 0},
    {"fb mask without flag", E(PLATFORM_FLAGS), m_fb_mask_alone, 0, 0},
    {"fb width", E(FRAMEBUFFER), m_fb_width, 0, 0},
    {"fb height", E(FRAMEBUFFER), m_fb_height, 0, 0},
    {"fb format", E(FRAMEBUFFER), m_fb_format, 0, 0},
    {"fb bpp", E(FRAMEBUFFER), m_fb_bpp, 0, 0},
    {"fb bitmask bpp", E(FRAMEBUFFER), m_fb_bitmask_bpp, 0, 0},
    {"fb pitch", E(FRAMEBUFFER), m_fb_pitch, 0, 0},
    {"fb size", E(FRAMEBUFFER), m_fb_size, 0, 0},
    {"fb wraps", E(FRAMEBUFFER), m_fb_wrap, 0, 0},
    {"untyped count", E(UNTYPED_COUNT), m_ut_count, BIG_UT, 0},
    {"slot outside cspace", E(UNTYPED_SLOT), m_ut_slot_outside, 0, 0},
    {"slot repeated", E(UNTYPED_SLOT), m_ut_slot_repeat, 0, 0},
    {"slot descending", E(UNTYPED_SLOT), m_ut_slot_down, 0, 0},
    {"kind 0", E(UNTYPED_KIND), m_ut_kind_zero, 0, 0},
    {"kind 3", E(UNTYPED_KIND), m_ut_kind_three, 0, 0},
    {"ram after device", E(UNTYPED_KIND), m_ut_ram_after_device, 0, 0},
    {"size bits below a page", E(UNTYPED_RANGE), m_ut_bits_small, 0, 0},
    {"size bits 64", E(UNTYPED_RANGE), m_ut_bits_64, 0, 0},
    {"base unaligned", E(UNTYPED_RANGE), m_ut_unaligned, 0, 0},
    {"top block twice", E(UNTYPED_ORDER), m_ut_top_block, 0, 0},
    {"equal bases", E(UNTYPED_ORDER), m_ut_equal, 0, 0},
    {"ram descending", E(UNTYPED_ORDER), m_ut_descending, 0, 0},
    {"device inside previous", E(UNTYPED_ORDER), m_ut_inside_previous, 0, 0},
    {"device on ram", E(UNTYPED_OVERLAP), m_ut_ram_on_device, 0, 0},
    {"device covers ram", E(UNTYPED_OVERLAP), m_ut_device_covers_ram, 0, 0},
    {"device below and in ram", E(UNTYPED_OVERLAP), m_ut_device_below_ram, 0, 0},
    {"module count", E(MODULE_COUNT), m_mod_count, MAX_MODS, 0},
    {"name empty", E(MODULE_NAME), m_mod_name_empty, 0, 0},
    {"name unterminated", E(MODULE_NAME), m_mod_name_unterminated, 0, 0},
    {"cmdline unterminated", E(MODULE_CMDLINE), m_mod_cmdline, 0, 0},
    {"name duplicate", E(MODULE_NAME_DUPLICATE), m_mod_duplicate, 0, 0},
    {"vaddr unaligned", E(MODULE_WINDOW), m_mod_unaligned, 0, 0},
    {"below the window", E(MODULE_WINDOW), m_mod_below, 0, 0},
    {"at the window end", E(MODULE_WINDOW), m_mod_at_end, 0, 0},
    {"past the window end", E(MODULE_WINDOW), m_mod_past_end, 0, 0},
    {"vaddr wraps", E(MODULE_WINDOW), m_mod_wrap, 0, 0},
    {"size huge", E(MODULE_WINDOW), m_mod_huge, 0, 0},
    {"same vaddr", E(MODULE_ORDER), m_mod_same_vaddr, 0, 0},
    {"shared page", E(MODULE_ORDER), m_mod_shared_page, 0, 0},
    {"descending", E(MODULE_ORDER), m_mod_descending, 0, 0},
    {"zero size, same vaddr", E(MODULE_ORDER), m_mod_zero_size_same, 0, 0},
};
#define N_BAD (sizeof(bad_cases) / sizeof(bad_cases[0]))

static void build(struct bf *f, unsigned flags)
{
	if (flags & BIG_UT)
		assert_int_equal(bf_build(f, ERIX_UNTYPED_MAX_SEEDS, 0, N_MOD), 0);
	else
		assert_int_equal(
		    bf_build(f, N_RAM, N_DEV, flags & MAX_MODS ? ERIX_BOOTINFO_MAX_MODULES : N_MOD),
		    0);
	assert_int_equal(bf_validate(f), ERIX_BOOTINFO_ERR_OK);
}

static void run_bad_case(const struct bad_case *c)
{
	struct erix_bootinfo_view view;
	enum erix_bootinfo_err err;
	uint64_t len;
	struct bf f;

	build(&f, c->flags);
	len = c->len ? c->len : (c->flags & CLOSED_LEN) ? f.h->total_size : BF_CAPACITY;
	c->mutate(&f);
	if (!(c->flags & NO_RESEAL))
		erix_bib_reseal(f.buf);
	err = bf_validate_len(&f, len, BF_VADDR);
	if (err != c->expect)
		print_error("case '%s': got %s, want %s\n", c->what, erix_bootinfo_err_name(err),
		            erix_bootinfo_err_name(c->expect));
	assert_int_equal(err, c->expect);
	/* The view is zeroed on failure. */
	memset(&view, 0xA5, sizeof(view));
	if (len <= BF_CAPACITY) {
		assert_int_equal(erix_bootinfo_validate(f.buf, len, BF_VADDR, &view), c->expect);
		assert_null(view.header);
		assert_int_equal(view.untyped_count, 0);
		assert_int_equal(view.module_count, 0);
	}
	bf_free(&f);
}

static void test_bad_cases(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_BAD; i++)
		run_bad_case(&bad_cases[i]);
}

/* Every rule of the X-macro (except OK) has at least one breaking case. */
static void test_every_rule_has_a_case(void **state)
{
	static const enum erix_bootinfo_err rules[] = {
#define ERIX_RULE_VALUE(name, value) ERIX_BOOTINFO_ERR_##name,
	    ERIX_BOOTINFO_RULES(ERIX_RULE_VALUE)
#undef ERIX_RULE_VALUE
	};
	int missing = 0;

	(void)state;
	for (size_t r = 0; r < sizeof(rules) / sizeof(rules[0]); r++) {
		size_t n = 0;

		if (rules[r] == ERIX_BOOTINFO_ERR_OK)
			continue;
		for (size_t i = 0; i < N_BAD; i++)
			n += bad_cases[i].expect == rules[r];
		if (n == 0) {
			print_error("rule %s has no breaking case\n",
			            erix_bootinfo_err_name(rules[r]));
			missing++;
		}
	}
	assert_int_equal(missing, 0);
}

/* ------------------------------------------------------- passing cases */

/* Builder -> validator for every mix of counts: the view names exactly
 * what was built. */
static void test_round_trip(void **state)
{
	(void)state;
	for (uint32_t ram = 0; ram <= 3; ram++)
		for (uint32_t dev = 0; dev <= 2; dev++)
			for (uint32_t mod = 0; mod <= ERIX_BOOTINFO_MAX_MODULES; mod++) {
				struct erix_bootinfo_view v;
				struct bf f;

				assert_int_equal(bf_build(&f, ram, dev, mod), 0);
				assert_int_equal(f.h->total_size, erix_bib_size(ram + dev, mod));
				assert_int_equal(bf_validate_len(&f, 0, BF_VADDR),
				                 ERIX_BOOTINFO_ERR_OK);
				assert_int_equal(
				    erix_bootinfo_validate(f.buf, BF_CAPACITY, BF_VADDR, &v),
				    ERIX_BOOTINFO_ERR_OK);
				assert_ptr_equal(v.header, f.h);
				assert_ptr_equal(v.platform, f.p);
				assert_ptr_equal(v.untyped, f.ut);
				assert_ptr_equal(v.modules, f.mod);
				assert_int_equal(v.untyped_count, ram + dev);
				assert_int_equal(v.untyped_ram_count, ram);
				assert_int_equal(v.module_count, mod);
				bf_free(&f);
			}
}

static void test_view_contents(void **state)
{
	struct erix_bootinfo_view v;
	struct bf f;

	(void)state;
	build(&f, 0);
	assert_int_equal(erix_bootinfo_validate(f.buf, BF_CAPACITY, BF_VADDR, &v),
	                 ERIX_BOOTINFO_ERR_OK);
	assert_string_equal(v.modules[0].name, ERIX_ROOTD_MODULE_NAME);
	assert_string_equal(v.modules[2].cmdline, "arg=2 verbose");
	assert_int_equal(v.modules[1].vaddr, ERIX_MODULES_BASE + 0x10000);
	assert_int_equal(v.untyped[N_RAM].kind, ERIX_BOOTINFO_UNTYPED_DEVICE);
	assert_int_equal(v.untyped[0].slot, ERIX_SLOT_UNTYPED_BASE);
	assert_int_equal(v.platform->tsc_khz, 2000000);
	assert_ptr_equal(erix_bootinfo_find_module(&v, "mod2"), &v.modules[2]);
	assert_ptr_equal(erix_bootinfo_find_module(&v, ERIX_ROOTD_MODULE_NAME), &v.modules[0]);
	assert_null(erix_bootinfo_find_module(&v, "mod"));
	assert_null(erix_bootinfo_find_module(&v, "mod22"));
	/* A NULL view is allowed. */
	assert_int_equal(erix_bootinfo_validate(f.buf, BF_CAPACITY, BF_VADDR, NULL),
	                 ERIX_BOOTINFO_ERR_OK);
	bf_free(&f);
}

static void test_builder_limits(void **state)
{
	static uint8_t buf[BF_CAPACITY] __attribute__((aligned(8)));
	char long_name[ERIX_BOOTINFO_MODULE_NAME_MAX + 1];
	char long_cmdline[ERIX_BOOTINFO_MODULE_CMDLINE_MAX + 1];
	struct erix_bib b;

	(void)state;
	assert_int_equal(erix_bib_init(&b, buf, sizeof(buf), BF_VADDR, ERIX_UNTYPED_MAX_SEEDS,
	                               ERIX_BOOTINFO_MAX_MODULES),
	                 0);
	assert_true(erix_bib_size(ERIX_UNTYPED_MAX_SEEDS, ERIX_BOOTINFO_MAX_MODULES) <=
	            ERIX_BOOTINFO_MAX_SIZE);
	assert_int_equal(
	    erix_bib_init(&b, buf, sizeof(buf), BF_VADDR, ERIX_UNTYPED_MAX_SEEDS + 1, 0), -1);
	assert_int_equal(
	    erix_bib_init(&b, buf, sizeof(buf), BF_VADDR, 0, ERIX_BOOTINFO_MAX_MODULES + 1), -1);
	assert_int_equal(erix_bib_init(&b, buf, (uint32_t)erix_bib_size(2, 2) - 8, BF_VADDR, 2, 2),
	                 -1);
	assert_int_equal(erix_bib_init(&b, buf, (uint32_t)erix_bib_size(2, 2), BF_VADDR, 2, 2), 0);
	assert_null(erix_bib_untyped(&b, 2));
	assert_null(erix_bib_module(&b, 2));
	assert_int_equal(erix_bib_set_module(&b, 2, "x", "", ERIX_MODULES_BASE, 0), -1);
	memset(long_name, 'n', sizeof(long_name) - 2);
	long_name[sizeof(long_name) - 2] = 0; /* 31 bytes: fits */
	assert_int_equal(erix_bib_set_module(&b, 0, long_name, "", ERIX_MODULES_BASE, 0), 0);
	long_name[sizeof(long_name) - 2] = 'n';
	long_name[sizeof(long_name) - 1] = 0; /* 32 bytes: does not */
	assert_int_equal(erix_bib_set_module(&b, 1, long_name, "", ERIX_MODULES_BASE, 0), -1);
	memset(long_cmdline, 'c', sizeof(long_cmdline) - 1);
	long_cmdline[sizeof(long_cmdline) - 1] = 0;
	assert_int_equal(erix_bib_set_module(&b, 1, "y", long_cmdline, ERIX_MODULES_BASE, 0), -1);
	assert_string_equal(erix_bib_module(&b, 1)->cmdline, "");
}

static void test_newer_minor(void **state)
{
	struct bf f;

	(void)state;
	build(&f, 0);
	f.h->version_minor = ERIX_BOOTINFO_VERSION_MINOR + 1;
	f.p->flags |= 0x100;   /* a fact a newer minor defines */
	f.h->total_size += 64; /* and data after the tables */
	erix_bib_reseal(f.buf);
	assert_int_equal(bf_validate(&f), ERIX_BOOTINFO_ERR_OK);
	bf_free(&f);
}

static void test_no_platform_facts(void **state)
{
	struct bf f;

	(void)state;
	build(&f, 0);
	memset(f.p, 0, sizeof(*f.p));
	erix_bib_reseal(f.buf);
	assert_int_equal(bf_validate_len(&f, 0, BF_VADDR), ERIX_BOOTINFO_ERR_OK);
	bf_free(&f);
}

static void test_bitmask_framebuffer(void **state)
{
	struct bf f;

	(void)state;
	build(&f, 0);
	f.p->fb_format = ERIX_FB_FORMAT_BITMASK;
	f.p->fb_bpp = 16;
	f.p->fb_pitch = 2048;
	f.p->fb_size = 2048 * 768;
	erix_bib_reseal(f.buf);
	assert_int_equal(bf_validate(&f), ERIX_BOOTINFO_ERR_OK);
	bf_free(&f);
}

/* Edges that pass: an empty module, a module ending at the window end,
 * adjacent untyped blocks, the 2^63 block at the top, an empty table
 * placed anywhere. */
static void test_edges_pass(void **state)
{
	struct bf f;

	(void)state;
	build(&f, 0);
	f.mod[0].size = 0;
	f.mod[1].vaddr = f.mod[0].vaddr + PAGE;
	f.mod[2].vaddr = WIN_END - 2 * PAGE;
	f.mod[2].size = 2 * PAGE;
	DEV(&f, 1)->size_bits = 63;
	DEV(&f, 1)->base = 1ull << 63;
	erix_bib_reseal(f.buf);
	assert_int_equal(bf_validate(&f), ERIX_BOOTINFO_ERR_OK);
	f.h->module_count = 0;
	f.h->module_offset = f.h->platform_offset;
	erix_bib_reseal(f.buf);
	assert_int_equal(bf_validate(&f), ERIX_BOOTINFO_ERR_OK);
	bf_free(&f);
}

static void test_short_buffers(void **state)
{
	struct bf f;

	(void)state;
	build(&f, 0);
	for (uint64_t len = 0; len < f.h->total_size; len += 7)
		assert_int_equal(bf_validate_len(&f, len ? len : 1, BF_VADDR),
		                 ERIX_BOOTINFO_ERR_TOTAL_SIZE);
	assert_int_equal(bf_validate_len(&f, 0, BF_VADDR + 8), ERIX_BOOTINFO_ERR_ADDRESS);
	bf_free(&f);
}

static void test_err_names(void **state)
{
	(void)state;
	assert_string_equal(erix_bootinfo_err_name(ERIX_BOOTINFO_ERR_OK), "OK");
	assert_string_equal(erix_bootinfo_err_name(ERIX_BOOTINFO_ERR_CHECKSUM), "CHECKSUM");
	assert_string_equal(erix_bootinfo_err_name(ERIX_BOOTINFO_ERR_MODULE_ORDER), "MODULE_ORDER");
	assert_string_equal(erix_bootinfo_err_name(ERIX_BOOTINFO_ERR_COUNT), "UNKNOWN");
	assert_string_equal(erix_bootinfo_err_name((enum erix_bootinfo_err) - 1), "UNKNOWN");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_bad_cases),         cmocka_unit_test(test_every_rule_has_a_case),
	    cmocka_unit_test(test_round_trip),        cmocka_unit_test(test_view_contents),
	    cmocka_unit_test(test_builder_limits),    cmocka_unit_test(test_newer_minor),
	    cmocka_unit_test(test_no_platform_facts), cmocka_unit_test(test_bitmask_framebuffer),
	    cmocka_unit_test(test_edges_pass),        cmocka_unit_test(test_short_buffers),
	    cmocka_unit_test(test_err_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
