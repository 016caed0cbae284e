/* The EriX user library: raw syscalls (syscall.S), kernel-control calls and
 * the small helpers rootd and test tasks need. No libc. */
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
uint64_t erix_rdtsc(void);

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

int erix_yield(void);
int erix_recv(uint64_t slot, uint64_t *sender);
int erix_notify(uint64_t slot);
/* With the notification word (syscall.h). */
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
