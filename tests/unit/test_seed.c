/* Host tests for kernel/seed.c: hand-checked cases, then properties over
 * thousands of random memory maps (fixed xorshift seed) checked against an
 * independent interval-set model of "usable minus reservations". */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "seed.h"
#include <erix/handoff.h>

#define MIB  0x100000ull
#define PAGE 0x1000ull

/* --------------------------------------------------------- interval model */

#define IV_MAX 4096

struct iv {
	uint64_t base, end;
};
struct ivset {
	struct iv v[IV_MAX];
	size_t n;
};

static int iv_cmp(const void *a, const void *b)
{
	const struct iv *x = a, *y = b;
	return x->base < y->base ? -1 : x->base > y->base;
}

/* Sorts and merges touching/overlapping intervals, drops empty ones. */
static void iv_norm(struct ivset *s)
{
	size_t out = 0;

	qsort(s->v, s->n, sizeof(s->v[0]), iv_cmp);
	for (size_t i = 0; i < s->n; i++) {
		if (s->v[i].end <= s->v[i].base)
			continue;
		if (out && s->v[i].base <= s->v[out - 1].end) {
			if (s->v[i].end > s->v[out - 1].end)
				s->v[out - 1].end = s->v[i].end;
		} else {
			s->v[out++] = s->v[i];
		}
	}
	s->n = out;
}

static void iv_add(struct ivset *s, uint64_t base, uint64_t end)
{
	assert_true(s->n < IV_MAX);
	s->v[s->n].base = base;
	s->v[s->n].end = end;
	s->n++;
}

/* a = a minus b (both normalised), by brute force. */
static void iv_sub(struct ivset *a, const struct ivset *b)
{
	static struct ivset out;

	out.n = 0;
	for (size_t i = 0; i < a->n; i++) {
		uint64_t at = a->v[i].base, end = a->v[i].end;
		for (size_t j = 0; j < b->n && at < end; j++) {
			if (b->v[j].end <= at || b->v[j].base >= end)
				continue;
			if (b->v[j].base > at)
				iv_add(&out, at, b->v[j].base);
			at = b->v[j].end;
		}
		if (at < end)
			iv_add(&out, at, end);
	}
	iv_norm(&out);
	*a = out;
}

static void assert_iv_equal(const struct ivset *a, const struct ivset *b)
{
	assert_int_equal(a->n, b->n);
	for (size_t i = 0; i < a->n; i++) {
		assert_int_equal(a->v[i].base, b->v[i].base);
		assert_int_equal(a->v[i].end, b->v[i].end);
	}
}

/* ------------------------------------------------------------- helpers */

static uint64_t rng = 0x9E3779B97F4A7C15ull;

static uint64_t xorshift(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static uint64_t rnd(uint64_t n)
{
	return xorshift() % n;
}

static uint64_t seed_size(const struct seed *s)
{
	return 1ull << s->size_bits;
}

static int is_ram(uint32_t t)
{
	return t == ERIX_MEM_USABLE || t == ERIX_MEM_LOADER_RECLAIMABLE;
}

static int is_resv(const struct erix_mem_entry *e)
{
	return e->type == ERIX_MEM_KERNEL || e->type == ERIX_MEM_MODULE ||
	       e->type == ERIX_MEM_HANDOFF || e->type == ERIX_MEM_PAGE_TABLES ||
	       e->type == ERIX_MEM_ACPI_NVS || (e->flags & ERIX_MEM_F_RUNTIME);
}

/* Seeds [from, to) as a normalised set; checks each is aligned and that
 * they are pairwise disjoint. */
static void seeds_to_set(const struct seed_set *s, uint32_t from, uint32_t to, struct ivset *out)
{
	out->n = 0;
	for (uint32_t i = from; i < to; i++) {
		assert_int_equal(s->seeds[i].base % seed_size(&s->seeds[i]), 0);
		assert_true(s->seeds[i].size_bits >= 12 && s->seeds[i].size_bits < 64);
		iv_add(out, s->seeds[i].base, s->seeds[i].base + seed_size(&s->seeds[i]));
	}
	qsort(out->v, out->n, sizeof(out->v[0]), iv_cmp);
	for (size_t i = 1; i < out->n; i++)
		assert_true(out->v[i].base >= out->v[i - 1].end); /* disjoint */
	iv_norm(out);
}

/* Greedy maximality: a block could not have been doubled inside its run. */
static void assert_maximal(const struct seed_set *s, uint32_t from, uint32_t to,
                           const struct ivset *runs)
{
	for (uint32_t i = from; i < to; i++) {
		uint64_t b = s->seeds[i].base, sz = seed_size(&s->seeds[i]);
		size_t r = 0;
		while (r < runs->n && runs->v[r].end <= b)
			r++;
		assert_true(r < runs->n && runs->v[r].base <= b);
		if (b % (2 * sz) == 0 && sz < (1ull << 62))
			assert_true(b + 2 * sz > runs->v[r].end);
	}
}

/* ------------------------------------------------------------ unit cases */

static void test_blocks_simple(void **state)
{
	static const struct erix_mem_entry map[] = {
	    {0, 0xA0000, ERIX_MEM_USABLE, 0},
	    {MIB, 127 * MIB, ERIX_MEM_USABLE, 0},
	};
	struct seed_range resv[SEED_MAX_RESERVATIONS];
	struct seed_set out;
	uint32_t n;

	(void)state;
	assert_int_equal(seed_reservations(map, 2, NULL, 0, resv, &n), SEED_OK);
	assert_int_equal(n, 1);
	assert_int_equal(resv[0].base, 0);
	assert_int_equal(resv[0].length, MIB);
	assert_int_equal(seed_derive(map, 2, resv, n, 32, &out), SEED_OK);
	/* RAM: 1+2+4+...+64 MiB from 1 MiB to 128 MiB. */
	assert_int_equal(out.ram_count, 7);
	for (unsigned i = 0; i < 7; i++) {
		assert_int_equal(out.seeds[i].base, MIB << i);
		assert_int_equal(out.seeds[i].size_bits, 20 + i);
		assert_int_equal(out.seeds[i].is_device, 0);
	}
	assert_int_equal(out.ram_bytes, 127 * MIB);
	/* Device: [128 MiB, 4 GiB) = 128M + 256M + 512M + 1G + 2G. */
	assert_int_equal(out.count, 12);
	for (unsigned i = 0; i < 5; i++) {
		assert_int_equal(out.seeds[7 + i].base, (128 * MIB) << i);
		assert_int_equal(out.seeds[7 + i].size_bits, 27 + i);
		assert_int_equal(out.seeds[7 + i].is_device, 1);
	}
	assert_int_equal(out.device_bytes, (1ull << 32) - 128 * MIB);
}

static void test_blocks_unaligned_run(void **state)
{
	static const struct erix_mem_entry map[] = {
	    {0x2000000 + 0x3000, 0xE000, ERIX_MEM_USABLE, 0},              /* [..3000, ..11000) */
	    {0x2000000 + 0x11000, 0xF000, ERIX_MEM_LOADER_RECLAIMABLE, 0}, /* touches: one run */
	};
	static const uint64_t want[][2] = {
	    {0x2003000, 12},
	    {0x2004000, 14},
	    {0x2008000, 15},
	    {0x2010000, 16},
	};
	struct seed_set out;

	(void)state;
	assert_int_equal(seed_derive(map, 2, NULL, 0, 32, &out), SEED_OK);
	assert_int_equal(out.ram_count, 4);
	for (unsigned i = 0; i < 4; i++) {
		assert_int_equal(out.seeds[i].base, want[i][0]);
		assert_int_equal(out.seeds[i].size_bits, want[i][1]);
	}
}

static void test_reservations(void **state)
{
	static const struct erix_mem_entry map[] = {
	    {0x0, 0x9F000, ERIX_MEM_USABLE, 0},
	    {0x200000, 0x100000, ERIX_MEM_KERNEL, 0},
	    {0x300000, 0x1000, ERIX_MEM_MODULE, 0},
	    {0x400000, 0x1000, ERIX_MEM_HANDOFF, 0},
	    {0x500000, 0x1000, ERIX_MEM_PAGE_TABLES, 0},
	    {0x600000, 0x1000, ERIX_MEM_ACPI_NVS, 0},
	    {0x700000, 0x1000, ERIX_MEM_USABLE, ERIX_MEM_F_RUNTIME},
	    {0x800000, 0x1000, ERIX_MEM_ACPI_RECLAIM, 0},
	    {0x900000, 0x1000, ERIX_MEM_RESERVED, 0},
	};
	static const struct seed_range extra[] = {
	    {0xFEE00000, 0x1000},
	    {0x700800, 0x1000} /* unaligned: rounded out, merges */,
	    {0x5000, 0}, /* empty: ignored */
	};
	static const uint64_t want[][2] = {
	    {0, MIB},           {0x200000, 0x101000}, {0x400000, 0x1000},   {0x500000, 0x1000},
	    {0x600000, 0x1000}, {0x700000, 0x2000},   {0xFEE00000, 0x1000},
	};
	struct seed_range resv[SEED_MAX_RESERVATIONS];
	uint32_t n;

	(void)state;
	assert_int_equal(seed_reservations(map, 9, extra, 3, resv, &n), SEED_OK);
	assert_int_equal(n, 7);
	for (unsigned i = 0; i < n; i++) {
		assert_int_equal(resv[i].base, want[i][0]);
		assert_int_equal(resv[i].length, want[i][1]);
	}
}

/* The LAPIC page passed as an extra reservation never becomes device untyped. */
static void test_lapic_not_device(void **state)
{
	static const struct erix_mem_entry map[] = {{MIB, MIB, ERIX_MEM_USABLE, 0}};
	static const struct seed_range lapic = {0xFEE00000, 0x1000};
	struct seed_range resv[SEED_MAX_RESERVATIONS];
	struct seed_set out;
	uint32_t n;

	(void)state;
	assert_int_equal(seed_reservations(map, 1, &lapic, 1, resv, &n), SEED_OK);
	assert_int_equal(seed_derive(map, 1, resv, n, 36, &out), SEED_OK);
	for (uint32_t i = out.ram_count; i < out.count; i++) {
		uint64_t b = out.seeds[i].base;
		assert_true(b + seed_size(&out.seeds[i]) <= 0xFEE00000 || b >= 0xFEE01000);
	}
	assert_int_equal(out.device_bytes, (1ull << 36) - 2 * MIB - 0x1000);
}

static void test_bad_arguments(void **state)
{
	static const struct erix_mem_entry unsorted[] = {
	    {2 * MIB, MIB, ERIX_MEM_USABLE, 0},
	    {MIB, MIB, ERIX_MEM_USABLE, 0},
	};
	static const struct erix_mem_entry wraps[] = {{UINT64_MAX - 0xFFF, 0x2000, 1, 0}};
	struct seed_set out;

	(void)state;
	assert_int_equal(seed_derive(unsorted, 1, NULL, 0, 31, &out), SEED_BAD_ARGUMENT);
	assert_int_equal(seed_derive(unsorted, 1, NULL, 0, 53, &out), SEED_BAD_ARGUMENT);
	assert_int_equal(seed_derive(unsorted, 1, NULL, 0, 52, &out), SEED_OK);
	assert_int_equal(seed_derive(unsorted, 2, NULL, 0, 40, &out), SEED_BAD_ARGUMENT);
	assert_int_equal(seed_derive(wraps, 1, NULL, 0, 40, &out), SEED_BAD_ARGUMENT);
}

static void test_too_many_reservations(void **state)
{
	static struct erix_mem_entry map[SEED_MAX_RESERVATIONS + 1];
	struct seed_range resv[SEED_MAX_RESERVATIONS];
	uint32_t n;

	(void)state;
	/* The low 1 MiB plus 64 disjoint kernel pages: one too many. */
	for (unsigned i = 0; i < SEED_MAX_RESERVATIONS; i++)
		map[i] = (struct erix_mem_entry){2 * MIB + i * 2 * PAGE, PAGE, ERIX_MEM_KERNEL, 0};
	assert_int_equal(seed_reservations(map, SEED_MAX_RESERVATIONS, NULL, 0, resv, &n),
	                 SEED_TOO_MANY_RESERVATIONS);
	assert_true(n <= SEED_MAX_RESERVATIONS);
	assert_int_equal(seed_reservations(map, SEED_MAX_RESERVATIONS - 1, NULL, 0, resv, &n),
	                 SEED_OK);
	assert_int_equal(n, SEED_MAX_RESERVATIONS);
}

static void test_too_many_seeds(void **state)
{
	static struct erix_mem_entry map[ERIX_UNTYPED_MAX_SEEDS + 1];
	struct seed_set *out = malloc(sizeof(*out));

	(void)state;
	for (unsigned i = 0; i <= ERIX_UNTYPED_MAX_SEEDS; i++)
		map[i] = (struct erix_mem_entry){2 * MIB + i * 2 * PAGE, PAGE, ERIX_MEM_USABLE, 0};
	assert_int_equal(seed_derive(map, ERIX_UNTYPED_MAX_SEEDS + 1, NULL, 0, 32, out),
	                 SEED_TOO_MANY_SEEDS);
	assert_int_equal(out->count, ERIX_UNTYPED_MAX_SEEDS);
	/* Exactly the maximum of RAM seeds fits; the device space then does not. */
	assert_int_equal(seed_derive(map, ERIX_UNTYPED_MAX_SEEDS, NULL, 0, 32, out),
	                 SEED_TOO_MANY_SEEDS);
	assert_int_equal(out->ram_count, ERIX_UNTYPED_MAX_SEEDS);
	free(out);
}

/* ------------------------------------------------------------ properties */

static const uint32_t types[] = {
    ERIX_MEM_USABLE,       ERIX_MEM_USABLE,   ERIX_MEM_USABLE,  ERIX_MEM_RESERVED,
    ERIX_MEM_ACPI_RECLAIM, ERIX_MEM_ACPI_NVS, ERIX_MEM_MMIO,    ERIX_MEM_LOADER_RECLAIMABLE,
    ERIX_MEM_KERNEL,       ERIX_MEM_MODULE,   ERIX_MEM_HANDOFF, ERIX_MEM_PAGE_TABLES,
    ERIX_MEM_FRAMEBUFFER,  ERIX_MEM_UNUSABLE,
};

static size_t random_map(struct erix_mem_entry *m, size_t cap, unsigned phys_bits)
{
	size_t n = 1 + rnd(cap);
	uint64_t at = rnd(4) * PAGE * rnd(512);
	uint64_t span = (1ull << phys_bits) / (n + 1);

	for (size_t i = 0; i < n; i++) {
		/* Page-granular sizes, some large, some tiny, some gaps. */
		uint64_t len = PAGE * (1 + rnd(rnd(2) ? 16 : span / PAGE / 2 + 1));
		m[i].base = at;
		m[i].length = len;
		m[i].type = types[rnd(sizeof(types) / sizeof(types[0]))];
		m[i].flags = rnd(10) == 0 ? ERIX_MEM_F_RUNTIME : 0;
		at += len + (rnd(3) ? 0 : PAGE * rnd(span / PAGE / 2 + 1));
	}
	return n;
}

struct prop_stats {
	unsigned checked, too_many;
};

static void check_one_map(unsigned phys_bits, struct prop_stats *st)
{
	static struct erix_mem_entry map[48];
	static struct seed_set out;
	static struct ivset want, got, resv_set, runs, ex;
	struct seed_range extra[3], resv[SEED_MAX_RESERVATIONS];
	size_t n = random_map(map, 48, phys_bits);
	uint32_t extra_n = (uint32_t)rnd(4), resv_n;
	uint64_t limit = 1ull << phys_bits;
	enum seed_err err;

	for (uint32_t i = 0; i < extra_n; i++) {
		extra[i].base = rnd(limit / PAGE) * PAGE;
		extra[i].length = PAGE * (1 + rnd(64));
	}
	/* Reservations: the model's own union. */
	resv_set.n = 0;
	iv_add(&resv_set, 0, MIB);
	for (size_t i = 0; i < n; i++)
		if (is_resv(&map[i]))
			iv_add(&resv_set, map[i].base, map[i].base + map[i].length);
	for (uint32_t i = 0; i < extra_n; i++)
		iv_add(&resv_set, extra[i].base, extra[i].base + extra[i].length);
	iv_norm(&resv_set);
	err = seed_reservations(map, n, extra, extra_n, resv, &resv_n);
	if (resv_set.n > SEED_MAX_RESERVATIONS) {
		assert_int_equal(err, SEED_TOO_MANY_RESERVATIONS);
		return;
	}
	assert_int_equal(err, SEED_OK);
	got.n = 0;
	for (uint32_t i = 0; i < resv_n; i++)
		iv_add(&got, resv[i].base, resv[i].base + resv[i].length);
	assert_iv_equal(&got, &resv_set); /* already sorted and merged */

	err = seed_derive(map, n, resv, resv_n, phys_bits, &out);
	assert_true(out.count <= ERIX_UNTYPED_MAX_SEEDS);
	if (err == SEED_TOO_MANY_SEEDS) {
		assert_int_equal(out.count, ERIX_UNTYPED_MAX_SEEDS);
		st->too_many++;
		return;
	}
	assert_int_equal(err, SEED_OK);
	st->checked++;
	for (uint32_t i = 0; i < out.count; i++)
		assert_int_equal(out.seeds[i].is_device, i >= out.ram_count);

	/* RAM seeds == RAM entries minus reservations, maximal per run. */
	runs.n = 0;
	for (size_t i = 0; i < n; i++)
		if (is_ram(map[i].type))
			iv_add(&runs, map[i].base, map[i].base + map[i].length);
	iv_norm(&runs);
	want = runs;
	iv_sub(&want, &resv_set);
	seeds_to_set(&out, 0, out.ram_count, &got);
	assert_iv_equal(&got, &want);
	assert_maximal(&out, 0, out.ram_count, &want);

	/* Device seeds == [0, limit) minus non-device entries minus reservations. */
	want.n = 0;
	iv_add(&want, 0, limit);
	ex.n = 0;
	for (size_t i = 0; i < n; i++)
		if (map[i].type != ERIX_MEM_MMIO && map[i].type != ERIX_MEM_FRAMEBUFFER)
			iv_add(&ex, map[i].base, map[i].base + map[i].length);
	iv_norm(&ex);
	iv_sub(&want, &ex);
	iv_sub(&want, &resv_set);
	seeds_to_set(&out, out.ram_count, out.count, &got);
	assert_iv_equal(&got, &want);
	assert_maximal(&out, out.ram_count, out.count, &want);

	/* All seeds pairwise disjoint, none touching a reservation. */
	seeds_to_set(&out, 0, out.count, &got);
	for (size_t i = 0; i < got.n; i++)
		for (size_t j = 0; j < resv_set.n; j++)
			assert_true(got.v[i].end <= resv_set.v[j].base ||
			            got.v[i].base >= resv_set.v[j].end);
}

static void test_random_maps(void **state)
{
	struct prop_stats st = {0, 0};

	(void)state;
	rng = 0x9E3779B97F4A7C15ull;
	for (unsigned iter = 0; iter < 5000; iter++)
		check_one_map(32 + (unsigned)rnd(21), &st);
	print_message("seed properties: %u maps checked, %u hit SEED_TOO_MANY_SEEDS\n", st.checked,
	              st.too_many);
	assert_true(st.checked > 3000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_blocks_simple),  cmocka_unit_test(test_blocks_unaligned_run),
	    cmocka_unit_test(test_reservations),   cmocka_unit_test(test_lapic_not_device),
	    cmocka_unit_test(test_bad_arguments),  cmocka_unit_test(test_too_many_reservations),
	    cmocka_unit_test(test_too_many_seeds), cmocka_unit_test(test_random_maps),
	};

	return cmocka_run_group_tests_name("seed", tests, NULL, NULL);
}
