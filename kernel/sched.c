/* Scheduler: one FIFO run queue per priority and a 256-bit ready bitmap, so
 * picking the next thread is a find-highest-set-bit. The running thread is
 * never in a queue. Interrupts are off in the kernel, so these lists need no
 * locking on one CPU.
 *
 * Contexts: a user thread's syscall or trap runs on the CPU's kernel stack
 * and ends in kernel_next(), which resumes a user thread. Kernel threads
 * are entered from there with arch_switch and switch back to it (cpu_ctx)
 * when they give up the CPU. When nothing is ready, kernel_next idles on
 * the CPU stack with interrupts enabled until a tick makes a thread ready. */
#include "sched.h"

#include <erix/markers.h>

#include "console.h"
#include "exit.h"
#include "hotplug.h"
#include "ipc.h"
#include "kobj.h"
#include "string.h"
#include "vspace.h"

#define PRIO_WORDS 4

static struct tcb_queue queues[256];
static uint64_t ready_bits[PRIO_WORDS];
struct tcb *sched_running; /* NULL while idle (sched.h: sched_current) */
#define current sched_running
static struct arch_thread cpu_ctx; /* kernel_next's context, saved by arch_switch */
static struct tcb *sleepers;       /* kernel threads in TCB_SLEEPING */
static uint64_t ticks;
static uint64_t kstack_used; /* bitmap of kernel-thread stack slots */
static vaddr_t kstack_tops[ARCH_MAX_KSTACKS];

uint64_t sched_ticks(void)
{
	return ticks;
}

static bool is_kthread(const struct tcb *t)
{
	return t && (t->flags & TCB_F_KERNEL);
}

/* Highest ready priority, or -1 when nothing is ready, from the bitmap. */
static int scan_ready(void)
{
	for (int w = PRIO_WORDS - 1; w >= 0; w--)
		if (ready_bits[w])
			return w * 64 + 63 - __builtin_clzll(ready_bits[w]);
	return -1;
}

/* Kept equal to scan_ready() at every change of the queues: the IPC fast
 * path asks for it on every call. */
int sched_ready_top = -1;

static int highest_ready(void)
{
	return sched_ready_top;
}

static void enqueue(struct tcb *t)
{
	t->state = TCB_READY;
	tcb_queue_push(&queues[t->prio], t);
	ready_bits[t->prio / 64] |= 1ull << (t->prio % 64);
	if (t->prio > sched_ready_top)
		sched_ready_top = t->prio;
}

static void unlink_ready(struct tcb *t)
{
	tcb_queue_remove(&queues[t->prio], t);
	if (!queues[t->prio].head) {
		ready_bits[t->prio / 64] &= ~(1ull << (t->prio % 64));
		if (t->prio == sched_ready_top)
			sched_ready_top = scan_ready();
	}
}

static struct tcb *dequeue_highest(void)
{
	int prio = highest_ready();
	struct tcb *t;

	if (prio < 0)
		return NULL;
	t = queues[prio].head;
	unlink_ready(t);
	return t;
}

/* A kernel thread gives the CPU back to kernel_next. */
static void kthread_switch_out(void)
{
	arch_switch(&current->arch, &cpu_ctx);
}

void sched_make_ready(struct tcb *t)
{
	enqueue(t);
	if (is_kthread(current) && highest_ready() > current->prio) {
		enqueue(current);
		kthread_switch_out();
	}
}

void sched_wake(struct tcb *t)
{
	enqueue(t);
}

void sched_block(void)
{
	if (is_kthread(current))
		kthread_switch_out();
}

void sched_yield(void)
{
	enqueue(current);
	if (is_kthread(current))
		kthread_switch_out();
}

void sched_kill(struct tcb *t)
{
	ipc_cancel(t); /* out of IPC queues; a caller it owed a reply wakes */
	if (t->state == TCB_READY)
		unlink_ready(t);
	t->state = TCB_DEAD;
}

static void free_kthread(struct tcb *t)
{
	kstack_used &= ~(1ull << t->kstack);
	tcb_destroy(t);
}

/* The thread that just left the CPU: a dead one is freed now that nothing
 * runs on it. */
static void retire(struct tcb *t)
{
	if (!t || t->state != TCB_DEAD)
		return;
	if (is_kthread(t))
		free_kthread(t);
	else
		tcb_reap(t);
}

struct arch_thread *kernel_next(void)
{
	struct tcb *t = current;

	if (t && t->state == TCB_RUNNING) {
		if (highest_ready() <= t->prio)
			return &t->arch; /* the common case: no switch */
		enqueue(t);
	}
	for (;;) {
		struct tcb *prev = current;

		t = dequeue_highest();
		current = t;
		if (prev != t)
			retire(prev);
		if (!t) {
			arch_idle_wait(); /* a tick may make a thread ready */
			continue;
		}
		t->state = TCB_RUNNING;
		if (is_kthread(t)) {
			arch_switch(&cpu_ctx, &t->arch);
			continue; /* it gave the CPU back; current is still t */
		}
		arch_switch_to_user(&t->arch, t->vspace->root);
		return &t->arch;
	}
}

static void wake_sleepers(void)
{
	struct tcb **link = &sleepers;

	while (*link) {
		struct tcb *t = *link;

		if (t->wake_tick > ticks) {
			link = &t->next;
			continue;
		}
		*link = t->next;
		enqueue(t);
	}
}

/* One-tick quantum: the running thread goes behind every ready thread of
 * its own priority and yields to any higher one. */
void kernel_timer_tick(bool from_user)
{
	ticks++;
	wake_sleepers();
	ipc_tick(ticks);
	hotplug_tick(ticks);
	if (!current || highest_ready() < current->prio)
		return; /* idle (kernel_next picks) or nothing to share with */
	(void)from_user;
	enqueue(current);
	if (is_kthread(current))
		kthread_switch_out();
}

enum erix_err sched_spawn_kernel(const char *name, uint8_t prio, void (*fn)(void *), void *arg)
{
	unsigned slot = 0;
	struct tcb *t;
	enum erix_err err;

	while (slot < ARCH_MAX_KSTACKS && (kstack_used & (1ull << slot)))
		slot++;
	if (slot == ARCH_MAX_KSTACKS)
		return ERIX_ERR_NO_MEMORY;
	if (!kstack_tops[slot] && (err = arch_kstack_map(slot, &kstack_tops[slot])))
		return err;
	err = tcb_create(&kernel_account, name, prio, &t);
	if (err)
		return err;
	kstack_used |= 1ull << slot;
	t->flags = TCB_F_KERNEL;
	t->kstack = (uint8_t)slot;
	arch_thread_init_kernel(&t->arch, kstack_tops[slot], fn, arg);
	sched_make_ready(t);
	return ERIX_OK;
}

void sched_sleep(uint64_t n)
{
	current->wake_tick = ticks + n;
	current->state = TCB_SLEEPING;
	current->next = sleepers;
	sleepers = current;
	kthread_switch_out();
}

void sched_kthread_exit(void)
{
	current->state = TCB_DEAD;
	kthread_switch_out();
	/* A dead thread is never queued again, so this is unreachable. */
	kernel_fail(ERIX_MARK_FAIL_INVARIANT " what=dead_thread_resumed");
}

static ARCH_NORETURN void first_entry(void)
{
	arch_resume_user(kernel_next());
}

void sched_start(void)
{
	arch_run_on_cpu_stack(first_entry);
}
