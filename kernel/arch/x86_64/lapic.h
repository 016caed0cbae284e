/* The local APIC as used by timer.c and trap.c: xAPIC registers through
 * the uncached physmap page, or the same registers as MSRs in x2APIC mode. */
#ifndef ERIX_ARCH_X86_64_LAPIC_H
#define ERIX_ARCH_X86_64_LAPIC_H

#include "cpu.h"

#define LAPIC_TIMER_DIVIDE 16

int lapic_init(void);
/* An AP's own LAPIC, as lapic_init set up the boot CPU's. */
void lapic_local_init(void);
/* This CPU's APIC ID (the I/O APIC's destination for its lines). */
uint32_t lapic_id(void);
/* An IPI with ICR command bits (vector, delivery mode, level) to apic_id. */
void lapic_send_ipi(uint32_t apic_id, uint32_t command);
/* True if every LVT entry but the timer is masked (selftest). */
bool lapic_lvts_masked(void);
/* Timer counting down from the maximum, masked (for calibration). */
void lapic_timer_free_run(void);
uint32_t lapic_timer_current(void);
/* Periodic interrupts on VEC_TIMER every `count` (divided) ticks. */
void lapic_timer_periodic(uint32_t count);

#endif
