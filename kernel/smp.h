/* The other CPUs: found in the MADT (platform.c) and started
 * (arch_smp_start); ERIX_KERNEL:PHASE2:SMP_ONLINE says how many run. Each
 * schedules its own threads (sched.h) under the one kernel lock
 * (arch.h), and the lock's holder asks others for what only they can do. */
#ifndef ERIX_KERNEL_SMP_H
#define ERIX_KERNEL_SMP_H

struct tcb;

void smp_start(void);
/* Holding the lock: CPU cpu stops running t, whose registers are in its
 * TCB when this returns (a syscall not yet served is run again when t is
 * resumed). */
void smp_stall(unsigned cpu, struct tcb *t);

#endif
