/* Exception and interrupt entry stubs for all 256 vectors: each pushes a
 * uniform (error code, vector) pair and joins trap_common, which saves every
 * GPR as a struct arch_trap_frame.
 *
 * From user mode the frame lies at the top of this CPU's kernel stack (TSS
 * rsp0): arch_trap_user copies it into the thread's TCB and returns the
 * thread to resume, which leaves through arch_resume_user. From kernel mode
 * (the idle loop, a kernel selftest thread, a kernel fault) the frame stays
 * on the current stack and trap_common returns with iret. */
#include "cpu.h"

#define FRAME_CS (18 * 8) /* offset of cs in struct arch_trap_frame */

	.altmacro /* STUB %v: pass v's value */

	.macro STUB vec
	.text
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

	.text
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
	call arch_trap_user
	movq %rax, %rdi
	jmp arch_resume_user

from_kernel:
	call arch_trap
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
