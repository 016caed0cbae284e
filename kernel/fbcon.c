/* The framebuffer text renderer (see fbcon.h). Scan lines are addressed
 * through the pitch; only the width * bytes_pp visible bytes of a line are
 * ever written, the padding up to the pitch is left alone. */
#include "fbcon.h"

#include <stddef.h>

static uint32_t mask_shift(uint32_t mask)
{
	uint32_t s = 0;

	while (mask && !(mask & 1)) {
		mask >>= 1;
		s++;
	}
	return s;
}

/* An 8-bit component scaled to the width of mask, placed at mask. */
static uint32_t component(uint32_t value8, uint32_t mask)
{
	uint32_t shift = mask_shift(mask);
	uint32_t max = mask >> shift;

	return mask ? ((value8 * max + 127) / 255) << shift : 0;
}

uint32_t fbcon_pixel(const struct erix_handoff_framebuffer *fb, uint32_t rgb)
{
	uint32_t r = (rgb >> 16) & 0xFF, g = (rgb >> 8) & 0xFF, b = rgb & 0xFF;

	switch (fb->format) {
	case ERIX_FB_FORMAT_RGBX8:
		return r | g << 8 | b << 16;
	case ERIX_FB_FORMAT_BGRX8:
		return b | g << 8 | r << 16;
	default:
		return component(r, fb->red_mask) | component(g, fb->green_mask) |
		       component(b, fb->blue_mask);
	}
}

static void put_pixel(uint8_t *p, uint32_t bytes_pp, uint32_t v)
{
	if (bytes_pp == 4 && !((uintptr_t)p & 3)) {
		*(volatile uint32_t *)p = v;
		return;
	}
	for (uint32_t i = 0; i < bytes_pp; i++)
		((volatile uint8_t *)p)[i] = (uint8_t)(v >> (8 * i));
}

static void fill_lines(struct fbcon *c, uint32_t y, uint32_t n)
{
	for (uint32_t line = y; line < y + n; line++) {
		uint8_t *p = c->base + (size_t)line * c->pitch;

		for (uint32_t x = 0; x < c->width; x++)
			put_pixel(p + (size_t)x * c->bytes_pp, c->bytes_pp, c->bg);
	}
}

/* dst < src: a forward copy, in words where both are 8-byte aligned. */
static void copy_down(uint8_t *dst, const uint8_t *src, size_t n)
{
	size_t i = 0;

	if (!(((uintptr_t)dst | (uintptr_t)src) & 7))
		for (; i + 8 <= n; i += 8)
			*(volatile uint64_t *)(dst + i) = *(const volatile uint64_t *)(src + i);
	for (; i < n; i++)
		((volatile uint8_t *)dst)[i] = ((const volatile uint8_t *)src)[i];
}

static void scroll(struct fbcon *c)
{
	uint32_t fh = c->font->height;
	size_t visible = (size_t)c->width * c->bytes_pp;

	for (uint32_t line = 0; line + fh < c->rows * fh; line++)
		copy_down(c->base + (size_t)line * c->pitch,
		          c->base + (size_t)(line + fh) * c->pitch, visible);
	fill_lines(c, (c->rows - 1) * fh, fh);
}

static void newline(struct fbcon *c)
{
	c->col = 0;
	if (c->row + 1 < c->rows)
		c->row++;
	else
		scroll(c);
}

static void draw_glyph(struct fbcon *c, unsigned ch)
{
	const struct fbcon_font *f = c->font;
	const uint8_t *g = f->glyphs + (size_t)ch * f->height * f->row_bytes;
	uint8_t *cell = c->base + (size_t)c->row * f->height * c->pitch +
	                (size_t)c->col * f->width * c->bytes_pp;

	for (uint32_t y = 0; y < f->height; y++, g += f->row_bytes) {
		uint8_t *p = cell + (size_t)y * c->pitch;

		for (uint32_t x = 0; x < f->width; x++) {
			bool ink = g[x / 8] & (0x80 >> (x % 8));

			put_pixel(p + (size_t)x * c->bytes_pp, c->bytes_pp, ink ? c->fg : c->bg);
		}
	}
}

bool fbcon_init(struct fbcon *c, void *base, const struct erix_handoff_framebuffer *fb,
                const struct fbcon_font *font)
{
	c->base = base;
	c->width = fb->width;
	c->height = fb->height;
	c->pitch = fb->pitch;
	c->bytes_pp = (fb->bpp + 7) / 8;
	c->fg = fbcon_pixel(fb, FBCON_FG);
	c->bg = fbcon_pixel(fb, FBCON_BG);
	c->font = font;
	c->cols = fb->width / font->width;
	c->rows = fb->height / font->height;
	c->col = c->row = 0;
	if (!c->cols || !c->rows || !c->bytes_pp || c->bytes_pp > 4)
		return false;
	fill_lines(c, 0, c->height);
	return true;
}

void fbcon_putc(struct fbcon *c, char ch)
{
	unsigned u = (unsigned char)ch;

	if (ch == '\n') {
		newline(c);
		return;
	}
	if (c->col == c->cols)
		newline(c);
	if (u < 0x20 || u >= 0x7F)
		u = '?';
	draw_glyph(c, u);
	c->col++;
}
