/* Port I/O kernel-control ops, with the per-family port and value policy
 * (kernel/ioport.c). */
#ifndef ERIX_KERNEL_IOPORT_H
#define ERIX_KERNEL_IOPORT_H

#include <stdint.h>

#include "error.h"

struct endpoint;

/* IOPORT_READ8, IOPORT_WRITE8 (kctl.c dispatches). */
enum erix_err ioport_op_read8(const struct endpoint *ep, const uint64_t *w, uint64_t *out);
enum erix_err ioport_op_write8(const struct endpoint *ep, const uint64_t *w, uint64_t *out);

#endif
