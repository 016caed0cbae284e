/* User entry: the kernel enters with rsp = rdi = the start frame. Align the
 * stack as a call site would and hand the frame to erix_crt_start. */
	.text
	.globl _start
	.type _start, @function
_start:
	andq $-16, %rsp
	call erix_crt_start
	ud2
	.size _start, . - _start
	.section .note.GNU-stack, "", @progbits
