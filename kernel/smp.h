/* The other CPUs: found in the MADT (platform.c), started and parked
 * (arch_smp_start); ERIX_KERNEL:PHASE2:SMP_ONLINE says how many run. */
#ifndef ERIX_KERNEL_SMP_H
#define ERIX_KERNEL_SMP_H

void smp_start(void);

#endif
