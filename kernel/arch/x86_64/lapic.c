/* Local APIC: enabled in x2APIC mode when CPUID has it, else as an xAPIC
 * through an uncached physmap page; every LVT but the timer masked,
 * spurious vector VEC_SPURIOUS, EOI, and the timer registers timer.c
 * programs. */
#include "lapic.h"

#include <erix/errors.h>

#define APIC_BASE_ENABLE (1ull << 11)
#define APIC_BASE_X2APIC (1ull << 10)
#define APIC_BASE_ADDR   0x000FFFFFFFFFF000ull

#define REG_ID            0x20
#define REG_VERSION       0x30
#define REG_TPR           0x80
#define REG_EOI           0xB0
#define REG_SVR           0xF0
#define REG_LVT_CMCI      0x2F0
#define REG_LVT_TIMER     0x320
#define REG_LVT_THERMAL   0x330
#define REG_LVT_PERF      0x340
#define REG_LVT_LINT0     0x350
#define REG_LVT_LINT1     0x360
#define REG_LVT_ERROR     0x370
#define REG_ICR_LOW       0x300
#define REG_ICR_HIGH      0x310
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

/* Every LVT entry but the timer is masked, whatever the firmware set up
 * (OVMF leaves LINT0 as ExtINT and LINT1 as NMI): no interrupt the kernel
 * has no handler for. Entries beyond the version register's max LVT index
 * do not exist (thermal needs 5, CMCI 6); x2APIC faults on their MSRs. */
static const struct {
	unsigned reg;
	unsigned min_max_lvt;
} masked_lvts[] = {
    {REG_LVT_LINT0, 0}, {REG_LVT_LINT1, 0},   {REG_LVT_ERROR, 0},
    {REG_LVT_PERF, 4},  {REG_LVT_THERMAL, 5}, {REG_LVT_CMCI, 6},
};

static unsigned max_lvt(void)
{
	return (lapic_read(REG_VERSION) >> 16) & 0xFF;
}

static void mask_lvts(void)
{
	unsigned max = max_lvt();

	for (unsigned i = 0; i < sizeof(masked_lvts) / sizeof(masked_lvts[0]); i++)
		if (max >= masked_lvts[i].min_max_lvt)
			lapic_write(masked_lvts[i].reg, LVT_MASKED);
}

bool lapic_lvts_masked(void)
{
	unsigned max = max_lvt();

	for (unsigned i = 0; i < sizeof(masked_lvts) / sizeof(masked_lvts[0]); i++)
		if (max >= masked_lvts[i].min_max_lvt &&
		    !(lapic_read(masked_lvts[i].reg) & LVT_MASKED))
			return false;
	return true;
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
	lapic_local_init();
	arch_cpus[0].apic_id = lapic_id(); /* the boot CPU: every device line goes there */
	return ERIX_OK;
}

/* This CPU's own LAPIC, in the mode lapic_init chose (the registers are
 * per CPU, the MMIO page the same address everywhere). */
void lapic_local_init(void)
{
	uint64_t base = rdmsr(MSR_APIC_BASE);

	/* x2APIC back to xAPIC alone would #GP: only from off or xAPIC. */
	if (x2apic && !(base & APIC_BASE_X2APIC)) {
		wrmsr(MSR_APIC_BASE, base | APIC_BASE_ENABLE);
		wrmsr(MSR_APIC_BASE, base | APIC_BASE_ENABLE | APIC_BASE_X2APIC);
	} else if (!x2apic) {
		wrmsr(MSR_APIC_BASE, base | APIC_BASE_ENABLE);
	}
	lapic_write(REG_TPR, 0);
	lapic_write(REG_LVT_TIMER, LVT_MASKED | VEC_TIMER);
	mask_lvts();
	lapic_write(REG_SVR, SVR_ENABLE | VEC_SPURIOUS);
}

/* Valid before lapic_init too: boot code reserves the page early. */
paddr_t arch_lapic_phys(void)
{
	if (!lapic_phys)
		lapic_phys = rdmsr(MSR_APIC_BASE) & APIC_BASE_ADDR;
	return lapic_phys;
}

/* xAPIC keeps the ID in bits 24-31; x2APIC's register is the whole ID. */
uint32_t lapic_id(void)
{
	uint32_t id = lapic_read(REG_ID);

	return x2apic ? id : id >> 24;
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

/* The MSI address window: 0xFEE, the destination APIC ID in bits 19:12
 * (the boot CPU's, whichever CPU binds), physical destination mode. */
uint32_t arch_msi_address(void)
{
	return 0xFEE00000u | (arch_cpus[0].apic_id & 0xFF) << 12;
}

/* Fixed delivery, edge trigger: the vector alone. */
uint32_t arch_msi_data(unsigned vector)
{
	return vector & 0xFF;
}

/* An IPI to one APIC ID: x2APIC takes the destination and command in one
 * MSR write; xAPIC takes the destination first, and the command write
 * sends it (wait until the LAPIC took it: delivery status, bit 12). */
void lapic_send_ipi(uint32_t apic_id, uint32_t command)
{
	if (x2apic) {
		/* The ICR's wrmsr does not serialize: without the fences the IPI
		 * could reach a CPU before the stores it announces (a kick
		 * before the ready_top its idle loop reads). */
		__asm__ volatile("mfence; lfence" ::: "memory");
		wrmsr(X2APIC_MSR_BASE + (REG_ICR_LOW >> 4), (uint64_t)apic_id << 32 | command);
		return;
	}
	lapic_write(REG_ICR_HIGH, apic_id << 24);
	lapic_write(REG_ICR_LOW, command);
	for (int i = 0; i < 100000 && (lapic_read(REG_ICR_LOW) & (1u << 12)); i++)
		__asm__ volatile("pause");
}
