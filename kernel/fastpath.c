/* The IPC fast path, tried first at syscall entry: a CALL with register
 * words and at most one cap to an endpoint whose receiver is waiting, and
 * a REPLY_RECV with register words only (no caps, no IPC buffer words)
 * whose caller is waiting and whose endpoint has nothing queued, go
 * straight from entry to the other thread. Every other case, and every
 * precondition that does not hold, falls to the general path (ipc.c)
 * before anything changed: the fast path has no behaviour of its own, it
 * is ipc.c's outcome by fewer steps. kernel-no-fastpath builds leave it
 * out. */
#include "fastpath.h"

#include <erix/syscall.h>

#include "cspace.h"
#include "endpoint.h"
#include "ipc.h"
#include "sched.h"

#if !ERIX_FEATURE_NO_FASTPATH

/* rdi's and rsi's fields are ipc.h's. Long messages never come here: their
 * length sits in the flags half, so every shape test below sends them to
 * the general path (which checks and copies the buffers). */
_Static_assert(ERIX_IPC_LEN_SHIFT >= ERIX_IPC_FLAGS_SHIFT &&
                   ERIX_IPC_LEN_SHIFT < ERIX_IPC_SLOT1_SHIFT,
               "the length is in the flags half");
#define RDI_SLOT      ERIX_IPC_SLOT_MASK
#define RDI_CAP1      (ERIX_IPC_SLOT_MASK << ERIX_IPC_SLOT1_SHIFT)
#define RDI_FLAGS(f)  ((uint64_t)(f) << ERIX_IPC_FLAGS_SHIFT)
#define RSI_RECV1     (ERIX_IPC_SLOT_MASK << ERIX_IPC_SLOT1_SHIFT)
/* The one-cap shapes: rdi holds the slot, exactly this flag and its field. */
#define CALL_ONE_CAP  RDI_FLAGS(ERIX_IPC_F_SEND_CAP1)
#define RECV_ONE_SLOT RDI_FLAGS(ERIX_IPC_F_RECV_CAP1)

/* The caller's IPC endpoint cap at slot with `rights`, or NULL. */
static inline __attribute__((always_inline)) struct cap *
fast_endpoint(const struct tcb *me, uint64_t slot, unsigned rights)
{
	struct cap *c;

	if (cspace_lookup_window(me->cspace, slot, &c))
		return NULL;
	if (c->type != ERIX_CAP_ENDPOINT || !cap_has_rights(c, rights))
		return NULL;
	return endpoint_is_ipc(((struct endpoint *)c->obj)->kind) ? c : NULL;
}

/* A one-cap CALL's checks, ipc.c's for one cap (GRANT on the endpoint
 * cap, check_sender_caps, check_receiver_slots on the receiver's saved
 * receive arguments as recv_args_of reads them), taken only when all
 * pass: *src the sender's endpoint cap, *dst the receiver's empty slot. */
static inline __attribute__((always_inline)) int fast_one_cap(const struct tcb *me,
                                                              const struct cap *c, uint64_t rdi,
                                                              const struct tcb *srv,
                                                              struct cap **src, struct cap **dst)
{
	uint64_t flags =
	    srv->arch.regs.rdi & RDI_FLAGS(ERIX_IPC_F_RECV_CAP1 | ERIX_IPC_F_RECV_CAP2);

	if (!cap_has_rights(c, ERIX_RIGHT_GRANT) ||
	    cspace_lookup_window(me->cspace, FIELD_CAP1(rdi), src) ||
	    (*src)->type != ERIX_CAP_ENDPOINT)
		return 0;
	/* One receive slot named, the second slot field zero. */
	if (flags != RECV_ONE_SLOT || FIELD_CAP2(srv->arch.regs.rsi))
		return 0;
	return !cspace_lookup_window(srv->cspace, FIELD_CAP1(srv->arch.regs.rsi), dst) &&
	       (*dst)->type == ERIX_CAP_NULL;
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

/* A CALL that passed every check: srv (the head of ep's receive queue)
 * takes the message, the caller waits for the reply, srv runs now. */
static inline __attribute__((always_inline)) struct arch_thread *
call_to(struct sched_cpu *here, struct tcb *me, struct endpoint *ep, struct tcb *srv,
        const struct arch_regs *r, uint64_t info)
{
	tcb_queue_pop(&ep->recv);
	srv->wait = WAIT_NONE;
	put_words(&srv->arch.regs, r, info, ipc_badge(me));
	me->state = TCB_BLOCKED;
	me->wait = WAIT_REPLY;
	me->blocked_on = ep;
	tcb_queue_push(&ep->reply, me);
	me->replier = srv;
	srv->reply_to = me;
	srv->blocked_on = NULL;
	return sched_switch_to(here, srv);
}

/* The one-cap CALL, out of line so that the register-only one keeps its
 * few registers: the cap is aliased into the receiver's slot as ipc.c's
 * deliver aliases it. */
static __attribute__((noinline)) struct arch_thread *call_one_cap(struct arch_regs *r)
{
	struct sched_cpu *here = sched_here();
	struct tcb *me = here->running;
	uint64_t rdi = r->rdi;
	struct cap *c, *src, *dst;
	struct endpoint *ep;
	struct tcb *srv;

	if ((rdi & ~(RDI_SLOT | RDI_CAP1)) != CALL_ONE_CAP ||
	    !(c = fast_endpoint(me, rdi & RDI_SLOT, ERIX_RIGHT_SEND)))
		return syscall_general(r);
	ep = c->obj;
	srv = ep->recv.head;
	if (!srv || !sched_can_switch_to(here, me, srv) ||
	    !fast_one_cap(me, c, rdi, srv, &src, &dst))
		return syscall_general(r);
	ipc_alias_cap(dst, src);
	return call_to(here, me, ep, srv, r, ERIX_MSG_CALL | 1u << 8);
}

/* CALL: register words only, or one cap. */
struct arch_thread *fastpath_call(struct arch_regs *r)
{
	struct sched_cpu *here = sched_here();
	struct tcb *me = here->running;
	struct endpoint *ep;
	struct tcb *srv;
	struct cap *c;

	if (r->rdi > RDI_SLOT)
		return call_one_cap(r);
	if (!(c = fast_endpoint(me, r->rdi, ERIX_RIGHT_SEND)))
		return syscall_general(r);
	ep = c->obj;
	srv = ep->recv.head;
	if (!srv || !sched_can_switch_to(here, me, srv))
		return syscall_general(r);
	return call_to(here, me, ep, srv, r, ERIX_MSG_CALL);
}

/* REPLY_RECV on slot: the reply goes to the caller owed, this thread
 * waits on the (empty) endpoint, the caller runs now. */
static inline __attribute__((always_inline)) struct arch_thread *reply_recv_on(struct arch_regs *r,
                                                                               uint64_t slot)
{
	struct sched_cpu *here = sched_here();
	struct tcb *me = here->running;
	struct tcb *caller = me->reply_to;
	struct endpoint *ep;
	struct cap *c;

	if (!caller || (caller->flags & (TCB_F_TIMED | TCB_F_FAULT)) ||
	    !(c = fast_endpoint(me, slot, ERIX_RIGHT_RECV)))
		return syscall_general(r);
	ep = c->obj;
	if (caller->blocked_on != ep || ep->send.head || ep->pending_notify ||
	    !sched_can_switch_to(here, me, caller))
		return syscall_general(r);
	put_words(&caller->arch.regs, r, 0, 0);
	tcb_queue_unlink(&ep->reply, caller); /* blocked_on == ep: it is there */
	caller->wait = WAIT_NONE;
	caller->blocked_on = NULL;
	caller->replier = NULL;
	me->reply_to = NULL;
	me->state = TCB_BLOCKED;
	me->wait = WAIT_RECV;
	me->blocked_on = ep;
	tcb_queue_push(&ep->recv, me);
	return sched_switch_to(here, caller);
}

/* A receive half that names one slot for a cap (RECV_CAP1 and rsi's first
 * receive field, no timeout): it is only kept in this thread's registers
 * for the next message, as ipc.c keeps it. */
struct arch_thread *fastpath_reply_recv_slot(struct arch_regs *r)
{
	if ((r->rdi & ~RDI_SLOT) != RECV_ONE_SLOT || (r->rsi & ~RSI_RECV1))
		return syscall_general(r);
	return reply_recv_on(r, r->rdi & RDI_SLOT);
}

/* Register words only (rsi 0); rdi with flags is the one-slot shape's. */
struct arch_thread *fastpath_reply_recv(struct arch_regs *r)
{
	if (r->rdi > RDI_SLOT)
		return fastpath_reply_recv_slot(r);
	return reply_recv_on(r, r->rdi);
}

#endif
