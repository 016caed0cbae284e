/* Host tests for shared/handoff/memmap.c: sorting, merging, alignment,
 * overlap resolution, carving (split, insert, replace) and capacity errors,
 * framebuffer carves only over gaps and MMIO,
 * plus a randomised check that results are always sorted and disjoint. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include <handoff/memmap.h>

#define PG   0x1000ull
#define FAIL ((size_t)-1)

static void expect_entry(const struct erix_mem_entry *m, uint64_t base, uint64_t len, uint32_t type,
                         uint32_t flags)
{
	assert_int_equal(m->base, base);
	assert_int_equal(m->length, len);
	assert_int_equal(m->type, type);
	assert_int_equal(m->flags, flags);
}

static void expect_normalised(const struct erix_mem_entry *e, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		assert_true(e[i].length > 0);
		assert_int_equal(e[i].base % PG, 0);
		assert_int_equal(e[i].length % PG, 0);
		assert_true(e[i].type >= 1 && e[i].type <= ERIX_MEM_TYPE_MAX);
		if (i == 0)
			continue;
		assert_true(e[i - 1].base + e[i - 1].length <= e[i].base);
		if (e[i - 1].base + e[i - 1].length == e[i].base)
			assert_false(e[i - 1].type == e[i].type && e[i - 1].flags == e[i].flags);
	}
}

static void test_sort_and_merge(void **state)
{
	struct erix_mem_entry e[4] = {
	    {4 * PG, 2 * PG, ERIX_MEM_USABLE, 0},
	    {0, 2 * PG, ERIX_MEM_USABLE, 0},
	    {2 * PG, 2 * PG, ERIX_MEM_USABLE, 0},
	    {6 * PG, PG, ERIX_MEM_RESERVED, 0},
	};
	(void)state;
	assert_int_equal(erix_memmap_normalize(e, 4, 4), 2);
	expect_entry(&e[0], 0, 6 * PG, ERIX_MEM_USABLE, 0);
	expect_entry(&e[1], 6 * PG, PG, ERIX_MEM_RESERVED, 0);
}

static void test_flags_keep_apart_and_empty_dropped(void **state)
{
	struct erix_mem_entry e[3] = {
	    {0, PG, ERIX_MEM_RESERVED, 0},
	    {PG, PG, ERIX_MEM_RESERVED, ERIX_MEM_F_RUNTIME},
	    {8 * PG, 0, ERIX_MEM_USABLE, 0},
	};
	(void)state;
	assert_int_equal(erix_memmap_normalize(e, 3, 3), 2);
	expect_entry(&e[0], 0, PG, ERIX_MEM_RESERVED, 0);
	expect_entry(&e[1], PG, PG, ERIX_MEM_RESERVED, ERIX_MEM_F_RUNTIME);
	assert_int_equal(erix_memmap_normalize(e, 0, 0), 0);
}

static void test_alignment_is_conservative(void **state)
{
	struct erix_mem_entry e[2] = {
	    {0x800, 3 * PG, ERIX_MEM_USABLE, 0},    /* shrinks to [1, 3) pages */
	    {5 * PG + 1, 10, ERIX_MEM_ACPI_NVS, 0}, /* grows to page 5 */
	};
	(void)state;
	assert_int_equal(erix_memmap_normalize(e, 2, 2), 2);
	expect_entry(&e[0], PG, 2 * PG, ERIX_MEM_USABLE, 0);
	expect_entry(&e[1], 5 * PG, PG, ERIX_MEM_ACPI_NVS, 0);
}

static void test_unknown_type_becomes_reserved(void **state)
{
	struct erix_mem_entry e[1] = {{0, PG, 99, 0}};
	(void)state;
	assert_int_equal(erix_memmap_normalize(e, 1, 1), 1);
	expect_entry(&e[0], 0, PG, ERIX_MEM_RESERVED, 0);
}

static void test_overlap_restrictive_wins_split(void **state)
{
	/* A reserved hole in the middle of usable RAM splits it in three. */
	struct erix_mem_entry e[3] = {
	    {0, 10 * PG, ERIX_MEM_USABLE, 0},
	    {4 * PG, 2 * PG, ERIX_MEM_RESERVED, 0},
	};
	(void)state;
	assert_int_equal(erix_memmap_normalize(e, 2, 3), 3);
	expect_entry(&e[0], 0, 4 * PG, ERIX_MEM_USABLE, 0);
	expect_entry(&e[1], 4 * PG, 2 * PG, ERIX_MEM_RESERVED, 0);
	expect_entry(&e[2], 6 * PG, 4 * PG, ERIX_MEM_USABLE, 0);
}

static void test_overlap_winner_first(void **state)
{
	struct erix_mem_entry e[3] = {
	    {2 * PG, 10 * PG, ERIX_MEM_USABLE, 0},
	    {0, 4 * PG, ERIX_MEM_MMIO, 0},
	    {3 * PG, 2 * PG, ERIX_MEM_LOADER_RECLAIMABLE, 0},
	};
	(void)state;
	assert_int_equal(erix_memmap_normalize(e, 3, 3), 3);
	expect_entry(&e[0], 0, 4 * PG, ERIX_MEM_MMIO, 0);
	expect_entry(&e[1], 4 * PG, PG, ERIX_MEM_LOADER_RECLAIMABLE, 0);
	expect_entry(&e[2], 5 * PG, 7 * PG, ERIX_MEM_USABLE, 0);
}

static void test_overlap_same_type_unions(void **state)
{
	struct erix_mem_entry e[2] = {
	    {0, 4 * PG, ERIX_MEM_USABLE, 0},
	    {2 * PG, 4 * PG, ERIX_MEM_USABLE, 0},
	};
	(void)state;
	assert_int_equal(erix_memmap_normalize(e, 2, 2), 1);
	expect_entry(&e[0], 0, 6 * PG, ERIX_MEM_USABLE, 0);
}

static void test_overlap_needs_capacity(void **state)
{
	struct erix_mem_entry e[2] = {
	    {0, 10 * PG, ERIX_MEM_USABLE, 0},
	    {4 * PG, 2 * PG, ERIX_MEM_RESERVED, 0},
	};
	(void)state;
	assert_int_equal(erix_memmap_normalize(e, 2, 2), FAIL);
	assert_int_equal(erix_memmap_normalize(e, 3, 2), FAIL);
}

static void test_carve_split(void **state)
{
	struct erix_mem_entry e[4] = {{0, 16 * PG, ERIX_MEM_USABLE, 0}};
	(void)state;
	assert_int_equal(erix_memmap_carve(e, 1, 4, 4 * PG, 2 * PG, ERIX_MEM_KERNEL), 3);
	expect_entry(&e[0], 0, 4 * PG, ERIX_MEM_USABLE, 0);
	expect_entry(&e[1], 4 * PG, 2 * PG, ERIX_MEM_KERNEL, 0);
	expect_entry(&e[2], 6 * PG, 10 * PG, ERIX_MEM_USABLE, 0);
}

static void test_carve_edges_and_merge(void **state)
{
	struct erix_mem_entry e[4] = {{0, 8 * PG, ERIX_MEM_LOADER_RECLAIMABLE, 0}};
	(void)state;
	assert_int_equal(erix_memmap_carve(e, 1, 4, 0, 2 * PG, ERIX_MEM_MODULE), 2);
	assert_int_equal(erix_memmap_carve(e, 2, 4, 2 * PG, 2 * PG, ERIX_MEM_MODULE), 2);
	expect_entry(&e[0], 0, 4 * PG, ERIX_MEM_MODULE, 0);
	expect_entry(&e[1], 4 * PG, 4 * PG, ERIX_MEM_LOADER_RECLAIMABLE, 0);
	assert_int_equal(erix_memmap_carve(e, 2, 4, 6 * PG, 2 * PG, ERIX_MEM_HANDOFF), 3);
	expect_entry(&e[2], 6 * PG, 2 * PG, ERIX_MEM_HANDOFF, 0);
}

static void test_carve_inserts_uncovered(void **state)
{
	struct erix_mem_entry e[4] = {
	    {0, PG, ERIX_MEM_USABLE, 0},
	    {100 * PG, PG, ERIX_MEM_USABLE, 0},
	};
	(void)state;
	assert_int_equal(erix_memmap_carve(e, 2, 4, 50 * PG, 4 * PG, ERIX_MEM_FRAMEBUFFER), 3);
	expect_entry(&e[1], 50 * PG, 4 * PG, ERIX_MEM_FRAMEBUFFER, 0);
	expect_entry(&e[2], 100 * PG, PG, ERIX_MEM_USABLE, 0);
	assert_int_equal(erix_memmap_carve(e, 3, 4, 1000 * PG, PG, ERIX_MEM_FRAMEBUFFER), 4);
	expect_entry(&e[3], 1000 * PG, PG, ERIX_MEM_FRAMEBUFFER, 0);
}

static void test_carve_spans_several(void **state)
{
	struct erix_mem_entry e[5] = {
	    {0, 4 * PG, ERIX_MEM_USABLE, 0},
	    {4 * PG, 2 * PG, ERIX_MEM_RESERVED, ERIX_MEM_F_RUNTIME},
	    {8 * PG, 4 * PG, ERIX_MEM_ACPI_RECLAIM, 0},
	};
	(void)state;
	assert_int_equal(erix_memmap_carve(e, 3, 5, 2 * PG, 8 * PG, ERIX_MEM_PAGE_TABLES), 3);
	expect_entry(&e[0], 0, 2 * PG, ERIX_MEM_USABLE, 0);
	expect_entry(&e[1], 2 * PG, 8 * PG, ERIX_MEM_PAGE_TABLES, 0);
	expect_entry(&e[2], 10 * PG, 2 * PG, ERIX_MEM_ACPI_RECLAIM, 0);
}

static void test_carve_errors(void **state)
{
	struct erix_mem_entry e[2] = {{0, 16 * PG, ERIX_MEM_USABLE, 0}};
	(void)state;
	assert_int_equal(erix_memmap_carve(e, 1, 2, 4 * PG, PG, ERIX_MEM_KERNEL), FAIL);
	expect_entry(&e[0], 0, 16 * PG, ERIX_MEM_USABLE, 0); /* untouched */
	assert_int_equal(erix_memmap_carve(e, 1, 2, 4 * PG + 1, PG, ERIX_MEM_KERNEL), FAIL);
	assert_int_equal(erix_memmap_carve(e, 1, 2, 4 * PG, 100, ERIX_MEM_KERNEL), FAIL);
	assert_int_equal(erix_memmap_carve(e, 1, 2, ~0ull & ~(PG - 1), 2 * PG, ERIX_MEM_KERNEL),
	                 FAIL);
	assert_int_equal(erix_memmap_carve(e, 1, 2, 0, PG, 0), FAIL);
	assert_int_equal(erix_memmap_carve(e, 1, 2, 0, PG, ERIX_MEM_TYPE_MAX + 1), FAIL);
	assert_int_equal(erix_memmap_carve(e, 1, 2, 0, 0, ERIX_MEM_KERNEL), 1);
	assert_int_equal(erix_memmap_carve(e, 1, 2, 0, PG, ERIX_MEM_KERNEL), 2);
}

/* Framebuffer carves (bl/handoff.c): only gaps and MMIO may become
 * FRAMEBUFFER. The map below: RAM, ACPI NVS, RESERVED, a gap, 16 pages of
 * MMIO, firmware RESERVED right after it, then nothing. */
#define FB_MMIO    (0x200 * PG)
#define FB_MMIO_SZ (16 * PG)
#define FB_AFTER   (FB_MMIO + FB_MMIO_SZ)

static size_t fb_map(struct erix_mem_entry *e)
{
	static const struct erix_mem_entry m[] = {
	    {0, 0x80 * PG, ERIX_MEM_USABLE, 0},
	    {0x80 * PG, 0x10 * PG, ERIX_MEM_ACPI_NVS, 0},
	    {0x90 * PG, 0x10 * PG, ERIX_MEM_RESERVED, 0},
	    {FB_MMIO, FB_MMIO_SZ, ERIX_MEM_MMIO, 0},
	    {FB_AFTER, 4 * PG, ERIX_MEM_RESERVED, ERIX_MEM_F_RUNTIME},
	};

	for (size_t i = 0; i < sizeof(m) / sizeof(m[0]); i++)
		e[i] = m[i];
	return sizeof(m) / sizeof(m[0]);
}

/* A refused carve leaves the map exactly as it was. */
static void expect_fb_refused(uint64_t base, uint64_t len)
{
	struct erix_mem_entry e[16], want[16];
	size_t n = fb_map(e);

	fb_map(want);
	assert_int_equal(erix_memmap_carve(e, n, 16, base, len, ERIX_MEM_FRAMEBUFFER),
	                 ERIX_MEMMAP_REFUSED);
	for (size_t i = 0; i < n; i++)
		expect_entry(&e[i], want[i].base, want[i].length, want[i].type, want[i].flags);
}

static void test_fb_carve_over_gap(void **state)
{
	struct erix_mem_entry e[16];
	size_t n = fb_map(e);
	(void)state;
	assert_int_equal(erix_memmap_carve(e, n, 16, 0x100 * PG, 8 * PG, ERIX_MEM_FRAMEBUFFER), 6);
	expect_entry(&e[3], 0x100 * PG, 8 * PG, ERIX_MEM_FRAMEBUFFER, 0);
	expect_entry(&e[4], FB_MMIO, FB_MMIO_SZ, ERIX_MEM_MMIO, 0);
}

static void test_fb_carve_over_mmio(void **state)
{
	struct erix_mem_entry e[16];
	size_t n = fb_map(e);
	(void)state;
	assert_int_equal(
	    erix_memmap_carve(e, n, 16, FB_MMIO + 4 * PG, 8 * PG, ERIX_MEM_FRAMEBUFFER), 7);
	expect_entry(&e[3], FB_MMIO, 4 * PG, ERIX_MEM_MMIO, 0);
	expect_entry(&e[4], FB_MMIO + 4 * PG, 8 * PG, ERIX_MEM_FRAMEBUFFER, 0);
	expect_entry(&e[5], FB_MMIO + 12 * PG, 4 * PG, ERIX_MEM_MMIO, 0);
	expect_entry(&e[6], FB_AFTER, 4 * PG, ERIX_MEM_RESERVED, ERIX_MEM_F_RUNTIME);
	/* again over what is FRAMEBUFFER now: still device space */
	assert_int_equal(
	    erix_memmap_carve(e, 7, 16, FB_MMIO + 4 * PG, 8 * PG, ERIX_MEM_FRAMEBUFFER), 7);
}

static void test_fb_carve_over_reserved(void **state)
{
	(void)state;
	expect_fb_refused(0x90 * PG, 4 * PG);
}

static void test_fb_carve_over_acpi_nvs(void **state)
{
	(void)state;
	expect_fb_refused(0x88 * PG, PG);
}

static void test_fb_carve_over_usable(void **state)
{
	(void)state;
	expect_fb_refused(0x10 * PG, 0x10 * PG);
}

static void test_fb_carve_straddles_mmio_and_reserved(void **state)
{
	(void)state;
	expect_fb_refused(FB_AFTER - 2 * PG, 4 * PG);
}

/* An overstated FrameBufferSize: the base is right, the size runs past
 * the MMIO range into the firmware's RESERVED pages. */
static void test_fb_carve_size_overstated(void **state)
{
	(void)state;
	expect_fb_refused(FB_MMIO, 2 * FB_MMIO_SZ);
}

/* Across a gap into MMIO is device space throughout: allowed. */
static void test_fb_carve_gap_and_mmio(void **state)
{
	struct erix_mem_entry e[16];
	size_t n = fb_map(e);
	(void)state;
	assert_int_equal(
	    erix_memmap_carve(e, n, 16, FB_MMIO - 8 * PG, 16 * PG, ERIX_MEM_FRAMEBUFFER), 6);
	expect_entry(&e[3], FB_MMIO - 8 * PG, 16 * PG, ERIX_MEM_FRAMEBUFFER, 0);
	expect_entry(&e[4], FB_MMIO + 8 * PG, 8 * PG, ERIX_MEM_MMIO, 0);
}

/* Random maps: the result is normalised and every page keeps the type the
 * priority order gives it; carving then gives exactly the carved type. */
static uint32_t page_type(const struct erix_mem_entry *e, size_t n, uint64_t page)
{
	for (size_t i = 0; i < n; i++)
		if (page >= e[i].base && page < e[i].base + e[i].length)
			return e[i].type;
	return 0;
}

/* The documented priority for the types used below (RESERVED over NVS). */
static int prio(uint32_t type)
{
	switch (type) {
	case ERIX_MEM_USABLE:
		return 1;
	case ERIX_MEM_LOADER_RECLAIMABLE:
		return 2;
	case ERIX_MEM_ACPI_NVS:
		return 3;
	default:
		return 4;
	}
}

static void test_random_maps(void **state)
{
	enum { N = 12, CAP = 64, PAGES = 64 };
	static const uint32_t types[] = {ERIX_MEM_USABLE, ERIX_MEM_LOADER_RECLAIMABLE,
	                                 ERIX_MEM_RESERVED, ERIX_MEM_ACPI_NVS};
	(void)state;
	srand(1234);
	for (int round = 0; round < 2000; round++) {
		struct erix_mem_entry in[N], e[CAP];
		size_t n;

		for (int i = 0; i < N; i++) {
			uint64_t b = (uint64_t)(rand() % PAGES), l = (uint64_t)(rand() % 9);
			in[i] = (struct erix_mem_entry){b * PG, l * PG, types[rand() % 4], 0};
			e[i] = in[i];
		}
		n = erix_memmap_normalize(e, N, CAP);
		assert_true(n != FAIL);
		expect_normalised(e, n);
		for (uint64_t p = 0; p < PAGES + 9; p++) {
			uint32_t want = 0;
			for (int i = 0; i < N; i++) {
				if (p * PG < in[i].base || p * PG >= in[i].base + in[i].length)
					continue;
				if (want == 0 || prio(in[i].type) > prio(want))
					want = in[i].type;
			}
			assert_int_equal(page_type(e, n, p * PG), want);
		}
		uint64_t cb = (uint64_t)(rand() % PAGES), cl = 1 + (uint64_t)(rand() % 8);
		n = erix_memmap_carve(e, n, CAP, cb * PG, cl * PG, ERIX_MEM_MODULE);
		assert_true(n != FAIL);
		expect_normalised(e, n);
		for (uint64_t p = cb; p < cb + cl; p++)
			assert_int_equal(page_type(e, n, p * PG), ERIX_MEM_MODULE);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_sort_and_merge),
	    cmocka_unit_test(test_flags_keep_apart_and_empty_dropped),
	    cmocka_unit_test(test_alignment_is_conservative),
	    cmocka_unit_test(test_unknown_type_becomes_reserved),
	    cmocka_unit_test(test_overlap_restrictive_wins_split),
	    cmocka_unit_test(test_overlap_winner_first),
	    cmocka_unit_test(test_overlap_same_type_unions),
	    cmocka_unit_test(test_overlap_needs_capacity),
	    cmocka_unit_test(test_carve_split),
	    cmocka_unit_test(test_carve_edges_and_merge),
	    cmocka_unit_test(test_carve_inserts_uncovered),
	    cmocka_unit_test(test_carve_spans_several),
	    cmocka_unit_test(test_carve_errors),
	    cmocka_unit_test(test_fb_carve_over_gap),
	    cmocka_unit_test(test_fb_carve_over_mmio),
	    cmocka_unit_test(test_fb_carve_over_reserved),
	    cmocka_unit_test(test_fb_carve_over_acpi_nvs),
	    cmocka_unit_test(test_fb_carve_over_usable),
	    cmocka_unit_test(test_fb_carve_straddles_mmio_and_reserved),
	    cmocka_unit_test(test_fb_carve_size_overstated),
	    cmocka_unit_test(test_fb_carve_gap_and_mmio),
	    cmocka_unit_test(test_random_maps),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
