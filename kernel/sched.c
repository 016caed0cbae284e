/* Scheduler: one FIFO run queue per priority and a 256-bit ready bitmap, so
 * picking the next thread is a find-highest-set-bit. The running thread is
 * never in a queue; the idle thread is never in a queue and runs only when
 * the bitmap is empty. Interrupts are off in the kernel, so these lists need
 * no locking on one CPU. */
#include "sched.h"

#include <erix/markers.h>

#include "console.h"
#include "exit.h"
#include "string.h"
#include "vspace.h"

#define PRIO_WORDS 4

struct runqueue {
	struct tcb *head, *tail;
};

static struct runqueue queues[256];
static uint64_t ready_bits[PRIO_WORDS];
static struct tcb *current;
static struct tcb *idle;
static uint64_t ticks;

struct tcb *sched_current(void)
{
	return current;
}

static void enqueue(struct tcb *t)
{
	struct runqueue *q = &queues[t->prio];

	t->state = TCB_READY;
	t->next = NULL;
	if (q->tail)
		q->tail->next = t;
	else
		q->head = t;
	q->tail = t;
	ready_bits[t->prio / 64] |= 1ull << (t->prio % 64);
}

/* Highest ready priority, or -1 when only idle could run. */
static int highest_ready(void)
{
	for (int w = PRIO_WORDS - 1; w >= 0; w--)
		if (ready_bits[w])
			return w * 64 + 63 - __builtin_clzll(ready_bits[w]);
	return -1;
}

static struct tcb *dequeue_highest(void)
{
	int prio = highest_ready();
	struct runqueue *q;
	struct tcb *t;

	if (prio < 0)
		return idle;
	q = &queues[prio];
	t = q->head;
	q->head = t->next;
	if (!q->head) {
		q->tail = NULL;
		ready_bits[prio / 64] &= ~(1ull << (prio % 64));
	}
	t->next = NULL;
	return t;
}

static void switch_to(struct tcb *next)
{
	struct tcb *prev = current;

	if (next->state != TCB_IDLE)
		next->state = TCB_RUNNING;
	if (next == prev)
		return;
	current = next;
	/* Kernel threads run on whatever VSpace is loaded: its kernel half is
	 * the same everywhere, and skipping the CR3 write saves a TLB flush. */
	if (next->vspace)
		arch_vspace_activate(next->vspace->root);
	arch_switch(prev ? &prev->arch : NULL, &next->arch);
}

/* The current thread stays runnable: requeue it behind its equals. */
static void requeue_current(void)
{
	if (current && current->state == TCB_RUNNING)
		enqueue(current);
}

void sched_enqueue(struct tcb *t)
{
	enqueue(t);
}

void sched_preempt(void)
{
	if (current && (current->state == TCB_IDLE || highest_ready() > current->prio)) {
		requeue_current();
		switch_to(dequeue_highest());
	}
}

void sched_make_ready(struct tcb *t)
{
	enqueue(t);
	sched_preempt();
}

void sched_block(void)
{
	switch_to(dequeue_highest());
}

void sched_yield(void)
{
	requeue_current();
	switch_to(dequeue_highest());
}

void sched_sleep(uint64_t n)
{
	current->wake_tick = ticks + n;
	current->state = TCB_SLEEPING;
	sched_block();
}

void sched_exit_current(void)
{
	current->state = TCB_DEAD;
	sched_block();
	/* A dead thread is never queued again, so this is unreachable. */
	kernel_fail(ERIX_MARK_FAIL_INVARIANT " what=dead_thread_resumed");
}

static void wake_sleepers(void)
{
	for (unsigned i = 0; i < ARCH_MAX_KSTACKS; i++) {
		struct tcb *t = tcb_at(i);

		if (t->state == TCB_SLEEPING && t->wake_tick <= ticks)
			enqueue(t);
	}
}

/* One-tick quantum: the running thread goes behind every ready thread of
 * its own priority and yields to any higher one. */
void kernel_timer_tick(void)
{
	int top;

	ticks++;
	wake_sleepers();
	top = highest_ready();
	if (top < 0 || !current)
		return;
	if (current->state == TCB_IDLE || top >= current->prio) {
		requeue_current();
		switch_to(dequeue_highest());
	}
}

static void idle_loop(void *arg)
{
	(void)arg;
	for (;;)
		arch_idle_wait();
}

void sched_init(void)
{
	idle = tcb_alloc("idle", 0);
	if (!idle)
		kernel_fail(ERIX_MARK_FAIL_NO_MEMORY " what=idle");
	arch_thread_init_kernel(&idle->arch, idle->arch.kstack_top, idle_loop, NULL);
	idle->state = TCB_IDLE;
}

void sched_start(void)
{
	switch_to(dequeue_highest());
	kernel_fail(ERIX_MARK_FAIL_INVARIANT " what=sched_start_returned");
}
