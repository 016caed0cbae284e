/* Host tests for shared/elf/elf64.c: one breaking case per rule of
 * ERIX_ELF_RULES (a table; a meta-test fails if a rule has none), plus
 * images that must pass. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "elf_fixture.h"
#include <erix/layout.h>

#define WMIN     ERIX_USER_MIN
#define WMAX     ERIX_USER_TOP
#define PH(e, i) (&(e)->ph[i])

/* ------------------------------------------------------------ mutations */

static void m_small(struct ef *e)
{
	e->size = sizeof(struct elf64_ehdr) - 1;
}
static void m_empty(struct ef *e)
{
	e->size = 0;
}
static void m_magic(struct ef *e)
{
	e->buf[1] = 'X';
}
static void m_class(struct ef *e)
{
	e->buf[4] = 1;
}
static void m_data(struct ef *e)
{
	e->buf[5] = 2;
}
static void m_ident_version(struct ef *e)
{
	e->buf[6] = 0;
}
static void m_version(struct ef *e)
{
	e->eh->e_version = 2;
}
static void m_type(struct ef *e)
{
	e->eh->e_type = 3; /* ET_DYN */
}
static void m_machine(struct ef *e)
{
	e->eh->e_machine = 3;
}
static void m_ehsize(struct ef *e)
{
	e->eh->e_ehsize = 52;
}
static void m_phentsize(struct ef *e)
{
	e->eh->e_phentsize = 32;
}
static void m_phoff(struct ef *e)
{
	e->eh->e_phoff = e->size - 8;
}
static void m_phoff_wrap(struct ef *e)
{
	e->eh->e_phoff = UINT64_MAX - 0x40;
}
static void m_phnum(struct ef *e)
{
	e->eh->e_phnum = 0xFFFF;
}
static void m_no_load(struct ef *e)
{
	PH(e, EF_PH_TEXT)->p_type = 4;
	PH(e, EF_PH_DATA)->p_type = 4;
	PH(e, EF_PH_RODATA)->p_memsz = 0;
}
static void m_no_phdrs(struct ef *e)
{
	e->eh->e_phnum = 0;
}
static void m_too_many(struct ef *e)
{
	ef_many_segments(e, ELF64_MAX_LOAD_SEGMENTS + 1);
}
static void m_file_bounds(struct ef *e)
{
	PH(e, EF_PH_RODATA)->p_filesz = 0x2001;
}
static void m_file_wrap(struct ef *e)
{
	PH(e, EF_PH_RODATA)->p_offset = UINT64_MAX - 0xFFF;
	PH(e, EF_PH_RODATA)->p_filesz = 0x2000;
}
static void m_size(struct ef *e)
{
	PH(e, EF_PH_TEXT)->p_filesz = 0x900;
}
static void m_wrap(struct ef *e)
{
	PH(e, EF_PH_DATA)->p_vaddr = UINT64_MAX - 0xFFF;
	PH(e, EF_PH_DATA)->p_offset = 0x3000;
}
static void m_wrap_page(struct ef *e)
{
	PH(e, EF_PH_DATA)->p_vaddr = UINT64_MAX - 0xFFF;
	PH(e, EF_PH_DATA)->p_memsz = 0x800; /* the end fits, its page does not */
}
static void m_align(struct ef *e)
{
	PH(e, EF_PH_RODATA)->p_offset += 8;
}
static void m_range_low(struct ef *e)
{
	PH(e, EF_PH_RODATA)->p_vaddr = WMIN - 0x1000;
}
static void m_range_high(struct ef *e)
{
	PH(e, EF_PH_DATA)->p_vaddr = WMAX - 0x2000;
}
static void m_overlap(struct ef *e)
{
	PH(e, EF_PH_RODATA)->p_vaddr = EF_TEXT + 0x800;
	PH(e, EF_PH_RODATA)->p_offset = 0x2800;
}
static void m_overlap_same(struct ef *e)
{
	PH(e, EF_PH_RODATA)->p_vaddr = EF_TEXT;
}
static void m_wx(struct ef *e)
{
	PH(e, EF_PH_TEXT)->p_flags |= ELF64_PF_W;
}
static void m_wx_data(struct ef *e)
{
	PH(e, EF_PH_DATA)->p_flags |= ELF64_PF_X;
}
static void m_entry_rodata(struct ef *e)
{
	e->eh->e_entry = EF_TEXT + 0x1010;
}
static void m_entry_outside(struct ef *e)
{
	e->eh->e_entry = 0x1000;
}
static void m_entry_end(struct ef *e)
{
	e->eh->e_entry = EF_TEXT + 0x800;
}

/* --------------------------------------------------------------- cases */

struct bad_case {
	const char *what;
	enum erix_elf_err expect;
	void (*mutate)(struct ef *e);
};

#define E(rule) ERIX_ELF_ERR_##rule
static const struct bad_case bad_cases[] = {
    {"63 bytes", E(TOO_SMALL), m_small},
    {"empty", E(TOO_SMALL), m_empty},
    {"magic", E(MAGIC), m_magic},
    {"class", E(CLASS), m_class},
    {"data", E(DATA), m_data},
    {"ident version", E(VERSION), m_ident_version},
    {"e_version", E(VERSION), m_version},
    {"ET_DYN", E(TYPE), m_type},
    {"machine", E(MACHINE), m_machine},
    {"ehsize", E(HEADER_SIZE), m_ehsize},
    {"phentsize", E(HEADER_SIZE), m_phentsize},
    {"phoff", E(PHDR_BOUNDS), m_phoff},
    {"phoff wraps", E(PHDR_BOUNDS), m_phoff_wrap},
    {"phnum", E(PHDR_BOUNDS), m_phnum},
    {"no PT_LOAD", E(NO_SEGMENTS), m_no_load},
    {"no phdrs", E(NO_SEGMENTS), m_no_phdrs},
    {"too many", E(NO_SEGMENTS), m_too_many},
    {"filesz", E(SEGMENT_FILE_BOUNDS), m_file_bounds},
    {"offset wraps", E(SEGMENT_FILE_BOUNDS), m_file_wrap},
    {"filesz > memsz", E(SEGMENT_SIZE), m_size},
    {"vaddr wraps", E(SEGMENT_WRAP), m_wrap},
    {"page wraps", E(SEGMENT_WRAP), m_wrap_page},
    {"offset != vaddr mod page", E(SEGMENT_ALIGN), m_align},
    {"below window", E(SEGMENT_RANGE), m_range_low},
    {"above window", E(SEGMENT_RANGE), m_range_high},
    {"shared page", E(SEGMENT_OVERLAP), m_overlap},
    {"same page", E(SEGMENT_OVERLAP), m_overlap_same},
    {"text W+X", E(SEGMENT_WX), m_wx},
    {"data W+X", E(SEGMENT_WX), m_wx_data},
    {"entry in rodata", E(ENTRY), m_entry_rodata},
    {"entry outside", E(ENTRY), m_entry_outside},
    {"entry at text end", E(ENTRY), m_entry_end},
};
#define N_BAD (sizeof(bad_cases) / sizeof(bad_cases[0]))

static struct ef *new_ef(void)
{
	struct ef *e = malloc(sizeof(*e));

	assert_non_null(e);
	ef_build(e);
	return e;
}

/* Validates an exact-size heap copy, so ASan sees any read past the file. */
static enum erix_elf_err validate(const struct ef *e, uint64_t wmin, uint64_t wmax,
                                  struct erix_elf_image *img)
{
	uint8_t *copy = malloc(e->size ? e->size : 1);
	enum erix_elf_err err;

	assert_non_null(copy);
	memcpy(copy, e->buf, e->size);
	err = erix_elf_validate(copy, e->size, wmin, wmax, img);
	free(copy);
	return err;
}

static void test_bad_cases(void **state)
{
	struct erix_elf_image img;

	(void)state;
	for (size_t i = 0; i < N_BAD; i++) {
		struct ef *e = new_ef();
		enum erix_elf_err err;

		assert_int_equal(validate(e, WMIN, WMAX, &img), ERIX_ELF_ERR_OK);
		bad_cases[i].mutate(e);
		err = validate(e, WMIN, WMAX, &img);
		if (err != bad_cases[i].expect)
			print_error("case '%s': got %s, want %s\n", bad_cases[i].what,
			            erix_elf_err_name(err), erix_elf_err_name(bad_cases[i].expect));
		assert_int_equal(err, bad_cases[i].expect);
		free(e);
	}
}

static void test_every_rule_has_a_case(void **state)
{
	static const enum erix_elf_err rules[] = {
#define ERIX_RULE_VALUE(name, value) ERIX_ELF_ERR_##name,
	    ERIX_ELF_RULES(ERIX_RULE_VALUE)
#undef ERIX_RULE_VALUE
	};
	int missing = 0;

	(void)state;
	for (size_t r = 0; r < sizeof(rules) / sizeof(rules[0]); r++) {
		size_t n = 0;
		if (rules[r] == ERIX_ELF_ERR_OK)
			continue;
		for (size_t i = 0; i < N_BAD; i++)
			n += bad_cases[i].expect == rules[r];
		if (n == 0) {
			print_error("rule %s has no breaking case\n", erix_elf_err_name(rules[r]));
			missing++;
		}
	}
	assert_int_equal(missing, 0);
}

/* ------------------------------------------------------- passing cases */

static void test_valid_image(void **state)
{
	struct erix_elf_image img;
	struct ef *e = new_ef();

	(void)state;
	assert_int_equal(validate(e, WMIN, WMAX, &img), ERIX_ELF_ERR_OK);
	assert_int_equal(img.entry, EF_ENTRY);
	assert_int_equal(img.segment_count, 3); /* note and empty load ignored */
	assert_int_equal(img.segments[0].vaddr, EF_TEXT);
	assert_int_equal(img.segments[0].flags, ELF64_PF_R | ELF64_PF_X);
	assert_int_equal(img.segments[0].offset, 0x1000);
	assert_int_equal(img.segments[0].filesz, 0x800);
	assert_int_equal(img.segments[1].vaddr, EF_TEXT + 0x1000);
	assert_int_equal(img.segments[2].vaddr, EF_TEXT + 0x2000);
	assert_int_equal(img.segments[2].memsz, 0x3000);
	assert_int_equal(img.vaddr_min, EF_TEXT);
	assert_int_equal(img.vaddr_max, EF_TEXT + 0x5000);
	free(e);
}

static void test_max_segments(void **state)
{
	struct erix_elf_image img;
	struct ef *e = new_ef();

	(void)state;
	ef_many_segments(e, ELF64_MAX_LOAD_SEGMENTS);
	assert_int_equal(validate(e, WMIN, WMAX, &img), ERIX_ELF_ERR_OK);
	assert_int_equal(img.segment_count, ELF64_MAX_LOAD_SEGMENTS);
	for (unsigned i = 1; i < img.segment_count; i++)
		assert_true(img.segments[i].vaddr > img.segments[i - 1].vaddr);
	free(e);
}

/* Segments touching the window's edges exactly, unaligned starts inside the
 * first page, and a kernel-style window in the top half. */
static void test_window_edges(void **state)
{
	struct erix_elf_image img;
	struct ef *e = new_ef();

	(void)state;
	assert_int_equal(validate(e, EF_TEXT, EF_TEXT + 0x5000, &img), ERIX_ELF_ERR_OK);
	assert_int_equal(validate(e, EF_TEXT + 0x1000, EF_TEXT + 0x5000, &img),
	                 ERIX_ELF_ERR_SEGMENT_RANGE);
	assert_int_equal(validate(e, EF_TEXT, EF_TEXT + 0x4000, &img), ERIX_ELF_ERR_SEGMENT_RANGE);
	e->eh->e_entry = ERIX_KERNEL_VIRT_BASE + 0x10;
	for (int i = 0; i < EF_PH_COUNT; i++)
		if (e->ph[i].p_type == ELF64_PT_LOAD && e->ph[i].p_memsz)
			e->ph[i].p_vaddr += ERIX_KERNEL_VIRT_BASE - EF_TEXT;
	assert_int_equal(validate(e, ERIX_KERNEL_VIRT_BASE, UINT64_MAX, &img), ERIX_ELF_ERR_OK);
	assert_int_equal(img.vaddr_min, ERIX_KERNEL_VIRT_BASE);
	free(e);
}

static void test_unaligned_segment_start(void **state)
{
	struct erix_elf_image img;
	struct ef *e = new_ef();

	(void)state;
	PH(e, EF_PH_RODATA)->p_vaddr += 0x123;
	PH(e, EF_PH_RODATA)->p_offset += 0x123;
	assert_int_equal(validate(e, WMIN, WMAX, &img), ERIX_ELF_ERR_OK);
	assert_int_equal(img.segments[1].vaddr, EF_TEXT + 0x1123);
	free(e);
}

static void test_err_names(void **state)
{
	(void)state;
	assert_string_equal(erix_elf_err_name(ERIX_ELF_ERR_OK), "OK");
	assert_string_equal(erix_elf_err_name(ERIX_ELF_ERR_SEGMENT_WX), "SEGMENT_WX");
	assert_string_equal(erix_elf_err_name(ERIX_ELF_ERR_ENTRY), "ENTRY");
	assert_string_equal(erix_elf_err_name(ERIX_ELF_ERR_COUNT), "UNKNOWN");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_bad_cases),    cmocka_unit_test(test_every_rule_has_a_case),
	    cmocka_unit_test(test_valid_image),  cmocka_unit_test(test_max_segments),
	    cmocka_unit_test(test_window_edges), cmocka_unit_test(test_unaligned_segment_start),
	    cmocka_unit_test(test_err_names),
	};

	return cmocka_run_group_tests_name("elf64", tests, NULL, NULL);
}
