/* MSI programming (PCI Local Bus 3.0, 6.8.1): the capability list from the
 * status register's bit 4 and the pointer at 0x34, bounded; one message
 * (Multiple Message Enable 0), address and data from the arch layer. */
#include "msi.h"

#include <erix/errors.h>

#include "platform.h"

#define CFG_COMMAND    0x04 /* command (low 16) and status (high 16) */
#define CFG_CAP_PTR    0x34
#define STATUS_CAPS    (1u << (16 + 4))
#define COMMAND_MASTER 0x4
#define COMMAND_INTX   0x400 /* INTx disable: the function signals by MSI alone */
#define CAP_ID_MSI     0x05
#define MSI_ENABLE     (1u << 16)
#define MSI_MME_MASK   (7u << 20)
#define MSI_64BIT      (1u << 23)
#define MSI_MASKABLE   (1u << 24) /* per-vector masking: mask bits after the data */
#define MSI_MAX_LEN    24         /* 64-bit with mask and pending bits */
#define CAP_ID_MSIX    0x11
#define MSIX_ENABLE    (1u << 31)
#define MAX_CAPS       48 /* 192 bytes of capabilities at 4 bytes each */

enum erix_err msi_find(uint16_t bdf, struct msi_state *s)
{
	unsigned off;

	if ((platform_pci_read(bdf, 0) & 0xFFFF) == 0xFFFF ||
	    !(platform_pci_read(bdf, CFG_COMMAND) & STATUS_CAPS))
		return ERIX_ERR_NOT_FOUND;
	*s = (struct msi_state){.bdf = bdf};
	off = platform_pci_read(bdf, CFG_CAP_PTR) & 0xFC;
	for (unsigned i = 0; i < MAX_CAPS && off >= 0x40; i++) {
		uint32_t head = platform_pci_read(bdf, off);

		/* MSI and MSI-X both on is undefined: a function whose MSI-X
		 * someone enabled is left alone. */
		if ((head & 0xFF) == CAP_ID_MSIX && (head & MSIX_ENABLE))
			return ERIX_ERR_BUSY;
		if ((head & 0xFF) == CAP_ID_MSI && !s->cap)
			s->cap = (uint8_t)off;
		off = (head >> 8) & 0xFC;
	}
	/* The whole capability inside the 256-byte header space. */
	if (!s->cap || s->cap > 0x100 - MSI_MAX_LEN)
		return ERIX_ERR_NOT_FOUND;
	return ERIX_OK;
}

void msi_enable(struct msi_state *s, unsigned vector)
{
	uint32_t head = platform_pci_read(s->bdf, s->cap),
	         cmd = platform_pci_read(s->bdf, CFG_COMMAND);
	unsigned data = head & MSI_64BIT ? s->cap + 12 : s->cap + 8;

	s->command = (uint16_t)cmd;
	platform_pci_write(s->bdf, s->cap, head & ~(MSI_ENABLE | MSI_MME_MASK));
	platform_pci_write(s->bdf, s->cap + 4, arch_msi_address());
	if (head & MSI_64BIT)
		platform_pci_write(s->bdf, s->cap + 8, 0);
	platform_pci_write(s->bdf, data,
	                   (platform_pci_read(s->bdf, data) & 0xFFFF0000) | arch_msi_data(vector));
	/* A mask the firmware left set would keep the one message silent. */
	if (head & MSI_MASKABLE)
		platform_pci_write(s->bdf, data + 4, 0);
	platform_pci_write(s->bdf, CFG_COMMAND, (cmd & 0xFFFF) | COMMAND_MASTER | COMMAND_INTX);
	platform_pci_write(s->bdf, s->cap, (head & ~MSI_MME_MASK) | MSI_ENABLE);
}

void msi_disable(const struct msi_state *s)
{
	platform_pci_write(s->bdf, s->cap, platform_pci_read(s->bdf, s->cap) & ~MSI_ENABLE);
	platform_pci_write(s->bdf, CFG_COMMAND, s->command);
}

int msi_mask(const struct msi_state *s, int masked)
{
	uint32_t head = platform_pci_read(s->bdf, s->cap);
	unsigned bits = head & MSI_64BIT ? s->cap + 16 : s->cap + 12;

	if (!(head & MSI_MASKABLE))
		return 0;
	platform_pci_write(s->bdf, bits, masked ? 1 : 0);
	return 1;
}
