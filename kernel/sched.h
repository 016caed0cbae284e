/* Preemptive priority round-robin scheduler: per CPU, 256 priorities with a
 * ready bitmap and a one-tick quantum. Every thread is bound to one CPU
 * (tcb->cpu, SET_AFFINITY) and runs only there; a wakeup for another CPU
 * queues the thread there and interrupts that CPU if it should preempt.
 * One kernel stack per CPU: a decision made while serving a user thread
 * takes effect when the kernel leaves (kernel_next picks the thread to
 * resume); kernel threads (selftests, boot CPU only) switch at once. All of
 * it runs under the kernel lock (smp.h). */
#ifndef ERIX_KERNEL_SCHED_H
#define ERIX_KERNEL_SCHED_H

#include "tcb.h"
#include "vspace.h"

#define SCHED_HZ 100

#define SCHED_PRIO_WORDS 4

/* One CPU's scheduler. */
struct sched_cpu {
	struct tcb *running; /* the thread on the CPU, NULL while idle */
	int ready_top;       /* the highest ready priority, -1 for none */
	uint64_t ready_bits[SCHED_PRIO_WORDS];
	struct tcb_queue queues[256];
	struct arch_thread ctx; /* kernel_next's context, saved by arch_switch */
};
extern struct sched_cpu sched_cpus[ARCH_MAX_CPUS];

static inline struct sched_cpu *sched_here(void)
{
	return arch_cpu_local();
}
/* The thread on this CPU (NULL while idle). Read inline: every op asks. */
static inline struct tcb *sched_current(void)
{
	return sched_here()->running;
}
/* Whether t is the thread on some CPU. */
bool sched_on_cpu(const struct tcb *t);
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
/* Takes t off the CPU (another CPU's stops running it first), out of its
 * run queue and every IPC queue (a caller it owed a reply wakes with
 * ERIX_ERR_NOT_FOUND) and marks it DEAD. */
void sched_kill(struct tcb *t);
/* Binds t to CPU cpu (< arch_smp_cpus()): a ready t moves queues, a t
 * running on another CPU is stopped there first, the current thread
 * leaves this CPU when the kernel does. */
void sched_set_cpu(struct tcb *t, unsigned cpu);
/* Called on CPU c, with the kernel lock waited for on c's behalf: c
 * stops running t (smp.c's stall request). */
void sched_stall_here(struct tcb *t);

/* The IPC fast path: whether t may take the CPU now from the current
 * thread me (here->running), a user thread in a syscall (kernel threads never make one): t
 * must be bound to me's CPU, this one (only SET_AFFINITY moves me, on the
 * general path) and strictly above every ready thread here (a
 * ready thread of t's priority would run first on the general path, t
 * queueing behind it). Then the switch: the current thread already
 * blocked, t (off every run queue, a user thread) takes the CPU without
 * passing through the queues. */
static inline int sched_can_switch_to(const struct sched_cpu *here, const struct tcb *me,
                                      const struct tcb *t)
{
	return here->ready_top < t->prio && t->cpu == me->cpu;
}
static inline struct arch_thread *sched_switch_to(struct sched_cpu *here, struct tcb *t)
{
	here->running = t;
	t->state = TCB_RUNNING;
	arch_switch_to_user(&t->arch, t->vspace->root);
	return &t->arch;
}

/* Kernel threads (selftests) only. */
enum erix_err sched_spawn_kernel(const char *name, uint8_t prio, void (*fn)(void *), void *arg);
void sched_sleep(uint64_t ticks);
ARCH_NORETURN void sched_kthread_exit(void);

/* Enters the first thread; never returns. sched_start on the boot CPU,
 * sched_start_ap on each AP once the boot CPU has started. */
ARCH_NORETURN void sched_start(void);
ARCH_NORETURN void sched_start_ap(void);

#endif
