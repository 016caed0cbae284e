/* Exception selftest (feature kernel-selftest-exceptions): raises #UD, #BP,
 * #DE, #GP and a #PF on the boot stack's guard page in kernel mode and
 * checks that each reached the trap handler exactly once with the right
 * vector (and, for #PF, the right CR2). Needs arch_paging_init first. The
 * machine-state check under the same feature reads back what arch_cpu_init
 * and the interrupt-controller setup loaded. */
#include "cpu.h"
#include "paging.h"

#include <erix/errors.h>

#include "console.h"
#include "kmem.h"
#include "lapic.h"

_Static_assert(__builtin_offsetof(struct arch_cpu, recover_rsp) ==
                   __builtin_offsetof(struct arch_cpu, recover_rip) + 8,
               "selftest_raise.S stores rip, rsp as a pair");

static const unsigned selftest_vectors[] = {6, 3, 0, 13, 14};

/* Raises one vector; true if the handler saw exactly that vector once. */
static bool run_case(unsigned vector, vaddr_t guard)
{
	struct arch_cpu *cpu = this_cpu();
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

/* ------------------------------------------------ machine state */

#define CR4_FORBIDDEN                                                                              \
	(CR4_TSD | CR4_PCE | CR4_OSFXSR | CR4_OSXMMEXCPT | CR4_LA57 | CR4_FSGSBASE | CR4_PCIDE |   \
	 CR4_OSXSAVE | CR4_PKE | 0x3ull /* VME, PVI */)
#define CR0_EXPECTED (CR0_PG | CR0_PE | CR0_WP | CR0_NE | CR0_ET | CR0_EM | CR0_MP)
#define JUNK_ADDR    0x1000ull /* user page 1: the kernel never executes it */

static uint64_t read_dr(unsigned n)
{
	uint64_t v = 0;

	switch (n) {
	case 0:
		__asm__ volatile("mov %%dr0, %0" : "=r"(v));
		break;
	case 1:
		__asm__ volatile("mov %%dr1, %0" : "=r"(v));
		break;
	case 2:
		__asm__ volatile("mov %%dr2, %0" : "=r"(v));
		break;
	case 3:
		__asm__ volatile("mov %%dr3, %0" : "=r"(v));
		break;
	case 6:
		__asm__ volatile("mov %%dr6, %0" : "=r"(v));
		break;
	case 7:
		__asm__ volatile("mov %%dr7, %0" : "=r"(v));
		break;
	}
	return v;
}

void arch_selftest_dirty_machine_state(void)
{
	uint32_t r[4];
	uint64_t cr4 = read_cr4() | CR4_PCE | CR4_TSD, junk = JUNK_ADDR;

	cpuid(0, 0, r);
	if (r[0] >= 7) {
		cpuid(7, 0, r);
		if (r[1] & 1u) /* FSGSBASE */
			cr4 |= CR4_FSGSBASE;
	}
	write_cr4(cr4);
	/* Breakpoint 0 armed globally for execution of a page the kernel never
	 * runs, plus junk in DR1-3: only arch_cpu_init's reset removes them. */
	__asm__ volatile("mov %0, %%dr0\n\t"
	                 "mov %0, %%dr1\n\t"
	                 "mov %0, %%dr2\n\t"
	                 "mov %0, %%dr3\n\t"
	                 "mov %1, %%dr7" ::"r"(junk),
	                 "r"(DR7_CLEAR | 0x2ull /* G0 */));
	wrmsr(MSR_SYSENTER_CS, SEL_KERNEL_CS);
	wrmsr(MSR_SYSENTER_ESP, junk);
	wrmsr(MSR_SYSENTER_EIP, junk);
	wrmsr(MSR_CSTAR, junk);
}

static bool check(const char *what, uint64_t got, uint64_t want)
{
	if (got == want)
		return true;
	kprintf("arch: machine state %s=0x%lx, want 0x%lx\n", what, got, want);
	return false;
}

static bool registers_ok(void)
{
	uint64_t cr4 = read_cr4(), efer = rdmsr(MSR_EFER);
	uint16_t ldtr;
	bool ok = true;

	__asm__ volatile("sldt %0" : "=r"(ldtr));
	kprintf("arch: cr0=0x%lx cr4=0x%lx efer=0x%lx dr7=0x%lx dr6=0x%lx\n", read_cr0(), cr4, efer,
	        read_dr(7), read_dr(6));
	ok &= check("cr0", read_cr0(), CR0_EXPECTED);
	ok &= check("cr4", cr4 & ~(CR4_PGE | CR4_PCIDE), arch_cr4_base);
	ok &= check("cr4_forbidden", cr4 & CR4_FORBIDDEN & ~CR4_PCIDE, 0);
	/* KPTI: no global pages (they would outlive the switch to the user
	 * tables), PCIDE exactly where PCID is used. */
	ok &= check("cr4_pge_with_kpti", arch_kpti && (cr4 & CR4_PGE), 0);
	ok &= check("cr4_pcide", (cr4 & CR4_PCIDE) != 0, arch_pcid);
	ok &= check("cr4_pae", cr4 & CR4_PAE, CR4_PAE);
	ok &= check("efer_nx", efer & (EFER_NXE | EFER_SCE | EFER_LMA),
	            EFER_NXE | EFER_SCE | EFER_LMA);
	for (unsigned i = 0; i < 4; i++)
		ok &= check("dr0-3", read_dr(i), 0);
	ok &= check("dr7", read_dr(7), DR7_CLEAR);
	ok &= check("sysenter_cs", rdmsr(MSR_SYSENTER_CS), 0);
	ok &= check("sysenter_esp", rdmsr(MSR_SYSENTER_ESP), 0);
	ok &= check("sysenter_eip", rdmsr(MSR_SYSENTER_EIP), 0);
	ok &= check("cstar", rdmsr(MSR_CSTAR), 0);
	ok &= check("ldtr", ldtr, 0);
	return ok;
}

/* A write to the GDT or IDT page must fault (#PF at that address). */
static bool table_write_faults(const char *what, vaddr_t va)
{
	struct arch_cpu *cpu = this_cpu();
	int faulted;

	cpu->selftest_vector = ~0u;
	cpu->selftest_cr2 = 0;
	cpu->selftest_armed = true;
	faulted = arch_selftest_write(&cpu->recover_rip, va);
	cpu->selftest_armed = false;
	if (faulted && cpu->selftest_vector == VEC_PAGE_FAULT && cpu->selftest_cr2 == va)
		return true;
	kprintf("arch: write to the %s page did not fault\n", what);
	return false;
}

static bool tables_readonly(void)
{
	struct __attribute__((packed)) {
		uint16_t limit;
		uint64_t base;
	} gdtr, idtr;

	__asm__ volatile("sgdt %0" : "=m"(gdtr));
	__asm__ volatile("sidt %0" : "=m"(idtr));
	return table_write_faults("GDT", gdtr.base) & table_write_faults("IDT", idtr.base);
}

/* arch_vspace_map's own checks, each refused with its code; one positive. */
static bool vspace_map_checks(void)
{
	extern char __kernel_start[];
	paddr_t root, user = kmem_alloc_user_frame(), kern = kmem_alloc_frame(), image;
	const vaddr_t va = ERIX_USER_MIN;
	bool ok = true;

	if (!user || !kern || arch_vspace_create(&root))
		return check("vspace_setup", 1, 0);
	if (arch_translate((vaddr_t)(uintptr_t)__kernel_start, &image))
		return check("translate_image", 1, 0);
	ok &= check("map_wx",
	            (uint64_t)arch_vspace_map(root, va, user,
	                                      ARCH_MAP_USER | ARCH_MAP_WRITE | ARCH_MAP_EXEC),
	            ERIX_ERR_INVALID_ARGUMENT);
	ok &= check("map_image", (uint64_t)arch_vspace_map(root, va, image, ARCH_MAP_USER),
	            ERIX_ERR_RANGE);
	ok &= check("map_pool_frame", (uint64_t)arch_vspace_map(root, va, kern, ARCH_MAP_USER),
	            ERIX_ERR_RANGE);
	ok &= check("map_page_table", (uint64_t)arch_vspace_map(root, va, root, ARCH_MAP_USER),
	            ERIX_ERR_RANGE);
	ok &= check("map_user_top",
	            (uint64_t)arch_vspace_map(root, ERIX_USER_TOP, user, ARCH_MAP_USER),
	            ERIX_ERR_INVALID_ARGUMENT);
	ok &= check("map_unaligned", (uint64_t)arch_vspace_map(root, va + 8, user, ARCH_MAP_USER),
	            ERIX_ERR_INVALID_ARGUMENT);
	ok &= check("map_user", (uint64_t)arch_vspace_map(root, va, user, ARCH_MAP_USER), ERIX_OK);
	arch_vspace_unmap(root, va, NULL);
	arch_vspace_destroy(root, &(struct arch_vspace_freed){0}, NULL);
	kmem_free_frame(user);
	kmem_free_frame(kern);
	return ok;
}

int arch_selftest_machine_state(void)
{
	bool ok = registers_ok();

	ok &= check("lapic_lvts_masked", lapic_lvts_masked(), 1);
	ok &= check("pic_masked", arch_pic_all_masked(), 1);
	ok &= tables_readonly();
	ok &= vspace_map_checks();
	ok &= check("kpti_user_tables", arch_kpti_tables_ok(), 1);
	return ok ? 0 : -1;
}
