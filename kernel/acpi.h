/* ACPI table walk: from the (validated) RSDP bytes through the XSDT, or the
 * RSDT for ACPI 1.0, to a table by signature, and the MADT's I/O APIC
 * entries. Pure and bounded: every physical read goes through a reader
 * that says whether the range may be read, every table is length- and
 * checksum-checked before use. Host-tested (tests/unit/test_acpi.c). */
#ifndef ERIX_KERNEL_ACPI_H
#define ERIX_KERNEL_ACPI_H

#include <stdint.h>

#define ACPI_HEADER_SIZE    36
#define ACPI_MAX_TABLE_SIZE (1u << 20) /* larger tables are refused */
#define ACPI_MAX_ROOT_ITEMS 256        /* XSDT/RSDT entries looked at */
#define ACPI_MAX_IOAPICS    8

enum acpi_err {
	ACPI_OK = 0,
	ACPI_ERR_ROOT,      /* RSDP too short, or its XSDT/RSDT unreadable */
	ACPI_ERR_LENGTH,    /* a table's length is below its header or too large */
	ACPI_ERR_CHECKSUM,  /* a table's bytes do not sum to 0 */
	ACPI_ERR_SIGNATURE, /* the root table is not "XSDT"/"RSDT" */
	ACPI_ERR_NOT_FOUND, /* no table with that signature */
	ACPI_ERR_ENTRY,     /* a MADT entry is malformed (length 0, overruns) */
	ACPI_ERR_TOO_MANY,  /* more I/O APICs than ACPI_MAX_IOAPICS */
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

const char *acpi_err_name(enum acpi_err err);

#endif
