/* Kernel selftests behind feature flags. The scheduler test runs as a
 * high-priority kernel thread before rootd is made ready, so nothing else
 * competes with its workers; every wait in it is a bounded sleep. */
#include "selftest.h"

#include <erix/markers.h>

#include "console.h"
#include "exit.h"
#include "platform.h"
#include "sched.h"

#if ERIX_FEATURE_SELFTEST_EXCEPTIONS
/* Every I/O APIC the MADT named has all its entries masked. */
static int ioapics_masked(void)
{
	for (uint32_t i = 0; i < platform.ioapic_count; i++)
		if (!arch_ioapic_all_masked(platform.ioapics[i].phys))
			return 0;
	kprintf("kernel: ioapics=%u masked\n", platform.ioapic_count);
	return 1;
}

void selftest_exceptions(void)
{
	if (arch_selftest_exceptions())
		kernel_fail(ERIX_MARK_FAIL_SELFTEST " name=exceptions");
	if (arch_selftest_machine_state() || !ioapics_masked())
		kernel_fail(ERIX_MARK_FAIL_SELFTEST " name=machine_state");
	kputs(ERIX_MARK_SELFTEST_EXCEPTIONS_PASS);
}
#endif

#if ERIX_FEATURE_SELFTEST_STACK_OVERFLOW
void selftest_stack_overflow(void)
{
	kputs(ERIX_MARK_SELFTEST_STACK_OVERFLOW_START);
	arch_selftest_stack_overflow();
}
#endif

#define CONTROL_PRIO 250
#define LOG_MAX      16

static char trace[LOG_MAX];
static unsigned trace_n;
static volatile int spin_stop;
static unsigned spin_last, spin_switches, spin_rounds[2];

static void note(char c)
{
	if (trace_n < LOG_MAX)
		trace[trace_n++] = c;
}

static int trace_is(const char *want)
{
	unsigned i = 0;

	for (; want[i]; i++)
		if (i >= trace_n || trace[i] != want[i])
			return 0;
	return i == trace_n;
}

/* Notes its letter, yields, notes it in upper case. */
static void yield_worker(void *arg)
{
	char c = (char)(uintptr_t)arg;

	note(c);
	sched_yield();
	note((char)(c - 'a' + 'A'));
	sched_kthread_exit();
}

static void once_worker(void *arg)
{
	note((char)(uintptr_t)arg);
	sched_kthread_exit();
}

/* Never yields: only the timer tick can take the CPU away from it (it
 * waits with interrupts enabled, since the kernel otherwise runs with
 * them off). */
static void spin_worker(void *arg)
{
	unsigned me = (unsigned)(uintptr_t)arg;

	while (!spin_stop) {
		arch_idle_wait();
		if (spin_last != me)
			spin_switches++;
		spin_last = me;
		spin_rounds[me]++;
	}
	sched_kthread_exit();
}

static void spawn(void (*fn)(void *), uintptr_t arg, uint8_t prio)
{
	if (sched_spawn_kernel("selftest", prio, fn, (void *)arg))
		kernel_fail(ERIX_MARK_FAIL_SELFTEST " name=sched what=no_tcb");
}

static int test_priority_order(void)
{
	trace_n = 0;
	spawn(once_worker, 'b', 100);
	spawn(once_worker, 'a', 200);
	sched_sleep(3);
	return trace_is("ab");
}

static int test_yield(void)
{
	trace_n = 0;
	spawn(yield_worker, 'e', 150);
	spawn(yield_worker, 'f', 150);
	sched_sleep(3);
	return trace_is("efEF");
}

static int test_round_robin(void)
{
	spin_stop = 0;
	spin_last = 2;
	spawn(spin_worker, 0, 150);
	spawn(spin_worker, 1, 150);
	sched_sleep(12);
	spin_stop = 1;
	sched_sleep(3);
	return spin_rounds[0] >= 2 && spin_rounds[1] >= 2 && spin_switches >= 4;
}

static void sched_control(void *arg)
{
	if (!test_priority_order())
		kernel_fail(ERIX_MARK_FAIL_SELFTEST " name=sched what=priority");
	if (!test_yield())
		kernel_fail(ERIX_MARK_FAIL_SELFTEST " name=sched what=yield");
	if (!test_round_robin())
		kernel_fail(ERIX_MARK_FAIL_SELFTEST " name=sched what=round_robin");
	kputs(ERIX_MARK_SELFTEST_SCHED_PASS);
	sched_make_ready(arg);
	sched_kthread_exit();
}

void selftest_sched_start(struct tcb *then_ready)
{
	spawn(sched_control, (uintptr_t)then_ready, CONTROL_PRIO);
}
