/* FB_QUERY and FB_MAP. The framebuffer is the loader's (validated in the
 * handoff: FRAMEBUFFER memory, never RAM); its pages are mapped uncached
 * and marked as frame-cap mappings, so UNMAP_FRAME removes them page by
 * page and a dying VSpace simply drops them (no RAM untyped owns them). */
#include "fb.h"

#include <erix/errors.h>
#include <erix/kctl.h>

#include "boot.h"
#include "process.h"
#include "vspace.h"

static const struct erix_handoff_framebuffer *fb(void)
{
	return boot_info.view.framebuffer;
}

static uint64_t fb_pages(const struct erix_handoff_framebuffer *f)
{
	return (f->size + (f->base & (ERIX_PAGE_SIZE - 1)) + ERIX_PAGE_SIZE - 1) / ERIX_PAGE_SIZE;
}

/* out: w0 width | height << 32, w1 pitch in bytes, w2 bpp | format << 32,
 * w3 bytes (the mapping FB_MAP makes is this, rounded up to pages). */
enum erix_err fb_op_query(const struct endpoint *ep, const uint64_t *w, uint64_t *out)
{
	const struct erix_handoff_framebuffer *f = fb();

	(void)ep;
	(void)w;
	if (!f)
		return ERIX_ERR_NOT_FOUND;
	out[0] = f->width | (uint64_t)f->height << 32;
	out[1] = f->pitch;
	out[2] = f->bpp | (uint64_t)f->format << 32;
	out[3] = f->size;
	return ERIX_OK;
}

/* w[0] target (ERIX_KCTL_SELF or a process slot), w[1] va: every page of
 * the framebuffer, from va, RW and NX. Checked whole first: the range in
 * the user half, every page free, the tables within the target's budget. */
enum erix_err fb_op_map(const struct endpoint *ep, const uint64_t *w, uint64_t *out)
{
	const struct erix_handoff_framebuffer *f = fb();
	struct process *p;
	uint64_t pages, va = w[1];
	enum erix_err err;

	(void)ep;
	(void)out;
	if (!f)
		return ERIX_ERR_NOT_FOUND;
	pages = fb_pages(f);
	err = vspace_decode_target(w[0], &p);
	if (!err)
		err = vspace_decode_range(p, va, pages);
	if (err)
		return err;
	for (uint64_t i = 0; i < pages; i++) {
		paddr_t pa = (f->base & ~(uint64_t)(ERIX_PAGE_SIZE - 1)) + i * ERIX_PAGE_SIZE;

		err = vspace_map_device(p, va + i * ERIX_PAGE_SIZE, pa);
		if (err)
			return err; /* not reached: decoded whole above */
	}
	return ERIX_OK;
}
