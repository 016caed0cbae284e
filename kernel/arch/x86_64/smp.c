/* Starting the application processors (SDM vol. 3, 8.4.4): INIT, then two
 * start-up IPIs naming the trampoline page, one AP at a time, each given a
 * bounded time to say it arrived. The trampoline page is mapped at its own
 * address in the kernel's tables only while APs start (paging goes on
 * there), then the mapping goes. An AP that arrived sets up its own CPU
 * (tables, TSS, MSRs, LAPIC timer, per-CPU area, kernel stack with a guard
 * page), says so, and waits for the boot CPU to start scheduling; then it
 * schedules its own run queue. */
#include "cpu.h"
#include "lapic.h"
#include "paging.h"

#include <erix/errors.h>
#include <erix/markers.h>

#include "console.h"
#include "kmem.h"
#include "sched.h"
#include "string.h"

extern const uint8_t smp_trampoline_start[], smp_trampoline_end[];
extern uint8_t smp_tr_gdt_base[], smp_tr_jump32[], smp_tr_jump64[], smp_tr_cr3[], smp_tr_stack[],
    smp_tr_entry[], smp_tr_arg[], smp_tr32[], smp_tr64[], smp_tr_gdt_table[];

#define ICR_INIT       0x00004500 /* INIT, level assert */
#define ICR_STARTUP    0x00004600 /* start-up, vector = page number */
#define INIT_WAIT_US   10000
#define SIPI_WAIT_US   200
#define ARRIVE_WAIT_US 1000000 /* real CPUs answer in microseconds; a loaded TCG host is slow */

static volatile uint32_t arrived;
static volatile uint32_t released; /* the boot CPU started scheduling */
static unsigned cpus = 1;          /* CPUs running: the boot CPU and the APs that arrived */
static uint64_t ap_cr4;
static vaddr_t ap_stack_top[ARCH_MAX_CPUS];

static uint64_t off(const uint8_t *field)
{
	return (uint64_t)(field - smp_trampoline_start);
}

static void put32(uint8_t *page, const uint8_t *field, uint32_t v)
{
	memcpy(page + off(field), &v, 4);
}

static void put64(uint8_t *page, const uint8_t *field, uint64_t v)
{
	memcpy(page + off(field), &v, 8);
}

static void wait_us(uint64_t us)
{
	uint64_t t0 = arch_rdtsc(), n = arch_tsc_khz() * us / 1000;

	while (arch_rdtsc() - t0 < n)
		__asm__ volatile("pause");
}

unsigned arch_smp_cpus(void)
{
	return cpus;
}

void arch_smp_kick(unsigned cpu)
{
	lapic_send_ipi(arch_cpus[cpu].apic_id, VEC_IPI);
}

void arch_smp_release(void)
{
	__atomic_store_n(&released, 1, __ATOMIC_RELEASE);
}

/* The AP, on its own kernel stack, in the kernel's tables, interrupts off
 * (its timer's first tick waits for the idle loop). */
static ARCH_NORETURN void ap_main(uint64_t index)
{
	arch_cpu_init_ap((unsigned)index, ap_stack_top[index], ap_cr4);
	arch_timer_init_ap();
	arch_cpus[index].apic_id = lapic_id();
	__atomic_store_n(&arrived, (uint32_t)index, __ATOMIC_RELEASE);
	while (!__atomic_load_n(&released, __ATOMIC_ACQUIRE))
		arch_cpu_relax();
	/* The trampoline's identity tables are gone by now (freed): no
	 * paging-structure cache entry of this CPU may still point at them. */
	write_cr3(read_cr3());
	sched_start_ap();
}

static int start_one(uint8_t *page, paddr_t pa, uint32_t apic_id, uint32_t index)
{
	uint64_t t0;
	int err = arch_kstack_map(ARCH_MAX_KSTACKS + index, &ap_stack_top[index]);

	if (err)
		return err;
	put64(page, smp_tr_stack, ap_stack_top[index]);
	put64(page, smp_tr_arg, index);
	__atomic_store_n(&arrived, 0, __ATOMIC_RELEASE);
	lapic_send_ipi(apic_id, ICR_INIT);
	wait_us(INIT_WAIT_US);
	for (int i = 0; i < 2; i++) {
		lapic_send_ipi(apic_id, ICR_STARTUP | (uint32_t)(pa >> ERIX_PAGE_SHIFT));
		wait_us(SIPI_WAIT_US);
	}
	t0 = arch_rdtsc();
	while (__atomic_load_n(&arrived, __ATOMIC_ACQUIRE) != index) {
		if (arch_rdtsc() - t0 > arch_tsc_khz() * ARRIVE_WAIT_US / 1000) {
			/* Left out for good: INIT puts it back to waiting for a
			 * start-up IPI, so it cannot arrive late on a trampoline
			 * that names the next AP's stack, or after the page is
			 * unmapped (a triple fault resets the machine). */
			lapic_send_ipi(apic_id, ICR_INIT);
			wait_us(INIT_WAIT_US);
			return ERIX_ERR_TIMEOUT;
		}
		__asm__ volatile("pause");
	}
	return ERIX_OK;
}

int arch_smp_start(paddr_t tramp, const uint32_t *ids, unsigned n, unsigned *online)
{
	uint8_t *page = arch_phys_to_virt(tramp);
	uint32_t self = lapic_id();
	int err;

	*online = 1;
	if ((tramp & PAGE_MASK) || tramp >= 0x100000 || arch_kernel_pml4 >> 32)
		return ERIX_ERR_INVALID_ARGUMENT;
	if ((uint64_t)(smp_trampoline_end - smp_trampoline_start) > ERIX_PAGE_SIZE)
		return ERIX_ERR_RANGE;
	if ((err = paging_map_identity(tramp)))
		return err;
	memcpy(page, smp_trampoline_start, (size_t)(smp_trampoline_end - smp_trampoline_start));
	put32(page, smp_tr_gdt_base, (uint32_t)(tramp + off(smp_tr_gdt_table)));
	put32(page, smp_tr_jump32, (uint32_t)(tramp + off(smp_tr32)));
	put32(page, smp_tr_jump64, (uint32_t)(tramp + off(smp_tr64)));
	put64(page, smp_tr_cr3, arch_kernel_pml4);
	put64(page, smp_tr_entry, (uint64_t)(uintptr_t)ap_main);
	ap_cr4 = read_cr4();
	for (unsigned i = 0; i < n; i++) {
		if (ids[i] == self)
			continue;
		if (cpus == ARCH_MAX_CPUS) {
			kprintf(ERIX_MARK_SMP_AP_LEFT_OUT " apic_id=%u why=max_cpus\n", ids[i]);
			continue;
		}
		if (!start_one(page, tramp, ids[i], cpus))
			cpus++;
		else
			kprintf(ERIX_MARK_SMP_AP_LEFT_OUT " apic_id=%u why=no_answer\n", ids[i]);
	}
	*online = cpus;
	paging_unmap_identity(tramp);
	return ERIX_OK;
}
