/* Local APIC: enabled in x2APIC mode when CPUID has it, else as an xAPIC
 * through an uncached physmap page; spurious vector VEC_SPURIOUS, EOI, and
 * the timer registers timer.c programs. */
#include "lapic.h"

#include <erix/errors.h>

#define APIC_BASE_ENABLE (1ull << 11)
#define APIC_BASE_X2APIC (1ull << 10)
#define APIC_BASE_ADDR   0x000FFFFFFFFFF000ull

#define REG_TPR           0x80
#define REG_EOI           0xB0
#define REG_SVR           0xF0
#define REG_LVT_TIMER     0x320
#define REG_TIMER_INIT    0x380
#define REG_TIMER_CURRENT 0x390
#define REG_TIMER_DIVIDE  0x3E0
#define X2APIC_MSR_BASE   0x800

#define SVR_ENABLE   0x100
#define LVT_MASKED   (1u << 16)
#define LVT_PERIODIC (1u << 17)
#define DIVIDE_BY_16 0x3

static bool x2apic;
static volatile uint32_t *xapic;
static paddr_t lapic_phys;

static uint32_t lapic_read(unsigned reg)
{
	if (x2apic)
		return (uint32_t)rdmsr(X2APIC_MSR_BASE + (reg >> 4));
	return xapic[reg / 4];
}

static void lapic_write(unsigned reg, uint32_t v)
{
	if (x2apic)
		wrmsr(X2APIC_MSR_BASE + (reg >> 4), v);
	else
		xapic[reg / 4] = v;
}

int lapic_init(void)
{
	uint32_t r[4];
	uint64_t base;

	cpuid(1, 0, r);
	if (!(r[3] & (1u << 9)))
		return ERIX_ERR_NOT_FOUND; /* no local APIC */
	x2apic = (r[2] & (1u << 21)) != 0;
	base = rdmsr(MSR_APIC_BASE);
	lapic_phys = base & APIC_BASE_ADDR;
	if (x2apic) {
		/* xAPIC must be enabled before x2APIC (SDM state rules). */
		wrmsr(MSR_APIC_BASE, base | APIC_BASE_ENABLE);
		wrmsr(MSR_APIC_BASE, base | APIC_BASE_ENABLE | APIC_BASE_X2APIC);
	} else {
		int err = arch_map_mmio(lapic_phys, ERIX_PAGE_SIZE);

		if (err)
			return err;
		xapic = (volatile uint32_t *)arch_phys_to_virt(lapic_phys);
		wrmsr(MSR_APIC_BASE, base | APIC_BASE_ENABLE);
	}
	lapic_write(REG_TPR, 0);
	lapic_write(REG_LVT_TIMER, LVT_MASKED | VEC_TIMER);
	lapic_write(REG_SVR, SVR_ENABLE | VEC_SPURIOUS);
	return ERIX_OK;
}

/* Valid before lapic_init too: boot code reserves the page early. */
paddr_t arch_lapic_phys(void)
{
	if (!lapic_phys)
		lapic_phys = rdmsr(MSR_APIC_BASE) & APIC_BASE_ADDR;
	return lapic_phys;
}

void arch_lapic_eoi(void)
{
	lapic_write(REG_EOI, 0);
}

void lapic_timer_free_run(void)
{
	lapic_write(REG_TIMER_DIVIDE, DIVIDE_BY_16);
	lapic_write(REG_LVT_TIMER, LVT_MASKED | VEC_TIMER);
	lapic_write(REG_TIMER_INIT, 0xFFFFFFFF);
}

uint32_t lapic_timer_current(void)
{
	return lapic_read(REG_TIMER_CURRENT);
}

void lapic_timer_periodic(uint32_t count)
{
	lapic_write(REG_TIMER_DIVIDE, DIVIDE_BY_16);
	lapic_write(REG_LVT_TIMER, LVT_PERIODIC | VEC_TIMER);
	lapic_write(REG_TIMER_INIT, count);
}
