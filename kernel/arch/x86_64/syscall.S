/* The `syscall` entry (LSTAR) and the one way back to user mode.
 *
 * One kernel stack per CPU (seL4's model): a thread's whole user state is
 * saved into its TCB (struct arch_regs, reached through %gs:CPU_CURRENT_REGS)
 * at every entry, and the kernel runs on the CPU's stack. A thread blocked
 * anywhere therefore owns no kernel stack frame: it can be killed, restarted
 * or read from its TCB alone.
 *
 * arch_resume_user(t) leaves through sysret when t last entered by syscall
 * (the ABI lets rcx and r11 be clobbered) and through iret otherwise, so an
 * interrupted thread gets every register back. Every GPR leaves holding a
 * value of that thread: nothing of the kernel or another thread leaks.
 *
 * KPTI (paging.c): while user code runs, CR3 holds the VSpace's user tables,
 * which map of the kernel only this section, the per-CPU area and the CPU's
 * tables. The entry loads the kernel tables before it touches anything
 * else (%gs:CPU_KERNEL_CR3), the exit loads the user tables after its last
 * kernel access (%gs:CPU_USER_CR3). With CPU_KPTI clear both steps are
 * skipped and the one set of tables serves both modes. */
#include <erix/layout.h>
#include <erix/syscall.h>

#include "cpu.h"

#include "kpti.h"

/* CF PF AF ZF SF TF DF OF AC ID */
#define USER_RFLAGS_MASK 0x240DD5

	/* Mapped in the user page tables: see linker.ld. */
	.section .kpti.text, "ax"
	.p2align 4
	.globl arch_syscall_entry
	.type arch_syscall_entry, @function
arch_syscall_entry:
	/* ERIX_SYS_NULL touches nothing and changes no state: it returns at
	 * once, every register the thread's own (rcx and r11 hold its rip and
	 * flags, as syscall left them), rax = ERIX_OK. A rip sysret could not
	 * take goes the long way (kernel_syscall makes it the thread's #GP). */
	cmpq $ERIX_SYS_NULL, %rax
	jne 1f
	movq %rcx, %rax
	shrq $47, %rax
	jnz 2f
	sysretq
2:	movl $ERIX_SYS_NULL, %eax
1:	swapgs
	movq %rsp, %gs:CPU_USER_RSP
	ENTRY_TO_KERNEL_TABLES %rsp
	movq %gs:CPU_CURRENT_REGS, %rsp
	movq %rax, R_RAX(%rsp)
	movq %rbx, R_RBX(%rsp)
	movq %rcx, R_RIP(%rsp)
	movq %rdx, R_RDX(%rsp)
	movq %rsi, R_RSI(%rsp)
	movq %rdi, R_RDI(%rsp)
	movq %rbp, R_RBP(%rsp)
	movq %r8, R_R8(%rsp)
	movq %r9, R_R9(%rsp)
	movq %r10, R_R10(%rsp)
	movq %r11, R_RFLAGS(%rsp)
	movq %r12, R_R12(%rsp)
	movq %r13, R_R13(%rsp)
	movq %r14, R_R14(%rsp)
	movq %r15, R_R15(%rsp)
	movq %gs:CPU_USER_RSP, %rdx
	movq %rdx, R_RSP(%rsp)
	movq $0, %gs:CPU_USER_RSP /* the user tables map it: keep no thread's rsp there */
	movq $1, R_SYSRET(%rsp)
	movq %rsp, %rdi
	movq %gs:CPU_KSTACK_TOP, %rsp
	/* The kernel lock (lock.c), taken here when it is free; a waiter
	 * goes to arch_lock_wait. */
	movl $1, %edx
	xchgl %edx, arch_lock+LOCK_LOCKED(%rip)
	testl %edx, %edx
	jnz 6f
5:
#if !ERIX_FEATURE_NO_FASTPATH
	/* kernel_syscall's dispatch (syscall.c, the reference, which host
	 * tests run) for rsi = 0, made here on the live registers: with a
	 * return rip (rcx) below ERIX_USER_TOP, CALL and REPLY_RECV go to the
	 * fast path. rax, rcx and rsi still hold what the thread passed; rdx
	 * is saved and free. Everything else goes to kernel_syscall. */
	.if ERIX_USER_TOP != (1 << 47)
	.error "the test below assumes ERIX_USER_TOP = 2^47"
	.endif
	movq %rcx, %rdx
	shrq $47, %rdx
	orq %rsi, %rdx
	jnz 3f
	cmpq $ERIX_SYS_CALL, %rax
	jne 4f
	call fastpath_call
	movq %rax, %rdi
	jmp arch_resume_user
4:	cmpq $ERIX_SYS_REPLY_RECV, %rax
	jne 3f
	call fastpath_reply_recv
	movq %rax, %rdi
	jmp arch_resume_user
#endif
	/* Returns the thread to resume (struct arch_thread *, regs first). */
3:	call kernel_syscall
	movq %rax, %rdi
	jmp arch_resume_user

	/* The lock was held: wait (rbx is saved and free), then dispatch on
	 * the registers as saved. A thread stopped meanwhile by another CPU
	 * (its syscall to run again when resumed) is not served. */
6:	movq %rdi, %rbx
	call arch_lock_wait
	testb %al, %al
	jnz 7f
	movq %rbx, %rdi
	movq R_RAX(%rdi), %rax
	movq R_RIP(%rdi), %rcx
	movq R_RSI(%rdi), %rsi
	jmp 5b
7:	call kernel_next
	movq %rax, %rdi
	jmp arch_resume_user
	.size arch_syscall_entry, . - arch_syscall_entry

	/* ARCH_NORETURN void arch_resume_user(struct arch_thread *t) */
	.p2align 4
	.globl arch_resume_user
	.type arch_resume_user, @function
arch_resume_user:
	/* The kernel lock goes (a store releases on x86). t's TCB stays
	 * valid: a CPU that wants t stopped must wait for this one. */
	movl $0, arch_lock+LOCK_LOCKED(%rip)
	movq %rdi, %gs:CPU_CURRENT_REGS
	cmpq $0, R_SYSRET(%rdi)
	je resume_iret
	movq R_RIP(%rdi), %rcx
	/* sysret to a non-canonical rip would #GP in ring 0 on the user rsp
	 * (Intel). kernel_syscall never lets such a rip get here (it kills
	 * the thread); this check keeps the invariant local. */
	movq %rcx, %rax
	shrq $47, %rax
	jnz resume_iret
	/* Only the user-settable flags survive (never IOPL, NT, VM), and IF
	 * is always on, whatever the TCB holds. */
	movl R_RFLAGS(%rdi), %r11d
	andl $USER_RFLAGS_MASK, %r11d
	orl $(RFLAGS_IF | RFLAGS_RESERVED1), %r11d
	movq R_RAX(%rdi), %rax
	movq R_RBX(%rdi), %rbx
	movq R_RDX(%rdi), %rdx
	movq R_RSI(%rdi), %rsi
	movq R_RBP(%rdi), %rbp
	movq R_R8(%rdi), %r8
	movq R_R9(%rdi), %r9
	movq R_R10(%rdi), %r10
	movq R_R12(%rdi), %r12
	movq R_R13(%rdi), %r13
	movq R_R14(%rdi), %r14
	movq R_R15(%rdi), %r15
	movq R_RSP(%rdi), %rsp
	movq R_RDI(%rdi), %rdi
	EXIT_TO_USER_TABLES
	swapgs
	sysretq

resume_iret:
	/* The entry stack, not the kernel stack: the user tables map it, so
	 * iretq can still read the frame after the exit's CR3 load. */
	movq %gs:CPU_ENTRY_TOP, %rsp
	pushq $SEL_USER_DS
	pushq R_RSP(%rdi)
	movl R_RFLAGS(%rdi), %eax
	andl $USER_RFLAGS_MASK, %eax
	orl $(RFLAGS_IF | RFLAGS_RESERVED1), %eax
	pushq %rax
	pushq $SEL_USER_CS
	pushq R_RIP(%rdi)
	movq R_RAX(%rdi), %rax
	movq R_RBX(%rdi), %rbx
	movq R_RCX(%rdi), %rcx
	movq R_RDX(%rdi), %rdx
	movq R_RSI(%rdi), %rsi
	movq R_RBP(%rdi), %rbp
	movq R_R8(%rdi), %r8
	movq R_R9(%rdi), %r9
	movq R_R10(%rdi), %r10
	movq R_R11(%rdi), %r11
	movq R_R12(%rdi), %r12
	movq R_R13(%rdi), %r13
	movq R_R14(%rdi), %r14
	movq R_R15(%rdi), %r15
	movq R_RDI(%rdi), %rdi
	EXIT_TO_USER_TABLES
	swapgs
	iretq
	.size arch_resume_user, . - arch_resume_user

	/* ARCH_NORETURN void arch_run_on_cpu_stack(void (*fn)(void))
	 * Abandons the current stack for the top of this CPU's kernel stack
	 * and calls fn there (the scheduler's first entry). */
	.p2align 4
	.globl arch_run_on_cpu_stack
	.type arch_run_on_cpu_stack, @function
arch_run_on_cpu_stack:
	movq %gs:CPU_KSTACK_TOP, %rsp
	xorl %ebp, %ebp
	call *%rdi
	ud2
	.size arch_run_on_cpu_stack, . - arch_run_on_cpu_stack

	.section .note.GNU-stack, "", @progbits
