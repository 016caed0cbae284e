/* Scheduler: per CPU, one FIFO run queue per priority and a 256-bit ready
 * bitmap, so picking the next thread is a find-highest-set-bit. The
 * running thread is never in a queue. Interrupts are off in the kernel and
 * every CPU runs it under the kernel lock, so these lists need no locks of
 * their own.
 *
 * Contexts: a user thread's syscall or trap runs on the CPU's kernel stack
 * and ends in kernel_next(), which resumes a user thread. Kernel threads
 * are entered from there with arch_switch and switch back to it (the CPU's ctx)
 * when they give up the CPU. When nothing is ready, kernel_next idles on
 * the CPU stack with interrupts enabled until a tick makes a thread ready. */
#include "sched.h"

#include <erix/markers.h>

#include "console.h"
#include "exit.h"
#include "hotplug.h"
#include "ipc.h"
#include "kobj.h"
#include "smp.h"
#include "string.h"
#include "vspace.h"

struct sched_cpu sched_cpus[ARCH_MAX_CPUS] = {[0 ... ARCH_MAX_CPUS - 1] = {.ready_top = -1}};
#define here    (sched_here())
#define current (here->running)
static struct tcb *sleepers; /* kernel threads in TCB_SLEEPING (boot CPU) */
static uint64_t ticks;       /* the boot CPU's ticks: the kernel's clock */
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

void *kernel_cpu_local(unsigned index)
{
	return &sched_cpus[index];
}

bool sched_on_cpu(const struct tcb *t)
{
	for (unsigned i = 0, n = arch_smp_cpus(); i < n; i++)
		if (sched_cpus[i].running == t)
			return true;
	return false;
}

/* Highest ready priority of c, or -1 when nothing is ready, from the
 * bitmap. */
static int scan_ready(const struct sched_cpu *c)
{
	for (int w = SCHED_PRIO_WORDS - 1; w >= 0; w--)
		if (c->ready_bits[w])
			return w * 64 + 63 - __builtin_clzll(c->ready_bits[w]);
	return -1;
}

/* t joins its own CPU's queue (ready_top is kept equal to scan_ready at
 * every change: the IPC fast path asks for it on every call). */
static void enqueue(struct tcb *t)
{
	struct sched_cpu *c = &sched_cpus[t->cpu];

	t->state = TCB_READY;
	tcb_queue_push(&c->queues[t->prio], t);
	c->ready_bits[t->prio / 64] |= 1ull << (t->prio % 64);
	if (t->prio > c->ready_top) /* an idle CPU reads it unlocked */
		__atomic_store_n(&c->ready_top, t->prio, __ATOMIC_RELEASE);
}

static void unlink_ready(struct tcb *t)
{
	struct sched_cpu *c = &sched_cpus[t->cpu];

	tcb_queue_remove(&c->queues[t->prio], t);
	if (!c->queues[t->prio].head) {
		c->ready_bits[t->prio / 64] &= ~(1ull << (t->prio % 64));
		if (t->prio == c->ready_top)
			__atomic_store_n(&c->ready_top, scan_ready(c), __ATOMIC_RELAXED);
	}
}

static struct tcb *dequeue_highest(struct sched_cpu *c)
{
	struct tcb *t;

	if (c->ready_top < 0)
		return NULL;
	t = c->queues[c->ready_top].head;
	unlink_ready(t);
	return t;
}

/* t became ready on another CPU: that CPU is interrupted if t should
 * preempt what it runs (it is idle, or runs something lower). */
static void kick(const struct tcb *t)
{
	const struct sched_cpu *c = &sched_cpus[t->cpu];

	if (t->cpu != arch_cpu_index() && (!c->running || c->running->prio < t->prio))
		arch_smp_kick(t->cpu);
}

static void kthread_switch_out(void)
{
	arch_switch(&current->arch, &here->ctx);
}

void sched_make_ready(struct tcb *t)
{
	enqueue(t);
	kick(t);
	if (is_kthread(current) && here->ready_top > current->prio) {
		enqueue(current);
		kthread_switch_out();
	}
}

void sched_wake(struct tcb *t)
{
	enqueue(t);
	kick(t);
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

/* t runs on another CPU: that CPU stops (smp_stall returns once it has,
 * t's registers in its TCB), and t is ready there as if preempted. */
static void stop_remote(struct tcb *t)
{
	if (t->state != TCB_RUNNING || t == current)
		return;
	if (t->cpu == arch_cpu_index())
		kernel_fail(ERIX_MARK_FAIL_INVARIANT " what=running_thread_not_current");
	smp_stall(t->cpu, t);
	enqueue(t);
}

void sched_stall_here(struct tcb *t)
{
	if (current != t)
		kernel_fail(ERIX_MARK_FAIL_INVARIANT " what=stall_of_thread_not_running");
	current = NULL;
	arch_stall_user(&t->arch);
	arch_vspace_leave();
}

void sched_kill(struct tcb *t)
{
	stop_remote(t);
	ipc_cancel(t); /* out of IPC queues; a caller it owed a reply wakes */
	if (t->state == TCB_READY)
		unlink_ready(t);
	t->state = TCB_DEAD;
}

void sched_set_cpu(struct tcb *t, unsigned cpu)
{
	stop_remote(t);
	if (t->state == TCB_READY) {
		unlink_ready(t);
		t->cpu = (uint8_t)cpu;
		sched_wake(t);
		return;
	}
	/* Blocked or not started: it wakes there. The current thread moves
	 * in kernel_next. */
	t->cpu = (uint8_t)cpu;
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

/* Nothing to run: the CPU leaves the VSpace it held (a shootdown then
 * never needs it, a dying VSpace is nowhere loaded; a stall never needs
 * it, it runs nothing) and waits with the kernel lock released until a
 * thread is ready here: whoever queues one (this CPU's own interrupt, or
 * another CPU, which then kicks it) sets ready_top first. Reading it
 * unlocked is only the hint to take the lock and look. */
static void idle(struct sched_cpu *c)
{
	arch_vspace_leave();
	kernel_unlock();
	while (__atomic_load_n(&c->ready_top, __ATOMIC_ACQUIRE) < 0)
		arch_idle_wait();
	kernel_lock();
}

struct arch_thread *kernel_next(void)
{
	struct sched_cpu *c = here;
	struct tcb *t = c->running;

	if (t && t->state == TCB_RUNNING) {
		if (c->ready_top <= t->prio && t->cpu == arch_cpu_index())
			return &t->arch; /* the common case: no switch */
		sched_wake(t); /* preempted here, or SET_AFFINITY moved it */
	}
	for (;;) {
		struct tcb *prev = c->running;

		t = dequeue_highest(c);
		c->running = t;
		if (prev != t)
			retire(prev);
		if (!t) {
			idle(c);
			continue;
		}
		t->state = TCB_RUNNING;
		if (is_kthread(t)) {
			arch_switch(&c->ctx, &t->arch);
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
	if (arch_cpu_index() == 0) {
		ticks++;
		wake_sleepers();
		ipc_tick(ticks);
		hotplug_tick(ticks);
	}
	if (!current || here->ready_top < current->prio)
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
	t->cpu = 0; /* kernel threads run on the boot CPU only */
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
	kernel_lock();
	arch_resume_user(kernel_next());
}

void sched_start(void)
{
	arch_smp_release();
	arch_run_on_cpu_stack(first_entry);
}

void sched_start_ap(void)
{
	arch_run_on_cpu_stack(first_entry);
}
