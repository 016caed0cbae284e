/* Kernel selftests behind feature flags. */
#ifndef ERIX_KERNEL_SELFTEST_H
#define ERIX_KERNEL_SELFTEST_H

struct tcb;

void selftest_exceptions(void);
/* Never returns: the boot ends in the double-fault FAIL marker. */
void selftest_stack_overflow(void) __attribute__((noreturn));
/* Starts the scheduler selftest thread; it makes rootd ready when done. */
void selftest_sched_start(struct tcb *then_ready);

#endif
