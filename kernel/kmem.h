/* Kernel frame allocator: 4 KiB frames carved from untyped RAM set aside at
 * boot for kernel page tables and stacks; every frame is accounted and
 * exhaustion is ERIX_ERR_NO_MEMORY (0 returned), never a crash. */
#ifndef ERIX_KERNEL_KMEM_H
#define ERIX_KERNEL_KMEM_H

#include "arch/x86_64/arch.h"

/* Returns the physical address of a zeroed frame, or 0 when exhausted. */
paddr_t kmem_alloc_frame(void);
void kmem_free_frame(paddr_t pa);

#endif
