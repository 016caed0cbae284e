/* Kernel frame allocator: 4 KiB frames carved from untyped RAM set aside at
 * boot for kernel page tables and stacks; every frame is accounted and
 * exhaustion is ERIX_ERR_NO_MEMORY (0 returned), never a crash. */
#ifndef ERIX_KERNEL_KMEM_H
#define ERIX_KERNEL_KMEM_H

#include "arch/x86_64/arch.h"

#include <stdbool.h>

/* Returns the physical address of a zeroed frame, or 0 when exhausted. The
 * frame is kernel-private: arch_vspace_map refuses to map it to user. */
paddr_t kmem_alloc_frame(void);
/* The same, for a frame that will back user memory: the one kind of pool
 * frame arch_vspace_map accepts. */
paddr_t kmem_alloc_user_frame(void);
void kmem_free_frame(paddr_t pa);
/* True for every pool frame not currently allocated as a user frame: page
 * tables, kernel stacks, CSpace slots, free frames. */
bool kmem_frame_is_kernel(paddr_t pa);

#endif
