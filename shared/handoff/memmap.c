/* Memory-map normalisation (see memmap.h): page alignment, sorting, overlap
 * resolution by type priority, merging, and carving typed ranges into a
 * normalised map. Freestanding, in place, bounded by the caller's capacity. */
#include "memmap.h"

#define MM_PAGE ((uint64_t)ERIX_HANDOFF_PAGE_SIZE)
#define MM_TOP  (~(uint64_t)0 & ~(MM_PAGE - 1)) /* highest page-aligned end */
#define MM_FAIL ERIX_MEMMAP_FAIL

/* Which type keeps an overlapped range: higher wins. Memory that may be handed
 * out (USABLE, then LOADER_RECLAIMABLE) always loses to anything else, so an
 * overlap can only ever make less memory allocatable. */
static const uint8_t mm_rank[ERIX_MEM_TYPE_MAX + 1] = {
    [ERIX_MEM_USABLE] = 1,       [ERIX_MEM_LOADER_RECLAIMABLE] = 2,
    [ERIX_MEM_ACPI_RECLAIM] = 3, [ERIX_MEM_FRAMEBUFFER] = 4,
    [ERIX_MEM_MODULE] = 5,       [ERIX_MEM_PAGE_TABLES] = 6,
    [ERIX_MEM_HANDOFF] = 7,      [ERIX_MEM_KERNEL] = 8,
    [ERIX_MEM_MMIO] = 9,         [ERIX_MEM_ACPI_NVS] = 10,
    [ERIX_MEM_RESERVED] = 11,    [ERIX_MEM_UNUSABLE] = 12,
};

static int mm_allocatable(uint32_t type)
{
	return type == ERIX_MEM_USABLE || type == ERIX_MEM_LOADER_RECLAIMABLE;
}

/* Device space: what a FRAMEBUFFER or MMIO carve may take over. */
static int mm_device(uint32_t type)
{
	return type == ERIX_MEM_MMIO || type == ERIX_MEM_FRAMEBUFFER;
}

static uint64_t mm_end(const struct erix_mem_entry *m)
{
	return m->base + m->length;
}

/* a beats b on overlap: by rank, then runtime flag, then type number, so the
 * outcome never depends on input order. */
static int mm_wins(const struct erix_mem_entry *a, const struct erix_mem_entry *b)
{
	if (mm_rank[a->type] != mm_rank[b->type])
		return mm_rank[a->type] > mm_rank[b->type];
	if ((a->flags & ERIX_MEM_F_RUNTIME) != (b->flags & ERIX_MEM_F_RUNTIME))
		return (a->flags & ERIX_MEM_F_RUNTIME) != 0;
	if (a->type != b->type)
		return a->type > b->type;
	return a->flags >= b->flags;
}

static int mm_same(const struct erix_mem_entry *a, const struct erix_mem_entry *b)
{
	return a->type == b->type && a->flags == b->flags;
}

static void mm_copy(struct erix_mem_entry *dst, const struct erix_mem_entry *src)
{
	dst->base = src->base;
	dst->length = src->length;
	dst->type = src->type;
	dst->flags = src->flags;
}

/* Moves e[from, n) to start at index to (either direction). */
static void mm_shift(struct erix_mem_entry *e, size_t n, size_t from, size_t to)
{
	if (to < from) {
		for (size_t i = from; i < n; i++)
			mm_copy(&e[to + (i - from)], &e[i]);
	} else if (to > from) {
		for (size_t i = n; i > from; i--)
			mm_copy(&e[to + (i - 1 - from)], &e[i - 1]);
	}
}

static void mm_remove(struct erix_mem_entry *e, size_t *n, size_t i)
{
	mm_shift(e, *n, i + 1, i);
	(*n)--;
}

/* Inserts m keeping e[lo, n) sorted by base; caller checked capacity. */
static void mm_insert_sorted(struct erix_mem_entry *e, size_t *n, size_t lo,
                             const struct erix_mem_entry *m)
{
	size_t at = lo;

	while (at < *n && e[at].base <= m->base)
		at++;
	mm_shift(e, *n, at, at + 1);
	mm_copy(&e[at], m);
	(*n)++;
}

/* Unknown types become RESERVED (fail closed). Bounds are page aligned:
 * allocatable entries shrink inward, all others grow outward, so rounding
 * never turns a byte of a reserved range into allocatable memory. Wrapping
 * entries are clipped at the top of the address space. */
static void mm_clean(struct erix_mem_entry *m)
{
	uint64_t end = m->length > ~(uint64_t)0 - m->base ? ~(uint64_t)0 : mm_end(m);
	uint64_t base = m->base;

	if (m->type == 0 || m->type > ERIX_MEM_TYPE_MAX)
		m->type = ERIX_MEM_RESERVED;
	if (m->length == 0) {
		end = base;
	} else if (mm_allocatable(m->type)) {
		base = base > MM_TOP ? MM_TOP : (base + MM_PAGE - 1) & ~(MM_PAGE - 1);
		end &= ~(MM_PAGE - 1);
	} else {
		base &= ~(MM_PAGE - 1);
		end = end > MM_TOP ? MM_TOP : (end + MM_PAGE - 1) & ~(MM_PAGE - 1);
	}
	m->base = base;
	m->length = end > base ? end - base : 0;
}

/* Insertion sort: firmware maps arrive nearly sorted and are small. */
static void mm_sort(struct erix_mem_entry *e, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		struct erix_mem_entry t;
		size_t j = i;

		mm_copy(&t, &e[i]);
		while (j > 0 && e[j - 1].base > t.base) {
			mm_copy(&e[j], &e[j - 1]);
			j--;
		}
		mm_copy(&e[j], &t);
	}
}

/* Invariant on entry to each step: e[0..i] are pairwise disjoint and e is
 * sorted by base. Each step removes overlap from the losing entry; a cut-off
 * tail is re-inserted in sorted order behind i, so the loop terminates with a
 * sorted, disjoint map. */
static size_t mm_resolve(struct erix_mem_entry *e, size_t n, size_t cap)
{
	size_t i = 0;

	while (i + 1 < n) {
		struct erix_mem_entry *a = &e[i], *b = &e[i + 1], rest;

		if (mm_end(a) <= b->base) {
			i++;
		} else if (mm_same(a, b)) {
			if (mm_end(b) > mm_end(a))
				a->length = mm_end(b) - a->base;
			mm_remove(e, &n, i + 1);
		} else if (mm_wins(a, b)) {
			int has_rest = mm_end(b) > mm_end(a);

			mm_copy(&rest, b);
			rest.base = mm_end(a);
			rest.length = mm_end(b) - rest.base;
			mm_remove(e, &n, i + 1);
			if (has_rest)
				mm_insert_sorted(e, &n, i + 1, &rest);
		} else {
			int has_rest = mm_end(a) > mm_end(b);

			mm_copy(&rest, a);
			rest.base = mm_end(b);
			rest.length = mm_end(a) - rest.base;
			a->length = b->base - a->base;
			if (a->length == 0)
				mm_remove(e, &n, i);
			else if (has_rest && n >= cap)
				return MM_FAIL;
			if (has_rest)
				mm_insert_sorted(e, &n, i, &rest);
		}
	}
	return n;
}

static size_t mm_merge(struct erix_mem_entry *e, size_t n)
{
	size_t out = 0;

	for (size_t i = 0; i < n; i++) {
		if (out > 0 && mm_end(&e[out - 1]) == e[i].base && mm_same(&e[out - 1], &e[i])) {
			e[out - 1].length += e[i].length;
			continue;
		}
		if (out != i)
			mm_copy(&e[out], &e[i]);
		out++;
	}
	return out;
}

size_t erix_memmap_normalize(struct erix_mem_entry *e, size_t n, size_t cap)
{
	size_t out = 0;

	if (n > cap)
		return MM_FAIL;
	for (size_t i = 0; i < n; i++) {
		mm_clean(&e[i]);
		if (e[i].length == 0)
			continue;
		if (out != i)
			mm_copy(&e[out], &e[i]);
		out++;
	}
	mm_sort(e, out);
	out = mm_resolve(e, out, cap);
	if (out == MM_FAIL)
		return MM_FAIL;
	return mm_merge(e, out);
}

/* On a normalised map the entries overlapping [base, end) are one run
 * e[lo, hi); it is replaced by [left remnant] new [right remnant]. The
 * device and capacity checks happen before anything is written. */
size_t erix_memmap_carve(struct erix_mem_entry *e, size_t n, size_t cap, uint64_t base,
                         uint64_t length, uint32_t type)
{
	uint64_t end = base + length;
	struct erix_mem_entry left, right, mid = {base, length, type, 0};
	size_t lo = 0, hi, r = 1;
	int has_left = 0, has_right = 0;

	if ((base | length) & (MM_PAGE - 1) || end < base || type == 0 || type > ERIX_MEM_TYPE_MAX)
		return MM_FAIL;
	n = erix_memmap_normalize(e, n, cap);
	if (n == MM_FAIL || length == 0)
		return n;
	while (lo < n && mm_end(&e[lo]) <= base)
		lo++;
	hi = lo;
	while (hi < n && e[hi].base < end) {
		if (mm_device(type) && !mm_device(e[hi].type))
			return ERIX_MEMMAP_REFUSED;
		hi++;
	}
	if (hi > lo && e[lo].base < base) {
		mm_copy(&left, &e[lo]);
		left.length = base - left.base;
		has_left = 1;
	}
	if (hi > lo && mm_end(&e[hi - 1]) > end) {
		mm_copy(&right, &e[hi - 1]);
		right.length = mm_end(&right) - end;
		right.base = end;
		has_right = 1;
	}
	r += (size_t)has_left + (size_t)has_right;
	if (n - (hi - lo) + r > cap)
		return MM_FAIL;
	mm_shift(e, n, hi, lo + r);
	n = n - (hi - lo) + r;
	if (has_left)
		mm_copy(&e[lo++], &left);
	mm_copy(&e[lo++], &mid);
	if (has_right)
		mm_copy(&e[lo], &right);
	return mm_merge(e, n);
}
