/* Preemptive priority round-robin scheduler: 256 priorities with a ready
 * bitmap, a one-tick quantum, and an idle thread at priority 0. */
#ifndef ERIX_KERNEL_SCHED_H
#define ERIX_KERNEL_SCHED_H

#include "tcb.h"

#define SCHED_HZ 100

void sched_init(void); /* creates the idle thread */
struct tcb *sched_current(void);

/* Makes t ready; preempts the current thread if t has a higher priority. */
void sched_make_ready(struct tcb *t);
/* The two halves of sched_make_ready, for waking several threads at once:
 * enqueue every one (no switch can happen in between, so the caller's
 * state stays consistent), then let the highest of them preempt once. */
void sched_enqueue(struct tcb *t);
void sched_preempt(void);
/* The current thread (state already set by the caller) gives up the CPU. */
void sched_block(void);
void sched_yield(void);
void sched_sleep(uint64_t ticks); /* kernel threads only */
/* Ends the current thread; never returns. */
ARCH_NORETURN void sched_exit_current(void);
ARCH_NORETURN void sched_start(void);

#endif
