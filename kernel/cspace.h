/* CSpaces: arrays of capability slots kept in kmem frames, plus the visible
 * window [win_base, win_base + win_len) that bounds the slot arguments of
 * process and capability operations. */
#ifndef ERIX_KERNEL_CSPACE_H
#define ERIX_KERNEL_CSPACE_H

#include <erix/layout.h>
#include <erix/slots.h>

#include "cap.h"

#define CSPACE_SLOTS_PER_PAGE (ERIX_PAGE_SIZE / sizeof(struct cap))
#define CSPACE_MAX_PAGES      (ERIX_ROOT_CSPACE_SLOTS / CSPACE_SLOTS_PER_PAGE)

struct cspace {
	struct cap *pages[CSPACE_MAX_PAGES];
	uint32_t nslots;
	uint32_t win_base;
	uint32_t win_len;
};

/* Allocates the slot frames for ERIX_ROOT_CSPACE_SLOTS empty slots. */
int cspace_init(struct cspace *cs);

/* ERIX_ERR_INVALID_SLOT if slot >= nslots, else *out = the slot. */
int cspace_lookup(struct cspace *cs, uint64_t slot, struct cap **out);
/* As cspace_lookup, and ERIX_ERR_OUT_OF_WINDOW outside the visible window. */
int cspace_lookup_window(struct cspace *cs, uint64_t slot, struct cap **out);

/* Installs c into an empty slot (boot-time construction). */
int cspace_install(struct cspace *cs, uint64_t slot, const struct cap *c);
void cspace_set_window(struct cspace *cs, uint32_t base, uint32_t len);

#endif
