/* The `syscall` entry (LSTAR): builds struct arch_syscall_frame on the
 * current thread's kernel stack, calls kernel_syscall(frame) and returns
 * with sysret. Kept lean: this is the null-syscall benchmark path.
 *
 * On return every GPR holds a user value or zero: rax, rdx, r10, r8, r9
 * come from the frame, rcx/r11 are the user rip/rflags, rdi and rsi are
 * zeroed (clobbered by the ABI), rbx, rbp, r12-r15 were preserved by the
 * C code. Interrupts stay off throughout (FMASK clears IF). */
#include <erix/layout.h>

#include "cpu.h"

#define F_RDX 16
#define F_R10 24
#define F_R8 32
#define F_R9 40
#define F_RAX 48
#define F_RIP 56
#define F_RFLAGS 64
#define F_RSP 72

/* CF PF AF ZF SF TF DF OF AC ID */
#define USER_RFLAGS_MASK 0x240DD5

	.text
	.p2align 4
	.globl arch_syscall_entry
	.type arch_syscall_entry, @function
arch_syscall_entry:
	swapgs
	movq %rsp, %gs:CPU_USER_RSP
	movq %gs:CPU_KERNEL_RSP, %rsp
	/* struct arch_syscall_frame, last field first. */
	pushq %gs:CPU_USER_RSP
	pushq %r11
	pushq %rcx
	pushq %rax
	pushq %r9
	pushq %r8
	pushq %r10
	pushq %rdx
	pushq %rsi
	pushq %rdi
	movq %rsp, %rdi
	call kernel_syscall
	movq F_RDX(%rsp), %rdx
	movq F_R10(%rsp), %r10
	movq F_R8(%rsp), %r8
	movq F_R9(%rsp), %r9
	movq F_RAX(%rsp), %rax
	movq F_RIP(%rsp), %rcx
	/* Only the user-settable flags survive (never IOPL, NT, VM), and IF
	 * is always on, whatever the frame holds. */
	movl F_RFLAGS(%rsp), %r11d
	andl $USER_RFLAGS_MASK, %r11d
	orl $(RFLAGS_IF | RFLAGS_RESERVED1), %r11d
	/* sysret to a non-canonical rip would #GP in ring 0 on user rsp
	 * (Intel): only rips below ERIX_USER_TOP (bits 63..47 clear) may
	 * leave this way. The shift also leaves rdi zeroed. */
	movq %rcx, %rdi
	shrq $47, %rdi
	jnz bad_user_rip
	xorl %esi, %esi
	movq F_RSP(%rsp), %rsp
	swapgs
	sysretq

	/* The thread asked to return to an address it cannot run at: report
	 * it as a #GP at that rip; kernel_user_fault never returns. */
bad_user_rip:
	movl $13, %edi
	xorl %esi, %esi
	movq %rcx, %rdx
	xorl %ecx, %ecx
	call kernel_user_fault
	ud2
	.size arch_syscall_entry, . - arch_syscall_entry

	.section .note.GNU-stack, "", @progbits
