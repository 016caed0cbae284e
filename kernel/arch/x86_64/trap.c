/* Dispatch of every exception and interrupt taken through vectors.S:
 * timer ticks to generic code, user-mode exceptions to kernel_user_fault,
 * vectors nothing is routed to to a counter, kernel-mode exceptions to the
 * FAIL marker and the debug exit (or to the exception selftest's recovery
 * point while it is armed). */
#include "cpu.h"

#include <erix/debug_exit.h>
#include <erix/markers.h>
#include <erix/syscall.h>

#include "console.h"
#include "exit.h"

#define EXCEPTION_NAME(name, vec) [vec] = #name,
static const char *const exception_names[32] = {ERIX_EXCEPTIONS(EXCEPTION_NAME)};

#define RESERVED_NAME(n) [n] = "RESERVED_" #n
static const char *const reserved_names[32] = {
    RESERVED_NAME(9),  RESERVED_NAME(15), RESERVED_NAME(22), RESERVED_NAME(23),
    RESERVED_NAME(24), RESERVED_NAME(25), RESERVED_NAME(26), RESERVED_NAME(27),
    RESERVED_NAME(28), RESERVED_NAME(29), RESERVED_NAME(30), RESERVED_NAME(31),
};

const char *arch_exception_name(unsigned vector)
{
	if (vector >= 32)
		return "UNEXPECTED_INTERRUPT";
	if (exception_names[vector])
		return exception_names[vector];
	return reserved_names[vector];
}

/* NMI, #DF and #MC run on IST stacks and are never the current thread's
 * doing: they stop the machine whatever mode they came from. */
static bool is_machine_event(unsigned vector)
{
	return vector == VEC_NMI || vector == VEC_DOUBLE_FAULT || vector == VEC_MACHINE_CHECK;
}

static ARCH_NORETURN void kernel_exception(struct arch_trap_frame *f)
{
	kprintf("%s%s vector=%lu err=0x%lx rip=0x%lx cr2=0x%lx\n", ERIX_MARK_FAIL_EXCEPTION_PREFIX,
	        arch_exception_name((unsigned)f->vector), f->vector, f->error, f->rip, read_cr2());
	kernel_exit(ERIX_DEBUG_EXIT_KERNEL_FAILURE);
}

/* While the selftest is armed, one kernel exception is recorded and the
 * CPU resumes at the selftest's recovery point instead of failing. */
static bool selftest_catch(struct arch_trap_frame *f)
{
	struct arch_cpu *cpu = this_cpu();

	if (!cpu->selftest_armed || (f->cs & 3) || is_machine_event((unsigned)f->vector))
		return false;
	cpu->selftest_armed = false;
	cpu->selftest_vector = (unsigned)f->vector;
	cpu->selftest_hits++;
	cpu->selftest_cr2 = f->vector == VEC_PAGE_FAULT ? read_cr2() : 0;
	f->rip = cpu->recover_rip;
	f->rsp = cpu->recover_rsp;
	return true;
}

/* A vector >= 32 other than the timer: nothing is routed to it (a stray
 * or spurious interrupt). It is counted and dropped; the LAPIC gets its EOI
 * unless the vector is one that takes none (the LAPIC spurious vector and
 * the masked 8259s' range). */
static void stray_interrupt(unsigned vector)
{
	this_cpu()->spurious++;
	if (vector < VEC_PIC_BASE)
		arch_lapic_eoi();
}

static bool is_irq(unsigned vector)
{
	return vector >= ARCH_VECTOR_IRQ_BASE && vector < ARCH_VECTOR_IRQ_BASE + ARCH_IRQ_LINES;
}

/* The generic code masks the line and signals its driver first: a level
 * line cannot raise the vector again before the driver acknowledged it. */
static void device_interrupt(unsigned vector)
{
	kernel_irq(vector - ARCH_VECTOR_IRQ_BASE);
	arch_lapic_eoi();
}

/* An interrupt in kernel mode: an idle CPU (which waits with the lock
 * released by kernel_unlock) or a kernel thread (which holds it). */
static void kernel_interrupt(unsigned vector)
{
	struct arch_cpu *cpu = this_cpu();
	bool take = cpu->unlocked;

	/* An idle CPU needs no lock for a kick (the idle loop looks at its
	 * queue) or for an AP's tick (the kernel's clock is the boot CPU's
	 * tick, and an idle CPU has no quantum to share): it is not woken
	 * into the lock 100 times a second for nothing. */
	if (take && (vector == VEC_IPI || (vector == VEC_TIMER && cpu->index))) {
		arch_lapic_eoi();
		return;
	}
	if (take)
		kernel_lock();
	if (vector == VEC_TIMER) {
		arch_lapic_eoi();
		kernel_timer_tick(false);
	} else if (vector == VEC_IPI) {
		arch_lapic_eoi(); /* the lock's wait served any request */
	} else if (is_irq(vector)) {
		device_interrupt(vector);
	} else {
		stray_interrupt(vector);
	}
	if (take)
		kernel_unlock();
}

void arch_trap(struct arch_trap_frame *f)
{
	unsigned vector = (unsigned)f->vector;

	if (vector >= 32) {
		kernel_interrupt(vector);
		return;
	}
	if (selftest_catch(f))
		return;
	kernel_exception(f);
}

static void save_user_state(const struct arch_trap_frame *f, struct arch_regs *r)
{
	*r = (struct arch_regs){
	    .rax = f->rax,
	    .rbx = f->rbx,
	    .rcx = f->rcx,
	    .rdx = f->rdx,
	    .rsi = f->rsi,
	    .rdi = f->rdi,
	    .rbp = f->rbp,
	    .r8 = f->r8,
	    .r9 = f->r9,
	    .r10 = f->r10,
	    .r11 = f->r11,
	    .r12 = f->r12,
	    .r13 = f->r13,
	    .r14 = f->r14,
	    .r15 = f->r15,
	    .rip = f->rip,
	    .rflags = f->rflags,
	    .rsp = f->rsp,
	    .fs_base = r->fs_base,
	    .sysret = 0,
	};
}

struct arch_thread *arch_trap_user(struct arch_trap_frame *f)
{
	unsigned vector = (unsigned)f->vector;

	bool stalled;

	if (is_machine_event(vector))
		kernel_exception(f);
	save_user_state(f, this_cpu()->current_regs);
	/* The thread may be stopped by another CPU while this one waits: an
	 * interrupt is still served, an exception recurs when it resumes. */
	stalled = arch_lock_wait();
	if (vector == VEC_TIMER) {
		arch_lapic_eoi();
		kernel_timer_tick(true);
	} else if (vector == VEC_IPI) {
		arch_lapic_eoi();
	} else if (is_irq(vector)) {
		device_interrupt(vector);
	} else if (vector >= 32) {
		stray_interrupt(vector);
	} else if (!stalled) {
		kernel_user_fault(vector, f->error, f->rip,
		                  vector == VEC_PAGE_FAULT ? read_cr2() : 0);
	}
	return kernel_next();
}

_Static_assert(ARCH_VECTOR_PAGE_FAULT == VEC_PAGE_FAULT, "one page-fault vector");

/* Error code bits (SDM vol. 3, 4.7): P (bit 0), W/R (bit 1), I/D (bit 4). */
unsigned arch_page_fault_access(uint64_t error)
{
	return (error & 0x1 ? ERIX_FAULT_PRESENT : 0) | (error & 0x2 ? ERIX_FAULT_WRITE : 0) |
	       (error & 0x10 ? ERIX_FAULT_EXEC : 0);
}
