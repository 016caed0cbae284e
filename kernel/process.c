/* Process objects and the staged-process ops. Each op is a decode that
 * checks every argument and reserves what it needs (changing nothing the
 * caller can see if it fails), then an invoke that cannot fail.
 *
 * Teardown never recurses: a process whose last cap goes is queued on
 * reap_list, and process_reap drains the queue (a torn-down CSpace may
 * release caps of further processes, which join the queue). */
#include "process.h"

#include <erix/kctl.h>
#include <erix/markers.h>
#include <erix/start.h>

#include "console.h"
#include "cspace.h"
#include "endpoint.h"
#include "exit.h"
#include "irq.h"
#include "sched.h"
#include "string.h"
#include "tcb.h"
#include "trace.h"
#include "vspace.h"

static struct process root_process;
static struct process *reap_list; /* to tear down */
static struct process *dead_list; /* torn down, not yet settled or freed */
static uint32_t next_pid = 1;

/* ------------------------------------------------------------ lifetime */

void process_init_root(struct tcb *rootd, uint64_t budget)
{
	root_process.acct.limit = budget;
	root_process.payer = NULL;
	root_process.cspace = rootd->cspace;
	root_process.vspace = rootd->vspace;
	root_process.pid = next_pid++;
	root_process.state = PROCESS_RUNNING;
	root_process.prio = rootd->prio;
	root_process.refs = 1; /* never goes: rootd is the system */
	root_process.main = rootd;
	process_add_thread(&root_process, rootd);
}

int process_is_root(const struct process *p)
{
	return p == &root_process;
}

struct process *process_of_current(void)
{
	return sched_current()->proc;
}

void process_add_thread(struct process *p, struct tcb *t)
{
	t->proc = p;
	t->proc_next = p->threads;
	p->threads = t;
}

void process_remove_thread(struct tcb *t)
{
	struct tcb **link = &t->proc->threads;

	while (*link && *link != t)
		link = &(*link)->proc_next;
	if (*link)
		*link = t->proc_next;
	t->proc = NULL;
}

static void kill_threads(struct process *p)
{
	while (p->threads) {
		struct tcb *t = p->threads;

		sched_kill(t); /* out of every queue, wherever it waited */
		process_remove_thread(t);
		/* The current thread (it cannot be, but if) is freed by the
		 * scheduler once it is off the CPU. */
		t->proc = NULL;
		tcb_reap(t);
	}
	p->main = NULL;
}

/* Everything the process holds goes: threads, CSpace (releasing what its
 * caps name, which may queue further processes), VSpace. */
static void teardown(struct process *p)
{
	KTRACE(KTRACE_PROC, "END pid=%u was=%s", p->pid,
	       p->state == PROCESS_STAGED ? "staged" : "running");
	kill_threads(p);
	irq_release(p);
	if (p->cspace)
		cspace_destroy(p->cspace);
	if (p->vspace)
		vspace_destroy(p->vspace);
	p->cspace = NULL;
	p->vspace = NULL;
	p->state = PROCESS_DEAD;
	p->dead_next = dead_list;
	dead_list = p;
}

/* A dead process's budget returns to its payer once its account is empty
 * (its own children settled first), and its struct goes with its last cap.
 * Repeated until nothing changes, so a whole subtree settles without
 * recursion. */
static void settle_all(void)
{
	bool progress = true;

	while (progress) {
		progress = false;
		for (struct process **link = &dead_list; *link;) {
			struct process *p = *link;

			if (!p->settled && !p->acct.used) {
				p->settled = 1;
				account_refund(p->payer, p->acct.limit);
				progress = true;
			}
			if (p->settled && !p->refs) {
				*link = p->dead_next;
				kobj_free(p->payer, p, sizeof(*p));
				progress = true;
				continue;
			}
			link = &p->dead_next;
		}
	}
}

static void queue_reap(struct process *p)
{
	if (p->queued)
		return;
	p->queued = 1;
	p->reap_next = reap_list;
	reap_list = p;
}

/* Tears down every queued process, then settles. Safe at any depth: a call
 * made while draining only queues. */
void process_reap(void)
{
	static bool draining;

	if (draining)
		return;
	draining = true;
	while (reap_list) {
		struct process *p = reap_list;

		reap_list = p->reap_next;
		p->queued = 0;
		if (p->state != PROCESS_DEAD)
			teardown(p);
	}
	settle_all();
	draining = false;
}

void process_ref(struct process *p)
{
	p->refs++;
}

void process_unref(struct process *p)
{
	if (--p->refs)
		return;
	queue_reap(p);
	process_reap();
}

/* ------------------------------------------------------------ decoding */

/* The caller's cap at slot, of the given type. */
static enum erix_err lookup_typed(uint64_t slot, uint8_t type, struct cap **out)
{
	enum erix_err err = cspace_lookup_window(sched_current()->cspace, slot, out);

	if (err)
		return err;
	if ((*out)->type == ERIX_CAP_NULL)
		return ERIX_ERR_EMPTY_SLOT;
	return (*out)->type == type ? ERIX_OK : ERIX_ERR_WRONG_TYPE;
}

/* A process the caller holds a cap to, alive; in `state` unless 0. */
enum erix_err process_lookup(uint64_t slot, uint8_t state, struct cap **cap, struct process **out)
{
	enum erix_err err = lookup_typed(slot, ERIX_CAP_PROCESS, cap);

	if (err)
		return err;
	*out = (*cap)->obj;
	if ((*out)->state == PROCESS_DEAD)
		return ERIX_ERR_NOT_FOUND;
	if (state && (*out)->state != state)
		return ERIX_ERR_BUSY;
	return ERIX_OK;
}

/* [va, va + pages pages) lies in the user window ERIX_USER_MIN..USER_TOP. */
static enum erix_err decode_user_pages(uint64_t va, uint64_t pages)
{
	if (va & (ERIX_PAGE_SIZE - 1))
		return ERIX_ERR_INVALID_ARGUMENT;
	if (pages == 0 || pages > ERIX_ANON_MAX_PAGES)
		return ERIX_ERR_RANGE;
	if (va < ERIX_USER_MIN || va >= ERIX_USER_TOP ||
	    pages > (ERIX_USER_TOP - va) / ERIX_PAGE_SIZE)
		return ERIX_ERR_BAD_ADDRESS;
	return ERIX_OK;
}

/* ------------------------------------------------ CREATE_STAGED_PROCESS */

struct create_args {
	struct cap *dst;
	uint64_t nslots, budget;
	uint8_t prio;
};

static enum erix_err decode_create(const uint64_t *w, struct create_args *a)
{
	struct tcb *caller = sched_current();
	enum erix_err err = cspace_lookup_empty(caller->cspace, w[0], &a->dst);

	if (err)
		return err;
	if (w[1] == 0 || w[1] > CSPACE_MAX_SLOTS)
		return ERIX_ERR_RANGE;
	if (w[2] < ERIX_PROCESS_MIN_BUDGET || (w[2] & (ERIX_PAGE_SIZE - 1)))
		return ERIX_ERR_INVALID_ARGUMENT;
	if (w[3] == 0 || w[3] > caller->prio)
		return ERIX_ERR_RANGE;
	a->nslots = w[1];
	a->budget = w[2];
	a->prio = (uint8_t)w[3];
	return ERIX_OK;
}

/* "pid<n>": the name USER_FAULT markers show for the child's threads. */
static void thread_name(char *name, uint32_t pid)
{
	char digits[10];
	unsigned n = 0, i = 3;

	memcpy(name, "pid", 3);
	do
		digits[n++] = (char)('0' + pid % 10);
	while ((pid /= 10) && n < sizeof(digits));
	while (n && i + 1 < TCB_NAME_MAX)
		name[i++] = digits[--n];
	name[i] = 0;
}

/* The stage's own objects, all out of its budget; on failure everything
 * made so far goes again and the account is empty. */
static enum erix_err build_stage(struct process *p, const struct create_args *a)
{
	char name[TCB_NAME_MAX];
	struct tcb *t;
	enum erix_err err = cspace_create(&p->acct, a->nslots, &p->cspace);

	if (!err)
		err = vspace_create(&p->acct, &p->vspace);
	if (err)
		return err;
	thread_name(name, p->pid);
	err = tcb_create(&p->acct, name, a->prio, &t);
	if (err)
		return err;
	t->cspace = p->cspace;
	t->vspace = p->vspace;
	process_add_thread(p, t);
	p->main = t;
	/* A child sees its whole CSpace; no canonical slot means anything. */
	cspace_set_window(p->cspace, 0, (uint32_t)a->nslots);
	return ERIX_OK;
}

enum erix_err process_op_create_staged(const struct endpoint *ep, const uint64_t *w, uint64_t *out)
{
	struct process *parent = process_of_current(), *p;
	struct create_args a;
	enum erix_err err = decode_create(w, &a);

	(void)ep;
	if (err)
		return err;
	err = kobj_alloc(&parent->acct, sizeof(*p), (void **)&p);
	if (err)
		return err;
	err = account_charge(&parent->acct, a.budget);
	if (err) {
		kobj_free(&parent->acct, p, sizeof(*p));
		return err;
	}
	p->acct.limit = a.budget;
	p->payer = &parent->acct;
	p->pid = next_pid++;
	p->prio = a.prio;
	p->state = PROCESS_STAGED;
	err = build_stage(p, &a);
	if (err) {
		/* Nothing else can hold a part of it yet: it settles at once. */
		p->refs = 0;
		teardown(p);
		settle_all();
		return err;
	}
	p->refs = 1;
	*a.dst = (struct cap){.type = ERIX_CAP_PROCESS, .rights = ERIX_RIGHTS_ALL, .obj = p};
	kprintf(ERIX_MARK_CSPACE_WINDOW_SET " pid=%u slots=%lu\n", p->pid, a.nslots);
	KTRACE(KTRACE_PROC, "STAGE pid=%u parent=%u budget=%lu prio=%u", p->pid, parent->pid,
	       a.budget, a.prio);
	out[0] = p->pid;
	return ERIX_OK;
}

/* ------------------------------------------------------ MAP_PROCESS_ANON */

enum erix_err process_op_map_anon(const struct endpoint *ep, const uint64_t *w, uint64_t *out)
{
	struct process *p;
	struct cap *c;
	uint64_t n = 0;
	unsigned flags = 0;
	enum erix_err err = process_lookup(w[0], PROCESS_STAGED, &c, &p);

	(void)ep;
	(void)out;
	if (!err)
		err = decode_user_pages(w[1], w[2]);
	if (!err)
		err = vspace_decode_prot(w[3], &flags);
	for (uint64_t i = 0; !err && i < w[2]; i++)
		if (!arch_vspace_lookup(p->vspace->root, w[1] + i * ERIX_PAGE_SIZE, NULL, NULL))
			err = ERIX_ERR_BUSY;
	/* The pages and every table they need come out of the child's budget:
	 * checked whole before anything is mapped, so a refusal leaves the
	 * stage exactly as it was (and within the budget the pool has the
	 * frames: the invoke does not fail). */
	if (!err &&
	    (w[2] + arch_vspace_tables_needed_range(p->vspace->root, w[1], w[2])) * ERIX_PAGE_SIZE >
	        p->acct.limit - p->acct.used)
		err = ERIX_ERR_NO_MEMORY;
	if (err)
		return err;
	for (; n < w[2]; n++) {
		paddr_t pa;

		err = vspace_map_anon(p->vspace, w[1] + n * ERIX_PAGE_SIZE, flags, &pa);
		if (err)
			break;
	}
	if (err)
		while (n--)
			vspace_unmap_anon(p->vspace, w[1] + n * ERIX_PAGE_SIZE);
	return err;
}

/* -------------------------------------------------- WRITE_PROCESS_MEMORY */

/* Every page of [va, va + len) is an anonymous page the child owns. */
static enum erix_err decode_child_range(const struct vspace *vs, uint64_t va, uint64_t len)
{
	if (va >= ERIX_USER_TOP || len > ERIX_USER_TOP - va)
		return ERIX_ERR_BAD_ADDRESS;
	for (uint64_t p = va & ~(uint64_t)(ERIX_PAGE_SIZE - 1); p < va + len; p += ERIX_PAGE_SIZE) {
		unsigned flags;

		if (arch_vspace_lookup(vs->root, p, NULL, &flags) || !(flags & ARCH_MAP_OWNED))
			return ERIX_ERR_BAD_ADDRESS;
	}
	return ERIX_OK;
}

enum erix_err process_op_write_memory(const struct endpoint *ep, const uint64_t *w, uint64_t *out)
{
	struct process *p;
	struct cap *c;
	enum erix_err err = process_lookup(w[0], PROCESS_STAGED, &c, &p);

	(void)ep;
	(void)out;
	if (err)
		return err;
	if (w[3] == 0 || w[3] > ERIX_WRITE_PROCESS_MAX)
		return ERIX_ERR_RANGE;
	err = decode_child_range(p->vspace, w[1], w[3]);
	if (!err)
		err = arch_user_readable(w[2], w[3]);
	if (err)
		return err;
	/* Both ranges checked, interrupts off: the copies cannot fail. */
	for (uint64_t done = 0; done < w[3];) {
		uint64_t va = w[1] + done, off = va & (ERIX_PAGE_SIZE - 1);
		uint64_t n = ERIX_PAGE_SIZE - off;
		paddr_t pa;

		if (n > w[3] - done)
			n = w[3] - done;
		arch_vspace_lookup(p->vspace->root, va - off, &pa, NULL);
		arch_copy_from_user((uint8_t *)arch_phys_to_virt(pa) + off, w[2] + done, n);
		done += n;
	}
	return ERIX_OK;
}

/* ------------------------------------------------------- install grants */

enum erix_err process_op_derive_grant(const struct endpoint *ep, const uint64_t *w, uint64_t *out)
{
	struct process *p;
	struct cap *c, *dst, *target;
	enum erix_err err = process_lookup(w[0], PROCESS_STAGED, &c, &p);

	(void)ep;
	(void)out;
	if (!err)
		err = cspace_lookup_empty(sched_current()->cspace, w[1], &dst);
	if (!err)
		err = cspace_lookup(p->cspace, w[2], &target);
	if (err)
		return err;
	if (w[3] & ~(uint64_t)ERIX_RIGHTS_ALL)
		return ERIX_ERR_INVALID_ARGUMENT;
	if (target->type != ERIX_CAP_NULL)
		return ERIX_ERR_BUSY;
	process_ref(p);
	p->live_grants++;
	*dst = (struct cap){
	    .type = ERIX_CAP_INSTALL_GRANT, .rights = (uint8_t)w[3], .obj = p, .base = w[2]};
	return ERIX_OK;
}

/* Caps that may be installed into a child: endpoints (aliases). */
static enum erix_err decode_installable(const struct cap *src)
{
	if (src->type == ERIX_CAP_NULL)
		return ERIX_ERR_EMPTY_SLOT;
	return src->type == ERIX_CAP_ENDPOINT ? ERIX_OK : ERIX_ERR_WRONG_TYPE;
}

enum erix_err process_op_install_grant(const struct endpoint *ep, const uint64_t *w, uint64_t *out)
{
	struct cap *g, *src, *target, copy;
	struct process *p;
	enum erix_err err = lookup_typed(w[0], ERIX_CAP_INSTALL_GRANT, &g);

	(void)ep;
	(void)out;
	if (!err)
		err = cspace_lookup_window(sched_current()->cspace, w[1], &src);
	if (!err)
		err = decode_installable(src);
	if (err)
		return err;
	p = g->obj;
	if (p->state != PROCESS_STAGED)
		return ERIX_ERR_NOT_FOUND;
	/* The grant's slot was checked when it was derived; checked again, so
	 * nothing here rests on that. */
	if (cspace_lookup(p->cspace, g->base, &target))
		return ERIX_ERR_INVALID_SLOT;
	if (target->type != ERIX_CAP_NULL)
		return ERIX_ERR_BUSY;
	/* The grant bounds the rights: the child never gets more. */
	copy = *src;
	copy.rights &= g->rights;
	endpoint_ref(copy.obj);
	*target = copy;
	KTRACE(KTRACE_CAP, "GRANT_INSTALL pid=%u slot=%lu rights=0x%x", p->pid, g->base,
	       copy.rights);
	cap_clear(g); /* consumed: one grant, one install */
	return ERIX_OK;
}

/* --------------------------------------------------------- START_PROCESS */

static enum erix_err decode_start(const struct process *p, const uint64_t *w)
{
	unsigned flags;

	if (p->live_grants)
		return ERIX_ERR_BUSY;
	if (w[1] < ERIX_USER_MIN || w[1] >= ERIX_USER_TOP)
		return ERIX_ERR_BAD_ADDRESS;
	if (arch_vspace_lookup(p->vspace->root, w[1] & ~(uint64_t)(ERIX_PAGE_SIZE - 1), NULL,
	                       &flags) ||
	    !(flags & ARCH_MAP_EXEC))
		return ERIX_ERR_BAD_ADDRESS;
	if (w[2] & 15)
		return ERIX_ERR_INVALID_ARGUMENT;
	if (w[2] < ERIX_USER_MIN + sizeof(struct erix_start_frame) || w[2] > ERIX_USER_TOP)
		return ERIX_ERR_BAD_ADDRESS;
	/* The start frame goes just below the stack top, into the child's
	 * own writable stack pages (it may straddle two). */
	if (decode_child_range(p->vspace, w[2] - sizeof(struct erix_start_frame),
	                       sizeof(struct erix_start_frame)))
		return ERIX_ERR_BAD_ADDRESS;
	for (uint64_t va =
	         (w[2] - sizeof(struct erix_start_frame)) & ~(uint64_t)(ERIX_PAGE_SIZE - 1);
	     va < w[2]; va += ERIX_PAGE_SIZE)
		if (arch_vspace_lookup(p->vspace->root, va, NULL, &flags) ||
		    !(flags & ARCH_MAP_WRITE))
			return ERIX_ERR_BAD_ADDRESS;
	return ERIX_OK;
}

/* Page by page: the frame's pages need not be adjacent frames. */
static void write_start_frame(const struct process *p, vaddr_t sp, uint64_t arg)
{
	const struct erix_start_frame sf = {
	    .magic = ERIX_START_MAGIC,
	    .arg = arg,
	    .window_base = p->cspace->win_base,
	    .window_slots = p->cspace->win_len,
	};

	for (uint64_t done = 0; done < sizeof(sf);) {
		uint64_t va = sp + done, off = va & (ERIX_PAGE_SIZE - 1);
		uint64_t n = ERIX_PAGE_SIZE - off;
		paddr_t pa;

		if (n > sizeof(sf) - done)
			n = sizeof(sf) - done;
		arch_vspace_lookup(p->vspace->root, va - off, &pa, NULL);
		memcpy((uint8_t *)arch_phys_to_virt(pa) + off, (const uint8_t *)&sf + done, n);
		done += n;
	}
}

enum erix_err process_op_start(const struct endpoint *ep, const uint64_t *w, uint64_t *out)
{
	struct process *p;
	struct cap *c;
	vaddr_t sp;
	enum erix_err err = process_lookup(w[0], PROCESS_STAGED, &c, &p);

	(void)ep;
	(void)out;
	if (!err)
		err = decode_start(p, w);
	if (err)
		return err;
	sp = w[2] - sizeof(struct erix_start_frame);
	write_start_frame(p, sp, w[3]);
	arch_thread_init_user(&p->main->arch, w[1], sp, sp);
	p->state = PROCESS_RUNNING;
	KTRACE(KTRACE_PROC, "START pid=%u entry=0x%lx", p->pid, w[1]);
	sched_make_ready(p->main);
	return ERIX_OK;
}

/* ---------------------------------------------------------- ABORT, KILL */

/* Both end the process now and empty the caller's slot; grants that still
 * name it find it dead (ERIX_ERR_NOT_FOUND) and free it with the last. */
static void end_process(struct cap *c, struct process *p)
{
	queue_reap(p);
	process_reap();
	cap_clear(c);
}

enum erix_err process_op_abort(const struct endpoint *ep, const uint64_t *w, uint64_t *out)
{
	struct process *p;
	struct cap *c;
	enum erix_err err = process_lookup(w[0], PROCESS_STAGED, &c, &p);

	(void)ep;
	(void)out;
	if (err)
		return err;
	end_process(c, p);
	return ERIX_OK;
}

enum erix_err process_op_kill(const struct endpoint *ep, const uint64_t *w, uint64_t *out)
{
	struct process *p;
	struct cap *c;
	enum erix_err err = process_lookup(w[0], 0, &c, &p);

	(void)ep;
	(void)out;
	if (err)
		return err;
	if (p == process_of_current())
		return ERIX_ERR_BUSY;
	end_process(c, p);
	return ERIX_OK;
}

/* ---------------------------------------------------- READ_KERNEL_MEMORY */

enum erix_err process_op_read_kmem(const struct endpoint *ep, const uint64_t *w, uint64_t *out)
{
	struct process *p = process_of_current();
	struct cap *c;

	(void)ep;
	if (w[0] != ERIX_KCTL_SELF) {
		enum erix_err err = process_lookup(w[0], 0, &c, &p);

		if (err)
			return err;
	}
	out[0] = p->acct.used;
	out[1] = p->acct.limit;
	out[2] = 0;
	for (const struct tcb *t = p->threads; t; t = t->proc_next)
		out[2]++;
	return ERIX_OK;
}

/* ------------------------------------------------------------- SET_PAGER */

/* The pager is named by a slot of the target's own CSpace, and checked
 * there: a slot number that means something only in the caller's CSpace is
 * refused, and fault delivery (the memory issue) looks the endpoint up in
 * the target's CSpace again, so the target holds what it is paged by. */
enum erix_err process_op_set_pager(const struct endpoint *ep, const uint64_t *w, uint64_t *out)
{
	struct process *p;
	struct cap *c, *target;
	enum erix_err err = process_lookup(w[0], 0, &c, &p);

	(void)ep;
	(void)out;
	if (!err)
		err = cap_decode_ipc_endpoint(p->cspace, w[1], ERIX_RIGHT_SEND, &target);
	if (err)
		return err;
	p->pager_slot = (uint32_t)w[1];
	return ERIX_OK;
}

/* ---------------------------------------------------------- SPAWN_THREAD */

/* w: entry, user stack top, priority, argument. */
static enum erix_err decode_spawn(const struct tcb *caller, const uint64_t *w)
{
	if (w[2] == 0 || w[2] > caller->prio)
		return ERIX_ERR_RANGE;
	if (w[0] < ERIX_USER_MIN || w[0] >= ERIX_USER_TOP)
		return ERIX_ERR_BAD_ADDRESS;
	if (w[1] <= ERIX_USER_MIN || w[1] > ERIX_USER_TOP)
		return ERIX_ERR_BAD_ADDRESS;
	if (w[1] & 7)
		return ERIX_ERR_INVALID_ARGUMENT;
	return ERIX_OK;
}

enum erix_err process_op_spawn_thread(const struct endpoint *ep, const uint64_t *w, uint64_t *out)
{
	struct tcb *caller = sched_current();
	struct process *p = caller->proc;
	struct tcb *t;
	enum erix_err err = decode_spawn(caller, w);

	(void)ep;
	if (err)
		return err;
	err = tcb_create(&p->acct, caller->name, (uint8_t)w[2], &t);
	if (err)
		return err;
	t->cspace = caller->cspace;
	t->vspace = caller->vspace;
	process_add_thread(p, t);
	arch_thread_init_user(&t->arch, w[0], w[1], w[3]);
	t->cpu = caller->cpu; /* its creator's CPU, until SET_AFFINITY */
	out[0] = t->tid;
	sched_make_ready(t);
	return ERIX_OK;
}

/* ---------------------------------------------------------- SET_AFFINITY */

/* w: tid or ERIX_KCTL_SELF, CPU index or ERIX_AFFINITY_QUERY. Only the
 * caller's own process's threads: a tid names nothing elsewhere. */
enum erix_err process_op_set_affinity(const struct endpoint *ep, const uint64_t *w, uint64_t *out)
{
	struct tcb *caller = sched_current(), *t = caller;

	(void)ep;
	if (w[0] != ERIX_KCTL_SELF) {
		for (t = caller->proc->threads; t && t->tid != w[0]; t = t->proc_next)
			;
		if (!t || t->state == TCB_DEAD)
			return ERIX_ERR_NOT_FOUND;
	}
	if (w[1] != ERIX_AFFINITY_QUERY && w[1] >= arch_smp_cpus())
		return ERIX_ERR_RANGE;
	out[0] = arch_smp_cpus();
	out[1] = t->cpu;
	if (w[1] != ERIX_AFFINITY_QUERY && w[1] != t->cpu)
		sched_set_cpu(t, (unsigned)w[1]);
	return ERIX_OK;
}
