/* int arch_selftest_raise(unsigned vector, uint64_t recover[2], vaddr_t fault_va)
 * Records a recovery point (rip, rsp) in recover[], then raises the
 * exception `vector` in kernel mode. The trap handler, armed by
 * selftest.c, resumes at the recovery point: the call returns 1. It
 * returns 0 if nothing was raised. */

	.text
	.p2align 4
	.globl arch_selftest_raise
	.type arch_selftest_raise, @function
arch_selftest_raise:
	pushq %rbp
	pushq %rbx
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
	leaq recovered(%rip), %rax
	movq %rax, 0(%rsi)
	movq %rsp, 8(%rsi)
	cmpl $6, %edi
	je raise_ud
	cmpl $3, %edi
	je raise_bp
	cmpl $0, %edi
	je raise_de
	cmpl $13, %edi
	je raise_gp
	cmpl $14, %edi
	je raise_pf
	xorl %eax, %eax
	jmp done
raise_ud:
	ud2
raise_bp:
	int3
	xorl %eax, %eax /* int3 is a trap: only reached if not redirected */
	jmp done
raise_de:
	xorl %eax, %eax
	xorl %edx, %edx
	xorl %ecx, %ecx
	divl %ecx
raise_gp:
	movabsq $0x8000000000000000, %rax /* non-canonical */
	movq (%rax), %rax
raise_pf:
	movq (%rdx), %rax
	xorl %eax, %eax
	jmp done
recovered:
	movl $1, %eax
done:
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %rbx
	popq %rbp
	ret
	.size arch_selftest_raise, . - arch_selftest_raise

/* int arch_selftest_write(uint64_t recover[2], vaddr_t va)
 * Records a recovery point, then rewrites the quadword at va with its own
 * value (harmless if the write goes through). Returns 1 if the write
 * faulted and the armed trap handler resumed at the recovery point, 0 if
 * it went through. */
	.globl arch_selftest_write
	.type arch_selftest_write, @function
arch_selftest_write:
	pushq %rbp
	pushq %rbx
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
	leaq recovered(%rip), %rax
	movq %rax, 0(%rdi)
	movq %rsp, 8(%rdi)
	movq (%rsi), %rax
	movq %rax, (%rsi)
	xorl %eax, %eax
	jmp done
	.size arch_selftest_write, . - arch_selftest_write

/* void arch_selftest_stack_overflow(void) - never returns.
 * Pushes until the current kernel stack runs into its unmapped guard page.
 * The page fault cannot be delivered on the full stack, so the CPU raises a
 * double fault, which runs on its own IST stack and ends the boot with
 * ERIX_KERNEL:FAIL:EXCEPTION_DOUBLE_FAULT: proof that a kernel stack
 * overflow is a defined failure, not a triple fault. */
	.globl arch_selftest_stack_overflow
	.type arch_selftest_stack_overflow, @function
arch_selftest_stack_overflow:
1:	pushq $0
	jmp 1b
	.size arch_selftest_stack_overflow, . - arch_selftest_stack_overflow

	.section .note.GNU-stack, "", @progbits
