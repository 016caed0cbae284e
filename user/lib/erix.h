/* The EriX user library: raw syscalls (syscall.S; the IPC ones inline
 * here), kernel-control calls and the small helpers rootd and test tasks
 * need. No libc. */
#ifndef ERIX_USER_ERIX_H
#define ERIX_USER_ERIX_H

#include <erix/cap.h>
#include <erix/errors.h>
#include <erix/kctl.h>
#include <erix/markers.h>
#include <erix/slots.h>
#include <erix/start.h>
#include <erix/syscall.h>
#include <stddef.h>
#include <stdint.h>

/* syscall.S. in[4] go to rdx, r10, r8, r9; out[4] come back from them. */
int erix_syscall(uint64_t nr, uint64_t a0, uint64_t a1, const uint64_t in[4], uint64_t out[4]);
int erix_null(void);
/* TSC ticks across one ERIX_SYS_NULL round trip (plus three moves). */
uint64_t erix_bench_null(void);
/* Inline: under -icount the TSC counts guest instructions, and a call
 * around rdtsc would land in every measured window. */
static inline uint64_t erix_rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return (uint64_t)hi << 32 | lo;
}

/* Stage ids from ERIX_ROOTD_STAGES: ERIX_STAGE_ENTRY, ... */
enum erix_rootd_stage {
#define ERIX_STAGE_ENUM(name, id) ERIX_STAGE_##name = id,
	ERIX_ROOTD_STAGES(ERIX_STAGE_ENUM)
#undef ERIX_STAGE_ENUM
};

struct erix_cap_info {
	uint64_t type;   /* ERIX_CAP_* */
	uint64_t rights; /* ERIX_RIGHT_* */
	uint64_t kind;   /* ERIX_EP_* (GENERIC for non-endpoint caps) */
};

/* ERIX_SYS_CALL on a kernel-control endpoint: op and message words 1..4;
 * out (may be NULL) gets reply words 0..3. */
int erix_kctl(uint64_t slot, uint64_t op, uint64_t w1, uint64_t w2, uint64_t w3, uint64_t w4,
              uint64_t out[4]);

/* A received message or reply (include/erix/syscall.h): rdi, rsi, words. */
struct erix_msg {
	uint64_t info;  /* ERIX_MSG_* | caps received << 8 | buffer words << 24 */
	uint64_t badge; /* the sender's pid << 32 | thread id (kernel-written) */
	uint64_t w[4];
};
/* The IPC syscalls, inline: rdi and rsi go in as given, the words in
 * rdx, r10, r8, r9; the message info comes back in rdi, the badge in rsi,
 * the words in place (include/erix/syscall.h). Inline so that a caller's
 * words stay in registers: a server loop or a client pays for its syscall
 * and nothing more. rbx, rbp and r12..r15 survive (the kernel restores
 * every general register it does not return in); the memory clobber
 * covers the IPC buffer, which the kernel reads and writes. The kernel
 * keeps no SSE state: user code is built -mgeneral-regs-only. */
static inline int erix_ipc(uint64_t nr, uint64_t rdi, uint64_t rsi, const uint64_t in[4],
                           struct erix_msg *out)
{
	register uint64_t r10 __asm__("r10") = in[1];
	register uint64_t r8 __asm__("r8") = in[2];
	register uint64_t r9 __asm__("r9") = in[3];
	uint64_t rax = nr, rdx = in[0];

	__asm__ volatile("syscall"
	                 : "+a"(rax), "+D"(rdi), "+S"(rsi), "+d"(rdx), "+r"(r10), "+r"(r8), "+r"(r9)
	                 :
	                 : "rcx", "r11", "memory");
	out->info = rdi;
	out->badge = rsi;
	out->w[0] = rdx;
	out->w[1] = r10;
	out->w[2] = r8;
	out->w[3] = r9;
	return (int)rax;
}

/* rdi and rsi of the IPC syscalls. */
static inline uint64_t erix_ipc_rdi(uint64_t slot, uint64_t flags, uint64_t cap1, uint64_t cap2)
{
	return slot | flags << ERIX_IPC_FLAGS_SHIFT | cap1 << ERIX_IPC_SLOT1_SHIFT |
	       cap2 << ERIX_IPC_SLOT2_SHIFT;
}
static inline uint64_t erix_ipc_rsi(uint64_t timeout, uint64_t recv1, uint64_t recv2)
{
	return timeout | recv1 << ERIX_IPC_SLOT1_SHIFT | recv2 << ERIX_IPC_SLOT2_SHIFT;
}

/* rdi's buffer length field: n words of the caller's IPC buffer follow
 * the register words (CALL, REPLY, REPLY_RECV). */
static inline uint64_t erix_ipc_len(uint64_t n)
{
	return n << ERIX_IPC_LEN_SHIFT;
}
/* Buffer words a received message or reply carried (in the IPC buffer). */
static inline uint64_t erix_msg_len(const struct erix_msg *m)
{
	return (m->info >> ERIX_IPC_LEN_SHIFT) & ERIX_IPC_LEN_MASK;
}
/* The calling thread's IPC buffer: a page-aligned, writable page, or NULL. */
int erix_set_ipc_buffer(void *page);

/* reply may be NULL. */
static inline int erix_call(uint64_t rdi, uint64_t rsi, const uint64_t w[4], struct erix_msg *reply)
{
	struct erix_msg scratch;

	return erix_ipc(ERIX_SYS_CALL, rdi, rsi, w, reply ? reply : &scratch);
}
static inline int erix_recv_msg(uint64_t rdi, uint64_t rsi, struct erix_msg *m)
{
	static const uint64_t none[4] = {0, 0, 0, 0};

	return erix_ipc(ERIX_SYS_RECV, rdi, rsi, none, m);
}
static inline int erix_reply(uint64_t rdi, const uint64_t w[4])
{
	struct erix_msg scratch;

	return erix_ipc(ERIX_SYS_REPLY, rdi, 0, w, &scratch);
}
static inline int erix_reply_recv(uint64_t rdi, uint64_t rsi, const uint64_t w[4],
                                  struct erix_msg *m)
{
	return erix_ipc(ERIX_SYS_REPLY_RECV, rdi, rsi, w, m);
}

int erix_yield(void);
int erix_recv(uint64_t slot, uint64_t *sender);
int erix_notify(uint64_t slot);
/* With the notification word (syscall.h); *sender gets the badge. */
int erix_recv_word(uint64_t slot, uint64_t *sender, uint64_t *word);
int erix_notify_word(uint64_t slot, uint64_t word);
int erix_query_local_cap(uint64_t slot, struct erix_cap_info *info);
int erix_drop_local_cap(uint64_t slot);

/* Through rootd's log endpoint (ERIX_SLOT_ROOTD_LOG). */
int erix_log(const char *s);
int erix_log_via(uint64_t slot, const char *s);
int erix_report_stage(uint64_t id);
int erix_report_status(uint64_t status);

/* A new thread in this VSpace/CSpace (via ERIX_SLOT_PROCESS_CONTROL):
 * entry(arg) on the stack [stack, stack + size); entry must not return. */
int erix_spawn_thread(void (*entry)(uint64_t), void *stack, size_t size, uint64_t prio,
                      uint64_t arg, uint64_t *tid);

/* Formatting helpers: append to buf (NUL kept), return the new end. */
char *erix_str_append(char *dst, const char *src);
char *erix_u64_append(char *dst, uint64_t v);

size_t strlen(const char *s);
void *memset(void *dst, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);

#endif
