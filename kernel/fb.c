/* FB_QUERY, FB_MAP, FONT_QUERY, FONT_MAP. The framebuffer is the loader's
 * (validated in the handoff: FRAMEBUFFER memory, never RAM); its pages are
 * mapped uncached and marked as frame-cap mappings, so UNMAP_FRAME removes
 * them page by page and a dying VSpace simply drops them (no RAM untyped
 * owns them). The font is the kernel's own (fbcon_font), copied once into
 * a page of its own and shared read-only. */
#include "fb.h"

#include <erix/errors.h>
#include <erix/kctl.h>

#include "boot.h"
#include "fbcon.h"
#include "kobj.h"
#include "process.h"
#include "string.h"
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
		/* Only the kernel pool running dry can stop it here (the budget
		 * was checked): the pages mapped so far stay, each removable. */
		if (err)
			return err;
	}
	return ERIX_OK;
}

/* ----------------------------------------------------------------- font */

static uint64_t font_bytes(void)
{
	return (uint64_t)FBCON_GLYPHS * fbcon_font.height * fbcon_font.row_bytes;
}

/* out: w0 = width | height << 32, w1 = bytes per glyph row, w2 = glyphs,
 * w3 = bytes (glyph c at c * height * row bytes, leftmost pixel in the top
 * bit). */
enum erix_err fb_op_font_query(const struct endpoint *ep, const uint64_t *w, uint64_t *out)
{
	(void)ep;
	(void)w;
	out[0] = fbcon_font.width | (uint64_t)fbcon_font.height << 32;
	out[1] = fbcon_font.row_bytes;
	out[2] = FBCON_GLYPHS;
	out[3] = font_bytes();
	return ERIX_OK;
}

/* The font's page, made on first use and kept: the kernel's (one page for
 * every mapper, like the boot modules'). */
static enum erix_err font_page(paddr_t *pa)
{
	static paddr_t page;

	if (!page) {
		enum erix_err err;

		if (font_bytes() > ERIX_PAGE_SIZE)
			return ERIX_ERR_RANGE;
		if ((err = kobj_alloc_user_frame(&kernel_account, &page)))
			return err;
		memcpy(arch_phys_to_virt(page), fbcon_font.glyphs, font_bytes());
	}
	*pa = page;
	return ERIX_OK;
}

/* w[0] target (ERIX_KCTL_SELF or a process slot), w[1] va: the font's page,
 * read-only, NX, removable with UNMAP_FRAME. */
enum erix_err fb_op_font_map(const struct endpoint *ep, const uint64_t *w, uint64_t *out)
{
	struct process *p;
	paddr_t pa;
	enum erix_err err = vspace_decode_target(w[0], &p);

	(void)ep;
	(void)out;
	if (!err)
		err = vspace_decode_range(p, w[1], 1);
	if (!err)
		err = font_page(&pa);
	return err ? err : vspace_map_shared(p, w[1], pa);
}
