/* libFuzzer target for the kernel's cap and process ops (built with
 * -DERIX_HOST over tests/host/arch_host.c): the input is a program of
 * slot and process operations a fake rootd runs against the real op
 * functions, mirrored in a small model. After every step it checks:
 *   - no rights amplification: every endpoint cap's rights are a subset
 *     of the cap it was copied from (the model records them at the copy);
 *     a child's installed cap holds at most source & grant rights;
 *   - no dangling object: every cap names a live model object, and each
 *     endpoint's and process's reference count equals the caps naming it;
 *   - accounting exact: each account's used figure equals what it holds
 *     (slab frames of its live objects, CSpace pages, page tables, owned
 *     pages, budgets of its live children);
 *   - a denied op changed nothing (the one known exception: a
 *     MAP_PROCESS_ANON running out part-way keeps the tables it made).
 * At the end everything is killed and dropped: the root's figure and the
 * kmem free count are back to where they started. Input format: one op
 * byte, then its argument bytes (see step()). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arch_host.h"
#include "cap.h"
#include "cspace.h"
#include "endpoint.h"
#include "kmem_pool.h"
#include "process.h"
#include "sched.h"
#include "tcb.h"
#include "vspace.h"
#include <erix/cap.h>
#include <erix/errors.h>
#include <erix/kctl.h>
#include <erix/syscall.h>

#define PAGE        4096ull
#define ROOT_SLOTS  64
#define ROOT_BUDGET (1024 * PAGE)
#define ROOT_PRIO   128
#define VA          0x400000ull
#define VA_PAGES    24
#define MAX_EPS     256
#define MAX_PROCS   12
#define MAX_STEPS   256 /* per input: each step checks everything */
#define MAX_CSLOTS  32
#define SRG         (ERIX_RIGHT_SEND | ERIX_RIGHT_RECV | ERIX_RIGHT_GRANT)

#define CHECK(cond)                                                                                \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			fprintf(stderr, "fuzz_kcaps: %s:%d: %s\n", __FILE__, __LINE__, #cond);     \
			__builtin_trap();                                                          \
		}                                                                                  \
	} while (0)

/* ------------------------------------------------------------ model */

struct mcap {
	uint8_t type;    /* ERIX_CAP_NULL, _ENDPOINT, _PROCESS, _INSTALL_GRANT */
	uint8_t rights;  /* what the kernel must show */
	uint8_t ceiling; /* endpoint: rights of the cap it came from */
	int obj;         /* model endpoint or process index */
	uint64_t target; /* grant: child slot */
};

struct mep {
	struct endpoint *k;
	int live;
};

struct mproc {
	struct process *k;
	int live; /* the struct exists (caps name it) */
	uint8_t state;
	uint64_t budget, nslots;
	uint8_t prot[VA_PAGES]; /* 0 = unmapped */
	struct mcap slots[MAX_CSLOTS];
};

static struct mcap mroot[ROOT_SLOTS];
static struct mep meps[MAX_EPS];
static struct mproc mprocs[MAX_PROCS];
static int neps, nprocs;

/* ------------------------------------------------------------ world */

static struct process root;
static struct tcb *root_tcb;
static struct vspace idle_vspace;
static struct tcb idle = {.vspace = &idle_vspace, .state = TCB_RUNNING};
static uint64_t out[4];

static void make_current(struct tcb *t)
{
	struct tcb *cur = sched_current();

	if (cur && cur != t && cur->state == TCB_RUNNING)
		cur->state = TCB_BLOCKED;
	if (t->state != TCB_READY)
		sched_make_ready(t);
	CHECK(kernel_next() == &t->arch);
}

static void world_setup(void)
{
	if (!sched_current())
		make_current(&idle);
	kmem_init(HOST_POOL_BASE, HOST_PHYS_BYTES - HOST_POOL_BASE);
	memset(&root, 0, sizeof(root));
	root.acct.limit = ROOT_BUDGET;
	root.state = PROCESS_RUNNING;
	root.refs = 1;
	root.prio = ROOT_PRIO;
	CHECK(!cspace_create(&root.acct, ROOT_SLOTS, &root.cspace));
	cspace_set_window(root.cspace, 0, ROOT_SLOTS);
	CHECK(!vspace_create(&root.acct, &root.vspace));
	CHECK(!tcb_create(&root.acct, "rootd", ROOT_PRIO, &root_tcb));
	root_tcb->cspace = root.cspace;
	root_tcb->vspace = root.vspace;
	process_add_thread(&root, root_tcb);
	root.main = root_tcb;
	make_current(root_tcb);
	memset(mroot, 0, sizeof(mroot));
	memset(meps, 0, sizeof(meps));
	memset(mprocs, 0, sizeof(mprocs));
	neps = nprocs = 0;
	for (size_t i = 0; i < HOST_USER_BYTES; i++)
		host_user_mem[i] = (uint8_t)(i * 13 + 5);
}

HOST_NO_COVERAGE static struct cap *kslot(struct cspace *cs, uint64_t s)
{
	struct cap *c;

	CHECK(!cspace_lookup(cs, s, &c));
	return c;
}

/* ------------------------------------------------------- invariants */

static uint64_t npages_of(const struct cspace *cs)
{
	return cs->npages;
}

/* Distinct slab frames among the given live objects. */
HOST_NO_COVERAGE static uint64_t distinct_pages(uintptr_t *objs, int n)
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

HOST_NO_COVERAGE static void check_cap(const struct cap *k, const struct mcap *m)
{
	CHECK(k->type == m->type);
	if (m->type == ERIX_CAP_NULL)
		return;
	CHECK(k->rights == m->rights);
	switch (m->type) {
	case ERIX_CAP_ENDPOINT:
		CHECK(meps[m->obj].live && k->obj == meps[m->obj].k);
		CHECK((m->rights & ~m->ceiling) == 0); /* never more than its source */
		break;
	case ERIX_CAP_PROCESS:
		CHECK(mprocs[m->obj].live && mprocs[m->obj].state != PROCESS_DEAD);
		CHECK(k->obj == mprocs[m->obj].k);
		break;
	case ERIX_CAP_INSTALL_GRANT:
		CHECK(mprocs[m->obj].live && k->obj == mprocs[m->obj].k && k->base == m->target);
		break;
	default:
		CHECK(0);
	}
}

HOST_NO_COVERAGE static void count_refs(const struct mcap *m, uint32_t *ep_refs, uint32_t *p_refs,
                                        uint32_t *p_grants)
{
	if (m->type == ERIX_CAP_ENDPOINT)
		ep_refs[m->obj]++;
	if (m->type == ERIX_CAP_PROCESS || m->type == ERIX_CAP_INSTALL_GRANT)
		p_refs[m->obj]++;
	if (m->type == ERIX_CAP_INSTALL_GRANT)
		p_grants[m->obj]++;
}

HOST_NO_COVERAGE static void check_child(const struct mproc *p)
{
	const struct process *k = p->k;
	uint64_t owned = 0;

	CHECK(k->state == p->state && k->acct.limit == p->budget);
	for (uint64_t s = 0; s < p->nslots; s++)
		check_cap(kslot(k->cspace, s), &p->slots[s]);
	for (unsigned i = 0; i < VA_PAGES; i++) {
		unsigned flags;
		int mapped = !arch_vspace_lookup(k->vspace->root, VA + i * PAGE, NULL, &flags);

		CHECK(mapped == (p->prot[i] != 0));
		if (!mapped)
			continue;
		CHECK((flags & ARCH_MAP_OWNED) && (flags & ARCH_MAP_USER));
		CHECK(!((flags & ARCH_MAP_WRITE) && (flags & ARCH_MAP_EXEC)));
		CHECK(!!(flags & ARCH_MAP_WRITE) == !!(p->prot[i] & ERIX_PROT_WRITE));
		CHECK(!!(flags & ARCH_MAP_EXEC) == !!(p->prot[i] & ERIX_PROT_EXEC));
		owned++;
	}
	CHECK(host_vspace_leaves(k->vspace->root) == owned);
	/* Two slab frames (TCB and CSpace header; VSpace header), the slot
	 * pages, the tables, the pages. */
	CHECK(k->acct.used <= k->acct.limit);
	CHECK(k->acct.used ==
	      PAGE * (2 + npages_of(k->cspace) + host_vspace_tables(k->vspace->root) + owned));
}

HOST_NO_COVERAGE static void check_invariants(void)
{
	static uint32_t ep_refs[MAX_EPS], p_refs[MAX_PROCS], p_grants[MAX_PROCS];
	uintptr_t objs[3 + MAX_EPS + MAX_PROCS];
	uint64_t budgets = 0;
	int n = 0;

	memset(ep_refs, 0, sizeof(ep_refs));
	memset(p_refs, 0, sizeof(p_refs));
	memset(p_grants, 0, sizeof(p_grants));
	for (uint64_t s = 0; s < ROOT_SLOTS; s++) {
		check_cap(kslot(root.cspace, s), &mroot[s]);
		count_refs(&mroot[s], ep_refs, p_refs, p_grants);
	}
	for (int i = 0; i < nprocs; i++) {
		if (!mprocs[i].live || mprocs[i].state == PROCESS_DEAD)
			continue;
		check_child(&mprocs[i]);
		for (uint64_t s = 0; s < mprocs[i].nslots; s++)
			count_refs(&mprocs[i].slots[s], ep_refs, p_refs, p_grants);
		budgets += mprocs[i].budget;
	}
	for (int i = 0; i < neps; i++) {
		CHECK(meps[i].live == (ep_refs[i] != 0));
		if (!meps[i].live)
			continue;
		CHECK(meps[i].k->refs == ep_refs[i] && meps[i].k->acct == &root.acct);
		objs[n++] = (uintptr_t)meps[i].k;
	}
	for (int i = 0; i < nprocs; i++) {
		CHECK(mprocs[i].live == (p_refs[i] != 0));
		if (!mprocs[i].live)
			continue;
		CHECK(mprocs[i].k->refs == p_refs[i] && mprocs[i].k->live_grants == p_grants[i]);
		CHECK(mprocs[i].k->payer == &root.acct);
		objs[n++] = (uintptr_t)mprocs[i].k;
	}
	objs[n++] = (uintptr_t)root.cspace;
	objs[n++] = (uintptr_t)root.vspace;
	objs[n++] = (uintptr_t)root_tcb;
	CHECK(root.acct.used <= root.acct.limit);
	CHECK(root.acct.used == PAGE * (distinct_pages(objs, n) + npages_of(root.cspace) +
	                                host_vspace_tables(root.vspace->root)) +
	                            budgets);
}

/* What a denial must leave alone: every figure and slot the model sees. */
struct snap {
	uint64_t root_used, free_frames;
	struct cap slots[ROOT_SLOTS];
	uint64_t used[MAX_PROCS], leaves[MAX_PROCS];
	uint32_t refs[MAX_PROCS];
	struct cap cslots[MAX_PROCS][MAX_CSLOTS];
};

HOST_NO_COVERAGE static void take(struct snap *s)
{
	memset(s, 0, sizeof(*s));
	s->root_used = root.acct.used;
	s->free_frames = kmem_free_count();
	for (uint64_t i = 0; i < ROOT_SLOTS; i++)
		s->slots[i] = *kslot(root.cspace, i);
	for (int i = 0; i < nprocs; i++) {
		if (!mprocs[i].live)
			continue;
		s->refs[i] = mprocs[i].k->refs;
		if (mprocs[i].state == PROCESS_DEAD)
			continue;
		s->used[i] = mprocs[i].k->acct.used;
		s->leaves[i] = host_vspace_leaves(mprocs[i].k->vspace->root);
		for (uint64_t j = 0; j < mprocs[i].nslots; j++)
			s->cslots[i][j] = *kslot(mprocs[i].k->cspace, j);
	}
}

/* ------------------------------------------------------------- ops */

static const uint8_t *in;
static size_t left;

static uint8_t byte(void)
{
	if (!left)
		return 0;
	left--;
	return *in++;
}

/* Mostly in the CSpace, sometimes past it. */
static uint64_t slot_arg(void)
{
	uint8_t b = byte();

	return b < 0xf0 ? b % ROOT_SLOTS : ROOT_SLOTS + (b & 0xf);
}

static int proc_at(uint64_t s)
{
	return s < ROOT_SLOTS && mroot[s].type == ERIX_CAP_PROCESS ? mroot[s].obj : -1;
}

typedef enum erix_err (*op_fn)(const struct endpoint *ep, const uint64_t *w, uint64_t *o);

static enum erix_err call4(op_fn fn, uint64_t w0, uint64_t w1, uint64_t w2, uint64_t w3)
{
	const uint64_t w[4] = {w0, w1, w2, w3};

	return fn(NULL, w, out);
}

/* The caps a dead child held go; endpoints it named lose a reference. */
static void model_kill(int pi)
{
	struct mproc *p = &mprocs[pi];

	p->state = PROCESS_DEAD;
	memset(p->slots, 0, sizeof(p->slots));
	memset(p->prot, 0, sizeof(p->prot));
}

static void model_clear(uint64_t s)
{
	mroot[s].type = ERIX_CAP_NULL;
}

/* A process no cap names dies; objects nothing names any more go. */
HOST_NO_COVERAGE static void model_settle(void)
{
	static uint32_t ep_refs[MAX_EPS], p_refs[MAX_PROCS], p_grants[MAX_PROCS];

	memset(ep_refs, 0, sizeof(ep_refs));
	memset(p_refs, 0, sizeof(p_refs));
	memset(p_grants, 0, sizeof(p_grants));
	for (uint64_t s = 0; s < ROOT_SLOTS; s++)
		count_refs(&mroot[s], ep_refs, p_refs, p_grants);
	for (int i = 0; i < nprocs; i++)
		if (mprocs[i].live && !p_refs[i] && mprocs[i].state != PROCESS_DEAD)
			model_kill(i);
	memset(ep_refs, 0, sizeof(ep_refs));
	memset(p_refs, 0, sizeof(p_refs));
	for (uint64_t s = 0; s < ROOT_SLOTS; s++)
		count_refs(&mroot[s], ep_refs, p_refs, p_grants);
	for (int i = 0; i < nprocs; i++)
		if (mprocs[i].live && mprocs[i].state != PROCESS_DEAD)
			for (uint64_t s = 0; s < mprocs[i].nslots; s++)
				count_refs(&mprocs[i].slots[s], ep_refs, p_refs, p_grants);
	for (int i = 0; i < neps; i++)
		meps[i].live = ep_refs[i] != 0;
	for (int i = 0; i < nprocs; i++)
		mprocs[i].live = p_refs[i] != 0;
}

static enum erix_err drop(uint64_t s)
{
	struct arch_regs r = {.rax = ERIX_SYS_DROP_LOCAL_CAP, .rdi = s, .rip = VA};

	CHECK(kernel_syscall(&r) == &root_tcb->arch);
	return (enum erix_err)r.rax;
}

static enum erix_err op_create_endpoint(void)
{
	uint64_t d = slot_arg();
	enum erix_err err = neps < MAX_EPS ? call4(cap_op_create_endpoint, d, 0, 0, 0) : 1;

	if (err == ERIX_OK) {
		CHECK(d < ROOT_SLOTS && mroot[d].type == ERIX_CAP_NULL);
		meps[neps] = (struct mep){.k = kslot(root.cspace, d)->obj, .live = 1};
		CHECK(meps[neps].k->kind == ERIX_EP_CHILD_POPULATE);
		mroot[d] = (struct mcap){
		    .type = ERIX_CAP_ENDPOINT, .rights = SRG, .ceiling = SRG, .obj = neps++};
	}
	return err;
}

static enum erix_err op_copy(void)
{
	uint64_t s = slot_arg(), d = slot_arg(), r = byte();
	enum erix_err err;

	if (r & 0x80)
		r = (r & 0x3f) | (uint64_t)byte() << 8; /* bits past the known ones */
	err = call4(cap_op_copy_attenuated, s, d, r, 0);
	if (err == ERIX_OK) {
		CHECK(s < ROOT_SLOTS && d < ROOT_SLOTS && mroot[s].type == ERIX_CAP_ENDPOINT);
		CHECK((r & ~(uint64_t)mroot[s].rights) == 0); /* no amplification */
		CHECK(mroot[d].type == ERIX_CAP_NULL);
		mroot[d] = (struct mcap){.type = ERIX_CAP_ENDPOINT,
		                         .rights = (uint8_t)r,
		                         .ceiling = mroot[s].rights,
		                         .obj = mroot[s].obj};
	}
	return err;
}

static enum erix_err op_drop(void)
{
	uint64_t s = slot_arg();
	enum erix_err err = drop(s);

	if (err == ERIX_OK) {
		CHECK(s < ROOT_SLOTS && mroot[s].type != ERIX_CAP_NULL);
		model_clear(s); /* a process dies with its last cap (model_settle) */
	}
	return err;
}

static enum erix_err op_create_staged(void)
{
	uint64_t d = slot_arg(), nslots = 1 + byte() % MAX_CSLOTS, budget = (byte() % 48) * PAGE;
	uint64_t prio = byte();
	enum erix_err err =
	    nprocs < MAX_PROCS ? call4(process_op_create_staged, d, nslots, budget, prio) : 1;

	if (err == ERIX_OK) {
		struct mproc *p = &mprocs[nprocs];

		CHECK(d < ROOT_SLOTS && mroot[d].type == ERIX_CAP_NULL);
		CHECK(prio >= 1 && prio <= ROOT_PRIO && budget >= PAGE);
		memset(p, 0, sizeof(*p));
		*p = (struct mproc){.k = kslot(root.cspace, d)->obj,
		                    .live = 1,
		                    .state = PROCESS_STAGED,
		                    .budget = budget,
		                    .nslots = nslots};
		CHECK(p->k->cspace->nslots == nslots && p->k->cspace->win_len == nslots);
		mroot[d] = (struct mcap){
		    .type = ERIX_CAP_PROCESS, .rights = ERIX_RIGHTS_ALL, .obj = nprocs++};
	}
	return err;
}

static enum erix_err op_map(void)
{
	uint64_t s = slot_arg(), first = byte() % (VA_PAGES - 4), pages = 1 + byte() % 4;
	uint64_t prot = byte() % 8;
	int pi = proc_at(s);
	enum erix_err err = call4(process_op_map_anon, s, VA + first * PAGE, pages, prot);

	if (err == ERIX_OK) {
		CHECK(pi >= 0 && mprocs[pi].state == PROCESS_STAGED);
		CHECK((prot & ERIX_PROT_READ) &&
		      !((prot & ERIX_PROT_WRITE) && (prot & ERIX_PROT_EXEC)));
		for (uint64_t i = first; i < first + pages; i++) {
			CHECK(!mprocs[pi].prot[i]);
			mprocs[pi].prot[i] = (uint8_t)prot;
		}
	}
	return err;
}

static enum erix_err op_write(void)
{
	uint64_t s = slot_arg(), va = VA + (uint64_t)byte() * 97, src = byte() * 31ull;
	uint64_t len = ((uint64_t)byte() << 5) + byte() % 32;
	int pi = proc_at(s);
	enum erix_err err = call4(process_op_write_memory, s, va, HOST_USER_BASE + src, len);

	if (err == ERIX_OK) {
		CHECK(pi >= 0 && mprocs[pi].state == PROCESS_STAGED);
		for (uint64_t done = 0; done < len; done++) {
			uint64_t a = va + done;
			paddr_t pa;

			CHECK(a < VA + VA_PAGES * PAGE && mprocs[pi].prot[(a - VA) / PAGE]);
			CHECK(!arch_vspace_lookup(mprocs[pi].k->vspace->root, a & ~(PAGE - 1), &pa,
			                          NULL));
			CHECK(((uint8_t *)arch_phys_to_virt(pa))[a & (PAGE - 1)] ==
			      host_user_mem[src + done]);
		}
	}
	return err;
}

static enum erix_err op_derive(void)
{
	uint64_t s = slot_arg(), g = slot_arg(), t = byte() % (MAX_CSLOTS + 2), r = byte() & 0x3f;
	int pi = proc_at(s);
	enum erix_err err = call4(process_op_derive_grant, s, g, t, r);

	if (err == ERIX_OK) {
		CHECK(pi >= 0 && mprocs[pi].state == PROCESS_STAGED && t < mprocs[pi].nslots);
		CHECK(g < ROOT_SLOTS && mroot[g].type == ERIX_CAP_NULL && r <= ERIX_RIGHTS_ALL);
		CHECK(mprocs[pi].slots[t].type == ERIX_CAP_NULL);
		mroot[g] = (struct mcap){
		    .type = ERIX_CAP_INSTALL_GRANT, .rights = (uint8_t)r, .obj = pi, .target = t};
	}
	return err;
}

static enum erix_err op_install(void)
{
	uint64_t g = slot_arg(), s = slot_arg();
	enum erix_err err = call4(process_op_install_grant, g, s, 0, 0);

	if (err == ERIX_OK) {
		struct mcap *gc = &mroot[g], *src = &mroot[s];
		struct mproc *p;

		CHECK(g < ROOT_SLOTS && s < ROOT_SLOTS && gc->type == ERIX_CAP_INSTALL_GRANT);
		CHECK(src->type == ERIX_CAP_ENDPOINT);
		p = &mprocs[gc->obj];
		CHECK(p->state == PROCESS_STAGED && p->slots[gc->target].type == ERIX_CAP_NULL);
		p->slots[gc->target] = (struct mcap){.type = ERIX_CAP_ENDPOINT,
		                                     .rights = src->rights & gc->rights,
		                                     .ceiling = src->rights & gc->rights,
		                                     .obj = src->obj};
		model_clear(g);
	}
	return err;
}

static enum erix_err op_start(void)
{
	uint64_t s = slot_arg(), entry = VA + (byte() % VA_PAGES) * PAGE + byte() % 8;
	uint64_t top = VA + (byte() % (VA_PAGES + 1)) * PAGE + (byte() % 4) * 16;
	int pi = proc_at(s);
	enum erix_err err = call4(process_op_start, s, entry, top, byte());

	if (err == ERIX_OK) {
		CHECK(pi >= 0 && mprocs[pi].state == PROCESS_STAGED);
		CHECK(mprocs[pi].k->live_grants == 0); /* grants block START */
		CHECK(mprocs[pi].prot[(entry - VA) / PAGE] & ERIX_PROT_EXEC);
		for (uint64_t a = (top - 80) & ~(PAGE - 1); a < top; a += PAGE)
			CHECK(mprocs[pi].prot[(a - VA) / PAGE] & ERIX_PROT_WRITE);
		mprocs[pi].state = PROCESS_RUNNING;
	}
	return err;
}

static enum erix_err op_end(int kill)
{
	uint64_t s = slot_arg();
	int pi = proc_at(s);
	enum erix_err err = call4(kill ? process_op_kill : process_op_abort, s, 0, 0, 0);

	if (err == ERIX_OK) {
		CHECK(pi >= 0 && (kill || mprocs[pi].state == PROCESS_STAGED));
		model_kill(pi);
		model_clear(s);
	}
	return err;
}

static enum erix_err op_query(void)
{
	uint64_t s = slot_arg(), flags = byte() % 3;
	enum erix_err err = call4(cap_op_query, s, flags, 0, 0);

	if (err == ERIX_OK) {
		CHECK(s < ROOT_SLOTS && flags < 2 && out[0] == mroot[s].type);
		CHECK((out[1] & 0xff) == (mroot[s].type ? mroot[s].rights : 0));
	}
	return err;
}

static enum erix_err op_read_kmem(void)
{
	uint64_t s = byte() == 0xff ? ERIX_KCTL_SELF : slot_arg();
	enum erix_err err = call4(process_op_read_kmem, s, 0, 0, 0);

	if (err == ERIX_OK && s == ERIX_KCTL_SELF)
		CHECK(out[0] == root.acct.used && out[1] == ROOT_BUDGET && out[2] == 1);
	return err;
}

static int trace; /* FUZZ_KCAPS_TRACE=1: one line per op, for reading a crash */

static void step(void)
{
	static struct snap before, after;
	uint8_t op = byte() % 13;
	enum erix_err err;

	take(&before);
	switch (op) {
	case 0:
		err = op_create_endpoint();
		break;
	case 1:
		err = op_copy();
		break;
	case 2:
		err = op_drop();
		break;
	case 3:
		err = op_create_staged();
		break;
	case 4:
		err = op_map();
		break;
	case 5:
		err = op_write();
		break;
	case 6:
		err = op_derive();
		break;
	case 7:
		err = op_install();
		break;
	case 8:
		err = op_start();
		break;
	case 9:
		err = op_end(0);
		break;
	case 10:
		err = op_end(1);
		break;
	case 11:
		err = op_query();
		break;
	default:
		err = op_read_kmem();
		break;
	}
	if (trace)
		fprintf(stderr, "fuzz_kcaps: op %u -> %d\n", op, err);
	model_settle();
	check_invariants();
	if (err == ERIX_OK && op < 11)
		return;
	take(&after);
	if (op == 4 && err == ERIX_ERR_NO_MEMORY) {
		/* Known: tables a part-way failure made stay (child's figure,
		 * free frames); nothing else may move. */
		after.free_frames = before.free_frames;
		memcpy(after.used, before.used, sizeof(after.used));
	}
	CHECK(!memcmp(&before, &after, sizeof(before)));
}

/* Kills and drops everything: the root is back to its first figure. */
static void finish(uint64_t root_used, uint64_t free_frames)
{
	for (uint64_t s = 0; s < ROOT_SLOTS; s++) {
		if (mroot[s].type == ERIX_CAP_PROCESS) {
			CHECK(call4(process_op_kill, s, 0, 0, 0) == ERIX_OK);
			model_kill(mroot[s].obj);
			model_clear(s);
			model_settle();
			check_invariants();
		}
	}
	for (uint64_t s = 0; s < ROOT_SLOTS; s++) {
		if (mroot[s].type != ERIX_CAP_NULL) {
			CHECK(drop(s) == ERIX_OK);
			model_clear(s);
		}
	}
	model_settle();
	check_invariants();
	CHECK(root.acct.used == root_used);
	CHECK(kmem_free_count() == free_frames);
	cspace_destroy(root.cspace);
	vspace_destroy(root.vspace);
	make_current(&idle); /* traps if a child thread is still ready */
	process_remove_thread(root_tcb);
	kobj_free(&root.acct, root_tcb, sizeof(*root_tcb));
	CHECK(root.acct.used == 0);
	CHECK(kmem_free_count() == kmem_total_count());
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint64_t root_used, free_frames;

	trace = getenv("FUZZ_KCAPS_TRACE") != NULL;
	world_setup();
	root_used = root.acct.used;
	free_frames = kmem_free_count();
	in = data;
	left = size;
	for (unsigned n = 0; left && n < MAX_STEPS; n++)
		step();
	finish(root_used, free_frames);
	return 0;
}
