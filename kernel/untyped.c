/* Untyped objects and RETYPE_UNTYPED_TO_FRAME. Each seed becomes one
 * object and one cap naming it, RAM seeds first, then device seeds, from
 * ERIX_SLOT_UNTYPED_BASE, in the order seed_derive produced them (RAM
 * ascending, which untyped_of's binary search relies on). */
#include "untyped.h"

#include <erix/errors.h>
#include <erix/kctl.h>

#include "kobj.h"
#include "sched.h"
#include "string.h"
#include "tcb.h"

/* The RAM untyped objects, ascending by base, in one frame (the seed count
 * is bounded by ERIX_UNTYPED_MAX_SEEDS pointers). */
static struct untyped **ram_untyped;
static uint32_t ram_count;
_Static_assert(ERIX_UNTYPED_MAX_SEEDS * sizeof(struct untyped *) <= ERIX_PAGE_SIZE,
               "the RAM untyped index fits one frame");

static int make_untyped(struct account *acct, const struct seed *s, struct untyped **out)
{
	int err = kobj_alloc(acct, sizeof(**out), (void **)out);

	if (err)
		return err;
	(*out)->base = s->base;
	(*out)->size_bits = s->size_bits;
	(*out)->is_device = s->is_device;
	return ERIX_OK;
}

int untyped_install_seeds(struct account *acct, struct cspace *cs, const struct seed_set *set)
{
	paddr_t index;
	int err = kobj_alloc_frame(acct, &index);

	if (err)
		return err;
	ram_untyped = arch_phys_to_virt(index);
	for (uint32_t i = 0; i < set->count; i++) {
		const struct seed *s = &set->seeds[i];
		struct cap c = {
		    .type = s->is_device ? ERIX_CAP_DEVICE_UNTYPED : ERIX_CAP_UNTYPED,
		    .rights = ERIX_RIGHT_READ | ERIX_RIGHT_WRITE | ERIX_RIGHT_GRANT,
		    .size_bits = s->size_bits,
		    .base = s->base,
		};

		err = make_untyped(acct, s, (struct untyped **)&c.obj);
		if (!err)
			err = cspace_install(cs, ERIX_SLOT_UNTYPED_BASE + i, &c);
		if (err)
			return err;
		if (!s->is_device)
			ram_untyped[ram_count++] = c.obj;
	}
	return ERIX_OK;
}

void untyped_child_add(struct untyped *u)
{
	u->children++;
}

/* The last child gone: nothing can reach the block any more (no cap, no
 * mapping), so all of it may be handed out again. */
void untyped_child_gone(struct untyped *u)
{
	if (--u->children == 0)
		u->watermark = 0;
}

struct untyped *untyped_of(paddr_t pa)
{
	uint32_t lo = 0, hi = ram_count;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		struct untyped *u = ram_untyped[mid];

		if (pa < u->base)
			hi = mid;
		else if (pa - u->base >= 1ull << u->size_bits)
			lo = mid + 1;
		else
			return u;
	}
	return NULL;
}

/* ------------------------------------------------ RETYPE_UNTYPED_TO_FRAME */

/* w[0] untyped slot, w[1] first destination, w[2] count, w[3] size bits:
 * a RAM untyped, 4 KiB frames only, count in 1..ERIX_RETYPE_MAX_FRAMES,
 * every destination an empty slot of the caller's window, and room below
 * the untyped's end. */
static enum erix_err decode_retype(const uint64_t *w, struct cap **ut, struct cap *dst[])
{
	struct cspace *cs = sched_current()->cspace;
	struct untyped *u;
	enum erix_err err = cspace_lookup_window(cs, w[0], ut);

	if (err)
		return err;
	if ((*ut)->type == ERIX_CAP_NULL)
		return ERIX_ERR_EMPTY_SLOT;
	if ((*ut)->type != ERIX_CAP_UNTYPED)
		return ERIX_ERR_WRONG_TYPE;
	if (w[3] != ERIX_PAGE_SHIFT)
		return ERIX_ERR_INVALID_ARGUMENT;
	if (w[2] == 0 || w[2] > ERIX_RETYPE_MAX_FRAMES)
		return ERIX_ERR_RANGE;
	if (w[1] > UINT64_MAX - w[2])
		return ERIX_ERR_INVALID_SLOT;
	for (uint64_t i = 0; i < w[2]; i++)
		if ((err = cspace_lookup_empty(cs, w[1] + i, &dst[i])))
			return err;
	u = (*ut)->obj;
	if (w[2] * ERIX_PAGE_SIZE > (1ull << u->size_bits) - u->watermark)
		return ERIX_ERR_NO_MEMORY;
	return ERIX_OK;
}

/* Frames are zeroed here: the block may hold what its last frames held. */
enum erix_err untyped_op_retype(const struct endpoint *ep, const uint64_t *w, uint64_t *out)
{
	struct cap *ut, *dst[ERIX_RETYPE_MAX_FRAMES];
	struct untyped *u;
	enum erix_err err = decode_retype(w, &ut, dst);

	(void)ep;
	if (err)
		return err;
	u = ut->obj;
	for (uint64_t i = 0; i < w[2]; i++) {
		paddr_t pa = u->base + u->watermark;

		memset(arch_phys_to_virt(pa), 0, ERIX_PAGE_SIZE);
		*dst[i] = (struct cap){
		    .type = ERIX_CAP_FRAME,
		    .rights = ut->rights & (ERIX_RIGHT_READ | ERIX_RIGHT_WRITE | ERIX_RIGHT_GRANT),
		    .size_bits = ERIX_PAGE_SHIFT,
		    .obj = u,
		    .base = pa,
		};
		u->watermark += ERIX_PAGE_SIZE;
		untyped_child_add(u);
	}
	out[0] = u->base + u->watermark - w[2] * ERIX_PAGE_SIZE;
	return ERIX_OK;
}
