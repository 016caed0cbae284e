/* The kernel dev console (feature kernel-dev-console): every line the
 * kernel prints is mirrored into the GOP framebuffer, from the first line of
 * the boot until rootd reports ROOTD_STAGE:FBCOND_READY (a user-space
 * console owns the screen from then on). Without the feature these are
 * empty, so callers need no #if. */
#ifndef ERIX_KERNEL_DEVCON_H
#define ERIX_KERNEL_DEVCON_H

#include <erix/handoff.h>
#include <stddef.h>

#if ERIX_FEATURE_DEV_CONSOLE
/* Console output (kwrite). Before devcon_start it is kept in a small
 * buffer and drawn at start, so the screen shows the boot from its first
 * line; after fbcon_stop it is ignored. */
void devcon_write(const char *s, size_t n);
/* Maps fb (NULL: no framebuffer, serial only) into the kernel and draws
 * what was printed so far. Needs the kernel's page tables (boot_paging). */
void devcon_start(const struct erix_handoff_framebuffer *fb);
/* The framebuffer is never touched again. */
void fbcon_stop(void);
#else
static inline void devcon_write(const char *s, size_t n)
{
	(void)s;
	(void)n;
}
static inline void devcon_start(const struct erix_handoff_framebuffer *fb)
{
	(void)fb;
}
static inline void fbcon_stop(void)
{
}
#endif

#endif
