/* Untyped seed derivation: reservations from the memory map, then usable RAM
 * and device space cut into maximal naturally aligned power-of-two blocks.
 * Pure (no globals, no libc) so the host property tests run the same code. */
#include "seed.h"

#include <erix/layout.h>

#define PAGE           ((uint64_t)ERIX_PAGE_SIZE)
#define LOW_MEMORY_END 0x100000ull /* firmware, real-mode and legacy areas */

/* ------------------------------------------------------------ range sets */

/* A sorted set of disjoint, non-touching ranges with a fixed capacity. */
struct range_set {
	struct seed_range *r;
	uint32_t n;
	uint32_t cap;
};

static uint64_t range_end(const struct seed_range *r)
{
	return r->base + r->length;
}

/* Adds [base, end) (end > base), merging with every range it touches.
 * Page-rounds outward: a reservation never leaves a partial page free. */
static enum seed_err set_add(struct range_set *s, uint64_t base, uint64_t end)
{
	uint32_t i = 0, j;

	base &= ~(PAGE - 1);
	if (end > UINT64_MAX - (PAGE - 1))
		return SEED_BAD_ARGUMENT;
	end = (end + PAGE - 1) & ~(PAGE - 1);
	while (i < s->n && range_end(&s->r[i]) < base)
		i++;
	for (j = i; j < s->n && s->r[j].base <= end; j++) {
		base = s->r[j].base < base ? s->r[j].base : base;
		end = range_end(&s->r[j]) > end ? range_end(&s->r[j]) : end;
	}
	if (i == j && s->n == s->cap)
		return SEED_TOO_MANY_RESERVATIONS;
	/* Ranges [i, j) merge into one at i; shift the tail to i + 1. */
	if (i == j)
		for (uint32_t k = s->n; k > i; k--)
			s->r[k] = s->r[k - 1];
	else
		for (uint32_t k = j; k < s->n; k++)
			s->r[i + 1 + k - j] = s->r[k];
	s->n = s->n + 1 - (j - i);
	s->r[i].base = base;
	s->r[i].length = end - base;
	return SEED_OK;
}

static enum seed_err set_add_range(struct range_set *s, uint64_t base, uint64_t length)
{
	if (length == 0)
		return SEED_OK;
	if (length > UINT64_MAX - base)
		return SEED_BAD_ARGUMENT;
	return set_add(s, base, base + length);
}

static int is_reserved_entry(const struct erix_mem_entry *e)
{
	switch (e->type) {
	case ERIX_MEM_KERNEL:
	case ERIX_MEM_MODULE:
	case ERIX_MEM_HANDOFF:
	case ERIX_MEM_PAGE_TABLES:
	case ERIX_MEM_ACPI_NVS:
		return 1;
	default:
		return (e->flags & ERIX_MEM_F_RUNTIME) != 0;
	}
}

enum seed_err seed_reservations(const struct erix_mem_entry *mem, uint64_t n,
                                const struct seed_range *extra, uint32_t extra_n,
                                struct seed_range *out, uint32_t *out_n)
{
	struct range_set s = {.r = out, .n = 0, .cap = SEED_MAX_RESERVATIONS};
	enum seed_err err = set_add(&s, 0, LOW_MEMORY_END);

	for (uint64_t i = 0; err == SEED_OK && i < n; i++)
		if (is_reserved_entry(&mem[i]))
			err = set_add_range(&s, mem[i].base, mem[i].length);
	for (uint32_t i = 0; err == SEED_OK && extra && i < extra_n; i++)
		err = set_add_range(&s, extra[i].base, extra[i].length);
	*out_n = s.n;
	return err;
}

/* ---------------------------------------------------------------- blocks */

static unsigned floor_log2(uint64_t v)
{
	return 63u - (unsigned)__builtin_clzll(v);
}

static enum seed_err emit_blocks(struct seed_set *out, uint64_t base, uint64_t end, int device)
{
	while (base < end) {
		unsigned k = floor_log2(end - base);

		if (base != 0 && (unsigned)__builtin_ctzll(base) < k)
			k = (unsigned)__builtin_ctzll(base);
		if (out->count == ERIX_UNTYPED_MAX_SEEDS)
			return SEED_TOO_MANY_SEEDS;
		out->seeds[out->count].base = base;
		out->seeds[out->count].size_bits = (uint8_t)k;
		out->seeds[out->count].is_device = (uint8_t)device;
		out->count++;
		if (device)
			out->device_bytes += 1ull << k;
		else
			out->ram_bytes += 1ull << k;
		base += 1ull << k;
	}
	return SEED_OK;
}

/* Emits [base, end) minus the (sorted, disjoint) reservations. */
static enum seed_err emit_unreserved(struct seed_set *out, const struct range_set *resv,
                                     uint64_t base, uint64_t end, int device)
{
	uint32_t lo = 0, hi = resv->n;

	while (lo < hi) { /* first reservation ending after base */
		uint32_t mid = lo + (hi - lo) / 2;
		if (range_end(&resv->r[mid]) <= base)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (uint32_t i = lo; i < resv->n && base < end && resv->r[i].base < end; i++) {
		if (resv->r[i].base > base) {
			enum seed_err err = emit_blocks(out, base, resv->r[i].base, device);
			if (err != SEED_OK)
				return err;
		}
		base = range_end(&resv->r[i]);
	}
	return base < end ? emit_blocks(out, base, end, device) : SEED_OK;
}

/* --------------------------------------------------------------- derive */

static int is_ram(uint32_t type)
{
	return type == ERIX_MEM_USABLE || type == ERIX_MEM_LOADER_RECLAIMABLE;
}

static int is_device(uint32_t type)
{
	return type == ERIX_MEM_MMIO || type == ERIX_MEM_FRAMEBUFFER;
}

/* The derivation relies on a sorted, disjoint, non-wrapping map. */
static enum seed_err check_map(const struct erix_mem_entry *mem, uint64_t n)
{
	for (uint64_t i = 0; i < n; i++) {
		if (mem[i].length > UINT64_MAX - mem[i].base)
			return SEED_BAD_ARGUMENT;
		if (i && mem[i].base < mem[i - 1].base + mem[i - 1].length)
			return SEED_BAD_ARGUMENT;
	}
	return SEED_OK;
}

/* Touching RAM entries (USABLE next to LOADER_RECLAIMABLE, say) form one
 * run, so blocks are maximal across entry boundaries. */
static enum seed_err derive_ram(const struct erix_mem_entry *mem, uint64_t n,
                                const struct range_set *resv, struct seed_set *out)
{
	for (uint64_t i = 0; i < n; i++) {
		uint64_t base = mem[i].base, end = base + mem[i].length;
		enum seed_err err;

		if (!is_ram(mem[i].type))
			continue;
		while (i + 1 < n && is_ram(mem[i + 1].type) && mem[i + 1].base == end)
			end += mem[++i].length;
		err = emit_unreserved(out, resv, base, end, 0);
		if (err != SEED_OK)
			return err;
	}
	return SEED_OK;
}

/* Device space: the gaps between non-device entries below the limit. */
static enum seed_err derive_device(const struct erix_mem_entry *mem, uint64_t n,
                                   const struct range_set *resv, uint64_t limit,
                                   struct seed_set *out)
{
	uint64_t at = 0;

	for (uint64_t i = 0; i < n && at < limit; i++) {
		uint64_t base = mem[i].base < limit ? mem[i].base : limit;
		enum seed_err err;

		if (is_device(mem[i].type))
			continue;
		if (base > at) {
			err = emit_unreserved(out, resv, at, base, 1);
			if (err != SEED_OK)
				return err;
		}
		at = mem[i].base + mem[i].length;
	}
	return at < limit ? emit_unreserved(out, resv, at, limit, 1) : SEED_OK;
}

enum seed_err seed_derive(const struct erix_mem_entry *mem, uint64_t n,
                          const struct seed_range *resv, uint32_t resv_n, unsigned phys_bits,
                          struct seed_set *out)
{
	struct seed_range norm[SEED_MAX_RESERVATIONS];
	struct range_set set = {.r = norm, .n = 0, .cap = SEED_MAX_RESERVATIONS};
	enum seed_err err = SEED_OK;

	out->count = out->ram_count = 0;
	out->ram_bytes = out->device_bytes = 0;
	if (phys_bits < 32 || phys_bits > 52)
		return SEED_BAD_ARGUMENT;
	if (resv_n > SEED_MAX_RESERVATIONS)
		return SEED_TOO_MANY_RESERVATIONS;
	/* Normalise a private copy: callers need not pass sorted input. */
	for (uint32_t i = 0; err == SEED_OK && i < resv_n; i++)
		err = set_add_range(&set, resv[i].base, resv[i].length);
	if (err == SEED_OK)
		err = check_map(mem, n);
	if (err == SEED_OK)
		err = derive_ram(mem, n, &set, out);
	out->ram_count = out->count;
	if (err == SEED_OK)
		err = derive_device(mem, n, &set, 1ull << phys_bits, out);
	return err;
}
