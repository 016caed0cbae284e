/* User faults: a page fault in a process with a pager is sent to the pager
 * (pager.c); any other CPU exception taken in user mode kills the faulting
 * thread only (the trap path then resumes whatever kernel_next picks).
 * rootd's main thread is the exception: without it nothing can report
 * status, so its death ends the system with a defined exit. */
#include <erix/debug_exit.h>
#include <erix/markers.h>

#include "console.h"
#include "exit.h"
#include "pager.h"
#include "sched.h"

void kernel_user_fault(unsigned vector, uint64_t error, uint64_t rip, uint64_t addr)
{
	struct tcb *t = sched_current();

	/* A page fault goes to the process's pager when it has one. */
	if (vector == ARCH_VECTOR_PAGE_FAULT && !(t->flags & TCB_F_ROOTD_MAIN) &&
	    pager_take_fault(t, addr, arch_page_fault_access(error)) == ERIX_OK)
		return;

	kprintf(ERIX_MARK_USER_FAULT " task=%s tid=%u vector=%u err=0x%lx rip=0x%lx addr=0x%lx\n",
	        t->name, t->tid, vector, error, rip, addr);
	if (t->flags & TCB_F_ROOTD_MAIN) {
		kputs(ERIX_MARK_ROOTD_EXITED);
		kernel_exit(ERIX_DEBUG_EXIT_ROOTD_FAILURE);
	}
	sched_kill(t);
}
