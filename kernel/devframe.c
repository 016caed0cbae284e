/* DERIVE_DEVICE_FRAME: the BAR is read and sized in config space (memory
 * decode off while all ones are in it, everything restored after), with
 * interrupts off on one CPU, so no access of the device sees the probe. */
#include "devframe.h"

#include <erix/cap.h>
#include <erix/errors.h>
#include <erix/kctl.h>

#include "boot.h"
#include "cap.h"
#include "cspace.h"
#include "platform.h"
#include "sched.h"
#include "tcb.h"

#define CFG_VENDOR     0x00
#define CFG_COMMAND    0x04
#define CFG_HEADER     0x0C /* byte 2: header type */
#define CFG_BAR0       0x10
#define COMMAND_MEMORY 0x2
#define BAR_IO         0x1
#define BAR_TYPE_MASK  0x6
#define BAR_TYPE_64    0x4
#define BAR_ADDR_MASK  0xFull

struct bar {
	uint64_t base, size;
};

/* All ones in, the size mask out, the BAR as it was. The command register
 * is written as 16 bits over a zero status half: writing the dword back
 * would clear the status register's latched error bits (write-1-clear). */
static uint64_t bar_size(uint16_t bdf, unsigned off, int is64, uint32_t lo, uint32_t hi)
{
	uint32_t cmd = platform_pci_read(bdf, CFG_COMMAND) & 0xFFFF;
	uint64_t mask;

	platform_pci_write(bdf, CFG_COMMAND, cmd & ~(uint32_t)COMMAND_MEMORY);
	platform_pci_write(bdf, off, 0xFFFFFFFF);
	if (is64)
		platform_pci_write(bdf, off + 4, 0xFFFFFFFF);
	mask = (platform_pci_read(bdf, off) & ~BAR_ADDR_MASK) |
	       (is64 ? (uint64_t)platform_pci_read(bdf, off + 4) << 32 : 0xFFFFFFFF00000000ull);
	platform_pci_write(bdf, off, lo);
	if (is64)
		platform_pci_write(bdf, off + 4, hi);
	platform_pci_write(bdf, CFG_COMMAND, cmd);
	return ~mask + 1;
}

/* A size the hardware can mean: a power of two (a mask contiguous from
 * the top), below 4 GiB for a 32-bit BAR. A device that lies about its
 * size still reaches only device untyped (never RAM, never a range the
 * kernel keeps). */
static int size_sane(uint64_t size, int is64)
{
	return size && !(size & (size - 1)) && (is64 || size < (1ull << 32));
}

/* The memory BAR `index` of function bdf: present, a header with that
 * many BARs, memory (not I/O), not the upper half of a 64-bit BAR (the
 * BARs are walked from the first, a 64-bit one taking two), assigned,
 * sized sanely. */
static enum erix_err find_bar(uint16_t bdf, uint64_t index, struct bar *b)
{
	uint32_t header, v = platform_pci_read(bdf, CFG_VENDOR), lo, hi = 0;
	unsigned nbars, i = 0;
	int is64;

	if ((v & 0xFFFF) == 0xFFFF)
		return ERIX_ERR_NOT_FOUND;
	header = (platform_pci_read(bdf, CFG_HEADER) >> 16) & 0x7F;
	nbars = header == 0 ? 6 : header == 1 ? 2 : 0;
	if (index >= nbars)
		return ERIX_ERR_RANGE;
	for (; i < index; i++) {
		v = platform_pci_read(bdf, CFG_BAR0 + 4 * i);
		if (!(v & BAR_IO) && (v & BAR_TYPE_MASK) == BAR_TYPE_64 && ++i == index)
			return ERIX_ERR_INVALID_ARGUMENT; /* the upper half of the BAR below */
	}
	lo = platform_pci_read(bdf, CFG_BAR0 + 4 * index);
	if (lo & BAR_IO)
		return ERIX_ERR_WRONG_TYPE;
	is64 = (lo & BAR_TYPE_MASK) == BAR_TYPE_64;
	if (is64 && index + 1 >= nbars)
		return ERIX_ERR_INVALID_ARGUMENT;
	if (is64)
		hi = platform_pci_read(bdf, CFG_BAR0 + 4 * index + 4);
	b->base = (lo & ~BAR_ADDR_MASK) | (uint64_t)hi << 32;
	if (!b->base)
		return ERIX_ERR_NOT_FOUND;
	b->size = bar_size(bdf, CFG_BAR0 + 4 * (unsigned)index, is64, lo, hi);
	return size_sane(b->size, is64) ? ERIX_OK : ERIX_ERR_RANGE;
}

/* The page lies wholly in one device seed. */
static int in_device_untyped(uint64_t pa)
{
	const struct seed_set *s = &boot_info.seeds;

	for (uint32_t i = s->ram_count; i < s->count; i++) {
		uint64_t base = s->seeds[i].base, size = 1ull << s->seeds[i].size_bits;

		if (pa >= base && pa - base <= size - ERIX_PAGE_SIZE)
			return 1;
	}
	return 0;
}

/* w[0] empty slot, w[1] bus << 8 | device << 3 | function, w[2] BAR index,
 * w[3] page of the BAR. out: w0 the page's physical address. */
enum erix_err devframe_op_derive(const struct endpoint *ep, const uint64_t *w, uint64_t *out)
{
	struct cap *dst;
	struct bar b;
	uint64_t pa;
	enum erix_err err = cspace_lookup_empty(sched_current()->cspace, w[0], &dst);

	(void)ep;
	if (!err && (w[1] > 0xFFFF || platform_pci_config(w[1] >> 8, 0, 0, 0, NULL, NULL)))
		err = ERIX_ERR_RANGE;
	if (!err)
		err = find_bar((uint16_t)w[1], w[2], &b);
	if (err)
		return err;
	/* A BAR smaller than a page shares its page with other registers. */
	if (b.size < ERIX_PAGE_SIZE || (b.base & (b.size - 1)) || w[3] >= b.size / ERIX_PAGE_SIZE)
		return ERIX_ERR_RANGE;
	pa = b.base + w[3] * ERIX_PAGE_SIZE;
	if (!in_device_untyped(pa))
		return ERIX_ERR_RANGE;
	*dst = (struct cap){
	    .type = ERIX_CAP_DEVICE_FRAME,
	    .rights = ERIX_RIGHT_READ | ERIX_RIGHT_WRITE | ERIX_RIGHT_GRANT,
	    .size_bits = ERIX_PAGE_SHIFT,
	    .base = pa,
	    .reserved = w[1] + 1, /* the function, for IRQ_BIND of its MSI */
	};
	out[0] = pa;
	return ERIX_OK;
}
