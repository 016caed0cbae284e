/* Initial state of new threads. A user thread is only registers in its TCB
 * (it leaves through iret with every register but rdi zero); a kernel
 * thread gets a stack frame that arch_switch pops into arch_kthread_start. */
#include "cpu.h"

#include "string.h"

/* Order in which arch_switch pops: r15, r14, r13, r12, rbx, rbp, ret. */
struct switch_frame {
	uint64_t r15, r14, r13, r12, rbx, rbp;
	uint64_t ret;
};

void arch_thread_init_user(struct arch_thread *t, vaddr_t entry, vaddr_t user_sp, uint64_t arg0)
{
	memset(&t->regs, 0, sizeof(t->regs));
	t->regs.rip = entry;
	t->regs.rsp = user_sp;
	t->regs.rdi = arg0;
	t->regs.rflags = RFLAGS_IF | RFLAGS_RESERVED1;
	t->regs.sysret = 0;
}

void arch_thread_init_kernel(struct arch_thread *t, vaddr_t kstack_top, void (*fn)(void *),
                             void *arg)
{
	/* After the pops and ret, rsp = kstack_top - 16: 16-byte aligned
	 * before arch_kthread_start's call, as the ABI wants. */
	struct switch_frame *sw = (struct switch_frame *)(uintptr_t)(kstack_top - 16) - 1;

	*sw = (struct switch_frame){
	    .rbx = (uint64_t)(uintptr_t)fn,
	    .r12 = (uint64_t)(uintptr_t)arg,
	    .ret = (uint64_t)(uintptr_t)arch_kthread_start,
	};
	t->kernel_rsp = (uint64_t)(uintptr_t)sw;
}

uint64_t arch_spurious_count(void)
{
	uint64_t n = 0;

	for (unsigned i = 0; i < ARCH_MAX_CPUS; i++)
		n += arch_cpus[i].spurious;
	return n;
}
