/* Untyped seed derivation: from the validated memory map, the reservations
 * and the CPU's physical address width, cut usable RAM minus reservations
 * and the non-RAM physical space into maximal naturally aligned
 * power-of-two blocks. Pure and host-tested (tests/unit/test_seed.c). */
#ifndef ERIX_KERNEL_SEED_H
#define ERIX_KERNEL_SEED_H

#include <erix/handoff.h>
#include <erix/slots.h>

#define SEED_MAX_RESERVATIONS 64

struct seed_range {
	uint64_t base;
	uint64_t length;
};

struct seed {
	uint64_t base;
	uint8_t size_bits; /* block is 1 << size_bits bytes, base aligned to it */
	uint8_t is_device;
};

struct seed_set {
	struct seed seeds[ERIX_UNTYPED_MAX_SEEDS]; /* RAM seeds first, then device */
	uint32_t count;
	uint32_t ram_count;
	uint64_t ram_bytes;
	uint64_t device_bytes;
};

enum seed_err {
	SEED_OK = 0,
	SEED_TOO_MANY_SEEDS,        /* more than ERIX_UNTYPED_MAX_SEEDS */
	SEED_TOO_MANY_RESERVATIONS, /* more than SEED_MAX_RESERVATIONS */
	SEED_BAD_ARGUMENT, /* phys_bits outside [32, 52]; map unsorted, overlapping or wrapping */
};

/* Reservations extracted from the map: the low 1 MiB, every entry of type
 * KERNEL, MODULE, HANDOFF, PAGE_TABLES, ACPI_NVS, and every entry flagged
 * ERIX_MEM_F_RUNTIME; sorted, merged. extra (may be NULL) adds ranges the
 * kernel keeps for itself. */
enum seed_err seed_reservations(const struct erix_mem_entry *mem, uint64_t n,
                                const struct seed_range *extra, uint32_t extra_n,
                                struct seed_range *out, uint32_t *out_n);

/* RAM seeds: USABLE and LOADER_RECLAIMABLE entries minus reservations.
 * Device seeds: [0, 1 << phys_bits) minus every memory-map entry whose type
 * is not MMIO or FRAMEBUFFER, minus the reservations (so e.g. the LAPIC page
 * passed in extra is never device untyped). */
enum seed_err seed_derive(const struct erix_mem_entry *mem, uint64_t n,
                          const struct seed_range *resv, uint32_t resv_n, unsigned phys_bits,
                          struct seed_set *out);

#endif
