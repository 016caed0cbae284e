/* PCI configuration space access, the pure half: which mechanism the
 * kernel uses (PCIe ECAM from the MCFG, else the legacy 0xCF8/0xCFC ports)
 * and the decode of READ_PCI_CONFIG_DWORD's arguments into one access
 * (and of the kernel's own word writes).
 * No arch dependency: host-tested (tests/unit/test_pci.c); platform.c
 * performs the access. */
#ifndef ERIX_KERNEL_PCI_H
#define ERIX_KERNEL_PCI_H

#include <stdint.h>

#include "error.h"

#define PCI_DEVICES        32
#define PCI_FUNCTIONS      8
#define PCI_ECAM_SPACE     4096 /* config bytes per function through ECAM */
#define PCI_PORT_SPACE     256  /* ... and through the ports */
#define PCI_PORT_ADDRESS   0xCF8
#define PCI_PORT_DATA      0xCFC
#define PCI_PORT_ENABLE    0x80000000u
#define PCI_ECAM_BUS_SHIFT 20

enum pci_mech {
	PCI_MECH_PORTS = 0, /* no usable MCFG: legacy configuration mechanism #1 */
	PCI_MECH_ECAM,
};

/* How the kernel reaches config space, fixed at boot. */
struct pci_config {
	enum pci_mech mech;
	uint64_t ecam_base; /* ECAM: bus b at ecam_base + (b << 20) */
	uint8_t bus_start, bus_end;
};

/* One decoded access: ECAM physical address, or the value for 0xCF8 and
 * the data port (0xCFC..0xCFF) to use after it. */
struct pci_access {
	enum pci_mech mech;
	uint64_t ecam_pa;
	uint32_t port_address;
	uint16_t port_data;
};

/* ECAM when the MCFG gave a segment-0 window (have_ecam), else the ports. */
void pci_select(struct pci_config *c, int have_ecam, uint64_t base, uint8_t bus_start,
                uint8_t bus_end);

/* w[0] = bus, w[1] = device, w[2] = function, w[3] = offset. Checks, in
 * order: offset dword-aligned (ERIX_ERR_INVALID_ARGUMENT); device < 32,
 * function < 8, offset below 4096 (ECAM) or 256 (ports), bus <= 255 and,
 * with ECAM, inside the MCFG's bus range (each ERIX_ERR_RANGE). Fills out
 * only on ERIX_OK. */
enum erix_err pci_decode(const struct pci_config *c, const uint64_t *w, struct pci_access *out);
/* The same for an access of size bytes (4 or 2): the offset must be
 * size-aligned (a word never straddles two dwords). The kernel's own word
 * writes (platform_pci_write16) use 2: a dword write would rewrite the
 * neighbouring register, which for a 16-bit command register next to a
 * write-1-to-clear status register is a command of its own. */
enum erix_err pci_decode_sized(const struct pci_config *c, const uint64_t *w, unsigned size,
                               struct pci_access *out);

#endif
