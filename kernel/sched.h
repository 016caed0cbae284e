/* Preemptive priority round-robin scheduler: 256 priorities with a ready
 * bitmap and a one-tick quantum. One kernel stack per CPU: a decision made
 * while serving a user thread takes effect when the kernel leaves
 * (kernel_next picks the thread to resume); kernel threads (selftests)
 * switch at once. */
#ifndef ERIX_KERNEL_SCHED_H
#define ERIX_KERNEL_SCHED_H

#include "tcb.h"
#include "vspace.h"

#define SCHED_HZ 100

/* The thread on the CPU (NULL while idle). Read inline: every op asks. */
extern struct tcb *sched_running;
static inline struct tcb *sched_current(void)
{
	return sched_running;
}
/* Timer ticks since the scheduler started (SCHED_HZ per second). */
uint64_t sched_ticks(void);

/* Makes t ready (it must be INACTIVE, BLOCKED or SLEEPING and in no queue).
 * A higher-priority t preempts the current thread when the kernel leaves. */
void sched_make_ready(struct tcb *t);
/* Makes t ready without ever switching at once, also in a kernel thread:
 * for wakeups made in a loop (the switch comes when the kernel leaves, or
 * at the next tick). */
void sched_wake(struct tcb *t);
/* The current thread, its state already set by the caller (BLOCKED), gives
 * up the CPU. */
void sched_block(void);
void sched_yield(void);
/* Takes t off the CPU, out of its run queue and every IPC queue (a caller
 * it owed a reply wakes with ERIX_ERR_NOT_FOUND) and marks it DEAD. */
void sched_kill(struct tcb *t);

/* The IPC fast path: whether t may take the CPU now from the current
 * thread, a user thread in a syscall (kernel threads never make one): t
 * must be strictly above every ready thread (a ready thread of t's
 * priority would run first on the general path, t queueing behind it).
 * Then the switch: the current thread already blocked, t (off every run
 * queue, a user thread) takes the CPU without passing through the queues. */
extern int sched_ready_top; /* the highest ready priority, -1 for none */
static inline int sched_can_switch_to(const struct tcb *t)
{
	return sched_ready_top < t->prio;
}
static inline struct arch_thread *sched_switch_to(struct tcb *t)
{
	sched_running = t;
	t->state = TCB_RUNNING;
	arch_switch_to_user(&t->arch, t->vspace->root);
	return &t->arch;
}

/* Kernel threads (selftests) only. */
enum erix_err sched_spawn_kernel(const char *name, uint8_t prio, void (*fn)(void *), void *arg);
void sched_sleep(uint64_t ticks);
ARCH_NORETURN void sched_kthread_exit(void);

/* Enters the first thread; never returns. */
ARCH_NORETURN void sched_start(void);

#endif
