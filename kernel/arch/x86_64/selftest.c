/* Exception selftest (feature kernel-selftest-exceptions): raises #UD, #BP,
 * #DE, #GP and a #PF on the boot stack's guard page in kernel mode and
 * checks that each reached the trap handler exactly once with the right
 * vector (and, for #PF, the right CR2). Needs arch_paging_init first. */
#include "cpu.h"

#include "console.h"

_Static_assert(__builtin_offsetof(struct arch_cpu, recover_rsp) ==
                   __builtin_offsetof(struct arch_cpu, recover_rip) + 8,
               "selftest_raise.S stores rip, rsp as a pair");

static const unsigned selftest_vectors[] = {6, 3, 0, 13, 14};

/* Raises one vector; true if the handler saw exactly that vector once. */
static bool run_case(unsigned vector, vaddr_t guard)
{
	struct arch_cpu *cpu = &arch_cpu0;
	unsigned hits = cpu->selftest_hits;
	int recovered;

	cpu->selftest_vector = ~0u;
	cpu->selftest_cr2 = 0;
	cpu->selftest_armed = true;
	recovered = arch_selftest_raise(vector, &cpu->recover_rip, guard);
	cpu->selftest_armed = false;
	if (!recovered || cpu->selftest_hits != hits + 1 || cpu->selftest_vector != vector)
		return false;
	return vector != VEC_PAGE_FAULT || cpu->selftest_cr2 == guard;
}

int arch_selftest_exceptions(void)
{
	vaddr_t guard = arch_boot_stack_guard();

	if (!arch_paging_ready()) {
		kputs("arch: exception selftest needs paging");
		return -1;
	}
	for (unsigned i = 0; i < sizeof(selftest_vectors) / sizeof(selftest_vectors[0]); i++) {
		if (!run_case(selftest_vectors[i], guard)) {
			kprintf("arch: exception selftest failed at vector %u\n",
			        selftest_vectors[i]);
			return -1;
		}
	}
	return 0;
}
