/* ACPI table walk (acpi.h): RSDP -> XSDT/RSDT -> table by signature, the
 * MADT's I/O APIC entries, MCFG and HPET, and the READ_ACPI_QWORDS window
 * check. Reads only what the reader allows, never more than a checked
 * length, and loops are bounded by ACPI_MAX_*. */
#include "acpi.h"

#include <erix/layout.h>
#include <stddef.h>

#define RSDP_RSDT_OFFSET 16
#define RSDP_XSDT_OFFSET 24
#define RSDP_V2_LENGTH   36
#define RSDP_REVISION    15
#define RSDP_LENGTH      20
#define FADT_DSDT        40  /* 32-bit DSDT address */
#define FADT_X_DSDT      140 /* 64-bit DSDT address (ACPI 2.0+) */
#define MCFG_ALLOCS      44
#define MCFG_ALLOC_LEN   16
#define HPET_ADDRESS     40 /* generic address structure: space id, ..., address at +4 */
#define HPET_MIN_LENGTH  56
#define ECAM_BUS_SHIFT   20
#define HDR_LENGTH       4 /* offset of the 32-bit length in a table header */
#define MADT_ENTRIES     44
#define MADT_IOAPIC      1
#define MADT_IOAPIC_LEN  12

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t le64(const uint8_t *p)
{
	return (uint64_t)le32(p) | (uint64_t)le32(p + 4) << 32;
}

static int sig_is(const uint8_t *p, const char *sig)
{
	return p[0] == (uint8_t)sig[0] && p[1] == (uint8_t)sig[1] && p[2] == (uint8_t)sig[2] &&
	       p[3] == (uint8_t)sig[3];
}

static const uint8_t *map(const struct acpi_reader *r, uint64_t pa, uint64_t len)
{
	if (pa == 0 || len == 0 || pa + len < pa)
		return NULL;
	return r->map(r->ctx, pa, len);
}

/* Maps a whole table at pa after checking its header: length sane,
 * readable in full, checksum 0. */
static enum acpi_err map_table(const struct acpi_reader *r, uint64_t pa, const uint8_t **out,
                               uint32_t *len)
{
	const uint8_t *h = map(r, pa, ACPI_HEADER_SIZE);
	const uint8_t *t;
	uint32_t n;
	uint8_t sum = 0;

	if (!h)
		return ACPI_ERR_ROOT;
	n = le32(h + HDR_LENGTH);
	if (n < ACPI_HEADER_SIZE || n > ACPI_MAX_TABLE_SIZE)
		return ACPI_ERR_LENGTH;
	t = map(r, pa, n);
	if (!t)
		return ACPI_ERR_LENGTH;
	for (uint32_t i = 0; i < n; i++)
		sum = (uint8_t)(sum + t[i]);
	if (sum)
		return ACPI_ERR_CHECKSUM;
	*out = t;
	*len = n;
	return ACPI_OK;
}

/* The root the RSDP bytes name: the XSDT when revision >= 2 and the bytes
 * hold its field, else the RSDT (a revision 0 RSDP's bytes past 20 are not
 * an XSDT address, whatever they hold). */
struct root {
	const uint8_t *t;
	uint64_t pa;
	uint32_t len;
	uint32_t item; /* entry size: 8 (XSDT) or 4 (RSDT) */
	uint32_t n;    /* entries looked at, at most ACPI_MAX_ROOT_ITEMS */
};

static enum acpi_err map_root(const struct acpi_reader *r, const uint8_t *rsdp, uint32_t rsdp_len,
                              uint32_t revision, struct root *root)
{
	int xsdt = revision >= 2 && rsdp_len >= RSDP_V2_LENGTH;
	enum acpi_err err;

	if (!rsdp || rsdp_len < RSDP_RSDT_OFFSET + 4)
		return ACPI_ERR_ROOT;
	root->pa = xsdt ? le64(rsdp + RSDP_XSDT_OFFSET) : le32(rsdp + RSDP_RSDT_OFFSET);
	root->item = xsdt ? 8 : 4;
	err = map_table(r, root->pa, &root->t, &root->len);
	if (err)
		return err;
	if (!sig_is(root->t, xsdt ? "XSDT" : "RSDT"))
		return ACPI_ERR_SIGNATURE;
	root->n = (root->len - ACPI_HEADER_SIZE) / root->item;
	if (root->n > ACPI_MAX_ROOT_ITEMS)
		root->n = ACPI_MAX_ROOT_ITEMS;
	return ACPI_OK;
}

static uint64_t root_entry(const struct root *root, uint32_t i)
{
	const uint8_t *p = root->t + ACPI_HEADER_SIZE + (size_t)i * root->item;

	return root->item == 8 ? le64(p) : le32(p);
}

enum acpi_err acpi_find_table(const struct acpi_reader *r, const uint8_t *rsdp, uint32_t rsdp_len,
                              uint32_t revision, const char *sig, const uint8_t **table,
                              uint32_t *len)
{
	struct root root;
	enum acpi_err err = map_root(r, rsdp, rsdp_len, revision, &root);

	if (err)
		return err;
	for (uint32_t i = 0; i < root.n; i++) {
		uint64_t pa = root_entry(&root, i);
		const uint8_t *h = map(r, pa, ACPI_HEADER_SIZE);

		if (h && sig_is(h, sig))
			return map_table(r, pa, table, len);
	}
	return ACPI_ERR_NOT_FOUND;
}

/* The next entry of a table's list, from *off: a header of hdr bytes whose
 * length is a byte at 1 (MADT_HDR) or a u16 at 2 (LIST_HDR: DMAR, IVRS).
 * ACPI_OK with *e at the entry, *elen its length and *off past it;
 * ACPI_ERR_NOT_FOUND at the list's end; ACPI_ERR_ENTRY for an entry
 * shorter than its header or running past the table, so a walk takes at
 * most len / hdr steps. */
#define MADT_HDR 2
#define LIST_HDR 4
static enum acpi_err next_entry(const uint8_t *t, uint32_t len, uint32_t *off, unsigned hdr,
                                const uint8_t **e, uint32_t *elen)
{
	if (*off >= len)
		return ACPI_ERR_NOT_FOUND;
	if (len - *off < hdr)
		return ACPI_ERR_ENTRY;
	*e = t + *off;
	*elen = hdr == MADT_HDR ? (*e)[1] : (uint32_t)((*e)[2] | (*e)[3] << 8);
	if (*elen < hdr || *elen > len - *off)
		return ACPI_ERR_ENTRY;
	*off += *elen;
	return ACPI_OK;
}

/* A walk that ran to the list's end succeeded. */
static enum acpi_err walk_result(enum acpi_err err)
{
	return err == ACPI_ERR_NOT_FOUND ? ACPI_OK : err;
}

enum acpi_err acpi_madt_ioapics(const uint8_t *madt, uint32_t len, struct acpi_ioapic *out,
                                uint32_t *count)
{
	uint32_t off = MADT_ENTRIES, n = 0, elen;
	const uint8_t *e;
	enum acpi_err err;

	*count = 0;
	if (len < MADT_ENTRIES)
		return ACPI_ERR_LENGTH;
	while (!(err = next_entry(madt, len, &off, MADT_HDR, &e, &elen))) {
		if (e[0] != MADT_IOAPIC)
			continue;
		if (elen < MADT_IOAPIC_LEN)
			return ACPI_ERR_ENTRY;
		if (n == ACPI_MAX_IOAPICS)
			return ACPI_ERR_TOO_MANY;
		out[n].id = e[2];
		out[n].phys = le32(e + 4);
		out[n].gsi_base = le32(e + 8);
		n++;
	}
	if ((err = walk_result(err)))
		return err;
	*count = n;
	return ACPI_OK;
}

/* ------------------------------------------------- READ_ACPI_QWORDS */

static uint8_t byte_sum(const uint8_t *p, uint32_t n)
{
	uint8_t sum = 0;

	for (uint32_t i = 0; i < n; i++)
		sum = (uint8_t)(sum + p[i]);
	return sum;
}

/* The RSDP at its physical address, checked on those bytes (not on the
 * loader's copy): the window check must not trust anything it did not
 * read itself. */
static enum acpi_err map_rsdp(const struct acpi_reader *r, uint64_t pa, const uint8_t **out,
                              uint32_t *len)
{
	const uint8_t *p = map(r, pa, RSDP_LENGTH);
	uint32_t n = RSDP_LENGTH;

	if (!p)
		return ACPI_ERR_RSDP_UNREADABLE;
	if (!sig_is(p, "RSD ") || !sig_is(p + 4, "PTR "))
		return ACPI_ERR_RSDP_SIGNATURE;
	if (byte_sum(p, RSDP_LENGTH))
		return ACPI_ERR_RSDP_CHECKSUM;
	if (p[RSDP_REVISION] >= 2) {
		/* The length field lies past the first 20 bytes: map it first. */
		p = map(r, pa, RSDP_LENGTH + 4);
		if (!p)
			return ACPI_ERR_RSDP_UNREADABLE;
		n = le32(p + RSDP_LENGTH);
		if (n < RSDP_V2_LENGTH || n > ACPI_RSDP_MAX)
			return ACPI_ERR_RSDP_LENGTH;
		p = map(r, pa, n);
		if (!p)
			return ACPI_ERR_RSDP_UNREADABLE;
		if (byte_sum(p, n))
			return ACPI_ERR_RSDP_XCHECKSUM;
	}
	*out = p;
	*len = n;
	return ACPI_OK;
}

static int inside(uint64_t pa, uint64_t len, uint64_t base, uint64_t size)
{
	return pa >= base && pa - base <= size && len <= size - (pa - base);
}

/* The extent a table's header claims: its length if sane, else just the
 * header (a window there is refused as ACPI_ERR_LENGTH). 0 if even the
 * header cannot be read. */
static uint32_t claimed_len(const struct acpi_reader *r, uint64_t pa)
{
	const uint8_t *h = map(r, pa, ACPI_HEADER_SIZE);
	uint32_t n;

	if (!h)
		return 0;
	n = le32(h + HDR_LENGTH);
	return n < ACPI_HEADER_SIZE || n > ACPI_MAX_TABLE_SIZE ? ACPI_HEADER_SIZE : n;
}

/* ACPI_OK if the window is inside the table at tpa and the table is valid;
 * ACPI_ERR_OUTSIDE if the window is not inside what its header claims;
 * else why the table it is inside is refused. */
static enum acpi_err window_in_table(const struct acpi_reader *r, uint64_t tpa, uint64_t pa,
                                     uint64_t len)
{
	uint32_t n = claimed_len(r, tpa), tlen;
	const uint8_t *t;

	if (!n || !inside(pa, len, tpa, n))
		return ACPI_ERR_OUTSIDE;
	return map_table(r, tpa, &t, &tlen);
}

/* The DSDT address of the first checksum-valid FADT among the root's
 * entries, 0 if there is none. */
static uint64_t fadt_dsdt(const struct acpi_reader *r, const struct root *root)
{
	for (uint32_t i = 0; i < root->n; i++) {
		uint64_t pa = root_entry(root, i);
		const uint8_t *h = map(r, pa, ACPI_HEADER_SIZE), *t;
		uint32_t len;
		uint64_t x;

		if (!h || !sig_is(h, "FACP") || map_table(r, pa, &t, &len))
			continue;
		x = len >= FADT_X_DSDT + 8 ? le64(t + FADT_X_DSDT) : 0;
		if (x)
			return x;
		return len >= FADT_DSDT + 4 ? le32(t + FADT_DSDT) : 0;
	}
	return 0;
}

/* A root naming one table twice (or more) has it checked once: a window
 * inside it then costs one checksum, not one per duplicate. */
static int seen_before(const struct root *root, uint32_t i)
{
	uint64_t pa = root_entry(root, i);

	for (uint32_t j = 0; j < i; j++)
		if (root_entry(root, j) == pa)
			return 1;
	return 0;
}

/* Keeps the first refusal of a table the window was inside: the answer is
 * the same whatever order equal tables come in after it. */
static void keep_first(enum acpi_err *first, enum acpi_err err)
{
	if (*first == ACPI_ERR_OUTSIDE)
		*first = err;
}

enum acpi_err acpi_window_ok(const struct acpi_reader *r, uint64_t rsdp_pa, uint64_t pa,
                             uint64_t len)
{
	enum acpi_err err, first = ACPI_ERR_OUTSIDE;
	const uint8_t *rsdp;
	uint32_t rsdp_len;
	struct root root;
	uint64_t dsdt;

	if (len == 0 || pa + len < pa)
		return ACPI_ERR_WINDOW_SIZE;
	err = map_rsdp(r, rsdp_pa, &rsdp, &rsdp_len);
	if (err)
		return err;
	if (inside(pa, len, rsdp_pa, rsdp_len))
		return ACPI_OK;
	err = map_root(r, rsdp, rsdp_len, rsdp[RSDP_REVISION], &root);
	if (err)
		return err;
	if (inside(pa, len, root.pa, root.len))
		return ACPI_OK;
	for (uint32_t i = 0; i < root.n; i++) {
		if (seen_before(&root, i))
			continue;
		err = window_in_table(r, root_entry(&root, i), pa, len);
		if (err == ACPI_OK)
			return ACPI_OK;
		keep_first(&first, err);
	}
	dsdt = fadt_dsdt(r, &root);
	if (dsdt) {
		err = window_in_table(r, dsdt, pa, len);
		if (err == ACPI_OK)
			return ACPI_OK;
		keep_first(&first, err);
	}
	return first;
}

static void add_range(uint64_t *base, uint64_t *length, uint32_t *n, uint64_t pa, uint64_t len)
{
	if (*n < ACPI_MAX_WALK_RANGES) {
		base[*n] = pa;
		length[(*n)++] = len;
	}
}

/* One entry's range: the whole table if its claimed length can be read,
 * else its header alone if that can. */
static void add_table(const struct acpi_reader *r, uint64_t *base, uint64_t *length, uint32_t *n,
                      uint64_t pa)
{
	uint32_t claimed = claimed_len(r, pa);

	if (!claimed)
		return;
	if (map(r, pa, claimed))
		add_range(base, length, n, pa, claimed);
	else
		add_range(base, length, n, pa, ACPI_HEADER_SIZE);
}

uint32_t acpi_walk_ranges(const struct acpi_reader *r, uint64_t rsdp_pa, uint64_t *base,
                          uint64_t *length)
{
	const uint8_t *rsdp;
	uint32_t rsdp_len, n = 0;
	struct root root;
	uint64_t dsdt;

	if (map_rsdp(r, rsdp_pa, &rsdp, &rsdp_len))
		return 0;
	add_range(base, length, &n, rsdp_pa, rsdp_len);
	if (map_root(r, rsdp, rsdp_len, rsdp[RSDP_REVISION], &root))
		return n;
	add_range(base, length, &n, root.pa, root.len);
	for (uint32_t i = 0; i < root.n; i++)
		if (!seen_before(&root, i))
			add_table(r, base, length, &n, root_entry(&root, i));
	dsdt = fadt_dsdt(r, &root);
	if (dsdt)
		add_table(r, base, length, &n, dsdt);
	return n;
}

/* ---------------------------------------------------------- MCFG, HPET */

enum acpi_err acpi_mcfg_ecam(const uint8_t *mcfg, uint32_t len, struct acpi_ecam *out)
{
	if (len < MCFG_ALLOCS + MCFG_ALLOC_LEN)
		return ACPI_ERR_LENGTH;
	/* Entries are 16 bytes: at most 65536 of them in a 1 MiB table. */
	for (uint32_t off = MCFG_ALLOCS; len - off >= MCFG_ALLOC_LEN; off += MCFG_ALLOC_LEN) {
		const uint8_t *e = mcfg + off;
		uint64_t base = le64(e);
		uint8_t start = e[10], end = e[11];

		if ((e[8] | e[9]) != 0)
			continue; /* another PCI segment */
		if (start > end || (base & ((1ull << ECAM_BUS_SHIFT) - 1)) ||
		    base > UINT64_MAX - ((uint64_t)(end + 1) << ECAM_BUS_SHIFT))
			return ACPI_ERR_ENTRY;
		out->base = base;
		out->bus_start = start;
		out->bus_end = end;
		out->window_base = base + ((uint64_t)start << ECAM_BUS_SHIFT);
		out->window_len = (uint64_t)(end - start + 1) << ECAM_BUS_SHIFT;
		return ACPI_OK;
	}
	return ACPI_ERR_NOT_FOUND;
}

enum acpi_err acpi_hpet_base(const uint8_t *hpet, uint32_t len, uint64_t *base)
{
	if (len < HPET_MIN_LENGTH)
		return ACPI_ERR_LENGTH;
	if (hpet[HPET_ADDRESS] != 0) /* address space id 0: system memory */
		return ACPI_ERR_SPACE;
	*base = le64(hpet + HPET_ADDRESS + 4);
	return *base ? ACPI_OK : ACPI_ERR_ENTRY;
}

/* ---------------------------------------------------------------- CPUs */

#define MADT_LAPIC      0
#define MADT_LAPIC_LEN  8
#define MADT_X2APIC     9
#define MADT_X2APIC_LEN 16
#define MADT_ENABLED    0x1

/* Enabled processors: xAPIC entries (APIC ID at 3, flags at 4) and x2APIC
 * entries (APIC ID at 4, flags at 8); an ID listed twice counts once. */
enum acpi_err acpi_madt_cpus(const uint8_t *madt, uint32_t len, uint32_t *ids, uint32_t max,
                             uint32_t *count)
{
	uint32_t off = MADT_ENTRIES, elen;
	const uint8_t *e;
	enum acpi_err err;

	*count = 0;
	if (len < MADT_ENTRIES)
		return ACPI_ERR_LENGTH;
	while (!(err = next_entry(madt, len, &off, MADT_HDR, &e, &elen))) {
		uint32_t id, flags, i;

		if (e[0] == MADT_LAPIC && elen >= MADT_LAPIC_LEN) {
			id = e[3];
			flags = le32(e + 4);
		} else if (e[0] == MADT_X2APIC && elen >= MADT_X2APIC_LEN) {
			id = le32(e + 4);
			flags = le32(e + 8);
		} else if (e[0] == MADT_LAPIC || e[0] == MADT_X2APIC) {
			return ACPI_ERR_ENTRY;
		} else {
			continue;
		}
		if (!(flags & MADT_ENABLED))
			continue;
		for (i = 0; i < *count && ids[i] != id; i++)
			;
		if (i < *count)
			continue;
		if (*count == max)
			return ACPI_ERR_TOO_MANY;
		ids[(*count)++] = id;
	}
	return walk_result(err);
}

/* ------------------------------------------------------------- IOMMUs */

#define DMAR_UNITS       48 /* header, host address width, flags, reserved */
#define DMAR_DRHD        0
#define DMAR_DRHD_LEN    16
#define IVRS_UNITS       48 /* header, IVinfo, reserved */
#define IVRS_IVHD_LEN    24
#define IVRS_MMIO_LENGTH 0x80000ull /* the largest IOMMU register window (512 KiB) */

static enum acpi_err add_unit(struct acpi_mmio *out, uint32_t *count, uint64_t base,
                              uint64_t length)
{
	if (!base || base + length < base)
		return ACPI_ERR_ENTRY;
	if (*count == ACPI_MAX_IOMMUS)
		return ACPI_ERR_TOO_MANY;
	out[*count].base = base;
	out[(*count)++].length = length;
	return ACPI_OK;
}

/* DMAR remapping structures: u16 type, u16 length; a DRHD (type 0) holds
 * the register set's size (2^N pages, bits 3:0) at 5 and its base at 8. */
enum acpi_err acpi_dmar_units(const uint8_t *dmar, uint32_t len, struct acpi_mmio *out,
                              uint32_t *count)
{
	uint32_t off = DMAR_UNITS, slen;
	const uint8_t *e;
	enum acpi_err err;

	*count = 0;
	if (len < DMAR_UNITS)
		return ACPI_ERR_LENGTH;
	while (!(err = next_entry(dmar, len, &off, LIST_HDR, &e, &slen))) {
		if ((e[0] | e[1] << 8) != DMAR_DRHD)
			continue;
		if (slen < DMAR_DRHD_LEN)
			return ACPI_ERR_ENTRY;
		if ((err = add_unit(out, count, le64(e + 8),
		                    (uint64_t)ERIX_PAGE_SIZE << (e[5] & 0xF))))
			return err;
	}
	return walk_result(err);
}

/* IVRS blocks: u8 type, u8 flags, u16 length; an IVHD (0x10, 0x11, 0x40)
 * holds the IOMMU's register base at 8. Its window is taken at its
 * largest, 512 KiB: reserving more than the registers only keeps MMIO
 * nobody decodes out of device untyped. */
enum acpi_err acpi_ivrs_units(const uint8_t *ivrs, uint32_t len, struct acpi_mmio *out,
                              uint32_t *count)
{
	uint32_t off = IVRS_UNITS, blen;
	const uint8_t *e;
	enum acpi_err err;

	*count = 0;
	if (len < IVRS_UNITS)
		return ACPI_ERR_LENGTH;
	while (!(err = next_entry(ivrs, len, &off, LIST_HDR, &e, &blen))) {
		if (e[0] != 0x10 && e[0] != 0x11 && e[0] != 0x40)
			continue;
		if (blen < IVRS_IVHD_LEN)
			return ACPI_ERR_ENTRY;
		if ((err = add_unit(out, count, le64(e + 8) & ~0x3FFFull, IVRS_MMIO_LENGTH)))
			return err;
	}
	return walk_result(err);
}

const char *acpi_err_name(enum acpi_err err)
{
	static const char *const names[] = {
	    [ACPI_OK] = "OK",
	    [ACPI_ERR_ROOT] = "ROOT",
	    [ACPI_ERR_LENGTH] = "LENGTH",
	    [ACPI_ERR_CHECKSUM] = "CHECKSUM",
	    [ACPI_ERR_SIGNATURE] = "SIGNATURE",
	    [ACPI_ERR_NOT_FOUND] = "NOT_FOUND",
	    [ACPI_ERR_ENTRY] = "ENTRY",
	    [ACPI_ERR_TOO_MANY] = "TOO_MANY",
	    [ACPI_ERR_RSDP_UNREADABLE] = "RSDP_UNREADABLE",
	    [ACPI_ERR_RSDP_SIGNATURE] = "RSDP_SIGNATURE",
	    [ACPI_ERR_RSDP_CHECKSUM] = "RSDP_CHECKSUM",
	    [ACPI_ERR_RSDP_LENGTH] = "RSDP_LENGTH",
	    [ACPI_ERR_RSDP_XCHECKSUM] = "RSDP_XCHECKSUM",
	    [ACPI_ERR_WINDOW_SIZE] = "WINDOW_SIZE",
	    [ACPI_ERR_OUTSIDE] = "OUTSIDE",
	    [ACPI_ERR_SPACE] = "SPACE",
	};

	if ((unsigned)err >= sizeof(names) / sizeof(names[0]))
		return "UNKNOWN";
	return names[err];
}

/* ------------------------------------------- interrupt source overrides */

#define MADT_OVERRIDE     2
#define MADT_OVERRIDE_LEN 10
#define MPS_POLARITY_MASK 0x3
#define MPS_POLARITY_LOW  0x3
#define MPS_TRIGGER_MASK  0xC
#define MPS_TRIGGER_LEVEL 0xC

/* ISA defaults: identity GSI, edge, active high; "conforms to the bus"
 * (0) keeps the ISA default. */
enum acpi_err acpi_madt_isa_irqs(const uint8_t *madt, uint32_t len,
                                 struct acpi_isa_irq out[ACPI_ISA_IRQS])
{
	uint32_t off = MADT_ENTRIES, elen;
	const uint8_t *e;
	enum acpi_err err;

	for (uint32_t i = 0; i < ACPI_ISA_IRQS; i++)
		out[i] = (struct acpi_isa_irq){.gsi = i};
	if (len < MADT_ENTRIES)
		return ACPI_ERR_LENGTH;
	while (!(err = next_entry(madt, len, &off, MADT_HDR, &e, &elen))) {
		uint16_t flags;

		if (e[0] != MADT_OVERRIDE)
			continue;
		if (elen < MADT_OVERRIDE_LEN)
			return ACPI_ERR_ENTRY;
		flags = (uint16_t)(e[8] | e[9] << 8);
		/* Bus 0 is ISA, the only bus the entry is defined for. */
		if (e[2] == 0 && e[3] < ACPI_ISA_IRQS)
			out[e[3]] = (struct acpi_isa_irq){
			    .gsi = le32(e + 4),
			    .level = (flags & MPS_TRIGGER_MASK) == MPS_TRIGGER_LEVEL,
			    .active_low = (flags & MPS_POLARITY_MASK) == MPS_POLARITY_LOW,
			};
	}
	return walk_result(err);
}
