/* Switching between kernel contexts: the CPU's scheduler context and the
 * kernel threads of the selftests. User threads never pass through here
 * (they leave through arch_resume_user). arch_kthread_start is the first
 * return of a new kernel thread. */
#include "cpu.h"

	.text
	.p2align 4
	/* void arch_switch(struct arch_thread *from, struct arch_thread *to) */
	.globl arch_switch
	.type arch_switch, @function
arch_switch:
	pushq %rbp
	pushq %rbx
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
	movq %rsp, THREAD_KERNEL_RSP(%rdi)
	movq THREAD_KERNEL_RSP(%rsi), %rsp
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %rbx
	popq %rbp
	ret
	.size arch_switch, . - arch_switch

	/* First return of a kernel thread: rbx = fn, r12 = arg. */
	.globl arch_kthread_start
	.type arch_kthread_start, @function
arch_kthread_start:
	movq %r12, %rdi
	call *%rbx
	/* fn must never return; if it does, that is a kernel bug. */
	ud2
	.size arch_kthread_start, . - arch_kthread_start

	.section .note.GNU-stack, "", @progbits
