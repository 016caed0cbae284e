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

	.section .note.GNU-stack, "", @progbits
