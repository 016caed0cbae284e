/* Raw syscall stubs (ABI in include/erix/syscall.h): number in rax,
 * arguments rdi, rsi, rdx, r10, r8, r9; status in rax, results in rdx, r10,
 * r8, r9. rcx, r11, rdi, rsi are clobbered: all caller-saved in the SysV ABI. */
	.text

/* int erix_syscall(nr, a0, a1, const uint64_t in[4], uint64_t out[4]) */
	.globl erix_syscall
	.type erix_syscall, @function
erix_syscall:
	pushq %r8
	movq %rdi, %rax
	movq %rsi, %rdi
	movq %rdx, %rsi
	movq %rcx, %r11
	movq 0(%r11), %rdx
	movq 8(%r11), %r10
	movq 16(%r11), %r8
	movq 24(%r11), %r9
	syscall
	popq %rcx
	movq %rdx, 0(%rcx)
	movq %r10, 8(%rcx)
	movq %r8, 16(%rcx)
	movq %r9, 24(%rcx)
	ret
	.size erix_syscall, . - erix_syscall

	.globl erix_null
	.type erix_null, @function
erix_null:
	movl $0x01, %eax	/* ERIX_SYS_NULL */
	syscall
	ret
	.size erix_null, . - erix_null

/* The measured window holds two moves, the number load, syscall and the
 * kernel round trip; rbx and rbp survive the syscall by the ABI. */
	.globl erix_bench_null
	.type erix_bench_null, @function
erix_bench_null:
	pushq %rbx
	pushq %rbp
	rdtsc
	movl %eax, %ebx
	movl %edx, %ebp
	movl $0x01, %eax	/* ERIX_SYS_NULL */
	syscall
	rdtsc
	shlq $32, %rdx
	orq %rdx, %rax
	shlq $32, %rbp
	orq %rbp, %rbx
	subq %rbx, %rax
	popq %rbp
	popq %rbx
	ret
	.size erix_bench_null, . - erix_bench_null

	.section .note.GNU-stack, "", @progbits
