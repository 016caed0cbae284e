/* The protocol between rootd and its test child (user/child): which slots
 * rootd fills through install grants, the modes the start argument selects,
 * and the report word the child sends on its report endpoint. User-space
 * policy, not kernel ABI. */
#ifndef ERIX_USER_CHILD_H
#define ERIX_USER_CHILD_H

#define CHILD_MODULE_NAME "child"

/* The child's CSpace: rootd installs these through grants. */
#define CHILD_SLOT_REPORT 1    /* SEND: the child reports here */
#define CHILD_SLOT_LOG    2    /* log/query copy, SEND */
#define CHILD_SLOT_PROC   3    /* process-control copy, SEND (hog, threads) */
#define CHILD_SLOT_WAIT   4    /* RECV: where the child blocks */
#define CHILD_SLOT_FREE   5    /* first slot the child fills itself */
#define CHILD_SLOT_GOT    6    /* ECHO: where a transferred cap lands */
#define CHILD_SLOT_CTL    7    /* child_spec.control_slot's copy, SEND */
#define CHILD_SLOT_CANON  2208 /* == ERIX_SLOT_COM1 in the root CSpace */

/* CHILD_PAGED: where the child touches memory nobody mapped. */
#define CHILD_PAGED_VA    0x50000000ull
#define CHILD_PAGED_PAGES 101

/* CHILD_ECHO_BUF's IPC buffer: a page its parent maps there (the child's
 * image carries no page of its own, so every other mode stays as small). */
#define CHILD_IPCBUF_VA 0x60000000ull

/* ECHO_BUF requests: w0 = CHILD_ECHO_BUF_* flags, w1 = how many buffer
 * words the reply carries. The reply: w0 = buffer words received (with
 * REGISTER: the registration's status), w1 = their sum (with REVERSE),
 * w2 = the message info, w3 = messages served; a refused reply is
 * followed by a plain one with w0 = 0xE000 | error and w1 = the kernel's
 * rdx (which side). */
#define CHILD_ECHO_BUF_REVERSE  0x1 /* reverse the words in place first */
#define CHILD_ECHO_BUF_REGISTER 0x2 /* register CHILD_IPCBUF_VA first */

/* Modes (the start argument). */
enum child_mode {
	CHILD_HELLO = 0,     /* log, report, block in RECV */
	CHILD_SPIN,          /* report, then spin forever */
	CHILD_RECV,          /* report, then block in RECV */
	CHILD_HOG,           /* create endpoints until NO_MEMORY, report count */
	CHILD_READ_PHYSMAP,  /* report, then read the physmap: killed */
	CHILD_WRITE_PHYSMAP, /* write the physmap: killed */
	CHILD_READ_KERNEL,   /* read the kernel image: killed */
	CHILD_READ_ROOTD,    /* read rootd's bootinfo page address: killed */
	CHILD_WRITE_TEXT,    /* write its own .text: killed */
	CHILD_EXEC_STACK,    /* jump into its own stack: killed */
	CHILD_CANON,         /* CALL on slot 2208 (a generic endpoint here) */
	CHILD_COPYIN,        /* LOG_STRING with bad pointers */
	CHILD_REGS,          /* registers after first entry, syscalls, preemption */
	CHILD_PREEMPT,       /* two spinning threads both make progress */
	CHILD_ECHO,          /* report, then serve CALLs on its wait slot: reply w0 + 1 */
	CHILD_SINK,          /* report after receiving one CALL, never reply */
	CHILD_CALLER,        /* CALL rootd's report endpoint, report the reply's w0 */
	CHILD_FORGE,         /* print forged marker lines through its log copy */
	CHILD_ECHO_DROP,     /* ECHO that drops each cap it receives (benchmarks) */
	CHILD_PONG,          /* report, then answer each NOTIFY with a NOTIFY */
	CHILD_ECHO_PLAIN,    /* ECHO taking register words only (no cap slot offered) */
	CHILD_SEND_UP,       /* create an endpoint and CALL rootd with it, then block */
	CHILD_PAGED,         /* write CHILD_PAGED_VA + 8 (its pager maps it), report the
	                      * word read back, then read the next page (never mapped) */
	CHILD_PAGED_BENCH,   /* touch CHILD_PAGED_PAGES pages, report the median fault */
	CHILD_ECHO_BUF,      /* report, then serve ECHO_BUF requests on its wait slot */
	CHILD_HOTPLUG_WAIT,  /* report, then HOTPLUG_WAIT for ever on CHILD_SLOT_CTL; report
	                      * the status (a kill ends it first) */
	CHILD_BIND,          /* CALL the report endpoint: the reply's w0 is a CPU, w1 a mode;
	                      * bind itself there (SET_AFFINITY, needs CHILD_SLOT_PROC), check
	                      * it runs there, then run that mode (a failure: CHILD_FAIL |
	                      * CHILD_VALUE(error, or 0xC000 | the CPU it runs on), then
	                      * block) */
	CHILD_MODES
};

/* Report word: bit 0 set = report; CHILD_FAIL set = a check failed;
 * bits 8.. carry a value (count, error code). */
#define CHILD_REPORTED    0x1ull
#define CHILD_FAIL        0x2ull
#define CHILD_VALUE(v)    ((uint64_t)(v) << 8)
#define CHILD_VALUE_OF(w) ((w) >> 8)

#endif
