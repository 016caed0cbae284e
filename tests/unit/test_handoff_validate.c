/* Host tests for shared/handoff/validate.c: one breaking case per rule of
 * ERIX_HANDOFF_RULES (a table; a meta-test fails if a rule has none), plus
 * handoffs that must pass. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "handoff_fixture.h"
#include <erix/layout.h>

#define PAGE     ERIX_HANDOFF_PAGE_SIZE
#define TABLE(f) ((struct erix_handoff_section *)((f)->buf + (f)->h->section_table_offset))

/* ------------------------------------------------------------ mutations */

static void m_magic(struct hf *f)
{
	f->h->magic ^= 1;
}
static void m_version(struct hf *f)
{
	f->h->version_major = 2;
}
static void m_version0(struct hf *f)
{
	f->h->version_major = 0;
}
static void m_header_size(struct hf *f)
{
	f->h->header_size = 64;
}
static void m_header_size_newer_small(struct hf *f)
{
	f->h->version_minor = ERIX_HANDOFF_VERSION_MINOR + 1;
	f->h->header_size = 48;
}
static void m_header_size_newer_odd(struct hf *f)
{
	f->h->version_minor = ERIX_HANDOFF_VERSION_MINOR + 1;
	f->h->header_size = 60;
}
static void m_total_pages(struct hf *f)
{
	f->h->total_size -= 1;
}
static void m_total_zero(struct hf *f)
{
	f->h->total_size = 0;
}
static void m_total_big(struct hf *f)
{
	f->h->total_size += PAGE;
}
static void m_page_count(struct hf *f)
{
	f->h->page_count += 1;
}
static void m_page_count_max(struct hf *f)
{
	f->h->total_size = (ERIX_HANDOFF_MAX_PAGES + 1ull) * PAGE;
	f->h->page_count = ERIX_HANDOFF_MAX_PAGES + 1;
}
static void m_checksum(struct hf *f)
{
	f->h->checksum ^= 0x100;
}
static void m_checksum_data(struct hf *f)
{
	f->buf[f->h->total_size - 1] ^= 1;
}
static void m_address(struct hf *f)
{
	f->h->handoff_phys += PAGE;
}
static void m_table_zero(struct hf *f)
{
	f->h->section_count = 0;
}
static void m_table_many(struct hf *f)
{
	f->h->section_count = ERIX_HANDOFF_MAX_SECTIONS + 1;
}
static void m_table_in_header(struct hf *f)
{
	f->h->section_table_offset = 8;
}
static void m_table_unaligned(struct hf *f)
{
	f->h->section_table_offset += 4;
}
static void m_table_outside(struct hf *f)
{
	f->h->section_table_offset = f->h->total_size - 16;
}
static void m_bounds(struct hf *f)
{
	hf_section(f, ERIX_HANDOFF_SECTION_LOADER)->offset = f->h->total_size;
}
static void m_bounds_wrap(struct hf *f)
{
	hf_section(f, ERIX_HANDOFF_SECTION_LOADER)->offset = UINT64_MAX - 7;
}
static void m_bounds_size(struct hf *f)
{
	struct erix_handoff_section *s = hf_section(f, HF_UNKNOWN_TYPE);
	s->count = (f->h->total_size - s->offset) / 8 + 1;
	s->size = s->count * 8;
}
static void m_align(struct hf *f)
{
	hf_section(f, ERIX_HANDOFF_SECTION_LOADER)->offset += 4;
}
static void m_overlap(struct hf *f)
{
	hf_section(f, ERIX_HANDOFF_SECTION_LOADER)->offset =
	    hf_section(f, ERIX_HANDOFF_SECTION_KERNEL)->offset + 8;
}
static void m_overlap_header(struct hf *f)
{
	hf_section(f, ERIX_HANDOFF_SECTION_LOADER)->offset = 16;
}
static void m_overlap_table(struct hf *f)
{
	hf_section(f, ERIX_HANDOFF_SECTION_LOADER)->offset = f->h->section_table_offset;
}
static void m_missing(struct hf *f)
{
	hf_section(f, ERIX_HANDOFF_SECTION_KERNEL)->type = 99;
}
static void m_missing_memmap(struct hf *f)
{
	hf_section(f, ERIX_HANDOFF_SECTION_MEMMAP)->type = 99;
}
static void m_duplicate(struct hf *f)
{
	hf_section(f, ERIX_HANDOFF_SECTION_ACPI)->type = ERIX_HANDOFF_SECTION_FRAMEBUFFER;
}
static void m_esize(struct hf *f)
{
	struct erix_handoff_section *s = hf_section(f, ERIX_HANDOFF_SECTION_LOADER);
	s->entry_size = 16, s->count = 2;
}
static void m_esize_mismatch(struct hf *f)
{
	hf_section(f, ERIX_HANDOFF_SECTION_KERNEL)->size -= 8;
}
static void m_esize_overflow(struct hf *f)
{
	struct erix_handoff_section *s = hf_section(f, HF_UNKNOWN_TYPE);
	s->count = (1ull << 61) + 3; /* 8 * count wraps to 24 == size */
}
static void m_esize_two_kernels(struct hf *f)
{
	struct erix_handoff_section *s = hf_section(f, ERIX_HANDOFF_SECTION_PAGE_TABLES);
	s->count = 0, s->size = 0; /* keep bounds, make count wrong */
}
static void m_esize_modules(struct hf *f)
{
	struct erix_handoff_section *s = hf_section(f, ERIX_HANDOFF_SECTION_MODULES);
	s->count = ERIX_HANDOFF_MAX_MODULES + 1;
	s->size = s->count * s->entry_size;
	s->offset = f->h->total_size - s->size - 8;
	f->h->total_size += 0; /* stays in bounds: MEMMAP area is larger */
}
static void m_mem_empty(struct hf *f)
{
	f->mem[3].length = 0;
}
static void m_mem_empty_map(struct hf *f)
{
	struct erix_handoff_section *s = hf_section(f, ERIX_HANDOFF_SECTION_MEMMAP);
	s->count = 0, s->size = 0;
}
static void m_mem_align(struct hf *f)
{
	f->mem[0].length += 1;
}
static void m_mem_align_base(struct hf *f)
{
	f->mem[1].base += 0x800;
}
static void m_mem_wrap(struct hf *f)
{
	f->mem[f->mem_count - 1].base = UINT64_MAX - 0xFFF;
	f->mem[f->mem_count - 1].length = 0x2000;
}
static void m_mem_type(struct hf *f)
{
	f->mem[2].type = ERIX_MEM_TYPE_MAX + 1;
}
static void m_mem_type0(struct hf *f)
{
	f->mem[2].type = 0;
}
static void m_mem_order(struct hf *f)
{
	struct erix_mem_entry t = f->mem[0];
	f->mem[0] = f->mem[1];
	f->mem[1] = t;
}
static void m_mem_overlap(struct hf *f)
{
	f->mem[1].base = 0x9E000;
}
static void m_kernel_range(struct hf *f)
{
	f->kernel->virt_base = 0x80000000;
}
static void m_kernel_entry(struct hf *f)
{
	f->kernel->entry = f->kernel->virt_base + f->kernel->virt_size;
}
static void m_kernel_sizes(struct hf *f)
{
	f->kernel->virt_size += PAGE;
}
static void m_kernel_align(struct hf *f)
{
	f->kernel->phys_base += 0x10;
}
static void m_kernel_zero(struct hf *f)
{
	f->kernel->phys_size = f->kernel->virt_size = 0;
}
static void m_kernel_wrap(struct hf *f)
{
	f->kernel->phys_base = UINT64_MAX - 0xFFF;
}
static void m_kernel_cover(struct hf *f)
{
	f->kernel->phys_base += 0x100000;
}
static void m_kernel_cover_gap(struct hf *f)
{
	f->mem[hf_mem_index(f, ERIX_MEM_KERNEL) + 1].type = ERIX_MEM_RESERVED;
}
static void m_kernel_cover_low(struct hf *f)
{
	f->kernel->phys_base = 0x1000;
}
static void m_handoff_cover(struct hf *f)
{
	f->mem[hf_mem_index(f, ERIX_MEM_HANDOFF)].type = ERIX_MEM_RESERVED;
}
static void m_pt_range(struct hf *f)
{
	f->pt->cr3 = f->pt->phys_base + f->pt->size;
}
static void m_pt_cr3_align(struct hf *f)
{
	f->pt->cr3 += 8;
}
static void m_pt_zero(struct hf *f)
{
	f->pt->size = 0;
}
static void m_pt_cover(struct hf *f)
{
	f->pt->size = 0x10000;
}
static void m_mod_range(struct hf *f)
{
	f->mods[0].phys_base += 1;
}
static void m_mod_size(struct hf *f)
{
	f->mods[1].size = 0;
}
static void m_mod_wrap(struct hf *f)
{
	f->mods[1].size = UINT64_MAX - 0x402000 - 10;
}
static void m_mod_cover(struct hf *f)
{
	f->mods[1].size = 0x1001;
}
static void m_mod_name(struct hf *f)
{
	f->mods[1].name[0] = 0;
}
static void m_mod_name_unterminated(struct hf *f)
{
	memset(f->mods[0].name, 'a', sizeof(f->mods[0].name));
}
static void m_mod_cmdline(struct hf *f)
{
	memset(f->mods[1].cmdline, 'x', sizeof(f->mods[1].cmdline));
}
static void m_mod_dup(struct hf *f)
{
	memcpy(f->mods[1].name, f->mods[0].name, sizeof(f->mods[0].name));
}
static void m_fb_bpp(struct hf *f)
{
	f->fb->bpp = 24;
}
static void m_fb_bitmask_bpp(struct hf *f)
{
	f->fb->format = ERIX_FB_FORMAT_BITMASK, f->fb->bpp = 12;
}
static void m_fb_format(struct hf *f)
{
	f->fb->format = 9;
}
static void m_fb_pitch(struct hf *f)
{
	f->fb->pitch = 4000;
}
static void m_fb_size(struct hf *f)
{
	f->fb->size = 4096ull * 767;
}
static void m_fb_zero(struct hf *f)
{
	f->fb->width = 0;
}
static void m_fb_wrap(struct hf *f)
{
	f->fb->base = UINT64_MAX - 0x1000;
}
static void m_fb_cover(struct hf *f)
{
	f->fb->size = 0x400000;
}
static void m_fb_cover_unaligned(struct hf *f)
{
	f->fb->base += 0x800;
} /* last page spills */
static void m_rsdp_sig(struct hf *f)
{
	f->acpi->rsdp[0] = 'X';
}
static void m_rsdp_rev(struct hf *f)
{
	f->acpi->revision = 3;
}
static void m_rsdp_rev1(struct hf *f)
{
	f->acpi->rsdp[15] = 1;
	f->acpi->revision = 1;
}
static void m_rsdp_len(struct hf *f)
{
	f->acpi->length = ERIX_RSDP_V1_LENGTH;
}
static void m_rsdp_sum(struct hf *f)
{
	f->acpi->rsdp[9] ^= 1;
}
static void m_rsdp_ext(struct hf *f)
{
	f->acpi->rsdp[24] ^= 1;
}

/* --------------------------------------------------------------- cases */

#define NO_RESEAL     0x1
#define CLOSED_LEN    0x2 /* pass buf_len = the original total_size */
#define NEEDS_UNKNOWN 0x4
#define HUGE_LEN      0x8 /* buf_len above the MAX_PAGES bound */

struct bad_case {
	const char *what;
	enum erix_handoff_err expect;
	void (*mutate)(struct hf *f);
	unsigned flags;
};

#define E(rule) ERIX_HANDOFF_ERR_##rule
static void m_digest_count(struct hf *f)
{
	struct erix_handoff_section *s = hf_section(f, ERIX_HANDOFF_SECTION_DIGESTS);

	/* Room enough inside total_size: the count alone breaks the rule. */
	s->count = ERIX_HANDOFF_MAX_DIGESTS + 1;
	s->size = s->count * s->entry_size;
	s->offset = f->h->total_size - s->size;
	s->offset &= ~7ull;
}
static void m_digest_kind0(struct hf *f)
{
	f->digests[1].kind = 0;
}
static void m_digest_kind_big(struct hf *f)
{
	f->digests[3].kind = ERIX_DIGEST_KIND_MAX + 1;
}
static void m_digest_path_empty(struct hf *f)
{
	f->digests[2].path[0] = 0;
}
static void m_digest_path_open(struct hf *f)
{
	memset(f->digests[0].path, 'A', sizeof(f->digests[0].path));
}

static const struct bad_case bad_cases[] = {
    {"magic", E(MAGIC), m_magic, 0},
    {"major 2", E(VERSION), m_version, 0},
    {"major 0", E(VERSION), m_version0, 0},
    {"header_size", E(HEADER_SIZE), m_header_size, 0},
    {"newer minor, small header", E(HEADER_SIZE), m_header_size_newer_small, 0},
    {"newer minor, odd header", E(HEADER_SIZE), m_header_size_newer_odd, 0},
    {"total not pages", E(TOTAL_SIZE), m_total_pages, NO_RESEAL},
    {"total zero", E(TOTAL_SIZE), m_total_zero, NO_RESEAL},
    {"total > buffer", E(TOTAL_SIZE), m_total_big, NO_RESEAL | CLOSED_LEN},
    {"page_count", E(PAGE_COUNT), m_page_count, NO_RESEAL},
    {"page_count > max", E(PAGE_COUNT), m_page_count_max, NO_RESEAL | HUGE_LEN},
    {"checksum field", E(CHECKSUM), m_checksum, NO_RESEAL},
    {"checksum data", E(CHECKSUM), m_checksum_data, NO_RESEAL},
    {"address", E(ADDRESS), m_address, 0},
    {"no sections", E(SECTION_TABLE), m_table_zero, 0},
    {"too many sections", E(SECTION_TABLE), m_table_many, 0},
    {"table in header", E(SECTION_TABLE), m_table_in_header, 0},
    {"table unaligned", E(SECTION_TABLE), m_table_unaligned, 0},
    {"table outside", E(SECTION_TABLE), m_table_outside, 0},
    {"section offset", E(SECTION_BOUNDS), m_bounds, 0},
    {"section offset wraps", E(SECTION_BOUNDS), m_bounds_wrap, 0},
    {"section size", E(SECTION_BOUNDS), m_bounds_size, NEEDS_UNKNOWN},
    {"section unaligned", E(SECTION_ALIGN), m_align, 0},
    {"sections overlap", E(SECTION_OVERLAP), m_overlap, 0},
    {"section over header", E(SECTION_OVERLAP), m_overlap_header, 0},
    {"section over table", E(SECTION_OVERLAP), m_overlap_table, 0},
    {"kernel missing", E(SECTION_MISSING), m_missing, 0},
    {"memmap missing", E(SECTION_MISSING), m_missing_memmap, 0},
    {"framebuffer twice", E(SECTION_DUPLICATE), m_duplicate, 0},
    {"entry size", E(ENTRY_SIZE), m_esize, 0},
    {"size != count*entry", E(ENTRY_SIZE), m_esize_mismatch, 0},
    {"count*entry wraps", E(ENTRY_SIZE), m_esize_overflow, NEEDS_UNKNOWN},
    {"page tables count 0", E(ENTRY_SIZE), m_esize_two_kernels, 0},
    {"too many modules", E(ENTRY_SIZE), m_esize_modules, 0},
    {"zero-length entry", E(MEM_EMPTY), m_mem_empty, 0},
    {"empty map", E(MEM_EMPTY), m_mem_empty_map, 0},
    {"entry length", E(MEM_ALIGN), m_mem_align, 0},
    {"entry base", E(MEM_ALIGN), m_mem_align_base, 0},
    {"entry wraps", E(MEM_WRAP), m_mem_wrap, 0},
    {"type > max", E(MEM_TYPE), m_mem_type, 0},
    {"type 0", E(MEM_TYPE), m_mem_type0, 0},
    {"unsorted", E(MEM_ORDER), m_mem_order, 0},
    {"overlap", E(MEM_OVERLAP), m_mem_overlap, 0},
    {"kernel below base", E(KERNEL_RANGE), m_kernel_range, 0},
    {"kernel entry", E(KERNEL_RANGE), m_kernel_entry, 0},
    {"kernel sizes", E(KERNEL_RANGE), m_kernel_sizes, 0},
    {"kernel unaligned", E(KERNEL_RANGE), m_kernel_align, 0},
    {"kernel empty", E(KERNEL_RANGE), m_kernel_zero, 0},
    {"kernel wraps", E(KERNEL_RANGE), m_kernel_wrap, 0},
    {"kernel cover", E(KERNEL_COVER), m_kernel_cover, 0},
    {"kernel cover gap", E(KERNEL_COVER), m_kernel_cover_gap, 0},
    {"kernel in low mem", E(KERNEL_COVER), m_kernel_cover_low, 0},
    {"handoff cover", E(HANDOFF_COVER), m_handoff_cover, 0},
    {"cr3 outside", E(PAGE_TABLES_RANGE), m_pt_range, 0},
    {"cr3 unaligned", E(PAGE_TABLES_RANGE), m_pt_cr3_align, 0},
    {"pt empty", E(PAGE_TABLES_RANGE), m_pt_zero, 0},
    {"pt cover", E(PAGE_TABLES_COVER), m_pt_cover, 0},
    {"module unaligned", E(MODULE_RANGE), m_mod_range, 0},
    {"module empty", E(MODULE_RANGE), m_mod_size, 0},
    {"module wraps", E(MODULE_RANGE), m_mod_wrap, 0},
    {"module cover", E(MODULE_COVER), m_mod_cover, 0},
    {"module name empty", E(MODULE_NAME), m_mod_name, 0},
    {"module name open", E(MODULE_NAME), m_mod_name_unterminated, 0},
    {"module cmdline", E(MODULE_CMDLINE), m_mod_cmdline, 0},
    {"module name twice", E(MODULE_NAME_DUPLICATE), m_mod_dup, 0},
    {"fb bpp", E(FRAMEBUFFER_RANGE), m_fb_bpp, 0},
    {"fb bitmask bpp", E(FRAMEBUFFER_RANGE), m_fb_bitmask_bpp, 0},
    {"fb format", E(FRAMEBUFFER_RANGE), m_fb_format, 0},
    {"fb pitch", E(FRAMEBUFFER_RANGE), m_fb_pitch, 0},
    {"fb size", E(FRAMEBUFFER_RANGE), m_fb_size, 0},
    {"fb width", E(FRAMEBUFFER_RANGE), m_fb_zero, 0},
    {"fb wraps", E(FRAMEBUFFER_RANGE), m_fb_wrap, 0},
    {"fb cover", E(FRAMEBUFFER_COVER), m_fb_cover, 0},
    {"fb cover unaligned", E(FRAMEBUFFER_COVER), m_fb_cover_unaligned, 0},
    {"rsdp signature", E(RSDP_SIGNATURE), m_rsdp_sig, 0},
    {"rsdp revision", E(RSDP_SIGNATURE), m_rsdp_rev, 0},
    {"rsdp revision 1", E(RSDP_SIGNATURE), m_rsdp_rev1, 0},
    {"rsdp length", E(RSDP_SIGNATURE), m_rsdp_len, 0},
    {"rsdp checksum", E(RSDP_CHECKSUM), m_rsdp_sum, 0},
    {"rsdp ext checksum", E(RSDP_EXT_CHECKSUM), m_rsdp_ext, 0},
    {"too many digests", E(ENTRY_SIZE), m_digest_count, 0},
    {"digest kind 0", E(DIGEST_KIND), m_digest_kind0, 0},
    {"digest kind > max", E(DIGEST_KIND), m_digest_kind_big, 0},
    {"digest path empty", E(DIGEST_PATH), m_digest_path_empty, 0},
    {"digest path open", E(DIGEST_PATH), m_digest_path_open, 0},
};
#define N_BAD (sizeof(bad_cases) / sizeof(bad_cases[0]))

static void run_bad_case(const struct bad_case *c)
{
	struct hf_opts o = {.unknown_section = (c->flags & NEEDS_UNKNOWN) != 0};
	struct erix_handoff_view view;
	struct hf f;
	uint64_t len;
	enum erix_handoff_err err;

	assert_int_equal(hf_build(&f, &o), 0);
	assert_int_equal(hf_validate(&f), ERIX_HANDOFF_ERR_OK);
	len = (c->flags & CLOSED_LEN) ? f.h->total_size : HF_CAPACITY;
	if (c->flags & HUGE_LEN)
		len = (ERIX_HANDOFF_MAX_PAGES + 2ull) * PAGE;
	c->mutate(&f);
	if (!(c->flags & NO_RESEAL))
		erix_hb_reseal(f.buf);
	memset(&view, 0xA5, sizeof(view));
	err = hf_validate_len(&f, len, HF_PHYS, &view);
	if (err != c->expect)
		print_error("case '%s': got %s, want %s\n", c->what, erix_handoff_err_name(err),
		            erix_handoff_err_name(c->expect));
	assert_int_equal(err, c->expect);
	assert_null(view.header); /* zeroed on failure */
	assert_int_equal(view.mem_count, 0);
	hf_free(&f);
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
	static const enum erix_handoff_err rules[] = {
#define ERIX_RULE_VALUE(name, value) ERIX_HANDOFF_ERR_##name,
	    ERIX_HANDOFF_RULES(ERIX_RULE_VALUE)
#undef ERIX_RULE_VALUE
	};
	int missing = 0;

	(void)state;
	for (size_t r = 0; r < sizeof(rules) / sizeof(rules[0]); r++) {
		size_t n = 0;
		if (rules[r] == ERIX_HANDOFF_ERR_OK)
			continue;
		for (size_t i = 0; i < N_BAD; i++)
			n += bad_cases[i].expect == rules[r];
		if (n == 0) {
			print_error("rule %s has no breaking case\n",
			            erix_handoff_err_name(rules[r]));
			missing++;
		}
	}
	assert_int_equal(missing, 0);
}

/* ------------------------------------------------------- passing cases */

static void build_ok(struct hf *f, const struct hf_opts *o)
{
	assert_int_equal(hf_build(f, o), 0);
	assert_int_equal(hf_validate(f), ERIX_HANDOFF_ERR_OK);
}

static void test_valid_view(void **state)
{
	struct erix_handoff_view v;
	struct hf f;

	(void)state;
	build_ok(&f, NULL);
	assert_int_equal(erix_handoff_validate(f.buf, HF_CAPACITY, HF_PHYS, &v),
	                 ERIX_HANDOFF_ERR_OK);
	assert_ptr_equal(v.header, f.h);
	assert_ptr_equal(v.mem, f.mem);
	assert_int_equal(v.mem_count, f.mem_count);
	assert_ptr_equal(v.modules, f.mods);
	assert_int_equal(v.module_count, 2);
	assert_ptr_equal(v.kernel, f.kernel);
	assert_ptr_equal(v.page_tables, f.pt);
	assert_ptr_equal(v.loader, f.loader);
	assert_ptr_equal(v.framebuffer, f.fb);
	assert_ptr_equal(v.acpi, f.acpi);
	assert_ptr_equal(v.digests, f.digests);
	assert_int_equal(v.digest_count, 4);
	/* NULL view is allowed. */
	assert_int_equal(erix_handoff_validate(f.buf, HF_CAPACITY, HF_PHYS, NULL),
	                 ERIX_HANDOFF_ERR_OK);
	hf_free(&f);
}

static void test_newer_minor(void **state)
{
	struct hf f;

	(void)state;
	build_ok(&f, NULL);
	f.h->version_minor = ERIX_HANDOFF_VERSION_MINOR + 7;
	erix_hb_reseal(f.buf);
	assert_int_equal(hf_validate(&f), ERIX_HANDOFF_ERR_OK);
	hf_free(&f);
}

/* A newer minor may grow the header; the table then starts later. */
static void test_newer_minor_bigger_header(void **state)
{
	struct hf f;
	struct erix_handoff_section *t;

	(void)state;
	build_ok(&f, NULL);
	t = TABLE(&f);
	memmove((uint8_t *)t + 8, t, f.h->section_count * sizeof(*t));
	f.h->section_table_offset += 8;
	f.h->version_minor = ERIX_HANDOFF_VERSION_MINOR + 1;
	f.h->header_size = sizeof(*f.h) + 8;
	erix_hb_reseal(f.buf);
	assert_int_equal(hf_validate(&f), ERIX_HANDOFF_ERR_OK);
	hf_free(&f);
}

static void test_unknown_section_ignored(void **state)
{
	struct hf_opts o = {.unknown_section = 1};
	struct hf f;

	(void)state;
	build_ok(&f, &o);
	/* Unknown types may even reuse a known entry size and any count. */
	hf_section(&f, HF_UNKNOWN_TYPE)->entry_size = 1;
	hf_section(&f, HF_UNKNOWN_TYPE)->count = 24;
	erix_hb_reseal(f.buf);
	assert_int_equal(hf_validate(&f), ERIX_HANDOFF_ERR_OK);
	hf_free(&f);
}

static void test_rsdp_rev0(void **state)
{
	struct hf_opts o = {.acpi_rev0 = 1};
	struct hf f;

	(void)state;
	build_ok(&f, &o);
	assert_int_equal(f.acpi->length, ERIX_RSDP_V1_LENGTH);
	hf_free(&f);
}

static void test_no_optional_sections(void **state)
{
	struct hf_opts o = {.no_framebuffer = 1, .no_acpi = 1, .no_digests = 1};
	struct erix_handoff_view v;
	struct hf f;

	(void)state;
	build_ok(&f, &o);
	assert_int_equal(hf_validate_len(&f, 0, HF_PHYS, &v), ERIX_HANDOFF_ERR_OK);
	assert_null(v.framebuffer);
	assert_null(v.acpi);
	assert_null(v.digests);
	assert_int_equal(v.digest_count, 0);
	hf_free(&f);
}

static void test_big_memory_map(void **state)
{
	struct hf_opts o = {.extra_mem = 2100};
	struct hf f;

	(void)state;
	build_ok(&f, &o);
	assert_true(f.mem_count > 2000);
	assert_true(f.h->page_count > 10);
	/* A handoff entry shorter than the (multi-page) handoff. */
	f.mem[hf_mem_index(&f, ERIX_MEM_HANDOFF)].length = PAGE;
	erix_hb_reseal(f.buf);
	assert_int_equal(hf_validate(&f), ERIX_HANDOFF_ERR_HANDOFF_COVER);
	f.mem[hf_mem_index(&f, ERIX_MEM_HANDOFF)].length = ERIX_HANDOFF_MAX_PAGES * PAGE;
	/* A break on the last page is still found. */
	f.mem[f.mem_count - 1].type = 0;
	erix_hb_reseal(f.buf);
	assert_int_equal(hf_validate(&f), ERIX_HANDOFF_ERR_MEM_TYPE);
	hf_free(&f);
}

/* bl maps only RAM, the handoff and the framebuffer (bl/paging.c) and
 * passes the rest on: MMIO and RESERVED entries above ERIX_BOOT_MAP_MAX
 * (high 64-bit PCI windows) or across it are valid; the kernel never
 * touches them through the boot tables (kernel/boot.c handoff_window). */
static void test_mmio_above_boot_map(void **state)
{
	struct hf_opts o = {.extra_mem = 2};
	struct erix_mem_entry *last;
	struct hf f;

	(void)state;
	build_ok(&f, &o);
	last = &f.mem[f.mem_count - 1];
	last->base = ERIX_BOOT_MAP_MAX + 0x4000000000ull;
	last->length = 0x40000000;
	last->type = ERIX_MEM_MMIO;
	erix_hb_reseal(f.buf);
	assert_int_equal(hf_validate(&f), ERIX_HANDOFF_ERR_OK);
	last->type = ERIX_MEM_RESERVED;
	erix_hb_reseal(f.buf);
	assert_int_equal(hf_validate(&f), ERIX_HANDOFF_ERR_OK);
	last->base = ERIX_BOOT_MAP_MAX - 0x1000;
	last->type = ERIX_MEM_MMIO;
	erix_hb_reseal(f.buf);
	assert_int_equal(hf_validate(&f), ERIX_HANDOFF_ERR_OK);
	hf_free(&f);
}

static void test_zero_size_section_overlaps_nothing(void **state)
{
	struct hf f;
	struct erix_handoff_section *s;

	(void)state;
	build_ok(&f, NULL);
	s = hf_section(&f, ERIX_HANDOFF_SECTION_MODULES);
	s->count = 0, s->size = 0;
	s->offset = hf_section(&f, ERIX_HANDOFF_SECTION_KERNEL)->offset;
	erix_hb_reseal(f.buf);
	assert_int_equal(hf_validate(&f), ERIX_HANDOFF_ERR_OK);
	hf_free(&f);
}

static void test_bitmask_framebuffer(void **state)
{
	struct hf f;

	(void)state;
	build_ok(&f, NULL);
	f.fb->format = ERIX_FB_FORMAT_BITMASK;
	f.fb->bpp = 16;
	f.fb->pitch = 2048;
	f.fb->base += 0x800; /* unaligned base, still inside the entry */
	f.fb->size = 2048 * 768;
	erix_hb_reseal(f.buf);
	assert_int_equal(hf_validate(&f), ERIX_HANDOFF_ERR_OK);
	hf_free(&f);
}

static void test_short_buffers(void **state)
{
	struct hf f;

	(void)state;
	build_ok(&f, NULL);
	for (uint64_t len = 1; len < sizeof(*f.h); len += 5)
		assert_int_equal(hf_validate_len(&f, len, HF_PHYS, NULL),
		                 ERIX_HANDOFF_ERR_TOTAL_SIZE);
	assert_int_equal(hf_validate_len(&f, f.h->total_size - 8, HF_PHYS, NULL),
	                 ERIX_HANDOFF_ERR_TOTAL_SIZE);
	/* Wrong physical address passed by bl, unaligned one too. */
	assert_int_equal(hf_validate_len(&f, 0, HF_PHYS + PAGE, NULL), ERIX_HANDOFF_ERR_ADDRESS);
	f.h->handoff_phys = HF_PHYS + 8;
	erix_hb_reseal(f.buf);
	assert_int_equal(hf_validate_len(&f, 0, HF_PHYS + 8, NULL), ERIX_HANDOFF_ERR_ADDRESS);
	hf_free(&f);
}

static void test_err_names(void **state)
{
	(void)state;
	assert_string_equal(erix_handoff_err_name(ERIX_HANDOFF_ERR_OK), "OK");
	assert_string_equal(erix_handoff_err_name(ERIX_HANDOFF_ERR_CHECKSUM), "CHECKSUM");
	assert_string_equal(erix_handoff_err_name(ERIX_HANDOFF_ERR_RSDP_EXT_CHECKSUM),
	                    "RSDP_EXT_CHECKSUM");
	assert_string_equal(erix_handoff_err_name(ERIX_HANDOFF_ERR_COUNT), "UNKNOWN");
	assert_string_equal(erix_handoff_err_name((enum erix_handoff_err) - 1), "UNKNOWN");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_bad_cases),
	    cmocka_unit_test(test_every_rule_has_a_case),
	    cmocka_unit_test(test_valid_view),
	    cmocka_unit_test(test_newer_minor),
	    cmocka_unit_test(test_newer_minor_bigger_header),
	    cmocka_unit_test(test_unknown_section_ignored),
	    cmocka_unit_test(test_rsdp_rev0),
	    cmocka_unit_test(test_no_optional_sections),
	    cmocka_unit_test(test_big_memory_map),
	    cmocka_unit_test(test_mmio_above_boot_map),
	    cmocka_unit_test(test_zero_size_section_overlaps_nothing),
	    cmocka_unit_test(test_bitmask_framebuffer),
	    cmocka_unit_test(test_short_buffers),
	    cmocka_unit_test(test_err_names),
	};

	return cmocka_run_group_tests_name("handoff_validate", tests, NULL, NULL);
}
