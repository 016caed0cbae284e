/* Capability helpers and the slot ops: what a cap says about its object,
 * how a cap is destroyed without leaking the reference it holds, and the
 * kernel-control ops that make, copy and inspect caps. */
#include "cap.h"

#include <erix/kctl.h>

#include "cspace.h"
#include "endpoint.h"
#include "process.h"
#include "sched.h"
#include "untyped.h"

uint32_t cap_endpoint_kind(const struct cap *c)
{
	if (c->type != ERIX_CAP_ENDPOINT)
		return ERIX_EP_GENERIC;
	return ((const struct endpoint *)c->obj)->kind;
}

void cap_clear(struct cap *c)
{
	struct cap old = *c;

	/* The slot is empty before the reference goes: whatever the release
	 * sets off (waking receivers, tearing a process down) must never find
	 * a cap naming a freed object. */
	*c = (struct cap){0}; /* four stores, not a call to memset */
	switch (old.type) {
	case ERIX_CAP_ENDPOINT:
		endpoint_unref(old.obj);
		break;
	case ERIX_CAP_PROCESS:
		process_unref(old.obj);
		break;
	case ERIX_CAP_INSTALL_GRANT:
		((struct process *)old.obj)->live_grants--;
		process_unref(old.obj);
		break;
	case ERIX_CAP_TCB:
		((struct tcb *)old.obj)->refs--;
		tcb_reap(old.obj);
		break;
	case ERIX_CAP_FRAME:
		untyped_child_gone(old.obj);
		break;
	default:
		break;
	}
}

enum erix_err cap_decode_ipc_endpoint(struct cspace *cs, uint64_t slot, unsigned rights,
                                      struct cap **c)
{
	enum erix_err err = cspace_lookup_window(cs, slot, c);

	if (err)
		return err;
	if ((*c)->type == ERIX_CAP_NULL)
		return ERIX_ERR_EMPTY_SLOT;
	if ((*c)->type != ERIX_CAP_ENDPOINT)
		return ERIX_ERR_WRONG_TYPE;
	if (!endpoint_is_ipc(cap_endpoint_kind(*c)))
		return ERIX_ERR_OP_DENIED;
	return cap_has_rights(*c, rights) ? ERIX_OK : ERIX_ERR_NO_RIGHTS;
}

/* ------------------------------------------------------------- the ops */

enum erix_err cap_op_query(const struct endpoint *ep, const uint64_t *w, uint64_t *out)
{
	struct cap *c;
	enum erix_err err;

	(void)ep;
	if (w[1] & ~(uint64_t)ERIX_QUERY_CAP_INCLUDE_ENDPOINT_KIND)
		return ERIX_ERR_INVALID_ARGUMENT;
	err = cspace_lookup_window(sched_current()->cspace, w[0], &c);
	if (err)
		return err;
	out[0] = c->type;
	out[1] = c->rights;
	/* Endpoints first (the common query); any other cap's kind is GENERIC,
	 * which is 0. */
	if (c->type == ERIX_CAP_ENDPOINT) {
		if (w[1] & ERIX_QUERY_CAP_INCLUDE_ENDPOINT_KIND)
			out[1] |= (uint64_t)cap_endpoint_kind(c) << 32;
	} else if (cap_names_memory(c)) {
		out[2] = c->base;
		out[3] = c->size_bits;
	}
	return ERIX_OK;
}

/* A fresh endpoint of the CHILD_POPULATE family (user IPC between a parent
 * and the children it populates), charged to the caller. */
enum erix_err cap_op_create_endpoint(const struct endpoint *ep, const uint64_t *w, uint64_t *out)
{
	struct cap *dst;
	struct endpoint *e;
	enum erix_err err = cspace_lookup_empty(sched_current()->cspace, w[0], &dst);

	(void)ep;
	(void)out;
	if (!err)
		err = endpoint_create(&process_of_current()->acct, ERIX_EP_CHILD_POPULATE, &e);
	if (err)
		return err;
	*dst = (struct cap){.type = ERIX_CAP_ENDPOINT,
	                    .rights = ERIX_RIGHT_SEND | ERIX_RIGHT_RECV | ERIX_RIGHT_GRANT,
	                    .obj = e};
	return ERIX_OK;
}

/* An alias with rights that are a subset of the source's: asking for a
 * right the source lacks is ERIX_ERR_NO_RIGHTS, never a wider copy. Only
 * endpoint caps (one object, one queue, one more reference; a copied
 * kernel-control endpoint keeps its family) and frame caps (one more child
 * of the untyped: each copy may be mapped, the frame lives while any does)
 * are copied. */
enum erix_err cap_op_copy_attenuated(const struct endpoint *ep, const uint64_t *w, uint64_t *out)
{
	struct cspace *cs = sched_current()->cspace;
	struct cap *src, *dst;
	enum erix_err err = cspace_lookup_window(cs, w[0], &src);

	(void)ep;
	(void)out;
	if (!err)
		err = cspace_lookup_empty(cs, w[1], &dst);
	if (err)
		return err;
	if (src->type == ERIX_CAP_NULL)
		return ERIX_ERR_EMPTY_SLOT;
	if (src->type != ERIX_CAP_ENDPOINT && src->type != ERIX_CAP_FRAME &&
	    src->type != ERIX_CAP_DEVICE_FRAME)
		return ERIX_ERR_WRONG_TYPE;
	if (w[2] & ~(uint64_t)src->rights)
		return ERIX_ERR_NO_RIGHTS;
	*dst = *src;
	dst->rights = (uint8_t)w[2];
	if (src->type == ERIX_CAP_FRAME)
		untyped_child_add(dst->obj);
	else if (src->type == ERIX_CAP_ENDPOINT)
		endpoint_ref(dst->obj);
	return ERIX_OK;
}
