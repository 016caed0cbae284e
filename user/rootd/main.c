/* rootd, the default root task: checks that the kernel handed it exactly
 * the authority the ABI promises (positive and negative), reports its
 * stages and status, then idles in RECV. ROOTD_TEST_<NAME> builds (FAIL,
 * DOWNSTREAM, UNKNOWN_STATUS, FAULT, CRASH, BENCH, WX, STACK_GUARD, AUTHORITY,
 * DIAG, FBCOND, SMP; BOOTINFO_CORRUPT in bootinfo.c) replace the normal ending
 * with a scenario for the boot tests; FAULT also runs the checks that need
 * extra threads (drop while waiting, thread budget exhaustion). */
#include <erix.h>

#include "rootd.h"

#define LINE_MAX 160

static unsigned failures;

uint64_t rootd_ipc_page[ERIX_PAGE_SIZE / 8] __attribute__((aligned(ERIX_PAGE_SIZE)));

void fail_check(const char *what, uint64_t got)
{
	char line[LINE_MAX], *p = line;

	p = erix_str_append(p, "check failed: ");
	p = erix_str_append(p, what);
	p = erix_str_append(p, " got=");
	erix_u64_append(p, got);
	erix_log(line);
	failures++;
}

void expect(const char *what, uint64_t got, uint64_t want)
{
	if (got != want)
		fail_check(what, got);
}

/* Canonical endpoints and the family each must carry. */
static const struct {
	uint16_t slot;
	uint8_t kind;
	const char *name;
} canonical[] = {
    {ERIX_SLOT_ROOTD_LOG, ERIX_EP_ROOTD_LOG, "rootd_log"},
    {ERIX_SLOT_ROOTD_WAIT, ERIX_EP_GENERIC, "rootd_wait"},
    {ERIX_SLOT_TIMED, ERIX_EP_TIMED, "timed"},
    {ERIX_SLOT_IRQD, ERIX_EP_IRQD, "irqd"},
    {ERIX_SLOT_HOTPLUGD, ERIX_EP_HOTPLUGD, "hotplugd"},
    {ERIX_SLOT_PCI_CONFIG, ERIX_EP_PCI_CONFIG, "pci_config"},
    {ERIX_SLOT_CONSOLE, ERIX_EP_CONSOLE, "console"},
    {ERIX_SLOT_COM1, ERIX_EP_COM1, "com1"},
    {ERIX_SLOT_MEMORY, ERIX_EP_MEMORY, "memory"},
    {ERIX_SLOT_VSPACE, ERIX_EP_VSPACE, "vspace"},
    {ERIX_SLOT_PAGER, ERIX_EP_PAGER, "pager"},
    {ERIX_SLOT_LOG_QUERY, ERIX_EP_LOG_QUERY, "log_query"},
    {ERIX_SLOT_PROCESS_CONTROL, ERIX_EP_PROCESS_CONTROL, "process_control"},
    {ERIX_SLOT_ACPI, ERIX_EP_ACPI, "acpi"},
    {ERIX_SLOT_I8042, ERIX_EP_I8042, "i8042"},
};

static void expect_cap(const char *what, uint64_t slot, uint64_t type, uint64_t kind)
{
	struct erix_cap_info ci;

	expect(what, (uint64_t)erix_query_local_cap(slot, &ci), ERIX_OK);
	expect(what, ci.type, type);
	expect(what, ci.kind, kind);
}

static void verify_caps(void)
{
	for (unsigned i = 0; i < sizeof(canonical) / sizeof(canonical[0]); i++)
		expect_cap(canonical[i].name, canonical[i].slot, ERIX_CAP_ENDPOINT,
		           canonical[i].kind);
	expect_cap("self_tcb", ERIX_SLOT_SELF_TCB, ERIX_CAP_TCB, ERIX_EP_GENERIC);
	expect_cap("self_cspace", ERIX_SLOT_SELF_CSPACE, ERIX_CAP_CSPACE, ERIX_EP_GENERIC);
	expect_cap("self_vspace", ERIX_SLOT_SELF_VSPACE, ERIX_CAP_VSPACE, ERIX_EP_GENERIC);
	/* The legacy root endpoint is reserved, never handed out. */
	expect_cap("root_endpoint_empty", ERIX_SLOT_ROOT_ENDPOINT, ERIX_CAP_NULL, ERIX_EP_GENERIC);
}

static void verify_untyped(const struct erix_start_frame *sf)
{
	uint64_t ram = sf->untyped_ram_count, dev = sf->untyped_device_count;

	expect("start_magic", sf->magic, ERIX_START_MAGIC);
	expect("window_slots", sf->window_slots, ERIX_ROOT_CSPACE_SLOTS);
	if (ram == 0 || ram + dev > ERIX_UNTYPED_MAX_SEEDS)
		fail_check("untyped_counts", ram + dev);
	for (uint64_t i = 0; i < ram + dev && i < ERIX_UNTYPED_MAX_SEEDS; i++)
		expect_cap("untyped", ERIX_SLOT_UNTYPED_BASE + i,
		           i < ram ? ERIX_CAP_UNTYPED : ERIX_CAP_DEVICE_UNTYPED, ERIX_EP_GENERIC);
	if (ram + dev < ERIX_UNTYPED_MAX_SEEDS)
		expect_cap("untyped_end", ERIX_SLOT_UNTYPED_BASE + ram + dev, ERIX_CAP_NULL,
		           ERIX_EP_GENERIC);
}

#define KCTL(slot, op, w1, w2) (uint64_t) erix_kctl(slot, op, w1, w2, 0, 0, out)
#define KCTL4(op, w1, w2, w3)                                                                      \
	(uint64_t) erix_kctl(ERIX_SLOT_PROCESS_CONTROL, op, w1, w2, w3, 0, out)

/* Authority the kernel must grant and refuse, each checked both ways. */
static void verify_authority(void)
{
	uint64_t out[4], t0;
	struct erix_cap_info ci;
	static const char msg[] = "denied";

	expect("log_via_com1", (uint64_t)erix_log_via(ERIX_SLOT_COM1, msg), ERIX_ERR_OP_DENIED);
	expect("log_via_log_query", (uint64_t)erix_log_via(ERIX_SLOT_LOG_QUERY, "log_query ok"),
	       ERIX_OK);
	expect("create_process", KCTL(ERIX_SLOT_PROCESS_CONTROL, ERIX_KCTL_CREATE_PROCESS, 0, 0),
	       ERIX_ERR_OP_DENIED);
	expect("cap_copy_process", KCTL(ERIX_SLOT_PROCESS_CONTROL, ERIX_KCTL_CAP_COPY, 0, 0),
	       ERIX_ERR_OP_DENIED);
	/* Port 0x80 (POST diagnostics) is outside the COM1 window. */
	expect("port_80_via_com1", KCTL(ERIX_SLOT_COM1, ERIX_KCTL_IOPORT_WRITE8, 0x80, 0),
	       ERIX_ERR_RANGE);
	expect("com1_lsr_read",
	       KCTL(ERIX_SLOT_COM1, ERIX_KCTL_IOPORT_READ8, ERIX_IOPORT_COM1_FIRST + 5, 0),
	       ERIX_OK);
	expect("com1_port_via_i8042",
	       KCTL(ERIX_SLOT_I8042, ERIX_KCTL_IOPORT_READ8, ERIX_IOPORT_COM1_FIRST, 0),
	       ERIX_ERR_RANGE);
	expect("query_slot_4096", (uint64_t)erix_query_local_cap(ERIX_ROOT_CSPACE_SLOTS, &ci),
	       ERIX_ERR_INVALID_SLOT);
	expect("kctl_query_kind",
	       KCTL(ERIX_SLOT_LOG_QUERY, ERIX_KCTL_QUERY_CAP, ERIX_SLOT_COM1,
	            ERIX_QUERY_CAP_INCLUDE_ENDPOINT_KIND),
	       ERIX_OK);
	expect("kctl_query_kind_value", out[1] >> 32, ERIX_EP_COM1);
	expect("clock", KCTL(ERIX_SLOT_TIMED, ERIX_KCTL_READ_MONOTONIC_CLOCK, 0, 0), ERIX_OK);
	t0 = out[0];
	expect("clock_again", KCTL(ERIX_SLOT_TIMED, ERIX_KCTL_READ_MONOTONIC_CLOCK, 0, 0), ERIX_OK);
	if (out[0] < t0)
		fail_check("clock_monotonic", out[0]);
	expect("clock_via_com1", KCTL(ERIX_SLOT_COM1, ERIX_KCTL_READ_MONOTONIC_CLOCK, 0, 0),
	       ERIX_ERR_OP_DENIED);
	expect("call_empty_slot", KCTL(ERIX_SLOT_ROOT_ENDPOINT, ERIX_KCTL_QUERY_CAP, 0, 0),
	       ERIX_ERR_EMPTY_SLOT);
	expect("call_untyped", KCTL(ERIX_SLOT_UNTYPED_BASE, ERIX_KCTL_QUERY_CAP, 0, 0),
	       ERIX_ERR_WRONG_TYPE);
	expect("unknown_op", KCTL(ERIX_SLOT_ROOTD_LOG, 200, 0, 0), ERIX_ERR_UNKNOWN_OP);
	expect("unknown_stage", KCTL(ERIX_SLOT_ROOTD_LOG, ERIX_KCTL_REPORT_STAGE, 9999, 0),
	       ERIX_ERR_RANGE);
	expect("log_bad_pointer", KCTL(ERIX_SLOT_ROOTD_LOG, ERIX_KCTL_LOG_STRING, 0x10, 4),
	       ERIX_ERR_BAD_ADDRESS);
	expect("log_too_long",
	       KCTL(ERIX_SLOT_ROOTD_LOG, ERIX_KCTL_LOG_STRING, (uint64_t)(uintptr_t)msg,
	            ERIX_LOG_STRING_MAX + 1),
	       ERIX_ERR_RANGE);
	expect("recv_needs_recv_right", (uint64_t)erix_recv(ERIX_SLOT_COM1, NULL),
	       ERIX_ERR_NO_RIGHTS);
	expect("null_syscall", (uint64_t)erix_null(), ERIX_OK);
	expect("unknown_syscall", (uint64_t)erix_syscall(0x99, 0, 0, out, out),
	       ERIX_ERR_UNKNOWN_SYSCALL);
	expect("drop_empty", (uint64_t)erix_drop_local_cap(ERIX_SLOT_ROOT_ENDPOINT),
	       ERIX_ERR_EMPTY_SLOT);
	/* SPAWN_THREAD: never above the caller's priority, never idle's, and
	 * only user addresses; each refused before a TCB is taken. */
	expect("spawn_prio_0", KCTL4(ERIX_KCTL_SPAWN_THREAD, 0x400000, 0x500000, 0),
	       ERIX_ERR_RANGE);
	expect("spawn_prio_above",
	       KCTL4(ERIX_KCTL_SPAWN_THREAD, 0x400000, 0x500000, ERIX_PRIO_ROOTD + 1),
	       ERIX_ERR_RANGE);
	expect("spawn_kernel_entry",
	       KCTL4(ERIX_KCTL_SPAWN_THREAD, 0xFFFFFFFF80000000ull, 0x500000, 1),
	       ERIX_ERR_BAD_ADDRESS);
	expect("spawn_kernel_stack",
	       KCTL4(ERIX_KCTL_SPAWN_THREAD, 0x400000, 0xFFFF800000001000ull, 1),
	       ERIX_ERR_BAD_ADDRESS);
	/* A pending notification lets the next RECV return at once. */
	expect("notify_wait", (uint64_t)erix_notify(ERIX_SLOT_ROOTD_WAIT), ERIX_OK);
	expect("recv_pending", (uint64_t)erix_recv(ERIX_SLOT_ROOTD_WAIT, NULL), ERIX_OK);
}

/* Test builds (kernel-test-root-endpoint) seed a full-surface endpoint;
 * normal builds leave its slot empty. When present: CREATE_PROCESS is
 * still denied, then the slot is dropped and must stay empty. */
static void verify_test_root(void)
{
	uint64_t out[4];
	struct erix_cap_info ci;
	unsigned before = failures;

	if (erix_query_local_cap(ERIX_SLOT_TEST_ROOT, &ci) != ERIX_OK || ci.type == ERIX_CAP_NULL)
		return;
	expect("test_root_kind", ci.kind, ERIX_EP_TEST_ROOT);
	expect("test_root_create_process",
	       KCTL(ERIX_SLOT_TEST_ROOT, ERIX_KCTL_CREATE_PROCESS, 0, 0), ERIX_ERR_OP_DENIED);
	expect("test_root_cap_copy", KCTL(ERIX_SLOT_TEST_ROOT, ERIX_KCTL_CAP_COPY, 0, 0),
	       ERIX_ERR_NOT_IMPLEMENTED);
	expect("test_root_com1_port",
	       KCTL(ERIX_SLOT_TEST_ROOT, ERIX_KCTL_IOPORT_READ8, ERIX_IOPORT_COM1_FIRST + 5, 0),
	       ERIX_OK);
	verify_device_frames();
	expect("drop_test_root", (uint64_t)erix_drop_local_cap(ERIX_SLOT_TEST_ROOT), ERIX_OK);
	expect_cap("dropped_test_root", ERIX_SLOT_TEST_ROOT, ERIX_CAP_NULL, ERIX_EP_GENERIC);
	expect("call_dropped", KCTL(ERIX_SLOT_TEST_ROOT, ERIX_KCTL_QUERY_CAP, 0, 0),
	       ERIX_ERR_EMPTY_SLOT);
	/* The boot test requires this line: it proves the endpoint was
	 * installed and really used, not merely absent. */
	if (failures == before)
		erix_log(ERIX_MARK_ROOTD_TEST_ROOT_VERIFIED);
}

#if ROOTD_TEST_FAULT
/* Each thread dies by a different CPU exception (the last three by page
 * faults on the read-only bootinfo, on the kernel image, which KPTI leaves
 * out of the user tables, and on the non-executable module window); the
 * kernel must kill only it. SPAWN_THREAD allows at most the caller's
 * priority, so they run at rootd's and get the CPU when rootd yields. */
#define FAULT_THREADS 7
static uint8_t fault_stacks[FAULT_THREADS][4096] __attribute__((aligned(16)));

static void fault_thread(uint64_t how)
{
	switch (how) {
	case 0:
		__asm__ volatile("movq 0x10, %%rax" ::: "rax"); /* page fault */
		break;
	case 1:
		__asm__ volatile("ud2");
		break;
	case 2:
		__asm__ volatile("xorl %%ecx, %%ecx\n\tdivl %%ecx" ::: "eax", "ecx", "edx");
		break;
	case 3:
		__asm__ volatile("hlt");
		break;
	case 4:
		*(volatile uint8_t *)ERIX_BOOTINFO_BASE = 1;
		break;
	case 5:
		(void)*(volatile uint8_t *)ERIX_KERNEL_VIRT_BASE;
		break;
	default:
		((void (*)(void))(uintptr_t)rootd_bootinfo()->modules[0].vaddr)();
	}
	erix_log("fault thread survived its fault");
	erix_report_status(ERIX_ROOTD_STATUS_FAILED);
}

/* A lower-priority thread drops the only cap of the endpoint rootd waits
 * on. rootd wakes with NOT_FOUND and preempts the dropper at once, so it
 * runs while the drop is still in progress: the slot must already be
 * empty, or rootd would hold a cap naming a freed endpoint (a second drop
 * of it would underflow the endpoint's reference count). Runs after every
 * other wait: rootd has no wait endpoint afterwards. */
static uint8_t dropper_stack[4096] __attribute__((aligned(16)));

static void dropper_thread(uint64_t slot)
{
	erix_drop_local_cap(slot);
	for (;;)
		erix_yield();
}

static void run_drop_wake_test(void)
{
	expect("spawn_dropper",
	       (uint64_t)erix_spawn_thread(dropper_thread, dropper_stack, sizeof(dropper_stack), 1,
	                                   ERIX_SLOT_ROOTD_WAIT, 0),
	       ERIX_OK);
	expect("recv_on_dropped", (uint64_t)erix_recv(ERIX_SLOT_ROOTD_WAIT, NULL),
	       ERIX_ERR_NOT_FOUND);
	expect_cap("dropped_while_waiting", ERIX_SLOT_ROOTD_WAIT, ERIX_CAP_NULL, ERIX_EP_GENERIC);
	expect("drop_dropped", (uint64_t)erix_drop_local_cap(ERIX_SLOT_ROOTD_WAIT),
	       ERIX_ERR_EMPTY_SLOT);
}

/* Spawns never-running threads (priority 1, below rootd, which reports
 * READY without blocking) until rootd's kernel-memory budget is exhausted:
 * no fixed pool bounds them (far more than the 64 TCBs the kernel once had
 * fit), and the end is ERIX_ERR_NO_MEMORY, not a failure. They share one
 * stack: a jmp-to-self entry never touches it. */
static void spin_thread(uint64_t arg)
{
	(void)arg;
	for (;;)
		__asm__ volatile("");
}

static void run_tcb_exhaustion_test(void)
{
	static uint8_t stack[64] __attribute__((aligned(16)));
	int err = ERIX_OK;
	unsigned n = 0;

	while (!err && n < (1u << 20)) {
		err = erix_spawn_thread(spin_thread, stack, sizeof(stack), 1, 0, 0);
		n++;
	}
	expect("tcb_budget_exhausted", (uint64_t)err, ERIX_ERR_NO_MEMORY);
	expect("tcb_no_fixed_pool", n > 1024, 1);
}

static void run_fault_test(void)
{
	for (uint64_t i = 0; i < FAULT_THREADS; i++)
		expect("spawn_fault_thread",
		       (uint64_t)erix_spawn_thread(fault_thread, fault_stacks[i],
		                                   sizeof(fault_stacks[i]), ERIX_PRIO_ROOTD, i, 0),
		       ERIX_OK);
	for (int i = 0; i < 8; i++)
		erix_yield();
	erix_log("fault threads done");
	run_drop_wake_test();
	run_tcb_exhaustion_test();
}
#endif

#if ROOTD_TEST_WX
/* The W+X rejection test: this section is writable and executable, so the
 * linker emits an RWX PT_LOAD and the kernel must refuse the image
 * (ERIX_KERNEL:FAIL:ROOTD_ELF_SEGMENT_WX). The trailing '#' comments out
 * the flags gcc appends to the .section directive. */
__attribute__((used, section(".wxtest,\"awx\",@progbits#"))) static uint8_t wx_blob[64] = {1};
#endif

#if ROOTD_TEST_STACK_GUARD
/* The stack-guard test: the boot scenario links this section into rootd's
 * stack guard page (--section-start), so the kernel must refuse the image
 * (ERIX_KERNEL:FAIL:ROOTD_ELF_SEGMENT_RANGE) instead of mapping the guard. */
__attribute__((used, section(".stackguard"))) static uint8_t stack_guard_blob[64] = {1};
#endif

static void finish(void)
{
#if ROOTD_TEST_FAIL
	erix_report_status(ERIX_ROOTD_STATUS_FAILED);
#elif ROOTD_TEST_DOWNSTREAM
	erix_report_status(ERIX_ROOTD_STATUS_DOWNSTREAM_FAILED);
#elif ROOTD_TEST_UNKNOWN_STATUS
	erix_report_status(99);
#endif
#if ROOTD_TEST_CRASH
	/* rootd's own main thread faults: the kernel must end the system with
	 * ERIX_KERNEL:ROOTD:EXITED and the rootd-failure exit. */
	__asm__ volatile("ud2");
#endif
#if ROOTD_TEST_FAULT
	run_fault_test();
#endif
#if ROOTD_TEST_BENCH
	run_bench();
#endif
#if ROOTD_TEST_DIAG
	/* Every VFS backend diagnostic, then an unknown one: all printed,
	 * none ends the boot. */
#define DIAG_REPORT(name, id)                                                                      \
	expect("diag_" #name,                                                                      \
	       (uint64_t)erix_kctl(ERIX_SLOT_ROOTD_LOG, ERIX_KCTL_REPORT_DIAGNOSTIC, id, id * 10,  \
	                           0, 0, NULL),                                                    \
	       ERIX_OK);
	ERIX_ROOTD_DIAGNOSTICS(DIAG_REPORT)
#undef DIAG_REPORT
	expect("diag_unknown",
	       (uint64_t)erix_kctl(ERIX_SLOT_ROOTD_LOG, ERIX_KCTL_REPORT_DIAGNOSTIC, 999, 7, 0, 0,
	                           NULL),
	       ERIX_OK);
#endif
#if ROOTD_TEST_FBCOND
	/* More lines than any tested screen has rows, so the dev console
	 * scrolls; then this stands in for fbcond taking the screen (no fbcond
	 * exists yet): the kernel's dev console must draw nothing after it. */
	for (uint64_t i = 1; i <= 60; i++) {
		char line[LINE_MAX];

		erix_u64_append(erix_str_append(line, "screen line "), i);
		erix_log(line);
	}
	erix_report_stage(ERIX_STAGE_FBCOND_READY);
	erix_log("after FBCOND_READY: serial only");
#endif
	if (failures)
		erix_report_status(ERIX_ROOTD_STATUS_FAILED);
	erix_report_status(ERIX_ROOTD_STATUS_READY);
}

int main(const struct erix_start_frame *sf)
{
	erix_report_stage(ERIX_STAGE_ENTRY);
	erix_log("hello from rootd");
	verify_caps();
	if (!failures)
		erix_report_stage(ERIX_STAGE_CAPS_VERIFIED);
	verify_untyped(sf);
	if (!failures)
		erix_report_stage(ERIX_STAGE_UNTYPED_VERIFIED);
	verify_bootinfo(sf);
	if (!failures)
		erix_report_stage(ERIX_STAGE_BOOTINFO_VERIFIED);
	verify_authority();
	verify_test_root();
	start_boot_child();
#if !ROOTD_TEST_ANY
	/* Test modes drive the devices themselves (the authority suite binds
	 * IRQ 1): drivers run in the default images only. */
	start_drivers();
#endif
#if ROOTD_TEST_AUTHORITY
	run_authority_suite();
#endif
#if ROOTD_TEST_HOTPLUG
	run_hotplug_test();
#endif
#if ROOTD_TEST_SMP
	run_smp_test();
#endif
	finish();
	/* Runtime builds: READY returned; wait for work that never comes. */
	for (;;)
		erix_recv(ERIX_SLOT_ROOTD_WAIT, NULL);
}
