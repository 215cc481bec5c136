/* Entry of the PVH test guest. Xen starts it at the XEN_ELFNOTE_PHYS32_ENTRY address in 32-bit
 * protected mode, paging off, flat segments, EBX = physical address of struct hvm_start_info. */
	.code32
	.section .text.entry, "ax"
	.globl _start
_start:
	cli
	movl $stack_top, %esp
	pushl %ebx
	call guest_main
1:	hlt
	jmp 1b

	/* ELF note: name "Xen", type 18 (XEN_ELFNOTE_PHYS32_ENTRY), the 32-bit entry address. */
	.section .note.xen, "a"
	.p2align 2
	.long 4, 4, 18
	.asciz "Xen"
	.long _start

	.section .bss
	.p2align 4
	.space 16384
stack_top:

	.section .note.GNU-stack,"",@progbits
