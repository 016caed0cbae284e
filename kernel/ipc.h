/* Synchronous IPC between user threads on GENERIC and CHILD_POPULATE
 * endpoints: CALL, RECV, REPLY, REPLY_RECV and NOTIFY, register messages
 * with up to ERIX_IPC_MAX_CAPS endpoint caps transferred all or nothing
 * (include/erix/syscall.h has the ABI). A blocked thread's message and
 * arguments stay in its saved registers; whoever completes the exchange
 * writes the results there. */
#ifndef ERIX_KERNEL_IPC_H
#define ERIX_KERNEL_IPC_H

#include <erix/syscall.h>

#include "arch/x86_64/arch.h"
#include "cap.h"
#include "endpoint.h"
#include "error.h"
#include "process.h"
#include "tcb.h"

/* rdi's and rsi's fields (include/erix/syscall.h), for ipc.c and the fast
 * path: the flags and the buffer length in bits 16-31, rsi's timeout in
 * bits 0-31. */
#define FIELD_SLOT(x) ((x)&ERIX_IPC_SLOT_MASK)
#define FIELD_LEN(x)  (((x) >> ERIX_IPC_LEN_SHIFT) & ERIX_IPC_LEN_MASK)
/* Bits 16-31 but the length: unknown flags and bit 31 must be zero. */
#define FIELD_FLAGS(x)                                                                             \
	(((x) >> ERIX_IPC_FLAGS_SHIFT) & ERIX_IPC_SLOT_MASK &                                      \
	 ~(ERIX_IPC_LEN_MASK << (ERIX_IPC_LEN_SHIFT - ERIX_IPC_FLAGS_SHIFT)))
#define FIELD_CAP1(x)  (((x) >> ERIX_IPC_SLOT1_SHIFT) & ERIX_IPC_SLOT_MASK)
#define FIELD_CAP2(x)  ((x) >> ERIX_IPC_SLOT2_SHIFT)
#define RSI_TIMEOUT(x) ((x)&0xFFFFFFFFu)

/* A transferred endpoint cap lands in the receiver's (checked, empty)
 * slot as an alias: the same object, one more reference. */
static inline void ipc_alias_cap(struct cap *dst, const struct cap *src)
{
	*dst = *src;
	endpoint_ref(dst->obj);
}

/* The badge a receiver gets for t: pid << 32 | thread id (0 for none). */
static inline uint64_t ipc_badge(const struct tcb *t)
{
	return (uint64_t)(t->proc ? t->proc->pid : 0) << 32 | t->tid;
}

/* The syscalls; c is the caller's endpoint cap at the slot in rdi, already
 * checked for the right the syscall needs and for an IPC kind. */
enum erix_err ipc_call(struct arch_regs *r, struct cap *c);
enum erix_err ipc_notify(struct arch_regs *r, struct cap *c);
enum erix_err ipc_recv(struct arch_regs *r, struct cap *c);
enum erix_err ipc_reply(struct arch_regs *r, struct cap *c);
enum erix_err ipc_reply_recv(struct arch_regs *r, struct cap *c);

/* ERIX_SYS_SET_IPC_BUFFER for t (the caller): va a page of its own VSpace
 * mapped user and writable now, or 0 for none. */
enum erix_err ipc_set_buffer(struct tcb *t, uint64_t va);

/* rdi's slot, and whether its flags are known ones. */
enum erix_err ipc_decode_slot(uint64_t rdi, uint64_t *slot);

/* t (TCB_BLOCKED in IPC) stops waiting: out of its queue, with status err
 * in its registers, ready to run. */
void ipc_abort(struct tcb *t, enum erix_err err);
/* t is dying: out of every IPC queue and link, and a caller it owed a
 * reply wakes with ERIX_ERR_NOT_FOUND. Not made ready. */
void ipc_cancel(struct tcb *t);
/* t (current) waits for a kernel event of kind wait (no endpoint), for
 * ticks timer ticks (0: no timeout). The event's owner ends the wait with
 * ipc_abort (its status); a timeout or t's death ends it through the
 * owner's unwait hook (WAIT_HOTPLUG: hotplug_unwait). */
void ipc_wait_event(struct tcb *t, uint8_t wait, uint64_t ticks);
/* Timed CALLs whose tick has come wake with ERIX_ERR_TIMEOUT. */
void ipc_tick(uint64_t now);

/* A notification from the kernel itself (an IRQ line): badge 0. */
void ipc_signal(struct endpoint *ep, uint64_t word);

/* Page faults to a pager (pager.c): t (current, in user mode) becomes a
 * caller of ep with the kernel's ERIX_MSG_FAULT message, its registers
 * untouched. */
void ipc_send_fault(struct tcb *t, struct endpoint *ep, uint64_t addr, uint32_t access);
/* The faulted thread pager owes a reply to through ep, or NULL. */
struct tcb *ipc_fault_owed(const struct tcb *pager, const struct endpoint *ep);
/* Ends t's fault wait: it runs again from the faulting instruction. */
void ipc_fault_resolved(struct tcb *t);

#endif
