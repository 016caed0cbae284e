/* Platform facts from ACPI (platform.h): the MADT's I/O APICs, the ECAM
 * and HPET windows, reserved before seeds are derived and mapped uncached
 * once the kernel's tables are up; READ_ACPI_QWORDS and
 * READ_PCI_CONFIG_DWORD. The boot reader only lets acpi.c see memory the
 * loader certainly mapped, never MMIO; the runtime reader only the table
 * ranges recorded at boot. */
#include "platform.h"

#include <erix/kctl.h>

#include <erix/markers.h>

#include "boot.h"
#include "console.h"
#include "exit.h"

struct platform platform;

static int readable_type(uint32_t type)
{
	return type != ERIX_MEM_MMIO && type != ERIX_MEM_FRAMEBUFFER && type != ERIX_MEM_UNUSABLE;
}

/* Memory the firmware keeps its tables in and the kernel never hands out
 * (not RAM untyped, not device untyped): a table found there stays the
 * firmware's bytes for as long as the machine runs. */
static int table_type(uint32_t type)
{
	return type == ERIX_MEM_RESERVED || type == ERIX_MEM_ACPI_RECLAIM ||
	       type == ERIX_MEM_ACPI_NVS;
}

static int ram_type(uint32_t type)
{
	return type != ERIX_MEM_MMIO && type != ERIX_MEM_FRAMEBUFFER && type != ERIX_MEM_RESERVED &&
	       type != ERIX_MEM_UNUSABLE;
}

/* True if [pa, pa + len) is covered, without a gap, by sorted map entries
 * that all satisfy ok(). */
static int covered(uint64_t pa, uint64_t len, int (*ok)(uint32_t))
{
	const struct erix_handoff_view *v = &boot_info.view;
	uint64_t end = pa + len;

	for (uint64_t i = 0; i < v->mem_count && pa < end; i++) {
		const struct erix_mem_entry *e = &v->mem[i];

		if (e->base + e->length <= pa)
			continue;
		if (e->base > pa || !ok(e->type))
			return 0;
		pa = e->base + e->length;
	}
	return pa >= end;
}

static int touches(uint64_t pa, uint64_t len, int (*ok)(uint32_t))
{
	const struct erix_handoff_view *v = &boot_info.view;

	for (uint64_t i = 0; i < v->mem_count; i++) {
		const struct erix_mem_entry *e = &v->mem[i];

		if (ok(e->type) && e->base < pa + len && pa < e->base + e->length)
			return 1;
	}
	return 0;
}

static const void *boot_map(void *ctx, uint64_t pa, uint64_t len)
{
	(void)ctx;
	if (pa >= ERIX_BOOT_MAP_MIN || len > ERIX_BOOT_MAP_MIN - pa ||
	    !covered(pa, len, readable_type))
		return NULL;
	return arch_phys_to_virt(pa);
}

/* Before paging: memory the loader mapped that is firmware table memory. */
static const void *boot_table_map(void *ctx, uint64_t pa, uint64_t len)
{
	(void)ctx;
	if (pa >= ERIX_BOOT_MAP_MIN || len > ERIX_BOOT_MAP_MIN - pa ||
	    !covered(pa, len, table_type))
		return NULL;
	return arch_phys_to_virt(pa);
}

/* At runtime: only inside a range recorded at boot (and mapped since). */
static const void *table_map(void *ctx, uint64_t pa, uint64_t len)
{
	(void)ctx;
	for (uint32_t i = 0; i < platform.acpi_ranges; i++) {
		uint64_t base = platform.acpi_base[i], size = platform.acpi_length[i];

		if (pa >= base && pa - base <= size && len <= size - (pa - base))
			return arch_phys_to_virt(pa);
	}
	return NULL;
}

/* A broken CPU list leaves the boot CPU alone (the system still runs); a
 * long one is cut at PLATFORM_MAX_CPUS. */
static void find_cpus(const uint8_t *madt, uint32_t len)
{
	enum acpi_err err =
	    acpi_madt_cpus(madt, len, platform.cpu_ids, PLATFORM_MAX_CPUS, &platform.cpu_count);

	if (err == ACPI_ERR_TOO_MANY)
		kprintf("kernel: more than %u CPUs in the MADT: the rest left out\n",
		        PLATFORM_MAX_CPUS);
	else if (err)
		platform.cpu_count = 0;
}

void platform_find_ioapics(struct seed_range *resv, uint32_t *resv_n)
{
	const struct erix_handoff_acpi *a = boot_info.view.acpi;
	const struct acpi_reader reader = {boot_map, NULL};
	struct acpi_ioapic found[ACPI_MAX_IOAPICS];
	const uint8_t *madt;
	uint32_t len, n = 0;
	enum acpi_err err;

	if (!a)
		return;
	err = acpi_find_table(&reader, a->rsdp, a->length, a->revision, "APIC", &madt, &len);
	if (!err)
		err = acpi_madt_ioapics(madt, len, found, &n);
	if (!err)
		err = acpi_madt_isa_irqs(madt, len, platform.isa);
	if (!err)
		find_cpus(madt, len);
	if (err) {
		kprintf("kernel: no usable MADT (%s): I/O APICs left at reset\n",
		        acpi_err_name(err));
		return;
	}
	for (uint32_t i = 0; i < n; i++) {
		uint64_t page = found[i].phys & ~(uint64_t)(ERIX_PAGE_SIZE - 1);

		/* A window in RAM would be memory, not an I/O APIC: never
		 * write registers there. */
		if (touches(page, ERIX_PAGE_SIZE, ram_type))
			continue;
		platform.ioapics[platform.ioapic_count++] = found[i];
		resv[*resv_n].base = page;
		resv[(*resv_n)++].length = ERIX_PAGE_SIZE;
	}
}

/* A kernel-owned window is kept only off RAM: reserving RAM as MMIO
 * would take memory from the untyped pool and map it uncached. */
static int add_mmio(struct seed_range *resv, uint32_t *resv_n, uint64_t base, uint64_t length)
{
	if (touches(base, length, ram_type))
		return 0;
	resv[*resv_n].base = base;
	resv[(*resv_n)++].length = length;
	return 1;
}

/* Intel (DMAR) and AMD (IVRS) IOMMU register windows. A malformed table
 * reserves what it listed before the fault: reserving is the safe side. */
static void find_iommus(const struct acpi_reader *r, const struct erix_handoff_acpi *a,
                        struct seed_range *resv, uint32_t *resv_n)
{
	static const char *const sigs[] = {"DMAR", "IVRS"};
	struct acpi_mmio units[ACPI_MAX_IOMMUS];
	const uint8_t *t;
	uint32_t len, n;

	for (unsigned s = 0; s < 2; s++) {
		if (acpi_find_table(r, a->rsdp, a->length, a->revision, sigs[s], &t, &len) !=
		    ACPI_OK)
			continue;
		if (s == 0)
			acpi_dmar_units(t, len, units, &n);
		else
			acpi_ivrs_units(t, len, units, &n);
		for (uint32_t i = 0; i < n && platform.iommu_count < ACPI_MAX_IOMMUS; i++)
			if (add_mmio(resv, resv_n, units[i].base & ~(uint64_t)(ERIX_PAGE_SIZE - 1),
			             units[i].length))
				platform.iommus[platform.iommu_count++] = units[i];
	}
}

void platform_find_mmio(struct seed_range *resv, uint32_t *resv_n)
{
	const struct erix_handoff_acpi *a = boot_info.view.acpi;
	const struct acpi_reader reader = {boot_map, NULL};
	struct acpi_ecam ecam;
	const uint8_t *t;
	uint32_t len;
	uint64_t hpet;

	pci_select(&platform.pci, 0, 0, 0, 0);
	if (!a)
		return;
	if (acpi_find_table(&reader, a->rsdp, a->length, a->revision, "MCFG", &t, &len) ==
	        ACPI_OK &&
	    acpi_mcfg_ecam(t, len, &ecam) == ACPI_OK) {
		if (add_mmio(resv, resv_n, ecam.window_base, ecam.window_len)) {
			platform.ecam.base = ecam.window_base;
			platform.ecam.length = ecam.window_len;
			pci_select(&platform.pci, 1, ecam.base, ecam.bus_start, ecam.bus_end);
		}
	}
	if (acpi_find_table(&reader, a->rsdp, a->length, a->revision, "HPET", &t, &len) ==
	        ACPI_OK &&
	    acpi_hpet_base(t, len, &hpet) == ACPI_OK) {
		hpet &= ~(uint64_t)(ERIX_PAGE_SIZE - 1);
		if (add_mmio(resv, resv_n, hpet, ERIX_PAGE_SIZE))
			platform.hpet = hpet;
	}
	find_iommus(&reader, a, resv, resv_n);
}

#define FADT_IAPC_BOOT_ARCH 109 /* 2 bytes; the FADT is at least 111 long from ACPI 2.0 */
#define IAPC_8042           0x2

static int has_table(const struct acpi_reader *r, const struct erix_handoff_acpi *a,
                     const char *sig, const uint8_t **t, uint32_t *len)
{
	return acpi_find_table(r, a->rsdp, a->length, a->revision, sig, t, len) == ACPI_OK;
}

void platform_find_caps(void)
{
	const struct erix_handoff_acpi *a = boot_info.view.acpi;
	const struct acpi_reader reader = {boot_map, NULL}, tables = {boot_table_map, NULL};
	const uint8_t *t;
	uint32_t len;

	if (boot_info.view.framebuffer)
		platform.caps |= ERIX_PLATFORM_FRAMEBUFFER;
	if (!a)
		return;
	platform.acpi_ranges =
	    acpi_walk_ranges(&tables, a->rsdp_phys, platform.acpi_base, platform.acpi_length);
	platform.caps |= ERIX_PLATFORM_ACPI;
	if (has_table(&reader, a, "APIC", &t, &len))
		platform.caps |= ERIX_PLATFORM_MADT;
	if (platform.ioapic_count)
		platform.caps |= ERIX_PLATFORM_IOAPIC;
	if (has_table(&reader, a, "HPET", &t, &len))
		platform.caps |= ERIX_PLATFORM_HPET;
	if (has_table(&reader, a, "MCFG", &t, &len))
		platform.caps |= ERIX_PLATFORM_PCIE_ECAM;
	if (has_table(&reader, a, "FACP", &t, &len)) {
		platform.caps |= ERIX_PLATFORM_FADT;
		/* Only a FADT long enough to carry the flag can say so. */
		if (len >= FADT_IAPC_BOOT_ARCH + 2 && (t[FADT_IAPC_BOOT_ARCH] & IAPC_8042))
			platform.caps |= ERIX_PLATFORM_I8042;
	}
}

enum erix_err platform_op_read_caps(const struct endpoint *ep, const uint64_t *w, uint64_t *out)
{
	(void)ep;
	(void)w;
	out[0] = platform.caps;
	return ERIX_OK;
}

enum erix_err platform_op_read_acpi_qwords(const struct endpoint *ep, const uint64_t *w,
                                           uint64_t *out)
{
	const struct acpi_reader reader = {table_map, NULL};
	const struct erix_handoff_acpi *a = boot_info.view.acpi;
	const uint8_t *p;

	(void)ep;
	if (w[1] < 1 || w[1] > ERIX_ACPI_QWORDS_MAX)
		return ERIX_ERR_INVALID_ARGUMENT;
	if (!a)
		return ERIX_ERR_NOT_FOUND;
	/* Every refusal of the window rule is one user-visible code: which
	 * rule failed is the firmware's business, not the caller's. */
	if (acpi_window_ok(&reader, a->rsdp_phys, w[0], w[1] * 8) != ACPI_OK)
		return ERIX_ERR_RANGE;
	p = table_map(NULL, w[0], w[1] * 8);
	for (uint64_t i = 0; i < w[1]; i++) {
		uint64_t v = 0;

		for (unsigned b = 0; b < 8; b++)
			v |= (uint64_t)p[i * 8 + b] << (8 * b);
		out[i] = v;
	}
	return ERIX_OK;
}

/* The address/data pair is one access: the kernel runs with interrupts
 * off on one CPU, so nothing comes between the two. */
static uint32_t pci_read(const struct pci_access *acc)
{
	if (acc->mech == PCI_MECH_ECAM)
		return *(const volatile uint32_t *)arch_phys_to_virt(acc->ecam_pa);
	arch_outl(PCI_PORT_ADDRESS, acc->port_address);
	return arch_inl(PCI_PORT_DATA);
}

static void pci_write(const struct pci_access *acc, uint32_t v)
{
	if (acc->mech == PCI_MECH_ECAM) {
		*(volatile uint32_t *)arch_phys_to_virt(acc->ecam_pa) = v;
		return;
	}
	arch_outl(PCI_PORT_ADDRESS, acc->port_address);
	arch_outl(PCI_PORT_DATA, v);
}

static void pci_write16(const struct pci_access *acc, uint16_t v)
{
	if (acc->mech == PCI_MECH_ECAM) {
		*(volatile uint16_t *)arch_phys_to_virt(acc->ecam_pa) = v;
		return;
	}
	arch_outl(PCI_PORT_ADDRESS, acc->port_address);
	arch_outw(acc->port_data, v);
}

enum erix_err platform_pci_config(uint64_t bus, uint64_t dev, uint64_t fn, uint64_t off,
                                  const uint32_t *write, uint32_t *read)
{
	const uint64_t w[4] = {bus, dev, fn, off};
	struct pci_access acc;
	enum erix_err err = pci_decode(&platform.pci, w, &acc);

	if (err)
		return err;
	if (write)
		pci_write(&acc, *write);
	if (read)
		*read = pci_read(&acc);
	return ERIX_OK;
}

uint32_t platform_pci_read(uint16_t bdf, unsigned off)
{
	uint32_t v = 0xFFFFFFFF;

	platform_pci_config(bdf >> 8, (bdf >> 3) & 0x1F, bdf & 7, off, NULL, &v);
	return v;
}

void platform_pci_write(uint16_t bdf, unsigned off, uint32_t v)
{
	platform_pci_config(bdf >> 8, (bdf >> 3) & 0x1F, bdf & 7, off, &v, NULL);
}

void platform_pci_write16(uint16_t bdf, unsigned off, uint16_t v)
{
	const uint64_t w[4] = {bdf >> 8, (bdf >> 3) & 0x1F, bdf & 7, off};
	struct pci_access acc;

	if (pci_decode_sized(&platform.pci, w, 2, &acc) == ERIX_OK)
		pci_write16(&acc, v);
}

enum erix_err platform_op_read_pci_config(const struct endpoint *ep, const uint64_t *w,
                                          uint64_t *out)
{
	uint32_t v = 0;
	enum erix_err err = platform_pci_config(w[0], w[1], w[2], w[3], NULL, &v);

	(void)ep;
	if (!err)
		out[0] = v;
	return err;
}

/* Pages of the recorded ACPI ranges outside the physmap (RESERVED memory),
 * mapped uncached like MMIO: the only alias of those pages, so no memory
 * type conflict. Returns how many were mapped (a page shared by two
 * ranges counts twice; mapping it again is harmless). */
static uint64_t map_acpi_ranges(void)
{
	uint64_t mapped = 0;

	for (uint32_t i = 0; i < platform.acpi_ranges; i++) {
		uint64_t page = platform.acpi_base[i] & ~(uint64_t)(ERIX_PAGE_SIZE - 1);
		uint64_t end = platform.acpi_base[i] + platform.acpi_length[i];

		for (; page < end; page += ERIX_PAGE_SIZE) {
			if (covered(page, ERIX_PAGE_SIZE, ram_type))
				continue;
			if (arch_map_mmio(page, ERIX_PAGE_SIZE))
				kernel_fail(ERIX_MARK_FAIL_NO_MEMORY " what=acpi_mapping");
			mapped++;
		}
	}
	return mapped;
}

void platform_map_mmio(void)
{
	uint64_t mapped = 0, reserved = map_acpi_ranges();

	if (platform.ecam.length) {
		int err = arch_map_mmio(platform.ecam.base, platform.ecam.length);

		if (err == ERIX_ERR_NO_MEMORY)
			kernel_fail(ERIX_MARK_FAIL_NO_MEMORY " what=ecam_mapping");
		if (err) {
			/* Outside the physmap's slots: the ports still work. */
			pci_select(&platform.pci, 0, 0, 0, 0);
			kprintf("kernel: ECAM at 0x%lx not mappable: PCI config by ports\n",
			        platform.ecam.base);
		} else {
			mapped = platform.ecam.length;
		}
	}
	kprintf("kernel: acpi ranges=%u reserved_pages=%lu pci=%s ecam=0x%lx+0x%lx hpet=0x%lx "
	        "iommus=%u iommu=0x%lx\n",
	        platform.acpi_ranges, reserved,
	        platform.pci.mech == PCI_MECH_ECAM ? "ecam" : "ports", platform.ecam.base, mapped,
	        platform.hpet, platform.iommu_count,
	        platform.iommu_count ? platform.iommus[0].base : 0);
}

void platform_mask_ioapics(void)
{
	for (uint32_t i = 0; i < platform.ioapic_count; i++)
		if (arch_ioapic_mask_all(platform.ioapics[i].phys))
			kernel_fail(ERIX_MARK_FAIL_NO_MEMORY " what=ioapic_mapping");
}
