/* Exception and interrupt entry stubs for all 256 vectors: each pushes a
 * uniform (error code, vector) pair and joins trap_common, which saves every
 * GPR as a struct arch_trap_frame.
 *
 * From user mode the frame lies on this CPU's entry stack (TSS rsp0, mapped
 * in the user tables under KPTI): trap_common loads the kernel tables,
 * moves to the kernel stack, and arch_trap_user copies the frame into the
 * thread's TCB and returns the thread to resume, which leaves through
 * arch_resume_user. From kernel mode (the idle loop, a kernel selftest
 * thread, a kernel fault) the frame stays on the current stack and
 * trap_common returns with iret. */
#include "cpu.h"
#include "kpti.h"

#define FRAME_CS   (18 * 8) /* offset of cs in struct arch_trap_frame */
#define FRAME_SIZE (22 * 8) /* sizeof(struct arch_trap_frame) */

	.altmacro /* STUB %v: pass v's value */

	.macro STUB vec
	.section .kpti.text, "ax"
	.p2align 4
vector_\vec:
	/* The CPU pushes an error code for 8, 10-14, 17, 21, 29 and 30 only. */
	.if !((\vec == 8) || ((\vec >= 10) && (\vec <= 14)) || (\vec == 17) || \
	      (\vec == 21) || (\vec == 29) || (\vec == 30))
	pushq $0
	.endif
	pushq $\vec
	jmp trap_common
	.section .rodata
	.quad vector_\vec
	.endm

	.section .rodata
	.p2align 3
	.globl arch_vector_stubs
arch_vector_stubs:
	/* Vector v's stub is entry v: idt.c installs all 256. */
	.set v, 0
	.rept 256
	STUB %v
	.set v, v + 1
	.endr

	.noaltmacro

	/* Mapped in the user page tables: see linker.ld. */
	.section .kpti.text, "ax"
	.p2align 4
trap_common:
	pushq %rax
	pushq %rbx
	pushq %rcx
	pushq %rdx
	pushq %rsi
	pushq %rdi
	pushq %rbp
	pushq %r8
	pushq %r9
	pushq %r10
	pushq %r11
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
	/* Known flags for the kernel: user code may leave AC set (which would
	 * lift SMAP) or DF; interrupt gates clear neither. IF stays clear. */
	pushq $RFLAGS_RESERVED1
	popfq
	movq %rsp, %rdi
	testb $3, FRAME_CS(%rsp)
	jz from_kernel
	swapgs
	lfence /* no GS access runs ahead on a speculated swapgs */
	ENTRY_TO_KERNEL_TABLES %rax
	movq %gs:CPU_KSTACK_TOP, %rsp
	call arch_trap_user
	/* The frame is in the TCB now: wipe it off the entry stack, which
	 * every VSpace's user tables map, so no other thread's registers
	 * stay there. */
	movq %rax, %rdx
	movq %gs:CPU_ENTRY_TOP, %rdi
	subq $FRAME_SIZE, %rdi
	movl $(FRAME_SIZE / 8), %ecx
	xorl %eax, %eax
	rep stosq
	movq %rdx, %rdi
	jmp arch_resume_user

from_kernel:
	lfence
	/* GS is the kernel's except in an exit's last instructions (after
	 * swapgs, before sysret/iret), where only an NMI, #MC or #DF can land:
	 * the user's GS base is always 0 (user code cannot set it), a kernel
	 * area is in the kernel half. rbx (saved, callee-saved) remembers the
	 * swap for the way out. */
	xorl %ebx, %ebx
	movl $MSR_GS_BASE, %ecx
	rdmsr
	testl %edx, %edx
	js 3f
	swapgs
	movl $1, %ebx
3:
#if !ERIX_FEATURE_NO_KPTI
	/* Such a handler may also land on the user tables: it runs on the
	 * kernel tables and the interrupted CR3 comes back after it. */
	cmpq $0, %gs:CPU_KPTI
	je 1f
	movq %cr3, %rax
	andq $-4096, %rax
	cmpq %gs:CPU_USER_ROOT, %rax
	jne 1f
	movq %cr3, %rax
	pushq %rax
	pushq %rax
	movq %gs:CPU_KERNEL_CR3, %rax
	movq %rax, %cr3
	call arch_trap
	popq %rax
	popq %rax
	movq %rax, %cr3
	jmp 2f
1:
#endif
	call arch_trap
2:
	testl %ebx, %ebx
	jz 4f
	swapgs
4:
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %r11
	popq %r10
	popq %r9
	popq %r8
	popq %rbp
	popq %rdi
	popq %rsi
	popq %rdx
	popq %rcx
	popq %rbx
	popq %rax
	addq $16, %rsp /* vector, error */
	iretq

	.section .note.GNU-stack, "", @progbits
