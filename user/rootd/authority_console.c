/* The authority suite, console part: FB_QUERY and FB_MAP on the console
 * family. The framebuffer is mapped into rootd, written and read back at
 * both ends, and unmapped page by page with UNMAP_FRAME. */
#include "authority.h"

#define FBVA 0x40000000ull

static uint64_t con(uint64_t op, uint64_t w1, uint64_t w2, uint64_t out[4])
{
	return (uint64_t)erix_kctl(ERIX_SLOT_CONSOLE, op, w1, w2, 0, 0, out);
}

static void map_denials(uint64_t pages)
{
	uint64_t before = kmem_used(ERIX_KCTL_SELF);

	check("fb_map_kernel_half", con(ERIX_KCTL_FB_MAP, ERIX_KCTL_SELF, ERIX_USER_TOP, NULL),
	      ERIX_ERR_BAD_ADDRESS);
	check("fb_map_past_user_top",
	      con(ERIX_KCTL_FB_MAP, ERIX_KCTL_SELF, ERIX_USER_TOP - (pages - 1) * PAGE, NULL),
	      ERIX_ERR_BAD_ADDRESS);
	check("fb_map_page_zero", con(ERIX_KCTL_FB_MAP, ERIX_KCTL_SELF, 0, NULL),
	      ERIX_ERR_BAD_ADDRESS);
	check("fb_map_unaligned", con(ERIX_KCTL_FB_MAP, ERIX_KCTL_SELF, FBVA + 8, NULL),
	      ERIX_ERR_INVALID_ARGUMENT);
	check("fb_map_target_not_process", con(ERIX_KCTL_FB_MAP, ERIX_SLOT_COM1, FBVA, NULL),
	      ERIX_ERR_WRONG_TYPE);
	/* The range ends on the first page of the module window (rootd's own
	 * ELF, mapped read-only): nothing of it is mapped. */
	check("fb_map_over_mapped_page",
	      con(ERIX_KCTL_FB_MAP, ERIX_KCTL_SELF, ERIX_MODULES_BASE - (pages - 1) * PAGE, NULL),
	      ERIX_ERR_BUSY);
	check("fb_map_over_mapped_page_left_first_free",
	      (uint64_t)erix_kctl(ERIX_SLOT_VSPACE, ERIX_KCTL_UNMAP_FRAME, ERIX_KCTL_SELF,
	                          ERIX_MODULES_BASE - (pages - 1) * PAGE, 0, 0, NULL),
	      ERIX_ERR_NOT_FOUND);
	check("fb_map_on_vspace_family",
	      (uint64_t)erix_kctl(ERIX_SLOT_VSPACE, ERIX_KCTL_FB_MAP, ERIX_KCTL_SELF, FBVA, 0, 0,
	                          NULL),
	      ERIX_ERR_OP_DENIED);
	check("fb_map_denials_changed_no_memory", kmem_used(ERIX_KCTL_SELF), before);
	check("fb_map_denials_left_va_unmapped",
	      (uint64_t)erix_kctl(ERIX_SLOT_VSPACE, ERIX_KCTL_UNMAP_FRAME, ERIX_KCTL_SELF, FBVA, 0,
	                          0, NULL),
	      ERIX_ERR_NOT_FOUND);
}

#define FONTVA 0x44000000ull

/* The font: 8x16 Terminus from the build (README), glyph ' ' blank and
 * glyph 'A' not; read-only in rootd, shared, removable. */
static void font_cases(void)
{
	uint64_t out[4] = {0, 0, 0, 0}, w, h, row, n, bytes, blank = 0, ink = 0;
	const volatile uint8_t *font = (const volatile uint8_t *)FONTVA;

	check("font_query", con(ERIX_KCTL_FONT_QUERY, 0, 0, out), ERIX_OK);
	w = out[0] & 0xFFFFFFFF;
	h = out[0] >> 32;
	row = out[1];
	n = out[2];
	bytes = out[3];
	check("font_query_shape", w >= 1 && w <= row * 8 && h >= 1 && n >= 128, 1);
	check("font_query_bytes", bytes, n * h * row);
	check("font_map_kernel_half", con(ERIX_KCTL_FONT_MAP, ERIX_KCTL_SELF, ERIX_USER_TOP, NULL),
	      ERIX_ERR_BAD_ADDRESS);
	check("font_map_unaligned", con(ERIX_KCTL_FONT_MAP, ERIX_KCTL_SELF, FONTVA + 1, NULL),
	      ERIX_ERR_INVALID_ARGUMENT);
	check("font_map_over_mapped_page",
	      con(ERIX_KCTL_FONT_MAP, ERIX_KCTL_SELF, ERIX_MODULES_BASE, NULL), ERIX_ERR_BUSY);
	check("font_map_target_not_process", con(ERIX_KCTL_FONT_MAP, ERIX_SLOT_COM1, FONTVA, NULL),
	      ERIX_ERR_WRONG_TYPE);
	check("font_map", con(ERIX_KCTL_FONT_MAP, ERIX_KCTL_SELF, FONTVA, NULL), ERIX_OK);
	check("font_map_again_busy", con(ERIX_KCTL_FONT_MAP, ERIX_KCTL_SELF, FONTVA, NULL),
	      ERIX_ERR_BUSY);
	for (uint64_t i = 0; i < h * row; i++) {
		blank |= font[' ' * h * row + i];
		ink |= font['A' * h * row + i];
	}
	check("font_space_blank", blank, 0);
	check("font_A_drawn", ink != 0, 1);
	check("font_unmap",
	      (uint64_t)erix_kctl(ERIX_SLOT_VSPACE, ERIX_KCTL_UNMAP_FRAME, ERIX_KCTL_SELF, FONTVA,
	                          0, 0, NULL),
	      ERIX_OK);
	check("font_remap_same_page", con(ERIX_KCTL_FONT_MAP, ERIX_KCTL_SELF, FONTVA, NULL),
	      ERIX_OK);
	check("font_remap_same_ink", font['A' * h * row + h * row / 2] != 0 || ink == 0, 1);
	erix_kctl(ERIX_SLOT_VSPACE, ERIX_KCTL_UNMAP_FRAME, ERIX_KCTL_SELF, FONTVA, 0, 0, NULL);
}

void auth_console_cases(void)
{
	uint64_t out[4] = {0, 0, 0, 0}, w, h, pitch, bpp, size, pages, before, ok = 1;
	volatile uint32_t *px = (volatile uint32_t *)FBVA;

	check("fb_query", con(ERIX_KCTL_FB_QUERY, 0, 0, out), ERIX_OK);
	w = out[0] & 0xFFFFFFFF;
	h = out[0] >> 32;
	pitch = out[1];
	bpp = out[2] & 0xFFFFFFFF;
	size = out[3];
	check("fb_query_geometry", w > 0 && h > 0 && bpp == 32 && pitch >= w * 4, 1);
	check("fb_query_size_covers_lines", size >= pitch * h, 1);
	check("fb_query_format_known", (out[2] >> 32) >= 1 && (out[2] >> 32) <= 3, 1);
	if (!w || size < pitch * h)
		return;
	pages = (size + PAGE - 1) / PAGE;
	map_denials(pages);
	before = kmem_used(ERIX_KCTL_SELF);
	check("fb_map", con(ERIX_KCTL_FB_MAP, ERIX_KCTL_SELF, FBVA, NULL), ERIX_OK);
	check("fb_map_charged_only_tables", kmem_used(ERIX_KCTL_SELF) - before <= 4 * PAGE, 1);
	check("fb_map_again_busy", con(ERIX_KCTL_FB_MAP, ERIX_KCTL_SELF, FBVA, NULL),
	      ERIX_ERR_BUSY);
	px[0] = 0x00123456;
	px[(pitch * (h - 1)) / 4 + w - 1] = 0x00654321;
	check("fb_pixel_first", px[0], 0x00123456);
	check("fb_pixel_last", px[(pitch * (h - 1)) / 4 + w - 1], 0x00654321);
	for (uint64_t i = 0; i < pages; i++)
		ok &= erix_kctl(ERIX_SLOT_VSPACE, ERIX_KCTL_UNMAP_FRAME, ERIX_KCTL_SELF,
		                FBVA + i * PAGE, 0, 0, NULL) == ERIX_OK;
	check("fb_unmap_every_page", ok, 1);
	check("fb_unmap_again",
	      (uint64_t)erix_kctl(ERIX_SLOT_VSPACE, ERIX_KCTL_UNMAP_FRAME, ERIX_KCTL_SELF, FBVA, 0,
	                          0, NULL),
	      ERIX_ERR_NOT_FOUND);
	font_cases();
}
