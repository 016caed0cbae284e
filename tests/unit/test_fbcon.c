/* Host tests for kernel/fbcon.c: pixel values for every handoff format
 * (RGBX8, BGRX8, BITMASK at 16/24/32 bpp), the pitch padding never written,
 * glyph cells, wrapping, scrolling and the '?' for bytes outside ASCII, on
 * plain memory buffers with a small font made here. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fbcon.h"

/* A 3x2 font: every glyph blank except 'A', 'B', 'C', 'D', '?'. */
static uint8_t glyph_bits[FBCON_GLYPHS][2];
static const struct fbcon_font font = {3, 2, 1, &glyph_bits[0][0]};

static void make_font(void)
{
	memset(glyph_bits, 0, sizeof(glyph_bits));
	glyph_bits['A'][0] = 0xA0, glyph_bits['A'][1] = 0x40; /* #.# / .#. */
	glyph_bits['B'][0] = 0xE0, glyph_bits['B'][1] = 0x00; /* ### / ... */
	glyph_bits['C'][0] = 0x00, glyph_bits['C'][1] = 0xE0; /* ... / ### */
	glyph_bits['D'][0] = 0x80, glyph_bits['D'][1] = 0x20; /* #.. / ..# */
	glyph_bits['?'][0] = 0x40, glyph_bits['?'][1] = 0x40; /* .#. / .#. */
}

static struct erix_handoff_framebuffer fb_of(uint32_t w, uint32_t h, uint32_t pad, uint32_t bpp,
                                             uint32_t format)
{
	struct erix_handoff_framebuffer fb = {0};

	fb.width = w, fb.height = h, fb.bpp = bpp, fb.format = format;
	fb.pitch = w * bpp / 8 + pad;
	fb.size = (uint64_t)fb.pitch * h;
	if (format == ERIX_FB_FORMAT_BITMASK && bpp == 16)
		fb.red_mask = 0xF800, fb.green_mask = 0x07E0, fb.blue_mask = 0x001F;
	else if (format == ERIX_FB_FORMAT_BITMASK)
		fb.red_mask = 0xFF0000, fb.green_mask = 0xFF00, fb.blue_mask = 0xFF;
	return fb;
}

static uint32_t pixel_at(const struct fbcon *c, uint32_t x, uint32_t y)
{
	const uint8_t *p = c->base + (size_t)y * c->pitch + (size_t)x * c->bytes_pp;
	uint32_t v = 0;

	for (uint32_t i = 0; i < c->bytes_pp; i++)
		v |= (uint32_t)p[i] << (8 * i);
	return v;
}

/* Does text cell (col, row) show glyph ch? */
static int cell_is(const struct fbcon *c, uint32_t col, uint32_t row, char ch)
{
	for (uint32_t y = 0; y < font.height; y++)
		for (uint32_t x = 0; x < font.width; x++) {
			int ink = glyph_bits[(unsigned char)ch][y] & (0x80 >> x);
			uint32_t v = pixel_at(c, col * font.width + x, row * font.height + y);

			if (v != (ink ? c->fg : c->bg))
				return 0;
		}
	return 1;
}

static void put(struct fbcon *c, const char *s)
{
	while (*s)
		fbcon_putc(c, *s++);
}

static void test_pixel_formats(void **state)
{
	struct erix_handoff_framebuffer rgbx = fb_of(8, 8, 0, 32, ERIX_FB_FORMAT_RGBX8);
	struct erix_handoff_framebuffer bgrx = fb_of(8, 8, 0, 32, ERIX_FB_FORMAT_BGRX8);
	struct erix_handoff_framebuffer m565 = fb_of(8, 8, 0, 16, ERIX_FB_FORMAT_BITMASK);
	struct erix_handoff_framebuffer m888 = fb_of(8, 8, 0, 24, ERIX_FB_FORMAT_BITMASK);

	(void)state;
	assert_int_equal(fbcon_pixel(&rgbx, 0x123456), 0x563412); /* byte 0 red */
	assert_int_equal(fbcon_pixel(&bgrx, 0x123456), 0x123456); /* byte 0 blue */
	assert_int_equal(fbcon_pixel(&m565, 0xFFFFFF), 0xFFFF);
	assert_int_equal(fbcon_pixel(&m565, 0xFF0000), 0xF800);
	assert_int_equal(fbcon_pixel(&m565, 0x00FF00), 0x07E0);
	assert_int_equal(fbcon_pixel(&m565, 0x0000FF), 0x001F);
	assert_int_equal(fbcon_pixel(&m565, 0x000000), 0);
	assert_int_equal(fbcon_pixel(&m888, 0xABCDEF), 0xABCDEF);
	m888.red_mask = 0, m888.green_mask = 0, m888.blue_mask = 0;
	assert_int_equal(fbcon_pixel(&m888, 0xFFFFFF), 0); /* no mask, no bits */
}

/* init clears width * bytes_pp per line and never touches the padding. */
static void test_init_honours_pitch(void **state)
{
	uint32_t bpps[] = {16, 24, 32};

	(void)state;
	for (unsigned i = 0; i < 3; i++) {
		struct erix_handoff_framebuffer fb =
		    fb_of(7, 5, 13, bpps[i], ERIX_FB_FORMAT_BITMASK);
		uint8_t *mem = malloc(fb.size);
		struct fbcon c;

		memset(mem, 0xAA, fb.size);
		assert_true(fbcon_init(&c, mem, &fb, &font));
		assert_int_equal(c.cols, 2);
		assert_int_equal(c.rows, 2);
		for (uint32_t y = 0; y < fb.height; y++)
			for (uint32_t b = 0; b < fb.pitch; b++)
				assert_int_equal(mem[y * fb.pitch + b],
				                 b < 7 * bpps[i] / 8 ? 0x00 : 0xAA);
		put(&c, "ABCD\nDCBA\nAB");
		for (uint32_t y = 0; y < fb.height; y++)
			for (uint32_t b = 7 * bpps[i] / 8; b < fb.pitch; b++)
				assert_int_equal(mem[y * fb.pitch + b], 0xAA);
		free(mem);
	}
}

static void test_cells_wrap_and_scroll(void **state)
{
	struct erix_handoff_framebuffer fb = fb_of(9, 6, 4, 32, ERIX_FB_FORMAT_BGRX8);
	uint8_t *mem = calloc(1, fb.size);
	struct fbcon c;

	(void)state;
	assert_true(fbcon_init(&c, mem, &fb, &font));
	assert_int_equal(c.fg, 0xFFFFFF);
	assert_int_equal(c.bg, 0);
	put(&c, "AB");
	assert_true(cell_is(&c, 0, 0, 'A') && cell_is(&c, 1, 0, 'B') && cell_is(&c, 2, 0, ' '));
	put(&c, "CDA"); /* 3 columns: "ABC" then "DA" wraps */
	assert_true(cell_is(&c, 2, 0, 'C') && cell_is(&c, 0, 1, 'D') && cell_is(&c, 1, 1, 'A'));
	put(&c, "\nB\n"); /* rows: ABC / DA / B, then a scroll */
	assert_true(cell_is(&c, 0, 0, 'D') && cell_is(&c, 1, 0, 'A') && cell_is(&c, 2, 0, ' '));
	assert_true(cell_is(&c, 0, 1, 'B'));
	for (uint32_t col = 0; col < 3; col++)
		assert_true(cell_is(&c, col, 2, ' '));
	free(mem);
}

/* A line of exactly `cols` characters and its '\n' make one line, not two. */
static void test_full_line_then_newline(void **state)
{
	struct erix_handoff_framebuffer fb = fb_of(6, 6, 0, 32, ERIX_FB_FORMAT_RGBX8);
	uint8_t *mem = calloc(1, fb.size);
	struct fbcon c;

	(void)state;
	assert_true(fbcon_init(&c, mem, &fb, &font));
	put(&c, "AB\nC");
	assert_true(cell_is(&c, 0, 0, 'A') && cell_is(&c, 1, 0, 'B') && cell_is(&c, 0, 1, 'C'));
	free(mem);
}

static void test_non_ascii_is_question_mark(void **state)
{
	struct erix_handoff_framebuffer fb = fb_of(12, 2, 0, 32, ERIX_FB_FORMAT_BGRX8);
	uint8_t *mem = calloc(1, fb.size);
	struct fbcon c;

	(void)state;
	assert_true(fbcon_init(&c, mem, &fb, &font));
	put(&c, "\x01\x7f\xc3\t");
	for (uint32_t col = 0; col < 4; col++)
		assert_true(cell_is(&c, col, 0, '?'));
	free(mem);
}

static void test_too_small_for_one_cell(void **state)
{
	struct erix_handoff_framebuffer narrow = fb_of(2, 8, 0, 32, ERIX_FB_FORMAT_BGRX8);
	struct erix_handoff_framebuffer low = fb_of(8, 1, 0, 32, ERIX_FB_FORMAT_BGRX8);
	uint8_t mem[64];
	struct fbcon c;

	(void)state;
	assert_false(fbcon_init(&c, mem, &narrow, &font));
	assert_false(fbcon_init(&c, mem, &low, &font));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_pixel_formats),
	    cmocka_unit_test(test_init_honours_pitch),
	    cmocka_unit_test(test_cells_wrap_and_scroll),
	    cmocka_unit_test(test_full_line_then_newline),
	    cmocka_unit_test(test_non_ascii_is_question_mark),
	    cmocka_unit_test(test_too_small_for_one_cell),
	};

	make_font();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
