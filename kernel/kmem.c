/* Kernel frame allocator over the pool boot.c carves out of RAM before the
 * untyped caps are made. Free frames form a singly linked stack threaded
 * through their first word (reached through the physmap). A per-frame
 * counter array at the start of the pool serves kobj's slabs. */
#include "kmem_pool.h"

#include "string.h"

static paddr_t pool_base, pool_end;
static paddr_t free_head; /* 0 terminates: the pool never contains frame 0 */
static uint64_t free_count, total_count;
static uint16_t *frame_uses;

static paddr_t *link_of(paddr_t pa)
{
	return arch_phys_to_virt(pa);
}

void kmem_init(paddr_t base, uint64_t bytes)
{
	uint64_t frames = bytes / ERIX_PAGE_SIZE;
	uint64_t meta =
	    (frames * sizeof(uint16_t) + ERIX_PAGE_SIZE - 1) & ~(uint64_t)(ERIX_PAGE_SIZE - 1);

	pool_base = base;
	pool_end = base + bytes;
	frame_uses = arch_phys_to_virt(base);
	memset(frame_uses, 0, meta);
	/* Push in reverse so allocation walks the pool upwards. */
	for (paddr_t pa = pool_end; pa > pool_base + meta;) {
		pa -= ERIX_PAGE_SIZE;
		kmem_free_frame(pa);
	}
	total_count = free_count;
}

paddr_t kmem_alloc_frame(void)
{
	paddr_t pa = free_head;

	if (!pa)
		return 0;
	free_head = *link_of(pa);
	free_count--;
	memset(arch_phys_to_virt(pa), 0, ERIX_PAGE_SIZE);
	return pa;
}

void kmem_free_frame(paddr_t pa)
{
	/* Frames outside the pool were never ours: ignoring them keeps the
	 * accounting exact instead of adopting foreign memory. */
	if (pa < pool_base || pa >= pool_end || (pa & (ERIX_PAGE_SIZE - 1)))
		return;
	*link_of(pa) = free_head;
	free_head = pa;
	free_count++;
}

unsigned kmem_frame_uses_add(uintptr_t va, int delta)
{
	uint16_t *n = &frame_uses[(va - ERIX_PHYSMAP_BASE - pool_base) / ERIX_PAGE_SIZE];

	*n = (uint16_t)(*n + delta);
	return *n;
}

uint64_t kmem_free_count(void)
{
	return free_count;
}

uint64_t kmem_total_count(void)
{
	return total_count;
}
