/* Dispatch of every exception and interrupt taken through vectors.S:
 * timer ticks to generic code, user-mode exceptions to kernel_user_fault,
 * kernel-mode exceptions to the FAIL marker and the debug exit (or to the
 * exception selftest's recovery point while it is armed). */
#include "cpu.h"

#include <erix/debug_exit.h>
#include <erix/markers.h>

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
	struct arch_cpu *cpu = &arch_cpu0;

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

void arch_trap(struct arch_trap_frame *f)
{
	unsigned vector = (unsigned)f->vector;

	if (vector == VEC_TIMER) {
		arch_lapic_eoi();
		kernel_timer_tick();
		return;
	}
	if (vector == VEC_SPURIOUS || vector == VEC_PIC_SPURIOUS)
		return; /* spurious: no EOI by definition */
	if ((f->cs & 3) && !is_machine_event(vector)) {
		kernel_user_fault(vector, f->error, f->rip,
		                  vector == VEC_PAGE_FAULT ? read_cr2() : 0);
		kprintf("%s what=user_fault_returned\n", ERIX_MARK_FAIL_INVARIANT);
	}
	if (selftest_catch(f))
		return;
	kernel_exception(f);
}
