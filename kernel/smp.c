/* The other CPUs: bringing them up (a trampoline page below 1 MiB from RAM
 * the memory map lists; the low 1 MiB is never untyped, so the page is
 * nobody's), the count of CPUs that answered, and what one CPU asks of
 * another: to reschedule (a kick) or to stop running a thread (a stall,
 * served while the target waits for the kernel lock, see lock.c). */
#include "smp.h"

#include <erix/handoff.h>
#include <erix/markers.h>

#include "arch/x86_64/arch.h"
#include "boot.h"
#include "console.h"
#include "kmem.h"
#include "platform.h"
#include "sched.h"

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

#if ERIX_FEATURE_TEST_ABSENT_AP
/* The MADT's CPUs and one APIC ID it does not name (no CPU has it, so it
 * never answers): the bound on an AP's answer and its report, tested. */
static int listed(uint32_t id)
{
	for (unsigned i = 0; i < platform.cpu_count; i++)
		if (platform.cpu_ids[i] == id)
			return 1;
	return 0;
}

static const uint32_t *cpu_ids(unsigned *n)
{
	static uint32_t ids[PLATFORM_MAX_CPUS + 1];
	uint32_t absent = 0xFE; /* xAPIC IDs stop below 0xFF, the broadcast */

	while (listed(absent))
		absent--;
	for (unsigned i = 0; i < platform.cpu_count; i++)
		ids[i] = platform.cpu_ids[i];
	ids[platform.cpu_count] = absent;
	*n = platform.cpu_count + 1;
	return ids;
}
#else
static const uint32_t *cpu_ids(unsigned *n)
{
	*n = platform.cpu_count;
	return platform.cpu_ids;
}
#endif

void smp_start(void)
{
	paddr_t tramp = 0;
	unsigned online = 1, n;
	const uint32_t *ids = cpu_ids(&n);
#if ERIX_FEATURE_BENCH
	uint64_t t0 = arch_rdtsc();
#endif

	if (n > 1 && !(tramp = trampoline_page()))
		kprintf("kernel: no RAM page below 1 MiB for the AP trampoline: one CPU\n");
	if (tramp && arch_smp_start(tramp, ids, n, &online))
		kprintf("kernel: APs not started: one CPU\n");
	kprintf(ERIX_MARK_SMP_ONLINE " cpus=%u\n", online);
#if ERIX_FEATURE_BENCH
	/* Mostly the SDM's waits: 10 ms after INIT, 200 us after each SIPI. */
	if (online > 1)
		kprintf(ERIX_MARK_BENCH_AP_BRINGUP " %lu instructions\n", arch_rdtsc() - t0);
#endif
}

/* The thread each CPU is asked to stop running (NULL: none). */
static struct tcb *stall_requests[ARCH_MAX_CPUS];

void smp_stall(unsigned cpu, struct tcb *t)
{
	__atomic_store_n(&stall_requests[cpu], t, __ATOMIC_RELEASE);
	arch_smp_kick(cpu);
	while (__atomic_load_n(&stall_requests[cpu], __ATOMIC_ACQUIRE))
		arch_cpu_relax();
}

void kernel_lock_poll(void)
{
	unsigned me = arch_cpu_index();
	struct tcb *t = __atomic_load_n(&stall_requests[me], __ATOMIC_ACQUIRE);

	if (!t)
		return;
	/* The holder waits for this answer and touches nothing meanwhile:
	 * this CPU acts under the lock on its behalf. */
	sched_stall_here(t);
	__atomic_store_n(&stall_requests[me], NULL, __ATOMIC_RELEASE);
}
