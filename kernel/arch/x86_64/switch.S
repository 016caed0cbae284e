/* Kernel thread switching and the trampolines a new thread's first switch
 * returns into (built by thread.c): arch_enter_user drops to user mode with
 * iretq, arch_kthread_start calls a kernel thread's function. */
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
	testq %rdi, %rdi
	jz 1f
	movq %rsp, THREAD_KERNEL_RSP(%rdi)
1:	movq THREAD_KERNEL_RSP(%rsi), %rsp
	movq THREAD_KSTACK_TOP(%rsi), %rax
	movq %rax, arch_tss + TSS_RSP0(%rip)
	movq %rax, %gs:CPU_KERNEL_RSP
	movq %rsi, %gs:CPU_CURRENT
	/* FS base is per thread; the MSR write is skipped when unchanged. */
	movq THREAD_FS_BASE(%rsi), %rax
	cmpq %rax, %gs:CPU_FS_BASE
	je 2f
	movq %rax, %gs:CPU_FS_BASE
	movq %rax, %rdx
	shrq $32, %rdx
	movl $MSR_FS_BASE, %ecx
	wrmsr
2:	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %rbx
	popq %rbp
	ret
	.size arch_switch, . - arch_switch

	/* First return of a user thread: rbx = arg0, the iret frame (rip, cs,
	 * rflags, rsp, ss) is on the stack. Every other GPR starts at zero. */
	.globl arch_enter_user
	.type arch_enter_user, @function
arch_enter_user:
	movq %rbx, %rdi
	xorl %eax, %eax
	xorl %ebx, %ebx
	xorl %ecx, %ecx
	xorl %edx, %edx
	xorl %esi, %esi
	xorl %ebp, %ebp
	xorl %r8d, %r8d
	xorl %r9d, %r9d
	xorl %r10d, %r10d
	xorl %r11d, %r11d
	xorl %r12d, %r12d
	xorl %r13d, %r13d
	xorl %r14d, %r14d
	xorl %r15d, %r15d
	swapgs
	iretq
	.size arch_enter_user, . - arch_enter_user

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
