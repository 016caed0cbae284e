/* Endpoint pool and the generic-endpoint notification path. An endpoint is
 * freed with its last cap; receivers still queued on it wake with
 * ERIX_ERR_NOT_FOUND rather than sleeping on a recycled object. */
#include "endpoint.h"

#include <erix/errors.h>

#include "sched.h"
#include "string.h"

static struct endpoint pool[ENDPOINT_POOL_SIZE];

struct endpoint *endpoint_create(uint32_t kind)
{
	for (unsigned i = 0; i < ENDPOINT_POOL_SIZE; i++) {
		if (pool[i].refs)
			continue;
		memset(&pool[i], 0, sizeof(pool[i]));
		pool[i].kind = kind;
		pool[i].refs = 1;
		return &pool[i];
	}
	return NULL;
}

static struct tcb *dequeue(struct endpoint *ep)
{
	struct tcb *t = ep->recv_head;

	if (t) {
		ep->recv_head = t->next;
		if (!ep->recv_head)
			ep->recv_tail = NULL;
		t->next = NULL;
	}
	return t;
}

static void wake(struct tcb *t, uint32_t status, uint64_t word)
{
	t->ipc_status = status;
	t->ipc_word = word;
	sched_make_ready(t);
}

/* The last reference frees the entry. Every receiver is made ready before
 * any of them may run: a preempting receiver must find the queue empty and
 * the entry free, never a half-drained queue on a recycled object. */
void endpoint_unref(struct endpoint *ep)
{
	struct tcb *t;

	if (--ep->refs)
		return;
	while ((t = dequeue(ep))) {
		t->ipc_status = ERIX_ERR_NOT_FOUND;
		t->ipc_word = 0;
		sched_enqueue(t);
	}
	sched_preempt();
}

int endpoint_recv(struct endpoint *ep, uint64_t *sender_tid)
{
	struct tcb *cur = sched_current();

	if (ep->pending_notify) {
		ep->pending_notify--;
		*sender_tid = 0;
		return ERIX_OK;
	}
	cur->state = TCB_BLOCKED;
	cur->next = NULL;
	if (ep->recv_tail)
		ep->recv_tail->next = cur;
	else
		ep->recv_head = cur;
	ep->recv_tail = cur;
	sched_block();
	*sender_tid = cur->ipc_word;
	return (int)cur->ipc_status;
}

int endpoint_notify(struct endpoint *ep, uint64_t sender_tid)
{
	struct tcb *t = dequeue(ep);

	if (t)
		wake(t, ERIX_OK, sender_tid);
	else if (ep->pending_notify != UINT64_MAX)
		ep->pending_notify++;
	return ERIX_OK;
}
