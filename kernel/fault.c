/* User faults: a CPU exception taken in user mode kills the faulting
 * thread only (the trap path then resumes whatever kernel_next picks).
 * rootd's main thread is the exception: without it nothing can report
 * status, so its death ends the system with a defined exit. */
#include <erix/debug_exit.h>
#include <erix/markers.h>

#include "console.h"
#include "exit.h"
#include "sched.h"

void kernel_user_fault(unsigned vector, uint64_t error, uint64_t rip, uint64_t addr)
{
	struct tcb *t = sched_current();

	kprintf(ERIX_MARK_USER_FAULT " task=%s tid=%u vector=%u err=0x%lx rip=0x%lx addr=0x%lx\n",
	        t->name, t->tid, vector, error, rip, addr);
	if (t->flags & TCB_F_ROOTD_MAIN) {
		kputs(ERIX_MARK_ROOTD_EXITED);
		kernel_exit(ERIX_DEBUG_EXIT_ROOTD_FAILURE);
	}
	sched_kill(t);
}
