/* libFuzzer target for kernel/acpi.c: the READ_ACPI_QWORDS window check,
 * the walk-range list the kernel maps at boot, and the table parsers, over
 * a fake physical memory image with unreadable holes.
 *
 * Input: a 24-byte header, then the image (physical memory at IMAGE_BASE):
 *   [0..3]   RSDP offset in the image
 *   [4..7]   window: pa = IMAGE_BASE + value - 64 (may start before the image)
 *   [8]      window length in bytes (0..255)
 *   [9]      holes used (0..3)
 *   [10..21] three holes: (u16 offset, u16 length), unreadable
 *   [22..23] unused
 *
 * Checked: every range the reader hands out is a fresh allocation of
 * exactly the bytes asked for (ASan catches any read past it) and lies in
 * the image outside every hole; an accepted window lies wholly inside one
 * readable, checksum-valid range of the walk (the RSDP, or a table whose
 * header length is the range's); the window check reads only inside the
 * walk's ranges (what the kernel maps) and accepts exactly the same
 * windows there; every answer is the same when asked twice. */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "acpi.h"

#define IMAGE_BASE 0x100000ull
#define HEADER     24
#define MAX_MAPS   4096

static const uint8_t *image;
static uint64_t image_len;
static uint64_t hole_off[3], hole_len[3];
static unsigned holes;
static void *maps[MAX_MAPS];
static unsigned nmaps;

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint16_t le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static int readable(uint64_t pa, uint64_t len)
{
	if (len == 0 || pa < IMAGE_BASE || pa - IMAGE_BASE > image_len ||
	    len > image_len - (pa - IMAGE_BASE))
		return 0;
	for (unsigned i = 0; i < holes; i++) {
		uint64_t lo = IMAGE_BASE + hole_off[i], hi = lo + hole_len[i];

		if (pa < hi && lo < pa + len)
			return 0;
	}
	return 1;
}

/* Every range handed out is a copy of exactly len bytes. */
static const void *image_map(void *ctx, uint64_t pa, uint64_t len)
{
	void *copy;

	(void)ctx;
	if (!readable(pa, len))
		return NULL;
	assert(nmaps < MAX_MAPS); /* the walk is bounded */
	copy = malloc(len);
	assert(copy);
	memcpy(copy, image + (pa - IMAGE_BASE), len);
	maps[nmaps++] = copy;
	return copy;
}

static void release(void)
{
	while (nmaps)
		free(maps[--nmaps]);
}

static const struct acpi_reader reader = {image_map, NULL};

/* The walk's ranges, and a reader that allows nothing outside them. */
static uint64_t walk_base[ACPI_MAX_WALK_RANGES], walk_len[ACPI_MAX_WALK_RANGES];
static uint32_t walk_n;

static int in_walk(uint64_t pa, uint64_t len)
{
	for (uint32_t i = 0; i < walk_n; i++)
		if (pa >= walk_base[i] && pa - walk_base[i] <= walk_len[i] &&
		    len <= walk_len[i] - (pa - walk_base[i]))
			return 1;
	return 0;
}

static const void *walk_map(void *ctx, uint64_t pa, uint64_t len)
{
	return in_walk(pa, len) ? image_map(ctx, pa, len) : NULL;
}

static const struct acpi_reader walk_reader = {walk_map, NULL};

static uint8_t sum(uint64_t pa, uint64_t len)
{
	uint8_t s = 0;

	for (uint64_t i = 0; i < len; i++)
		s = (uint8_t)(s + image[pa - IMAGE_BASE + i]);
	return s;
}

/* The window lies in one readable walk range that is a valid RSDP at
 * rsdp_pa or a checksum-valid table of exactly that length. */
static int inside_valid_range(uint64_t rsdp_pa, uint64_t pa, uint64_t len)
{
	for (uint32_t i = 0; i < walk_n; i++) {
		uint64_t b = walk_base[i], n = walk_len[i];

		if (!(pa >= b && pa - b <= n && len <= n - (pa - b)) || !readable(b, n) ||
		    sum(b, n))
			continue;
		if (b == rsdp_pa && memcmp(image + (b - IMAGE_BASE), "RSD PTR ", 8) == 0)
			return 1;
		if (n >= ACPI_HEADER_SIZE && le32(image + (b - IMAGE_BASE) + 4) == n)
			return 1;
	}
	return 0;
}

static void parsers(uint64_t rsdp_pa)
{
	const uint8_t *rsdp = image_map(NULL, rsdp_pa, 36), *t;
	struct acpi_ioapic io[ACPI_MAX_IOAPICS];
	struct acpi_ecam ecam;
	uint32_t len, n;
	uint64_t hpet;

	if (!rsdp)
		return;
	if (acpi_find_table(&reader, rsdp, 36, rsdp[15], "APIC", &t, &len) == ACPI_OK)
		acpi_madt_ioapics(t, len, io, &n);
	if (acpi_find_table(&reader, rsdp, 36, rsdp[15], "MCFG", &t, &len) == ACPI_OK &&
	    acpi_mcfg_ecam(t, len, &ecam) == ACPI_OK)
		assert(ecam.bus_start <= ecam.bus_end && !(ecam.base & 0xFFFFF));
	if (acpi_find_table(&reader, rsdp, 36, rsdp[15], "HPET", &t, &len) == ACPI_OK)
		acpi_hpet_base(t, len, &hpet);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint64_t rsdp_pa, pa, len, base2[ACPI_MAX_WALK_RANGES], len2[ACPI_MAX_WALK_RANGES];
	enum acpi_err first, again, walked;
	uint32_t n2;

	if (size < HEADER)
		return 0;
	image = data + HEADER;
	image_len = size - HEADER;
	rsdp_pa = IMAGE_BASE + le32(data);
	pa = IMAGE_BASE + le32(data + 4) - 64;
	len = data[8];
	holes = data[9] % 4;
	for (unsigned i = 0; i < 3; i++) {
		hole_off[i] = le16(data + 10 + 4 * i);
		hole_len[i] = le16(data + 12 + 4 * i);
	}

	walk_n = acpi_walk_ranges(&reader, rsdp_pa, walk_base, walk_len);
	assert(walk_n <= ACPI_MAX_WALK_RANGES);
	for (uint32_t i = 0; i < walk_n; i++)
		assert(readable(walk_base[i], walk_len[i]));
	n2 = acpi_walk_ranges(&reader, rsdp_pa, base2, len2);
	assert(n2 == walk_n && !memcmp(base2, walk_base, walk_n * sizeof(uint64_t)) &&
	       !memcmp(len2, walk_len, walk_n * sizeof(uint64_t)));
	release();

	first = acpi_window_ok(&reader, rsdp_pa, pa, len);
	release();
	again = acpi_window_ok(&reader, rsdp_pa, pa, len);
	release();
	assert(first == again);
	/* The kernel can read only the walk's ranges: the same acceptance, and
	 * once the RSDP and root are valid (both recorded), the same answer. */
	walked = acpi_window_ok(&walk_reader, rsdp_pa, pa, len);
	release();
	assert((walked == ACPI_OK) == (first == ACPI_OK));
	assert(walk_n < 2 || walked == first);
	if (first == ACPI_OK) {
		assert(readable(pa, len));
		assert(inside_valid_range(rsdp_pa, pa, len));
	}
	parsers(rsdp_pa);
	release();
	return 0;
}
