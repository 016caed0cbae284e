/* Endpoint lifetime and the generic-endpoint notification path. An
 * endpoint is freed with its last cap; receivers still queued on it wake
 * with ERIX_ERR_NOT_FOUND rather than sleeping on a freed object. A blocked
 * receiver's result is written into its saved registers (rax = status,
 * rdx = sender): it owns no kernel stack to return through. */
#include "endpoint.h"

#include "kobj.h"
#include "sched.h"

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

static struct tcb *dequeue(struct endpoint *ep)
{
	struct tcb *t = ep->recv_head;

	if (t) {
		ep->recv_head = t->next;
		if (!ep->recv_head)
			ep->recv_tail = NULL;
		t->next = NULL;
		t->blocked_on = NULL;
	}
	return t;
}

static void wake(struct tcb *t, enum erix_err status, uint64_t sender, uint64_t word)
{
	t->arch.regs.rax = status;
	t->arch.regs.rdx = sender;
	t->arch.regs.r10 = word;
	sched_make_ready(t);
}

void endpoint_unref(struct endpoint *ep)
{
	struct tcb *t;

	if (--ep->refs)
		return;
	while ((t = dequeue(ep)))
		wake(t, ERIX_ERR_NOT_FOUND, 0, 0);
	kobj_free(ep->acct, ep, sizeof(*ep));
}

void endpoint_cancel(struct endpoint *ep, struct tcb *t)
{
	struct tcb *prev = NULL;

	for (struct tcb *i = ep->recv_head; i; prev = i, i = i->next) {
		if (i != t)
			continue;
		if (prev)
			prev->next = t->next;
		else
			ep->recv_head = t->next;
		if (ep->recv_tail == t)
			ep->recv_tail = prev;
		t->next = NULL;
		t->blocked_on = NULL;
		return;
	}
}

enum erix_err endpoint_recv(struct endpoint *ep, uint64_t *sender, uint64_t *word)
{
	struct tcb *cur = sched_current();

	if (ep->pending_notify) {
		ep->pending_notify--;
		*sender = 0;
		*word = ep->pending_word;
		ep->pending_word = 0;
		return ERIX_OK;
	}
	cur->state = TCB_BLOCKED;
	cur->blocked_on = ep;
	cur->next = NULL;
	if (ep->recv_tail)
		ep->recv_tail->next = cur;
	else
		ep->recv_head = cur;
	ep->recv_tail = cur;
	sched_block();
	return ERIX_BLOCKED;
}

enum erix_err endpoint_notify(struct endpoint *ep, uint64_t sender, uint64_t word)
{
	struct tcb *t = dequeue(ep);

	if (t) {
		wake(t, ERIX_OK, sender, word);
		return ERIX_OK;
	}
	if (ep->pending_notify != UINT64_MAX)
		ep->pending_notify++;
	ep->pending_word |= word;
	return ERIX_OK;
}
