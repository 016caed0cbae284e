/* The initial resume frame a task finds at its stack pointer on first entry
 * (also passed in rdi). The kernel writes it into the task's own stack
 * backing pages before the task is first activated. */
#ifndef ERIX_START_H
#define ERIX_START_H

#include <stddef.h>
#include <stdint.h>

#define ERIX_START_MAGIC 0x5452415453584952ull /* "RIXSTART" */

struct erix_start_frame {
	uint64_t magic;
	uint64_t arg;                  /* spawn argument (0 for rootd) */
	uint64_t window_base;          /* first slot of the visible CSpace window */
	uint64_t window_slots;         /* number of slots in the window */
	uint64_t untyped_ram_count;    /* RAM untyped caps from ERIX_SLOT_UNTYPED_BASE */
	uint64_t untyped_device_count; /* then this many device untyped caps */
	uint64_t ram_bytes;            /* total bytes of RAM untyped */
	uint64_t device_bytes;         /* total bytes of device untyped */
	uint64_t bootinfo;             /* rootd: user address of its bootinfo, else 0 */
	uint64_t bootinfo_size;        /* bytes mapped there (whole pages) */
};
_Static_assert(sizeof(struct erix_start_frame) == 80, "start frame");
_Static_assert(offsetof(struct erix_start_frame, magic) == 0, "magic");
_Static_assert(offsetof(struct erix_start_frame, arg) == 8, "arg");
_Static_assert(offsetof(struct erix_start_frame, window_base) == 16, "wbase");
_Static_assert(offsetof(struct erix_start_frame, window_slots) == 24, "wslots");
_Static_assert(offsetof(struct erix_start_frame, untyped_ram_count) == 32, "ram#");
_Static_assert(offsetof(struct erix_start_frame, untyped_device_count) == 40, "dev#");
_Static_assert(offsetof(struct erix_start_frame, ram_bytes) == 48, "ram");
_Static_assert(offsetof(struct erix_start_frame, device_bytes) == 56, "dev");
_Static_assert(offsetof(struct erix_start_frame, bootinfo) == 64, "bootinfo");
_Static_assert(offsetof(struct erix_start_frame, bootinfo_size) == 72, "bootinfo size");

#endif
