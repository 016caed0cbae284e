/* The GOP framebuffer as a device for user space (the console family):
 * its geometry and format, a mapping of all of it into a VSpace, and the
 * kernel's font, to draw with. */
#ifndef ERIX_KERNEL_FB_H
#define ERIX_KERNEL_FB_H

#include <stdint.h>

#include "error.h"

struct endpoint;

/* FB_QUERY, FB_MAP, FONT_QUERY, FONT_MAP (kctl.c dispatches). */
enum erix_err fb_op_query(const struct endpoint *ep, const uint64_t *w, uint64_t *out);
enum erix_err fb_op_map(const struct endpoint *ep, const uint64_t *w, uint64_t *out);
enum erix_err fb_op_font_query(const struct endpoint *ep, const uint64_t *w, uint64_t *out);
enum erix_err fb_op_font_map(const struct endpoint *ep, const uint64_t *w, uint64_t *out);

#endif
