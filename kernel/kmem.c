/* Kernel frame allocator over the pool boot.c carves out of RAM before the
 * untyped caps are made. Free frames form a singly linked stack threaded
 * through their first word (reached through the physmap). A per-frame word
 * at the start of the pool holds kobj's slab count (low 15 bits) and
 * whether the frame backs user memory (FRAME_USER): arch_vspace_map maps
 * no other pool frame to user. */
#include "kmem_pool.h"

#include "string.h"

#define FRAME_USER  0x8000u
#define FRAME_COUNT 0x7fffu

static paddr_t pool_base, pool_end;
static paddr_t free_head; /* 0 terminates: the pool never contains frame 0 */
static uint64_t free_count, total_count;
static uint16_t *frame_meta;

static paddr_t *link_of(paddr_t pa)
{
	return arch_phys_to_virt(pa);
}

static bool in_pool(paddr_t pa)
{
	return pa >= pool_base && pa < pool_end && !(pa & (ERIX_PAGE_SIZE - 1));
}

static uint16_t *meta_of(paddr_t pa)
{
	return &frame_meta[(pa - pool_base) / ERIX_PAGE_SIZE];
}

void kmem_init(paddr_t base, uint64_t bytes)
{
	uint64_t frames = bytes / ERIX_PAGE_SIZE;
	uint64_t meta =
	    (frames * sizeof(uint16_t) + ERIX_PAGE_SIZE - 1) & ~(uint64_t)(ERIX_PAGE_SIZE - 1);

	pool_base = base;
	pool_end = base + bytes;
	frame_meta = arch_phys_to_virt(base);
	memset(frame_meta, 0, meta);
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

paddr_t kmem_alloc_user_frame(void)
{
	paddr_t pa = kmem_alloc_frame();

	if (pa)
		*meta_of(pa) |= FRAME_USER;
	return pa;
}

bool kmem_frame_is_kernel(paddr_t pa)
{
	pa &= ~(paddr_t)(ERIX_PAGE_SIZE - 1);
	return in_pool(pa) && pa >= (paddr_t)(uintptr_t)frame_meta - ERIX_PHYSMAP_BASE &&
	       !(*meta_of(pa) & FRAME_USER);
}

void kmem_free_frame(paddr_t pa)
{
	/* Frames outside the pool were never ours: ignoring them keeps the
	 * accounting exact instead of adopting foreign memory. */
	if (!in_pool(pa))
		return;
	*meta_of(pa) = 0;
	*link_of(pa) = free_head;
	free_head = pa;
	free_count++;
}

unsigned kmem_frame_uses_add(uintptr_t va, int delta)
{
	uint16_t *m = meta_of(va - ERIX_PHYSMAP_BASE);
	unsigned n = (unsigned)((*m & FRAME_COUNT) + delta) & FRAME_COUNT;

	*m = (uint16_t)((*m & ~FRAME_COUNT) | n);
	return n;
}

uint64_t kmem_free_count(void)
{
	return free_count;
}

uint64_t kmem_total_count(void)
{
	return total_count;
}
