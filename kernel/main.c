/* kmain: the kernel's boot sequence, one phase per call, each ending in its
 * marker or a defined failure. */
#include <erix/kctl.h>
#include <erix/markers.h>

#include "boot.h"
#include "console.h"
#include "devcon.h"
#include "exit.h"
#include "kmem_pool.h"
#include "process.h"
#include "sched.h"
#include "selftest.h"
#include "smp.h"

ARCH_NORETURN void kmain(uint64_t handoff_phys);

static void timer_start(void)
{
	if (arch_timer_init(SCHED_HZ))
		kernel_fail(ERIX_MARK_FAIL_TIMER);
	kprintf(ERIX_MARK_TIMER_READY " tsc_khz=%lu\n", arch_tsc_khz());
}

void kmain(uint64_t handoff_phys)
{
	boot_info.tsc_entry = arch_rdtsc();
#if ERIX_FEATURE_SELFTEST_EXCEPTIONS
	arch_selftest_dirty_machine_state(); /* arch_cpu_init must undo it */
#endif
	arch_serial_init();
	kputs(ERIX_MARK_KERNEL_ENTRY);
	arch_cpu_init();
	boot_handoff(handoff_phys);
	boot_memory();
	boot_paging();
	devcon_start(boot_info.view.framebuffer); /* no-op without kernel-dev-console */
	timer_start();
	smp_start();
#if ERIX_FEATURE_SELFTEST_STACK_OVERFLOW
	selftest_stack_overflow();
#endif
#if ERIX_FEATURE_SELFTEST_EXCEPTIONS
	selftest_exceptions();
#endif
	boot_root_objects();
	boot_rootd();
	/* The pool is accounted frame by frame: say what boot used of it.
	 * rootd's budget is the rest, less what the kernel keeps for itself
	 * (selftest threads), so no account can ever find the pool empty. */
	kprintf("kernel: pool frames used=%lu of %lu\n", kmem_total_count() - kmem_free_count(),
	        kmem_total_count());
	process_init_root(boot_rootd_tcb,
	                  (kmem_free_count() - KMEM_KERNEL_RESERVE) * ERIX_PAGE_SIZE);
#if ERIX_FEATURE_SELFTEST_SCHED
	selftest_sched_start(boot_rootd_tcb);
#else
	sched_make_ready(boot_rootd_tcb);
#endif
	sched_start();
}
