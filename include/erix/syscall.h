/* Syscall ABI (x86_64, `syscall` instruction).
 *
 * In:  rax = syscall number; arguments in rdi, rsi, rdx, r10, r8, r9.
 * Out: rax = status (include/erix/errors.h); results in rdx, r10, r8, r9.
 *      rcx and r11 are clobbered by the instruction; rdi and rsi are
 *      clobbered; rbx, rbp, rsp, r12-r15 are preserved.
 *
 * ERIX_SYS_CALL on a kernel-control endpoint: rdi = slot, rsi = op (message
 * word 0), rdx, r10, r8, r9 = message words 1..4; the reply comes back as
 * rax = status and rdx, r10, r8, r9 = reply words 0..3. */
#ifndef ERIX_SYSCALL_H
#define ERIX_SYSCALL_H

#define ERIX_SYS_NULL   0x01 /* returns ERIX_OK, touches nothing: benchmarks */
#define ERIX_SYS_YIELD  0x02 /* give up the rest of the time slice */
#define ERIX_SYS_CALL   0x10 /* needs SEND */
/* NOTIFY: rdi = slot, rsi = word. RECV: rdi = slot; out rdx = notifier's
 * thread id (0 if the notification was already pending), r10 = the word
 * (pending words are OR-ed until a RECV takes them). */
#define ERIX_SYS_NOTIFY 0x11 /* needs SEND */
#define ERIX_SYS_RECV   0x12 /* needs RECV */
#define ERIX_SYS_REPLY  0x13 /* needs RECV */

/* rdi = slot. Out: rdx = cap type, r10 = rights, r8 = endpoint kind
 * (ERIX_EP_GENERIC for non-endpoint caps). */
#define ERIX_SYS_QUERY_LOCAL_CAP 0x45
/* rdi = slot: clear one caller-local slot. */
#define ERIX_SYS_DROP_LOCAL_CAP  0x47

#endif
