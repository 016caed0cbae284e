/* ROOTD_TEST=bench: the figures `make bench` prints, measured in one boot
 * under -icount shift=0, where a TSC tick is one guest instruction. Each
 * "median" is over BENCH_RUNS runs after BENCH_WARMUP; the capacity figures
 * fill the kernel-memory budget until ERIX_ERR_NO_MEMORY (or the bound). */
#include "child.h"

#include <elf/elf64.h>

#include "kbd.h"
#include "rootd.h"

#define BENCH_WARMUP 100
#define BENCH_RUNS   1001
#define STAGE_RUNS   51
#define LINE         160
#define S            ROOTD_SLOT_SCRATCH

static uint64_t samples[BENCH_RUNS];

static void sort(uint64_t *v, int n)
{
	for (int i = 1; i < n; i++) {
		uint64_t x = v[i];
		int j = i;

		for (; j > 0 && v[j - 1] > x; j--)
			v[j] = v[j - 1];
		v[j] = x;
	}
}

static void print(const char *marker, uint64_t value, const char *unit)
{
	char line[LINE], *p = line;

	p = erix_str_append(p, marker);
	p = erix_str_append(p, " ");
	p = erix_u64_append(p, value);
	p = erix_str_append(p, " ");
	erix_str_append(p, unit);
	erix_log(line);
}

static uint64_t median(int n)
{
	sort(samples, n);
	return samples[n / 2];
}

static uint64_t pc(uint64_t op, uint64_t w1, uint64_t w2, uint64_t w3, uint64_t w4)
{
	return (uint64_t)erix_kctl(ERIX_SLOT_PROCESS_CONTROL, op, w1, w2, w3, w4, NULL);
}

static uint64_t used(void)
{
	uint64_t out[4] = {0, 0, 0, 0};

	erix_kctl(ERIX_SLOT_PROCESS_CONTROL, ERIX_KCTL_READ_KERNEL_MEMORY, ERIX_KCTL_SELF, 0, 0, 0,
	          out);
	return out[0];
}

static void bench_null(void)
{
	for (int i = 0; i < BENCH_WARMUP; i++)
		erix_bench_null();
	for (int i = 0; i < BENCH_RUNS; i++)
		samples[i] = erix_bench_null();
	print(ERIX_MARK_BENCH_NULL_SYSCALL, median(BENCH_RUNS), "instructions");
}

/* A kernel-control CALL to the log/query family, reply included. */
static void bench_query_cap(void)
{
	for (int i = 0; i < BENCH_WARMUP + BENCH_RUNS; i++) {
		uint64_t t = erix_rdtsc();

		erix_kctl(ERIX_SLOT_LOG_QUERY, ERIX_KCTL_QUERY_CAP, ERIX_SLOT_COM1, 0, 0, 0, NULL);
		if (i >= BENCH_WARMUP)
			samples[i - BENCH_WARMUP] = erix_rdtsc() - t;
	}
	print(ERIX_MARK_BENCH_QUERY_CAP, median(BENCH_RUNS), "instructions");
}

static void bench_copy_drop(void)
{
	for (int i = 0; i < BENCH_WARMUP + BENCH_RUNS; i++) {
		uint64_t t = erix_rdtsc();

		pc(ERIX_KCTL_CAP_COPY_ATTENUATED, ERIX_SLOT_COM1, S, ERIX_RIGHT_SEND, 0);
		erix_drop_local_cap(S);
		if (i >= BENCH_WARMUP)
			samples[i - BENCH_WARMUP] = erix_rdtsc() - t;
	}
	print(ERIX_MARK_BENCH_COPY_DROP, median(BENCH_RUNS), "instructions");
}

/* The first RAM untyped that still has n frames: retyped into S.. */
static uint64_t retype_frames(uint64_t first, uint64_t n)
{
	for (uint64_t s = ERIX_SLOT_UNTYPED_BASE; s < ERIX_ROOT_CSPACE_SLOTS; s++) {
		struct erix_cap_info info = {0, 0, 0};

		erix_query_local_cap(s, &info);
		if (info.type == ERIX_CAP_UNTYPED &&
		    erix_kctl(ERIX_SLOT_MEMORY, ERIX_KCTL_RETYPE_UNTYPED_TO_FRAME, s, first, n,
		              ERIX_PAGE_SHIFT, NULL) == ERIX_OK)
			return ERIX_OK;
	}
	return ERIX_ERR_NO_MEMORY;
}

/* MAP_FRAME + UNMAP_FRAME of one 4 KiB frame into rootd itself, with its
 * page tables already there (a warm-up map makes them). */
static void bench_map_unmap(void)
{
	const uint64_t va = 0x30000000ull, rw = ERIX_PROT_READ | ERIX_PROT_WRITE;

	if (retype_frames(S, 1)) {
		print(ERIX_MARK_BENCH_MAP_UNMAP, 0, "error");
		return;
	}
	for (int i = 0; i < BENCH_WARMUP + BENCH_RUNS; i++) {
		uint64_t t = erix_rdtsc();

		erix_kctl(ERIX_SLOT_VSPACE, ERIX_KCTL_MAP_FRAME, S, ERIX_KCTL_SELF, va, rw, NULL);
		erix_kctl(ERIX_SLOT_VSPACE, ERIX_KCTL_UNMAP_FRAME, ERIX_KCTL_SELF, va, 0, 0, NULL);
		if (i >= BENCH_WARMUP)
			samples[i - BENCH_WARMUP] = erix_rdtsc() - t;
	}
	erix_drop_local_cap(S);
	print(ERIX_MARK_BENCH_MAP_UNMAP, median(BENCH_RUNS), "instructions");
}

/* A child touching CHILD_PAGED_PAGES fresh pages, rootd its pager: each
 * write faults, rootd receives the fault and resolves it with the next
 * frame. The child times each write (fault to resumed write) and reports
 * the median. */
#define PAGER_EP     (S + 50)
#define PAGER_PROC   (S + 51)
#define PAGER_FRAMES (S + 100) /* .. + CHILD_PAGED_PAGES */

static void bench_pager(void)
{
	struct child_spec sp = {
	    .module = CHILD_MODULE_NAME,
	    .proc_slot = PAGER_PROC,
	    .report_slot = PAGER_EP,
	    .wait_slot = PAGER_EP,
	    .scratch = S + 3,
	    .cspace_slots = 16,
	    .budget = CHILD_BUDGET,
	    .prio = CHILD_PRIO,
	};
	struct erix_msg m = {0, 0, {0, 0, 0, 0}};
	uint64_t err = pc(ERIX_KCTL_CREATE_ENDPOINT, PAGER_EP, 0, 0, 0);

	for (uint64_t i = 0; !err && i < CHILD_PAGED_PAGES; i += ERIX_RETYPE_MAX_FRAMES)
		err = retype_frames(PAGER_FRAMES + i, CHILD_PAGED_PAGES - i < ERIX_RETYPE_MAX_FRAMES
		                                          ? CHILD_PAGED_PAGES - i
		                                          : ERIX_RETYPE_MAX_FRAMES);
	if (!err)
		err = (uint64_t)child_launch(&sp, CHILD_PAGED_BENCH);
	if (!err)
		err = pc(ERIX_KCTL_SET_PAGER, PAGER_PROC, CHILD_SLOT_REPORT, 0, 0);
	for (uint64_t i = 0; !err && i < CHILD_PAGED_PAGES; i++) {
		err = (uint64_t)erix_recv_msg(PAGER_EP, 0, &m);
		if (!err && (m.info & 0xff) != ERIX_MSG_FAULT)
			err = ERIX_ERR_NOT_FOUND;
		if (!err)
			err = (uint64_t)erix_kctl(ERIX_SLOT_PAGER, ERIX_KCTL_RESOLVE_FAULT,
			                          PAGER_EP, PAGER_FRAMES + i,
			                          ERIX_PROT_READ | ERIX_PROT_WRITE, 0, NULL);
	}
	if (!err)
		err = (uint64_t)erix_recv_msg(PAGER_EP, 0, &m);
	if (err)
		print(ERIX_MARK_BENCH_PAGE_FAULT, err, "error");
	else
		print(ERIX_MARK_BENCH_PAGE_FAULT, CHILD_VALUE_OF(m.w[0]), "instructions");
	pc(ERIX_KCTL_KILL_PROCESS, PAGER_PROC, 0, 0, 0);
	for (uint64_t i = 0; i < CHILD_PAGED_PAGES; i++)
		erix_drop_local_cap(PAGER_FRAMES + i);
}

/* IRQ 1 raised on demand: the keyboard controller's "write keyboard
 * output buffer" command (0xD2) makes its next data byte look like a key.
 * Each sample runs from just before the data write (the port op that
 * asserts the line) to rootd's RECV returning with the notification: the
 * port write's own round trip, the interrupt, the kernel's signal and the
 * return to the waiting thread. The port write alone is measured too, so
 * the interrupt's share is the difference. */
#define IRQ_EP (S + 60)

static void bench_irq(void)
{
	uint64_t err = pc(ERIX_KCTL_CREATE_ENDPOINT, IRQ_EP, 0, 0, 0);

	kbd_enable_irq();
	if (!err)
		err =
		    (uint64_t)erix_kctl(ERIX_SLOT_IRQD, ERIX_KCTL_IRQ_BIND, 1, IRQ_EP, 1, 0, NULL);
	for (int i = 0; !err && i < BENCH_WARMUP + BENCH_RUNS; i++) {
		uint64_t t;

		kbd_out(ERIX_IOPORT_I8042_CMD, 0xD2);
		t = erix_rdtsc();
		kbd_out(ERIX_IOPORT_I8042_DATA, 0x1E);
		err = (uint64_t)erix_recv(IRQ_EP, NULL);
		if (i >= BENCH_WARMUP)
			samples[i - BENCH_WARMUP] = erix_rdtsc() - t;
		kbd_drain();
		erix_kctl(ERIX_SLOT_IRQD, ERIX_KCTL_IRQ_ACK, 1, 0, 0, 0, NULL);
	}
	erix_kctl(ERIX_SLOT_IRQD, ERIX_KCTL_IRQ_BIND, 1, ERIX_IRQ_UNBIND, 0, 0, NULL);
	erix_drop_local_cap(IRQ_EP);
	if (err) {
		print(ERIX_MARK_BENCH_IRQ, err, "error");
		return;
	}
	print(ERIX_MARK_BENCH_IRQ, median(BENCH_RUNS), "instructions");
	/* A port op of the same shape that asserts no line ("enable the
	 * keyboard port", already on): what the figure above includes. */
	for (int i = 0; i < BENCH_WARMUP + BENCH_RUNS; i++) {
		uint64_t t = erix_rdtsc();

		kbd_out(ERIX_IOPORT_I8042_CMD, 0xAE);
		if (i >= BENCH_WARMUP)
			samples[i - BENCH_WARMUP] = erix_rdtsc() - t;
	}
	print(ERIX_MARK_BENCH_PORT_WRITE, median(BENCH_RUNS), "instructions");
}

/* The child module's image (two pages here) and a two-page stack: a
 * 16 KiB child, staged, given its report cap through a grant, started;
 * then killed. */
static void bench_stage_start_kill(void)
{
	static uint64_t kills[STAGE_RUNS];
	static struct erix_elf_image img;
	struct child_spec sp = {
	    .module = CHILD_MODULE_NAME,
	    .proc_slot = S + 1,
	    .report_slot = S + 2,
	    .cspace_slots = 16,
	    .budget = CHILD_BUDGET,
	    .prio = 1,
	    .stack_pages = 2,
	};

	if (pc(ERIX_KCTL_CREATE_ENDPOINT, S + 2, 0, 0, 0))
		return;
	for (int i = 0; i < STAGE_RUNS; i++) {
		uint64_t t = erix_rdtsc();
		int err = child_stage(&sp, &img);

		if (!err)
			err = child_install(sp.proc_slot, S + 3, CHILD_SLOT_REPORT, sp.report_slot,
			                    ERIX_RIGHT_SEND);
		if (!err)
			err = child_start(sp.proc_slot, &img, 0, CHILD_RECV);
		samples[i] = erix_rdtsc() - t;
		t = erix_rdtsc();
		pc(ERIX_KCTL_KILL_PROCESS, sp.proc_slot, 0, 0, 0);
		kills[i] = erix_rdtsc() - t;
		if (err) {
			print(ERIX_MARK_BENCH_STAGE_START, (uint64_t)err, "error");
			return;
		}
	}
	print(ERIX_MARK_BENCH_STAGE_START, median(STAGE_RUNS), "instructions");
	for (int i = 0; i < STAGE_RUNS; i++)
		samples[i] = kills[i];
	print(ERIX_MARK_BENCH_KILL, median(STAGE_RUNS), "instructions");
	erix_drop_local_cap(S + 2);
}

static void spin(uint64_t arg)
{
	(void)arg;
	for (;;)
		__asm__ volatile("");
}

/* Kernel memory one more thread costs, averaged over 512 new threads
 * (priority 1: they never run while rootd does not block). */
static void bench_thread_bytes(void)
{
	static uint8_t stack[64] __attribute__((aligned(16)));
	uint64_t before = used();
	int n = 0;

	for (; n < 512; n++)
		if (erix_spawn_thread(spin, stack, sizeof(stack), 1, 0, NULL))
			break;
	print(ERIX_MARK_BENCH_THREAD_BYTES, n ? (used() - before) / (uint64_t)n : 0, "bytes");
}

/* Endpoints live in CSpaces: hog children (1024 slots each) fill theirs
 * until their slots or budgets run out; the total alive is their sum. */
static void bench_max_endpoints(void)
{
	uint64_t total = 0;
	int kids = 0;

	if (pc(ERIX_KCTL_CREATE_ENDPOINT, S + 2, 0, 0, 0) ||
	    pc(ERIX_KCTL_CREATE_ENDPOINT, S + 4, 0, 0, 0))
		return;
	for (; kids < 16 && total < 12000; kids++) {
		struct child_spec sp = {
		    .module = CHILD_MODULE_NAME,
		    .proc_slot = S + 16 + kids,
		    .report_slot = S + 2,
		    .wait_slot = S + 4,
		    .scratch = S + 3,
		    .cspace_slots = 1024,
		    .budget = 256 * 1024,
		    .prio = 100,
		    .give_proc = 1,
		    .stack_pages = 1,
		};
		uint64_t word = 0;

		if (child_launch(&sp, CHILD_HOG) || erix_recv_word(S + 2, NULL, &word))
			break;
		total += CHILD_VALUE_OF(word) >> 8;
	}
	print(ERIX_MARK_BENCH_MAX_ENDPTS, total, "endpoints");
	for (int i = 0; i < kids; i++)
		pc(ERIX_KCTL_KILL_PROCESS, S + 16 + i, 0, 0, 0);
}

/* IPC between rootd and an ECHO child (another VSpace): the CALL +
 * REPLY_RECV round trip with register words, with one cap moved each time
 * (the server drops it again: its DROP is in the figure), and a NOTIFY
 * ping-pong. */
#define ECHO_EP  (S + 40)
#define ECHO_CAP (S + 41)
#define PONG_EP  (S + 42)
#define BUF_EP   (S + 45)

static uint64_t round_trip_words(uint64_t rdi, const uint64_t w[4])
{
	struct erix_msg m;

	for (int i = 0; i < BENCH_WARMUP + BENCH_RUNS; i++) {
		uint64_t t = erix_rdtsc();

		erix_call(rdi, 0, w, &m);
		if (i >= BENCH_WARMUP)
			samples[i - BENCH_WARMUP] = erix_rdtsc() - t;
	}
	return median(BENCH_RUNS);
}

static uint64_t round_trip(uint64_t rdi)
{
	static const uint64_t w[4] = {1, 2, 3, 4};

	return round_trip_words(rdi, w);
}

static int start_echo_on(uint64_t proc_slot, uint64_t mode, uint64_t wait)
{
	struct child_spec sp = {
	    .module = CHILD_MODULE_NAME,
	    .proc_slot = proc_slot,
	    .report_slot = S + 44,
	    .wait_slot = wait,
	    .scratch = S + 3,
	    .cspace_slots = 16,
	    .budget = CHILD_BUDGET,
	    .prio = ERIX_PRIO_ROOTD,
	    .give_proc = 1,
	};
	uint64_t word = 0;
	int err = child_launch(&sp, mode);

	if (!err)
		err = erix_recv_word(S + 44, NULL, &word);
	return err;
}

static int start_echo(uint64_t proc_slot, uint64_t mode)
{
	return start_echo_on(proc_slot, mode, ECHO_EP);
}

static void bench_ipc(void)
{
	uint64_t err = pc(ERIX_KCTL_CREATE_ENDPOINT, ECHO_EP, 0, 0, 0);

	if (!err)
		err = pc(ERIX_KCTL_CREATE_ENDPOINT, S + 44, 0, 0, 0);
	if (!err)
		err = pc(ERIX_KCTL_CREATE_ENDPOINT, ECHO_CAP, 0, 0, 0);
	if (!err)
		err = (uint64_t)start_echo(S + 5, CHILD_ECHO_DROP);
	if (err) {
		print(ERIX_MARK_BENCH_IPC_CALL, err, "error");
		return;
	}
	print(ERIX_MARK_BENCH_IPC_CALL_CAP,
	      round_trip(erix_ipc_rdi(ECHO_EP, ERIX_IPC_F_SEND_CAP1, ECHO_CAP, 0)), "instructions");
	/* The register-only figure against a server that offers no cap slot:
	 * both halves can take the fast path. */
	pc(ERIX_KCTL_KILL_PROCESS, S + 5, 0, 0, 0);
	if (start_echo(S + 5, CHILD_ECHO_PLAIN)) {
		print(ERIX_MARK_BENCH_IPC_CALL, 0, "error");
		return;
	}
	print(ERIX_MARK_BENCH_IPC_CALL, round_trip(ECHO_EP), "instructions");
}

/* CALL + REPLY_RECV with ERIX_IPC_BUFFER_WORDS buffer words each way
 * (always the general path): an ECHO_BUF child replies its buffer as it
 * came, so the figure is the kernel's checks and copies, 2 x 960 bytes. */
static void bench_ipc_buffer(void)
{
	const uint64_t w[4] = {0, ERIX_IPC_BUFFER_WORDS, 0, 0};
	const uint64_t reg[4] = {CHILD_ECHO_BUF_REGISTER, 0, 0, 0};
	struct erix_msg m = {0, 0, {0, 0, 0, 0}};
	uint64_t err = pc(ERIX_KCTL_CREATE_ENDPOINT, BUF_EP, 0, 0, 0);

	if (!err)
		err = (uint64_t)erix_set_ipc_buffer(rootd_ipc_page);
	if (!err)
		err = retype_frames(S + 8, 1);
	if (!err)
		err = (uint64_t)start_echo_on(S + 7, CHILD_ECHO_BUF, BUF_EP);
	if (!err)
		err = (uint64_t)erix_kctl(ERIX_SLOT_VSPACE, ERIX_KCTL_MAP_FRAME, S + 8, S + 7,
		                          CHILD_IPCBUF_VA, ERIX_PROT_READ | ERIX_PROT_WRITE, NULL);
	if (!err)
		err = (uint64_t)erix_call(BUF_EP, 0, reg, &m);
	if (!err)
		err = m.w[0];
	if (err) {
		print(ERIX_MARK_BENCH_IPC_CALL_BUF, err, "error");
		return;
	}
	print(ERIX_MARK_BENCH_IPC_CALL_BUF,
	      round_trip_words(BUF_EP | erix_ipc_len(ERIX_IPC_BUFFER_WORDS), w), "instructions");
	pc(ERIX_KCTL_KILL_PROCESS, S + 7, 0, 0, 0);
	erix_drop_local_cap(S + 8);
	erix_set_ipc_buffer(NULL);
}

/* rootd NOTIFYs the child's endpoint and waits on its own; the child
 * (PONG) answers each with a NOTIFY. */
static void bench_notify(void)
{
	struct child_spec sp = {
	    .module = CHILD_MODULE_NAME,
	    .proc_slot = S + 6,
	    .report_slot = PONG_EP,
	    .wait_slot = S + 43,
	    .scratch = S + 3,
	    .cspace_slots = 16,
	    .budget = CHILD_BUDGET,
	    .prio = ERIX_PRIO_ROOTD,
	};

	if (pc(ERIX_KCTL_CREATE_ENDPOINT, PONG_EP, 0, 0, 0) ||
	    pc(ERIX_KCTL_CREATE_ENDPOINT, S + 43, 0, 0, 0) || child_launch(&sp, CHILD_PONG) ||
	    erix_recv(PONG_EP, NULL)) {
		print(ERIX_MARK_BENCH_NOTIFY, 0, "error");
		return;
	}
	for (int i = 0; i < BENCH_WARMUP + BENCH_RUNS; i++) {
		uint64_t t = erix_rdtsc();

		erix_notify_word(S + 43, 1);
		erix_recv(PONG_EP, NULL);
		if (i >= BENCH_WARMUP)
			samples[i - BENCH_WARMUP] = erix_rdtsc() - t;
	}
	print(ERIX_MARK_BENCH_NOTIFY, median(BENCH_RUNS), "instructions");
	pc(ERIX_KCTL_KILL_PROCESS, S + 6, 0, 0, 0);
}

/* More than one CPU: the register-word round trip again, rootd on CPU 0
 * and an ECHO_PLAIN child bound to CPU 1 (CHILD_BIND: it calls for its
 * CPU first). One CPU, or no SET_AFFINITY: nothing printed. Fewer runs:
 * each one waits for the other CPU. */
#define CROSS_EP     (S + 46)
#define CROSS_PROC   (S + 47)
#define CROSS_REPORT (S + 48)
#define CROSS_WARMUP 20
#define CROSS_RUNS   201

static uint64_t cross_start(void)
{
	const uint64_t bind[4] = {1, CHILD_ECHO_PLAIN, 0, 0};
	struct child_spec sp = {
	    .module = CHILD_MODULE_NAME,
	    .proc_slot = CROSS_PROC,
	    .report_slot = CROSS_REPORT,
	    .wait_slot = CROSS_EP,
	    .scratch = S + 3,
	    .cspace_slots = 16,
	    .budget = CHILD_BUDGET,
	    .prio = ERIX_PRIO_ROOTD,
	    .give_proc = 1,
	};
	struct erix_msg m = {0, 0, {0, 0, 0, 0}};
	uint64_t word = 0;
	uint64_t err = pc(ERIX_KCTL_SET_AFFINITY, ERIX_KCTL_SELF, 0, 0, 0);

	if (!err)
		err = pc(ERIX_KCTL_CREATE_ENDPOINT, CROSS_EP, 0, 0, 0);
	if (!err)
		err = pc(ERIX_KCTL_CREATE_ENDPOINT, CROSS_REPORT, 0, 0, 0);
	if (!err)
		err = (uint64_t)child_launch(&sp, CHILD_BIND);
	if (!err)
		err = (uint64_t)erix_recv_msg(CROSS_REPORT, 0, &m);
	if (!err)
		err = (uint64_t)erix_reply(CROSS_REPORT, bind);
	if (!err)
		err = (uint64_t)erix_recv_word(CROSS_REPORT, NULL, &word);
	if (!err && word != CHILD_REPORTED)
		err = 0xF000 | CHILD_VALUE_OF(word);
	return err;
}

static void bench_ipc_cross(void)
{
	static const uint64_t w[4] = {1, 2, 3, 4};
	uint64_t out[4] = {0, 0, 0, 0}, err;
	struct erix_msg m;

	if (erix_kctl(ERIX_SLOT_PROCESS_CONTROL, ERIX_KCTL_SET_AFFINITY, ERIX_KCTL_SELF,
	              ERIX_AFFINITY_QUERY, 0, 0, out) ||
	    out[0] < 2)
		return;
	err = cross_start();
	for (int i = 0; !err && i < CROSS_WARMUP + CROSS_RUNS; i++) {
		uint64_t t = erix_rdtsc();

		err = (uint64_t)erix_call(CROSS_EP, 0, w, &m);
		if (i >= CROSS_WARMUP)
			samples[i - CROSS_WARMUP] = erix_rdtsc() - t;
	}
	if (err)
		print(ERIX_MARK_BENCH_IPC_CROSS, err, "error");
	else
		print(ERIX_MARK_BENCH_IPC_CROSS, median(CROSS_RUNS), "instructions");
	pc(ERIX_KCTL_KILL_PROCESS, CROSS_PROC, 0, 0, 0);
	erix_drop_local_cap(CROSS_EP);
	erix_drop_local_cap(CROSS_REPORT);
}

/* Started children, each blocked in RECV, until the budget runs out; the
 * IPC round trip again while they are all alive. */
static void bench_max_processes(void)
{
	const uint64_t first = 1024, max = 1100; /* slots 1024..2123: below 2128 */
	uint64_t n = 0;
	int err = ERIX_OK;

	for (; n < max; n++) {
		struct child_spec sp = {
		    .module = CHILD_MODULE_NAME,
		    .proc_slot = first + n,
		    .report_slot = S + 2,
		    .wait_slot = S + 4,
		    .scratch = S + 3,
		    .cspace_slots = 8,
		    .budget = 48 * 1024, /* 44 KiB, and the user PML4 of KPTI */
		    .prio = 1,
		    .stack_pages = 1,
		    .stack_top = 0x600000, /* under the image's page table */
		};

		err = child_launch(&sp, CHILD_RECV);
		if (err)
			break;
	}
	if (!n)
		print(ERIX_MARK_BENCH_MAX_PROCS, (uint64_t)err, "error");
	print(ERIX_MARK_BENCH_MAX_PROCS, n, "processes");
	print(ERIX_MARK_BENCH_IPC_CALL_MANY, round_trip(ECHO_EP), "instructions");
	for (uint64_t i = 0; i < n; i++)
		pc(ERIX_KCTL_KILL_PROCESS, first + i, 0, 0, 0);
}

/* Last: these threads are never taken back. */
static void bench_max_threads(void)
{
	static uint8_t stack[64] __attribute__((aligned(16)));
	uint64_t n = 512; /* bench_thread_bytes made these */

	while (n < 200000 && !erix_spawn_thread(spin, stack, sizeof(stack), 1, 0, NULL))
		n++;
	print(ERIX_MARK_BENCH_MAX_THREADS, n + 1, "threads"); /* + rootd's own */
}

void run_bench(void)
{
	bench_null();
	bench_query_cap();
	bench_copy_drop();
	bench_map_unmap();
	bench_pager();
	bench_irq();
	bench_stage_start_kill();
	bench_ipc();
	bench_ipc_buffer();
	bench_notify();
	bench_ipc_cross();
	bench_max_endpoints();
	bench_max_processes();
	bench_thread_bytes();
	bench_max_threads();
}
