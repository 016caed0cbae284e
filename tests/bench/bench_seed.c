/* Host benchmark: handoff validation and untyped-seed derivation over a
 * 2,000-entry memory map, reported per map entry (best of several runs).
 * `bench_seed once validate|seed` runs one call, for callgrind to count. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../unit/handoff_fixture.h"
#include <seed.h>

#define ENTRIES   2000
#define RUNS      7
#define REPS      200
#define PHYS_BITS 39

static struct seed_set seeds;

static enum erix_handoff_err do_validate(const struct hf *f)
{
	struct erix_handoff_view v;

	return erix_handoff_validate(f->buf, HF_CAPACITY, HF_PHYS, &v);
}

static enum seed_err do_seed(const struct hf *f)
{
	struct seed_range resv[SEED_MAX_RESERVATIONS];
	uint32_t n;
	enum seed_err err = seed_reservations(f->mem, f->mem_count, NULL, 0, resv, &n);

	return err != SEED_OK ? err : seed_derive(f->mem, f->mem_count, resv, n, PHYS_BITS, &seeds);
}

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

/* Best-of-RUNS time of one call, in ns. */
static double best_ns(const struct hf *f, int which)
{
	double best = 1e30;

	for (int r = 0; r < RUNS; r++) {
		double t0 = now_ns();
		for (int i = 0; i < REPS; i++)
			if (which ? do_seed(f) != SEED_OK : do_validate(f) != ERIX_HANDOFF_ERR_OK)
				return -1;
		double t = (now_ns() - t0) / REPS;
		best = t < best ? t : best;
	}
	return best;
}

int main(int argc, char **argv)
{
	struct hf_opts o = {.extra_mem = ENTRIES - 16, .extra_dense = 1};
	struct hf f;
	double v, s;

	if (hf_build(&f, &o) != 0 || f.mem_count != ENTRIES) {
		fprintf(stderr, "bench: fixture failed\n");
		return 1;
	}
	if (argc == 3 && strcmp(argv[1], "once") == 0)
		return strcmp(argv[2], "seed") == 0 ? do_seed(&f) != SEED_OK
		                                    : do_validate(&f) != ERIX_HANDOFF_ERR_OK;
	v = best_ns(&f, 0);
	s = best_ns(&f, 1);
	if (v < 0 || s < 0) {
		fprintf(stderr, "bench: validation or seed derivation failed\n");
		return 1;
	}
	printf("bench: %u-entry map, %u handoff pages, %u seeds (%u RAM)\n", ENTRIES,
	       f.h->page_count, seeds.count, seeds.ram_count);
	printf("bench: handoff validate  %8.0f ns total  %6.2f ns/entry (best of %d)\n", v,
	       v / ENTRIES, RUNS);
	printf("bench: seed derivation   %8.0f ns total  %6.2f ns/entry (best of %d)\n", s,
	       s / ENTRIES, RUNS);
	hf_free(&f);
	return 0;
}
