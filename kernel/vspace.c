/* User VSpaces: a fixed pool of roots; user pages come from kmem user frames
 * and are mapped W^X (arch_vspace_map refuses writable+executable). */
#include "vspace.h"

#include <elf/elf64.h>
#include <erix/errors.h>

#include "kmem.h"
#include "string.h"

static struct vspace pool[VSPACE_POOL_SIZE];

struct vspace *vspace_create(void)
{
	for (unsigned i = 0; i < VSPACE_POOL_SIZE; i++) {
		if (pool[i].used)
			continue;
		if (arch_vspace_create(&pool[i].root))
			return NULL;
		pool[i].used = 1;
		return &pool[i];
	}
	return NULL;
}

int vspace_map_new(struct vspace *vs, vaddr_t va, unsigned flags, paddr_t *pa)
{
	int err;

	*pa = kmem_alloc_user_frame();
	if (!*pa)
		return ERIX_ERR_NO_MEMORY;
	err = arch_vspace_map(vs->root, va, *pa, flags | ARCH_MAP_USER);
	if (err)
		kmem_free_frame(*pa);
	return err;
}

static unsigned segment_flags(uint32_t pf)
{
	return (pf & ELF64_PF_W ? ARCH_MAP_WRITE : 0) | (pf & ELF64_PF_X ? ARCH_MAP_EXEC : 0);
}

/* Copies the part of [seg file bytes] that falls into page va. */
static void fill_page(uint8_t *page, vaddr_t va, const uint8_t *file,
                      const struct erix_elf_segment *s)
{
	uint64_t lo = va > s->vaddr ? va : s->vaddr;
	uint64_t hi = va + ERIX_PAGE_SIZE;
	uint64_t file_end = s->vaddr + s->filesz;

	if (hi > file_end)
		hi = file_end;
	if (lo < hi)
		memcpy(page + (lo - va), file + s->offset + (lo - s->vaddr), hi - lo);
}

static int load_segment(struct vspace *vs, const uint8_t *file, const struct erix_elf_segment *s)
{
	vaddr_t first = s->vaddr & ~(vaddr_t)(ERIX_PAGE_SIZE - 1);
	vaddr_t end = (s->vaddr + s->memsz + ERIX_PAGE_SIZE - 1) & ~(vaddr_t)(ERIX_PAGE_SIZE - 1);

	for (vaddr_t va = first; va < end; va += ERIX_PAGE_SIZE) {
		paddr_t pa;
		int err = vspace_map_new(vs, va, segment_flags(s->flags), &pa);

		if (err)
			return err;
		fill_page(arch_phys_to_virt(pa), va, file, s);
	}
	return ERIX_OK;
}

int vspace_load_elf(struct vspace *vs, const uint8_t *file, const struct erix_elf_image *img)
{
	for (uint32_t i = 0; i < img->segment_count; i++) {
		int err = load_segment(vs, file, &img->segments[i]);

		if (err)
			return err;
	}
	return ERIX_OK;
}
