/* Boot-time setup of the kernel frame pool (kmem.h is the allocator API). */
#ifndef ERIX_KERNEL_KMEM_POOL_H
#define ERIX_KERNEL_KMEM_POOL_H

#include "kmem.h"

/* The pool holds every kernel object, page table and anonymous user page:
 * a quarter of usable RAM (the rest stays untyped for user space), at least
 * KMEM_POOL_MIN, taken from one RAM seed below ERIX_BOOT_MAP_MIN. */
#define KMEM_POOL_MIN       (8ull << 20)
#define KMEM_POOL_RAM_DIV   4
/* Frames the kernel keeps out of rootd's budget for its own later needs
 * (selftest kernel threads and their stacks). */
#define KMEM_KERNEL_RESERVE 128

/* Hands [base, base + bytes) to the allocator; base and bytes page aligned. */
void kmem_init(paddr_t base, uint64_t bytes);
uint64_t kmem_free_count(void);
uint64_t kmem_total_count(void);

/* Objects in use in the pool frame holding kernel address va (kobj.c's
 * slabs): adds delta and returns the new count. */
unsigned kmem_frame_uses_add(uintptr_t va, int delta);

#endif
