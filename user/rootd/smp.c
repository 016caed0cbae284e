/* ROOTD_TEST=smp: user threads on every CPU. SET_AFFINITY positive and
 * negative, IPC between CPUs (register words, one cap), the SMP hammer
 * (an IPC ring across CPUs, lower-priority yielders, and map/unmap under a
 * reader on another CPU that would see a missing TLB shootdown), and a
 * child killed while it runs on another CPU. Rootd's main thread stays on
 * CPU 0. One FAIL line per failed check, PASS at the end when none did. */
#include "child.h"

#include "rootd.h"

#define S           ROOTD_SLOT_SCRATCH
#define EP_WHERE    (S + 0)  /* the where-server: replies with its CPU */
#define EP_SRV      (S + 1)  /* the cross-CPU IPC server */
#define EP_CAP      (S + 2)  /* the cap the one-cap calls carry */
#define SRV_GOT     (S + 3)  /* where the server receives it */
#define EP_PARK     (S + 4)  /* finished threads wait here for ever */
#define EP_SLEEP    (S + 5)  /* nobody receives: a timed CALL sleeps */
#define EP_NOTE     (S + 6)  /* the cross-CPU notification waiter's */
#define EP_RING     (S + 8)  /* + i: ring server i's endpoint */
#define FRAMES      (S + 40) /* the TLB test's two frames */
#define K_PROC      (S + 60)
#define K_REPORT    (S + 61)
#define K_WAIT      (S + 62)
#define K_GRANT     (S + 63)
#define MAX_CPUS    16
#define LINE        200
#define STACK       4096
#define PRIO        ERIX_PRIO_ROOTD
#define PRIO_LOW    64
/* Bounds: iterations, not wall time (the waits below end a stuck test). */
#define IPC_CALLS   2000
#define IPC_CAPS    500
#define NOTES       200
#define NOTE_SPINS  20000000 /* pauses rootd waits for the waiter to see one */
#define RING_CALLS  600
#define TLB_ROUNDS  300
#define YIELDS      2000
#define SPIN_LIMIT  2000000 /* yields rootd waits for the reader's ack */
#define WAIT_TICKS  6000    /* ticks rootd waits for the hammer to end */
#define TLB_VA      0x31000000ull
#define CHECK_EVERY 64 /* the server re-checks its CPU every this many calls */

static unsigned checks, failed;

static void check(const char *name, uint64_t got, uint64_t want)
{
	char line[LINE], *p = line;

	checks++;
	if (got == want)
		return;
	failed++;
	p = erix_str_append(p, ERIX_MARK_SMP_TEST_FAIL " name=");
	p = erix_str_append(p, name);
	p = erix_str_append(p, " got=");
	p = erix_u64_append(p, got);
	p = erix_str_append(p, " want=");
	erix_u64_append(p, want);
	erix_log(line);
}

static uint64_t pc(uint64_t op, uint64_t w1, uint64_t w2, uint64_t w3, uint64_t w4, uint64_t out[4])
{
	return (uint64_t)erix_kctl(ERIX_SLOT_PROCESS_CONTROL, op, w1, w2, w3, w4, out);
}

/* SET_AFFINITY; out (may be NULL) gets CPUs online and the CPU before. */
static uint64_t aff(uint64_t tid, uint64_t cpu, uint64_t out[4])
{
	uint64_t scratch[4];

	return pc(ERIX_KCTL_SET_AFFINITY, tid, cpu, 0, 0, out ? out : scratch);
}

/* The CPU a thread is on now (~0 if the query fails). */
static uint64_t cpu_of(uint64_t tid)
{
	uint64_t out[4] = {0, ~0ull, 0, 0};

	return aff(tid, ERIX_AFFINITY_QUERY, out) ? ~0ull : out[1];
}

static uint64_t kmem_used(void)
{
	uint64_t out[4] = {~0ull, 0, ~0ull, 0};

	pc(ERIX_KCTL_READ_KERNEL_MEMORY, ERIX_KCTL_SELF, 0, 0, 0, out);
	return out[0];
}

static uint64_t threads_now(void)
{
	uint64_t out[4] = {~0ull, 0, ~0ull, 0};

	pc(ERIX_KCTL_READ_KERNEL_MEMORY, ERIX_KCTL_SELF, 0, 0, 0, out);
	return out[2];
}

static uint64_t threads_of_child(void)
{
	uint64_t out[4] = {~0ull, 0, ~0ull, 0};

	pc(ERIX_KCTL_READ_KERNEL_MEMORY, K_PROC, 0, 0, 0, out);
	return out[2];
}

static __attribute__((noreturn)) void park(void)
{
	for (;;)
		erix_recv(EP_PARK, NULL);
}

/* One scheduler tick asleep: a timed CALL nobody answers. */
static void sleep_tick(void)
{
	static const uint64_t none[4] = {0, 0, 0, 0};

	erix_call(erix_ipc_rdi(EP_SLEEP, ERIX_IPC_F_TIMED, 0, 0), 1, none, NULL);
}

/* Threads: a static stack each, never taken back (threads do not end). */
static uint8_t stacks[2 * MAX_CPUS + 8][STACK] __attribute__((aligned(16)));
static unsigned stacks_used;

static uint64_t spawn(void (*entry)(uint64_t), uint64_t prio, uint64_t arg, uint64_t *tid)
{
	if (stacks_used >= sizeof(stacks) / sizeof(stacks[0]))
		return ERIX_ERR_NO_MEMORY;
	return (uint64_t)erix_spawn_thread(entry, stacks[stacks_used++], STACK, prio, arg, tid);
}

/* ------------------------------------------------------ SET_AFFINITY */

/* Answers each CALL with its own CPU, the query's status, the caller's
 * thread id (from the badge) and w0 + 1. */
static void where_server(uint64_t slot)
{
	struct erix_msg m = {0, 0, {0, 0, 0, 0}};
	int err = erix_recv_msg(slot, 0, &m);

	for (;;) {
		uint64_t out[4] = {0, ~0ull, 0, 0};
		uint64_t e = aff(ERIX_KCTL_SELF, ERIX_AFFINITY_QUERY, out);
		uint64_t w[4] = {out[1], e | (err ? 0x100 : 0), m.badge & 0xffffffffu, m.w[0] + 1};

		err = erix_reply_recv(slot, 0, w, &m);
	}
}

static uint64_t where_tid;

/* Where the where-server says it runs (~0 on a failed call). */
static uint64_t ask_where(uint64_t cookie, struct erix_msg *r)
{
	const uint64_t w[4] = {cookie, 0, 0, 0};

	if (erix_call(EP_WHERE, 0, w, r) || r->w[1] || r->w[3] != cookie + 1)
		return ~0ull;
	return r->w[0];
}

/* The where-server moved to every CPU in turn (up, then down again): each
 * move reports the CPU before, and the thread itself then runs there. */
static void bind_other_cases(uint64_t n)
{
	struct erix_msg r;
	uint64_t out[4], prev = cpu_of(where_tid);

	check("aff_query_thread_below_online", prev < n, 1);
	for (uint64_t i = 0; i < 2 * n; i++) {
		uint64_t cpu = i < n ? i : 2 * n - 1 - i;

		check("aff_bind_thread", aff(where_tid, cpu, out), ERIX_OK);
		check("aff_bind_thread_online", out[0], n);
		check("aff_bind_thread_cpu_before", out[1], prev);
		check("aff_bound_thread_runs_there", ask_where(100 + i, &r), cpu);
		check("aff_bound_thread_query", cpu_of(where_tid), cpu);
		prev = cpu;
	}
	/* Left on the last CPU for the cases below. */
	check("aff_bind_thread_last", aff(where_tid, n - 1, out), ERIX_OK);
}

/* A CPU at or past the CPUs online is RANGE and moves nothing. */
static void range_cases(uint64_t n)
{
	const uint64_t bad[] = {n, n + 1, n + 1000, 1ull << 32, ERIX_AFFINITY_QUERY - 1};
	struct erix_msg r;

	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		check("aff_cpu_past_online", aff(where_tid, bad[i], NULL), ERIX_ERR_RANGE);
		check("aff_self_cpu_past_online", aff(ERIX_KCTL_SELF, bad[i], NULL),
		      ERIX_ERR_RANGE);
	}
	check("aff_range_left_thread", cpu_of(where_tid), n - 1);
	check("aff_range_left_thread_running", ask_where(7, &r), n - 1);
	check("aff_range_left_self", cpu_of(ERIX_KCTL_SELF), 0);
}

/* Thread ids that are no live thread of rootd: NOT_FOUND, nothing moved.
 * (A live thread of another process: kill_cases.) */
static void tid_cases(uint64_t n)
{
	static const uint64_t bogus[] = {0, 0x7FFFFFF0, 0xFFFFFFFF, 1ull << 40};
	uint64_t before = kmem_used();

	for (unsigned i = 0; i < sizeof(bogus) / sizeof(bogus[0]); i++) {
		check("aff_bogus_tid", aff(bogus[i], 0, NULL), ERIX_ERR_NOT_FOUND);
		check("aff_bogus_tid_query", aff(bogus[i], ERIX_AFFINITY_QUERY, NULL),
		      ERIX_ERR_NOT_FOUND);
	}
	/* The live thread's id with bits above the 32 a thread id has. */
	check("aff_tid_high_bits", aff(where_tid | 1ull << 32, 0, NULL), ERIX_ERR_NOT_FOUND);
	check("aff_tid_cases_left_thread", cpu_of(where_tid), n - 1);
	check("aff_tid_cases_no_memory", kmem_used(), before);
}

/* rootd binds itself: the call returns on the new CPU (the reply's w1 is
 * the one it left), down from the last CPU to CPU 0; its own thread id
 * (as the where-server's badge shows it) names it as SELF does. */
static void bind_self_cases(uint64_t n)
{
	struct erix_msg r = {0, 0, {0, 0, 0, 0}};
	uint64_t out[4], prev = 0, me;

	for (uint64_t k = n; k-- > 0;) {
		check("aff_bind_self", aff(ERIX_KCTL_SELF, k, out), ERIX_OK);
		check("aff_bind_self_cpu_before", out[1], prev);
		check("aff_bind_self_query", cpu_of(ERIX_KCTL_SELF), k);
		prev = k;
	}
	ask_where(9, &r);
	me = r.w[2];
	check("aff_own_tid_query", cpu_of(me), 0);
	check("aff_own_tid_bind", aff(me, 0, out), ERIX_OK);
	check("aff_own_tid_cpu_before", out[1], 0);
}

static void affinity_cases(uint64_t n)
{
	check("aff_where_endpoint", pc(ERIX_KCTL_CREATE_ENDPOINT, EP_WHERE, 0, 0, 0, NULL),
	      ERIX_OK);
	check("aff_spawn_where", spawn(where_server, PRIO, EP_WHERE, &where_tid), ERIX_OK);
	bind_other_cases(n);
	range_cases(n);
	tid_cases(n);
	bind_self_cases(n);
}

/* ---------------------------------------------------- cross-CPU IPC */

/* The server: binds itself to CPU arg, then answers each CALL with every
 * word + 1, w3 + 0x100 per cap received (dropped again at once). */
static volatile uint64_t srv_bind_err = ~0ull, srv_wrong_cpu, srv_drop_err, srv_served;

static void ipc_server(uint64_t cpu)
{
	const uint64_t rdi = erix_ipc_rdi(EP_SRV, ERIX_IPC_F_RECV_CAP1, 0, 0);
	const uint64_t rsi = erix_ipc_rsi(0, SRV_GOT, 0);
	struct erix_msg m = {0, 0, {0, 0, 0, 0}};
	int err;

	srv_bind_err = aff(ERIX_KCTL_SELF, cpu, NULL);
	err = erix_recv_msg(rdi, rsi, &m);
	for (;;) {
		uint64_t caps = (m.info >> 8) & 0xff;
		uint64_t w[4] = {m.w[0] + 1, m.w[1] + 1, m.w[2] + 1, m.w[3] + 1 + 0x100 * caps};

		if (err)
			w[0] = 0xE000 | (uint64_t)err;
		if (caps && erix_drop_local_cap(SRV_GOT))
			srv_drop_err++;
		if (++srv_served % CHECK_EVERY == 0 && cpu_of(ERIX_KCTL_SELF) != cpu)
			srv_wrong_cpu++;
		err = erix_reply_recv(rdi, rsi, w, &m);
	}
}

/* n calls from CPU 0; every reply word checked. Returns the bad ones. */
static uint64_t calls(uint64_t n, int with_cap)
{
	const uint64_t rdi =
	    with_cap ? erix_ipc_rdi(EP_SRV, ERIX_IPC_F_SEND_CAP1, EP_CAP, 0) : EP_SRV;
	uint64_t bad = 0;

	for (uint64_t i = 0; i < n; i++) {
		const uint64_t w[4] = {i, i * 3 + 1, ~i, i ^ 0x5A5A5A5Aull};
		struct erix_msg r = {0, 0, {0, 0, 0, 0}};
		int err = erix_call(rdi, 0, w, &r);

		if (err || r.w[0] != w[0] + 1 || r.w[1] != w[1] + 1 || r.w[2] != w[2] + 1 ||
		    r.w[3] != w[3] + 1 + (with_cap ? 0x100 : 0))
			bad++;
	}
	return bad;
}

static void cross_ipc_cases(uint64_t n)
{
	const uint64_t srv_cpu = 1 % n;
	struct erix_cap_info info = {0, 0, 0};
	uint64_t tid = 0, before;

	check("ipc_endpoint", pc(ERIX_KCTL_CREATE_ENDPOINT, EP_SRV, 0, 0, 0, NULL), ERIX_OK);
	check("ipc_cap_endpoint", pc(ERIX_KCTL_CREATE_ENDPOINT, EP_CAP, 0, 0, 0, NULL), ERIX_OK);
	check("ipc_spawn_server", spawn(ipc_server, PRIO, srv_cpu, &tid), ERIX_OK);
	check("ipc_client_on_cpu0", cpu_of(ERIX_KCTL_SELF), 0);
	check("ipc_words_bad_replies", calls(IPC_CALLS, 0), 0);
	check("ipc_server_bound", srv_bind_err, ERIX_OK);
	check("ipc_server_on_cpu1", cpu_of(tid), srv_cpu);
	before = kmem_used();
	check("ipc_one_cap_bad_replies", calls(IPC_CAPS, 1), 0);
	check("ipc_one_cap_no_memory_kept", kmem_used(), before);
	check("ipc_one_cap_sender_keeps_cap", erix_query_local_cap(EP_CAP, &info), ERIX_OK);
	check("ipc_one_cap_sender_keeps_endpoint", info.type, ERIX_CAP_ENDPOINT);
	check("ipc_server_got_slot_empty", erix_drop_local_cap(SRV_GOT), ERIX_ERR_EMPTY_SLOT);
	check("ipc_server_drops", srv_drop_err, 0);
	check("ipc_server_served", srv_served, IPC_CALLS + IPC_CAPS);
	check("ipc_server_stayed_on_cpu1", srv_wrong_cpu, 0);
	check("ipc_client_still_on_cpu0", cpu_of(ERIX_KCTL_SELF), 0);
}

/* ------------------------------------------- notifications across CPUs */

/* A NOTIFY from CPU 0 to a thread waiting in RECV on CPU 1 takes the path
 * a device interrupt's notification takes (the receiver made ready on its
 * own CPU, that CPU kicked): each one must arrive, as a notification with
 * its word, on the waiter's CPU. */
static volatile uint64_t note_seen, note_bad, note_bind_err = ~0ull;

static void note_waiter(uint64_t cpu)
{
	struct erix_msg m = {0, 0, {0, 0, 0, 0}};

	note_bind_err = aff(ERIX_KCTL_SELF, cpu, NULL);
	for (uint64_t i = 0;; i++) {
		int err = erix_recv_msg(EP_NOTE, 0, &m);

		if (err || (m.info & 0xff) != ERIX_MSG_NOTIFY || m.w[0] != (i | 1ull << 40) ||
		    cpu_of(ERIX_KCTL_SELF) != cpu)
			note_bad++;
		__atomic_store_n(&note_seen, i + 1, __ATOMIC_RELEASE);
	}
}

static void notify_cases(uint64_t n)
{
	const uint64_t cpu = 1 % n;
	uint64_t tid = 0, i, late = 0;

	check("note_endpoint", pc(ERIX_KCTL_CREATE_ENDPOINT, EP_NOTE, 0, 0, 0, NULL), ERIX_OK);
	check("note_spawn_waiter", spawn(note_waiter, PRIO, cpu, &tid), ERIX_OK);
	for (i = 0; i < NOTES && !late; i++) {
		uint64_t spins = 0;

		check("note_notify", (uint64_t)erix_notify_word(EP_NOTE, i | 1ull << 40), ERIX_OK);
		while (__atomic_load_n(&note_seen, __ATOMIC_ACQUIRE) != i + 1 &&
		       spins++ < NOTE_SPINS)
			__asm__ volatile("pause");
		late = spins >= NOTE_SPINS;
	}
	check("note_waiter_bound", note_bind_err, ERIX_OK);
	check("note_waiter_on_cpu1", cpu_of(tid), cpu);
	check("note_all_arrived", note_seen, NOTES);
	check("note_words_and_cpu", note_bad, 0);
}

/* ------------------------------------------------------- the hammer */

/* The ring: CPUs other than the TLB reader's (CPU 1), each with a server
 * and a client calling the next one's server; a lower-priority yielder
 * on every CPU, which runs only while its CPU's other threads block. */
struct ring_cpu {
	uint64_t cpu, next, bind_err, ok, bad, served, tid_srv, tid_cli;
};
static struct ring_cpu ring[MAX_CPUS];
static uint64_t ring_cpus;
static volatile uint64_t hammer_done, yields_done, yielder_bind_err;

static void ring_server(uint64_t i)
{
	struct erix_msg m = {0, 0, {0, 0, 0, 0}};
	int err;

	if (aff(ERIX_KCTL_SELF, ring[i].cpu, NULL))
		__atomic_fetch_add(&ring[i].bind_err, 1, __ATOMIC_RELAXED);
	err = erix_recv_msg(EP_RING + i, 0, &m);
	for (;;) {
		uint64_t w[4] = {m.w[0] + 1, m.w[1] + 1, m.w[2] + 1, m.w[3] + 1};

		if (err)
			w[0] = 0xE000 | (uint64_t)err;
		ring[i].served++;
		err = erix_reply_recv(EP_RING + i, 0, w, &m);
	}
}

static void ring_client(uint64_t i)
{
	if (aff(ERIX_KCTL_SELF, ring[i].cpu, NULL))
		__atomic_fetch_add(&ring[i].bind_err, 1, __ATOMIC_RELAXED);
	for (uint64_t k = 0; k < RING_CALLS; k++) {
		const uint64_t w[4] = {k, i, ~k, k << 20 | i};
		struct erix_msg r = {0, 0, {0, 0, 0, 0}};
		int err = erix_call(EP_RING + ring[i].next, 0, w, &r);

		if (!err && r.w[0] == w[0] + 1 && r.w[1] == w[1] + 1 && r.w[2] == w[2] + 1 &&
		    r.w[3] == w[3] + 1)
			ring[i].ok++;
		else
			ring[i].bad++;
		if (k % 8 == 7)
			erix_yield();
	}
	__atomic_fetch_add(&hammer_done, 1, __ATOMIC_RELEASE);
	park();
}

static void yielder(uint64_t cpu)
{
	if (aff(ERIX_KCTL_SELF, cpu, NULL))
		__atomic_fetch_add(&yielder_bind_err, 1, __ATOMIC_RELAXED);
	for (int k = 0; k < YIELDS; k++) {
		erix_yield();
		__atomic_fetch_add(&yields_done, 1, __ATOMIC_RELAXED);
	}
	__atomic_fetch_add(&hammer_done, 1, __ATOMIC_RELEASE);
	park();
}

/* The TLB pair. Round r: rootd (CPU 0) maps frame r & 1 at TLB_VA,
 * writes r there, publishes r; the reader (CPU 1) reads TLB_VA once and
 * acks. rootd then unmaps it and maps the other frame. The reader makes
 * no syscall between two reads (a kernel entry may flush its TLB), so its
 * TLB still holds round r's translation when round r + 1 begins: only the
 * shootdown of rootd's unmap removes it, else it reads r again. */
static volatile uint64_t tlb_phase, tlb_ack, tlb_stale, tlb_reader_bind;
static volatile uint64_t tlb_first_stale_round, tlb_first_stale_got;

static void tlb_reader(uint64_t cpu)
{
	tlb_reader_bind = aff(ERIX_KCTL_SELF, cpu, NULL);
	for (uint64_t r = 1; r <= TLB_ROUNDS; r++) {
		uint64_t v;

		while (tlb_phase != r)
			__asm__ volatile("pause" ::: "memory");
		v = *(volatile uint64_t *)TLB_VA;
		if (v != r && !tlb_stale++) {
			tlb_first_stale_round = r;
			tlb_first_stale_got = v;
		}
		__atomic_store_n(&tlb_ack, r, __ATOMIC_RELEASE);
	}
	__atomic_fetch_add(&hammer_done, 1, __ATOMIC_RELEASE);
	park();
}

static uint64_t vspace(uint64_t op, uint64_t w1, uint64_t w2, uint64_t w3, uint64_t w4)
{
	return (uint64_t)erix_kctl(ERIX_SLOT_VSPACE, op, w1, w2, w3, w4, NULL);
}

/* Two frames from the first RAM untyped that has them. */
static uint64_t retype_frames(void)
{
	for (uint64_t s = ERIX_SLOT_UNTYPED_BASE; s < ERIX_ROOT_CSPACE_SLOTS; s++) {
		struct erix_cap_info info = {0, 0, 0};

		erix_query_local_cap(s, &info);
		if (info.type == ERIX_CAP_UNTYPED &&
		    erix_kctl(ERIX_SLOT_MEMORY, ERIX_KCTL_RETYPE_UNTYPED_TO_FRAME, s, FRAMES, 2,
		              ERIX_PAGE_SHIFT, NULL) == ERIX_OK)
			return ERIX_OK;
	}
	return ERIX_ERR_NO_MEMORY;
}

/* rootd's half of the TLB pair; returns the rounds completed. */
static uint64_t tlb_rounds(void)
{
	const uint64_t rw = ERIX_PROT_READ | ERIX_PROT_WRITE;
	uint64_t map_err = 0, r = 1;

	for (; r <= TLB_ROUNDS; r++) {
		uint64_t spins = 0;

		map_err |=
		    vspace(ERIX_KCTL_MAP_FRAME, FRAMES + (r & 1), ERIX_KCTL_SELF, TLB_VA, rw);
		if (map_err)
			break;
		*(volatile uint64_t *)TLB_VA = r;
		__atomic_store_n(&tlb_phase, r, __ATOMIC_RELEASE);
		while (__atomic_load_n(&tlb_ack, __ATOMIC_ACQUIRE) != r && spins++ < SPIN_LIMIT)
			erix_yield();
		map_err |= vspace(ERIX_KCTL_UNMAP_FRAME, ERIX_KCTL_SELF, TLB_VA, 0, 0);
		if (spins >= SPIN_LIMIT || map_err)
			break;
	}
	check("hammer_tlb_map_unmap", map_err, ERIX_OK);
	return r - 1;
}

static void hammer_log(uint64_t n, uint64_t ring_calls, uint64_t rounds)
{
	char line[LINE], *p = line;

	p = erix_str_append(p, ERIX_MARK_SMP_TEST_HAMMER " cpus=");
	p = erix_u64_append(p, n);
	p = erix_str_append(p, " ring_calls=");
	p = erix_u64_append(p, ring_calls);
	p = erix_str_append(p, " tlb_rounds=");
	p = erix_u64_append(p, rounds);
	p = erix_str_append(p, " yields=");
	erix_u64_append(p, yields_done);
	erix_log(line);
}

/* A hammer thread spawned (on rootd's CPU) and moved to its own CPU at
 * once, before it first runs: a yielder would otherwise wait on CPU 0 for
 * rootd to block. The thread binds itself again when it starts (the same
 * CPU: a no-op move). */
static void spawn_on(void (*entry)(uint64_t), uint64_t prio, uint64_t arg, uint64_t cpu,
                     uint64_t *tid)
{
	check("hammer_spawn", spawn(entry, prio, arg, tid), ERIX_OK);
	check("hammer_bind_by_tid", aff(*tid, cpu, NULL), ERIX_OK);
}

/* Spawns the ring (CPUs except 1; at least two of them, else no ring),
 * a yielder per CPU and the TLB reader. Returns the threads that report
 * done. */
static uint64_t hammer_spawn(uint64_t n)
{
	uint64_t tid, threads = 0;

	for (uint64_t c = 0; c < n && c < MAX_CPUS; c++)
		if (c != 1)
			ring[ring_cpus++].cpu = c;
	if (ring_cpus < 2)
		ring_cpus = 0;
	for (uint64_t i = 0; i < ring_cpus; i++) {
		ring[i].next = (i + 1) % ring_cpus;
		check("hammer_ring_endpoint",
		      pc(ERIX_KCTL_CREATE_ENDPOINT, EP_RING + i, 0, 0, 0, NULL), ERIX_OK);
		spawn_on(ring_server, PRIO, i, ring[i].cpu, &ring[i].tid_srv);
	}
	for (uint64_t i = 0; i < ring_cpus; i++, threads++)
		spawn_on(ring_client, PRIO, i, ring[i].cpu, &ring[i].tid_cli);
	for (uint64_t c = 0; c < n && c < MAX_CPUS; c++, threads++)
		spawn_on(yielder, PRIO_LOW, c, c, &tid);
	spawn_on(tlb_reader, PRIO, 1, 1, &tid);
	return threads + 1;
}

static void hammer_checks(uint64_t n, uint64_t rounds)
{
	uint64_t ok = 0, bad = 0, served = 0, bind = 0;

	for (uint64_t i = 0; i < ring_cpus; i++) {
		ok += ring[i].ok;
		bad += ring[i].bad;
		served += ring[i].served;
		bind += ring[i].bind_err;
		check("hammer_ring_server_on_its_cpu", cpu_of(ring[i].tid_srv), ring[i].cpu);
		check("hammer_ring_client_on_its_cpu", cpu_of(ring[i].tid_cli), ring[i].cpu);
	}
	check("hammer_ring_bind", bind, 0);
	check("hammer_ring_every_reply_right", bad, 0);
	check("hammer_ring_calls", ok, ring_cpus * RING_CALLS);
	check("hammer_ring_served", served, ring_cpus * RING_CALLS);
	check("hammer_yielder_bind", yielder_bind_err, 0);
	check("hammer_yields", yields_done, n * YIELDS);
	check("hammer_tlb_reader_bind", tlb_reader_bind, ERIX_OK);
	check("hammer_tlb_rounds", rounds, TLB_ROUNDS);
	check("hammer_tlb_reader_acked", tlb_ack, TLB_ROUNDS);
	check("hammer_tlb_no_stale_read", tlb_stale, 0);
	if (tlb_stale) /* got: what the first stale read saw; want: its round */
		check("hammer_tlb_first_stale_read", tlb_first_stale_got, tlb_first_stale_round);
	hammer_log(n, ok, rounds);
}

static void hammer(uint64_t n)
{
	const uint64_t rw = ERIX_PROT_READ | ERIX_PROT_WRITE;
	uint64_t expected, before, threads, rounds, ticks = 0;

	check("hammer_frames", retype_frames(), ERIX_OK);
	/* The page tables for TLB_VA are made now, so the totals below
	 * compare like with like. */
	check("hammer_warm_map", vspace(ERIX_KCTL_MAP_FRAME, FRAMES, ERIX_KCTL_SELF, TLB_VA, rw),
	      ERIX_OK);
	check("hammer_warm_unmap", vspace(ERIX_KCTL_UNMAP_FRAME, ERIX_KCTL_SELF, TLB_VA, 0, 0),
	      ERIX_OK);
	expected = hammer_spawn(n);
	before = kmem_used();
	threads = threads_now();
	rounds = tlb_rounds();
	while (__atomic_load_n(&hammer_done, __ATOMIC_ACQUIRE) < expected && ticks++ < WAIT_TICKS)
		sleep_tick();
	check("hammer_threads_done", hammer_done, expected);
	hammer_checks(n, rounds);
	check("hammer_kernel_memory_back", kmem_used(), before);
	check("hammer_threads_alive", threads_now(), threads);
	for (int i = 0; i < 2; i++)
		erix_drop_local_cap(FRAMES + i);
}

/* ------------------------------------------------------ remote kill */

/* A test child bound (CHILD_BIND) to CPU `cpu`, running `mode` there,
 * killed from CPU 0: every byte back, its thread gone, and the CPU it ran
 * on still answers (the where-server is moved there and called). The
 * first one also checks that a live thread of another process is
 * NOT_FOUND to rootd's SET_AFFINITY. */
static void kill_one(uint64_t cpu, uint64_t mode, int foreign_checks)
{
	struct child_spec sp = {
	    .module = CHILD_MODULE_NAME,
	    .proc_slot = K_PROC,
	    .report_slot = K_REPORT,
	    .wait_slot = K_WAIT,
	    .scratch = K_GRANT,
	    .cspace_slots = 16,
	    .budget = CHILD_BUDGET,
	    .prio = CHILD_PRIO,
	    .give_proc = 1,
	};
	struct erix_msg m = {0, 0, {0, 0, 0, 0}};
	uint64_t before = kmem_used(), tid, word = 0;
	const uint64_t reply[4] = {cpu, mode, 0, 0};

	check("kill_child_launch", (uint64_t)child_launch(&sp, CHILD_BIND), ERIX_OK);
	check("kill_child_calls", (uint64_t)erix_recv_msg(K_REPORT, 0, &m), ERIX_OK);
	check("kill_child_call_word", m.w[0], CHILD_BIND);
	check("kill_child_badge_pid", m.badge >> 32, child_last_pid);
	tid = m.badge & 0xffffffffu;
	if (foreign_checks) {
		check("aff_foreign_tid", aff(tid, 0, NULL), ERIX_ERR_NOT_FOUND);
		check("aff_foreign_tid_query", aff(tid, ERIX_AFFINITY_QUERY, NULL),
		      ERIX_ERR_NOT_FOUND);
	}
	check("kill_child_reply", (uint64_t)erix_reply(K_REPORT, reply), ERIX_OK);
	check("kill_child_bound", (uint64_t)erix_recv_word(K_REPORT, NULL, &word), ERIX_OK);
	check("kill_child_bound_report", word, CHILD_REPORTED);
	for (int i = 0; i < 8; i++)
		erix_yield();
	check("kill_child_alive", threads_of_child(), 1);
	check("kill_remote", pc(ERIX_KCTL_KILL_PROCESS, K_PROC, 0, 0, 0, NULL), ERIX_OK);
	check("kill_remote_every_byte_back", kmem_used(), before);
	check("kill_remote_tid_gone", aff(tid, ERIX_AFFINITY_QUERY, NULL), ERIX_ERR_NOT_FOUND);
	check("kill_remote_cpu_answers_bind", aff(where_tid, cpu, NULL), ERIX_OK);
	check("kill_remote_cpu_answers", ask_where(cpu, &m), cpu);
}

static void kill_cases(uint64_t n)
{
	check("kill_report_endpoint", pc(ERIX_KCTL_CREATE_ENDPOINT, K_REPORT, 0, 0, 0, NULL),
	      ERIX_OK);
	check("kill_wait_endpoint", pc(ERIX_KCTL_CREATE_ENDPOINT, K_WAIT, 0, 0, 0, NULL), ERIX_OK);
	kill_one(n - 1, CHILD_SPIN, 1);
	kill_one(1, CHILD_SPIN, 0);
	kill_one(n - 1, CHILD_RECV, 0);
}

/* ------------------------------------------------------------ entry */

static uint64_t now_ms(void)
{
	uint64_t out[4] = {0, 0, 0, 0};

	erix_kctl(ERIX_SLOT_TIMED, ERIX_KCTL_READ_MONOTONIC_CLOCK, 0, 0, 0, 0, out);
	return out[0] / 1000000;
}

/* A plain log line per part (no marker): where the time went. */
static void part(const char *name, void (*run)(uint64_t), uint64_t n)
{
	char line[LINE], *p = line;
	uint64_t t = now_ms();
	unsigned before = failed;

	run(n);
	p = erix_str_append(p, "smp: part=");
	p = erix_str_append(p, name);
	p = erix_str_append(p, " ms=");
	p = erix_u64_append(p, now_ms() - t);
	p = erix_str_append(p, " failed=");
	erix_u64_append(p, failed - before);
	erix_log(line);
}

static void cpus_line(uint64_t n, uint64_t cpu)
{
	char line[LINE], *p = line;

	p = erix_str_append(p, ERIX_MARK_SMP_TEST_CPUS " cpus=");
	p = erix_u64_append(p, n);
	p = erix_str_append(p, " rootd_cpu=");
	erix_u64_append(p, cpu);
	erix_log(line);
}

void run_smp_test(void)
{
	uint64_t out[4] = {0, ~0ull, 0, 0}, n;

	check("aff_query_self", aff(ERIX_KCTL_SELF, ERIX_AFFINITY_QUERY, out), ERIX_OK);
	n = out[0];
	cpus_line(n, out[1]);
	check("aff_query_self_cpu_below_online", out[1] < n, 1);
	check("smp_two_cpus_at_least", n >= 2 && n <= MAX_CPUS, 1);
	if (!failed) {
		check("aff_pin_self_cpu0", aff(ERIX_KCTL_SELF, 0, out), ERIX_OK);
		check("aff_pin_self_online", out[0], n);
		check("smp_sleep_endpoint", pc(ERIX_KCTL_CREATE_ENDPOINT, EP_SLEEP, 0, 0, 0, NULL),
		      ERIX_OK);
		check("smp_park_endpoint", pc(ERIX_KCTL_CREATE_ENDPOINT, EP_PARK, 0, 0, 0, NULL),
		      ERIX_OK);
	}
	if (!failed) {
		part("affinity", affinity_cases, n);
		part("cross_ipc", cross_ipc_cases, n);
		part("cross_notify", notify_cases, n);
		part("hammer", hammer, n);
		part("remote_kill", kill_cases, n);
	}
	if (failed) {
		fail_check("smp_test", failed);
		return;
	}
	{
		char line[LINE];

		erix_u64_append(erix_str_append(line, ERIX_MARK_SMP_TEST_PASS " checks="), checks);
		erix_log(line);
	}
}
