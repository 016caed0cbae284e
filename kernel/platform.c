/* Platform facts from ACPI (platform.h): the MADT's I/O APICs, reserved
 * before seeds are derived and masked once the kernel's tables are up. The
 * reader only lets acpi.c see firmware table memory, never MMIO or RAM the
 * loader did not certainly map. */
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
	const struct acpi_reader reader = {boot_map, NULL};
	const uint8_t *t;
	uint32_t len;

	if (boot_info.view.framebuffer)
		platform.caps |= ERIX_PLATFORM_FRAMEBUFFER;
	if (!a)
		return;
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

void platform_mask_ioapics(void)
{
	for (uint32_t i = 0; i < platform.ioapic_count; i++)
		if (arch_ioapic_mask_all(platform.ioapics[i].phys))
			kernel_fail(ERIX_MARK_FAIL_NO_MEMORY " what=ioapic_mapping");
}
