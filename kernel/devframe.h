/* Device frames: 4 KiB pages of a present PCI function's memory BAR, the
 * only way to a device frame cap. Size and alignment come from the BAR
 * itself; the page must lie in device untyped (so never RAM and never a
 * range the kernel keeps: LAPIC, I/O APICs, HPET, ECAM, IOMMUs). */
#ifndef ERIX_KERNEL_DEVFRAME_H
#define ERIX_KERNEL_DEVFRAME_H

#include <stdint.h>

#include "error.h"

struct endpoint;

/* DERIVE_DEVICE_FRAME (kctl.c dispatches). */
enum erix_err devframe_op_derive(const struct endpoint *ep, const uint64_t *w, uint64_t *out);

#endif
