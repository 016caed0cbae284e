/* libFuzzer target for the kernel's IPC and capability transfer (built with
 * -DERIX_HOST over tests/host/arch_host.c). Three child processes of a fake
 * rootd, seven threads in all, share four endpoints through aliases of
 * differing rights; the input picks the aliases, then is a program of
 * steps: a thread makes CALL (0..2 caps, optional timeout), RECV, REPLY,
 * REPLY_RECV or NOTIFY through kernel_syscall, drops, queries or copies
 * (attenuated) a slot, makes an endpoint (charged to its own process),
 * rootd's worker kills a child, or the clock ticks; rootd's
 * process-control endpoint may be copied and sent too (a CALL through any
 * copy of it is kernel control). A small model (every slot,
 * every queue, who owes whom a reply, what each woken thread must find in
 * its registers) runs beside it; after every step:
 *   - every slot holds exactly what the model says: no rights
 *     amplification (a copy or transfer has at most its source's rights),
 *     no cap anywhere the model did not put one (a transfer aliases: the
 *     sender keeps its cap, as ipc.c documents);
 *   - a denied call changed nothing (all or nothing: both sides' slots,
 *     every endpoint's references and notifications);
 *   - no dangling waiter: every blocked thread is in the queue of a live
 *     endpoint it is recorded on, queues hold exactly the model's threads
 *     in order, a reply wait has a live partner owing it, and killing a
 *     side, dropping an endpoint's last cap or a timeout wakes each waiter
 *     with its defined error and registers;
 *   - reference counts equal the caps naming each endpoint;
 *   - the scheduler runs the highest ready thread, and accounting is
 *     exact (IPC allocates nothing; kills and drops free exactly; a dead
 *     child's budget comes back when the last endpoint it made goes).
 * The fast path is on or off per step (bit 7 of the op byte): fastpath.c
 * is linked under other names and fastpath_call/fastpath_reply_recv below
 * switch it, so both ways must give the model's one outcome. At the end everything is killed
 * and dropped: kmem is back where it started. Input format: 12 layout
 * bytes (XOR-ed onto a default layout), then steps (see step()). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arch_host.h"
#include "cap.h"
#include "cspace.h"
#include "endpoint.h"
#include "fastpath.h"
#include "kmem_pool.h"
#include "process.h"
#include "sched.h"
#include "tcb.h"
#include "vspace.h"
#include <erix/cap.h>
#include <erix/errors.h>
#include <erix/kctl.h>
#include <erix/syscall.h>

#define PAGE         4096ull
#define VA           0x400000ull
#define ROOT_BUDGET  (512 * PAGE)
#define CHILD_BUDGET (16 * PAGE)
#define ROOT_PRIO    110
#define MAX_STEPS    192
#define SRG          (ERIX_RIGHT_SEND | ERIX_RIGHT_RECV | ERIX_RIGHT_GRANT)

/* Slots: 0..7 are the IPC slots in every CSpace; rootd also holds the
 * process-control endpoint, its main thread's private endpoint, the
 * children's process caps and a grant slot, and has two slots past its
 * window. Steps name IPC slots or the awkward ones of bad_slots. */
#define CSLOTS     8
#define ROOT_SLOTS 16
#define ROOT_WIN   14
#define S_PC       8
#define S_PRIV     9
#define S_PROC     10 /* 10, 11, 12 */
#define S_GRANT    13

#define NCHILD 3
#define NPROC  (NCHILD + 1) /* 0 is rootd */
#define NUSER  4            /* endpoints the steps use */
#define E_PRIV 4
#define E_PC   5
#define NEP0   6  /* endpoints of the setup */
#define NEP    14 /* and those steps make (CREATE_ENDPOINT) */
#define NPART  7  /* threads steps drive */
#define T_MAIN 7  /* rootd's main thread: parked on E_PRIV */
#define T_IDLE 8  /* rootd's lowest thread: never lets the CPU idle */
#define NT     9

#define CHECK(cond)                                                                                \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			fprintf(stderr, "fuzz_ipc: %s:%d: %s\n", __FILE__, __LINE__, #cond);       \
			__builtin_trap();                                                          \
		}                                                                                  \
	} while (0)

/* ------------------------------------------------------------ model */

struct mcap {
	uint8_t type;    /* ERIX_CAP_NULL, _ENDPOINT, _PROCESS */
	uint8_t rights;  /* what the kernel must show */
	uint8_t ceiling; /* the rights of the cap it was copied from */
	int obj;         /* model endpoint or child index */
};

#define QMAX NT
struct mqueue {
	int n, t[QMAX];
};

struct mep {
	struct endpoint *k;
	int live;
	int payer; /* the process whose account it is charged to; -1: boot's */
	uint64_t pending, word;
	struct mqueue recv, send, reply;
};

/* What one side of an exchange asked for (the model's own decode). */
struct margs {
	uint64_t flags, timeout;
	uint64_t send[2], recv[2];
	int nsend, nrecv;
};

enum { M_RUN, M_RECV, M_SEND, M_REPLY, M_DEAD };

/* Registers a thread must hold after the step: mask bit i checks v[i]. */
enum { R_RAX, R_RDI, R_RSI, R_RDX, R_R10, R_R8, R_R9 };
#define ALL_REGS 0x7f

struct mthread {
	struct tcb *k;
	int proc;
	uint64_t badge;
	int state, ep; /* ep: what a blocked thread waits on */
	int owes;      /* the caller it owes a reply, or -1 */
	int replier;   /* M_REPLY: the thread owing it one */
	int timed;
	uint64_t deadline;
	uint64_t sysnr; /* a blocked thread's rax stays its syscall number */
	struct margs args;
	uint64_t words[4];
	unsigned mask;
	uint64_t want[7];
};

struct mproc {
	struct process *k; /* rootd: &root */
	int live;
	uint64_t nslots, win;
	struct mcap slots[ROOT_SLOTS];
};

static struct mep E[NEP];
static struct mthread T[NT];
static struct mproc P[NPROC];
static int neps; /* endpoints made so far, E[0..neps) */

/* ------------------------------------------------------------ world */

static struct process root;
static struct account boot; /* pays for the process-control endpoint */
static struct vspace idle_vspace;
static struct tcb idle = {.vspace = &idle_vspace, .state = TCB_RUNNING};
static uint64_t out[4];
static int fast_on = 1;
static uint64_t steps_run, trace;

/* fastpath.c is built with its three entries renamed *_kernel and its
 * fallback renamed fastpath_fell_back (tests/fuzz/fuzz.mk): the
 * kernel-no-fastpath build's stubs are these with fast_on clear. */
struct arch_thread *fastpath_call_kernel(struct arch_regs *r);
struct arch_thread *fastpath_reply_recv_kernel(struct arch_regs *r);
struct arch_thread *fastpath_reply_recv_slot_kernel(struct arch_regs *r);
static uint64_t fast_tries, fast_misses;

struct arch_thread *fastpath_fell_back(struct arch_regs *r)
{
	fast_misses++;
	return syscall_general(r);
}

struct arch_thread *fastpath_call(struct arch_regs *r)
{
	if (!fast_on)
		return syscall_general(r);
	fast_tries++;
	return fastpath_call_kernel(r);
}

struct arch_thread *fastpath_reply_recv(struct arch_regs *r)
{
	if (!fast_on)
		return syscall_general(r);
	fast_tries++;
	return fastpath_reply_recv_kernel(r);
}

struct arch_thread *fastpath_reply_recv_slot(struct arch_regs *r)
{
	if (!fast_on)
		return syscall_general(r);
	fast_tries++;
	return fastpath_reply_recv_slot_kernel(r);
}

static void make_current(struct tcb *t)
{
	struct tcb *cur = sched_current();

	if (cur && cur != t && cur->state == TCB_RUNNING)
		cur->state = TCB_BLOCKED;
	if (t->state != TCB_READY)
		sched_make_ready(t);
	CHECK(kernel_next() == &t->arch);
}

HOST_NO_COVERAGE static struct cap *kslot(struct cspace *cs, uint64_t s)
{
	struct cap *c;

	CHECK(!cspace_lookup(cs, s, &c));
	return c;
}

static int thread_of(const struct tcb *k)
{
	for (int i = 0; i < NT; i++)
		if (T[i].state != M_DEAD && T[i].k == k)
			return i;
	return -1;
}

/* The thread makes syscall nr from its own saved registers, as the entry
 * path does; the kernel's choice of next thread must be the current one. */
static void sys(int ti, uint64_t nr, uint64_t rdi, uint64_t rsi, const uint64_t w[4])
{
	struct arch_regs *r = &T[ti].k->arch.regs;

	CHECK(sched_current() == T[ti].k);
	r->rax = nr;
	r->rdi = rdi;
	r->rsi = rsi;
	r->rdx = w[0];
	r->r10 = w[1];
	r->r8 = w[2];
	r->r9 = w[3];
	CHECK(kernel_syscall(r) == &sched_current()->arch);
	if (trace && nr != ERIX_SYS_YIELD)
		fprintf(stderr, "fuzz_ipc: thread %d sys %#lx rdi %#lx rsi %#lx -> rax %#lx\n", ti,
		        (unsigned long)nr, (unsigned long)rdi, (unsigned long)rsi,
		        (unsigned long)r->rax);
}

static const uint64_t no_words[4];

/* Gives t the CPU the way the kernel would: the running thread yields
 * until t comes up (round robin among equals). 0 if t cannot run now (it
 * waits, is dead, or a higher thread is ready). */
static int run(int ti)
{
	for (int n = 0; n < NT + 2; n++) {
		int cur = thread_of(sched_current());

		if (T[ti].state != M_RUN)
			return 0;
		if (cur == ti)
			return 1;
		CHECK(cur >= 0);
		sys(cur, ERIX_SYS_YIELD, 0, 0, no_words);
		CHECK(T[cur].k->arch.regs.rax == ERIX_OK);
	}
	return 0;
}

/* ------------------------------------------------------- model ops */

static void q_push(struct mqueue *q, int t)
{
	CHECK(q->n < QMAX);
	q->t[q->n++] = t;
}

static void q_remove(struct mqueue *q, int t)
{
	for (int i = 0; i < q->n; i++) {
		if (q->t[i] != t)
			continue;
		memmove(&q->t[i], &q->t[i + 1], (size_t)(q->n - i - 1) * sizeof(int));
		q->n--;
		return;
	}
	CHECK(0);
}

static void expect(int ti, unsigned mask, uint64_t rax, uint64_t rdi, uint64_t rsi,
                   const uint64_t w[4])
{
	struct mthread *t = &T[ti];

	t->mask = mask;
	t->want[R_RAX] = rax;
	t->want[R_RDI] = rdi;
	t->want[R_RSI] = rsi;
	for (int i = 0; i < 4; i++)
		t->want[R_RDX + i] = w[i];
}

static void expect_err(int ti, uint64_t err, int xfer, uint64_t which)
{
	const uint64_t w[4] = {which, 0, 0, 0};

	expect(ti, xfer ? (1u << R_RAX | 1u << R_RDX) : 1u << R_RAX, err, 0, 0, w);
}

/* Out of whatever queue and reply link t is in. */
static void m_unwait(int ti)
{
	struct mthread *t = &T[ti];

	if (t->state == M_RECV)
		q_remove(&E[t->ep].recv, ti);
	else if (t->state == M_SEND)
		q_remove(&E[t->ep].send, ti);
	else if (t->state == M_REPLY)
		q_remove(&E[t->ep].reply, ti);
	if (t->state == M_REPLY && T[t->replier].owes == ti)
		T[t->replier].owes = -1;
	t->state = M_RUN;
	t->ep = t->replier = -1;
	t->timed = 0;
}

/* A wait ends with an error: status err, every other register 0 but
 * rdx = which (a queued sender whose caps could not move). */
static void m_abort(int ti, uint64_t err, uint64_t which)
{
	const uint64_t w[4] = {which, 0, 0, 0};

	m_unwait(ti);
	expect(ti, ALL_REGS, err, 0, 0, w);
}

static int m_slot(int p, uint64_t s, struct mcap **c)
{
	if (s >= P[p].nslots)
		return ERIX_ERR_INVALID_SLOT;
	if (s >= P[p].win)
		return ERIX_ERR_OUT_OF_WINDOW;
	*c = &P[p].slots[s];
	return ERIX_OK;
}

/* syscall.c's lookup: an endpoint cap with the rights, of an IPC kind. */
static int m_lookup_ep(int p, uint64_t slot, unsigned rights, struct mcap **c)
{
	int err = m_slot(p, slot, c);

	if (err)
		return err;
	if ((*c)->type == ERIX_CAP_NULL)
		return ERIX_ERR_EMPTY_SLOT;
	if ((*c)->type != ERIX_CAP_ENDPOINT)
		return ERIX_ERR_WRONG_TYPE;
	if (((*c)->rights & rights) != rights)
		return ERIX_ERR_NO_RIGHTS;
	return (*c)->obj == E_PC ? ERIX_ERR_OP_DENIED : ERIX_OK;
}

static uint64_t allowed_flags(uint64_t nr)
{
	const uint64_t send = ERIX_IPC_F_SEND_CAP1 | ERIX_IPC_F_SEND_CAP2;
	const uint64_t recv = ERIX_IPC_F_RECV_CAP1 | ERIX_IPC_F_RECV_CAP2;

	switch (nr) {
	case ERIX_SYS_CALL:
		return ERIX_IPC_F_ALL;
	case ERIX_SYS_RECV:
		return recv;
	case ERIX_SYS_REPLY_RECV:
		return send | recv;
	default:
		return send;
	}
}

/* A 16-bit slot pair in bits 32..63 named by two flags (the second only
 * with the first); an unnamed field must be zero. */
static int m_pair(uint64_t word, uint64_t flags, uint64_t f1, uint64_t f2, uint64_t s[2], int *n)
{
	uint64_t a = (word >> 32) & 0xffff, b = word >> 48;

	*n = 0;
	if (((flags & f2) && !(flags & f1)) || (!(flags & f1) && a) || (!(flags & f2) && b))
		return ERIX_ERR_INVALID_ARGUMENT;
	if (flags & f1)
		s[(*n)++] = a;
	if (flags & f2)
		s[(*n)++] = b;
	return ERIX_OK;
}

/* The ABI of include/erix/syscall.h: flags this syscall takes, the cap
 * fields they name, rsi's layout for CALL/RECV/REPLY_RECV. */
static int m_decode(uint64_t nr, uint64_t rdi, uint64_t rsi, struct margs *a)
{
	int rsi_used = nr == ERIX_SYS_CALL || nr == ERIX_SYS_RECV || nr == ERIX_SYS_REPLY_RECV;

	memset(a, 0, sizeof(*a));
	a->flags = (rdi >> 16) & 0xffff;
	if (a->flags & ~allowed_flags(nr))
		return ERIX_ERR_INVALID_ARGUMENT;
	if (m_pair(rdi, a->flags, ERIX_IPC_F_SEND_CAP1, ERIX_IPC_F_SEND_CAP2, a->send, &a->nsend))
		return ERIX_ERR_INVALID_ARGUMENT;
	if (!rsi_used)
		return ERIX_OK;
	if (m_pair(rsi, a->flags, ERIX_IPC_F_RECV_CAP1, ERIX_IPC_F_RECV_CAP2, a->recv, &a->nrecv))
		return ERIX_ERR_INVALID_ARGUMENT;
	a->timeout = rsi & 0xffffffffu;
	if (!(a->flags & ERIX_IPC_F_TIMED) && a->timeout)
		return ERIX_ERR_INVALID_ARGUMENT;
	if ((a->flags & ERIX_IPC_F_TIMED) && !a->timeout)
		return ERIX_ERR_RANGE;
	return ERIX_OK;
}

/* The sender's caps: in its window, endpoints. */
static int m_check_send(int ti, const struct margs *a, uint64_t *which)
{
	for (int i = 0; i < a->nsend; i++) {
		struct mcap *c;
		int err = m_slot(T[ti].proc, a->send[i], &c);

		*which = ERIX_IPC_XFER_FAIL_SENDER | (uint64_t)i;
		if (err)
			return err;
		if (c->type == ERIX_CAP_NULL)
			return ERIX_ERR_EMPTY_SLOT;
		if (c->type != ERIX_CAP_ENDPOINT)
			return ERIX_ERR_WRONG_TYPE;
	}
	return ERIX_OK;
}

/* The receiver named a distinct empty slot of its window for each cap. */
static int m_check_recv(int ri, const struct margs *ra, int n, uint64_t *which)
{
	for (int i = 0; i < n; i++) {
		struct mcap *c;
		int err;

		*which = ERIX_IPC_XFER_FAIL_RECEIVER | (uint64_t)i;
		if (i >= ra->nrecv)
			return ERIX_ERR_RANGE;
		if (i && ra->recv[i] == ra->recv[0])
			return ERIX_ERR_BUSY;
		err = m_slot(T[ri].proc, ra->recv[i], &c);
		if (err)
			return err;
		if (c->type != ERIX_CAP_NULL)
			return ERIX_ERR_BUSY;
	}
	return ERIX_OK;
}

/* Checked both sides: each cap is aliased into the receiver's slot with
 * the sender's rights (never more), the sender keeping its own. */
static void m_move(int si, const struct margs *sa, int ri, const struct margs *ra)
{
	for (int i = 0; i < sa->nsend; i++) {
		struct mcap *src = &P[T[si].proc].slots[sa->send[i]];
		struct mcap *dst = &P[T[ri].proc].slots[ra->recv[i]];

		CHECK(src->type == ERIX_CAP_ENDPOINT && dst->type == ERIX_CAP_NULL);
		*dst = *src;
		dst->ceiling = src->rights;
	}
}

static void expect_msg(int ti, uint64_t info, uint64_t badge, const uint64_t w[4])
{
	expect(ti, ALL_REGS, ERIX_OK, info, badge, w);
}

/* A receive on ep: a pending notification, else the oldest caller whose
 * caps can move (a caller whose cannot is failed, the next one tried),
 * else the receiver waits. */
static void m_recv_on(int ri, int ep, const struct margs *a, uint64_t nr)
{
	struct mep *e = &E[ep];

	if (e->pending) {
		const uint64_t w[4] = {e->word, 0, 0, 0};

		e->pending--;
		e->word = 0;
		expect_msg(ri, ERIX_MSG_NOTIFY, 0, w);
		return;
	}
	while (e->send.n) {
		int s = e->send.t[0], err;
		uint64_t which = 0;

		err = m_check_send(s, &T[s].args, &which);
		if (!err)
			err = m_check_recv(ri, a, T[s].args.nsend, &which);
		if (err) {
			m_abort(s, (uint64_t)err, which);
			continue;
		}
		m_move(s, &T[s].args, ri, a);
		expect_msg(ri, ERIX_MSG_CALL | (uint64_t)T[s].args.nsend << 8, T[s].badge,
		           T[s].words);
		q_remove(&e->send, s);
		q_push(&e->reply, s);
		T[s].state = M_REPLY; /* its timer, if any, keeps running */
		T[s].replier = ri;
		T[ri].owes = s;
		return;
	}
	T[ri].state = M_RECV;
	T[ri].ep = ep;
	T[ri].args = *a;
	T[ri].sysnr = nr;
	q_push(&e->recv, ri);
}

/* The syscall's endpoint slot, flags and cap fields (rdi), as syscall.c
 * and ipc.c take them; err != 0 means it returns err at once. */
static int m_enter(int ti, uint64_t nr, uint64_t rdi, uint64_t rsi, unsigned rights,
                   struct mcap **c, struct margs *a)
{
	int err = ERIX_OK;

	if (!(nr == ERIX_SYS_CALL && rdi <= 0xffff) && (((rdi >> 16) & 0xffff) & ~ERIX_IPC_F_ALL))
		err = ERIX_ERR_INVALID_ARGUMENT;
	if (!err)
		err = m_lookup_ep(T[ti].proc, rdi & 0xffff, rights, c);
	if (!err)
		err = m_decode(nr, rdi, rsi, a);
	return err;
}

/* A CALL on the process-control endpoint, served by kctl.c: steps make
 * KILL_PROCESS (rootd's worker) or op numbers 0..5 and past 2^32 (which
 * are undefined, but for CREATE_PROCESS that no family allows). */
static int m_kctl(int ti, uint64_t op, const uint64_t w[4])
{
	struct mcap *c;
	int err;

	if (op == ERIX_KCTL_KILL_PROCESS) {
		err = m_slot(T[ti].proc, w[0], &c);
		if (!err && c->type == ERIX_CAP_NULL)
			err = ERIX_ERR_EMPTY_SLOT;
		if (!err && c->type != ERIX_CAP_PROCESS)
			err = ERIX_ERR_WRONG_TYPE;
		if (!err)
			memset(c, 0, sizeof(*c)); /* m_settle kills it */
	} else {
		CHECK(op <= 5 || op > 0xffffffffu);
		err = op == ERIX_KCTL_CREATE_PROCESS ? ERIX_ERR_OP_DENIED : ERIX_ERR_UNKNOWN_OP;
	}
	/* The reply words are the op's output: none for these. */
	expect(ti, 1u << R_RAX | 0xfu << R_RDX, (uint64_t)err, 0, 0, no_words);
	return err;
}

static int m_call(int ti, uint64_t rdi, uint64_t rsi, const uint64_t w[4])
{
	struct mthread *t = &T[ti];
	struct mcap *c;
	struct margs a;
	uint64_t which = 0;
	int xfer = 0, srv = -1, ep, err;

	/* A plain slot names any endpoint: a kernel-control one serves it. */
	if (rdi <= 0xffff && m_lookup_ep(t->proc, rdi, ERIX_RIGHT_SEND, &c) == ERIX_ERR_OP_DENIED)
		return m_kctl(ti, rsi, w);
	err = m_enter(ti, ERIX_SYS_CALL, rdi, rsi, ERIX_RIGHT_SEND, &c, &a);
	if (!err && a.nsend && !(c->rights & ERIX_RIGHT_GRANT))
		err = ERIX_ERR_NO_RIGHTS;
	if (!err) {
		ep = c->obj;
		srv = E[ep].recv.n ? E[ep].recv.t[0] : -1;
		xfer = 1;
		err = m_check_send(ti, &a, &which);
		if (!err && srv >= 0)
			err = m_check_recv(srv, &T[srv].args, a.nsend, &which);
	}
	if (err) {
		expect_err(ti, (uint64_t)err, xfer, which);
		return err;
	}
	t->args = a;
	memcpy(t->words, w, sizeof(t->words));
	t->sysnr = ERIX_SYS_CALL;
	t->ep = ep;
	if (srv >= 0) {
		q_remove(&E[ep].recv, srv);
		m_move(ti, &a, srv, &T[srv].args);
		expect_msg(srv, ERIX_MSG_CALL | (uint64_t)a.nsend << 8, t->badge, w);
		T[srv].state = M_RUN;
		T[srv].ep = -1;
		T[srv].owes = ti;
		t->state = M_REPLY;
		t->replier = srv;
		q_push(&E[ep].reply, ti);
	} else {
		t->state = M_SEND;
		q_push(&E[ep].send, ti);
	}
	if (a.flags & ERIX_IPC_F_TIMED) {
		t->timed = 1;
		t->deadline = sched_ticks() + a.timeout;
	}
	return ERIX_OK;
}

static int m_recv(int ti, uint64_t rdi, uint64_t rsi)
{
	struct mcap *c;
	struct margs a;
	int err = m_enter(ti, ERIX_SYS_RECV, rdi, rsi, ERIX_RIGHT_RECV, &c, &a);

	if (!err && T[ti].owes >= 0)
		err = ERIX_ERR_BUSY;
	if (err) {
		expect_err(ti, (uint64_t)err, 0, 0);
		return err;
	}
	m_recv_on(ti, c->obj, &a, ERIX_SYS_RECV);
	return ERIX_OK;
}

/* The reply to the caller ti owes, through slot cap c. */
static int m_reply_to(int ti, const struct mcap *c, const struct margs *a, const uint64_t w[4],
                      int *xfer, uint64_t *which)
{
	int caller = T[ti].owes, err;

	if (caller < 0 || T[caller].ep != c->obj)
		return ERIX_ERR_NOT_FOUND;
	CHECK(T[caller].state == M_REPLY && T[caller].replier == ti);
	if (a->nsend && !(c->rights & ERIX_RIGHT_GRANT))
		return ERIX_ERR_NO_RIGHTS;
	*xfer = 1;
	err = m_check_send(ti, a, which);
	if (!err)
		err = m_check_recv(caller, &T[caller].args, a->nsend, which);
	if (err)
		return err;
	m_move(ti, a, caller, &T[caller].args);
	m_unwait(caller);
	expect_msg(caller, (uint64_t)a->nsend << 8, 0, w);
	return ERIX_OK;
}

static int m_reply(int ti, uint64_t rdi, uint64_t rsi, const uint64_t w[4])
{
	struct mcap *c;
	struct margs a;
	uint64_t which = 0;
	int xfer = 0;
	int err = m_enter(ti, ERIX_SYS_REPLY, rdi, rsi, ERIX_RIGHT_RECV, &c, &a);

	if (!err)
		err = m_reply_to(ti, c, &a, w, &xfer, &which);
	expect_err(ti, (uint64_t)err, err && xfer, which);
	return err;
}

static int m_reply_recv(int ti, uint64_t rdi, uint64_t rsi, const uint64_t w[4])
{
	struct mcap *c;
	struct margs a;
	uint64_t which = 0;
	int xfer = 0;
	int err = m_enter(ti, ERIX_SYS_REPLY_RECV, rdi, rsi, ERIX_RIGHT_RECV, &c, &a);

	if (!err && T[ti].owes >= 0)
		err = m_reply_to(ti, c, &a, w, &xfer, &which);
	else if (!err && a.nsend)
		err = ERIX_ERR_INVALID_ARGUMENT; /* caps for a reply nobody is owed */
	if (err) {
		expect_err(ti, (uint64_t)err, xfer, which);
		return err;
	}
	m_recv_on(ti, c->obj, &a, ERIX_SYS_REPLY_RECV);
	return ERIX_OK;
}

static int m_notify(int ti, uint64_t rdi, uint64_t word)
{
	struct mcap *c;
	struct margs a;
	uint64_t which = 0;
	int xfer = 0, rcv = -1;
	int err = m_enter(ti, ERIX_SYS_NOTIFY, rdi, 0, ERIX_RIGHT_SEND, &c, &a);

	if (!err && a.nsend && !(c->rights & ERIX_RIGHT_GRANT))
		err = ERIX_ERR_NO_RIGHTS;
	if (!err) {
		struct mep *e = &E[c->obj];

		rcv = e->recv.n ? e->recv.t[0] : -1;
		err = m_check_send(ti, &a, &which);
		xfer = 1;
		if (!err && rcv < 0 && a.nsend) {
			/* A pending notification carries no caps; no cap is at
			 * fault, so rdx is not checked. */
			err = ERIX_ERR_BUSY;
			xfer = 0;
		}
		if (!err && rcv >= 0)
			err = m_check_recv(rcv, &T[rcv].args, a.nsend, &which);
	}
	if (err) {
		expect_err(ti, (uint64_t)err, xfer, which);
		return err;
	}
	expect_err(ti, ERIX_OK, 0, 0);
	if (rcv >= 0) {
		const uint64_t w[4] = {word, 0, 0, 0};

		m_move(ti, &a, rcv, &T[rcv].args);
		m_unwait(rcv);
		expect_msg(rcv, ERIX_MSG_NOTIFY | (uint64_t)a.nsend << 8, T[ti].badge, w);
		return ERIX_OK;
	}
	E[c->obj].pending++;
	E[c->obj].word |= word;
	return ERIX_OK;
}

/* A child dies: its threads leave every queue and link (a caller one of
 * them owed wakes with NOT_FOUND), then its CSpace goes (m_settle drops
 * what its caps named). */
static void m_kill(int p)
{
	P[p].live = 0;
	for (int i = 0; i < NT; i++)
		if (T[i].proc == p && T[i].state != M_DEAD)
			m_unwait(i);
	for (int i = 0; i < NT; i++) {
		if (T[i].proc == p && T[i].state != M_DEAD && T[i].owes >= 0) {
			m_abort(T[i].owes, ERIX_ERR_NOT_FOUND, 0);
			T[i].owes = -1;
		}
	}
	for (int i = 0; i < NT; i++) {
		if (T[i].proc == p && T[i].state != M_DEAD) {
			T[i].state = M_DEAD;
			T[i].mask = 0;
			T[i].k = NULL; /* freed */
		}
	}
	memset(P[p].slots, 0, sizeof(P[p].slots));
}

/* An endpoint whose last cap went: everyone queued wakes with NOT_FOUND. */
static void m_ep_die(int e)
{
	struct mep *m = &E[e];

	while (m->recv.n || m->send.n || m->reply.n)
		m_abort(m->recv.n   ? m->recv.t[0]
		        : m->send.n ? m->send.t[0]
		                    : m->reply.t[0],
		        ERIX_ERR_NOT_FOUND, 0);
	memset(m, 0, sizeof(*m));
}

HOST_NO_COVERAGE static void count_refs(uint32_t refs[NEP])
{
	memset(refs, 0, NEP * sizeof(uint32_t));
	for (int p = 0; p < NPROC; p++)
		for (uint64_t s = 0; P[p].live && s < P[p].nslots; s++)
			if (P[p].slots[s].type == ERIX_CAP_ENDPOINT)
				refs[P[p].slots[s].obj]++;
}

/* Lifetimes: a child whose process cap went dies, an endpoint no cap
 * names goes, until nothing changes. */
static void m_settle(void)
{
	uint32_t refs[NEP];
	int changed = 1;

	while (changed) {
		changed = 0;
		for (int c = 1; c < NPROC; c++) {
			if (P[c].live && P[0].slots[S_PROC + c - 1].type == ERIX_CAP_NULL) {
				m_kill(c);
				changed = 1;
			}
		}
		count_refs(refs);
		for (int e = 0; e < NEP; e++) {
			if (E[e].live && !refs[e]) {
				m_ep_die(e);
				changed = 1;
			}
		}
	}
}

/* ------------------------------------------------------- invariants */

/* Distinct slab frames among the given live objects. */
HOST_NO_COVERAGE static uint64_t distinct_pages(const uintptr_t *objs, int n)
{
	uint64_t count = 0;

	for (int i = 0; i < n; i++) {
		int seen = 0;

		for (int j = 0; j < i && !seen; j++)
			seen = (objs[j] >> 12) == (objs[i] >> 12);
		count += !seen;
	}
	return count;
}

HOST_NO_COVERAGE static void check_slots(void)
{
	for (int p = 0; p < NPROC; p++) {
		struct cspace *cs = P[p].live ? P[p].k->cspace : NULL;

		for (uint64_t s = 0; cs && s < P[p].nslots; s++) {
			const struct cap *k = kslot(cs, s);
			const struct mcap *m = &P[p].slots[s];

			CHECK(k->type == m->type);
			if (m->type == ERIX_CAP_NULL)
				continue;
			CHECK(k->rights == m->rights);
			if (m->type == ERIX_CAP_PROCESS) {
				CHECK(P[m->obj].live && k->obj == P[m->obj].k);
				continue;
			}
			CHECK(m->type == ERIX_CAP_ENDPOINT && E[m->obj].live);
			CHECK(k->obj == E[m->obj].k);
			/* Never more than the cap it came from, nor than
			 * the endpoint was made with. */
			CHECK((m->rights & ~m->ceiling) == 0 && (m->ceiling & ~SRG) == 0);
		}
	}
}

HOST_NO_COVERAGE static void check_queue(const struct tcb_queue *q, const struct mqueue *m)
{
	const struct tcb *x = q->head, *last = NULL;

	for (int i = 0; i < m->n; i++) {
		CHECK(x == T[m->t[i]].k);
		last = x;
		x = x->next;
	}
	CHECK(x == NULL && q->tail == last);
}

HOST_NO_COVERAGE static void check_endpoints(void)
{
	uint32_t refs[NEP];

	count_refs(refs);
	for (int e = 0; e < NEP; e++) {
		const struct endpoint *k = E[e].k;

		CHECK(E[e].live == (refs[e] != 0));
		if (!E[e].live)
			continue;
		CHECK(k->refs == refs[e]);
		CHECK(k->pending_notify == E[e].pending && k->pending_word == E[e].word);
		check_queue(&k->recv, &E[e].recv);
		check_queue(&k->send, &E[e].send);
		check_queue(&k->reply, &E[e].reply);
	}
}

HOST_NO_COVERAGE static void check_threads(void)
{
	static const uint8_t waits[] = {WAIT_NONE, WAIT_RECV, WAIT_SEND, WAIT_REPLY};
	int cur = thread_of(sched_current());

	CHECK(cur >= 0 && T[cur].state == M_RUN);
	for (int i = 0; i < NT; i++) {
		const struct mthread *t = &T[i];
		const struct tcb *k = t->k;

		if (t->state == M_DEAD)
			continue;
		CHECK(k->proc == P[t->proc].k && k->wait == waits[t->state]);
		CHECK(t->owes >= 0 ? k->reply_to == T[t->owes].k : k->reply_to == NULL);
		CHECK(!!(k->flags & TCB_F_TIMED) == t->timed &&
		      (!t->timed || k->timeout_tick == t->deadline));
		if (t->state == M_RUN) {
			CHECK(k->state == (i == cur ? TCB_RUNNING : TCB_READY));
			CHECK(!k->blocked_on && !k->replier);
			/* The highest ready thread runs. */
			CHECK(k->prio <= T[cur].k->prio);
			continue;
		}
		CHECK(k->state == TCB_BLOCKED && E[t->ep].live && k->blocked_on == E[t->ep].k);
		CHECK(k->arch.regs.rax == t->sysnr); /* nobody wrote a result yet */
		if (t->state == M_REPLY) {
			/* A live partner owes it the reply. */
			CHECK(T[t->replier].state != M_DEAD && T[t->replier].owes == i);
			CHECK(k->replier == T[t->replier].k);
		} else {
			CHECK(!k->replier);
		}
	}
}

/* The registers each woken or calling thread was promised. */
HOST_NO_COVERAGE static void check_results(void)
{
	for (int i = 0; i < NT; i++) {
		struct mthread *t = &T[i];
		const struct arch_regs *r;
		uint64_t got[7];

		if (!t->mask || t->state == M_DEAD)
			continue;
		r = &t->k->arch.regs;
		got[R_RAX] = r->rax;
		got[R_RDI] = r->rdi;
		got[R_RSI] = r->rsi;
		got[R_RDX] = r->rdx;
		got[R_R10] = r->r10;
		got[R_R8] = r->r8;
		got[R_R9] = r->r9;
		for (int j = 0; j < 7; j++) {
			if ((t->mask & (1u << j)) && got[j] != t->want[j]) {
				fprintf(stderr, "fuzz_ipc: thread %d reg %d: got %#lx, want %#lx\n",
				        i, j, (unsigned long)got[j], (unsigned long)t->want[j]);
				CHECK(0);
			}
		}
		t->mask = 0;
	}
}

/* Each account holds exactly its live objects' slab frames, its CSpace
 * pages and page tables, its owned pages and its children's budgets. A
 * dead child stays charged to rootd until the last endpoint it made (and
 * sent away) goes: then its account is empty and settles. */
HOST_NO_COVERAGE static void check_accounts(void)
{
	uintptr_t objs[NEP + NCHILD + NT + 2];
	uint64_t budgets = 0;
	int n = 0;

	for (int c = 1; c < NPROC; c++) {
		const struct process *k = P[c].k;
		uintptr_t cobjs[NEP + NT + 2];
		uint64_t held = 0;
		int cn = 0;

		for (int e = 0; e < neps; e++)
			if (E[e].live && E[e].payer == c)
				cobjs[cn++] = (uintptr_t)E[e].k;
		if (!P[c].live && !cn)
			continue; /* settled: the struct went too */
		objs[n++] = (uintptr_t)k;
		budgets += CHILD_BUDGET;
		if (P[c].live) {
			cobjs[cn++] = (uintptr_t)k->cspace;
			cobjs[cn++] = (uintptr_t)k->vspace;
			held = k->cspace->npages + host_vspace_tables(k->vspace->root) +
			       host_vspace_leaves(k->vspace->root);
		} else {
			CHECK(k->state == PROCESS_DEAD && !k->cspace && !k->vspace);
		}
		for (int i = 0; i < NT; i++)
			if (T[i].proc == c && T[i].state != M_DEAD)
				cobjs[cn++] = (uintptr_t)T[i].k;
		CHECK(k->acct.used == PAGE * (distinct_pages(cobjs, cn) + held));
	}
	for (int e = 0; e < neps; e++)
		if (E[e].live && E[e].payer == 0)
			objs[n++] = (uintptr_t)E[e].k;
	for (int i = 0; i < NT; i++)
		if (T[i].proc == 0 && T[i].state != M_DEAD)
			objs[n++] = (uintptr_t)T[i].k;
	objs[n++] = (uintptr_t)root.cspace;
	objs[n++] = (uintptr_t)root.vspace;
	CHECK(root.acct.used == PAGE * (distinct_pages(objs, n) + root.cspace->npages +
	                                host_vspace_tables(root.vspace->root)) +
	                            budgets);
	CHECK(boot.used == (E[E_PC].live ? PAGE : 0));
}

HOST_NO_COVERAGE static void check_invariants(void)
{
	check_results();
	check_slots();
	check_endpoints();
	check_threads();
	check_accounts();
}

/* What a denial must leave alone: every slot and endpoint figure. */
struct snap {
	struct cap slots[NPROC][ROOT_SLOTS];
	uint64_t refs[NEP], pending[NEP], word[NEP], free_frames;
};

HOST_NO_COVERAGE static void take(struct snap *s)
{
	memset(s, 0, sizeof(*s));
	for (int p = 0; p < NPROC; p++)
		for (uint64_t i = 0; P[p].live && i < P[p].nslots; i++)
			s->slots[p][i] = *kslot(P[p].k->cspace, i);
	for (int e = 0; e < NEP; e++) {
		if (!E[e].live)
			continue;
		s->refs[e] = E[e].k->refs;
		s->pending[e] = E[e].k->pending_notify;
		s->word[e] = E[e].k->pending_word;
	}
	s->free_frames = kmem_free_count();
}

/* ------------------------------------------------------------ steps */

static const uint8_t *in;
static size_t left;

static uint8_t byte(void)
{
	if (!left)
		return 0;
	left--;
	return *in++;
}

/* Mostly an IPC slot; sometimes rootd's process-control endpoint (which
 * may then travel), a process cap, a slot past rootd's window, past every
 * CSpace, or past the 16-bit field. */
static uint64_t slot_arg(void)
{
	static const uint64_t bad_slots[] = {S_PC, S_PROC, S_PROC + 1, S_PROC + 2,
	                                     14,   15,     16,         0xffff};
	uint8_t b = byte();

	return b < 0xe0 ? b % CSLOTS : bad_slots[b % 8];
}

static void words_of(uint8_t seed, uint64_t w[4])
{
	for (int i = 0; i < 4; i++)
		w[i] = 0x9e3779b97f4a7c15ull * ((uint64_t)seed * 4 + (uint64_t)i + 1);
}

/* rdi and rsi from a shape byte: bits 0-4 the ERIX_IPC_F_* flags (kept
 * to what the syscall takes unless bit 5), bit 6 a flag bit past
 * ERIX_IPC_F_ALL, bit 7 every cap field filled whatever the flags say. */
static void build_args(uint64_t nr, uint8_t shape, uint64_t slot, const uint64_t c[2],
                       const uint64_t r[2], uint8_t tb, uint64_t *rdi, uint64_t *rsi)
{
	uint64_t flags = shape & ERIX_IPC_F_ALL, all = shape & 0x80;

	if (!(shape & 0x20))
		flags &= allowed_flags(nr);
	if (shape & 0x40)
		flags |= 0x20;
	*rdi = slot | flags << 16;
	if (all || (flags & ERIX_IPC_F_SEND_CAP1))
		*rdi |= c[0] << 32;
	if (all || (flags & ERIX_IPC_F_SEND_CAP2))
		*rdi |= c[1] << 48;
	*rsi = 0;
	if (all || (flags & ERIX_IPC_F_RECV_CAP1))
		*rsi |= r[0] << 32;
	if (all || (flags & ERIX_IPC_F_RECV_CAP2))
		*rsi |= r[1] << 48;
	if (all || (flags & ERIX_IPC_F_TIMED))
		*rsi |= tb % 6; /* 0 with TIMED: ERIX_ERR_RANGE */
}

static int denied;    /* the step's model outcome was an error */
static int mem_moves; /* the step may take or free kernel memory */
static struct snap before;

/* One IPC syscall by thread ti, the model first. */
static void ipc_step(uint64_t nr)
{
	int ti = byte() % NPART;
	uint64_t slot = slot_arg(), c[2], r[2], w[4], rdi, rsi;
	uint8_t shape = byte(), tb;
	int err;

	c[0] = slot_arg();
	c[1] = slot_arg();
	r[0] = slot_arg();
	r[1] = slot_arg();
	tb = byte();
	words_of(byte(), w);
	build_args(nr, shape, slot, c, r, tb, &rdi, &rsi);
	if (!run(ti))
		return;
	switch (nr) {
	case ERIX_SYS_CALL:
		err = m_call(ti, rdi, rsi, w);
		break;
	case ERIX_SYS_RECV:
		err = m_recv(ti, rdi, rsi);
		break;
	case ERIX_SYS_REPLY:
		rsi = w[3]; /* REPLY takes no rsi: junk there changes nothing */
		err = m_reply(ti, rdi, rsi, w);
		break;
	case ERIX_SYS_REPLY_RECV:
		err = m_reply_recv(ti, rdi, rsi, w);
		break;
	default:
		rsi = w[0]; /* NOTIFY's word */
		err = m_notify(ti, rdi, rsi);
		break;
	}
	denied = err != ERIX_OK;
	if (denied)
		take(&before);
	sys(ti, nr, rdi, rsi, w);
}

static void drop_step(void)
{
	int ti = byte() % NPART;
	uint64_t s = slot_arg();
	struct mcap *c;
	int err;

	if (!run(ti))
		return;
	err = m_slot(T[ti].proc, s, &c);
	if (!err && c->type == ERIX_CAP_NULL)
		err = ERIX_ERR_EMPTY_SLOT;
	if (!err)
		memset(c, 0, sizeof(*c));
	expect_err(ti, (uint64_t)err, 0, 0);
	denied = err != ERIX_OK;
	mem_moves = 1;
	if (denied)
		take(&before);
	sys(ti, ERIX_SYS_DROP_LOCAL_CAP, s, 0, no_words);
}

/* CAP_COPY_ATTENUATED through its op function (what kctl.c dispatches to)
 * in the thread's own CSpace. */
static void copy_step(void)
{
	int ti = byte() % NPART;
	uint64_t s = slot_arg(), d = slot_arg(), rights = byte();
	const uint64_t w[4] = {s, d, rights & 0x80 ? rights << 1 : rights & ERIX_RIGHTS_ALL, 0};
	struct mcap *src, *dst;
	int err, got;

	if (!run(ti))
		return;
	err = m_slot(T[ti].proc, s, &src);
	if (!err)
		err = m_slot(T[ti].proc, d, &dst);
	if (!err && dst->type != ERIX_CAP_NULL)
		err = ERIX_ERR_BUSY;
	if (!err && src->type == ERIX_CAP_NULL)
		err = ERIX_ERR_EMPTY_SLOT;
	if (!err && src->type != ERIX_CAP_ENDPOINT)
		err = ERIX_ERR_WRONG_TYPE;
	if (!err && (w[2] & ~(uint64_t)src->rights))
		err = ERIX_ERR_NO_RIGHTS;
	denied = err != ERIX_OK;
	if (denied)
		take(&before);
	got = cap_op_copy_attenuated(NULL, w, out);
	CHECK(got == err);
	if (!err)
		*dst = (struct mcap){.type = ERIX_CAP_ENDPOINT,
		                     .rights = (uint8_t)w[2],
		                     .ceiling = src->rights,
		                     .obj = src->obj};
}

/* A rootd thread kills a child through KILL_PROCESS on its process-control
 * endpoint (the kctl path of CALL), if slot S_PC still holds it. */
static void kill_as(int ti, uint64_t s)
{
	const uint64_t w[4] = {s, 0, 0, 0};
	int err = m_call(ti, S_PC, ERIX_KCTL_KILL_PROCESS, w);

	denied = err != ERIX_OK;
	mem_moves = 1;
	if (denied)
		take(&before);
	sys(ti, ERIX_SYS_CALL, S_PC, ERIX_KCTL_KILL_PROCESS, w);
}

static void kill_step(void)
{
	uint64_t s = S_PROC + byte() % 4; /* S_GRANT: empty */

	if (run(0))
		kill_as(0, s);
}

/* CREATE_ENDPOINT through its op function: a new endpoint charged to the
 * thread's own process (a child's outlives the child if sent away). */
static void create_step(void)
{
	int ti = byte() % NPART;
	uint64_t d = slot_arg();
	const uint64_t w[4] = {d, 0, 0, 0};
	struct mcap *c;
	int err, got;

	if (neps == NEP || !run(ti))
		return;
	err = m_slot(T[ti].proc, d, &c);
	if (!err && c->type != ERIX_CAP_NULL)
		err = ERIX_ERR_BUSY;
	denied = err != ERIX_OK;
	mem_moves = 1;
	if (denied)
		take(&before);
	got = cap_op_create_endpoint(NULL, w, out);
	CHECK(got == err);
	if (err)
		return;
	E[neps] = (struct mep){
	    .k = kslot(P[T[ti].proc].k->cspace, d)->obj, .live = 1, .payer = T[ti].proc};
	CHECK(E[neps].k->kind == ERIX_EP_CHILD_POPULATE &&
	      E[neps].k->acct == &P[T[ti].proc].k->acct);
	*c = (struct mcap){.type = ERIX_CAP_ENDPOINT, .rights = SRG, .ceiling = SRG, .obj = neps++};
}

/* QUERY_LOCAL_CAP: what a thread learns of its slot is the model's. */
static void query_step(void)
{
	int ti = byte() % NPART;
	uint64_t s = slot_arg();
	struct mcap *c;
	uint64_t w[4] = {0, 0, 0, 0};
	int err;

	if (!run(ti))
		return;
	err = m_slot(T[ti].proc, s, &c);
	if (!err) {
		w[0] = c->type;
		w[1] = c->type ? c->rights : 0;
		w[2] = c->type != ERIX_CAP_ENDPOINT ? ERIX_EP_GENERIC
		       : c->obj == E_PC             ? ERIX_EP_PROCESS_CONTROL
		                                    : ERIX_EP_CHILD_POPULATE;
	}
	expect(ti, err ? 1u << R_RAX : 1u << R_RAX | 1u << R_RDX | 1u << R_R10 | 1u << R_R8,
	       (uint64_t)err, 0, 0, w);
	denied = 1; /* changes nothing, whatever the outcome */
	take(&before);
	sys(ti, ERIX_SYS_QUERY_LOCAL_CAP, s, 0, no_words);
}

/* Timer interrupts: timed CALLs due wake with TIMEOUT. */
static void tick_step(void)
{
	int n = 1 + byte() % 4;

	for (int i = 0; i < n; i++) {
		kernel_timer_tick(true);
		CHECK(kernel_next() == &sched_current()->arch);
		for (int t = 0; t < NT; t++)
			if (T[t].state != M_DEAD && T[t].timed && T[t].deadline <= sched_ticks())
				m_abort(t, ERIX_ERR_TIMEOUT, 0);
	}
}

static void step(void)
{
	static struct snap after;
	uint8_t opb = byte(), op = (opb & 0x7f) % 12;
	uint64_t free_frames = kmem_free_count();

	fast_on = !(opb & 0x80);
	denied = mem_moves = 0;
	switch (op) {
	case 0:
		ipc_step(ERIX_SYS_CALL);
		break;
	case 1:
		ipc_step(ERIX_SYS_RECV);
		break;
	case 2:
		ipc_step(ERIX_SYS_REPLY);
		break;
	case 3:
		ipc_step(ERIX_SYS_REPLY_RECV);
		break;
	case 4:
		ipc_step(ERIX_SYS_NOTIFY);
		break;
	case 5:
		drop_step();
		break;
	case 6:
		copy_step();
		break;
	case 7:
		kill_step();
		break;
	case 8:
		tick_step();
		break;
	case 10:
		query_step();
		break;
	case 11:
		create_step();
		break;
	default:
		(void)run(byte() % NPART);
		break;
	}
	if (trace)
		fprintf(stderr, "fuzz_ipc: op %u fast %d -> %s\n", op, fast_on,
		        denied ? "denied" : "ok");
	m_settle();
	check_invariants();
	if (!mem_moves)
		CHECK(kmem_free_count() == free_frames); /* IPC allocates nothing */
	if (denied) {
		take(&after);
		CHECK(!memcmp(&before, &after, sizeof(before)));
	}
	steps_run++;
}

/* ------------------------------------------------------------ setup */

typedef enum erix_err (*op_fn)(const struct endpoint *ep, const uint64_t *w, uint64_t *o);

static enum erix_err call4(op_fn fn, uint64_t w0, uint64_t w1, uint64_t w2, uint64_t w3)
{
	const uint64_t w[4] = {w0, w1, w2, w3};

	return fn(NULL, w, out);
}

/* The aliases the children start with, by default: endpoint | rights << 2
 * per slot 0..3 (bit 7: empty). The input XORs its first bytes onto it. */
static const uint8_t layout[NCHILD][4] = {
    {0 | 1 << 2, 1 | 7 << 2, 2 | 2 << 2, 3 | 5 << 2},
    {0 | 5 << 2, 1 | 2 << 2, 2 | 7 << 2, 3 | 1 << 2},
    {0 | 2 << 2, 1 | 1 << 2, 2 | 5 << 2, 3 | 6 << 2},
};

static void add_thread(int ti, struct tcb *k, int proc)
{
	T[ti] = (struct mthread){.k = k,
	                         .proc = proc,
	                         .badge = (uint64_t)k->proc->pid << 32 | k->tid,
	                         .state = M_RUN,
	                         .ep = -1,
	                         .owes = -1,
	                         .replier = -1};
}

/* The current thread spawns one of its own process's threads. */
static struct tcb *spawn(uint8_t prio)
{
	struct process *p = sched_current()->proc;

	CHECK(call4(process_op_spawn_thread, VA, VA + 2 * PAGE, prio, 0) == ERIX_OK);
	return p->threads; /* the newest */
}

static void install(int c, uint64_t s, uint8_t b)
{
	int e = b & 3;
	uint8_t rights = (b >> 2) & ERIX_RIGHTS_ALL;

	if (b & 0x80)
		return;
	CHECK(call4(process_op_derive_grant, S_PROC + c, S_GRANT, s, rights) == ERIX_OK);
	CHECK(call4(process_op_install_grant, S_GRANT, (uint64_t)e, 0, 0) == ERIX_OK);
	P[c + 1].slots[s] = (struct mcap){
	    .type = ERIX_CAP_ENDPOINT, .rights = rights & SRG, .ceiling = SRG, .obj = e};
}

static void make_child(int c)
{
	struct mproc *m = &P[c + 1];

	CHECK(call4(process_op_create_staged, S_PROC + c, CSLOTS, CHILD_BUDGET,
	            c == 2 ? ROOT_PRIO : 100) == ERIX_OK);
	*m = (struct mproc){
	    .k = kslot(root.cspace, S_PROC + c)->obj, .live = 1, .nslots = CSLOTS, .win = CSLOTS};
	P[0].slots[S_PROC + c] =
	    (struct mcap){.type = ERIX_CAP_PROCESS, .rights = ERIX_RIGHTS_ALL, .obj = c + 1};
	CHECK(call4(process_op_map_anon, S_PROC + c, VA, 1, ERIX_PROT_READ | ERIX_PROT_EXEC) ==
	      ERIX_OK);
	CHECK(call4(process_op_map_anon, S_PROC + c, VA + PAGE, 1,
	            ERIX_PROT_READ | ERIX_PROT_WRITE) == ERIX_OK);
	for (uint64_t s = 0; s < 4; s++) {
		uint8_t b = byte() ^ layout[c][s];

		if (c == 2 && s == 0)
			b = (uint8_t)((b & 0x7c) | ERIX_RIGHT_RECV << 2); /* E0, RECV: P2 serves */
		install(c, s, b);
	}
	CHECK(call4(process_op_start, S_PROC + c, VA, VA + 2 * PAGE, 0) == ERIX_OK);
}

static uint64_t start_used, start_free;

static void world_setup(void)
{
	struct tcb *main_tcb;
	struct endpoint *pc;

	if (!sched_current())
		make_current(&idle);
	kmem_init(HOST_POOL_BASE, HOST_PHYS_BYTES - HOST_POOL_BASE);
	memset(E, 0, sizeof(E));
	memset(T, 0, sizeof(T));
	memset(P, 0, sizeof(P));
	for (int i = 0; i < NT; i++)
		T[i].state = M_DEAD;
	memset(&root, 0, sizeof(root));
	memset(&boot, 0, sizeof(boot));
	boot.limit = UINT64_MAX;
	root.acct.limit = ROOT_BUDGET;
	root.state = PROCESS_RUNNING;
	root.refs = 1;
	root.prio = ROOT_PRIO;
	CHECK(!cspace_create(&root.acct, ROOT_SLOTS, &root.cspace));
	cspace_set_window(root.cspace, 0, ROOT_WIN);
	CHECK(!vspace_create(&root.acct, &root.vspace));
	CHECK(!tcb_create(&root.acct, "rootd", ROOT_PRIO, &main_tcb));
	main_tcb->cspace = root.cspace;
	main_tcb->vspace = root.vspace;
	process_add_thread(&root, main_tcb);
	root.main = main_tcb;
	make_current(main_tcb);
	P[0] = (struct mproc){.k = &root, .live = 1, .nslots = ROOT_SLOTS, .win = ROOT_WIN};
	add_thread(T_MAIN, main_tcb, 0);
	start_used = root.acct.used;
	start_free = kmem_free_count();

	/* The process-control endpoint, boot's, as the kernel seeds rootd. */
	CHECK(!endpoint_create(&boot, ERIX_EP_PROCESS_CONTROL, &pc));
	CHECK(!cspace_install(
	    root.cspace, S_PC,
	    &(struct cap){.type = ERIX_CAP_ENDPOINT, .rights = ERIX_RIGHT_SEND, .obj = pc}));
	E[E_PC] = (struct mep){.k = pc, .live = 1, .payer = -1};
	neps = NEP0;
	P[0].slots[S_PC] = (struct mcap){
	    .type = ERIX_CAP_ENDPOINT, .rights = ERIX_RIGHT_SEND, .ceiling = SRG, .obj = E_PC};
	for (int e = 0; e <= E_PRIV; e++) {
		uint64_t s = e == E_PRIV ? S_PRIV : (uint64_t)e;

		CHECK(call4(cap_op_create_endpoint, s, 0, 0, 0) == ERIX_OK);
		E[e] = (struct mep){.k = kslot(root.cspace, s)->obj, .live = 1};
		P[0].slots[s] = (struct mcap){
		    .type = ERIX_CAP_ENDPOINT, .rights = SRG, .ceiling = SRG, .obj = e};
	}
	for (int c = 0; c < NCHILD; c++)
		make_child(c);
	add_thread(0, spawn(100), 0);
	add_thread(T_IDLE, spawn(1), 0);
	for (int c = 0; c < NCHILD; c++)
		add_thread(1 + 2 * c, P[c + 1].k->main, c + 1);

	/* rootd's main thread parks; P2's main (above everyone) spawns its
	 * worker and waits on E0; then P0's and P1's mains spawn theirs. */
	CHECK(m_recv(T_MAIN, S_PRIV, 0) == ERIX_OK);
	sys(T_MAIN, ERIX_SYS_RECV, S_PRIV, 0, no_words);
	CHECK(sched_current() == T[5].k);
	add_thread(6, spawn(100), 3);
	CHECK(m_recv(5, 0, 0) == ERIX_OK);
	sys(5, ERIX_SYS_RECV, 0, 0, no_words);
	CHECK(run(1));
	add_thread(2, spawn(100), 1);
	CHECK(run(3));
	add_thread(4, spawn(90), 2);
	check_invariants();
}

/* Kills and drops everything: kmem is back where it started. rootd's main
 * thread does it: its endpoint's end (as from an interrupt) wakes it. */
static void finish(void)
{
	cap_clear(kslot(root.cspace, S_PRIV));
	memset(&P[0].slots[S_PRIV], 0, sizeof(struct mcap));
	m_settle();
	CHECK(kernel_next() == &sched_current()->arch);
	check_invariants();
	CHECK(run(T_MAIN));
	/* The children die with their process caps. */
	for (uint64_t s = 0; s < ROOT_SLOTS; s++) {
		if (P[0].slots[s].type == ERIX_CAP_NULL)
			continue;
		memset(&P[0].slots[s], 0, sizeof(struct mcap));
		expect_err(T_MAIN, ERIX_OK, 0, 0);
		sys(T_MAIN, ERIX_SYS_DROP_LOCAL_CAP, s, 0, no_words);
		m_settle();
		check_invariants();
	}
	CHECK(boot.used == 0);
	/* rootd's main thread (woken by its endpoint's end) outlives the
	 * others, so its figure can be compared with the one before setup. */
	for (int i = 0; i < NT; i++)
		if (T[i].state != M_DEAD && i != T_MAIN)
			sched_kill(T[i].k);
	make_current(T[T_MAIN].k); /* traps if any other thread is still ready */
	for (int i = 0; i < NT; i++)
		if (T[i].state != M_DEAD && i != T_MAIN)
			tcb_reap(T[i].k); /* the one that was current went with the switch */
	CHECK(root.threads == T[T_MAIN].k && !T[T_MAIN].k->proc_next);
	CHECK(root.acct.used == start_used && kmem_free_count() == start_free);
	cspace_destroy(root.cspace);
	vspace_destroy(root.vspace);
	make_current(&idle);
	process_remove_thread(T[T_MAIN].k);
	kobj_free(&root.acct, T[T_MAIN].k, sizeof(struct tcb));
	CHECK(root.acct.used == 0);
	CHECK(kmem_free_count() == kmem_total_count());
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	trace = getenv("FUZZ_IPC_TRACE") != NULL;
	in = data;
	left = size;
	world_setup();
	for (unsigned n = 0; left && n < MAX_STEPS; n++)
		step();
	finish();
	if (getenv("FUZZ_IPC_STATS"))
		fprintf(stderr, "fuzz_ipc: %lu steps, %lu fast-path hits\n",
		        (unsigned long)steps_run, (unsigned long)(fast_tries - fast_misses));
	return 0;
}
