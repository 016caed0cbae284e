/* The kernel dev console (see devcon.h): the early buffer, the mapping of
 * the framebuffer, and the watch for the line that ends it. The renderer
 * itself is fbcon.c. */
#include "devcon.h"

#if ERIX_FEATURE_DEV_CONSOLE
#include <erix/markers.h>

#include "arch/x86_64/arch.h"
#include "console.h"
#include "fbcon.h"

/* The line after which the kernel leaves the screen alone. */
static const char stop_line[] = ERIX_MARK_ROOTD_STAGE_PREFIX "FBCOND_READY";
#define STOP_LEN (sizeof(stop_line) - 1)

/* Everything the kernel prints before its page tables exist is a few
 * dozen lines; more than this is cut (the serial line has it all). */
#define EARLY_BYTES 4096

static enum { DEVCON_EARLY, DEVCON_ON, DEVCON_OFF } state;
static char early[EARLY_BYTES];
static size_t early_len;
static struct fbcon con;
/* Characters of the current line that matched stop_line so far; the
 * line can no longer match once `mismatch` is set. */
static size_t matched;
static bool mismatch;

void fbcon_stop(void)
{
	state = DEVCON_OFF;
}

/* Tracks whether the line being printed is stop_line; true at its '\n'. */
static bool ends_stop_line(char ch)
{
	bool stop = false;

	if (ch == '\n') {
		stop = !mismatch && matched == STOP_LEN;
		matched = 0;
		mismatch = false;
	} else if (!mismatch && matched < STOP_LEN && stop_line[matched] == ch) {
		matched++;
	} else {
		mismatch = true;
	}
	return stop;
}

void devcon_write(const char *s, size_t n)
{
	for (size_t i = 0; i < n && state != DEVCON_OFF; i++) {
		if (state == DEVCON_EARLY && early_len < EARLY_BYTES)
			early[early_len++] = s[i];
		else if (state == DEVCON_ON)
			fbcon_putc(&con, s[i]);
		if (ends_stop_line(s[i]))
			fbcon_stop();
	}
}

void devcon_start(const struct erix_handoff_framebuffer *fb)
{
	int err;

	if (state != DEVCON_EARLY)
		return;
	state = DEVCON_OFF; /* until the screen is ready: lines below go to serial only */
	if (!fb) {
		kputs("kernel: dev console: no framebuffer, serial only");
		return;
	}
	err = arch_map_mmio(fb->base, fb->size);
	if (err || !fbcon_init(&con, arch_phys_to_virt(fb->base), fb, &fbcon_font)) {
		kprintf("kernel: dev console: framebuffer unusable err=%d, serial only\n", err);
		return;
	}
	state = DEVCON_ON;
	for (size_t i = 0; i < early_len; i++)
		fbcon_putc(&con, early[i]);
	kprintf("kernel: dev console %ux%u pitch=%u bpp=%u format=%u cols=%u rows=%u\n", fb->width,
	        fb->height, fb->pitch, fb->bpp, fb->format, con.cols, con.rows);
}
#endif
