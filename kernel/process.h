/* Processes: a private CSpace, VSpace and threads, paid for out of a
 * kernel-memory budget the parent gave at staged creation (its account).
 *
 * Lifecycle: CREATE_STAGED_PROCESS makes a stage (CSpace, VSpace, one
 * inactive TCB); the parent maps anonymous pages into it, writes them,
 * installs startup caps through install grants, then START_PROCESS runs it
 * (denied while grants are live). ABORT (a stage) and KILL (any) tear it
 * down: every thread leaves wherever it is, every object goes, and the
 * budget returns to the parent, exactly. A process also dies when the last
 * cap naming it goes; the struct itself lives until then. */
#ifndef ERIX_KERNEL_PROCESS_H
#define ERIX_KERNEL_PROCESS_H

#include "kobj.h"

enum process_state {
	PROCESS_STAGED = 1,
	PROCESS_RUNNING,
	PROCESS_DEAD,
};

struct cap;
struct cspace;
struct endpoint;
struct tcb;
struct vspace;

struct process {
	struct account acct;   /* the child's budget: everything it holds */
	struct account *payer; /* the parent's: paid acct.limit and this struct */
	struct cspace *cspace;
	struct vspace *vspace;
	struct tcb *threads;       /* linked through tcb->proc_next */
	struct tcb *main;          /* the thread START_PROCESS runs */
	struct process *reap_next; /* queued for teardown */
	struct process *dead_next; /* dead, waiting to settle or be freed */
	uint32_t refs;             /* caps naming it: process caps and grants */
	uint32_t live_grants;      /* install grants still targeting the stage */
	uint32_t pid;
	uint8_t state;
	uint8_t prio;
	uint32_t pager_slot; /* SET_PAGER: a slot of its own CSpace; 0 = none */
	uint8_t queued;      /* on reap_list */
	uint8_t settled;     /* budget returned to the payer */
};

/* rootd's process: boot built its objects; its budget is the pool that is
 * left (what the kernel keeps for itself aside). */
void process_init_root(struct tcb *rootd, uint64_t budget);
struct process *process_of_current(void);
/* The live process a cap in the caller's slot names (in `state` unless 0):
 * EMPTY_SLOT, WRONG_TYPE, NOT_FOUND (dead) or BUSY (other state). */
enum erix_err process_lookup(uint64_t slot, uint8_t state, struct cap **cap, struct process **out);
int process_is_root(const struct process *p);

/* Threads join and leave their process's list. */
void process_add_thread(struct process *p, struct tcb *t);
void process_remove_thread(struct tcb *t);

/* Tears down queued processes and settles dead ones whose accounts are
 * now empty; safe at any depth. endpoint_unref calls it: an endpoint a dead
 * process created (and sent away) may be the last thing its account held. */
void process_reap(void);

/* Cap references (cap.c): the last one tears a live process down. */
void process_ref(struct process *p);
void process_unref(struct process *p);

/* Kernel-control ops (kctl.c dispatches; w = message words 1..4). */
enum erix_err process_op_create_staged(const struct endpoint *ep, const uint64_t *w, uint64_t *out);
enum erix_err process_op_map_anon(const struct endpoint *ep, const uint64_t *w, uint64_t *out);
enum erix_err process_op_write_memory(const struct endpoint *ep, const uint64_t *w, uint64_t *out);
enum erix_err process_op_derive_grant(const struct endpoint *ep, const uint64_t *w, uint64_t *out);
enum erix_err process_op_install_grant(const struct endpoint *ep, const uint64_t *w, uint64_t *out);
enum erix_err process_op_start(const struct endpoint *ep, const uint64_t *w, uint64_t *out);
enum erix_err process_op_abort(const struct endpoint *ep, const uint64_t *w, uint64_t *out);
enum erix_err process_op_kill(const struct endpoint *ep, const uint64_t *w, uint64_t *out);
enum erix_err process_op_read_kmem(const struct endpoint *ep, const uint64_t *w, uint64_t *out);
enum erix_err process_op_set_pager(const struct endpoint *ep, const uint64_t *w, uint64_t *out);
enum erix_err process_op_spawn_thread(const struct endpoint *ep, const uint64_t *w, uint64_t *out);
enum erix_err process_op_set_affinity(const struct endpoint *ep, const uint64_t *w, uint64_t *out);

#endif
