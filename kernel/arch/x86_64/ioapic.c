/* I/O APICs: every redirection entry masked at boot, so no device line can
 * raise a vector the kernel has no handler for. The register window is an
 * uncached physmap page (arch_map_mmio); platform.c found it in the MADT
 * and reserved it from device untyped. */
#include "cpu.h"
#include "lapic.h"

#include <erix/errors.h>

#define IOREGSEL      0x00
#define IOWIN         0x10
#define REG_VERSION   0x01
#define REG_REDIR_LO  0x10 /* entry i: 0x10 + 2i (low), 0x11 + 2i (high) */
#define REDIR_MASKED  (1u << 16)
#define REDIR_LEVEL   (1u << 15)
#define REDIR_LOW     (1u << 13) /* active low */
#define MAX_REDIR_BIT 16         /* version[23:16] = index of the last entry */

static volatile uint32_t *window(paddr_t phys)
{
	return (volatile uint32_t *)arch_phys_to_virt(phys);
}

static uint32_t ioapic_read(paddr_t phys, uint32_t reg)
{
	window(phys)[IOREGSEL / 4] = reg;
	return window(phys)[IOWIN / 4];
}

static void ioapic_write(paddr_t phys, uint32_t reg, uint32_t v)
{
	window(phys)[IOREGSEL / 4] = reg;
	window(phys)[IOWIN / 4] = v;
}

static unsigned entry_count(paddr_t phys)
{
	return ((ioapic_read(phys, REG_VERSION) >> MAX_REDIR_BIT) & 0xFF) + 1;
}

int arch_ioapic_mask_all(paddr_t phys)
{
	int err;

	/* The 0x20-byte window is 16-byte aligned and within one page. */
	if ((phys & 0xF) || (phys & (ERIX_PAGE_SIZE - 1)) > ERIX_PAGE_SIZE - 0x20)
		return ERIX_ERR_INVALID_ARGUMENT;
	err = arch_map_mmio(phys, ERIX_PAGE_SIZE);
	if (err)
		return err;
	/* The low half carries the mask bit: written whole, the entry is
	 * masked in one store; the high half (destination) is cleared after. */
	for (unsigned i = 0; i < entry_count(phys); i++) {
		ioapic_write(phys, REG_REDIR_LO + 2 * i, REDIR_MASKED);
		ioapic_write(phys, REG_REDIR_LO + 2 * i + 1, 0);
	}
	return ERIX_OK;
}

bool arch_ioapic_all_masked(paddr_t phys)
{
	for (unsigned i = 0; i < entry_count(phys); i++)
		if (!(ioapic_read(phys, REG_REDIR_LO + 2 * i) & REDIR_MASKED))
			return false;
	return true;
}

unsigned arch_ioapic_pins(paddr_t phys)
{
	return entry_count(phys);
}

/* Fixed delivery, physical destination: this CPU (one CPU takes every
 * line until SMP gives them out). The destination is written before the
 * low half, whose store sets the vector, trigger, polarity and mask. */
void arch_ioapic_route(paddr_t phys, unsigned pin, unsigned vector, bool level, bool active_low)
{
	uint32_t lo =
	    vector | REDIR_MASKED | (level ? REDIR_LEVEL : 0) | (active_low ? REDIR_LOW : 0);

	ioapic_write(phys, REG_REDIR_LO + 2 * pin, REDIR_MASKED);
	/* The boot CPU, whichever CPU binds the line. */
	ioapic_write(phys, REG_REDIR_LO + 2 * pin + 1, arch_cpus[0].apic_id << 24);
	ioapic_write(phys, REG_REDIR_LO + 2 * pin, lo);
}

void arch_ioapic_mask(paddr_t phys, unsigned pin, bool masked)
{
	uint32_t lo = ioapic_read(phys, REG_REDIR_LO + 2 * pin);

	ioapic_write(phys, REG_REDIR_LO + 2 * pin, masked ? lo | REDIR_MASKED : lo & ~REDIR_MASKED);
}
