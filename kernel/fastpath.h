/* The IPC fast path (fastpath.c). */
#ifndef ERIX_KERNEL_FASTPATH_H
#define ERIX_KERNEL_FASTPATH_H

#include "arch/x86_64/arch.h"

/* The general path (syscall.c): every syscall, from the saved registers. */
struct arch_thread *syscall_general(struct arch_regs *r);

/* CALL and REPLY_RECV with rsi 0, and REPLY_RECV with rsi set (_slot),
 * each with a rip sysret can take, which the caller checked: the thread to
 * resume. What the fast path cannot serve whole (fastpath.c has the
 * shapes it takes) it hands to syscall_general before anything changed. */
#if ERIX_FEATURE_NO_FASTPATH
static inline struct arch_thread *fastpath_call(struct arch_regs *r)
{
	return syscall_general(r);
}
static inline struct arch_thread *fastpath_reply_recv(struct arch_regs *r)
{
	return syscall_general(r);
}
static inline struct arch_thread *fastpath_reply_recv_slot(struct arch_regs *r)
{
	return syscall_general(r);
}
#else
struct arch_thread *fastpath_call(struct arch_regs *r);
struct arch_thread *fastpath_reply_recv(struct arch_regs *r);
struct arch_thread *fastpath_reply_recv_slot(struct arch_regs *r);
#endif

#endif
