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

#define ERIX_SYS_NULL       0x01 /* returns ERIX_OK, touches nothing: benchmarks */
#define ERIX_SYS_YIELD      0x02 /* give up the rest of the time slice */
/* User IPC on GENERIC and CHILD_POPULATE endpoints (kernel-control
 * endpoints serve CALL themselves, see above). A message is ERIX_IPC_WORDS
 * words in rdx, r10, r8, r9, plus up to ERIX_IPC_MAX_CAPS endpoint caps.
 *
 * rdi, for CALL, NOTIFY, RECV, REPLY, REPLY_RECV:
 *   bits 0-15 the endpoint slot, bits 16-31 ERIX_IPC_F_* flags,
 *   bits 32-47 / 48-63 the caller's slots of the caps it sends
 *   (ERIX_IPC_F_SEND_CAP1 / _CAP2; needs GRANT on the endpoint cap).
 * rsi, for CALL, RECV, REPLY_RECV:
 *   bits 0-31 the timeout in scheduler ticks (CALL with ERIX_IPC_F_TIMED),
 *   bits 32-47 / 48-63 the caller's empty slots where caps it receives may
 *   land (ERIX_IPC_F_RECV_CAP1 / _CAP2); NOTIFY: rsi = the word.
 * A receiver gets rax = status, rdi = ERIX_MSG_* | caps received << 8,
 * rsi = the sender's badge (pid << 32 | thread id, written by the kernel:
 * unforgeable; 0 for a notification that was pending), rdx..r9 = words.
 * CALL returns the reply the same way (rsi = 0). A transfer is all or
 * nothing: if a cap cannot move, the sender gets the error and rdx =
 * ERIX_IPC_XFER_FAIL_* | index, and both sides are unchanged (a waiting
 * receiver keeps waiting).
 *
 * CALL, NOTIFY need SEND; RECV, REPLY need RECV. A thread owes at most one
 * reply: RECV while it owes one is ERIX_ERR_BUSY (use REPLY_RECV). REPLY
 * answers the caller it owes, through the endpoint the call came by
 * (ERIX_ERR_NOT_FOUND if there is none, it died, or it timed out). */
#define ERIX_SYS_CALL       0x10 /* needs SEND */
#define ERIX_SYS_NOTIFY     0x11 /* needs SEND; never blocks */
#define ERIX_SYS_RECV       0x12 /* needs RECV */
#define ERIX_SYS_REPLY      0x13 /* needs RECV */
#define ERIX_SYS_REPLY_RECV 0x14 /* REPLY (if owed), then RECV on the same slot */

#define ERIX_IPC_WORDS    4
#define ERIX_IPC_MAX_CAPS 2

#define ERIX_IPC_F_TIMED     0x01
#define ERIX_IPC_F_SEND_CAP1 0x02
#define ERIX_IPC_F_SEND_CAP2 0x04 /* with SEND_CAP1 only */
#define ERIX_IPC_F_RECV_CAP1 0x08
#define ERIX_IPC_F_RECV_CAP2 0x10 /* with RECV_CAP1 only */
#define ERIX_IPC_F_ALL       0x1f

/* rdi of a receiver: the message type in bits 0-7. */
#define ERIX_MSG_NOTIFY 1
#define ERIX_MSG_CALL   2
/* A page fault of the sender's thread, sent by the kernel to its pager
 * (SET_PAGER): w0 = fault address, w1 = ERIX_FAULT_* access, w2 = rip.
 * The thread waits as a caller: RESOLVE_FAULT maps a frame at the page and
 * resumes it; a REPLY (words ignored, no caps) resumes it to retry. */
#define ERIX_MSG_FAULT  3

#define ERIX_FAULT_PRESENT 0x1 /* the page was mapped: a protection fault */
#define ERIX_FAULT_WRITE   0x2
#define ERIX_FAULT_EXEC    0x4 /* an instruction fetch */

/* rdx of a sender whose transfer failed: which side, and the cap index. */
#define ERIX_IPC_XFER_FAIL_SENDER   0x100
#define ERIX_IPC_XFER_FAIL_RECEIVER 0x200

/* rdi = slot. Out: rdx = cap type, r10 = rights, r8 = endpoint kind
 * (ERIX_EP_GENERIC for non-endpoint caps). */
#define ERIX_SYS_QUERY_LOCAL_CAP 0x45
/* rdi = slot: clear one caller-local slot. */
#define ERIX_SYS_DROP_LOCAL_CAP  0x47

#endif
