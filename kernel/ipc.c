/* User IPC: message delivery (register words and IPC buffer words),
 * capability transfer, the reply link, and the ways a wait ends (delivery,
 * abort, timeout, death). Every syscall decodes all of its arguments and
 * checks both ends of a transfer before anything moves; a failed exchange
 * leaves sender and receiver as they were. */
#include "ipc.h"

#include <erix/syscall.h>

#include "cap.h"
#include "cspace.h"
#include "endpoint.h"
#include "hotplug.h"
#include "process.h"
#include "sched.h"
#include "tcb.h"
#include "vspace.h"

/* What rdi and rsi of one side of an exchange ask for. */
struct ipc_args {
	uint64_t flags;
	uint64_t send[ERIX_IPC_MAX_CAPS];
	uint64_t recv[ERIX_IPC_MAX_CAPS];
	unsigned nsend, nrecv;
	uint64_t timeout;
	uint64_t len; /* buffer words sent */
};

/* Buffer words moving with a message, both pages checked: n words from
 * src (the sender's page) to dst (the receiver's), kernel pointers. */
struct ipc_buf {
	const uint64_t *src;
	uint64_t *dst;
	uint64_t n;
};

static const struct ipc_buf no_buf;

/* In decode_args' allowed set (outside the 16 flag bits): the syscall
 * sends buffer words (CALL, REPLY, REPLY_RECV's reply). */
#define ALLOW_LEN 0x10000u

static struct tcb *timed_list;

/* ------------------------------------------------------------- decoding */

enum erix_err ipc_decode_slot(uint64_t rdi, uint64_t *slot)
{
	*slot = FIELD_SLOT(rdi);
	return FIELD_FLAGS(rdi) & ~(uint64_t)ERIX_IPC_F_ALL ? ERIX_ERR_INVALID_ARGUMENT : ERIX_OK;
}

/* Two optional 16-bit slot fields in the top half of word, named by flags
 * f1 and f2 (f2 only with f1); an unnamed field must be zero. */
static enum erix_err decode_pair(uint64_t word, uint64_t flags, uint64_t f1, uint64_t f2,
                                 uint64_t out[2], unsigned *n)
{
	*n = 0;
	if ((flags & f2) && !(flags & f1))
		return ERIX_ERR_INVALID_ARGUMENT;
	if (!(flags & f1) && FIELD_CAP1(word))
		return ERIX_ERR_INVALID_ARGUMENT;
	if (!(flags & f2) && FIELD_CAP2(word))
		return ERIX_ERR_INVALID_ARGUMENT;
	if (flags & f1)
		out[(*n)++] = FIELD_CAP1(word);
	if (flags & f2)
		out[(*n)++] = FIELD_CAP2(word);
	return ERIX_OK;
}

/* allowed: the flags this syscall takes (and ALLOW_LEN); rsi_used:
 * whether rsi carries the timeout/receive-slot layout (else it is free:
 * NOTIFY's word). */
static enum erix_err decode_args(uint64_t rdi, uint64_t rsi, uint64_t allowed, int rsi_used,
                                 struct ipc_args *a)
{
	enum erix_err err;

	a->flags = FIELD_FLAGS(rdi);
	a->len = FIELD_LEN(rdi);
	if (a->flags & ~allowed)
		return ERIX_ERR_INVALID_ARGUMENT;
	if (a->len && !(allowed & ALLOW_LEN))
		return ERIX_ERR_INVALID_ARGUMENT;
	if (a->len > ERIX_IPC_BUFFER_WORDS)
		return ERIX_ERR_RANGE;
	err = decode_pair(rdi, a->flags, ERIX_IPC_F_SEND_CAP1, ERIX_IPC_F_SEND_CAP2, a->send,
	                  &a->nsend);
	if (err || !rsi_used) {
		a->nrecv = 0;
		a->timeout = 0;
		return err;
	}
	err = decode_pair(rsi, a->flags, ERIX_IPC_F_RECV_CAP1, ERIX_IPC_F_RECV_CAP2, a->recv,
	                  &a->nrecv);
	if (err)
		return err;
	a->timeout = RSI_TIMEOUT(rsi);
	if (!(a->flags & ERIX_IPC_F_TIMED) && a->timeout)
		return ERIX_ERR_INVALID_ARGUMENT;
	if ((a->flags & ERIX_IPC_F_TIMED) && !a->timeout)
		return ERIX_ERR_RANGE;
	return ERIX_OK;
}

/* The sender's own caps to transfer: in its window, endpoints (the only
 * caps that move). */
static enum erix_err check_sender_caps(const struct tcb *s, const struct ipc_args *a,
                                       struct cap *src[], uint64_t *which)
{
	for (unsigned i = 0; i < a->nsend; i++) {
		enum erix_err err = cspace_lookup_window(s->cspace, a->send[i], &src[i]);

		*which = ERIX_IPC_XFER_FAIL_SENDER | i;
		if (err)
			return err;
		if (src[i]->type == ERIX_CAP_NULL)
			return ERIX_ERR_EMPTY_SLOT;
		if (src[i]->type != ERIX_CAP_ENDPOINT)
			return ERIX_ERR_WRONG_TYPE;
	}
	return ERIX_OK;
}

/* The receiver named a distinct empty slot of its window for every cap. */
static enum erix_err check_receiver_slots(const struct tcb *r, const struct ipc_args *ra,
                                          unsigned n, struct cap *dst[], uint64_t *which)
{
	for (unsigned i = 0; i < n; i++) {
		enum erix_err err;

		*which = ERIX_IPC_XFER_FAIL_RECEIVER | i;
		if (i >= ra->nrecv)
			return ERIX_ERR_RANGE;
		if (i && ra->recv[i] == ra->recv[0])
			return ERIX_ERR_BUSY;
		err = cspace_lookup_window(r->cspace, ra->recv[i], &dst[i]);
		if (err)
			return err;
		if (dst[i]->type != ERIX_CAP_NULL)
			return ERIX_ERR_BUSY;
	}
	return ERIX_OK;
}

/* n buffer words from s to r (r NULL: the sender's side only, for a CALL
 * that will queue). Each page is looked up in its own thread's VSpace now,
 * not trusted from registration or from when the message was sent: it may
 * have been unmapped or remapped since. */
static enum erix_err check_buffers(const struct tcb *s, const struct tcb *r, uint64_t n,
                                   struct ipc_buf *b, uint64_t *which)
{
	void *page;

	*b = no_buf;
	if (!n)
		return ERIX_OK;
	*which = ERIX_IPC_XFER_FAIL_SENDER | ERIX_IPC_XFER_BUFFER;
	if (vspace_user_page(s->vspace, s->ipc_buf, 0, &page))
		return ERIX_ERR_BAD_ADDRESS;
	b->src = page;
	if (!r)
		return ERIX_OK;
	*which = ERIX_IPC_XFER_FAIL_RECEIVER | ERIX_IPC_XFER_BUFFER;
	if (vspace_user_page(r->vspace, r->ipc_buf, ARCH_MAP_WRITE, &page))
		return ERIX_ERR_BAD_ADDRESS;
	b->dst = page;
	b->n = n;
	return ERIX_OK;
}

/* After deliver: the checked buffer words into the receiver's buffer and
 * their count into its rdi. Apart from deliver so that the paths that
 * never carry any (NOTIFY, faults) do not pay for it. */
static void deliver_buffer(const struct ipc_buf *b, struct arch_regs *o)
{
	if (b->n) {
		arch_copy_words(b->dst, b->src, b->n);
		o->rdi |= b->n << ERIX_IPC_LEN_SHIFT;
	}
}

enum erix_err ipc_set_buffer(struct tcb *t, uint64_t va)
{
	void *page;

	if (va & (ERIX_PAGE_SIZE - 1))
		return ERIX_ERR_INVALID_ARGUMENT;
	if (va && vspace_user_page(t->vspace, va, ARCH_MAP_WRITE, &page))
		return ERIX_ERR_BAD_ADDRESS;
	t->ipc_buf = va;
	return ERIX_OK;
}

/* Everything checked: the caps are aliased into the receiver's slots and
 * the words, the message type and the badge land in its registers. */
static void deliver(const uint64_t w[4], struct cap *src[], struct cap *dst[], unsigned n,
                    uint64_t type, uint64_t badge, struct arch_regs *o)
{
	for (unsigned i = 0; i < n; i++)
		ipc_alias_cap(dst[i], src[i]);
	o->rax = ERIX_OK;
	o->rdi = type | (uint64_t)n << 8;
	o->rsi = badge;
	o->rdx = w[0];
	o->r10 = w[1];
	o->r8 = w[2];
	o->r9 = w[3];
}

static void words_of(const struct arch_regs *r, uint64_t w[4])
{
	w[0] = r->rdx;
	w[1] = r->r10;
	w[2] = r->r8;
	w[3] = r->r9;
}

/* ------------------------------------------------------------ waiting */

static void timed_add(struct tcb *t, uint64_t ticks)
{
	t->timeout_tick = sched_ticks() + ticks;
	t->flags |= TCB_F_TIMED;
	t->timed_next = timed_list;
	timed_list = t;
}

static void timed_remove(struct tcb *t)
{
	struct tcb **link = &timed_list;

	if (!(t->flags & TCB_F_TIMED))
		return;
	while (*link && *link != t)
		link = &(*link)->timed_next;
	if (*link)
		*link = t->timed_next;
	t->flags &= (uint8_t)~TCB_F_TIMED;
}

static void wait_on(struct tcb *t, struct endpoint *ep, uint8_t wait)
{
	struct tcb_queue *q = wait == WAIT_RECV   ? &ep->recv
	                      : wait == WAIT_SEND ? &ep->send
	                                          : &ep->reply;

	t->state = TCB_BLOCKED;
	t->wait = wait;
	t->blocked_on = ep;
	tcb_queue_push(q, t);
}

/* Out of whatever IPC queue and link t is in; not woken. */
static void unwait(struct tcb *t)
{
	struct endpoint *ep = t->blocked_on;

	if (ep && t->wait == WAIT_RECV)
		tcb_queue_remove(&ep->recv, t);
	else if (ep && t->wait == WAIT_SEND)
		tcb_queue_remove(&ep->send, t);
	else if (ep && t->wait == WAIT_REPLY)
		tcb_queue_remove(&ep->reply, t);
	else if (t->wait == WAIT_HOTPLUG)
		hotplug_unwait(t);
	if (t->replier && t->replier->reply_to == t)
		t->replier->reply_to = NULL;
	t->replier = NULL;
	t->blocked_on = NULL;
	t->wait = WAIT_NONE;
	timed_remove(t);
}

void ipc_wait_event(struct tcb *t, uint8_t wait, uint64_t ticks)
{
	t->state = TCB_BLOCKED;
	t->wait = wait;
	t->blocked_on = NULL;
	if (ticks)
		timed_add(t, ticks);
}

/* A faulted thread leaves its pager wait: its registers are its user state
 * at the fault, never a message. */
static void resume_faulted(struct tcb *t)
{
	unwait(t);
	t->flags &= (uint8_t)~TCB_F_FAULT;
	sched_wake(t);
}

/* A faulted thread is not told the error: it is resumed and retries the
 * access, which faults again to whatever pager its process has then (or,
 * with none left, kills it). */
void ipc_abort(struct tcb *t, enum erix_err err)
{
	struct arch_regs *o = &t->arch.regs;

	if (t->flags & TCB_F_FAULT) {
		resume_faulted(t);
		return;
	}
	unwait(t);
	o->rax = err;
	o->rdi = o->rsi = o->rdx = o->r10 = o->r8 = o->r9 = 0;
	sched_wake(t); /* callers loop over queues: never switch mid-loop */
}

void ipc_cancel(struct tcb *t)
{
	if (t->state == TCB_BLOCKED)
		unwait(t);
	if (t->reply_to) {
		struct tcb *caller = t->reply_to;

		t->reply_to = NULL;
		ipc_abort(caller, ERIX_ERR_NOT_FOUND);
	}
}

void ipc_tick(uint64_t now)
{
	struct tcb *t = timed_list;

	while (t) {
		struct tcb *next = t->timed_next;

		if (t->timeout_tick <= now)
			ipc_abort(t, ERIX_ERR_TIMEOUT);
		t = next;
	}
}

/* ------------------------------------------------------------ exchanges */

/* The receive slots a waiting thread named (validated when it started to
 * wait, and its registers have not changed since). */
static void recv_args_of(const struct tcb *t, struct ipc_args *a)
{
	a->flags = FIELD_FLAGS(t->arch.regs.rdi);
	if (decode_pair(t->arch.regs.rsi, a->flags, ERIX_IPC_F_RECV_CAP1, ERIX_IPC_F_RECV_CAP2,
	                a->recv, &a->nrecv))
		a->nrecv = 0;
}

/* A received CALL: the caller waits for the reply the server now owes
 * (its timer, if any, keeps running). */
static void await_reply(struct tcb *caller, struct tcb *server, struct endpoint *ep)
{
	if (caller->wait == WAIT_SEND)
		tcb_queue_remove(&ep->send, caller);
	caller->state = TCB_BLOCKED;
	caller->wait = WAIT_REPLY;
	caller->blocked_on = ep;
	tcb_queue_push(&ep->reply, caller);
	caller->replier = server;
	server->reply_to = caller;
}

/* A waiting receiver leaves its queue to take a message. */
static void take_receiver(struct endpoint *ep, struct tcb *r)
{
	tcb_queue_remove(&ep->recv, r);
	r->wait = WAIT_NONE;
	r->blocked_on = NULL;
}

enum erix_err ipc_call(struct arch_regs *r, struct cap *c)
{
	struct tcb *me = sched_current(), *srv;
	struct endpoint *ep = c->obj;
	struct cap *src[ERIX_IPC_MAX_CAPS], *dst[ERIX_IPC_MAX_CAPS];
	struct ipc_args a, ra;
	struct ipc_buf b;
	uint64_t which = 0, w[4];
	enum erix_err err = decode_args(r->rdi, r->rsi, ERIX_IPC_F_ALL | ALLOW_LEN, 1, &a);

	if (!err && a.nsend && !cap_has_rights(c, ERIX_RIGHT_GRANT))
		err = ERIX_ERR_NO_RIGHTS;
	if (!err)
		err = check_sender_caps(me, &a, src, &which);
	srv = ep->recv.head;
	if (!err && srv) {
		recv_args_of(srv, &ra);
		err = check_receiver_slots(srv, &ra, a.nsend, dst, &which);
	}
	/* A CALL that queues checks its own buffer now (and the receiver's
	 * when it is received). */
	if (!err)
		err = check_buffers(me, srv, a.len, &b, &which);
	if (err) {
		r->rdx = which;
		return err;
	}
	if (srv) {
		take_receiver(ep, srv);
		words_of(r, w);
		deliver(w, src, dst, a.nsend, ERIX_MSG_CALL, ipc_badge(me), &srv->arch.regs);
		deliver_buffer(&b, &srv->arch.regs);
		await_reply(me, srv, ep);
		sched_make_ready(srv);
	} else {
		wait_on(me, ep, WAIT_SEND);
	}
	if (a.flags & ERIX_IPC_F_TIMED)
		timed_add(me, a.timeout);
	return ERIX_BLOCKED;
}

/* ----------------------------------------------------------- NOTIFY */

enum erix_err ipc_notify(struct arch_regs *r, struct cap *c)
{
	struct tcb *me = sched_current(), *rcv;
	struct endpoint *ep = c->obj;
	struct cap *src[ERIX_IPC_MAX_CAPS], *dst[ERIX_IPC_MAX_CAPS];
	struct ipc_args a, ra;
	uint64_t which = 0;
	const uint64_t w[4] = {r->rsi, 0, 0, 0};
	enum erix_err err =
	    decode_args(r->rdi, 0, ERIX_IPC_F_SEND_CAP1 | ERIX_IPC_F_SEND_CAP2, 0, &a);

	if (!err && a.nsend && !cap_has_rights(c, ERIX_RIGHT_GRANT))
		err = ERIX_ERR_NO_RIGHTS;
	if (!err)
		err = check_sender_caps(me, &a, src, &which);
	rcv = ep->recv.head;
	/* Caps need a receiver there to take them: a notification left
	 * pending carries a word only. No cap is at fault (rdx 0). */
	if (!err && !rcv && a.nsend) {
		err = ERIX_ERR_BUSY;
		which = 0;
	}
	if (!err && rcv) {
		recv_args_of(rcv, &ra);
		err = check_receiver_slots(rcv, &ra, a.nsend, dst, &which);
	}
	if (err) {
		r->rdx = which;
		return err;
	}
	if (rcv) {
		take_receiver(ep, rcv);
		deliver(w, src, dst, a.nsend, ERIX_MSG_NOTIFY, ipc_badge(me), &rcv->arch.regs);
		sched_make_ready(rcv);
		return ERIX_OK;
	}
	if (ep->pending_notify != UINT64_MAX)
		ep->pending_notify++;
	ep->pending_word |= r->rsi;
	return ERIX_OK;
}

/* ------------------------------------------------------------ faults */

/* The kernel's message for a faulted thread: no caps, its badge. */
static void deliver_fault(const struct tcb *t, struct arch_regs *o)
{
	const uint64_t w[4] = {t->fault_addr, t->fault_access, t->arch.regs.rip, 0};

	deliver(w, NULL, NULL, 0, ERIX_MSG_FAULT, ipc_badge(t), o);
}

void ipc_send_fault(struct tcb *t, struct endpoint *ep, uint64_t addr, uint32_t access)
{
	struct tcb *srv = ep->recv.head;

	t->fault_addr = addr;
	t->fault_access = access;
	t->flags |= TCB_F_FAULT;
	if (srv) {
		take_receiver(ep, srv);
		deliver_fault(t, &srv->arch.regs);
		await_reply(t, srv, ep);
		sched_make_ready(srv);
	} else {
		wait_on(t, ep, WAIT_SEND);
	}
}

struct tcb *ipc_fault_owed(const struct tcb *pager, const struct endpoint *ep)
{
	struct tcb *t = pager->reply_to;

	return t && t->blocked_on == ep && (t->flags & TCB_F_FAULT) ? t : NULL;
}

void ipc_fault_resolved(struct tcb *t)
{
	resume_faulted(t);
}

/* ------------------------------------------------------------- RECV */

/* A pending notification, else the oldest caller whose caps can move
 * (one whose cannot is failed with the reason and the next is tried),
 * else the receiver waits. */
static enum erix_err recv_on(struct tcb *me, struct arch_regs *o, struct endpoint *ep,
                             const struct ipc_args *a)
{
	struct tcb *s;

	if (ep->pending_notify) {
		const uint64_t w[4] = {ep->pending_word, 0, 0, 0};

		ep->pending_notify--;
		ep->pending_word = 0;
		deliver(w, NULL, NULL, 0, ERIX_MSG_NOTIFY, 0, o);
		return ERIX_OK;
	}
	while ((s = ep->send.head)) {
		struct cap *src[ERIX_IPC_MAX_CAPS], *dst[ERIX_IPC_MAX_CAPS];
		struct ipc_args sa;
		struct ipc_buf b;
		uint64_t which = 0, w[4];
		enum erix_err err;

		if (s->flags & TCB_F_FAULT) {
			deliver_fault(s, o);
			await_reply(s, me, ep);
			return ERIX_OK;
		}
		err = decode_args(s->arch.regs.rdi, s->arch.regs.rsi, ERIX_IPC_F_ALL | ALLOW_LEN, 1,
		                  &sa);

		if (!err)
			err = check_sender_caps(s, &sa, src, &which);
		if (!err)
			err = check_receiver_slots(me, a, sa.nsend, dst, &which);
		if (!err)
			err = check_buffers(s, me, sa.len, &b, &which);
		if (err) {
			ipc_abort(s, err);
			s->arch.regs.rdx = which;
			continue;
		}
		words_of(&s->arch.regs, w);
		deliver(w, src, dst, sa.nsend, ERIX_MSG_CALL, ipc_badge(s), o);
		deliver_buffer(&b, o);
		await_reply(s, me, ep);
		return ERIX_OK;
	}
	wait_on(me, ep, WAIT_RECV);
	return ERIX_BLOCKED;
}

enum erix_err ipc_recv(struct arch_regs *r, struct cap *c)
{
	struct tcb *me = sched_current();
	struct ipc_args a;
	enum erix_err err =
	    decode_args(r->rdi, r->rsi, ERIX_IPC_F_RECV_CAP1 | ERIX_IPC_F_RECV_CAP2, 1, &a);

	if (err)
		return err;
	if (me->reply_to)
		return ERIX_ERR_BUSY;
	return recv_on(me, r, c->obj, &a);
}

/* ------------------------------------------------------------ REPLY */

/* The reply to the caller this thread owes, through c (the endpoint the
 * call came by; a transfer needs GRANT on this very slot). */
static enum erix_err reply_to_caller(struct arch_regs *r, struct cap *c, const struct ipc_args *a)
{
	struct tcb *me = sched_current(), *caller = me->reply_to;
	struct cap *src[ERIX_IPC_MAX_CAPS], *dst[ERIX_IPC_MAX_CAPS];
	struct ipc_args ca;
	struct ipc_buf b;
	uint64_t which = 0, w[4];
	enum erix_err err = ERIX_OK;

	if (!caller || caller->blocked_on != c->obj)
		return ERIX_ERR_NOT_FOUND;
	if (a->nsend && !cap_has_rights(c, ERIX_RIGHT_GRANT))
		return ERIX_ERR_NO_RIGHTS;
	/* Its registers are its user state: no words (of either kind) land
	 * there, and its buffer is never read or written. */
	if (caller->flags & TCB_F_FAULT) {
		if (a->nsend)
			return ERIX_ERR_INVALID_ARGUMENT; /* a faulted thread takes no caps */
		resume_faulted(caller);
		return ERIX_OK;
	}
	err = check_sender_caps(me, a, src, &which);
	if (!err) {
		recv_args_of(caller, &ca);
		err = check_receiver_slots(caller, &ca, a->nsend, dst, &which);
	}
	if (!err)
		err = check_buffers(me, caller, a->len, &b, &which);
	if (err) {
		r->rdx = which;
		return err;
	}
	words_of(r, w);
	deliver(w, src, dst, a->nsend, 0, 0, &caller->arch.regs);
	deliver_buffer(&b, &caller->arch.regs);
	unwait(caller);
	sched_make_ready(caller);
	return ERIX_OK;
}

enum erix_err ipc_reply(struct arch_regs *r, struct cap *c)
{
	struct ipc_args a;
	enum erix_err err =
	    decode_args(r->rdi, 0, ERIX_IPC_F_SEND_CAP1 | ERIX_IPC_F_SEND_CAP2 | ALLOW_LEN, 0, &a);

	return err ? err : reply_to_caller(r, c, &a);
}

/* The server loop's one syscall: the reply (when one is owed), then a
 * receive on the same slot. A failed reply is returned; nothing is then
 * received. */
enum erix_err ipc_reply_recv(struct arch_regs *r, struct cap *c)
{
	struct tcb *me = sched_current();
	struct ipc_args a;
	enum erix_err err = decode_args(r->rdi, r->rsi,
	                                ERIX_IPC_F_SEND_CAP1 | ERIX_IPC_F_SEND_CAP2 |
	                                    ERIX_IPC_F_RECV_CAP1 | ERIX_IPC_F_RECV_CAP2 | ALLOW_LEN,
	                                1, &a);

	if (!err && me->reply_to)
		err = reply_to_caller(r, c, &a);
	else if (!err && (a.nsend || a.len))
		err = ERIX_ERR_INVALID_ARGUMENT; /* caps or words for a reply nobody is owed */
	if (err)
		return err;
	return recv_on(me, r, c->obj, &a);
}

/* ------------------------------------------------- kernel notifications */

/* As a NOTIFY from nobody (badge 0): the word to a waiting receiver, else
 * left pending on the endpoint. */
void ipc_signal(struct endpoint *ep, uint64_t word)
{
	struct tcb *rcv = ep->recv.head;
	const uint64_t w[4] = {word, 0, 0, 0};

	if (rcv) {
		take_receiver(ep, rcv);
		deliver(w, NULL, NULL, 0, ERIX_MSG_NOTIFY, 0, &rcv->arch.regs);
		sched_make_ready(rcv);
		return;
	}
	if (ep->pending_notify != UINT64_MAX)
		ep->pending_notify++;
	ep->pending_word |= word;
}
