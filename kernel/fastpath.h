/* The IPC fast path (fastpath.c). */
#ifndef ERIX_KERNEL_FASTPATH_H
#define ERIX_KERNEL_FASTPATH_H

#include "arch/x86_64/arch.h"

/* CALL and REPLY_RECV with register words only (rsi 0, which the caller
 * checked): the thread to resume when the syscall in r was served whole by
 * the fast path, else NULL (nothing changed: take the general path). */
#if ERIX_FEATURE_NO_FASTPATH
static inline struct arch_thread *fastpath_call(struct arch_regs *r)
{
	(void)r;
	return NULL;
}
static inline struct arch_thread *fastpath_reply_recv(struct arch_regs *r)
{
	(void)r;
	return NULL;
}
#else
struct arch_thread *fastpath_call(struct arch_regs *r);
struct arch_thread *fastpath_reply_recv(struct arch_regs *r);
#endif

#endif
