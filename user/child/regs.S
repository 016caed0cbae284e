/* Register checks for the REGS mode: nothing of the kernel or of another
 * thread may show in a thread's registers after a syscall's sysret, after
 * an interrupt's iret, or at a new thread's first entry. */
#define PAT(n) (0x5a5a000000000000 + n)

	/* reg holds PAT(n) or zero (the ABI lets the kernel clobber it). */
	.macro SAME_OR_ZERO reg, n
	testq %\reg, %\reg
	jz 9f
	movabsq $PAT(\n), %rcx
	cmpq %rcx, %\reg
	jne fail
9:
	.endm

	.text
	/* int child_regs_check(void): 0 when every check held, else the
	 * number of the first failed one. rbx, rbp, r12-r15 are saved. */
	.globl child_regs_check
	.type child_regs_check, @function
child_regs_check:
	pushq %rbx
	pushq %rbp
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
	/* 1: a NULL syscall keeps the callee-saved registers, leaves rcx =
	 * the return rip and r11 = flags with IF, and rdx, r8-r10, rdi, rsi
	 * either unchanged or zero. */
	movabsq $PAT(1), %rbx
	movabsq $PAT(2), %rbp
	movabsq $PAT(3), %r12
	movabsq $PAT(4), %r13
	movabsq $PAT(5), %r14
	movabsq $PAT(6), %r15
	movabsq $PAT(7), %rdx
	movabsq $PAT(8), %r8
	movabsq $PAT(9), %r9
	movabsq $PAT(10), %r10
	movabsq $PAT(11), %rdi
	movabsq $PAT(12), %rsi
	movl $0x01, %eax /* ERIX_SYS_NULL */
	syscall
after_syscall:
	movl $1, %eax
	movabsq $PAT(1), %rcx
	cmpq %rcx, %rbx
	jne fail
	movabsq $PAT(2), %rcx
	cmpq %rcx, %rbp
	jne fail
	movabsq $PAT(3), %rcx
	cmpq %rcx, %r12
	jne fail
	movabsq $PAT(4), %rcx
	cmpq %rcx, %r13
	jne fail
	movabsq $PAT(5), %rcx
	cmpq %rcx, %r14
	jne fail
	movabsq $PAT(6), %rcx
	cmpq %rcx, %r15
	jne fail
	movl $2, %eax
	SAME_OR_ZERO rdx, 7
	SAME_OR_ZERO r8, 8
	SAME_OR_ZERO r9, 9
	SAME_OR_ZERO r10, 10
	SAME_OR_ZERO rdi, 11
	SAME_OR_ZERO rsi, 12
	testq %r11, %r11
	jz fail
	btq $9, %r11 /* IF */
	jnc fail
	/* 3: the same registers survive preemption (the iret path): spin
	 * with every register set long enough for timer ticks to hit. */
	movl $3, %eax
	movabsq $PAT(7), %rdx
	movabsq $PAT(8), %r8
	movabsq $PAT(9), %r9
	movabsq $PAT(10), %r10
	movabsq $PAT(11), %rdi
	movabsq $PAT(12), %rsi
	movabsq $PAT(13), %r11
	movq $50000000, %rcx
1:	decq %rcx
	jnz 1b
	movabsq $PAT(1), %rcx
	cmpq %rcx, %rbx
	jne fail
	movabsq $PAT(6), %rcx
	cmpq %rcx, %r15
	jne fail
	movabsq $PAT(7), %rcx
	cmpq %rcx, %rdx
	jne fail
	movabsq $PAT(8), %rcx
	cmpq %rcx, %r8
	jne fail
	movabsq $PAT(10), %rcx
	cmpq %rcx, %r10
	jne fail
	movabsq $PAT(11), %rcx
	cmpq %rcx, %rdi
	jne fail
	movabsq $PAT(12), %rcx
	cmpq %rcx, %rsi
	jne fail
	movabsq $PAT(13), %rcx
	cmpq %rcx, %r11
	jne fail
	xorl %eax, %eax
fail:
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %rbp
	popq %rbx
	ret
	.size child_regs_check, . - child_regs_check

	/* A new thread's first instruction: every GPR but rdi (the
	 * argument) and rsp must be zero. Calls child_first_entry(result). */
	.globl child_first_entry_asm
	.type child_first_entry_asm, @function
child_first_entry_asm:
	movq %rax, %r11
	orq %rbx, %r11
	orq %rcx, %r11
	orq %rdx, %r11
	orq %rsi, %r11
	orq %rbp, %r11
	orq %r8, %r11
	orq %r9, %r11
	orq %r10, %r11
	orq %r12, %r11
	orq %r13, %r11
	orq %r14, %r11
	orq %r15, %r11
	movq %r11, %rsi
	andq $-16, %rsp
	call child_first_entry
	ud2
	.size child_first_entry_asm, . - child_first_entry_asm

	.section .note.GNU-stack, "", @progbits
