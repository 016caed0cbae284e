/* Bringing up the application processors: a trampoline page below 1 MiB
 * from RAM the memory map lists (the low 1 MiB is never untyped, so the
 * page is nobody's), one kernel-owned stack page per AP, and the count of
 * CPUs that answered. The stacks stay: a parked AP keeps using its own. */
#include "smp.h"

#include <erix/handoff.h>
#include <erix/markers.h>

#include "arch/x86_64/arch.h"
#include "boot.h"
#include "console.h"
#include "kmem.h"
#include "platform.h"

#define TRAMPOLINE_FIRST 0x1000ull
#define TRAMPOLINE_END   0x9F000ull /* below the EBDA and the VGA hole */

static int is_ram(uint32_t type)
{
	return type == ERIX_MEM_USABLE || type == ERIX_MEM_LOADER_RECLAIMABLE;
}

/* The highest RAM page in [TRAMPOLINE_FIRST, TRAMPOLINE_END), or 0. */
static paddr_t trampoline_page(void)
{
	const struct erix_handoff_view *v = &boot_info.view;
	paddr_t best = 0;

	for (uint64_t i = 0; i < v->mem_count; i++) {
		const struct erix_mem_entry *m = &v->mem[i];
		uint64_t end = m->base + m->length, page;

		if (!is_ram(m->type) || end <= TRAMPOLINE_FIRST || m->base >= TRAMPOLINE_END)
			continue;
		end = end < TRAMPOLINE_END ? end : TRAMPOLINE_END;
		page = (end & ~(uint64_t)(ERIX_PAGE_SIZE - 1)) - ERIX_PAGE_SIZE;
		if (page >= m->base && page >= TRAMPOLINE_FIRST && page > best)
			best = page;
	}
	return best;
}

void smp_start(void)
{
	paddr_t stacks[PLATFORM_MAX_CPUS], tramp = 0;
	unsigned online = 1, n = 0;
#if ERIX_FEATURE_BENCH
	uint64_t t0 = arch_rdtsc();
#endif

	if (platform.cpu_count > 1 && !(tramp = trampoline_page()))
		kprintf("kernel: no RAM page below 1 MiB for the AP trampoline: one CPU\n");
	for (; tramp && n + 1 < platform.cpu_count; n++)
		if (!(stacks[n] = kmem_alloc_frame()))
			break;
	if (tramp && n &&
	    arch_smp_start(tramp, platform.cpu_ids, platform.cpu_count, stacks, &online))
		kprintf("kernel: APs not started: one CPU\n");
	kprintf(ERIX_MARK_SMP_ONLINE " cpus=%u\n", online);
#if ERIX_FEATURE_BENCH
	/* Mostly the SDM's waits: 10 ms after INIT, 200 us after each SIPI. */
	if (online > 1)
		kprintf(ERIX_MARK_BENCH_AP_BRINGUP " %lu instructions\n", arch_rdtsc() - t0);
#endif
}
