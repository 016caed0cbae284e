/* Platform facts the kernel takes from the firmware's ACPI tables before it
 * hands out memory: the I/O APICs, whose register pages are reserved from
 * device untyped and whose redirection entries are masked at boot; the
 * MCFG's ECAM window and the HPET's registers (reserved the same way); the
 * ACPI table ranges READ_ACPI_QWORDS may read; and the PCI config ops. */
#ifndef ERIX_KERNEL_PLATFORM_H
#define ERIX_KERNEL_PLATFORM_H

#include "acpi.h"
#include "arch/x86_64/arch.h"
#include "error.h"
#include "pci.h"
#include "seed.h"

/* Kernel-owned MMIO besides the LAPIC and I/O APICs: the ECAM window, the
 * HPET's register page and the IOMMUs' register windows. */
#define PLATFORM_MAX_CPUS 64                    /* more are left out, and said so */
#define PLATFORM_MAX_MMIO (2 + ACPI_MAX_IOMMUS) /* ECAM, HPET, IOMMUs */

struct platform {
	struct acpi_ioapic ioapics[ACPI_MAX_IOAPICS];
	uint32_t ioapic_count;
	struct acpi_isa_irq isa[ACPI_ISA_IRQS]; /* valid when ioapic_count > 0 */
	uint32_t cpu_ids[PLATFORM_MAX_CPUS];    /* the MADT's enabled processors */
	uint32_t cpu_count;
	uint64_t caps; /* ERIX_PLATFORM_* (READ_PLATFORM_CAPS) */
	struct pci_config pci;
	struct seed_range ecam;                   /* length 0: no usable MCFG, the ports are used */
	uint64_t hpet;                            /* register block, 0 if none */
	struct acpi_mmio iommus[ACPI_MAX_IOMMUS]; /* DMAR/IVRS register windows */
	uint32_t iommu_count;
	/* What READ_ACPI_QWORDS may read: every range the RSDP's walk meets
	 * that lies in firmware table memory (RESERVED, ACPI_RECLAIM,
	 * ACPI_NVS: never untyped, so never anyone else's bytes), mapped in
	 * the kernel's tables by platform_map_mmio. */
	uint64_t acpi_base[ACPI_MAX_WALK_RANGES];
	uint64_t acpi_length[ACPI_MAX_WALK_RANGES];
	uint32_t acpi_ranges;
};
extern struct platform platform;

/* Walks RSDP -> XSDT/RSDT -> MADT through the loader's tables (reads only
 * below ERIX_BOOT_MAP_MIN and inside memory-map entries that are not MMIO,
 * framebuffer or unusable) and keeps the I/O APICs whose window is not
 * RAM. Adds their pages to resv (at most ACPI_MAX_IOAPICS). A missing or
 * broken MADT leaves the list empty: the I/O APICs then keep their reset
 * state, which is all entries masked. */
void platform_find_ioapics(struct seed_range *resv, uint32_t *resv_n);

/* The MCFG's segment-0 ECAM window, the HPET's register page and every
 * DMAR/IVRS IOMMU register window, each unless it touches RAM: added to resv (at most PLATFORM_MAX_MMIO), so
 * neither is ever device untyped. The PCI mechanism is ECAM when the
 * window was kept, else the 0xCF8/0xCFC ports. */
void platform_find_mmio(struct seed_range *resv, uint32_t *resv_n);

/* The ERIX_PLATFORM_* bits, from the same walk, and the ACPI ranges
 * READ_ACPI_QWORDS may read, from the physical RSDP's walk through firmware
 * table memory only (call after platform_find_ioapics, before paging). */
void platform_find_caps(void);

/* READ_PLATFORM_CAPS, READ_ACPI_QWORDS, READ_PCI_CONFIG_DWORD (kctl.c
 * dispatches; arguments in include/erix/kctl.h). */
struct endpoint;
enum erix_err platform_op_read_caps(const struct endpoint *ep, const uint64_t *w, uint64_t *out);
enum erix_err platform_op_read_acpi_qwords(const struct endpoint *ep, const uint64_t *w,
                                           uint64_t *out);
/* One config dword of bus:dev.fn at off (pci_decode's checks): *write
 * stored first if not NULL, then *read loaded if not NULL. */
enum erix_err platform_pci_config(uint64_t bus, uint64_t dev, uint64_t fn, uint64_t off,
                                  const uint32_t *write, uint32_t *read);
/* The same for a function named bus << 8 | device << 3 | function: a
 * dword read (all ones if the access is refused) and a write. */
uint32_t platform_pci_read(uint16_t bdf, unsigned off);
void platform_pci_write(uint16_t bdf, unsigned off, uint32_t v);
/* One config word at a word-aligned off, its neighbour untouched (a refused
 * access does nothing). */
void platform_pci_write16(uint16_t bdf, unsigned off, uint16_t v);
enum erix_err platform_op_read_pci_config(const struct endpoint *ep, const uint64_t *w,
                                          uint64_t *out);

/* After paging: masks every redirection entry of every I/O APIC found. */
void platform_mask_ioapics(void);

/* After paging: maps the ECAM window uncached, and the pages of the ACPI
 * ranges in RESERVED memory (the physmap has only RAM types, ACPI
 * reclaim and NVS among them). A window that cannot be mapped (above the
 * physmap) falls back to the ports; no memory for page tables stops the
 * boot. */
void platform_map_mmio(void);

#endif
