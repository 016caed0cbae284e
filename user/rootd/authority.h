/* The authority suite's shared helpers: one ERIX_AUTH:CASE line per check,
 * short kernel-control calls, the figures a denial must leave unchanged,
 * and the test child launcher. The cases live in authority*.c, one file per
 * surface (caps and processes, IPC, platform). */
#ifndef ERIX_ROOTD_AUTHORITY_H
#define ERIX_ROOTD_AUTHORITY_H

#include "child.h"
#include "rootd.h"

#define PAGE 4096ull
#define S    ROOTD_SLOT_SCRATCH /* scratch slots S .. S + 255 */
#define LINE 200

/* The test child's slots in rootd (S + 32 .. S + 36). */
#define C_PROC   (S + 32)
#define C_REPORT (S + 33)
#define C_WAIT   (S + 34)
#define C_GRANT  (S + 35)
#define C_CANON  (S + 36)

/* One case: PASS when got == want, else FAIL with both values. */
void check(const char *name, uint64_t got, uint64_t want);

/* A kernel-control call on the process-control endpoint. */
uint64_t pc(uint64_t op, uint64_t w1, uint64_t w2, uint64_t w3, uint64_t w4);
uint64_t pc_out(uint64_t op, uint64_t w1, uint64_t w2, uint64_t w3, uint64_t w4, uint64_t out[4]);

/* What a denial must leave unchanged: the kernel bytes and threads of a
 * process slot (or ERIX_KCTL_SELF), and a local slot's type, rights and
 * endpoint kind. */
uint64_t kmem_used(uint64_t slot);
uint64_t threads_of(uint64_t slot);
uint64_t type_of(uint64_t slot);
uint64_t rights_of(uint64_t slot);
uint64_t kind_of(uint64_t slot);

/* The test child at C_PROC: a spec, a launch that returns its first
 * report word, a wait for the kernel to kill it, and a kill that checks
 * every byte came back to before. */
struct child_spec spec(uint64_t slots, uint64_t budget, uint64_t prio);
uint64_t run_child(const struct child_spec *sp, uint64_t mode, const char *name);
uint64_t wait_dead(void);
void kill_child(const char *name, uint64_t before);

/* Case groups outside authority.c. */
void auth_ipc_cases(void);
void auth_ipcbuf_cases(void);
void auth_memory_cases(void);
void auth_irq_cases(void);
void auth_console_cases(void);
void auth_platform_cases(void);
void auth_hotplug_absent_cases(void);
/* The ERIX_AUTH:TOTAL line of every case so far. */
void auth_total(void);

#endif
