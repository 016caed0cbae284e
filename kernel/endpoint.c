/* Endpoint lifetime and its thread queues. An endpoint is freed with its
 * last cap; threads still queued on it wake with ERIX_ERR_NOT_FOUND rather
 * than sleeping on a freed object (ipc_abort writes the result into their
 * saved registers: they own no kernel stack to return through). */
#include "endpoint.h"

#include "ipc.h"
#include "kobj.h"
#include "process.h"
#include "tcb.h"

enum erix_err endpoint_create(struct account *acct, uint32_t kind, struct endpoint **out)
{
	struct endpoint *ep;
	enum erix_err err = kobj_alloc(acct, sizeof(*ep), (void **)&ep);

	if (err)
		return err;
	ep->kind = kind;
	ep->refs = 1;
	ep->acct = acct;
	*out = ep;
	return ERIX_OK;
}

void endpoint_ref(struct endpoint *ep)
{
	ep->refs++;
}

void endpoint_unref(struct endpoint *ep)
{
	struct tcb *t;

	if (--ep->refs)
		return;
	while ((t = ep->recv.head) || (t = ep->send.head) || (t = ep->reply.head))
		ipc_abort(t, ERIX_ERR_NOT_FOUND);
	kobj_free(ep->acct, ep, sizeof(*ep));
	process_reap(); /* its creator may be dead, waiting for this refund */
}
