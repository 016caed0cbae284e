/* The two CR3 steps of KPTI for the entry and exit paths (syscall.S,
 * vectors.S); paging.c builds the tables and explains the design. Both
 * read only the per-CPU area, which the user tables map. kernel-no-kpti
 * builds assemble them to nothing. */
#ifndef ERIX_ARCH_X86_64_KPTI_H
#define ERIX_ARCH_X86_64_KPTI_H

#include "cpu.h"

#ifdef __ASSEMBLER__
/* Assembler macros, left as written: */
/* clang-format off */
#if ERIX_FEATURE_NO_KPTI
	.macro ENTRY_TO_KERNEL_TABLES scratch
	.endm
	.macro EXIT_TO_USER_TABLES
	.endm
#else
	/* First step of an entry, right after swapgs: the kernel's tables. The
	 * scratch register is lost. */
	.macro ENTRY_TO_KERNEL_TABLES scratch
	cmpq $0, %gs:CPU_KPTI
	je 1f
	movq %gs:CPU_KERNEL_CR3, \scratch
	movq \scratch, %cr3
1:
	.endm

	/* Last step of an exit, every GPR already the thread's, just before
	 * swapgs: the user tables. rdi crosses the load in the per-CPU area
	 * (the thread's own value). CPU_USER_CR3_NEXT drops a pending flush
	 * of the user PCID once this load has done it. Flags are clobbered:
	 * sysret takes them from r11, iret from its frame. */
	.macro EXIT_TO_USER_TABLES
	cmpq $0, %gs:CPU_KPTI
	je 1f
	movq %rdi, %gs:CPU_EXIT_SCRATCH
	movq %gs:CPU_USER_CR3, %rdi
	movq %rdi, %cr3
	movq %gs:CPU_USER_CR3_NEXT, %rdi
	movq %rdi, %gs:CPU_USER_CR3
	movq %gs:CPU_EXIT_SCRATCH, %rdi
1:
	.endm
#endif
/* clang-format on */
#endif

#endif
