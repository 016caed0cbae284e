/* bl: the few privileged x86 instructions the loader needs (TSC, COM1 port
 * I/O, the paging-mode check, the final CR3 switch and jump). bl is a UEFI
 * application outside the kernel tree, so its asm lives here, not in
 * kernel/arch. */
#ifndef ERIX_BL_CPU_H
#define ERIX_BL_CPU_H

#include <stdint.h>

static inline uint64_t bl_rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

static inline void bl_outb(uint16_t port, uint8_t v)
{
	__asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline uint8_t bl_inb(uint16_t port)
{
	uint8_t v;

	__asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline uint64_t bl_read_cr4(void)
{
	uint64_t v;

	__asm__ volatile("mov %%cr4, %0" : "=r"(v));
	return v;
}

/* Interrupts stay off from here on: the firmware's IDT is about to become
 * meaningless. CR3 switches to the boot tables, which identity-map this code
 * and its stack, so execution continues until the jump. */
static inline void __attribute__((noreturn))
bl_enter_kernel(uint64_t cr3, uint64_t handoff, uint64_t entry)
{
	__asm__ volatile("cli\n\t"
	                 "mov %0, %%cr3\n\t"
	                 "mov %1, %%rdi\n\t"
	                 "jmp *%2"
	                 :
	                 : "r"(cr3), "r"(handoff), "r"(entry)
	                 : "rdi", "memory");
	__builtin_unreachable();
}

#endif
