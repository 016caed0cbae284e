/* CSpace slots in kmem frames (CSPACE_SLOTS_PER_PAGE per frame) and the
 * visible window. Every slot index from user space passes through
 * cspace_lookup_window, so the bounds and window checks live in one place.
 * The index is clamped after the bounds check (arch_index_nospec), so a
 * mispredicted branch cannot read past the slot array (Spectre v1). */
#include "cspace.h"

#include <erix/errors.h>

#include "kobj.h"
#include "string.h"

enum erix_err cspace_create(struct account *acct, uint64_t nslots, struct cspace **out)
{
	struct cspace *cs;
	enum erix_err err;

	if (nslots == 0 || nslots > CSPACE_MAX_SLOTS)
		return ERIX_ERR_RANGE;
	err = kobj_alloc(acct, sizeof(*cs), (void **)&cs);
	if (err)
		return err;
	cs->acct = acct;
	cs->nslots = (uint32_t)nslots;
	for (; cs->npages * CSPACE_SLOTS_PER_PAGE < nslots; cs->npages++) {
		paddr_t pa;

		err = kobj_alloc_frame(acct, &pa);
		if (err) {
			cspace_destroy(cs);
			return err;
		}
		cs->pages[cs->npages] = arch_phys_to_virt(pa);
	}
	*out = cs;
	return ERIX_OK;
}

void cspace_destroy(struct cspace *cs)
{
	for (uint32_t p = 0; p < cs->npages; p++) {
		for (unsigned i = 0; i < CSPACE_SLOTS_PER_PAGE; i++)
			cap_clear(&cs->pages[p][i]);
		kobj_free_frame(cs->acct, (uintptr_t)cs->pages[p] - ERIX_PHYSMAP_BASE);
	}
	kobj_free(cs->acct, cs, sizeof(*cs));
}

enum erix_err cspace_lookup_empty(struct cspace *cs, uint64_t slot, struct cap **out)
{
	enum erix_err err = cspace_lookup_window(cs, slot, out);

	if (err)
		return err;
	return (*out)->type == ERIX_CAP_NULL ? ERIX_OK : ERIX_ERR_BUSY;
}

enum erix_err cspace_install(struct cspace *cs, uint64_t slot, const struct cap *c)
{
	struct cap *dst;
	enum erix_err err = cspace_lookup(cs, slot, &dst);

	if (err)
		return err;
	if (dst->type != ERIX_CAP_NULL)
		return ERIX_ERR_BUSY;
	*dst = *c;
	return ERIX_OK;
}

void cspace_set_window(struct cspace *cs, uint32_t base, uint32_t len)
{
	if (base > cs->nslots)
		base = cs->nslots;
	if (len > cs->nslots - base)
		len = cs->nslots - base;
	if (!len)
		base = 0; /* a mispredicted lookup then lands on slot 0, not past the end */
	cs->win_base = base;
	cs->win_len = len;
}
