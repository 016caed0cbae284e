/* The kernel lock: one lock for the whole kernel (seL4's big kernel lock).
 * Every entry from user mode takes it before it touches kernel state
 * (syscall.S inline when it is free, arch_trap_user through arch_lock_wait), arch_resume_user
 * drops it after the last kernel access, and an idle CPU drops it around
 * its halt. A microkernel's paths are short, so one lock costs little and
 * leaves no lock order to get wrong.
 *
 * Test-and-set, not FIFO, on purpose: where CPUs are virtual and not all
 * run at once (a hypervisor, TCG with more vCPUs than host threads), a
 * FIFO lock hands itself to the next waiter even when that one is not
 * running, and every CPU waits for it (measured: a few hundred handoffs a
 * second at -smp 4 on two host cores). Here whoever runs takes it. Waiting
 * is not bounded in theory; the paths it guards are.
 *
 * The holder may need another CPU to act for it (stop running a thread,
 * flush its TLB) while that CPU waits for the lock with interrupts off:
 * waiters serve such requests in their loop (kernel_lock_poll, the TLB
 * mailbox), so the holder never waits on a CPU that waits on it. */
#include "cpu.h"

struct arch_lock arch_lock __attribute__((aligned(64)));

/* Takes the lock, serving the holder's requests while it waits. True if
 * this CPU stopped its thread meanwhile (arch_stall_user). */
bool arch_lock_wait(void)
{
	struct arch_cpu *cpu = this_cpu();
	bool stalled;

	while (__atomic_exchange_n(&arch_lock.locked, 1, __ATOMIC_ACQUIRE))
		while (__atomic_load_n(&arch_lock.locked, __ATOMIC_RELAXED)) {
			arch_tlb_poll();
			kernel_lock_poll();
			arch_cpu_relax();
		}
	stalled = cpu->stalled;
	cpu->stalled = 0;
	cpu->unlocked = 0;
	return stalled;
}

void kernel_lock(void)
{
	(void)arch_lock_wait();
}

/* The C release (the idle wait; arch_resume_user releases inline, on its
 * way to user mode, where no kernel-mode interrupt follows). */
void kernel_unlock(void)
{
	this_cpu()->unlocked = 1;
	__atomic_store_n(&arch_lock.locked, 0, __ATOMIC_RELEASE);
}

void arch_stall_user(struct arch_thread *t)
{
	/* Entered by syscall and not yet served: it runs the syscall again
	 * when resumed (the instruction is two bytes; rcx and r11 are
	 * clobbered by the ABI anyway). A trap's state resumes as it was:
	 * an exception recurs, an interrupt was served by the CPU. */
	if (t->regs.sysret)
		t->regs.rip -= 2;
	this_cpu()->stalled = 1;
}
