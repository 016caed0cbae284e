/* Initial kernel stacks of new threads: the frame arch_switch pops (six
 * callee-saved registers and a return address) leads into a trampoline in
 * switch.S that enters user mode or calls the kernel thread's function. */
#include "cpu.h"

/* Order in which arch_switch pops: r15, r14, r13, r12, rbx, rbp, ret. */
struct switch_frame {
	uint64_t r15, r14, r13, r12, rbx, rbp;
	uint64_t ret;
};

struct iret_frame {
	uint64_t rip, cs, rflags, rsp, ss;
};

void arch_thread_init_user(struct arch_thread *t, vaddr_t kstack_top, vaddr_t entry,
                           vaddr_t user_sp, uint64_t arg0)
{
	struct iret_frame *iret = (struct iret_frame *)(uintptr_t)kstack_top - 1;
	struct switch_frame *sw = (struct switch_frame *)iret - 1;

	*iret = (struct iret_frame){
	    .rip = entry,
	    .cs = SEL_USER_CS,
	    .rflags = RFLAGS_IF | RFLAGS_RESERVED1,
	    .rsp = user_sp,
	    .ss = SEL_USER_DS,
	};
	*sw = (struct switch_frame){.rbx = arg0, .ret = (uint64_t)(uintptr_t)arch_enter_user};
	t->kernel_rsp = (uint64_t)(uintptr_t)sw;
	t->kstack_top = kstack_top;
	t->fs_base = 0;
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
	t->kstack_top = kstack_top;
	t->fs_base = 0;
}
