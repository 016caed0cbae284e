/* A capability: type, rights and the object (or, for untyped, the physical
 * block) it names. Caps live only in CSpace slots; they are copied by value,
 * and a cap naming a counted object (endpoint, process, grant, TCB) holds
 * one reference on it. */
#ifndef ERIX_KERNEL_CAP_H
#define ERIX_KERNEL_CAP_H

#include <erix/cap.h>
#include <stdint.h>

#include "error.h"

struct cap {
	uint8_t type;      /* ERIX_CAP_* */
	uint8_t rights;    /* ERIX_RIGHT_* */
	uint8_t size_bits; /* untyped, frame: block is 1 << size_bits bytes */
	uint8_t pad[5];
	void *obj;     /* endpoint, tcb, cspace, vspace, process; untyped (also a frame's) */
	uint64_t base; /* untyped, frame: physical base; grant: the child's target slot */
	uint64_t reserved;
};
_Static_assert(sizeof(struct cap) == 32, "cap packs 128 to a frame");

static inline int cap_has_rights(const struct cap *c, unsigned rights)
{
	return (c->rights & rights) == rights;
}

/* The endpoint family of an endpoint cap; ERIX_EP_GENERIC for any other cap. */
uint32_t cap_endpoint_kind(const struct cap *c);

/* 1 for untyped and frame caps: base and size_bits name physical memory
 * (one mask test: QUERY_CAP is on the 400-instruction budget). */
#define CAP_MEMORY_TYPES                                                                           \
	(1u << ERIX_CAP_UNTYPED | 1u << ERIX_CAP_DEVICE_UNTYPED | 1u << ERIX_CAP_FRAME |           \
	 1u << ERIX_CAP_DEVICE_FRAME)
static inline int cap_names_memory(const struct cap *c)
{
	return c->type < 32 && ((CAP_MEMORY_TYPES >> c->type) & 1);
}

struct cspace;
/* The IPC (not kernel-control) endpoint cap at slot of cs's window, with
 * rights: EMPTY_SLOT, WRONG_TYPE, OP_DENIED (a control endpoint) or
 * NO_RIGHTS otherwise. Where the kernel itself will signal or call it (a
 * pager, an IRQ line). */
enum erix_err cap_decode_ipc_endpoint(struct cspace *cs, uint64_t slot, unsigned rights,
                                      struct cap **c);

/* Empties *c, dropping the reference it holds. */
void cap_clear(struct cap *c);

struct endpoint;
/* Kernel-control slot ops (kctl.c dispatches; w = message words 1..4). */
enum erix_err cap_op_query(const struct endpoint *ep, const uint64_t *w, uint64_t *out);
enum erix_err cap_op_create_endpoint(const struct endpoint *ep, const uint64_t *w, uint64_t *out);
enum erix_err cap_op_copy_attenuated(const struct endpoint *ep, const uint64_t *w, uint64_t *out);

#endif
