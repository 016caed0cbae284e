/* Thread control blocks: a fixed pool of ARCH_MAX_KSTACKS entries, entry i
 * owning kernel stack i (mapped once, reused). */
#ifndef ERIX_KERNEL_TCB_H
#define ERIX_KERNEL_TCB_H

#include "arch/x86_64/arch.h"

enum tcb_state {
	TCB_FREE = 0,
	TCB_READY,    /* in a run queue */
	TCB_RUNNING,  /* the current thread */
	TCB_BLOCKED,  /* in an endpoint queue */
	TCB_SLEEPING, /* kernel selftests: until wake_tick */
	TCB_DEAD,     /* killed; entry reusable once another thread runs */
	TCB_IDLE,     /* the idle thread: never queued */
};

#define TCB_NAME_MAX     16
#define TCB_F_ROOTD_MAIN 0x1 /* its death ends the system */

struct cspace;
struct vspace;

struct tcb {
	struct arch_thread arch;
	struct tcb *next; /* run-queue or endpoint-queue link */
	struct cspace *cspace;
	struct vspace *vspace; /* NULL for kernel threads */
	uint64_t wake_tick;
	uint64_t ipc_word;   /* delivered to a blocked receiver */
	uint32_t ipc_status; /* ERIX status a blocked receiver wakes with */
	uint32_t tid;
	uint8_t index;
	uint8_t prio;
	uint8_t state;
	uint8_t flags;
	char name[TCB_NAME_MAX];
};

/* A fresh TCB with a mapped kernel stack, or NULL when the pool is
 * exhausted. It is claimed (state BLOCKED, so no other tcb_alloc takes it)
 * but not runnable: the caller initialises its arch state and hands it to
 * the scheduler. */
struct tcb *tcb_alloc(const char *name, uint8_t prio);
struct tcb *tcb_at(unsigned index); /* pool walk for the scheduler */

#endif
