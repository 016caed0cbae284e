/* The framebuffer text renderer: glyphs from a bitmap font into a linear
 * framebuffer of any size, pitch and pixel format the handoff describes,
 * scrolling by moving scan lines up. Pure memory writes, no arch code, so
 * the host tests run it on plain buffers. */
#ifndef ERIX_KERNEL_FBCON_H
#define ERIX_KERNEL_FBCON_H

#include <erix/handoff.h>
#include <stdbool.h>
#include <stdint.h>

/* A bitmap font: glyph c (c < FBCON_GLYPHS) is `height` rows of
 * `row_bytes` bytes, the leftmost pixel in the top bit. The kernel's font
 * is generated from a PSF file by tools/psf.py (build/gen/fbfont.c). */
#define FBCON_GLYPHS 128
struct fbcon_font {
	uint32_t width, height, row_bytes;
	const uint8_t *glyphs;
};
extern const struct fbcon_font fbcon_font;

/* Text colours, 0xRRGGBB, converted to the framebuffer's pixel format. */
#define FBCON_FG 0xFFFFFF
#define FBCON_BG 0x000000

struct fbcon {
	uint8_t *base; /* where the kernel reaches the framebuffer's first byte */
	uint32_t width, height, pitch, bytes_pp;
	uint32_t fg, bg; /* pixel values in the framebuffer's format */
	uint32_t cols, rows, col, row;
	const struct fbcon_font *font;
};

/* A pixel value of fb's format for colour rgb (0xRRGGBB): each component
 * scaled to its mask's width and shifted to its place. */
uint32_t fbcon_pixel(const struct erix_handoff_framebuffer *fb, uint32_t rgb);

/* Sets c up for fb (validated by the handoff rules) reached at base, clears
 * the screen. false if not even one character cell fits. */
bool fbcon_init(struct fbcon *c, void *base, const struct erix_handoff_framebuffer *fb,
                const struct fbcon_font *font);

/* Draws one character at the cursor: '\n' ends the line, a line longer
 * than the screen wraps, the screen scrolls up when full; bytes outside
 * printable ASCII are drawn as '?'. */
void fbcon_putc(struct fbcon *c, char ch);

#endif
