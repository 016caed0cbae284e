/* User pagers: a page fault of a thread whose process has a pager
 * (SET_PAGER) becomes an IPC to that pager, and RESOLVE_FAULT maps a frame
 * at the faulting page and resumes the thread. */
#ifndef ERIX_KERNEL_PAGER_H
#define ERIX_KERNEL_PAGER_H

#include <stdint.h>

#include "error.h"

struct endpoint;
struct tcb;

/* t (current) faulted at addr in user mode with ERIX_FAULT_* access. If its
 * process's pager slot holds an IPC endpoint cap with SEND, t now waits on
 * it (ERIX_OK); else ERIX_ERR_NOT_FOUND and the caller kills t. */
enum erix_err pager_take_fault(struct tcb *t, uint64_t addr, uint32_t access);

/* RESOLVE_FAULT (kctl.c dispatches). */
enum erix_err pager_op_resolve_fault(const struct endpoint *ep, const uint64_t *w, uint64_t *out);

#endif
