/* Timer calibration and the periodic tick: TSC and LAPIC-timer rates from
 * CPUID 0x15/0x16 when the CPU reports them, else measured against PIT
 * channel 2 over about 100 microseconds (the boot has an instruction
 * budget: no long busy-waits). */
#include "lapic.h"

#include <erix/errors.h>

#define PIT_HZ           1193182ull
#define PIT_CH2          0x42
#define PIT_CMD          0x43
#define PIT_GATE_PORT    0x61
#define PIT_GATE         0x01
#define PIT_SPEAKER      0x02
#define PIT_OUT2         0x20
#define PIT_WINDOW_TICKS 119ull /* ~99.7 us */
#define PIT_POLL_LIMIT   1000000u
#define WINDOW_US        100ull

static uint64_t tsc_khz;
static uint64_t lapic_ticks_per_ms; /* after the divider */
static uint32_t timer_count;        /* the periodic count every CPU uses */

uint64_t arch_tsc_khz(void)
{
	return tsc_khz;
}

/* CPUID 0x15 (TSC/crystal ratio, crystal Hz) and 0x16 (base MHz). When the
 * crystal is enumerated the LAPIC timer runs at the crystal frequency. */
static void calibrate_cpuid(void)
{
	uint32_t r[4], max;

	cpuid(0, 0, r);
	max = r[0];
	if (max < 0x15)
		return;
	cpuid(0x15, 0, r);
	if (r[0] && r[1] && r[2]) {
		tsc_khz = (uint64_t)r[2] * r[1] / r[0] / 1000;
		lapic_ticks_per_ms = (uint64_t)r[2] / 1000 / LAPIC_TIMER_DIVIDE;
		return;
	}
	if (max >= 0x16) {
		cpuid(0x16, 0, r);
		tsc_khz = (uint64_t)(r[0] & 0xFFFF) * 1000;
	}
}

/* The TSC rate is known: time the LAPIC timer against it. */
static void calibrate_lapic_by_tsc(void)
{
	uint64_t t0, t1;
	uint32_t c0, c1;

	lapic_timer_free_run();
	c0 = lapic_timer_current();
	t0 = arch_rdtsc();
	do
		t1 = arch_rdtsc();
	while (t1 - t0 < tsc_khz * WINDOW_US / 1000);
	c1 = lapic_timer_current();
	lapic_ticks_per_ms = (uint64_t)(c0 - c1) * tsc_khz / (t1 - t0);
}

/* PIT channel 2 in mode 0 counts PIT_WINDOW_TICKS once its gate rises and
 * then raises OUT2, which is visible in port 0x61. */
static int calibrate_pit(void)
{
	uint8_t gate = arch_inb(PIT_GATE_PORT) & (uint8_t) ~(PIT_GATE | PIT_SPEAKER);
	uint64_t t0, t1;
	uint32_t c0, c1;
	unsigned polls = 0;

	arch_outb(PIT_GATE_PORT, gate);
	arch_outb(PIT_CMD, 0xB0); /* channel 2, lo/hi byte, mode 0, binary */
	arch_outb(PIT_CH2, (uint8_t)PIT_WINDOW_TICKS);
	arch_outb(PIT_CH2, (uint8_t)(PIT_WINDOW_TICKS >> 8));
	lapic_timer_free_run();
	c0 = lapic_timer_current();
	t0 = arch_rdtsc();
	arch_outb(PIT_GATE_PORT, gate | PIT_GATE);
	while (!(arch_inb(PIT_GATE_PORT) & PIT_OUT2)) {
		if (++polls > PIT_POLL_LIMIT)
			return ERIX_ERR_NOT_FOUND;
	}
	t1 = arch_rdtsc();
	c1 = lapic_timer_current();
	arch_outb(PIT_GATE_PORT, gate);
	tsc_khz = (t1 - t0) * PIT_HZ / (PIT_WINDOW_TICKS * 1000);
	lapic_ticks_per_ms = (uint64_t)(c0 - c1) * PIT_HZ / (PIT_WINDOW_TICKS * 1000);
	return ERIX_OK;
}

int arch_timer_init(unsigned hz)
{
	uint64_t count;
	int err;

	if (hz == 0 || hz > 10000)
		return ERIX_ERR_INVALID_ARGUMENT;
	err = lapic_init();
	if (err)
		return err;
	calibrate_cpuid();
	if (tsc_khz && !lapic_ticks_per_ms)
		calibrate_lapic_by_tsc();
	if (!tsc_khz || !lapic_ticks_per_ms) {
		err = calibrate_pit();
		if (err)
			return err;
	}
	count = lapic_ticks_per_ms * 1000 / hz;
	if (!tsc_khz || count == 0 || count > 0xFFFFFFFF)
		return ERIX_ERR_RANGE;
	timer_count = (uint32_t)count;
	lapic_timer_periodic(timer_count);
	return ERIX_OK;
}

void arch_timer_init_ap(void)
{
	lapic_local_init();
	lapic_timer_periodic(timer_count);
}
