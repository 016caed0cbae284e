/* Kernel frame allocator over the fixed pool boot.c carves out of RAM before
 * the untyped caps are made. Free frames form a singly linked stack threaded
 * through their first word (reached through the physmap). */
#include "kmem_pool.h"

#include "string.h"

#define POOL_FRAMES ((1ull << KMEM_POOL_BITS) / ERIX_PAGE_SIZE)

static paddr_t pool_base, pool_end;
static paddr_t free_head; /* 0 terminates: the pool never contains frame 0 */
static uint64_t free_count, total_count;
/* One bit per pool frame: set while the frame is allocated as a user frame. */
static uint8_t user_frames[POOL_FRAMES / 8];

static paddr_t *link_of(paddr_t pa)
{
	return arch_phys_to_virt(pa);
}

static bool in_pool(paddr_t pa)
{
	return pa >= pool_base && pa < pool_end && !(pa & (ERIX_PAGE_SIZE - 1));
}

static void set_user(paddr_t pa, bool user)
{
	uint64_t i = (pa - pool_base) / ERIX_PAGE_SIZE;

	if (user)
		user_frames[i / 8] |= (uint8_t)(1u << (i % 8));
	else
		user_frames[i / 8] &= (uint8_t) ~(1u << (i % 8));
}

void kmem_init(paddr_t base, uint64_t bytes)
{
	if (bytes > POOL_FRAMES * ERIX_PAGE_SIZE)
		bytes = POOL_FRAMES * ERIX_PAGE_SIZE;
	pool_base = base;
	pool_end = base + bytes;
	/* Push in reverse so allocation walks the pool upwards. */
	for (paddr_t pa = pool_end; pa > pool_base;) {
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
		set_user(pa, true);
	return pa;
}

bool kmem_frame_is_kernel(paddr_t pa)
{
	uint64_t i;

	if (!in_pool(pa & ~(paddr_t)(ERIX_PAGE_SIZE - 1)))
		return false;
	i = (pa - pool_base) / ERIX_PAGE_SIZE;
	return !(user_frames[i / 8] & (1u << (i % 8)));
}

void kmem_free_frame(paddr_t pa)
{
	/* Frames outside the pool were never ours: ignoring them keeps the
	 * accounting exact instead of adopting foreign memory. */
	if (!in_pool(pa))
		return;
	set_user(pa, false);
	*link_of(pa) = free_head;
	free_head = pa;
	free_count++;
}

uint64_t kmem_free_count(void)
{
	return free_count;
}

uint64_t kmem_total_count(void)
{
	return total_count;
}
