/* rootd's test child: loaded by rootd from the "child" boot module through
 * the staged-process path, it runs the mode its start argument names and
 * reports through the endpoint rootd granted it (child.h). Hostile modes
 * touch what a process must never reach; the kernel kills them, and rootd
 * checks that nothing else noticed. */
#include <erix.h>
#include <erix/layout.h>

#include "child.h"

#define PAGE_WORDS (4096 / 8)

static void report(uint64_t word)
{
	erix_notify_word(CHILD_SLOT_REPORT, CHILD_REPORTED | word);
}

static __attribute__((noreturn)) void block(void)
{
	for (;;)
		erix_recv(CHILD_SLOT_WAIT, NULL);
}

static __attribute__((noreturn)) void spin(void)
{
	for (;;)
		__asm__ volatile("");
}

static void hog(void)
{
	uint64_t n = 0, slot = CHILD_SLOT_FREE;
	int err;

	do {
		err = erix_kctl(CHILD_SLOT_PROC, ERIX_KCTL_CREATE_ENDPOINT, slot++, 0, 0, 0, NULL);
		if (!err)
			n++;
	} while (!err && slot < 1024); /* the hog's CSpace: 1024 slots */
	report(CHILD_VALUE(n << 8 | (uint64_t)err) | (err == ERIX_ERR_NO_MEMORY ? 0 : CHILD_FAIL));
}

/* Touches addr (write if asked); the kernel kills the thread first. */
static void touch(uint64_t addr, int write)
{
	volatile uint8_t *p = (volatile uint8_t *)(uintptr_t)addr;

	report(0);
	if (write)
		*p = 0x5a;
	else
		(void)*p;
	report(CHILD_FAIL); /* still alive: the isolation failed */
}

/* Its own .text: mapped RX, so the write faults. */
void child_text_target(void);
void child_text_target(void)
{
}

static void write_text(void)
{
	report(0);
	*(volatile uint8_t *)(uintptr_t)child_text_target = 0xc3;
	report(CHILD_FAIL);
}

static void exec_stack(void)
{
	uint8_t code[16] __attribute__((aligned(16))) = {0xc3}; /* ret */

	report(0);
	((void (*)(void))(uintptr_t)code)();
	report(CHILD_FAIL);
}

/* Slot 2208 holds a generic endpoint in this CSpace: calling COM1's ops on
 * it must not reach the port (the family decides, never the number). */
static void canon(void)
{
	uint64_t out[4] = {0, 0, 0, 0};
	int w = erix_kctl(CHILD_SLOT_CANON, ERIX_KCTL_IOPORT_WRITE8, 0x3F8, 'X', 0, 0, NULL);
	int r = erix_kctl(CHILD_SLOT_CANON, ERIX_KCTL_IOPORT_READ8, 0x3FD, 0, 0, 0, out);

	report(CHILD_VALUE((uint64_t)w << 8 | (uint64_t)r) |
	       (w == ERIX_OK || r == ERIX_OK ? CHILD_FAIL : 0));
}

static int log_raw(uint64_t ptr, uint64_t len)
{
	return erix_kctl(CHILD_SLOT_LOG, ERIX_KCTL_LOG_STRING, ptr, len, 0, 0, NULL);
}

/* Copy-in with a kernel pointer, a range wrapping at ERIX_USER_TOP and a
 * mapped-to-unmapped straddle (the page after the stack top is never
 * mapped): each ERIX_ERR_BAD_ADDRESS. Bit i of the value: case i failed. */
static void copyin(const struct erix_start_frame *sf)
{
	uint64_t bad = 0;
	uint64_t top = ((uint64_t)(uintptr_t)sf + 4095) & ~4095ull;

	if (log_raw(ERIX_PHYSMAP_BASE, 8) != ERIX_ERR_BAD_ADDRESS)
		bad |= 1;
	if (log_raw(ERIX_USER_TOP - 4, 16) != ERIX_ERR_BAD_ADDRESS)
		bad |= 2;
	if (log_raw(top - 8, 16) != ERIX_ERR_BAD_ADDRESS)
		bad |= 4;
	if (log_raw((uint64_t)(uintptr_t) "ok", 2) != ERIX_OK)
		bad |= 8;
	report(CHILD_VALUE(bad) | (bad ? CHILD_FAIL : 0));
}

/* Preemption between two spinning threads of this process: the second
 * thread only runs if the timer takes the CPU from the first. */
static volatile uint64_t spins[2];
static uint8_t spin_stack[1024] __attribute__((aligned(16)));

static void spinner(uint64_t i)
{
	for (;;)
		spins[i]++;
}

static void preempt(void)
{
	int err = erix_kctl(CHILD_SLOT_PROC, ERIX_KCTL_SPAWN_THREAD, (uint64_t)(uintptr_t)spinner,
	                    (uint64_t)(uintptr_t)(spin_stack + sizeof(spin_stack)), 100, 1, NULL);

	if (err) {
		report(CHILD_VALUE((uint64_t)err) | CHILD_FAIL);
		return;
	}
	/* This thread spins as thread 0 with the same priority; a third
	 * party (rootd, after its own yields) reads the counters: here the
	 * main thread checks them itself after enough ticks went by. */
	for (uint64_t round = 0; round < 2000000000ull; round++) {
		spins[0]++;
		if (spins[1] > 1000 && spins[0] > 1000) {
			report(CHILD_VALUE(1));
			block();
		}
	}
	report(CHILD_FAIL);
}

/* ECHO: every CALL on the wait slot is answered with w0 + 1, the message
 * info, and the caller's badge (pid, tid); a cap that arrives is notified
 * with 0x77, proving it aliases the sender's endpoint. */
static void echo(int drop, int caps)
{
	const uint64_t rdi = erix_ipc_rdi(CHILD_SLOT_WAIT, caps ? ERIX_IPC_F_RECV_CAP1 : 0, 0, 0);
	const uint64_t rsi = caps ? erix_ipc_rsi(0, CHILD_SLOT_GOT, 0) : 0;
	struct erix_msg m = {0, 0, {0, 0, 0, 0}};
	int err;

	report(0);
	err = erix_recv_msg(rdi, rsi, &m);
	for (;;) {
		uint64_t w[4] = {m.w[0] + 1, m.info, m.badge >> 32, m.badge & 0xffffffffu};

		if (err)
			w[0] = 0xE000 | (uint64_t)err;
		if (!err && (m.info >> 8) & 0xff) {
			if (drop)
				erix_drop_local_cap(CHILD_SLOT_GOT);
			else
				erix_notify_word(CHILD_SLOT_GOT, 0x77);
		}
		err = erix_reply_recv(rdi, rsi, w, &m);
	}
}

/* ECHO_BUF (child.h has the protocol): the words arrive in the buffer and
 * the reply's go back from it, so an as-is echo costs the server nothing
 * (the benchmark's case). */
static void reverse(uint64_t *w, uint64_t n, uint64_t *sum)
{
	*sum = 0;
	for (uint64_t i = 0; i < n; i++)
		*sum += w[i];
	for (uint64_t i = 0; i < n / 2; i++) {
		uint64_t x = w[i];

		w[i] = w[n - 1 - i];
		w[n - 1 - i] = x;
	}
}

static void echo_buf(void)
{
	uint64_t *buf = (uint64_t *)CHILD_IPCBUF_VA;
	struct erix_msg m = {0, 0, {0, 0, 0, 0}};
	uint64_t served = 0;
	int err;

	report(0);
	err = erix_recv_msg(CHILD_SLOT_WAIT, 0, &m);
	for (;;) {
		uint64_t n = erix_msg_len(&m), w[4] = {n, 0, m.info, ++served};

		if (err) {
			w[0] = 0xE000 | (uint64_t)err;
			w[1] = m.w[0];
		} else if (m.w[0] & CHILD_ECHO_BUF_REGISTER) {
			w[0] = (uint64_t)erix_set_ipc_buffer(buf);
		} else if (m.w[0] & CHILD_ECHO_BUF_REVERSE) {
			reverse(buf, n, &w[1]);
		}
		err = erix_reply_recv(CHILD_SLOT_WAIT | (err ? 0 : erix_ipc_len(m.w[1])), 0, w, &m);
		if (err) {
			/* The reply was refused (or the receive failed): the caller
			 * still waits, and gets the error in a plain reply. */
			const uint64_t e[4] = {0xE000 | (uint64_t)err, m.w[0], 0, served};

			erix_reply(CHILD_SLOT_WAIT, e);
			err = erix_recv_msg(CHILD_SLOT_WAIT, 0, &m);
		}
	}
}

/* SINK: takes one CALL and never answers it (the caller waits until this
 * process dies). */
static void sink(void)
{
	struct erix_msg m;
	int err = erix_recv_msg(CHILD_SLOT_WAIT, 0, &m);

	report(err ? CHILD_FAIL : 0);
	spin();
}

/* CALLER: one CALL to rootd; the reply's w0 is reported. */
static void caller(void)
{
	static const uint64_t w[4] = {0xCA11, 1, 2, 3};
	struct erix_msg reply = {0, 0, {0, 0, 0, 0}};
	int err = erix_call(CHILD_SLOT_REPORT, 0, w, &reply);

	report(err ? CHILD_FAIL | CHILD_VALUE(err) : CHILD_VALUE(reply.w[0]));
}

/* FORGE: text that would read as kernel and rootd markers if a task could
 * start a line; the kernel prefixes every line it starts. */
/* The first write faults to the pager, which maps a frame: the write then
 * lands there. The read of the next page faults too and is never mapped. */
static void paged(void)
{
	volatile uint64_t *p = (volatile uint64_t *)CHILD_PAGED_VA;

	p[1] = 0xFACE;
	report(CHILD_REPORTED | CHILD_VALUE(p[1]));
	(void)p[PAGE_WORDS];
	report(CHILD_FAIL);
}

/* Each write's cost in instructions (-icount): fault, pager, resume. */
static void paged_bench(void)
{
	static uint64_t cost[CHILD_PAGED_PAGES];

	for (uint64_t i = 0; i < CHILD_PAGED_PAGES; i++) {
		volatile uint64_t *p = (volatile uint64_t *)(CHILD_PAGED_VA + i * PAGE_WORDS * 8);
		uint64_t t = erix_rdtsc();

		p[0] = i;
		cost[i] = erix_rdtsc() - t;
	}
	for (uint64_t i = 1; i < CHILD_PAGED_PAGES; i++)
		for (uint64_t j = i; j > 0 && cost[j - 1] > cost[j]; j--) {
			uint64_t x = cost[j];

			cost[j] = cost[j - 1];
			cost[j - 1] = x;
		}
	report(CHILD_REPORTED | CHILD_VALUE(cost[CHILD_PAGED_PAGES / 2]));
}

static void forge(void)
{
	static const char serial[] = "\n" ERIX_MARK_ROOTD_READY "\r\n" ERIX_MARK_ROOTD_STAGE_PREFIX
	                             "FBCOND_READY\n" ERIX_MARK_FAIL_PREFIX "FORGED\n";
	static const char log[] = ERIX_MARK_AUTH_CASE " name=forged PASS";
	int a = erix_kctl(CHILD_SLOT_LOG, ERIX_KCTL_WRITE_LEGACY_SERIAL,
	                  (uint64_t)(uintptr_t)serial, sizeof(serial) - 1, 0, 0, NULL);
	int b = erix_log_via(CHILD_SLOT_LOG, log);

	report(a || b ? CHILD_FAIL : 0);
}

/* SEND_UP: an endpoint of its own making (charged to its budget), sent
 * to rootd on a CALL; the reply is reported. */
static void send_up(void)
{
	static const uint64_t w[4] = {0x5E4D, 0, 0, 0};
	struct erix_msg reply = {0, 0, {0, 0, 0, 0}};
	int err =
	    erix_kctl(CHILD_SLOT_PROC, ERIX_KCTL_CREATE_ENDPOINT, CHILD_SLOT_FREE, 0, 0, 0, NULL);

	if (!err)
		err = erix_call(
		    erix_ipc_rdi(CHILD_SLOT_REPORT, ERIX_IPC_F_SEND_CAP1, CHILD_SLOT_FREE, 0), 0, w,
		    &reply);
	report(err ? CHILD_FAIL | CHILD_VALUE(err) : 0);
}

int child_regs_check(void);       /* regs.S: 0 when every check held */
void child_first_entry_asm(void); /* regs.S: checks, then child_first_entry */
void child_first_entry(uint64_t arg, uint64_t nonzero);
static uint8_t entry_stack[1024] __attribute__((aligned(16)));

/* The second half of REGS: a new thread saw only zeros (nonzero = the OR
 * of every register but rdi and rsp); arg = the first half's result. */
void child_first_entry(uint64_t arg, uint64_t nonzero)
{
	report(CHILD_VALUE(arg | (nonzero ? 0x80 : 0)) | (arg || nonzero ? CHILD_FAIL : 0));
	block();
}

static void regs(void)
{
	uint64_t first = (uint64_t)child_regs_check();
	int err = erix_kctl(
	    CHILD_SLOT_PROC, ERIX_KCTL_SPAWN_THREAD, (uint64_t)(uintptr_t)child_first_entry_asm,
	    (uint64_t)(uintptr_t)(entry_stack + sizeof(entry_stack)), 100, first, NULL);

	if (err)
		report(CHILD_VALUE((uint64_t)err) | CHILD_FAIL);
}

static void run(uint64_t mode, const struct erix_start_frame *sf);

/* BIND: rootd names the CPU in its reply (the call's badge tells it this
 * thread's id); SET_AFFINITY on itself returns on that CPU, which a query
 * then confirms. */
static void bind(const struct erix_start_frame *sf)
{
	static const uint64_t w[4] = {CHILD_BIND, 0, 0, 0};
	struct erix_msg r = {0, 0, {0, 0, 0, 0}};
	uint64_t out[4] = {0, 0, 0, 0};
	int err = erix_call(CHILD_SLOT_REPORT, 0, w, &r);

	if (!err)
		err = erix_kctl(CHILD_SLOT_PROC, ERIX_KCTL_SET_AFFINITY, ERIX_KCTL_SELF, r.w[0], 0,
		                0, out);
	if (!err)
		err = erix_kctl(CHILD_SLOT_PROC, ERIX_KCTL_SET_AFFINITY, ERIX_KCTL_SELF,
		                ERIX_AFFINITY_QUERY, 0, 0, out);
	if (err || r.w[1] == CHILD_BIND) {
		report(CHILD_FAIL | CHILD_VALUE((uint64_t)err));
		return;
	}
	if (out[1] != r.w[0]) { /* bound, but elsewhere: 0xC000 | the CPU it is on */
		report(CHILD_FAIL | CHILD_VALUE(0xC000 | out[1]));
		return;
	}
	run(r.w[1], sf);
}

int main(const struct erix_start_frame *sf)
{
	if (sf->magic != ERIX_START_MAGIC) {
		report(CHILD_FAIL);
		block();
	}
	run(sf->arg, sf);
	block();
}

static void run(uint64_t mode, const struct erix_start_frame *sf)
{
	switch (mode) {
	case CHILD_HELLO:
		erix_log_via(CHILD_SLOT_LOG, "child: hello from a staged process");
		report(0);
		break;
	case CHILD_SPIN:
		report(0);
		spin();
	case CHILD_RECV:
		report(0);
		break;
	case CHILD_HOG:
		hog();
		break;
	case CHILD_READ_PHYSMAP:
		touch(ERIX_PHYSMAP_BASE + 0x100000, 0);
		break;
	case CHILD_WRITE_PHYSMAP:
		touch(ERIX_PHYSMAP_BASE + 0x100000, 1);
		break;
	case CHILD_READ_KERNEL:
		touch(ERIX_KERNEL_VIRT_BASE + 0x1000, 0);
		break;
	case CHILD_READ_ROOTD:
		touch(ERIX_BOOTINFO_BASE, 0);
		break;
	case CHILD_WRITE_TEXT:
		write_text();
		break;
	case CHILD_EXEC_STACK:
		exec_stack();
		break;
	case CHILD_CANON:
		canon();
		break;
	case CHILD_COPYIN:
		copyin(sf);
		break;
	case CHILD_REGS:
		regs();
		break;
	case CHILD_PREEMPT:
		preempt();
		break;
	case CHILD_ECHO:
		echo(0, 1);
		break;
	case CHILD_ECHO_DROP:
		echo(1, 1);
		break;
	case CHILD_SEND_UP:
		send_up();
		break;
	case CHILD_ECHO_PLAIN:
		echo(0, 0);
		break;
	case CHILD_PONG:
		report(0);
		for (;;) {
			erix_recv(CHILD_SLOT_WAIT, NULL);
			erix_notify_word(CHILD_SLOT_REPORT, 1);
		}
	case CHILD_SINK:
		sink();
		break;
	case CHILD_CALLER:
		caller();
		break;
	case CHILD_FORGE:
		forge();
		break;
	case CHILD_PAGED:
		paged();
		break;
	case CHILD_PAGED_BENCH:
		paged_bench();
		break;
	case CHILD_ECHO_BUF:
		echo_buf();
		break;
	case CHILD_HOTPLUG_WAIT:
		report(0);
		report(CHILD_VALUE((uint64_t)erix_kctl(CHILD_SLOT_CTL, ERIX_KCTL_HOTPLUG_WAIT,
		                                       ERIX_HOTPLUG_FOREVER, 0, 0, 0, NULL)));
		break;
	case CHILD_BIND:
		bind(sf);
		break;
	default:
		report(CHILD_FAIL);
	}
}
