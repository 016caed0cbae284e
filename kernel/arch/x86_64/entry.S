/* Kernel entry from the UEFI loader: rdi = physical address of the handoff,
 * interrupts off, on the loader's page tables and stack. Moves to the boot
 * stack in .bss (with a guard page below it) and calls kmain(rdi). */

	.section .text.entry, "ax"
	.globl _start
	.type _start, @function
_start:
	cli
	cld
	leaq arch_boot_stack_top(%rip), %rsp
	xorl %ebp, %ebp
	/* rdi (the handoff address) passes straight through to kmain. */
	call kmain
1:	cli
	hlt
	jmp 1b
	.size _start, . - _start

	/* The guard page is left unmapped by arch_paging_init, so a boot stack
	 * overflow faults instead of corrupting .bss. */
	.section .bss
	.balign 4096
	.globl arch_boot_stack_guard_page
arch_boot_stack_guard_page:
	.skip 4096
	.skip 16384
	.globl arch_boot_stack_top
arch_boot_stack_top:

	.section .note.GNU-stack, "", @progbits
