/* Thread control blocks. A TCB holds all of a user thread's state (its
 * registers are in arch.regs), so a thread that is not on the CPU owns no
 * kernel stack: it can be killed, restarted or read wherever it is blocked.
 * TCBs are kobj objects charged to the account that created them. */
#ifndef ERIX_KERNEL_TCB_H
#define ERIX_KERNEL_TCB_H

#include "arch/x86_64/arch.h"
#include "error.h"

enum tcb_state {
	TCB_INACTIVE = 0, /* created, not started */
	TCB_READY,        /* in a run queue */
	TCB_RUNNING,      /* the current thread */
	TCB_BLOCKED,      /* in an endpoint queue (blocked_on) */
	TCB_SLEEPING,     /* kernel selftest threads: until wake_tick */
	TCB_DEAD,         /* killed; freed once not current and unreferenced */
};

/* What a TCB_BLOCKED thread waits for (ipc.c). */
enum tcb_wait {
	WAIT_NONE = 0,
	WAIT_RECV,    /* a message, in blocked_on's recv queue */
	WAIT_SEND,    /* a receiver for its CALL, in blocked_on's send queue */
	WAIT_REPLY,   /* the reply to a received CALL, in blocked_on's reply queue */
	WAIT_HOTPLUG, /* HOTPLUG_WAIT: a slot event (hotplug.c), no endpoint */
};

#define TCB_NAME_MAX     16
#define TCB_F_ROOTD_MAIN 0x1 /* its death ends the system */
#define TCB_F_KERNEL     0x2 /* kernel thread (selftests): has its own stack */
#define TCB_F_FAULT      0x4 /* waits on its pager: fault_addr, fault_access */
#define TCB_F_TIMED      0x8 /* a timed CALL on ipc.c's list (timeout_tick) */

struct account;
struct cspace;
struct endpoint;
struct process;
struct vspace;

struct tcb {
	struct arch_thread arch;
	struct tcb *next;            /* run-queue or endpoint-queue link */
	struct tcb *prev;            /* ... and back: removal is O(1) */
	struct endpoint *blocked_on; /* TCB_BLOCKED: the queue it is in */
	struct tcb *reply_to;        /* the caller this thread owes a reply */
	struct tcb *replier;         /* WAIT_REPLY: the thread that owes it one */
	struct tcb *timed_next;      /* a timed CALL's link in ipc.c's list */
	uint64_t timeout_tick;       /* a timed CALL: ERIX_ERR_TIMEOUT at this tick */
	struct cspace *cspace;
	struct vspace *vspace; /* NULL for kernel threads */
	struct account *acct;  /* who paid for this TCB */
	struct process *proc;  /* NULL for kernel threads */
	struct tcb *proc_next; /* the process's thread list */
	uint64_t wake_tick;
	uint64_t ipc_buf;      /* ERIX_SYS_SET_IPC_BUFFER: a page of vspace, or 0 */
	uint64_t fault_addr;   /* TCB_F_FAULT: the address, */
	uint32_t fault_access; /* ERIX_FAULT_* */
	uint32_t tid;
	uint32_t refs; /* caps naming this TCB */
	uint8_t prio;
	uint8_t state;
	uint8_t flags;
	uint8_t kstack; /* kernel threads: their stack slot */
	uint8_t wait;   /* enum tcb_wait */
	uint8_t cpu;    /* the one CPU it runs on (sched.h) */
	char name[TCB_NAME_MAX];
};

/* A FIFO of threads (a run queue, an endpoint queue), linked through
 * tcb->next and tcb->prev; a thread is in at most one queue. */
struct tcb_queue {
	struct tcb *head, *tail;
};

static inline void tcb_queue_push(struct tcb_queue *q, struct tcb *t)
{
	t->next = NULL;
	t->prev = q->tail;
	if (q->tail)
		q->tail->next = t;
	else
		q->head = t;
	q->tail = t;
}

static inline struct tcb *tcb_queue_pop(struct tcb_queue *q)
{
	struct tcb *t = q->head;

	if (t) {
		q->head = t->next;
		if (q->head)
			q->head->prev = NULL;
		else
			q->tail = NULL;
		t->next = NULL;
	}
	return t;
}

/* Takes t out of q, which holds it (the caller knows: t's wait state
 * names q). */
static inline void tcb_queue_unlink(struct tcb_queue *q, struct tcb *t)
{
	if (t->prev)
		t->prev->next = t->next;
	else
		q->head = t->next;
	if (t->next)
		t->next->prev = t->prev;
	else
		q->tail = t->prev;
	t->next = t->prev = NULL;
}

/* Takes t out of q if it is there (in O(1): a thread that is in a queue
 * is in the one its wait state names). */
static inline void tcb_queue_remove(struct tcb_queue *q, struct tcb *t)
{
	if (t->prev ? t->prev->next != t : q->head != t)
		return;
	tcb_queue_unlink(q, t);
}

/* A new TCB in TCB_INACTIVE, charged to acct. */
enum erix_err tcb_create(struct account *acct, const char *name, uint8_t prio, struct tcb **out);
/* Frees a TCB that is dead (or never started), not current, unreferenced. */
void tcb_destroy(struct tcb *t);
/* Frees t if it is dead and nothing needs it any more. */
void tcb_reap(struct tcb *t);

/* Kernel memory one thread costs (its TCB's size class): make bench. */
size_t tcb_bytes(void);

#endif
