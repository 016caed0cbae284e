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
 * words in rdx, r10, r8, r9, then up to ERIX_IPC_BUFFER_WORDS more from the
 * sender's IPC buffer (ERIX_SYS_SET_IPC_BUFFER), plus up to
 * ERIX_IPC_MAX_CAPS endpoint caps.
 *
 * rdi, for CALL, NOTIFY, RECV, REPLY, REPLY_RECV:
 *   bits 0-15 the endpoint slot, bits 16-23 ERIX_IPC_F_* flags,
 *   bits 24-30 the buffer length: how many words of the caller's IPC
 *   buffer follow the register words (CALL, REPLY, REPLY_RECV's reply;
 *   0 elsewhere; over ERIX_IPC_BUFFER_WORDS is ERIX_ERR_RANGE),
 *   bit 31 reserved (0),
 *   bits 32-47 / 48-63 the caller's slots of the caps it sends
 *   (ERIX_IPC_F_SEND_CAP1 / _CAP2; needs GRANT on the endpoint cap).
 * rsi, for CALL, RECV, REPLY_RECV:
 *   bits 0-31 the timeout in scheduler ticks (CALL with ERIX_IPC_F_TIMED),
 *   bits 32-47 / 48-63 the caller's empty slots where caps it receives may
 *   land (ERIX_IPC_F_RECV_CAP1 / _CAP2); NOTIFY: rsi = the word.
 * A receiver gets rax = status, rdi = ERIX_MSG_* | caps received << 8 |
 * buffer words received << ERIX_IPC_LEN_SHIFT (those words are in its own
 * IPC buffer, the rest of which is untouched), rsi = the sender's badge
 * (pid << 32 | thread id, written by the kernel: unforgeable; 0 for a
 * notification that was pending), rdx..r9 = words. CALL returns the reply
 * the same way (rsi = 0). A transfer is all or nothing: if a cap or the
 * buffer words cannot move, the sender gets the error and rdx =
 * ERIX_IPC_XFER_FAIL_* | cap index or ERIX_IPC_XFER_BUFFER, and both sides
 * are unchanged (a waiting receiver keeps waiting).
 *
 * Buffer words need a buffer on both sides, looked up in each thread's own
 * VSpace when the words move (not when they were sent: a page unmapped
 * since is caught): the sender's page mapped user, the receiver's user and
 * writable, else ERIX_ERR_BAD_ADDRESS. NOTIFY carries none (a pending
 * notification is a count and an OR-ed word, with nowhere to keep a
 * buffer); the kernel's ERIX_MSG_FAULT carries none, and a REPLY to a
 * faulted thread ignores its buffer words like its register words. Long
 * messages always take the general path.
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

/* rdi = the page-aligned address of a 4 KiB page of the caller's own
 * VSpace, mapped user and writable now, or 0 for none. The calling thread's
 * IPC buffer from now on: buffer word i is message word ERIX_IPC_WORDS + i,
 * at byte 8 * i of the page (the rest of the page is the thread's own). A
 * syscall rather than a kernel-control op because it confers no authority:
 * the kernel only ever reads or writes a page the thread can already write
 * itself, so there is no cap to check, and every thread (a child's too) can
 * set its own. Unaligned: ERIX_ERR_INVALID_ARGUMENT; outside
 * [ERIX_USER_MIN, ERIX_USER_TOP), unmapped, read-only or uncached:
 * ERIX_ERR_BAD_ADDRESS, and the previous buffer stays. New threads have
 * none. */
#define ERIX_SYS_SET_IPC_BUFFER 0x15

/* Words a message may carry in the IPC buffer, after the register words:
 * 960 bytes, seL4's message bound (seL4_MsgMaxLength), with the four
 * register words on top: at most 124 words. Fits the 7-bit length field. */
#define ERIX_IPC_BUFFER_WORDS 120
/* The field positions above: 16-bit slot fields at bits 0, 32 and 48 (rsi's
 * receive slots where rdi's send slots are), the flags from bit 16. */
#define ERIX_IPC_FLAGS_SHIFT  16
#define ERIX_IPC_SLOT1_SHIFT  32
#define ERIX_IPC_SLOT2_SHIFT  48
#define ERIX_IPC_SLOT_MASK    0xFFFFull
#define ERIX_IPC_LEN_SHIFT    24
#define ERIX_IPC_LEN_MASK     0x7full

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

/* rdx of a sender whose transfer failed: which side, and the cap index
 * (0 when no cap is at fault: a NOTIFY with caps and nobody receiving is
 * ERIX_ERR_BUSY, rdx 0). */
#define ERIX_IPC_XFER_FAIL_SENDER   0x100
#define ERIX_IPC_XFER_FAIL_RECEIVER 0x200
#define ERIX_IPC_XFER_BUFFER        0x80 /* the index: the IPC buffer, not a cap */

/* rdi = slot. Out: rdx = cap type, r10 = rights, r8 = endpoint kind
 * (ERIX_EP_GENERIC for non-endpoint caps). */
#define ERIX_SYS_QUERY_LOCAL_CAP 0x45
/* rdi = slot: clear one caller-local slot. */
#define ERIX_SYS_DROP_LOCAL_CAP  0x47

#endif
