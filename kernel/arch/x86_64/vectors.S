/* Exception and interrupt entry stubs: each pushes a uniform (error code,
 * vector) pair and joins trap_common, which saves every GPR as a struct
 * arch_trap_frame, swaps GS only when the CPU came from user mode, and
 * calls arch_trap(frame). The return path restores every GPR and irets. */
#include "cpu.h"

#define FRAME_CS (18 * 8) /* offset of cs in struct arch_trap_frame */

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
	/* 0..31, then VEC_TIMER, VEC_PIC_SPURIOUS, VEC_SPURIOUS: idt.c reads
	 * the table in this order. */
	.irp v, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	STUB \v
	.endr
	STUB 0x20
	STUB 0xF7
	STUB 0xFF

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
	testb $3, FRAME_CS(%rsp)
	jz 1f
	swapgs
	/* Known flags for the kernel: user code may leave AC set (which would
	 * lift SMAP) or DF; interrupt gates clear neither. IF stays clear. */
1:	pushq $RFLAGS_RESERVED1
	popfq
	movq %rsp, %rdi
	call arch_trap
	testb $3, FRAME_CS(%rsp)
	jz 2f
	swapgs
2:	popq %r15
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
