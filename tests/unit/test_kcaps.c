/* Host tests for the kernel's capability and process ops (kernel/cap.c,
 * cspace.c, process.c and what they use), built with -DERIX_HOST over
 * tests/host/arch_host.c. A fake rootd (a process with a 512-slot CSpace
 * whose window is [16, 496)) calls the real op functions; a table of
 * {op, words, expected error} covers every decode error of every op, and
 * each denial is checked to change nothing (account figures, free frames,
 * slot contents, the children's state). The other tests cover the
 * lifecycle rules of DESIGN.md section 4. The expected values are this
 * file's own spec. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "arch_host.h"
#include "cap.h"
#include "cspace.h"
#include "endpoint.h"
#include "hotplug.h"
#include "ipc.h"
#include "irq.h"
#include "kmem_pool.h"
#include "platform.h"
#include "process.h"
#include "sched.h"
#include "tcb.h"
#include "vspace.h"
#include <erix/cap.h>
#include <erix/errors.h>
#include <erix/kctl.h>
#include <erix/markers.h>
#include <erix/start.h>
#include <erix/syscall.h>

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define PAGE 4096ull

typedef enum erix_err (*op_fn)(const struct endpoint *ep, const uint64_t *w, uint64_t *out);

/* ------------------------------------------------------------ world */

#define ROOT_SLOTS  512
#define WIN_BASE    16
#define WIN_LEN     480
#define ROOT_BUDGET (2048 * PAGE)
#define ROOT_PRIO   128
#define CHILD_PRIO  100
#define RUN_PRIO    110 /* children a test runs: above the scene's ready child */
#define SRG         (ERIX_RIGHT_SEND | ERIX_RIGHT_RECV | ERIX_RIGHT_GRANT)
#define R_RX        (ERIX_PROT_READ | ERIX_PROT_EXEC)
#define R_RW        (ERIX_PROT_READ | ERIX_PROT_WRITE)
#define VA          0x400000ull

/* Scene slots (all inside the window unless named otherwise). */
enum {
	S_OOW_LOW = 5,      /* in the CSpace, below the window */
	S_OOW_EDGE = 15,    /* WIN_BASE - 1 */
	S_OOW_HIGH = 496,   /* WIN_BASE + WIN_LEN */
	S_INVALID = 512,    /* past the CSpace */
	S_PC = 20,          /* PROCESS_CONTROL endpoint, SEND */
	S_EP = 100,         /* CHILD_POPULATE endpoint, S|R|G */
	S_EP_S = 101,       /* alias, SEND */
	S_EP_R = 102,       /* alias, RECV */
	S_PROC = 110,       /* stage: RX, RW, R, RW pages at VA */
	S_RUN = 111,        /* started child */
	S_PROC_G = 112,     /* stage with a live grant (S_GRANT) */
	S_GRANT = 120,      /* grant on S_PROC_G child slot 3, S|R */
	S_GRANT_DEAD = 121, /* grant on an aborted stage */
	S_EMPTY = 130,      /* empty */
	S_FREE = 200,       /* first of the slots tests use freely */
	CHILD_SLOTS = 16,
	CHILD_BUDGET = 64 * 4096,
};

static struct world {
	struct process root;
	struct account boot; /* pays for the PROCESS_CONTROL endpoint */
	struct tcb *tcb;
} W;

static uint64_t out[4];

/* Current between worlds, so no thread of an old world is ever read. */
static struct vspace idle_vspace;
static struct tcb idle = {.vspace = &idle_vspace, .state = TCB_RUNNING};

static enum erix_err call(op_fn fn, uint64_t w0, uint64_t w1, uint64_t w2, uint64_t w3)
{
	const uint64_t w[4] = {w0, w1, w2, w3};

	memset(out, 0, sizeof(out));
	return fn(NULL, w, out);
}

static struct cap *slot(uint64_t s)
{
	struct cap *c;

	assert_int_equal(cspace_lookup(W.root.cspace, s, &c), ERIX_OK);
	return c;
}

static struct process *proc_at(uint64_t s)
{
	assert_int_equal(slot(s)->type, ERIX_CAP_PROCESS);
	return slot(s)->obj;
}

static struct endpoint *ep_at(uint64_t s)
{
	assert_int_equal(slot(s)->type, ERIX_CAP_ENDPOINT);
	return slot(s)->obj;
}

static void make_current(struct tcb *t)
{
	struct tcb *cur = sched_current();

	if (cur && cur != t && cur->state == TCB_RUNNING)
		cur->state = TCB_BLOCKED;
	if (t->state != TCB_READY)
		sched_make_ready(t);
	assert_ptr_equal(kernel_next(), &t->arch);
	assert_ptr_equal(sched_current(), t);
}

/* The child's main thread (READY after START) runs; the root waits. */
static void run_child(struct process *p)
{
	assert_int_equal(p->main->state, TCB_READY);
	make_current(p->main);
}

/* Back to the root: the child goes back to its run queue if it can. */
static void run_root(void)
{
	struct tcb *cur = sched_current();

	if (cur != W.tcb && cur->state == TCB_RUNNING)
		sched_yield();
	make_current(W.tcb);
}

static enum erix_err stage(uint64_t s, uint64_t budget)
{
	return call(process_op_create_staged, s, CHILD_SLOTS, budget, CHILD_PRIO);
}

static enum erix_err stage_run(uint64_t s, uint64_t slots, uint64_t budget)
{
	return call(process_op_create_staged, s, slots, budget, RUN_PRIO);
}

static enum erix_err map(uint64_t s, uint64_t va, uint64_t pages, uint64_t prot)
{
	return call(process_op_map_anon, s, va, pages, prot);
}

static void build_scene(void)
{
	struct cap pc = {.type = ERIX_CAP_ENDPOINT, .rights = ERIX_RIGHT_SEND};
	struct endpoint *e;

	assert_int_equal(endpoint_create(&W.boot, ERIX_EP_PROCESS_CONTROL, &e), ERIX_OK);
	pc.obj = e;
	assert_int_equal(cspace_install(W.root.cspace, S_PC, &pc), ERIX_OK);
	assert_int_equal(call(cap_op_create_endpoint, S_EP, 0, 0, 0), ERIX_OK);
	assert_int_equal(call(cap_op_copy_attenuated, S_EP, S_EP_S, ERIX_RIGHT_SEND, 0), ERIX_OK);
	assert_int_equal(call(cap_op_copy_attenuated, S_EP, S_EP_R, ERIX_RIGHT_RECV, 0), ERIX_OK);

	assert_int_equal(stage(S_PROC, CHILD_BUDGET), ERIX_OK);
	assert_int_equal(map(S_PROC, VA, 1, R_RX), ERIX_OK);
	assert_int_equal(map(S_PROC, VA + PAGE, 1, R_RW), ERIX_OK);
	assert_int_equal(map(S_PROC, VA + 2 * PAGE, 1, ERIX_PROT_READ), ERIX_OK);
	assert_int_equal(map(S_PROC, VA + 3 * PAGE, 1, R_RW), ERIX_OK);
	assert_int_equal(map(S_PROC, VA + 10 * PAGE, 1, ERIX_PROT_READ), ERIX_OK);

	assert_int_equal(stage(S_RUN, CHILD_BUDGET), ERIX_OK);
	assert_int_equal(map(S_RUN, VA, 1, R_RX), ERIX_OK);
	assert_int_equal(map(S_RUN, VA + PAGE, 1, R_RW), ERIX_OK);
	assert_int_equal(call(process_op_start, S_RUN, VA, VA + 2 * PAGE, 7), ERIX_OK);

	assert_int_equal(stage(S_PROC_G, CHILD_BUDGET), ERIX_OK);
	assert_int_equal(map(S_PROC_G, VA, 1, R_RX), ERIX_OK);
	assert_int_equal(map(S_PROC_G, VA + PAGE, 1, R_RW), ERIX_OK);
	assert_int_equal(
	    call(process_op_derive_grant, S_PROC_G, S_GRANT, 3, ERIX_RIGHT_SEND | ERIX_RIGHT_RECV),
	    ERIX_OK);

	assert_int_equal(stage(S_FREE, CHILD_BUDGET), ERIX_OK);
	assert_int_equal(call(process_op_derive_grant, S_FREE, S_GRANT_DEAD, 1, SRG), ERIX_OK);
	assert_int_equal(call(process_op_abort, S_FREE, 0, 0, 0), ERIX_OK);

	for (size_t i = 0; i < HOST_USER_BYTES; i++)
		host_user_mem[i] = (uint8_t)(i * 7 + 1);
}

static int world_setup(void **state)
{
	(void)state;
	if (!sched_current())
		make_current(&idle);
	host_phys_reset();
	host_console_reset();
	memset(&W, 0, sizeof(W));
	W.boot.limit = UINT64_MAX;
	W.root.acct.limit = ROOT_BUDGET;
	W.root.state = PROCESS_RUNNING;
	W.root.refs = 1;
	W.root.pid = 1;
	W.root.prio = ROOT_PRIO;
	assert_int_equal(cspace_create(&W.root.acct, ROOT_SLOTS, &W.root.cspace), ERIX_OK);
	cspace_set_window(W.root.cspace, WIN_BASE, WIN_LEN);
	assert_int_equal(vspace_create(&W.root.acct, &W.root.vspace), ERIX_OK);
	assert_int_equal(tcb_create(&W.root.acct, "rootd", ROOT_PRIO, &W.tcb), ERIX_OK);
	W.tcb->cspace = W.root.cspace;
	W.tcb->vspace = W.root.vspace;
	process_add_thread(&W.root, W.tcb);
	W.root.main = W.tcb;
	make_current(W.tcb);
	build_scene();
	return 0;
}

/* Everything the root holds goes; every account must be empty and every
 * pool frame free again: nothing leaked, whatever the test did. */
static int world_teardown(void **state)
{
	(void)state;
	run_root();
	cspace_destroy(W.root.cspace);
	vspace_destroy(W.root.vspace);
	make_current(&idle); /* fails if a thread of this world is still ready */
	process_remove_thread(W.tcb);
	kobj_free(&W.root.acct, W.tcb, sizeof(*W.tcb));
	assert_int_equal(W.root.acct.used, 0);
	assert_int_equal(W.boot.used, 0);
	assert_int_equal(kmem_free_count(), host_pool_frames());
	return 0;
}

/* --------------------------------------------------------- snapshots */

#define SNAP_PROCS 3
static const uint64_t snap_proc_slots[SNAP_PROCS] = {S_PROC, S_RUN, S_PROC_G};

struct proc_snap {
	uint64_t used, leaves;
	uint32_t refs, live_grants;
	uint8_t state;
	struct cap slots[CHILD_SLOTS];
	uint8_t pages[4][PAGE];
};

struct snap {
	uint64_t root_used, boot_used, free_frames;
	uint32_t ep_refs;
	struct cap slots[ROOT_SLOTS];
	struct proc_snap procs[SNAP_PROCS];
};

static struct snap before, after;

static void take_proc(struct proc_snap *s, struct process *p)
{
	memset(s, 0, sizeof(*s));
	s->used = p->acct.used;
	s->refs = p->refs;
	s->live_grants = p->live_grants;
	s->state = p->state;
	s->leaves = host_vspace_leaves(p->vspace->root);
	for (unsigned i = 0; i < CHILD_SLOTS; i++) {
		struct cap *c;

		assert_int_equal(cspace_lookup(p->cspace, i, &c), ERIX_OK);
		s->slots[i] = *c;
	}
	for (unsigned i = 0; i < 4; i++) {
		paddr_t pa;

		if (!arch_vspace_lookup(p->vspace->root, VA + i * PAGE, &pa, NULL))
			memcpy(s->pages[i], arch_phys_to_virt(pa), PAGE);
	}
}

static void take(struct snap *s)
{
	memset(s, 0, sizeof(*s));
	s->root_used = W.root.acct.used;
	s->boot_used = W.boot.used;
	s->free_frames = kmem_free_count();
	s->ep_refs = ep_at(S_EP)->refs;
	for (unsigned i = 0; i < ROOT_SLOTS; i++)
		s->slots[i] = *slot(i);
	for (unsigned i = 0; i < SNAP_PROCS; i++)
		take_proc(&s->procs[i], proc_at(snap_proc_slots[i]));
}

static void assert_unchanged(const char *name)
{
	take(&after);
	if (memcmp(&before, &after, sizeof(before))) {
		fprintf(stderr,
		        "case %s: a denial changed state (root used %lu -> %lu, free "
		        "frames %lu -> %lu)\n",
		        name, (unsigned long)before.root_used, (unsigned long)after.root_used,
		        (unsigned long)before.free_frames, (unsigned long)after.free_frames);
		fail();
	}
}

/* ------------------------------------------------------ the table */

struct kcase {
	const char *name;
	op_fn fn;
	uint64_t w[4];
	enum erix_err want;
};

#define BIG   ((1ull << 32) + S_EP) /* truncates to S_EP in 32 bits */
#define UMAX  UINT64_MAX
#define USRC  HOST_USER_BASE
#define KHALF 0xFFFF800000000000ull
#define C(fn, name, w0, w1, w2, w3, want)                                                          \
	{                                                                                          \
#fn ":" name, fn, {w0, w1, w2, w3 }, want                                          \
	}
#define SLOT_ERRORS(fn, name, w1, w2, w3)                                                          \
	C(fn, name "_slot_past_cspace", S_INVALID, w1, w2, w3, ERIX_ERR_INVALID_SLOT),             \
	    C(fn, name "_slot_huge", UMAX - 1, w1, w2, w3, ERIX_ERR_INVALID_SLOT),                 \
	    C(fn, name "_slot_truncation", BIG, w1, w2, w3, ERIX_ERR_INVALID_SLOT),                \
	    C(fn, name "_slot_below_window", S_OOW_LOW, w1, w2, w3, ERIX_ERR_OUT_OF_WINDOW),       \
	    C(fn, name "_slot_window_edge_low", S_OOW_EDGE, w1, w2, w3, ERIX_ERR_OUT_OF_WINDOW),   \
	    C(fn, name "_slot_window_edge_high", S_OOW_HIGH, w1, w2, w3, ERIX_ERR_OUT_OF_WINDOW)
/* A process argument in w0: slot errors, then type and state. */
#define PROC_ERRORS(fn, w1, w2, w3)                                                                \
	SLOT_ERRORS(fn, "proc", w1, w2, w3),                                                       \
	    C(fn, "proc_empty", S_EMPTY, w1, w2, w3, ERIX_ERR_EMPTY_SLOT),                         \
	    C(fn, "proc_is_endpoint", S_EP, w1, w2, w3, ERIX_ERR_WRONG_TYPE),                      \
	    C(fn, "proc_is_grant", S_GRANT, w1, w2, w3, ERIX_ERR_WRONG_TYPE)
#define STAGE_ERRORS(fn, w1, w2, w3)                                                               \
	PROC_ERRORS(fn, w1, w2, w3), C(fn, "proc_running", S_RUN, w1, w2, w3, ERIX_ERR_BUSY)

static const struct kcase cases[] = {
    /* QUERY_CAP: slot, flags. */
    SLOT_ERRORS(cap_op_query, "query", 0, 0, 0),
    C(cap_op_query, "flags_unknown", S_EP, 2, 0, 0, ERIX_ERR_INVALID_ARGUMENT),
    C(cap_op_query, "flags_high", S_EP, 1ull << 63 | 1, 0, 0, ERIX_ERR_INVALID_ARGUMENT),
    C(cap_op_query, "flags_checked_before_slot", S_INVALID, 2, 0, 0, ERIX_ERR_INVALID_ARGUMENT),
    C(cap_op_query, "empty_ok", S_EMPTY, 1, 0, 0, ERIX_OK),
    C(cap_op_query, "endpoint_ok", S_EP, 1, 0, 0, ERIX_OK),
    C(cap_op_query, "process_ok", S_PROC, 0, 0, 0, ERIX_OK),

    /* CREATE_ENDPOINT: destination. */
    SLOT_ERRORS(cap_op_create_endpoint, "dst", 0, 0, 0),
    C(cap_op_create_endpoint, "dst_busy", S_EP, 0, 0, 0, ERIX_ERR_BUSY),
    C(cap_op_create_endpoint, "dst_busy_process", S_PROC, 0, 0, 0, ERIX_ERR_BUSY),

    /* CAP_COPY_ATTENUATED: source, destination, rights. */
    SLOT_ERRORS(cap_op_copy_attenuated, "src", S_EMPTY, ERIX_RIGHT_SEND, 0),
    C(cap_op_copy_attenuated, "dst_past_cspace", S_EP, S_INVALID, 1, 0, ERIX_ERR_INVALID_SLOT),
    C(cap_op_copy_attenuated, "dst_u64_max", S_EP, UMAX, 1, 0, ERIX_ERR_INVALID_SLOT),
    C(cap_op_copy_attenuated, "dst_truncation", S_EP, (1ull << 32) + S_EMPTY, 1, 0,
      ERIX_ERR_INVALID_SLOT),
    C(cap_op_copy_attenuated, "dst_below_window", S_EP, S_OOW_LOW, 1, 0, ERIX_ERR_OUT_OF_WINDOW),
    C(cap_op_copy_attenuated, "dst_above_window", S_EP, S_OOW_HIGH, 1, 0, ERIX_ERR_OUT_OF_WINDOW),
    C(cap_op_copy_attenuated, "dst_busy", S_EP, S_EP_S, 1, 0, ERIX_ERR_BUSY),
    C(cap_op_copy_attenuated, "dst_is_src", S_EP, S_EP, 1, 0, ERIX_ERR_BUSY),
    C(cap_op_copy_attenuated, "src_window_before_dst_busy", S_OOW_LOW, S_EP, 1, 0,
      ERIX_ERR_OUT_OF_WINDOW),
    C(cap_op_copy_attenuated, "src_empty", S_EMPTY, S_EMPTY + 1, 1, 0, ERIX_ERR_EMPTY_SLOT),
    C(cap_op_copy_attenuated, "src_process", S_PROC, S_EMPTY, 0, 0, ERIX_ERR_WRONG_TYPE),
    C(cap_op_copy_attenuated, "src_grant", S_GRANT, S_EMPTY, 0, 0, ERIX_ERR_WRONG_TYPE),
    C(cap_op_copy_attenuated, "widen_send_to_recv", S_EP_S, S_EMPTY, ERIX_RIGHT_RECV, 0,
      ERIX_ERR_NO_RIGHTS),
    C(cap_op_copy_attenuated, "widen_send_to_all", S_EP_S, S_EMPTY, ERIX_RIGHTS_ALL, 0,
      ERIX_ERR_NO_RIGHTS),
    C(cap_op_copy_attenuated, "widen_srg_to_read", S_EP, S_EMPTY, ERIX_RIGHT_READ, 0,
      ERIX_ERR_NO_RIGHTS),
    C(cap_op_copy_attenuated, "rights_unknown_bit", S_EP, S_EMPTY, 0x20, 0, ERIX_ERR_NO_RIGHTS),
    C(cap_op_copy_attenuated, "rights_truncation", S_EP, S_EMPTY, 0x100 | ERIX_RIGHT_SEND, 0,
      ERIX_ERR_NO_RIGHTS),
    C(cap_op_copy_attenuated, "rights_high", S_EP, S_EMPTY, 1ull << 63, 0, ERIX_ERR_NO_RIGHTS),
    C(cap_op_copy_attenuated, "control_widen", S_PC, S_EMPTY, ERIX_RIGHT_SEND | ERIX_RIGHT_GRANT, 0,
      ERIX_ERR_NO_RIGHTS),

    /* CREATE_STAGED_PROCESS: destination, slots, budget, priority. */
    SLOT_ERRORS(process_op_create_staged, "dst", 16, CHILD_BUDGET, CHILD_PRIO),
    C(process_op_create_staged, "dst_busy", S_EP, 16, CHILD_BUDGET, CHILD_PRIO, ERIX_ERR_BUSY),
    C(process_op_create_staged, "slots_zero", S_EMPTY, 0, CHILD_BUDGET, CHILD_PRIO, ERIX_ERR_RANGE),
    C(process_op_create_staged, "slots_over_max", S_EMPTY, CSPACE_MAX_SLOTS + 1, CHILD_BUDGET,
      CHILD_PRIO, ERIX_ERR_RANGE),
    C(process_op_create_staged, "slots_truncation", S_EMPTY, (1ull << 32) + 16, CHILD_BUDGET,
      CHILD_PRIO, ERIX_ERR_RANGE),
    C(process_op_create_staged, "budget_zero", S_EMPTY, 16, 0, CHILD_PRIO,
      ERIX_ERR_INVALID_ARGUMENT),
    C(process_op_create_staged, "budget_below_min", S_EMPTY, 16, ERIX_PROCESS_MIN_BUDGET - 1,
      CHILD_PRIO, ERIX_ERR_INVALID_ARGUMENT),
    C(process_op_create_staged, "budget_unaligned", S_EMPTY, 16, 2 * PAGE + 1, CHILD_PRIO,
      ERIX_ERR_INVALID_ARGUMENT),
    C(process_op_create_staged, "budget_over_parent", S_EMPTY, 16, 2 * ROOT_BUDGET, CHILD_PRIO,
      ERIX_ERR_NO_MEMORY),
    C(process_op_create_staged, "budget_huge", S_EMPTY, 16, UMAX & ~(PAGE - 1), CHILD_PRIO,
      ERIX_ERR_NO_MEMORY),
    C(process_op_create_staged, "budget_too_small_for_stage", S_EMPTY, 16, 3 * PAGE, CHILD_PRIO,
      ERIX_ERR_NO_MEMORY),
    C(process_op_create_staged, "budget_too_small_for_slots", S_EMPTY, CSPACE_MAX_SLOTS, 8 * PAGE,
      CHILD_PRIO, ERIX_ERR_NO_MEMORY),
    C(process_op_create_staged, "prio_zero", S_EMPTY, 16, CHILD_BUDGET, 0, ERIX_ERR_RANGE),
    C(process_op_create_staged, "prio_above_caller", S_EMPTY, 16, CHILD_BUDGET, ROOT_PRIO + 1,
      ERIX_ERR_RANGE),
    C(process_op_create_staged, "prio_truncation", S_EMPTY, 16, CHILD_BUDGET, (1ull << 32) + 1,
      ERIX_ERR_RANGE),

    /* MAP_PROCESS_ANON: process, va, pages, protection. */
    STAGE_ERRORS(process_op_map_anon, VA + 8 * PAGE, 1, R_RW),
    C(process_op_map_anon, "va_unaligned", S_PROC, VA + 8 * PAGE + 8, 1, R_RW,
      ERIX_ERR_INVALID_ARGUMENT),
    C(process_op_map_anon, "pages_zero", S_PROC, VA + 8 * PAGE, 0, R_RW, ERIX_ERR_RANGE),
    C(process_op_map_anon, "pages_over_max", S_PROC, VA + 8 * PAGE, ERIX_ANON_MAX_PAGES + 1, R_RW,
      ERIX_ERR_RANGE),
    C(process_op_map_anon, "pages_huge", S_PROC, VA + 8 * PAGE, UMAX, R_RW, ERIX_ERR_RANGE),
    C(process_op_map_anon, "va_below_user_min", S_PROC, ERIX_USER_MIN - PAGE, 1, R_RW,
      ERIX_ERR_BAD_ADDRESS),
    C(process_op_map_anon, "va_zero", S_PROC, 0, 1, R_RW, ERIX_ERR_BAD_ADDRESS),
    C(process_op_map_anon, "va_user_top", S_PROC, ERIX_USER_TOP, 1, R_RW, ERIX_ERR_BAD_ADDRESS),
    C(process_op_map_anon, "va_kernel_half", S_PROC, KHALF, 1, R_RW, ERIX_ERR_BAD_ADDRESS),
    C(process_op_map_anon, "range_past_user_top", S_PROC, ERIX_USER_TOP - PAGE, 2, R_RW,
      ERIX_ERR_BAD_ADDRESS),
    C(process_op_map_anon, "prot_none", S_PROC, VA + 8 * PAGE, 1, 0, ERIX_ERR_INVALID_ARGUMENT),
    C(process_op_map_anon, "prot_write_only", S_PROC, VA + 8 * PAGE, 1, ERIX_PROT_WRITE,
      ERIX_ERR_INVALID_ARGUMENT),
    C(process_op_map_anon, "prot_exec_only", S_PROC, VA + 8 * PAGE, 1, ERIX_PROT_EXEC,
      ERIX_ERR_INVALID_ARGUMENT),
    C(process_op_map_anon, "prot_wx", S_PROC, VA + 8 * PAGE, 1, ERIX_PROT_WRITE | ERIX_PROT_EXEC,
      ERIX_ERR_INVALID_ARGUMENT),
    C(process_op_map_anon, "prot_rwx", S_PROC, VA + 8 * PAGE, 1, 7, ERIX_ERR_INVALID_ARGUMENT),
    C(process_op_map_anon, "prot_unknown_bit", S_PROC, VA + 8 * PAGE, 1, ERIX_PROT_READ | 8,
      ERIX_ERR_INVALID_ARGUMENT),
    C(process_op_map_anon, "already_mapped", S_PROC, VA, 1, R_RW, ERIX_ERR_BUSY),
    C(process_op_map_anon, "last_page_mapped", S_PROC, VA + 8 * PAGE, 3, R_RW, ERIX_ERR_BUSY),
    C(process_op_map_anon, "over_child_budget", S_PROC, VA + 16 * PAGE, 64, R_RW,
      ERIX_ERR_NO_MEMORY),

    /* WRITE_PROCESS_MEMORY: process, child va, source, length. */
    STAGE_ERRORS(process_op_write_memory, VA + PAGE, USRC, 16),
    C(process_op_write_memory, "len_zero", S_PROC, VA + PAGE, USRC, 0, ERIX_ERR_RANGE),
    C(process_op_write_memory, "len_over_max", S_PROC, VA + PAGE, USRC, ERIX_WRITE_PROCESS_MAX + 1,
      ERIX_ERR_RANGE),
    C(process_op_write_memory, "len_huge", S_PROC, VA + PAGE, USRC, UMAX, ERIX_ERR_RANGE),
    C(process_op_write_memory, "child_unmapped", S_PROC, VA + 8 * PAGE, USRC, 16,
      ERIX_ERR_BAD_ADDRESS),
    C(process_op_write_memory, "child_straddle_unmapped", S_PROC, VA + 4 * PAGE - 8, USRC, 16,
      ERIX_ERR_BAD_ADDRESS),
    C(process_op_write_memory, "child_below_mapping", S_PROC, VA - 8, USRC, 16,
      ERIX_ERR_BAD_ADDRESS),
    C(process_op_write_memory, "child_kernel_half", S_PROC, KHALF, USRC, 16, ERIX_ERR_BAD_ADDRESS),
    C(process_op_write_memory, "child_wraps_user_top", S_PROC, ERIX_USER_TOP - 8, USRC, 16,
      ERIX_ERR_BAD_ADDRESS),
    C(process_op_write_memory, "child_u64_max", S_PROC, UMAX, USRC, 16, ERIX_ERR_BAD_ADDRESS),
    C(process_op_write_memory, "src_unmapped", S_PROC, VA + PAGE, 0x1000, 16, ERIX_ERR_BAD_ADDRESS),
    C(process_op_write_memory, "src_kernel", S_PROC, VA + PAGE, KHALF, 16, ERIX_ERR_BAD_ADDRESS),
    C(process_op_write_memory, "src_straddle", S_PROC, VA + PAGE, USRC + HOST_USER_BYTES - 8, 16,
      ERIX_ERR_BAD_ADDRESS),
    C(process_op_write_memory, "src_wraps", S_PROC, VA + PAGE, UMAX - 7, 16, ERIX_ERR_BAD_ADDRESS),

    /* DERIVE_INSTALL_GRANT: process, grant slot, child slot, rights. */
    STAGE_ERRORS(process_op_derive_grant, S_EMPTY, 1, SRG),
    C(process_op_derive_grant, "grant_past_cspace", S_PROC, S_INVALID, 1, SRG,
      ERIX_ERR_INVALID_SLOT),
    C(process_op_derive_grant, "grant_below_window", S_PROC, S_OOW_LOW, 1, SRG,
      ERIX_ERR_OUT_OF_WINDOW),
    C(process_op_derive_grant, "grant_above_window", S_PROC, S_OOW_HIGH, 1, SRG,
      ERIX_ERR_OUT_OF_WINDOW),
    C(process_op_derive_grant, "grant_busy", S_PROC, S_EP, 1, SRG, ERIX_ERR_BUSY),
    C(process_op_derive_grant, "child_slot_past", S_PROC, S_EMPTY, CHILD_SLOTS, SRG,
      ERIX_ERR_INVALID_SLOT),
    C(process_op_derive_grant, "child_slot_u64_max", S_PROC, S_EMPTY, UMAX, SRG,
      ERIX_ERR_INVALID_SLOT),
    C(process_op_derive_grant, "child_slot_truncation", S_PROC, S_EMPTY, (1ull << 32) + 1, SRG,
      ERIX_ERR_INVALID_SLOT),
    C(process_op_derive_grant, "rights_unknown", S_PROC, S_EMPTY, 1, 0x20,
      ERIX_ERR_INVALID_ARGUMENT),
    C(process_op_derive_grant, "rights_high", S_PROC, S_EMPTY, 1, 1ull << 40 | 1,
      ERIX_ERR_INVALID_ARGUMENT),

    /* INSTALL_WITH_GRANT: grant, source. */
    SLOT_ERRORS(process_op_install_grant, "grant", S_EP, 0, 0),
    C(process_op_install_grant, "grant_empty", S_EMPTY, S_EP, 0, 0, ERIX_ERR_EMPTY_SLOT),
    C(process_op_install_grant, "grant_is_endpoint", S_EP, S_EP, 0, 0, ERIX_ERR_WRONG_TYPE),
    C(process_op_install_grant, "grant_is_process", S_PROC_G, S_EP, 0, 0, ERIX_ERR_WRONG_TYPE),
    C(process_op_install_grant, "src_past_cspace", S_GRANT, S_INVALID, 0, 0, ERIX_ERR_INVALID_SLOT),
    C(process_op_install_grant, "src_truncation", S_GRANT, BIG, 0, 0, ERIX_ERR_INVALID_SLOT),
    C(process_op_install_grant, "src_below_window", S_GRANT, S_OOW_LOW, 0, 0,
      ERIX_ERR_OUT_OF_WINDOW),
    C(process_op_install_grant, "src_above_window", S_GRANT, S_OOW_HIGH, 0, 0,
      ERIX_ERR_OUT_OF_WINDOW),
    C(process_op_install_grant, "src_empty", S_GRANT, S_EMPTY, 0, 0, ERIX_ERR_EMPTY_SLOT),
    C(process_op_install_grant, "src_process", S_GRANT, S_PROC, 0, 0, ERIX_ERR_WRONG_TYPE),
    C(process_op_install_grant, "src_grant", S_GRANT, S_GRANT, 0, 0, ERIX_ERR_WRONG_TYPE),
    C(process_op_install_grant, "stage_gone", S_GRANT_DEAD, S_EP, 0, 0, ERIX_ERR_NOT_FOUND),

    /* START_PROCESS: process, entry, stack top, argument. */
    STAGE_ERRORS(process_op_start, VA, VA + 2 * PAGE, 0),
    C(process_op_start, "live_grant", S_PROC_G, VA, VA + 2 * PAGE, 0, ERIX_ERR_BUSY),
    C(process_op_start, "entry_below_user_min", S_PROC, ERIX_USER_MIN - 1, VA + 2 * PAGE, 0,
      ERIX_ERR_BAD_ADDRESS),
    C(process_op_start, "entry_user_top", S_PROC, ERIX_USER_TOP, VA + 2 * PAGE, 0,
      ERIX_ERR_BAD_ADDRESS),
    C(process_op_start, "entry_kernel", S_PROC, KHALF, VA + 2 * PAGE, 0, ERIX_ERR_BAD_ADDRESS),
    C(process_op_start, "entry_unmapped", S_PROC, VA + 8 * PAGE, VA + 2 * PAGE, 0,
      ERIX_ERR_BAD_ADDRESS),
    C(process_op_start, "entry_not_exec_rw", S_PROC, VA + PAGE, VA + 2 * PAGE, 0,
      ERIX_ERR_BAD_ADDRESS),
    C(process_op_start, "entry_not_exec_r", S_PROC, VA + 2 * PAGE + 4, VA + 2 * PAGE, 0,
      ERIX_ERR_BAD_ADDRESS),
    C(process_op_start, "stack_unaligned", S_PROC, VA, VA + 2 * PAGE - 8, 0,
      ERIX_ERR_INVALID_ARGUMENT),
    C(process_op_start, "stack_below_user_min", S_PROC, VA, ERIX_USER_MIN, 0, ERIX_ERR_BAD_ADDRESS),
    C(process_op_start, "stack_above_user_top", S_PROC, VA, ERIX_USER_TOP + 16, 0,
      ERIX_ERR_BAD_ADDRESS),
    C(process_op_start, "stack_unmapped", S_PROC, VA, VA + 9 * PAGE, 0, ERIX_ERR_BAD_ADDRESS),
    C(process_op_start, "stack_in_rx_page", S_PROC, VA, VA + PAGE, 0, ERIX_ERR_BAD_ADDRESS),
    C(process_op_start, "stack_in_r_page", S_PROC, VA, VA + 3 * PAGE, 0, ERIX_ERR_BAD_ADDRESS),
    C(process_op_start, "frame_straddles_unmapped", S_PROC, VA, VA + 4 * PAGE + 16, 0,
      ERIX_ERR_BAD_ADDRESS),
    C(process_op_start, "frame_straddles_r_page", S_PROC, VA, VA + 3 * PAGE + 16, 0,
      ERIX_ERR_BAD_ADDRESS),
    C(process_op_start, "frame_straddles_rx_page", S_PROC, VA, VA + PAGE + 16, 0,
      ERIX_ERR_BAD_ADDRESS),

    /* ABORT_STAGED_PROCESS, KILL_PROCESS, READ_KERNEL_MEMORY: process. */
    STAGE_ERRORS(process_op_abort, 0, 0, 0),
    PROC_ERRORS(process_op_kill, 0, 0, 0),
    PROC_ERRORS(process_op_read_kmem, 0, 0, 0),
    C(process_op_read_kmem, "self", ERIX_KCTL_SELF, 0, 0, 0, ERIX_OK),
    C(process_op_read_kmem, "stage", S_PROC, 0, 0, 0, ERIX_OK),

    /* SPAWN_THREAD: entry, stack top, priority, argument (decode only). */
    C(process_op_spawn_thread, "prio_zero", VA, VA + PAGE, 0, 0, ERIX_ERR_RANGE),
    C(process_op_spawn_thread, "prio_above_caller", VA, VA + PAGE, ROOT_PRIO + 1, 0,
      ERIX_ERR_RANGE),
    C(process_op_spawn_thread, "entry_low", 0, VA + PAGE, 1, 0, ERIX_ERR_BAD_ADDRESS),
    C(process_op_spawn_thread, "entry_kernel", KHALF, VA + PAGE, 1, 0, ERIX_ERR_BAD_ADDRESS),
    C(process_op_spawn_thread, "stack_user_min", VA, ERIX_USER_MIN, 1, 0, ERIX_ERR_BAD_ADDRESS),
    C(process_op_spawn_thread, "stack_above_top", VA, ERIX_USER_TOP + 8, 1, 0,
      ERIX_ERR_BAD_ADDRESS),
    C(process_op_spawn_thread, "stack_unaligned", VA, VA + PAGE - 4, 1, 0,
      ERIX_ERR_INVALID_ARGUMENT),
};

/* Every case against a fresh scene: the exact code, and for each error
 * (and each read-only success) no change anywhere. */
static void test_table(void **state)
{
	for (size_t i = 0; i < N(cases); i++) {
		const struct kcase *k = &cases[i];
		enum erix_err got;

		if (i) {
			world_teardown(state);
			world_setup(state);
		}
		take(&before);
		got = k->fn(NULL, k->w, out);
		if (got != k->want) {
			fprintf(stderr, "case %s: got %d, want %d\n", k->name, got, k->want);
			fail();
		}
		assert_unchanged(k->name);
	}
	printf("kcaps: %zu table cases\n", N(cases));
}

/* --------------------------------------------- syscall and dispatch */

static enum erix_err syscall(uint64_t nr, uint64_t rdi, uint64_t rsi, uint64_t rdx, uint64_t r10,
                             uint64_t r8, uint64_t r9)
{
	struct arch_regs r = {.rax = nr,
	                      .rdi = rdi,
	                      .rsi = rsi,
	                      .rdx = rdx,
	                      .r10 = r10,
	                      .r8 = r8,
	                      .r9 = r9,
	                      .rip = VA};
	struct arch_thread *next = kernel_syscall(&r);

	assert_ptr_equal(next, &sched_current()->arch);
	out[0] = r.rdx;
	out[1] = r.r10;
	out[2] = r.r8;
	out[3] = r.r9;
	return (enum erix_err)r.rax;
}

static enum erix_err kcall(uint64_t ep, uint64_t op, uint64_t w1, uint64_t w2, uint64_t w3,
                           uint64_t w4)
{
	return syscall(ERIX_SYS_CALL, ep, op, w1, w2, w3, w4);
}

struct dcase {
	const char *name;
	uint64_t ep, op, w1;
	enum erix_err want;
};

/* Through kernel_syscall and kctl_call: family and rights decide first. */
static const struct dcase dispatch_cases[] = {
    {"pc_unknown_op", S_PC, ERIX_KCTL_OP_MAX + 1, 0, ERIX_ERR_UNKNOWN_OP},
    {"pc_unknown_op_huge", S_PC, UMAX, 0, ERIX_ERR_UNKNOWN_OP},
    {"pc_create_process", S_PC, ERIX_KCTL_CREATE_PROCESS, 0, ERIX_ERR_OP_DENIED},
    {"pc_cap_copy", S_PC, ERIX_KCTL_CAP_COPY, 0, ERIX_ERR_OP_DENIED},
    {"pc_ioport", S_PC, ERIX_KCTL_IOPORT_READ8, 0x3f8, ERIX_ERR_OP_DENIED},
    {"pc_query_cap_not_in_family", S_PC, ERIX_KCTL_QUERY_CAP, S_EP, ERIX_ERR_OP_DENIED},
    {"pc_read_kmem", S_PC, ERIX_KCTL_READ_KERNEL_MEMORY, ERIX_KCTL_SELF, ERIX_OK},
    {"pc_kill_empty", S_PC, ERIX_KCTL_KILL_PROCESS, S_EMPTY, ERIX_ERR_EMPTY_SLOT},
    /* CHILD_POPULATE endpoints carry user IPC: a CALL on one is a user
     * CALL, and a kctl op number in rsi is a timeout without the flag. */
    {"child_populate_query", S_EP, ERIX_KCTL_QUERY_CAP, S_EP, ERIX_ERR_INVALID_ARGUMENT},
    {"child_populate_create", S_EP, ERIX_KCTL_CREATE_ENDPOINT, S_EMPTY, ERIX_ERR_INVALID_ARGUMENT},
    {"child_populate_kill", S_EP, ERIX_KCTL_KILL_PROCESS, S_PROC, ERIX_ERR_INVALID_ARGUMENT},
    {"call_needs_send", S_EP_R, ERIX_KCTL_QUERY_CAP, S_EP, ERIX_ERR_NO_RIGHTS},
    {"call_empty", S_EMPTY, ERIX_KCTL_QUERY_CAP, S_EP, ERIX_ERR_EMPTY_SLOT},
    {"call_process_cap", S_PROC, ERIX_KCTL_QUERY_CAP, S_EP, ERIX_ERR_WRONG_TYPE},
    {"call_out_of_window", S_OOW_LOW, ERIX_KCTL_QUERY_CAP, S_EP, ERIX_ERR_OUT_OF_WINDOW},
    {"call_past_cspace", S_INVALID, ERIX_KCTL_QUERY_CAP, S_EP, ERIX_ERR_INVALID_SLOT},
};

static void test_dispatch(void **state)
{
	(void)state;
	for (size_t i = 0; i < N(dispatch_cases); i++) {
		const struct dcase *d = &dispatch_cases[i];
		enum erix_err got;

		take(&before);
		got = kcall(d->ep, d->op, d->w1, 0, 0, 0);
		if (got != d->want) {
			fprintf(stderr, "dispatch %s: got %d, want %d\n", d->name, got, d->want);
			fail();
		}
		assert_unchanged(d->name);
	}
	/* Slot numbers carry no authority: the family comes from the object
	 * (a CALL on a user IPC endpoint is IPC, never a kernel op). */
	assert_int_equal(kcall(S_EP, ERIX_KCTL_QUERY_CAP, S_PC, 1, 0, 0),
	                 ERIX_ERR_INVALID_ARGUMENT);
	assert_int_equal(kcall(S_PC, ERIX_KCTL_READ_KERNEL_MEMORY, ERIX_KCTL_SELF, 0, 0, 0),
	                 ERIX_OK);
	assert_int_equal(kcall(S_PC, ERIX_KCTL_CREATE_ENDPOINT, S_FREE + 1, 0, 0, 0), ERIX_OK);
	assert_int_equal(ep_at(S_FREE + 1)->kind, ERIX_EP_CHILD_POPULATE);
	assert_int_equal(slot(S_FREE + 1)->rights, SRG);
	/* QUERY_LOCAL_CAP and DROP_LOCAL_CAP keep the window too. */
	assert_int_equal(syscall(ERIX_SYS_QUERY_LOCAL_CAP, S_PC, 0, 0, 0, 0, 0), ERIX_OK);
	assert_int_equal(out[2], ERIX_EP_PROCESS_CONTROL);
	assert_int_equal(syscall(ERIX_SYS_QUERY_LOCAL_CAP, S_OOW_HIGH, 0, 0, 0, 0, 0),
	                 ERIX_ERR_OUT_OF_WINDOW);
	take(&before);
	assert_int_equal(syscall(ERIX_SYS_DROP_LOCAL_CAP, S_OOW_LOW, 0, 0, 0, 0, 0),
	                 ERIX_ERR_OUT_OF_WINDOW);
	assert_int_equal(syscall(ERIX_SYS_DROP_LOCAL_CAP, S_INVALID, 0, 0, 0, 0, 0),
	                 ERIX_ERR_INVALID_SLOT);
	assert_int_equal(syscall(ERIX_SYS_DROP_LOCAL_CAP, S_EMPTY, 0, 0, 0, 0, 0),
	                 ERIX_ERR_EMPTY_SLOT);
	assert_unchanged("drop_denials");
}

/* ------------------------------------------------------- semantics */

static enum erix_err drop(uint64_t s)
{
	return syscall(ERIX_SYS_DROP_LOCAL_CAP, s, 0, 0, 0, 0, 0);
}

/* Every source rights set against every requested set (and bits past
 * the known ones): a copy exists iff requested is a subset, and then has
 * exactly the requested rights; chains narrow and never widen. */
static void test_attenuation_never_widens(void **state)
{
	(void)state;
	for (uint64_t r = 0; r <= ERIX_RIGHTS_ALL; r++) {
		struct cap *src = slot(S_FREE);

		*src = *slot(S_EP);
		src->rights = (uint8_t)r; /* a source with exactly r */
		endpoint_ref(src->obj);
		for (uint64_t q = 0; q < 0x100; q++) {
			const uint64_t asks[2] = {q, q | 1ull << 32};

			for (unsigned a = 0; a < 2; a++) {
				enum erix_err err =
				    call(cap_op_copy_attenuated, S_FREE, S_FREE + 1, asks[a], 0);

				if (asks[a] & ~r) {
					assert_int_equal(err, ERIX_ERR_NO_RIGHTS);
					assert_int_equal(slot(S_FREE + 1)->type, ERIX_CAP_NULL);
					continue;
				}
				assert_int_equal(err, ERIX_OK);
				assert_int_equal(slot(S_FREE + 1)->rights, q);
				assert_ptr_equal(slot(S_FREE + 1)->obj, slot(S_EP)->obj);
				assert_int_equal(drop(S_FREE + 1), ERIX_OK);
			}
		}
		assert_int_equal(drop(S_FREE), ERIX_OK);
	}
	/* A chain: each copy of a copy keeps a subset of its parent's. */
	assert_int_equal(
	    call(cap_op_copy_attenuated, S_EP, S_FREE, ERIX_RIGHT_SEND | ERIX_RIGHT_GRANT, 0),
	    ERIX_OK);
	assert_int_equal(call(cap_op_copy_attenuated, S_FREE, S_FREE + 1, ERIX_RIGHT_RECV, 0),
	                 ERIX_ERR_NO_RIGHTS);
	assert_int_equal(call(cap_op_copy_attenuated, S_FREE, S_FREE + 1, ERIX_RIGHT_GRANT, 0),
	                 ERIX_OK);
	assert_int_equal(call(cap_op_copy_attenuated, S_FREE + 1, S_FREE + 2, ERIX_RIGHT_SEND, 0),
	                 ERIX_ERR_NO_RIGHTS);
	assert_int_equal(slot(S_FREE + 1)->rights, ERIX_RIGHT_GRANT);
	/* A copied control endpoint keeps its family surface. */
	assert_int_equal(call(cap_op_copy_attenuated, S_PC, S_FREE + 3, ERIX_RIGHT_SEND, 0),
	                 ERIX_OK);
	assert_int_equal(kcall(S_FREE + 3, ERIX_KCTL_READ_KERNEL_MEMORY, ERIX_KCTL_SELF, 0, 0, 0),
	                 ERIX_OK);
	assert_int_equal(kcall(S_FREE + 3, ERIX_KCTL_CAP_COPY, 0, 0, 0, 0), ERIX_ERR_OP_DENIED);
	assert_int_equal(call(cap_op_copy_attenuated, S_PC, S_FREE + 4, 0, 0), ERIX_OK);
	assert_int_equal(kcall(S_FREE + 4, ERIX_KCTL_READ_KERNEL_MEMORY, ERIX_KCTL_SELF, 0, 0, 0),
	                 ERIX_ERR_NO_RIGHTS);
}

/* Copies alias one object; dropping one removes only that slot; the last
 * drop frees the endpoint and refunds its creator exactly, also when the
 * endpoints filled slab frames of their own. */
static void test_alias_and_last_drop(void **state)
{
	uint64_t used = W.root.acct.used, frames = kmem_free_count();
	struct endpoint *e;
	enum { EPS = 150, COPIES = 3 };

	(void)state;
	for (unsigned i = 0; i < EPS; i++)
		assert_int_equal(call(cap_op_create_endpoint, S_FREE + i, 0, 0, 0), ERIX_OK);
	assert_true(W.root.acct.used > used); /* EPS objects need slab frames of their own */
	assert_int_equal(W.root.acct.used - used, (frames - kmem_free_count()) * PAGE);
	e = ep_at(S_FREE);
	for (unsigned c = 1; c <= COPIES; c++) {
		assert_int_equal(
		    call(cap_op_copy_attenuated, S_FREE, S_FREE + EPS + c, ERIX_RIGHT_SEND, 0),
		    ERIX_OK);
		assert_ptr_equal(ep_at(S_FREE + EPS + c), e);
		assert_int_equal(e->refs, 1 + c);
	}
	/* One queue: a NOTIFY through one alias is seen through another. */
	assert_int_equal(syscall(ERIX_SYS_NOTIFY, S_FREE + EPS + 1, 0x40, 0, 0, 0, 0), ERIX_OK);
	assert_int_equal(syscall(ERIX_SYS_RECV, S_FREE, 0, 0, 0, 0, 0), ERIX_OK);
	assert_int_equal(out[0], 0x40); /* a notification's word comes back in rdx */
	assert_int_equal(drop(S_FREE), ERIX_OK);
	assert_int_equal(slot(S_FREE)->type, ERIX_CAP_NULL);
	assert_int_equal(e->refs, COPIES);
	assert_ptr_equal(ep_at(S_FREE + EPS + 2), e);
	for (unsigned c = 1; c <= COPIES; c++)
		assert_int_equal(drop(S_FREE + EPS + c), ERIX_OK);
	for (unsigned i = 1; i < EPS; i++)
		assert_int_equal(drop(S_FREE + i), ERIX_OK);
	assert_int_equal(W.root.acct.used, used);
	assert_int_equal(kmem_free_count(), frames);
}

/* cspace_set_window cuts the window to the CSpace (cspace_lookup_window's
 * one compare relies on it): a window asked past the end reaches the last
 * slot and no further, and an empty one sits at slot 0, where a
 * mispredicted lookup stays inside the CSpace. */
static void test_window_clamped(void **state)
{
	enum { SLOTS = 256, BASE = 10 };
	uint64_t used = W.root.acct.used;
	struct cspace *cs;
	struct cap *c;

	(void)state;
	assert_int_equal(cspace_create(&W.root.acct, SLOTS, &cs), ERIX_OK);
	cspace_set_window(cs, BASE, 100000);
	assert_int_equal(cs->win_base, BASE);
	assert_int_equal(cs->win_len, SLOTS - BASE);
	assert_int_equal(cspace_lookup_window(cs, SLOTS - 1, &c), ERIX_OK);
	assert_int_equal(cspace_lookup_window(cs, SLOTS, &c), ERIX_ERR_INVALID_SLOT);
	assert_int_equal(cspace_lookup_window(cs, BASE - 1, &c), ERIX_ERR_OUT_OF_WINDOW);
	cspace_set_window(cs, SLOTS + 5, 3);
	assert_int_equal(cs->win_len, 0);
	assert_int_equal(cs->win_base, 0);
	assert_int_equal(cspace_lookup_window(cs, 0, &c), ERIX_ERR_OUT_OF_WINDOW);
	assert_int_equal(cspace_lookup_window(cs, SLOTS + 5, &c), ERIX_ERR_INVALID_SLOT);
	cspace_destroy(cs);
	assert_int_equal(W.root.acct.used, used);
}

/* A rich stage (pages, written bytes, installed aliases, a grant, an
 * endpoint of the stage's own) then ABORT: the parent's figure is exactly
 * what it was, also once the grant that outlived the stage goes. */
static void test_abort_refunds_exactly(void **state)
{
	uint64_t used = W.root.acct.used, frames = kmem_free_count();
	uint32_t refs = ep_at(S_EP)->refs;
	struct process *p;

	(void)state;
	host_console_reset();
	assert_int_equal(stage(S_FREE, CHILD_BUDGET), ERIX_OK);
	assert_non_null(strstr(host_console(), ERIX_MARK_CSPACE_WINDOW_SET));
	p = proc_at(S_FREE);
	assert_int_equal(out[0], p->pid);
	assert_int_equal(p->cspace->win_base, 0);
	assert_int_equal(p->cspace->win_len, CHILD_SLOTS);
	/* The budget; the struct shares a slab frame with the scene's. */
	assert_int_equal(W.root.acct.used - used, CHILD_BUDGET);
	assert_int_equal(map(S_FREE, VA, 4, R_RW), ERIX_OK);
	assert_int_equal(call(process_op_write_memory, S_FREE, VA + 100, USRC, 3 * PAGE), ERIX_OK);
	assert_int_equal(call(process_op_derive_grant, S_FREE, S_FREE + 1, 2, SRG), ERIX_OK);
	assert_int_equal(call(process_op_install_grant, S_FREE + 1, S_EP, 0, 0), ERIX_OK);
	assert_int_equal(ep_at(S_EP)->refs, refs + 1);
	assert_int_equal(call(process_op_derive_grant, S_FREE, S_FREE + 2, 3, SRG), ERIX_OK);
	assert_int_equal(p->refs, 2);
	assert_int_equal(call(process_op_abort, S_FREE, 0, 0, 0), ERIX_OK);
	assert_int_equal(slot(S_FREE)->type, ERIX_CAP_NULL);
	assert_int_equal(ep_at(S_EP)->refs, refs);
	/* The grant keeps only the process struct alive (no frame of its own). */
	assert_int_equal(p->refs, 1);
	assert_int_equal(W.root.acct.used, used);
	assert_int_equal(call(process_op_install_grant, S_FREE + 2, S_EP, 0, 0),
	                 ERIX_ERR_NOT_FOUND);
	assert_int_equal(drop(S_FREE + 2), ERIX_OK);
	assert_int_equal(W.root.acct.used, used);
	assert_int_equal(kmem_free_count(), frames);
}

/* A child blocked in RECV, and one ready (spinning): KILL takes each off
 * its queue and refunds exactly; the endpoint survives with its parent's
 * alias and an empty queue. */
static void test_kill_refunds_exactly(void **state)
{
	uint64_t used = W.root.acct.used, frames = kmem_free_count();
	struct process *p;
	struct endpoint *e = ep_at(S_EP);

	(void)state;
	assert_int_equal(stage_run(S_FREE, CHILD_SLOTS, CHILD_BUDGET), ERIX_OK);
	p = proc_at(S_FREE);
	assert_int_equal(map(S_FREE, VA, 1, R_RX), ERIX_OK);
	assert_int_equal(map(S_FREE, VA + PAGE, 1, R_RW), ERIX_OK);
	assert_int_equal(call(process_op_derive_grant, S_FREE, S_FREE + 1, 0, ERIX_RIGHT_RECV),
	                 ERIX_OK);
	assert_int_equal(call(process_op_install_grant, S_FREE + 1, S_EP, 0, 0), ERIX_OK);
	assert_int_equal(call(process_op_start, S_FREE, VA, VA + 2 * PAGE, 0), ERIX_OK);
	assert_int_equal(call(process_op_start, S_FREE, VA, VA + 2 * PAGE, 0), ERIX_ERR_BUSY);
	run_child(p);
	assert_int_equal(syscall(ERIX_SYS_NOTIFY, 0, 0, 0, 0, 0, 0), ERIX_ERR_NO_RIGHTS);
	sched_make_ready(W.tcb);                        /* the root runs once the child blocks */
	(void)syscall(ERIX_SYS_RECV, 0, 0, 0, 0, 0, 0); /* blocks: rax is the notifier's */
	assert_ptr_equal(sched_current(), W.tcb);
	assert_int_equal(p->main->state, TCB_BLOCKED);
	assert_ptr_equal(e->recv.head, p->main);
	assert_int_equal(call(process_op_kill, S_FREE, 0, 0, 0), ERIX_OK);
	assert_null(e->recv.head);
	assert_int_equal(e->refs, 3);
	assert_int_equal(W.root.acct.used, used);
	assert_int_equal(kmem_free_count(), frames);
	assert_int_equal(call(process_op_kill, S_FREE, 0, 0, 0), ERIX_ERR_EMPTY_SLOT);

	/* The scene's running child is READY in a run queue. */
	p = proc_at(S_RUN);
	assert_int_equal(p->main->state, TCB_READY);
	used = W.root.acct.used - CHILD_BUDGET; /* its struct shares a slab frame */
	assert_int_equal(call(process_op_kill, S_RUN, 0, 0, 0), ERIX_OK);
	assert_int_equal(W.root.acct.used, used);
	/* Nothing is ready but the root: the killed thread left its queue. */
	make_current(&idle);
	make_current(W.tcb);
}

/* The self-kill guard: a cap naming the caller's own process. */
static void test_kill_self_busy(void **state)
{
	struct cap self = {.type = ERIX_CAP_PROCESS, .rights = ERIX_RIGHTS_ALL, .obj = &W.root};

	(void)state;
	process_ref(&W.root);
	assert_int_equal(cspace_install(W.root.cspace, S_FREE, &self), ERIX_OK);
	take(&before);
	assert_int_equal(call(process_op_kill, S_FREE, 0, 0, 0), ERIX_ERR_BUSY);
	assert_unchanged("kill_self");
	assert_int_equal(drop(S_FREE), ERIX_OK);
	assert_int_equal(W.root.refs, 1);
}

/* Grants block START until each is consumed or dropped; an install gives
 * the child an alias with the grant's rights at most. */
static void test_grants_block_start(void **state)
{
	struct process *p;
	struct cap *c;

	(void)state;
	assert_int_equal(stage(S_FREE, CHILD_BUDGET), ERIX_OK);
	p = proc_at(S_FREE);
	assert_int_equal(map(S_FREE, VA, 1, R_RX), ERIX_OK);
	assert_int_equal(map(S_FREE, VA + PAGE, 1, R_RW), ERIX_OK);
	assert_int_equal(call(process_op_derive_grant, S_FREE, S_FREE + 1, 4, ERIX_RIGHT_SEND),
	                 ERIX_OK);
	assert_int_equal(call(process_op_derive_grant, S_FREE, S_FREE + 2, 5, SRG), ERIX_OK);
	assert_int_equal(call(process_op_derive_grant, S_FREE, S_FREE + 3, 5, SRG), ERIX_OK);
	assert_int_equal(p->live_grants, 3);
	assert_int_equal(call(process_op_start, S_FREE, VA, VA + 2 * PAGE, 0), ERIX_ERR_BUSY);
	/* Consumed: the child holds at most the grant's rights. */
	assert_int_equal(call(process_op_install_grant, S_FREE + 1, S_EP, 0, 0), ERIX_OK);
	assert_int_equal(slot(S_FREE + 1)->type, ERIX_CAP_NULL);
	assert_int_equal(cspace_lookup(p->cspace, 4, &c), ERIX_OK);
	assert_int_equal(c->type, ERIX_CAP_ENDPOINT);
	assert_int_equal(c->rights, ERIX_RIGHT_SEND);
	assert_ptr_equal(c->obj, ep_at(S_EP));
	assert_int_equal(call(process_op_start, S_FREE, VA, VA + 2 * PAGE, 0), ERIX_ERR_BUSY);
	/* A grant never adds rights the source lacks. */
	assert_int_equal(call(process_op_install_grant, S_FREE + 2, S_EP_R, 0, 0), ERIX_OK);
	assert_int_equal(cspace_lookup(p->cspace, 5, &c), ERIX_OK);
	assert_int_equal(c->rights, ERIX_RIGHT_RECV);
	/* Two grants on one child slot: the second finds it filled. */
	take(&before);
	assert_int_equal(call(process_op_install_grant, S_FREE + 3, S_EP, 0, 0), ERIX_ERR_BUSY);
	assert_unchanged("install_target_filled");
	assert_int_equal(call(process_op_derive_grant, S_FREE, S_FREE + 4, 5, SRG), ERIX_ERR_BUSY);
	assert_int_equal(call(process_op_start, S_FREE, VA, VA + 2 * PAGE, 0), ERIX_ERR_BUSY);
	/* Dropped: START may go. */
	assert_int_equal(drop(S_FREE + 3), ERIX_OK);
	assert_int_equal(p->live_grants, 0);
	assert_int_equal(call(process_op_start, S_FREE, VA, VA + 2 * PAGE, 0x1234), ERIX_OK);
	assert_int_equal(p->state, PROCESS_RUNNING);
	assert_int_equal(p->main->state, TCB_READY);
	assert_int_equal(p->main->arch.regs.rip, VA);
	assert_int_equal(p->main->arch.regs.rsp, VA + 2 * PAGE - sizeof(struct erix_start_frame));
	/* A running process takes no stage ops and no grants. */
	assert_int_equal(call(process_op_derive_grant, S_FREE, S_FREE + 4, 6, SRG), ERIX_ERR_BUSY);
	assert_int_equal(call(process_op_abort, S_FREE, 0, 0, 0), ERIX_ERR_BUSY);
	assert_int_equal(call(process_op_kill, S_FREE, 0, 0, 0), ERIX_OK);
}

/* The bytes of [va, va + n) of p's VSpace, read through its tables. */
static void read_child(struct process *p, uint64_t va, void *buf, size_t n)
{
	for (size_t done = 0; done < n;) {
		uint64_t off = (va + done) & (PAGE - 1), k = PAGE - off;
		paddr_t pa;

		if (k > n - done)
			k = n - done;
		assert_int_equal(arch_vspace_lookup(p->vspace->root, va + done - off, &pa, NULL),
		                 ERIX_OK);
		memcpy((uint8_t *)buf + done, (uint8_t *)arch_phys_to_virt(pa) + off, k);
		done += k;
	}
}

/* WRITE_PROCESS_MEMORY lands in the child's pages only, across pages and
 * into RX pages (loading code) alike. */
static void test_write_memory(void **state)
{
	static uint8_t got[3 * PAGE];
	struct process *p = proc_at(S_PROC);

	(void)state;
	assert_int_equal(call(process_op_write_memory, S_PROC, VA + 10, USRC + 5, 2 * PAGE),
	                 ERIX_OK);
	read_child(p, VA + 10, got, 2 * PAGE);
	assert_memory_equal(got, host_user_mem + 5, 2 * PAGE);
	read_child(p, VA, got, 10);
	for (unsigned i = 0; i < 10; i++)
		assert_int_equal(got[i], 0); /* fresh anonymous pages are zero */
	assert_int_equal(call(process_op_write_memory, S_PROC, VA + 4 * PAGE - 1, USRC, 1),
	                 ERIX_OK);
	assert_int_equal(call(process_op_write_memory, S_PROC, VA, USRC, ERIX_WRITE_PROCESS_MAX),
	                 ERIX_ERR_BAD_ADDRESS);
}

/* The start frame goes into the child's own stack pages, also when it
 * straddles two of them, and touches no other frame. */
static void test_start_frame(void **state)
{
	struct erix_start_frame sf,
	    want = {.magic = ERIX_START_MAGIC, .arg = 99, .window_slots = 16};
	uint64_t top = VA + 2 * PAGE + 16;
	static uint8_t next_before[PAGE];
	struct process *p;
	paddr_t lower, upper;

	(void)state;
	assert_int_equal(stage(S_FREE, CHILD_BUDGET), ERIX_OK);
	p = proc_at(S_FREE);
	assert_int_equal(map(S_FREE, VA, 1, R_RX), ERIX_OK);
	/* Upper page first, so the lower one's frame is not followed by it. */
	assert_int_equal(map(S_FREE, VA + 2 * PAGE, 1, R_RW), ERIX_OK);
	assert_int_equal(map(S_FREE, VA + PAGE, 1, R_RW), ERIX_OK);
	assert_int_equal(arch_vspace_lookup(p->vspace->root, VA + PAGE, &lower, NULL), ERIX_OK);
	assert_int_equal(arch_vspace_lookup(p->vspace->root, VA + 2 * PAGE, &upper, NULL), ERIX_OK);
	assert_true(lower + PAGE != upper);
	/* Non-zero bytes where the frame's last (zero) fields must land. */
	assert_int_equal(call(process_op_write_memory, S_FREE, VA + 2 * PAGE, USRC, 16), ERIX_OK);
	memcpy(next_before, arch_phys_to_virt(lower + PAGE), PAGE);
	assert_int_equal(call(process_op_start, S_FREE, VA, top, 99), ERIX_OK);
	read_child(p, top - sizeof(sf), &sf, sizeof(sf));
	assert_memory_equal(&sf, &want, sizeof(sf));
	assert_memory_equal(arch_phys_to_virt(lower + PAGE), next_before, PAGE);
	assert_int_equal(call(process_op_kill, S_FREE, 0, 0, 0), ERIX_OK);
}

/* The child's budget runs out (pages the parent maps, endpoints the child
 * creates itself): ERIX_ERR_NO_MEMORY for the child alone, exactly at its
 * limit, while the parent still allocates and starts another child. */
static void test_child_budget_exhaustion(void **state)
{
	uint64_t budget = 16 * PAGE, root_used, frames;
	struct process *p;
	unsigned n = 0, eps = 0;
	enum erix_err err;

	(void)state;
	assert_int_equal(stage_run(S_FREE, 128, budget), ERIX_OK);
	p = proc_at(S_FREE);
	assert_int_equal(map(S_FREE, VA, 1, R_RX), ERIX_OK);
	assert_int_equal(map(S_FREE, VA + PAGE, 1, R_RW), ERIX_OK);
	/* The child gets a control alias in its slot 0. */
	assert_int_equal(call(process_op_derive_grant, S_FREE, S_FREE + 1, 0, ERIX_RIGHT_SEND),
	                 ERIX_OK);
	assert_int_equal(call(process_op_install_grant, S_FREE + 1, S_PC, 0, 0), ERIX_OK);
	/* Pages the parent maps for it: the child's budget, never the parent's. */
	root_used = W.root.acct.used;
	frames = kmem_free_count();
	while ((err = map(S_FREE, VA + (8 + n) * PAGE, 1, ERIX_PROT_READ)) == ERIX_OK)
		n++;
	assert_int_equal(err, ERIX_ERR_NO_MEMORY);
	assert_true(n > 0);
	assert_int_equal(p->acct.used, p->acct.limit);
	assert_int_equal(W.root.acct.used, root_used);
	assert_int_equal(frames - kmem_free_count(), n);
	assert_int_equal(call(process_op_start, S_FREE, VA, VA + 2 * PAGE, 0), ERIX_OK);
	/* The child's own endpoints: its slab frame's room, then NO_MEMORY. */
	run_child(p);
	while ((err = kcall(0, ERIX_KCTL_CREATE_ENDPOINT, 1 + eps, 0, 0, 0)) == ERIX_OK)
		eps++;
	assert_int_equal(err, ERIX_ERR_NO_MEMORY);
	/* Endpoints are 128-byte objects: they need a slab frame of their own,
	 * and the budget has no frame left. */
	assert_int_equal(eps, 0);
	assert_int_equal(kcall(0, ERIX_KCTL_READ_KERNEL_MEMORY, ERIX_KCTL_SELF, 0, 0, 0), ERIX_OK);
	assert_int_equal(out[0], budget);
	assert_int_equal(out[1], budget);
	assert_int_equal(out[2], 1);
	run_root();
	assert_int_equal(W.root.acct.used, root_used);
	/* The parent goes on: endpoints, and another child started. */
	assert_int_equal(call(cap_op_create_endpoint, S_FREE + 2, 0, 0, 0), ERIX_OK);
	assert_int_equal(stage(S_FREE + 3, CHILD_BUDGET), ERIX_OK);
	assert_int_equal(map(S_FREE + 3, VA, 1, R_RX), ERIX_OK);
	assert_int_equal(map(S_FREE + 3, VA + PAGE, 1, R_RW), ERIX_OK);
	assert_int_equal(call(process_op_start, S_FREE + 3, VA, VA + 2 * PAGE, 0), ERIX_OK);
	assert_int_equal(call(process_op_kill, S_FREE, 0, 0, 0), ERIX_OK);
	assert_int_equal(call(process_op_kill, S_FREE + 3, 0, 0, 0), ERIX_OK);
}

/* A failed create at every budget below what a stage needs leaves the
 * parent exactly as it was; the first budget that fits works. */
static void test_create_rollback(void **state)
{
	uint64_t b;

	(void)state;
	for (b = PAGE;; b += PAGE) {
		enum erix_err err;

		take(&before);
		err = stage(S_FREE, b);
		if (err == ERIX_OK)
			break;
		assert_int_equal(err, ERIX_ERR_NO_MEMORY);
		assert_unchanged("create_rollback");
	}
	assert_int_equal(b, 4 * PAGE); /* slots, root table, two slab frames */
	assert_int_equal(proc_at(S_FREE)->acct.used, 4 * PAGE);
	assert_int_equal(call(process_op_abort, S_FREE, 0, 0, 0), ERIX_OK);
}

/* A multi-page MAP_PROCESS_ANON that runs out part-way unmaps and frees
 * the pages it mapped. The page tables those pages needed stay in the
 * tree and stay charged to the child (vspace.c: "Tables a failed map did
 * create stay"), refunded when the VSpace goes: the child's figure does
 * move on this denial, by exactly those tables. */
static void test_map_anon_partial_rollback(void **state)
{
	struct process *p;
	uint64_t used, leaves;

	(void)state;
	assert_int_equal(stage(S_FREE, 9 * PAGE), ERIX_OK);
	p = proc_at(S_FREE);
	used = p->acct.used;
	leaves = host_vspace_leaves(p->vspace->root);
	assert_int_equal(map(S_FREE, VA, 3, R_RW), ERIX_ERR_NO_MEMORY);
	assert_int_equal(host_vspace_leaves(p->vspace->root), leaves);
	assert_int_equal(p->acct.used, used); /* checked whole: no table was made */
	/* A map that fails without making tables changes nothing. */
	assert_int_equal(map(S_FREE, VA, 2, R_RW), ERIX_OK);
	assert_int_equal(p->acct.used, p->acct.limit);
	used = p->acct.used;
	assert_int_equal(map(S_FREE, VA + 2 * PAGE, 1, R_RW), ERIX_ERR_NO_MEMORY);
	assert_int_equal(p->acct.used, used);
	assert_int_equal(call(process_op_abort, S_FREE, 0, 0, 0), ERIX_OK);
}

/* A foreign (not owned) leaf is not a WRITE_PROCESS_MEMORY target, and
 * the VSpace does not free it. */
static void test_write_foreign_page(void **state)
{
	struct process *p = proc_at(S_PROC);
	paddr_t pa;

	(void)state;
	assert_int_equal(kobj_alloc_user_frame(&W.root.acct, &pa), ERIX_OK);
	assert_int_equal(vspace_map_foreign(p->vspace, VA + 8 * PAGE, pa, 0), ERIX_OK);
	assert_int_equal(
	    vspace_map_foreign(p->vspace, VA + 9 * PAGE, pa, ARCH_MAP_WRITE | ARCH_MAP_EXEC),
	    ERIX_ERR_INVALID_ARGUMENT);
	assert_int_equal(call(process_op_write_memory, S_PROC, VA + 8 * PAGE, USRC, 8),
	                 ERIX_ERR_BAD_ADDRESS);
	assert_int_equal(call(process_op_abort, S_PROC, 0, 0, 0), ERIX_OK);
	kobj_free_frame(&W.root.acct, pa);
}

/* W+X and kernel frames are refused by the arch layer itself. */
static void test_arch_map_checks(void **state)
{
	struct process *p = proc_at(S_PROC);
	paddr_t pa, kpa;

	(void)state;
	assert_int_equal(kobj_alloc_user_frame(&W.root.acct, &pa), ERIX_OK);
	assert_int_equal(arch_vspace_map(p->vspace->root, VA + 8 * PAGE, pa,
	                                 ARCH_MAP_WRITE | ARCH_MAP_EXEC | ARCH_MAP_USER),
	                 ERIX_ERR_INVALID_ARGUMENT);
	kpa = p->vspace->root;
	assert_int_equal(arch_vspace_map(p->vspace->root, VA + 8 * PAGE, kpa, ARCH_MAP_USER),
	                 ERIX_ERR_RANGE);
	assert_int_equal(
	    vspace_map_anon(p->vspace, VA + 8 * PAGE, ARCH_MAP_WRITE | ARCH_MAP_EXEC, &kpa),
	    ERIX_ERR_INVALID_ARGUMENT);
	kobj_free_frame(&W.root.acct, pa);
}

/* A child with its own control alias stages a grandchild; killing the
 * child takes the grandchild too and refunds the root exactly. */
static void test_nested_kill(void **state)
{
	uint64_t used = W.root.acct.used, frames = kmem_free_count();
	struct process *p;

	(void)state;
	assert_int_equal(stage_run(S_FREE, CHILD_SLOTS, CHILD_BUDGET), ERIX_OK);
	p = proc_at(S_FREE);
	assert_int_equal(map(S_FREE, VA, 1, R_RX), ERIX_OK);
	assert_int_equal(map(S_FREE, VA + PAGE, 1, R_RW), ERIX_OK);
	assert_int_equal(call(process_op_derive_grant, S_FREE, S_FREE + 1, 0, ERIX_RIGHT_SEND),
	                 ERIX_OK);
	assert_int_equal(call(process_op_install_grant, S_FREE + 1, S_PC, 0, 0), ERIX_OK);
	assert_int_equal(call(process_op_start, S_FREE, VA, VA + 2 * PAGE, 0), ERIX_OK);
	run_child(p);
	assert_int_equal(kcall(0, ERIX_KCTL_CREATE_STAGED_PROCESS, 1, 8, 8 * PAGE, RUN_PRIO + 1),
	                 ERIX_ERR_RANGE);
	assert_int_equal(kcall(0, ERIX_KCTL_CREATE_STAGED_PROCESS, 1, 8, CHILD_BUDGET, 50),
	                 ERIX_ERR_NO_MEMORY);
	assert_int_equal(kcall(0, ERIX_KCTL_CREATE_STAGED_PROCESS, 1, 8, 16 * PAGE, 50), ERIX_OK);
	assert_int_equal(kcall(0, ERIX_KCTL_MAP_PROCESS_ANON, 1, VA, 2, R_RW), ERIX_OK);
	assert_int_equal(kcall(0, ERIX_KCTL_CREATE_ENDPOINT, 2, 0, 0, 0), ERIX_OK);
	assert_int_equal(kcall(0, ERIX_KCTL_DERIVE_INSTALL_GRANT, 1, 3, 0, SRG), ERIX_OK);
	assert_int_equal(kcall(0, ERIX_KCTL_INSTALL_WITH_GRANT, 3, 2, 0, 0), ERIX_OK);
	run_root();
	assert_int_equal(call(process_op_kill, S_FREE, 0, 0, 0), ERIX_OK);
	assert_int_equal(W.root.acct.used, used);
	assert_int_equal(kmem_free_count(), frames);
}

/* KILL takes every thread of a child, also ones it spawned itself, and
 * the endpoints it made: the root's figure is exact again. */
static void test_kill_multithreaded(void **state)
{
	uint64_t used = W.root.acct.used, frames = kmem_free_count();
	struct process *p;

	(void)state;
	assert_int_equal(stage_run(S_FREE, CHILD_SLOTS, CHILD_BUDGET), ERIX_OK);
	p = proc_at(S_FREE);
	assert_int_equal(map(S_FREE, VA, 1, R_RX), ERIX_OK);
	assert_int_equal(map(S_FREE, VA + PAGE, 1, R_RW), ERIX_OK);
	assert_int_equal(call(process_op_derive_grant, S_FREE, S_FREE + 1, 0, ERIX_RIGHT_SEND),
	                 ERIX_OK);
	assert_int_equal(call(process_op_install_grant, S_FREE + 1, S_PC, 0, 0), ERIX_OK);
	assert_int_equal(call(process_op_start, S_FREE, VA, VA + 2 * PAGE, 0), ERIX_OK);
	run_child(p);
	assert_int_equal(kcall(0, ERIX_KCTL_SPAWN_THREAD, VA, VA + 2 * PAGE, RUN_PRIO + 1, 0),
	                 ERIX_ERR_RANGE);
	assert_int_equal(kcall(0, ERIX_KCTL_SPAWN_THREAD, VA, VA + 2 * PAGE, 90, 0), ERIX_OK);
	assert_int_equal(kcall(0, ERIX_KCTL_SPAWN_THREAD, VA, VA + 2 * PAGE, 90, 0), ERIX_OK);
	assert_int_equal(kcall(0, ERIX_KCTL_CREATE_ENDPOINT, 5, 0, 0, 0), ERIX_OK);
	assert_int_equal(kcall(0, ERIX_KCTL_READ_KERNEL_MEMORY, ERIX_KCTL_SELF, 0, 0, 0), ERIX_OK);
	assert_int_equal(out[2], 3);
	run_root();
	assert_int_equal(call(process_op_read_kmem, S_FREE, 0, 0, 0), ERIX_OK);
	assert_int_equal(out[2], 3);
	assert_int_equal(call(process_op_kill, S_FREE, 0, 0, 0), ERIX_OK);
	assert_int_equal(W.root.acct.used, used);
	assert_int_equal(kmem_free_count(), frames);
}

/* A stage whose process cap goes while a grant still names it lives on
 * (its budget stays charged) until the grant goes: objects die with
 * their last reference, never before. */
static void test_stage_lives_on_grant(void **state)
{
	uint64_t used = W.root.acct.used, frames = kmem_free_count();
	struct process *p;

	(void)state;
	assert_int_equal(stage(S_FREE, CHILD_BUDGET), ERIX_OK);
	p = proc_at(S_FREE);
	assert_int_equal(call(process_op_derive_grant, S_FREE, S_FREE + 1, 2, SRG), ERIX_OK);
	assert_int_equal(drop(S_FREE), ERIX_OK);
	assert_int_equal(p->state, PROCESS_STAGED);
	assert_int_equal(p->refs, 1);
	assert_int_equal(W.root.acct.used, used + CHILD_BUDGET);
	/* The install consumes the last reference: the stage goes. */
	assert_int_equal(call(process_op_install_grant, S_FREE + 1, S_EP, 0, 0), ERIX_OK);
	assert_int_equal(slot(S_FREE + 1)->type, ERIX_CAP_NULL);
	assert_int_equal(ep_at(S_EP)->refs, 3);
	assert_int_equal(W.root.acct.used, used);
	assert_int_equal(kmem_free_count(), frames);
}

/* ------------------------------------------------------ IPC buffer */

#define BUF_VA    (VA + 16 * PAGE) /* the root's buffer page */
#define CHILD_BUF (VA + 3 * PAGE)  /* the child's */
#define XB        (ERIX_IPC_XFER_FAIL_SENDER | ERIX_IPC_XFER_BUFFER)
#define XRB       (ERIX_IPC_XFER_FAIL_RECEIVER | ERIX_IPC_XFER_BUFFER)

/* A syscall made by the current thread from its own saved registers, as
 * the entry stub makes it (a blocked thread's arguments are read there).
 * Returns its rax: the status, or what a completer wrote if it blocked. */
static uint64_t tsys(uint64_t nr, uint64_t rdi, uint64_t rsi, uint64_t w0)
{
	struct arch_regs *r = &sched_current()->arch.regs;
	struct arch_thread *next;

	r->rax = nr;
	r->rdi = rdi;
	r->rsi = rsi;
	r->rdx = w0;
	r->r10 = r->r8 = r->r9 = 0;
	r->rip = VA;
	next = kernel_syscall(r);
	assert_ptr_equal(next, &sched_current()->arch);
	return r->rax;
}

static uint64_t *page_at(const struct vspace *vs, uint64_t va)
{
	paddr_t pa;

	assert_int_equal(arch_vspace_lookup(vs->root, va, &pa, NULL), ERIX_OK);
	return arch_phys_to_virt(pa);
}

static uint64_t len_rdi(uint64_t slot, uint64_t n)
{
	return slot | n << ERIX_IPC_LEN_SHIFT;
}

/* A started child (slot 0: S_EP, S|R|G) that registered CHILD_BUF and
 * waits in RECV on slot 0; the root runs again. */
static struct tcb *buffer_child(void)
{
	struct process *p;

	assert_int_equal(stage_run(S_FREE, CHILD_SLOTS, CHILD_BUDGET), ERIX_OK);
	p = proc_at(S_FREE);
	assert_int_equal(map(S_FREE, VA, 1, R_RX), ERIX_OK);
	assert_int_equal(map(S_FREE, VA + PAGE, 1, R_RW), ERIX_OK);
	assert_int_equal(map(S_FREE, VA + 2 * PAGE, 1, ERIX_PROT_READ), ERIX_OK);
	assert_int_equal(map(S_FREE, CHILD_BUF, 1, R_RW), ERIX_OK);
	assert_int_equal(call(process_op_derive_grant, S_FREE, S_FREE + 1, 0, SRG), ERIX_OK);
	assert_int_equal(call(process_op_install_grant, S_FREE + 1, S_EP, 0, 0), ERIX_OK);
	assert_int_equal(call(process_op_start, S_FREE, VA, VA + 2 * PAGE, 0), ERIX_OK);
	run_child(p);
	assert_int_equal(tsys(ERIX_SYS_SET_IPC_BUFFER, VA + 2 * PAGE, 0, 0), ERIX_ERR_BAD_ADDRESS);
	assert_int_equal(p->main->ipc_buf, 0);
	assert_int_equal(tsys(ERIX_SYS_SET_IPC_BUFFER, CHILD_BUF, 0, 0), ERIX_OK);
	assert_int_equal(p->main->ipc_buf, CHILD_BUF);
	sched_make_ready(W.tcb);
	(void)tsys(ERIX_SYS_RECV, 0, 0, 0); /* blocks: the root runs */
	assert_ptr_equal(sched_current(), W.tcb);
	assert_ptr_equal(ep_at(S_EP)->recv.head, p->main);
	return p->main;
}

/* The child (just served, or woken) runs and waits in RECV again; the
 * root runs. */
static void child_waits(struct tcb *c)
{
	if (sched_current() != c)
		make_current(c);
	sched_make_ready(W.tcb);
	(void)tsys(ERIX_SYS_RECV, 0, 0, 0);
	assert_ptr_equal(sched_current(), W.tcb);
	assert_ptr_equal(ep_at(S_EP)->recv.head, c);
}

/* Registration: every refusal leaves the old buffer in place. */
static void test_ipc_buffer_register(void **state)
{
	uint64_t used = W.root.acct.used;
	paddr_t pa;

	(void)state;
	assert_int_equal(vspace_map_anon(W.root.vspace, BUF_VA, ARCH_MAP_WRITE, &pa), ERIX_OK);
	assert_int_equal(vspace_map_anon(W.root.vspace, BUF_VA + PAGE, 0, &pa), ERIX_OK);
	used = W.root.acct.used;
	take(&before);
	assert_int_equal(tsys(ERIX_SYS_SET_IPC_BUFFER, BUF_VA + 8, 0, 0),
	                 ERIX_ERR_INVALID_ARGUMENT);
	assert_int_equal(tsys(ERIX_SYS_SET_IPC_BUFFER, KHALF, 0, 0), ERIX_ERR_BAD_ADDRESS);
	assert_int_equal(tsys(ERIX_SYS_SET_IPC_BUFFER, ERIX_USER_TOP, 0, 0), ERIX_ERR_BAD_ADDRESS);
	assert_int_equal(tsys(ERIX_SYS_SET_IPC_BUFFER, VA - PAGE, 0, 0), ERIX_ERR_BAD_ADDRESS);
	assert_int_equal(tsys(ERIX_SYS_SET_IPC_BUFFER, BUF_VA + 2 * PAGE, 0, 0),
	                 ERIX_ERR_BAD_ADDRESS); /* unmapped */
	assert_int_equal(tsys(ERIX_SYS_SET_IPC_BUFFER, BUF_VA + PAGE, 0, 0),
	                 ERIX_ERR_BAD_ADDRESS); /* read-only */
	assert_int_equal(W.tcb->ipc_buf, 0);
	assert_unchanged("ipc_buffer_register_denials");
	assert_int_equal(tsys(ERIX_SYS_SET_IPC_BUFFER, BUF_VA, 0, 0), ERIX_OK);
	assert_int_equal(W.tcb->ipc_buf, BUF_VA);
	assert_int_equal(tsys(ERIX_SYS_SET_IPC_BUFFER, BUF_VA + 3, 0, 0),
	                 ERIX_ERR_INVALID_ARGUMENT);
	assert_int_equal(W.tcb->ipc_buf, BUF_VA);
	assert_int_equal(tsys(ERIX_SYS_SET_IPC_BUFFER, 0, 0, 0), ERIX_OK);
	assert_int_equal(W.tcb->ipc_buf, 0);
	assert_int_equal(W.root.acct.used, used); /* registering costs nothing */
}

/* Round trips, denials on each side (each changing nothing), a page gone
 * between send and receive, and a faulted thread that takes no words. */
static void test_ipc_buffer_transfer(void **state)
{
	struct endpoint *e = ep_at(S_EP);
	struct tcb *c;
	uint64_t *rb, *cb, mine[ERIX_IPC_BUFFER_WORDS + 1];
	paddr_t pa;

	(void)state;
	assert_int_equal(vspace_map_anon(W.root.vspace, BUF_VA, ARCH_MAP_WRITE, &pa), ERIX_OK);
	rb = page_at(W.root.vspace, BUF_VA);
	for (unsigned i = 0; i <= ERIX_IPC_BUFFER_WORDS; i++)
		rb[i] = 0xB0000 + i;
	c = buffer_child();
	cb = page_at(c->vspace, CHILD_BUF);

	/* Denials while the child waits: it keeps waiting, its page and the
	 * root's are as they were. */
	take(&before);
	memcpy(mine, cb, sizeof(mine));
	assert_int_equal(tsys(ERIX_SYS_CALL, len_rdi(S_EP, 8), 0, 1), ERIX_ERR_BAD_ADDRESS);
	assert_int_equal(W.tcb->arch.regs.rdx, XB); /* the root has no buffer yet */
	assert_int_equal(tsys(ERIX_SYS_SET_IPC_BUFFER, BUF_VA, 0, 0), ERIX_OK);
	assert_int_equal(tsys(ERIX_SYS_CALL, len_rdi(S_EP, ERIX_IPC_BUFFER_WORDS + 1), 0, 1),
	                 ERIX_ERR_RANGE);
	assert_int_equal(tsys(ERIX_SYS_CALL, len_rdi(S_EP, ERIX_IPC_LEN_MASK), 0, 1),
	                 ERIX_ERR_RANGE);
	assert_int_equal(tsys(ERIX_SYS_CALL, S_EP | 1ull << 31, 0, 1), ERIX_ERR_INVALID_ARGUMENT);
	assert_int_equal(tsys(ERIX_SYS_NOTIFY, len_rdi(S_EP, 1), 0, 1), ERIX_ERR_INVALID_ARGUMENT);
	assert_int_equal(tsys(ERIX_SYS_RECV, len_rdi(S_EP_R, 1), 0, 0), ERIX_ERR_INVALID_ARGUMENT);
	assert_int_equal(tsys(ERIX_SYS_REPLY, len_rdi(S_EP, 1), 0, 0), ERIX_ERR_NOT_FOUND);
	assert_int_equal(tsys(ERIX_SYS_REPLY_RECV, len_rdi(S_EP, 1), 0, 0),
	                 ERIX_ERR_INVALID_ARGUMENT); /* words for a reply nobody is owed */
	assert_ptr_equal(e->recv.head, c);
	assert_int_equal(c->state, TCB_BLOCKED);
	assert_memory_equal(mine, cb, sizeof(mine));
	assert_unchanged("ipc_buffer_denials");

	/* 64 words out, 10 back; nothing past them moves. */
	assert_int_equal(tsys(ERIX_SYS_CALL, len_rdi(S_EP, 64), 0, 7), ERIX_SYS_CALL); /* blocks */
	assert_ptr_equal(sched_current(), c);
	assert_int_equal(c->arch.regs.rax, ERIX_OK);
	assert_int_equal(c->arch.regs.rdi, ERIX_MSG_CALL | 64ull << ERIX_IPC_LEN_SHIFT);
	assert_int_equal(c->arch.regs.rdx, 7);
	assert_memory_equal(cb, rb, 64 * 8);
	assert_int_equal(cb[64], mine[64]);
	for (unsigned i = 0; i < 10; i++)
		cb[i] = 0xC000 + i;
	assert_int_equal(tsys(ERIX_SYS_REPLY, len_rdi(0, 10), 0, 8), ERIX_OK);
	assert_ptr_equal(sched_current(), W.tcb); /* woken above the child */
	assert_int_equal(W.tcb->arch.regs.rax, ERIX_OK);
	assert_int_equal(W.tcb->arch.regs.rdi, 10ull << ERIX_IPC_LEN_SHIFT);
	assert_int_equal(W.tcb->arch.regs.rdx, 8);
	assert_int_equal(rb[0], 0xC000);
	assert_int_equal(rb[9], 0xC009);
	assert_int_equal(rb[10], 0xB000A);
	child_waits(c);

	/* The full bound moves too. */
	assert_int_equal(tsys(ERIX_SYS_CALL, len_rdi(S_EP, ERIX_IPC_BUFFER_WORDS), 0, 1),
	                 ERIX_SYS_CALL);
	assert_int_equal(c->arch.regs.rdi >> ERIX_IPC_LEN_SHIFT, ERIX_IPC_BUFFER_WORDS);
	assert_int_equal(cb[ERIX_IPC_BUFFER_WORDS - 1], rb[ERIX_IPC_BUFFER_WORDS - 1]);
	assert_int_equal(cb[ERIX_IPC_BUFFER_WORDS], mine[ERIX_IPC_BUFFER_WORDS]);
	assert_int_equal(tsys(ERIX_SYS_REPLY, 0, 0, 0), ERIX_OK);
	child_waits(c);

	/* A reply with words to a caller without a buffer: refused, and the
	 * caller still waits for a reply that can come. */
	assert_int_equal(tsys(ERIX_SYS_SET_IPC_BUFFER, 0, 0, 0), ERIX_OK);
	assert_int_equal(tsys(ERIX_SYS_CALL, S_EP, 0, 1), ERIX_SYS_CALL); /* register words */
	assert_ptr_equal(sched_current(), c);
	assert_int_equal(tsys(ERIX_SYS_REPLY, len_rdi(0, 4), 0, 0), ERIX_ERR_BAD_ADDRESS);
	assert_int_equal(c->arch.regs.rdx, XRB);
	assert_int_equal(W.tcb->state, TCB_BLOCKED);
	assert_ptr_equal(c->reply_to, W.tcb);
	assert_int_equal(tsys(ERIX_SYS_REPLY, 0, 0, 0), ERIX_OK);
	assert_ptr_equal(sched_current(), W.tcb);
	assert_int_equal(tsys(ERIX_SYS_SET_IPC_BUFFER, BUF_VA, 0, 0), ERIX_OK);
	child_waits(c);

	/* The receiver's page unmapped after it registered: caught at the
	 * copy, and a page mapped there again is used. */
	vspace_unmap_anon(c->vspace, CHILD_BUF);
	take(&before);
	assert_int_equal(tsys(ERIX_SYS_CALL, len_rdi(S_EP, 8), 0, 1), ERIX_ERR_BAD_ADDRESS);
	assert_int_equal(W.tcb->arch.regs.rdx, XRB);
	assert_ptr_equal(e->recv.head, c);
	assert_unchanged("ipc_buffer_receiver_unmapped");
	assert_int_equal(vspace_map_anon(c->vspace, CHILD_BUF, ARCH_MAP_WRITE, &pa), ERIX_OK);
	assert_int_equal(tsys(ERIX_SYS_CALL, len_rdi(S_EP, 8), 0, 1), ERIX_SYS_CALL);
	assert_int_equal(page_at(c->vspace, CHILD_BUF)[7], rb[7]);
	assert_int_equal(tsys(ERIX_SYS_REPLY, 0, 0, 0), ERIX_OK);
	assert_ptr_equal(sched_current(), W.tcb);

	/* A queued CALL whose sender's page goes before it is received: the
	 * sender gets the error, the receiver waits on. */
	assert_int_equal(tsys(ERIX_SYS_CALL, len_rdi(S_EP, 8), 0, 1), ERIX_SYS_CALL); /* queues */
	assert_ptr_equal(sched_current(), c);
	assert_ptr_equal(e->send.head, W.tcb);
	vspace_unmap_anon(W.root.vspace, BUF_VA);
	(void)tsys(ERIX_SYS_RECV, 0, 0, 0);
	assert_ptr_equal(sched_current(), W.tcb);
	assert_int_equal(W.tcb->arch.regs.rax, ERIX_ERR_BAD_ADDRESS);
	assert_int_equal(W.tcb->arch.regs.rdx, XB);
	assert_ptr_equal(e->recv.head, c);
	assert_null(e->send.head);

	/* A faulted thread: the pager's REPLY with buffer words resumes it,
	 * its registers and its buffer untouched. */
	assert_int_equal(vspace_map_anon(W.root.vspace, BUF_VA, ARCH_MAP_WRITE, &pa), ERIX_OK);
	assert_int_equal(tsys(ERIX_SYS_NOTIFY, S_EP, 0, 0), ERIX_OK); /* wakes the child */
	make_current(c);
	sched_make_ready(W.tcb);
	c->arch.regs.rdi = 0x1234;
	memcpy(mine, page_at(c->vspace, CHILD_BUF), sizeof(mine));
	ipc_send_fault(c, e, VA + 9 * PAGE, ERIX_FAULT_WRITE);
	assert_ptr_equal(kernel_next(), &W.tcb->arch);
	(void)tsys(ERIX_SYS_RECV, S_EP, 0, 0);
	assert_int_equal(W.tcb->arch.regs.rdi & 0xff, ERIX_MSG_FAULT);
	assert_int_equal(W.tcb->arch.regs.rdi >> ERIX_IPC_LEN_SHIFT, 0);
	assert_int_equal(tsys(ERIX_SYS_REPLY, len_rdi(S_EP, 64), 0, 0), ERIX_OK);
	assert_int_equal(c->state, TCB_READY);
	assert_int_equal(c->arch.regs.rdi, 0x1234);
	assert_memory_equal(mine, page_at(c->vspace, CHILD_BUF), sizeof(mine));
	assert_int_equal(call(process_op_kill, S_FREE, 0, 0, 0), ERIX_OK);
}

/* An IRQ binding belongs to its binder: another process can neither
 * acknowledge nor unbind it, and the binder's death unbinds it, so the
 * endpoint it held (charged to the binder) goes and the budget settles. */
extern unsigned host_ioapic_pins;

/* A staged child (code and stack pages mapped, not started) holding, in
 * its slot 0, a SEND cap to ep, which the root keeps in S_FREE + 10.
 * *root_used: the root's account before the child was staged. */
static struct process *stage_child_with(struct endpoint *ep, uint64_t *root_used)
{
	struct cap c = {.type = ERIX_CAP_ENDPOINT, .rights = ERIX_RIGHT_SEND, .obj = ep};

	assert_int_equal(cspace_install(W.root.cspace, S_FREE + 10, &c), ERIX_OK);
	*root_used = W.root.acct.used;
	assert_int_equal(stage_run(S_FREE, CHILD_SLOTS, CHILD_BUDGET), ERIX_OK);
	assert_int_equal(map(S_FREE, VA, 1, R_RX), ERIX_OK);
	assert_int_equal(map(S_FREE, VA + PAGE, 1, R_RW), ERIX_OK);
	assert_int_equal(call(process_op_derive_grant, S_FREE, S_FREE + 1, 0, ERIX_RIGHT_SEND),
	                 ERIX_OK);
	assert_int_equal(call(process_op_install_grant, S_FREE + 1, S_FREE + 10, 0, 0), ERIX_OK);
	return proc_at(S_FREE);
}

static void test_irq_binding_owned_by_binder(void **state)
{
	struct endpoint *irqd;
	struct process *p;
	uint64_t root_used;

	(void)state;
	host_ioapic_pins = 24;
	platform.ioapic_count = 1;
	platform.ioapics[0].phys = 0xFEC00000u;
	platform.ioapics[0].gsi_base = 0;
	for (unsigned i = 0; i < 16; i++)
		platform.isa[i].gsi = i;
	assert_int_equal(endpoint_create(&W.boot, ERIX_EP_IRQD, &irqd), ERIX_OK);
	p = stage_child_with(irqd, &root_used);
	assert_int_equal(call(process_op_derive_grant, S_FREE, S_FREE + 1, 1, ERIX_RIGHT_SEND),
	                 ERIX_OK);
	assert_int_equal(call(process_op_install_grant, S_FREE + 1, S_PC, 0, 0), ERIX_OK);
	assert_int_equal(call(process_op_start, S_FREE, VA, VA + 2 * PAGE, 0), ERIX_OK);
	run_child(p);
	assert_int_equal(kcall(1, ERIX_KCTL_CREATE_ENDPOINT, 2, 0, 0, 0), ERIX_OK);
	assert_int_equal(kcall(0, ERIX_KCTL_IRQ_BIND, 1, 2, 1, 0), ERIX_OK);
	run_root();
	/* rootd is not the binder: the line is not its to serve or free. */
	assert_int_equal(call(irq_op_ack, 1, 0, 0, 0), ERIX_ERR_NOT_FOUND);
	assert_int_equal(call(irq_op_mask, 1, 0, 0, 0), ERIX_ERR_NOT_FOUND);
	assert_int_equal(call(irq_op_unmask, 1, 0, 0, 0), ERIX_ERR_NOT_FOUND);
	assert_int_equal(call(irq_op_bind, 1, ERIX_IRQ_UNBIND, 0, 0), ERIX_ERR_NOT_FOUND);
	/* The binder masks and unmasks its own line. */
	run_child(p);
	assert_int_equal(kcall(0, ERIX_KCTL_IRQ_MASK, 1, 0, 0, 0), ERIX_OK);
	assert_int_equal(kcall(0, ERIX_KCTL_IRQ_UNMASK, 1, 0, 0, 0), ERIX_OK);
	run_root();
	assert_int_equal(call(process_op_kill, S_FREE, 0, 0, 0), ERIX_OK);
	assert_int_equal(p->state, PROCESS_DEAD);
	assert_int_equal(p->settled, 1); /* the binding went with its binder */
	assert_int_equal(call(irq_op_bind, 1, ERIX_IRQ_UNBIND, 0, 0), ERIX_ERR_NOT_FOUND);
	cap_clear(slot(S_FREE + 10));
	assert_int_equal(W.root.acct.used, root_used);
	host_ioapic_pins = 0;
	memset(&platform, 0, sizeof(platform));
}

/* ------------------------------------------------------- hot-plug */

/* A PCIe root port at 00:02.0 with a hot-plug slot (power controller,
 * attention button), its config space as dwords. As in hardware, Slot
 * Status (the high half of 0x58) is write-1-to-clear and every write of
 * Slot Control (the low half, whether as a word or through the dword) is a
 * command: the fake counts them, and those issued while the last one has
 * not completed (the spec forbids them), and sets Command Completed at
 * once, when the test says, or never (cc). */
#define HP_BDF       0x10
#define HP_SLOT      (0x58 / 4)
#define HP_SLOTCAP   0x43u      /* hot-plug capable, power controller, button */
#define HP_NCCS      (1u << 18) /* no Command Completed support */
#define HP_INTS      0x103Fu    /* every interrupt enable */
#define HP_PDS       0x40u
#define HP_CC        0x10u
#define HP_RW1C      0x11Fu
#define HP_PCC       0x400u
#define HP_PIC       0x300u
#define HP_PIC_ON    0x100u
#define HP_PIC_BLINK 0x200u
#define HP_SEQ       (HP_PCC | HP_PIC)
#define HP_WAIT      SCHED_HZ       /* 1 s for a Command Completed that never comes */
#define HP_WINDOW    (5 * SCHED_HZ) /* the attention button's abort window */
enum hp_cc { HP_CC_AT_ONCE, HP_CC_LATER, HP_CC_NEVER };
static struct {
	uint32_t cfg[1024];
	enum hp_cc cc;
	int busy;          /* a command not completed */
	unsigned writes;   /* Slot Control writes */
	unsigned overlaps; /* ... while busy */
	uint16_t last;     /* the last one */
} hpf;
static uint64_t hp_now; /* the ticks hotplug_tick has seen */
extern uint32_t (*host_pci_read)(uint16_t bdf, unsigned off);
extern void (*host_pci_write)(uint16_t bdf, unsigned off, uint32_t v);
extern void (*host_pci_write16)(uint16_t bdf, unsigned off, uint16_t v);

static uint32_t hp_read(uint16_t bdf, unsigned off)
{
	return bdf == HP_BDF ? hpf.cfg[off / 4] : 0xFFFFFFFF;
}

static void hp_complete(void)
{
	hpf.busy = 0;
	hpf.cfg[HP_SLOT] |= HP_CC << 16;
}

static void hp_control(uint16_t v)
{
	hpf.overlaps += hpf.busy;
	hpf.writes++;
	hpf.last = v;
	hpf.cfg[HP_SLOT] = (hpf.cfg[HP_SLOT] & 0xFFFF0000u) | v;
	if ((hpf.cfg[0x54 / 4] & HP_NCCS) || hpf.cc == HP_CC_NEVER)
		return;
	hpf.busy = 1;
	if (hpf.cc == HP_CC_AT_ONCE)
		hp_complete();
}

static void hp_status_clear(uint16_t v)
{
	hpf.cfg[HP_SLOT] &= ~((uint32_t)(v & HP_RW1C) << 16);
}

static void hp_write(uint16_t bdf, unsigned off, uint32_t v)
{
	if (bdf != HP_BDF)
		return;
	if (off / 4 != HP_SLOT) {
		hpf.cfg[off / 4] = v;
		return;
	}
	hp_status_clear((uint16_t)(v >> 16));
	hp_control((uint16_t)v);
}

static void hp_write16(uint16_t bdf, unsigned off, uint16_t v)
{
	uint32_t *d = &hpf.cfg[off / 4];

	if (bdf != HP_BDF)
		return;
	if (off == HP_SLOT * 4)
		hp_control(v);
	else if (off == HP_SLOT * 4 + 2)
		hp_status_clear(v);
	else
		*d = (off & 2) ? (*d & 0xFFFF) | (uint32_t)v << 16 : (*d & 0xFFFF0000u) | v;
}

/* The slot's hardware: a change (status bits) and whether a card is in. */
static void hp_change(uint32_t changed, int present)
{
	hpf.cfg[HP_SLOT] = (hpf.cfg[HP_SLOT] & ~(HP_PDS << 16)) | (changed | (present ? HP_PDS : 0))
	                                                              << 16;
}

static void hp_port(uint32_t slotcap, uint32_t slot, enum hp_cc cc)
{
	memset(&hpf, 0, sizeof(hpf));
	hpf.cfg[0] = 0x000C1B36;                  /* a vendor: the function is there */
	hpf.cfg[1] = 1u << 20;                    /* a capability list */
	hpf.cfg[3] = 1u << 16;                    /* a bridge */
	hpf.cfg[0x34 / 4] = 0x40;                 /* its first capability */
	hpf.cfg[0x40 / 4] = 0x0142u << 16 | 0x10; /* PCI Express: root port, slot */
	hpf.cfg[0x54 / 4] = slotcap;
	hpf.cfg[HP_SLOT] = slot;
	hpf.cc = cc;
	host_pci_read = hp_read;
	host_pci_write = hp_write;
	host_pci_write16 = hp_write16;
}

static void hp_unplug(void)
{
	host_pci_read = NULL;
	host_pci_write = NULL;
	host_pci_write16 = NULL;
}

static void hp_tick(unsigned n)
{
	while (n--)
		hotplug_tick(++hp_now);
}

/* Found, quiesced (interrupts off, stale events gone); a card is powered
 * and reported; changes fold into one record; the attention button on a
 * powered card blinks the indicator and powers it off 5 s later;
 * refusals. */
static void test_hotplug_port_events(void **state)
{
	(void)state;
	assert_int_equal(call(hotplug_op_wait, 0, 0, 0, 0), ERIX_ERR_NOT_FOUND); /* no port yet */
	hp_port(HP_SLOTCAP, HP_PCC | HP_PIC | HP_INTS | (0x19u << 16), HP_CC_AT_ONCE);
	hotplug_init();
	assert_int_equal(hpf.writes, 1); /* interrupts off: one command */
	assert_int_equal(hpf.cfg[HP_SLOT], HP_PCC | HP_PIC | HP_CC << 16);
	assert_int_equal(call(hotplug_op_wait, 0, 0, 0, 0), ERIX_ERR_TIMEOUT);
	assert_int_equal(hpf.cfg[HP_SLOT] >> 16, 0); /* its completion seen and cleared */
	assert_int_equal(call(hotplug_op_wait, ERIX_HOTPLUG_TIMEOUT_MAX + 1, 0, 0, 0),
	                 ERIX_ERR_RANGE);
	hp_change(ERIX_HOTPLUG_EV_PRESENCE | ERIX_HOTPLUG_EV_ATTENTION, 1);
	assert_int_equal(call(hotplug_op_wait, 0, 0, 0, 0), ERIX_OK);
	assert_int_equal(out[0], HP_BDF);
	assert_int_equal(out[1], ERIX_HOTPLUG_EV_PRESENCE | ERIX_HOTPLUG_EV_ATTENTION);
	assert_int_equal(out[2], ERIX_HOTPLUG_STATE_PRESENT | ERIX_HOTPLUG_STATE_POWERED);
	assert_int_equal(out[3], 1);
	assert_int_equal(hpf.cfg[HP_SLOT] & HP_SEQ, HP_PIC_ON);   /* on, indicator on */
	assert_int_equal(hpf.cfg[HP_SLOT] >> 16, HP_PDS | HP_CC); /* changes cleared */
	assert_int_equal(call(hotplug_op_wait, 0, 0, 0, 0), ERIX_ERR_TIMEOUT);
	/* Removal request: blinking for 5 s, then off; then the card goes. */
	hp_change(ERIX_HOTPLUG_EV_ATTENTION, 1);
	hp_tick(1);
	assert_int_equal(hpf.cfg[HP_SLOT] & HP_SEQ, HP_PIC_BLINK);
	hp_tick(HP_WINDOW - 1);
	assert_int_equal(hpf.cfg[HP_SLOT] & HP_SEQ, HP_PIC_BLINK);
	hp_tick(1);
	assert_int_equal(hpf.cfg[HP_SLOT] & HP_SEQ, HP_PCC | HP_PIC);
	hp_change(ERIX_HOTPLUG_EV_PRESENCE | ERIX_HOTPLUG_EV_LINK, 0);
	hp_tick(1);
	assert_int_equal(call(hotplug_op_wait, 0, 0, 0, 0), ERIX_OK);
	assert_int_equal(out[1], ERIX_HOTPLUG_EV_ATTENTION | ERIX_HOTPLUG_EV_PRESENCE |
	                             ERIX_HOTPLUG_EV_LINK);
	assert_int_equal(out[2], 0);
	assert_int_equal(out[3], 2);
	assert_int_equal(hpf.cfg[HP_SLOT] >> 16, 0);
	assert_int_equal(hpf.writes, 4);
	assert_int_equal(hpf.overlaps, 0);
}

/* One waiter: a child blocks, the root's wait is BUSY; the child's wait
 * ends by timeout, by an event (the words in its registers), and by its
 * death, after which no waiter is left to wake. Runs after the test above
 * (the port is found). */
static void test_hotplug_waiter(void **state)
{
	struct endpoint *hp;
	struct process *p;
	struct tcb *t;
	uint64_t root_used;

	(void)state;
	assert_int_equal(endpoint_create(&W.boot, ERIX_EP_HOTPLUGD, &hp), ERIX_OK);
	p = stage_child_with(hp, &root_used);
	assert_int_equal(call(process_op_start, S_FREE, VA, VA + 2 * PAGE, 0), ERIX_OK);
	t = p->main;
	/* A timed wait: BUSY for the root meanwhile, TIMEOUT at its tick. */
	run_child(p);
	sched_make_ready(W.tcb);
	(void)tsys(ERIX_SYS_CALL, 0, ERIX_KCTL_HOTPLUG_WAIT, 3);
	assert_ptr_equal(sched_current(), W.tcb);
	assert_int_equal(t->state, TCB_BLOCKED);
	assert_int_equal(kcall(S_FREE + 10, ERIX_KCTL_HOTPLUG_WAIT, 0, 0, 0, 0), ERIX_ERR_BUSY);
	ipc_tick(sched_ticks() + 3);
	assert_int_equal(t->state, TCB_READY);
	assert_int_equal(t->arch.regs.rax, ERIX_ERR_TIMEOUT);
	assert_int_equal(kcall(S_FREE + 10, ERIX_KCTL_HOTPLUG_WAIT, 0, 0, 0, 0), ERIX_ERR_TIMEOUT);
	/* For ever, until a card comes: the report in its registers. */
	run_child(p);
	sched_make_ready(W.tcb);
	(void)tsys(ERIX_SYS_CALL, 0, ERIX_KCTL_HOTPLUG_WAIT, ERIX_HOTPLUG_FOREVER);
	assert_ptr_equal(sched_current(), W.tcb);
	hp_change(ERIX_HOTPLUG_EV_PRESENCE, 1);
	hp_tick(1);
	assert_int_equal(t->state, TCB_READY);
	assert_int_equal(t->arch.regs.rax, ERIX_OK);
	assert_int_equal(t->arch.regs.rdx, HP_BDF);
	assert_int_equal(t->arch.regs.r10, ERIX_HOTPLUG_EV_PRESENCE);
	assert_int_equal(t->arch.regs.r9, 1);
	/* Killed while it waits: nobody is left waiting, the next event is
	 * only recorded (ASan would see a freed waiter touched). */
	run_child(p);
	sched_make_ready(W.tcb);
	(void)tsys(ERIX_SYS_CALL, 0, ERIX_KCTL_HOTPLUG_WAIT, ERIX_HOTPLUG_FOREVER);
	assert_ptr_equal(sched_current(), W.tcb);
	assert_int_equal(call(process_op_kill, S_FREE, 0, 0, 0), ERIX_OK);
	hp_change(ERIX_HOTPLUG_EV_ATTENTION, 1);
	hp_tick(1);
	assert_int_equal(kcall(S_FREE + 10, ERIX_KCTL_HOTPLUG_WAIT, 0, 0, 0, 0), ERIX_OK);
	assert_int_equal(out[1], ERIX_HOTPLUG_EV_ATTENTION);
	cap_clear(slot(S_FREE + 10));
	assert_int_equal(W.root.acct.used, root_used);
	hp_unplug();
}

/* Events cleared by the status word alone: a change that needs no power
 * step issues no command (a dword write would rewrite Slot Control). */
static void test_hotplug_status_clear(void **state)
{
	(void)state;
	hp_port(HP_SLOTCAP, HP_PIC_ON | HP_PDS << 16, HP_CC_AT_ONCE); /* powered, card in */
	hotplug_init();
	assert_int_equal(hpf.writes, 0); /* interrupts were off: nothing to command */
	assert_int_equal(call(hotplug_op_wait, 0, 0, 0, 0), ERIX_ERR_TIMEOUT);
	hp_change(ERIX_HOTPLUG_EV_LINK | ERIX_HOTPLUG_EV_MRL | ERIX_HOTPLUG_EV_POWER_FAULT, 1);
	hp_tick(1);
	assert_int_equal(hpf.cfg[HP_SLOT], HP_PIC_ON | HP_PDS << 16);
	assert_int_equal(call(hotplug_op_wait, 0, 0, 0, 0), ERIX_OK);
	assert_int_equal(out[1],
	                 ERIX_HOTPLUG_EV_LINK | ERIX_HOTPLUG_EV_MRL | ERIX_HOTPLUG_EV_POWER_FAULT);
	assert_int_equal(hpf.writes, 0);
	hp_unplug();
}

/* No Slot Control write while one is pending: the power step waits for
 * Command Completed, or for 1 s when it never comes. */
static void test_hotplug_command_pending(void **state)
{
	(void)state;
	hp_port(HP_SLOTCAP, HP_PCC | HP_PIC | HP_INTS, HP_CC_LATER);
	hotplug_init();
	assert_int_equal(hpf.writes, 1); /* interrupts off, not completed yet */
	hp_change(ERIX_HOTPLUG_EV_PRESENCE, 1);
	hp_tick(3);
	assert_int_equal(hpf.writes, 1); /* power-on deferred */
	assert_int_equal(hpf.cfg[HP_SLOT] & HP_SEQ, HP_PCC | HP_PIC);
	hp_complete();
	hp_tick(1);
	assert_int_equal(hpf.writes, 2);
	assert_int_equal(hpf.last & HP_SEQ, HP_PIC_ON);
	hp_complete();
	hp_tick(1);
	/* Command Completed never comes: the next command 1 s after the last. */
	hpf.cc = HP_CC_NEVER;
	hp_change(ERIX_HOTPLUG_EV_ATTENTION, 1);
	hp_tick(1);
	assert_int_equal(hpf.writes, 3);
	assert_int_equal(hpf.last & HP_SEQ, HP_PIC_BLINK);
	hp_change(ERIX_HOTPLUG_EV_ATTENTION, 1); /* cancel: wanted, not yet written */
	hp_tick(HP_WAIT - 1);
	assert_int_equal(hpf.writes, 3);
	hp_tick(1);
	assert_int_equal(hpf.writes, 4);
	assert_int_equal(hpf.last & HP_SEQ, HP_PIC_ON);
	hp_tick(HP_WINDOW);
	assert_int_equal(hpf.writes, 4); /* cancelled: still powered */
	assert_int_equal(hpf.overlaps, 0);
	hp_unplug();
}

/* No Command Completed support (Slot Capabilities bit 18): commands on
 * consecutive ticks, none waited for. */
static void test_hotplug_no_cc_support(void **state)
{
	(void)state;
	hp_port(HP_SLOTCAP | HP_NCCS, HP_PCC | HP_PIC | HP_INTS, HP_CC_AT_ONCE);
	hotplug_init();
	assert_int_equal(hpf.writes, 1);
	hp_change(ERIX_HOTPLUG_EV_PRESENCE, 1);
	hp_tick(1);
	assert_int_equal(hpf.writes, 2);
	assert_int_equal(hpf.last & HP_SEQ, HP_PIC_ON);
	hp_change(ERIX_HOTPLUG_EV_ATTENTION, 1);
	hp_tick(1);
	assert_int_equal(hpf.writes, 3);
	assert_int_equal(hpf.last & HP_SEQ, HP_PIC_BLINK);
	hp_change(ERIX_HOTPLUG_EV_ATTENTION, 1);
	hp_tick(1);
	assert_int_equal(hpf.writes, 4);
	assert_int_equal(hpf.last & HP_SEQ, HP_PIC_ON);
	assert_int_equal(hpf.cfg[HP_SLOT] >> 16, HP_PDS); /* never a Command Completed */
	hp_unplug();
}

/* A card in a powered-off slot at boot is powered and reported: at once
 * when no command is pending, else after the quiescing one completes. A
 * slot without a power controller is left alone. */
static void test_hotplug_boot_card(void **state)
{
	(void)state;
	hp_port(HP_SLOTCAP, HP_PCC | HP_PIC | HP_PDS << 16, HP_CC_AT_ONCE);
	hotplug_init();
	assert_int_equal(hpf.writes, 1);
	assert_int_equal(hpf.last & HP_SEQ, HP_PIC_ON);
	assert_int_equal(call(hotplug_op_wait, 0, 0, 0, 0), ERIX_OK);
	assert_int_equal(out[1], ERIX_HOTPLUG_EV_PRESENCE);
	assert_int_equal(out[2], ERIX_HOTPLUG_STATE_PRESENT | ERIX_HOTPLUG_STATE_POWERED);
	assert_int_equal(out[3], 1);
	hp_port(HP_SLOTCAP, HP_PCC | HP_PIC | HP_INTS | HP_PDS << 16, HP_CC_LATER);
	hotplug_init();
	assert_int_equal(hpf.writes, 1);
	assert_int_equal(call(hotplug_op_wait, 0, 0, 0, 0), ERIX_OK);
	assert_int_equal(out[1], ERIX_HOTPLUG_EV_PRESENCE);
	assert_int_equal(out[2], ERIX_HOTPLUG_STATE_PRESENT); /* not powered yet */
	hp_complete();
	hp_tick(1);
	assert_int_equal(hpf.writes, 2);
	assert_int_equal(hpf.last & HP_SEQ, HP_PIC_ON);
	assert_int_equal(hpf.overlaps, 0);
	hp_port(HP_SLOTCAP & ~0x2u, HP_PCC | HP_PIC | HP_PDS << 16, HP_CC_AT_ONCE);
	hotplug_init();
	assert_int_equal(hpf.writes, 0);
	assert_int_equal(call(hotplug_op_wait, 0, 0, 0, 0), ERIX_ERR_TIMEOUT);
	hp_unplug();
}

/* The attention button's 5 s window: a press blinks and is reported, the
 * power goes only when the window ends; a second press inside it cancels
 * (indicator on, reported) and the slot stays powered. */
static void test_hotplug_attention_window(void **state)
{
	(void)state;
	hp_port(HP_SLOTCAP, HP_PIC_ON | HP_PDS << 16, HP_CC_AT_ONCE);
	hotplug_init();
	hp_change(ERIX_HOTPLUG_EV_ATTENTION, 1);
	hp_tick(1);
	assert_int_equal(hpf.cfg[HP_SLOT] & HP_SEQ, HP_PIC_BLINK);
	assert_int_equal(call(hotplug_op_wait, 0, 0, 0, 0), ERIX_OK);
	assert_int_equal(out[1], ERIX_HOTPLUG_EV_ATTENTION);
	assert_int_equal(out[2], ERIX_HOTPLUG_STATE_PRESENT | ERIX_HOTPLUG_STATE_POWERED);
	hp_tick(HP_WINDOW - 2);
	hp_change(ERIX_HOTPLUG_EV_ATTENTION, 1); /* the window's last tick */
	hp_tick(1);
	assert_int_equal(hpf.cfg[HP_SLOT] & HP_SEQ, HP_PIC_ON);
	assert_int_equal(call(hotplug_op_wait, 0, 0, 0, 0), ERIX_OK);
	assert_int_equal(out[1], ERIX_HOTPLUG_EV_ATTENTION);
	assert_int_equal(out[2], ERIX_HOTPLUG_STATE_PRESENT | ERIX_HOTPLUG_STATE_POWERED);
	hp_tick(2 * HP_WINDOW);
	assert_int_equal(hpf.cfg[HP_SLOT] & HP_SEQ, HP_PIC_ON);
	assert_int_equal(hpf.writes, 2);
	/* A new press is a new request; unanswered, it powers off at 5 s. */
	hp_change(ERIX_HOTPLUG_EV_ATTENTION, 1);
	hp_tick(HP_WINDOW);
	assert_int_equal(hpf.cfg[HP_SLOT] & HP_SEQ, HP_PIC_BLINK);
	hp_tick(1);
	assert_int_equal(hpf.cfg[HP_SLOT] & HP_SEQ, HP_PCC | HP_PIC);
	assert_int_equal(hpf.overlaps, 0);
	hp_unplug();
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, world_setup, world_teardown)
	const struct CMUnitTest tests[] = {
	    T(test_table),
	    T(test_dispatch),
	    T(test_attenuation_never_widens),
	    T(test_alias_and_last_drop),
	    T(test_window_clamped),
	    T(test_abort_refunds_exactly),
	    T(test_kill_refunds_exactly),
	    T(test_kill_self_busy),
	    T(test_grants_block_start),
	    T(test_write_memory),
	    T(test_start_frame),
	    T(test_child_budget_exhaustion),
	    T(test_create_rollback),
	    T(test_map_anon_partial_rollback),
	    T(test_write_foreign_page),
	    T(test_arch_map_checks),
	    T(test_nested_kill),
	    T(test_kill_multithreaded),
	    T(test_stage_lives_on_grant),
	    T(test_ipc_buffer_register),
	    T(test_ipc_buffer_transfer),
	    T(test_irq_binding_owned_by_binder),
	    T(test_hotplug_port_events),
	    T(test_hotplug_waiter),
	    T(test_hotplug_status_clear),
	    T(test_hotplug_command_pending),
	    T(test_hotplug_no_cc_support),
	    T(test_hotplug_boot_card),
	    T(test_hotplug_attention_window),
	};
#undef T

	return cmocka_run_group_tests_name("kcaps", tests, NULL, NULL);
}
