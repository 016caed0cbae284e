/* The IPC fast path, tried first at syscall entry: a CALL with register
 * words only to an endpoint whose receiver is waiting, and a REPLY_RECV
 * with register words only (no caps, no IPC buffer words) whose caller is
 * waiting and whose endpoint has nothing queued, go straight from entry to
 * the other thread. Every other case, and every precondition that does not
 * hold, falls to the general path (ipc.c) before anything changed: the fast
 * path has no behaviour of its own, it is ipc.c's outcome by fewer steps.
 * kernel-no-fastpath builds leave it out. */
#include "fastpath.h"

#include <erix/syscall.h>

#include "cspace.h"
#include "endpoint.h"
#include "process.h"
#include "sched.h"
#include "tcb.h"

#if !ERIX_FEATURE_NO_FASTPATH

/* Long messages never come here: their buffer length sits above the slot
 * field, so the one `rdi > 0xFFFF` test below sends every CALL and
 * REPLY_RECV with buffer words to the general path (which checks and copies
 * the buffers), at no cost to the register-only case. */
_Static_assert(ERIX_IPC_LEN_SHIFT >= 16, "the buffer length is outside the slot field");

/* The caller's IPC endpoint cap at a plain slot (no flags, no cap fields,
 * no buffer words) with `rights`, or NULL. */
static inline __attribute__((always_inline)) struct endpoint *
fast_endpoint(const struct tcb *me, uint64_t rdi, unsigned rights)
{
	struct cap *c;
	struct endpoint *ep;

	if (rdi > 0xFFFF || cspace_lookup_window(me->cspace, rdi, &c))
		return NULL;
	if (c->type != ERIX_CAP_ENDPOINT || !cap_has_rights(c, rights))
		return NULL;
	ep = c->obj;
	return endpoint_is_ipc(ep->kind) ? ep : NULL;
}

static void put_words(struct arch_regs *o, const struct arch_regs *from, uint64_t info,
                      uint64_t badge)
{
	o->rax = ERIX_OK;
	o->rdi = info;
	o->rsi = badge;
	o->rdx = from->rdx;
	o->r10 = from->r10;
	o->r8 = from->r8;
	o->r9 = from->r9;
}

/* CALL: the receiver at the head of the queue takes the message, the
 * caller waits for the reply, the receiver runs now. */
struct arch_thread *fastpath_call(struct arch_regs *r)
{
	struct tcb *me = sched_current();
	struct endpoint *ep;
	struct tcb *srv;

	if (!(ep = fast_endpoint(me, r->rdi, ERIX_RIGHT_SEND)))
		return syscall_general(r);
	srv = ep->recv.head;
	if (!srv || !sched_can_switch_to(srv))
		return syscall_general(r);
	tcb_queue_pop(&ep->recv);
	srv->wait = WAIT_NONE;
	put_words(&srv->arch.regs, r, ERIX_MSG_CALL,
	          (uint64_t)(me->proc ? me->proc->pid : 0) << 32 | me->tid);
	me->state = TCB_BLOCKED;
	me->wait = WAIT_REPLY;
	me->blocked_on = ep;
	tcb_queue_push(&ep->reply, me);
	me->replier = srv;
	srv->reply_to = me;
	srv->blocked_on = NULL;
	return sched_switch_to(srv);
}

/* REPLY_RECV: the reply goes to the caller owed, this thread waits on the
 * (empty) endpoint, the caller runs now. */
struct arch_thread *fastpath_reply_recv(struct arch_regs *r)
{
	struct tcb *me = sched_current();
	struct tcb *caller = me->reply_to;
	struct endpoint *ep;

	if (!caller || caller->timed || (caller->flags & TCB_F_FAULT) ||
	    !(ep = fast_endpoint(me, r->rdi, ERIX_RIGHT_RECV)))
		return syscall_general(r);
	if (caller->blocked_on != ep || ep->send.head || ep->pending_notify ||
	    !sched_can_switch_to(caller))
		return syscall_general(r);
	put_words(&caller->arch.regs, r, 0, 0);
	tcb_queue_remove(&ep->reply, caller);
	caller->wait = WAIT_NONE;
	caller->blocked_on = NULL;
	caller->replier = NULL;
	me->reply_to = NULL;
	me->state = TCB_BLOCKED;
	me->wait = WAIT_RECV;
	me->blocked_on = ep;
	tcb_queue_push(&ep->recv, me);
	return sched_switch_to(caller);
}

#endif
