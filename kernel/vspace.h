/* User address spaces: a fixed pool of PML4 roots (kernel half shared by
 * arch), user pages backed by kmem frames and mapped W^X. */
#ifndef ERIX_KERNEL_VSPACE_H
#define ERIX_KERNEL_VSPACE_H

#include "arch/x86_64/arch.h"

#define VSPACE_POOL_SIZE 8

struct vspace {
	paddr_t root;
	uint32_t used;
};

struct vspace *vspace_create(void);
/* Maps a fresh zeroed frame at page va with ARCH_MAP_* flags (USER added;
 * WRITE together with EXEC refused); *pa gets the frame. */
int vspace_map_new(struct vspace *vs, vaddr_t va, unsigned flags, paddr_t *pa);

struct erix_elf_image;
/* Copies every PT_LOAD segment of a validated image into fresh frames. */
int vspace_load_elf(struct vspace *vs, const uint8_t *file, const struct erix_elf_image *img);

#endif
