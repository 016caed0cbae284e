/* ACPI table walk (acpi.h): RSDP -> XSDT/RSDT -> table by signature, and
 * the MADT's I/O APIC entries. Reads only what the reader allows, never
 * more than a checked length, and loops are bounded by ACPI_MAX_*. */
#include "acpi.h"

#include <stddef.h>

#define RSDP_RSDT_OFFSET 16
#define RSDP_XSDT_OFFSET 24
#define RSDP_V2_LENGTH   36
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

enum acpi_err acpi_find_table(const struct acpi_reader *r, const uint8_t *rsdp, uint32_t rsdp_len,
                              uint32_t revision, const char *sig, const uint8_t **table,
                              uint32_t *len)
{
	int xsdt = revision >= 2 && rsdp_len >= RSDP_V2_LENGTH;
	uint32_t item = xsdt ? 8 : 4, root_len, n;
	const uint8_t *root;
	enum acpi_err err;

	if (!rsdp || rsdp_len < RSDP_RSDT_OFFSET + 4)
		return ACPI_ERR_ROOT;
	err = map_table(r, xsdt ? le64(rsdp + RSDP_XSDT_OFFSET) : le32(rsdp + RSDP_RSDT_OFFSET),
	                &root, &root_len);
	if (err)
		return err;
	if (!sig_is(root, xsdt ? "XSDT" : "RSDT"))
		return ACPI_ERR_SIGNATURE;
	n = (root_len - ACPI_HEADER_SIZE) / item;
	if (n > ACPI_MAX_ROOT_ITEMS)
		n = ACPI_MAX_ROOT_ITEMS;
	for (uint32_t i = 0; i < n; i++) {
		const uint8_t *p = root + ACPI_HEADER_SIZE + (size_t)i * item;
		uint64_t pa = xsdt ? le64(p) : le32(p);
		const uint8_t *h = map(r, pa, ACPI_HEADER_SIZE);

		if (h && sig_is(h, sig))
			return map_table(r, pa, table, len);
	}
	return ACPI_ERR_NOT_FOUND;
}

enum acpi_err acpi_madt_ioapics(const uint8_t *madt, uint32_t len, struct acpi_ioapic *out,
                                uint32_t *count)
{
	uint32_t off = MADT_ENTRIES, n = 0;

	*count = 0;
	if (len < MADT_ENTRIES)
		return ACPI_ERR_LENGTH;
	/* Every entry is at least 2 bytes, so this runs at most len/2 times. */
	while (off < len) {
		uint8_t type, elen;

		if (len - off < 2)
			return ACPI_ERR_ENTRY;
		type = madt[off];
		elen = madt[off + 1];
		if (elen < 2 || elen > len - off)
			return ACPI_ERR_ENTRY;
		if (type == MADT_IOAPIC) {
			if (elen < MADT_IOAPIC_LEN)
				return ACPI_ERR_ENTRY;
			if (n == ACPI_MAX_IOAPICS)
				return ACPI_ERR_TOO_MANY;
			out[n].id = madt[off + 2];
			out[n].phys = le32(madt + off + 4);
			out[n].gsi_base = le32(madt + off + 8);
			n++;
		}
		off += elen;
	}
	*count = n;
	return ACPI_OK;
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
	uint32_t off = MADT_ENTRIES;

	for (uint32_t i = 0; i < ACPI_ISA_IRQS; i++)
		out[i] = (struct acpi_isa_irq){.gsi = i};
	if (len < MADT_ENTRIES)
		return ACPI_ERR_LENGTH;
	while (off < len) {
		uint8_t type, elen;
		uint16_t flags;

		if (len - off < 2)
			return ACPI_ERR_ENTRY;
		type = madt[off];
		elen = madt[off + 1];
		if (elen < 2 || elen > len - off)
			return ACPI_ERR_ENTRY;
		if (type == MADT_OVERRIDE) {
			if (elen < MADT_OVERRIDE_LEN)
				return ACPI_ERR_ENTRY;
			flags = (uint16_t)(madt[off + 8] | madt[off + 9] << 8);
			/* Bus 0 is ISA, the only bus the entry is defined for. */
			if (madt[off + 2] == 0 && madt[off + 3] < ACPI_ISA_IRQS)
				out[madt[off + 3]] = (struct acpi_isa_irq){
				    .gsi = le32(madt + off + 4),
				    .level = (flags & MPS_TRIGGER_MASK) == MPS_TRIGGER_LEVEL,
				    .active_low = (flags & MPS_POLARITY_MASK) == MPS_POLARITY_LOW,
				};
		}
		off += elen;
	}
	return ACPI_OK;
}
