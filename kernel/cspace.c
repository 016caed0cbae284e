/* CSpace slots in kmem frames (CSPACE_SLOTS_PER_PAGE per frame) and the
 * visible window. Every slot index from user space passes through
 * cspace_lookup, so the bounds check lives in one place. */
#include "cspace.h"

#include <erix/errors.h>

#include "kmem.h"

int cspace_init(struct cspace *cs)
{
	for (unsigned i = 0; i < CSPACE_MAX_PAGES; i++) {
		paddr_t pa = kmem_alloc_frame();

		if (!pa)
			return ERIX_ERR_NO_MEMORY;
		cs->pages[i] = arch_phys_to_virt(pa);
	}
	cs->nslots = ERIX_ROOT_CSPACE_SLOTS;
	/* Nothing is visible until boot has filled the CSpace. */
	cs->win_base = 0;
	cs->win_len = 0;
	return ERIX_OK;
}

int cspace_lookup(struct cspace *cs, uint64_t slot, struct cap **out)
{
	if (slot >= cs->nslots)
		return ERIX_ERR_INVALID_SLOT;
	*out = &cs->pages[slot / CSPACE_SLOTS_PER_PAGE][slot % CSPACE_SLOTS_PER_PAGE];
	return ERIX_OK;
}

int cspace_lookup_window(struct cspace *cs, uint64_t slot, struct cap **out)
{
	int err = cspace_lookup(cs, slot, out);

	if (err)
		return err;
	if (slot < cs->win_base || slot - cs->win_base >= cs->win_len)
		return ERIX_ERR_OUT_OF_WINDOW;
	return ERIX_OK;
}

int cspace_install(struct cspace *cs, uint64_t slot, const struct cap *c)
{
	struct cap *dst;
	int err = cspace_lookup(cs, slot, &dst);

	if (err)
		return err;
	if (dst->type != ERIX_CAP_NULL)
		return ERIX_ERR_BUSY;
	*dst = *c;
	return ERIX_OK;
}

void cspace_set_window(struct cspace *cs, uint32_t base, uint32_t len)
{
	cs->win_base = base;
	cs->win_len = len;
}
