/* Boot-time setup of the kernel frame pool (kmem.h is the allocator API). */
#ifndef ERIX_KERNEL_KMEM_POOL_H
#define ERIX_KERNEL_KMEM_POOL_H

#include "kmem.h"

/* Pool size: page tables, kernel stacks (ARCH_MAX_KSTACKS * 4 pages), the
 * root CSpace, rootd's image and stack, with room to spare. */
#define KMEM_POOL_BITS 23 /* 8 MiB */

/* Hands [base, base + bytes) to the allocator; base and bytes page aligned. */
void kmem_init(paddr_t base, uint64_t bytes);
uint64_t kmem_free_count(void);
uint64_t kmem_total_count(void);

#endif
