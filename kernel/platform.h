/* Platform facts the kernel takes from the firmware's ACPI tables before it
 * hands out memory: the I/O APICs, whose register pages are reserved from
 * device untyped and whose redirection entries are masked at boot. */
#ifndef ERIX_KERNEL_PLATFORM_H
#define ERIX_KERNEL_PLATFORM_H

#include "acpi.h"
#include "arch/x86_64/arch.h"
#include "error.h"
#include "seed.h"

struct platform {
	struct acpi_ioapic ioapics[ACPI_MAX_IOAPICS];
	uint32_t ioapic_count;
	struct acpi_isa_irq isa[ACPI_ISA_IRQS]; /* valid when ioapic_count > 0 */
	uint64_t caps;                          /* ERIX_PLATFORM_* (READ_PLATFORM_CAPS) */
};
extern struct platform platform;

/* Walks RSDP -> XSDT/RSDT -> MADT through the loader's tables (reads only
 * below ERIX_BOOT_MAP_MIN and inside memory-map entries that are not MMIO,
 * framebuffer or unusable) and keeps the I/O APICs whose window is not
 * RAM. Adds their pages to resv (at most ACPI_MAX_IOAPICS). A missing or
 * broken MADT leaves the list empty: the I/O APICs then keep their reset
 * state, which is all entries masked. */
void platform_find_ioapics(struct seed_range *resv, uint32_t *resv_n);

/* The ERIX_PLATFORM_* bits, from the same walk (call after
 * platform_find_ioapics, before paging). */
void platform_find_caps(void);

/* READ_PLATFORM_CAPS (kctl.c dispatches). */
struct endpoint;
enum erix_err platform_op_read_caps(const struct endpoint *ep, const uint64_t *w, uint64_t *out);

/* After paging: masks every redirection entry of every I/O APIC found. */
void platform_mask_ioapics(void);

#endif
