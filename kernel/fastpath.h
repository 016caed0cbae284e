/* The IPC fast path (fastpath.c). */
#ifndef ERIX_KERNEL_FASTPATH_H
#define ERIX_KERNEL_FASTPATH_H

#include "arch/x86_64/arch.h"

#if ERIX_FEATURE_NO_FASTPATH
static inline struct arch_thread *fastpath_try(struct arch_regs *r)
{
	(void)r;
	return NULL;
}
#else
/* The thread to resume when the syscall in r was served whole by the fast
 * path, else NULL (nothing changed: take the general path). */
struct arch_thread *fastpath_try(struct arch_regs *r);
#endif

#endif
