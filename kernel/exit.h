/* How the kernel stops: a debug exit in integration builds
 * (kernel-rootd-smoke-test), a halt everywhere else. */
#ifndef ERIX_KERNEL_EXIT_H
#define ERIX_KERNEL_EXIT_H

#include "arch/x86_64/arch.h"

ARCH_NORETURN void kernel_exit(uint8_t debug_exit_code);

/* Prints marker (ERIX_KERNEL:FAIL:...) as one line, then exits 0x12. */
ARCH_NORETURN void kernel_fail(const char *marker);

#endif
