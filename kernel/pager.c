/* Fault delivery and RESOLVE_FAULT. The pager is looked up again in the
 * faulting process's own CSpace at every fault (SET_PAGER only names the
 * slot), so a process is paged only by an endpoint it holds. */
#include "pager.h"

#include <erix/cap.h>
#include <erix/errors.h>
#include <erix/kctl.h>

#include "cap.h"
#include "cspace.h"
#include "endpoint.h"
#include "ipc.h"
#include "process.h"
#include "sched.h"
#include "tcb.h"
#include "vspace.h"

enum erix_err pager_take_fault(struct tcb *t, uint64_t addr, uint32_t access)
{
	struct process *p = t->proc;
	struct cap *c;

	if (!p || !p->pager_slot || cspace_lookup(p->cspace, p->pager_slot, &c))
		return ERIX_ERR_NOT_FOUND;
	if (c->type != ERIX_CAP_ENDPOINT || !cap_has_rights(c, ERIX_RIGHT_SEND) ||
	    !endpoint_is_ipc(cap_endpoint_kind(c)))
		return ERIX_ERR_NOT_FOUND;
	ipc_send_fault(t, c->obj, addr, access);
	return ERIX_OK;
}

/* w[0] the endpoint slot the fault came by (RECV, as for REPLY), w[1] a
 * frame slot, w[2] ERIX_PROT_*: the caller owes a faulted thread a reply
 * there, and the frame can be mapped at its faulting page. */
static enum erix_err decode_resolve(const uint64_t *w, struct tcb **t, struct cap **f,
                                    unsigned *flags)
{
	struct cap *c;
	enum erix_err err = cspace_lookup_window(sched_current()->cspace, w[0], &c);

	if (err)
		return err;
	if (c->type == ERIX_CAP_NULL)
		return ERIX_ERR_EMPTY_SLOT;
	if (c->type != ERIX_CAP_ENDPOINT || !endpoint_is_ipc(cap_endpoint_kind(c)))
		return ERIX_ERR_WRONG_TYPE;
	if (!cap_has_rights(c, ERIX_RIGHT_RECV))
		return ERIX_ERR_NO_RIGHTS;
	if (!(*t = ipc_fault_owed(sched_current(), c->obj)))
		return ERIX_ERR_NOT_FOUND;
	if ((err = vspace_decode_frame(w[1], w[2], f, flags)))
		return err;
	return vspace_decode_range((*t)->proc, (*t)->fault_addr & ~(uint64_t)(ERIX_PAGE_SIZE - 1),
	                           1);
}

enum erix_err pager_op_resolve_fault(const struct endpoint *ep, const uint64_t *w, uint64_t *out)
{
	struct tcb *t;
	struct cap *f;
	unsigned flags = 0;
	enum erix_err err = decode_resolve(w, &t, &f, &flags);

	(void)ep;
	(void)out;
	if (!err)
		err = vspace_map_frame(t->proc, t->fault_addr & ~(uint64_t)(ERIX_PAGE_SIZE - 1), f,
		                       flags);
	if (!err)
		ipc_fault_resolved(t);
	return err;
}
