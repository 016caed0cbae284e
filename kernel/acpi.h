/* ACPI table walk: from the (validated) RSDP bytes through the XSDT, or the
 * RSDT for ACPI 1.0, to a table by signature, the MADT's I/O APIC entries,
 * the MCFG's ECAM window and the HPET's register block, and the
 * READ_ACPI_QWORDS window check. Pure and bounded: every physical read goes
 * through a reader that says whether the range may be read, every table is
 * length- and checksum-checked before use. Host-tested
 * (tests/unit/test_acpi.c) and fuzzed (tests/fuzz/fuzz_acpi.c). */
#ifndef ERIX_KERNEL_ACPI_H
#define ERIX_KERNEL_ACPI_H

#include <stdint.h>

#define ACPI_HEADER_SIZE     36
#define ACPI_MAX_TABLE_SIZE  (1u << 20) /* larger tables are refused */
#define ACPI_MAX_ROOT_ITEMS  256        /* XSDT/RSDT entries looked at */
#define ACPI_MAX_IOAPICS     8
#define ACPI_RSDP_V1_LENGTH  20
#define ACPI_RSDP_V2_LENGTH  36
#define ACPI_RSDP_MAX        4096 /* an extended RSDP claiming more is refused */
/* Ranges one root walk may read: the RSDP, the root, each entry, the DSDT. */
#define ACPI_MAX_WALK_RANGES (ACPI_MAX_ROOT_ITEMS + 3)

enum acpi_err {
	ACPI_OK = 0,
	ACPI_ERR_ROOT,      /* RSDP too short, or its XSDT/RSDT unreadable */
	ACPI_ERR_LENGTH,    /* a table's length is below its header or too large */
	ACPI_ERR_CHECKSUM,  /* a table's bytes do not sum to 0 */
	ACPI_ERR_SIGNATURE, /* the root table is not "XSDT"/"RSDT" */
	ACPI_ERR_NOT_FOUND, /* no table with that signature */
	ACPI_ERR_ENTRY,     /* a MADT entry is malformed (length 0, overruns) */
	ACPI_ERR_TOO_MANY,  /* more I/O APICs than ACPI_MAX_IOAPICS */
	/* The RSDP at its physical address (acpi_window_ok): */
	ACPI_ERR_RSDP_UNREADABLE, /* its bytes are not memory the reader allows */
	ACPI_ERR_RSDP_SIGNATURE,  /* not "RSD PTR " */
	ACPI_ERR_RSDP_CHECKSUM,   /* the first 20 bytes do not sum to 0 */
	ACPI_ERR_RSDP_LENGTH,     /* revision >= 2 with a length below 36 or above 4096 */
	ACPI_ERR_RSDP_XCHECKSUM,  /* revision >= 2: the whole RSDP does not sum to 0 */
	/* The window itself: */
	ACPI_ERR_WINDOW_SIZE, /* empty, or wraps the address space */
	ACPI_ERR_OUTSIDE,     /* not wholly inside the RSDP, the root or one table */
	ACPI_ERR_SPACE,       /* a generic address outside system memory (HPET) */
};

/* Returns a pointer to the len bytes at physical address pa, or NULL if
 * that range must not be read. */
struct acpi_reader {
	const void *(*map)(void *ctx, uint64_t pa, uint64_t len);
	void *ctx;
};

/* Finds the table with signature sig (4 chars) below the root the RSDP
 * names (XSDT when revision >= 2 and rsdp_len >= 36, else RSDT). Tables
 * that are unreadable or carry another signature are skipped; the match
 * must be readable in full, sized sanely and checksum-valid. */
enum acpi_err acpi_find_table(const struct acpi_reader *r, const uint8_t *rsdp, uint32_t rsdp_len,
                              uint32_t revision, const char *sig, const uint8_t **table,
                              uint32_t *len);

struct acpi_ioapic {
	uint8_t id;
	uint32_t phys; /* register window (IOREGSEL at +0, IOWIN at +0x10) */
	uint32_t gsi_base;
};

/* The I/O APIC entries (type 1) of a checksum-valid MADT of len bytes. */
enum acpi_err acpi_madt_ioapics(const uint8_t *madt, uint32_t len, struct acpi_ioapic *out,
                                uint32_t *count);

/* How each ISA IRQ (0 .. ACPI_ISA_IRQS - 1) reaches the I/O APICs: its
 * GSI, trigger and polarity, from the MADT's interrupt source overrides
 * (type 2) over the ISA defaults (identity, edge, active high). */
#define ACPI_ISA_IRQS 16
struct acpi_isa_irq {
	uint32_t gsi;
	uint8_t level;
	uint8_t active_low;
};
enum acpi_err acpi_madt_isa_irqs(const uint8_t *madt, uint32_t len,
                                 struct acpi_isa_irq out[ACPI_ISA_IRQS]);

/* READ_ACPI_QWORDS' rule: the window [pa, pa + len) lies wholly inside
 *  - the RSDP at rsdp_pa (signature, checksum, and for revision >= 2 its
 *    length and extended checksum checked on the physical bytes), or
 *  - the root it names (XSDT when revision >= 2, else RSDT: the same
 *    choice as acpi_find_table; the other one is not the root), or
 *  - one checksum-valid table an entry of that root names, or
 *  - the DSDT the first checksum-valid FADT names (X_DSDT if the FADT is
 *    long enough and it is non-zero, else DSDT), itself checksum-valid.
 * The walk is flat (an entry naming a root is just a table; nothing is
 * walked twice), at most ACPI_MAX_ROOT_ITEMS entries, and reads only what
 * r allows. The FACS is never inside: it has no checksum, and its fields
 * are live firmware state. Returns ACPI_OK, the RSDP or root rule that
 * failed, ACPI_ERR_WINDOW_SIZE, or, for a window outside every valid
 * table: the error of the first table it lay inside (ACPI_ERR_LENGTH: the
 * table's length is insane or runs past what r allows; ACPI_ERR_CHECKSUM)
 * or ACPI_ERR_OUTSIDE if it lay inside none. */
enum acpi_err acpi_window_ok(const struct acpi_reader *r, uint64_t rsdp_pa, uint64_t pa,
                             uint64_t len);

/* Every range the window check of the RSDP at rsdp_pa may ask r for (the
 * RSDP, the root, each entry's header or whole table, the DSDT), at most
 * ACPI_MAX_WALK_RANGES, so the kernel can map them once at boot. Ranges
 * r refuses are left out; order and duplicates are as the walk meets
 * them. Returns the count. */
uint32_t acpi_walk_ranges(const struct acpi_reader *r, uint64_t rsdp_pa, uint64_t *base,
                          uint64_t *length);

/* PCIe ECAM of PCI segment 0 from a checksum-valid MCFG of len bytes: the
 * config space of bus b is at base + (b << 20), for b in [bus_start,
 * bus_end]. ACPI_ERR_LENGTH if the table cannot hold one allocation,
 * ACPI_ERR_NOT_FOUND if no allocation is for segment 0, ACPI_ERR_ENTRY if
 * that allocation has bus_start > bus_end, a base not 1 MiB aligned, or a
 * window that wraps. */
struct acpi_ecam {
	uint64_t base;
	uint8_t bus_start, bus_end;
	/* What the allocation decodes, [bus_start, bus_end]: the range the
	 * kernel reserves (never device untyped) and maps uncached. */
	uint64_t window_base, window_len;
};
enum acpi_err acpi_mcfg_ecam(const uint8_t *mcfg, uint32_t len, struct acpi_ecam *out);

/* The HPET's register block from a checksum-valid HPET table: its physical
 * address. ACPI_ERR_LENGTH if the table is too short for the address,
 * ACPI_ERR_SPACE if it is not in system memory, ACPI_ERR_ENTRY if it is 0. */
enum acpi_err acpi_hpet_base(const uint8_t *hpet, uint32_t len, uint64_t *base);

/* The APIC IDs of the MADT's enabled processors (xAPIC and x2APIC
 * entries), each once, at most max: ACPI_ERR_TOO_MANY past it, ACPI_ERR_ENTRY
 * for a malformed or short processor entry. */
enum acpi_err acpi_madt_cpus(const uint8_t *madt, uint32_t len, uint32_t *ids, uint32_t max,
                             uint32_t *count);

/* IOMMU register windows, kernel-owned like the LAPIC's: Intel's from the
 * DMAR's DRHD structures (base and 2^N-page size), AMD's from the IVRS's
 * IVHD blocks (base, 512 KiB). ACPI_ERR_LENGTH if the table is shorter
 * than its header, ACPI_ERR_ENTRY for a malformed structure, a zero base or
 * a window that wraps, ACPI_ERR_TOO_MANY past ACPI_MAX_IOMMUS. */
#define ACPI_MAX_IOMMUS 8
struct acpi_mmio {
	uint64_t base, length;
};
enum acpi_err acpi_dmar_units(const uint8_t *dmar, uint32_t len, struct acpi_mmio *out,
                              uint32_t *count);
enum acpi_err acpi_ivrs_units(const uint8_t *ivrs, uint32_t len, struct acpi_mmio *out,
                              uint32_t *count);

const char *acpi_err_name(enum acpi_err err);

#endif
