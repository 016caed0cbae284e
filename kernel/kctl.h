/* Kernel-control dispatch: CALLs on endpoints of a kernel-control family. */
#ifndef ERIX_KERNEL_KCTL_H
#define ERIX_KERNEL_KCTL_H

#include "arch/x86_64/arch.h"
#include "error.h"

struct endpoint;

/* f holds the CALL's registers (op in rsi, words in rdx, r10, r8, r9); the
 * reply words are written to f->rdx, r10, r8, r9. Returns the status. */
enum erix_err kctl_call(const struct endpoint *ep, struct arch_regs *f);

#endif
