/* MSI on a PCI function: find its MSI capability, point its one message
 * at a vector of this CPU (bus mastering on: an MSI is a memory write),
 * and turn it off again as it was. Config space through platform.c. */
#ifndef ERIX_KERNEL_MSI_H
#define ERIX_KERNEL_MSI_H

#include <stdint.h>

#include "error.h"

struct msi_state {
	uint16_t bdf;
	uint8_t cap;      /* the MSI capability's config offset */
	uint16_t command; /* the command register before msi_enable */
};

/* ERIX_ERR_NOT_FOUND if bdf is absent or has no MSI capability. */
enum erix_err msi_find(uint16_t bdf, struct msi_state *s);
void msi_enable(struct msi_state *s, unsigned vector);
void msi_disable(const struct msi_state *s);
/* Sets or clears the message's mask bit where the function has per-vector
 * masking (then a message that comes while masked waits in its pending bit
 * and is sent at unmask, PCI Local Bus 3.0 6.8.3.4); 0 if it has none. */
int msi_mask(const struct msi_state *s, int masked);

#endif
