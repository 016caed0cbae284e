/* The application processors' way from the SIPI's real mode to the
 * kernel: copied to a page below 1 MiB (smp.c), entered at its start with
 * CS = page >> 4 and IP = 0. Everything it reads is addressed from its own
 * base (ebx, from CS), so it runs wherever it is copied; the fields at its
 * end are filled in before each AP is started: the GDT pointer's base and
 * the two far-jump targets (absolute), CR3 (the kernel's tables, below
 * 4 GiB), the AP's stack, entry and argument. */
#define TR(label) ((label) - smp_trampoline_start)

	.section .rodata
	.p2align 12
	.globl smp_trampoline_start, smp_trampoline_end
	.globl smp_tr_gdt_base, smp_tr_jump32, smp_tr_jump64
	.globl smp_tr_cr3, smp_tr_stack, smp_tr_entry, smp_tr_arg
	.globl smp_tr32, smp_tr64, smp_tr_gdt_table
	.code16
smp_trampoline_start:
	cli
	cld
	movw %cs, %ax
	movw %ax, %ds
	movzwl %ax, %ebx
	shll $4, %ebx
	lgdtl TR(smp_tr_gdt)
	movl %cr0, %eax
	orl $1, %eax
	movl %eax, %cr0
	/* ljmpl $0x08, <absolute tr32>: the offset is filled in. */
	.byte 0x66, 0xEA
smp_tr_jump32:
	.long 0
	.word 0x08

	.code32
smp_tr32:
	movw $0x10, %ax
	movw %ax, %ds
	movw %ax, %es
	movw %ax, %ss
	movl %cr4, %eax
	orl $0x20, %eax                 /* PAE */
	movl %eax, %cr4
	movl TR(smp_tr_cr3)(%ebx), %eax
	movl %eax, %cr3
	movl $0xC0000080, %ecx          /* EFER: long mode, NX (the kernel's tables use it) */
	rdmsr
	orl $0x900, %eax
	wrmsr
	movl %cr0, %eax
	orl $0x80010001, %eax           /* PG, WP, PE */
	movl %eax, %cr0
	/* ljmp $0x18, <absolute tr64>: the offset is filled in. */
	.byte 0xEA
smp_tr_jump64:
	.long 0
	.word 0x18

	.code64
smp_tr64:
	movl %ebx, %ebx                 /* the upper half is undefined after the switch */
	movq TR(smp_tr_stack)(%rbx), %rsp
	movq TR(smp_tr_arg)(%rbx), %rdi
	movq TR(smp_tr_entry)(%rbx), %rax
	xorl %ebp, %ebp
	jmpq *%rax

	.p2align 3
smp_tr_gdt_table:
	.quad 0
	.quad 0x00CF9A000000FFFF        /* 0x08: 32-bit code */
	.quad 0x00CF92000000FFFF        /* 0x10: data */
	.quad 0x00AF9A000000FFFF        /* 0x18: 64-bit code */
smp_tr_gdt:
	.word 31
smp_tr_gdt_base:
	.long 0
	.p2align 3
smp_tr_cr3:
	.quad 0
smp_tr_stack:
	.quad 0
smp_tr_entry:
	.quad 0
smp_tr_arg:
	.quad 0
smp_trampoline_end:
	.section .note.GNU-stack, "", @progbits
