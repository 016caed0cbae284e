/* CSpaces: arrays of capability slots in kmem frames charged to the
 * CSpace's account, plus the visible window [win_base, win_base + win_len)
 * that bounds every slot argument its threads pass. */
#ifndef ERIX_KERNEL_CSPACE_H
#define ERIX_KERNEL_CSPACE_H

#include <erix/layout.h>
#include <erix/slots.h>

#include "arch/x86_64/arch.h"
#include "cap.h"
#include "error.h"

/* A slot index that has passed cspace_lookup: below the CSpace's size. */
typedef uint32_t slot_t;

#define CSPACE_SLOTS_PER_PAGE (ERIX_PAGE_SIZE / sizeof(struct cap))
#define CSPACE_MAX_SLOTS      ERIX_ROOT_CSPACE_SLOTS
#define CSPACE_MAX_PAGES      (CSPACE_MAX_SLOTS / CSPACE_SLOTS_PER_PAGE)

struct account;

struct cspace {
	struct account *acct;
	uint32_t nslots;
	uint32_t win_base;
	uint32_t win_len;
	uint32_t npages;
	struct cap *pages[CSPACE_MAX_PAGES];
};

/* A CSpace of nslots (1 .. CSPACE_MAX_SLOTS) empty slots, charged to acct.
 * The window starts empty: nothing is visible until its creator sets it. */
enum erix_err cspace_create(struct account *acct, uint64_t nslots, struct cspace **out);
/* Empties every slot (dropping what the caps reference) and frees it. */
void cspace_destroy(struct cspace *cs);

/* ERIX_ERR_INVALID_SLOT if slot >= nslots, else *out = the slot. Inline:
 * every syscall and IPC fast path starts here. */
static inline enum erix_err cspace_lookup(struct cspace *cs, uint64_t slot, struct cap **out)
{
	if (slot >= cs->nslots)
		return ERIX_ERR_INVALID_SLOT;
	slot = arch_index_nospec(slot, cs->nslots);
	*out = &cs->pages[slot / CSPACE_SLOTS_PER_PAGE][slot % CSPACE_SLOTS_PER_PAGE];
	return ERIX_OK;
}

/* As cspace_lookup, and ERIX_ERR_OUT_OF_WINDOW outside the visible window:
 * the one lookup for every slot argument from user space. The window lies
 * inside the CSpace (cspace_set_window), so one unsigned compare of the
 * offset into it bounds the slot both ways; the errors come after. */
static inline enum erix_err cspace_lookup_window(struct cspace *cs, uint64_t slot, struct cap **out)
{
	uint64_t off = slot - cs->win_base; /* wraps below the window */

	if (off >= cs->win_len)
		return slot >= cs->nslots ? ERIX_ERR_INVALID_SLOT : ERIX_ERR_OUT_OF_WINDOW;
	slot = cs->win_base + arch_index_nospec(off, cs->win_len);
	*out = &cs->pages[slot / CSPACE_SLOTS_PER_PAGE][slot % CSPACE_SLOTS_PER_PAGE];
	return ERIX_OK;
}
/* The caller's empty slot in its window (destinations of new caps). */
enum erix_err cspace_lookup_empty(struct cspace *cs, uint64_t slot, struct cap **out);

/* Installs c into an empty slot (boot-time construction). */
enum erix_err cspace_install(struct cspace *cs, uint64_t slot, const struct cap *c);
/* The window, cut to the CSpace's slots (cspace_lookup_window relies on
 * it lying inside). */
void cspace_set_window(struct cspace *cs, uint32_t base, uint32_t len);

#endif
