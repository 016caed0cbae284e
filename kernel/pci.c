/* PCI config access decode (pci.h): bounds first, then the address of the
 * one dword or word. Nothing here touches hardware. */
#include "pci.h"

void pci_select(struct pci_config *c, int have_ecam, uint64_t base, uint8_t bus_start,
                uint8_t bus_end)
{
	c->mech = have_ecam ? PCI_MECH_ECAM : PCI_MECH_PORTS;
	c->ecam_base = have_ecam ? base : 0;
	c->bus_start = have_ecam ? bus_start : 0;
	c->bus_end = have_ecam ? bus_end : 0xFF;
}

enum erix_err pci_decode_sized(const struct pci_config *c, const uint64_t *w, unsigned size,
                               struct pci_access *out)
{
	uint64_t bus = w[0], dev = w[1], fn = w[2], off = w[3];
	uint64_t space = c->mech == PCI_MECH_ECAM ? PCI_ECAM_SPACE : PCI_PORT_SPACE;

	if (off & (size - 1))
		return E_INVALID_ARGUMENT;
	if (dev >= PCI_DEVICES || fn >= PCI_FUNCTIONS || off >= space)
		return E_RANGE;
	/* A bus the MCFG does not decode has no config space there: reading
	 * past the window would reach whatever MMIO lies beyond it. */
	if (bus < c->bus_start || bus > c->bus_end)
		return E_RANGE;
	out->mech = c->mech;
	out->ecam_pa = c->mech == PCI_MECH_ECAM
	                   ? c->ecam_base + (bus << PCI_ECAM_BUS_SHIFT | dev << 15 | fn << 12 | off)
	                   : 0;
	/* 0xCF8 names the dword; a narrower access picks its bytes by the
	 * data port it uses (0xCFC + the offset's low bits). */
	out->port_address =
	    c->mech == PCI_MECH_PORTS
	        ? (uint32_t)(PCI_PORT_ENABLE | bus << 16 | dev << 11 | fn << 8 | (off & ~3ull))
	        : 0;
	out->port_data = c->mech == PCI_MECH_PORTS ? (uint16_t)(PCI_PORT_DATA + (off & 3)) : 0;
	return E_OK;
}

enum erix_err pci_decode(const struct pci_config *c, const uint64_t *w, struct pci_access *out)
{
	return pci_decode_sized(c, w, 4, out);
}
