/* The authority suite, platform part: the ACPI and PCI families. */
#include "authority.h"

/* READ_PLATFORM_CAPS through both families that have it: the same bits,
 * and QEMU's q35 shows ACPI, a MADT with an I/O APIC, a FADT with the
 * 8042, MCFG and the framebuffer. */
void auth_platform_cases(void)
{
	uint64_t acpi[4] = {0, 0, 0, 0}, pci[4] = {0, 0, 0, 0};
	const uint64_t q35 = ERIX_PLATFORM_ACPI | ERIX_PLATFORM_MADT | ERIX_PLATFORM_IOAPIC |
	                     ERIX_PLATFORM_FADT | ERIX_PLATFORM_I8042 | ERIX_PLATFORM_PCIE_ECAM;

	check("platform_caps_acpi",
	      (uint64_t)erix_kctl(ERIX_SLOT_ACPI, ERIX_KCTL_READ_PLATFORM_CAPS, 0, 0, 0, 0, acpi),
	      ERIX_OK);
	check("platform_caps_pci",
	      (uint64_t)erix_kctl(ERIX_SLOT_PCI_CONFIG, ERIX_KCTL_READ_PLATFORM_CAPS, 0, 0, 0, 0,
	                          pci),
	      ERIX_OK);
	check("platform_caps_same_bits", acpi[0], pci[0]);
	check("platform_caps_q35", acpi[0] & q35, q35);
	check("platform_caps_deterministic",
	      erix_kctl(ERIX_SLOT_ACPI, ERIX_KCTL_READ_PLATFORM_CAPS, 0, 0, 0, 0, pci) == ERIX_OK &&
	          pci[0] == acpi[0],
	      1);
	check("platform_caps_denied_elsewhere",
	      (uint64_t)erix_kctl(ERIX_SLOT_TIMED, ERIX_KCTL_READ_PLATFORM_CAPS, 0, 0, 0, 0, NULL),
	      ERIX_ERR_OP_DENIED);
}
