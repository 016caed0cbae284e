/* The authority suite, IPC part: rights, transfers, timeouts, kills on each
 * side of a call, the COM1 and i8042 port policies and a forging child. */
#include "authority.h"

/* ------------------------------------------------------------------ IPC */

#define X  (S + 60) /* S|R|G */
#define XS (S + 61) /* SEND only */
#define XR (S + 62) /* RECV only */
#define E2 (S + 63) /* a cap to transfer */
#define H  (S + 64) /* where rootd's helper thread parks */
#define K  (S + 65) /* a SINK child's endpoint */
#define T  (S + 66) /* nobody ever receives here */
#define Y  (S + 67) /* dropped while a call waits on it */

static const uint64_t none[4] = {0, 0, 0, 0};

static uint64_t ipc(uint64_t nr, uint64_t rdi, uint64_t rsi, const uint64_t w[4],
                    struct erix_msg *m)
{
	struct erix_msg scratch;

	return (uint64_t)erix_ipc(nr, rdi, rsi, w, m ? m : &scratch);
}

/* Rights, argument layout and the waits that end on their own. */
static void ipc_rule_cases(void)
{
	struct erix_msg m = {0, 0, {0, 0, 0, 0}};

	check("ipc_endpoint", pc(ERIX_KCTL_CREATE_ENDPOINT, X, 0, 0, 0), ERIX_OK);
	check("ipc_send_copy", pc(ERIX_KCTL_CAP_COPY_ATTENUATED, X, XS, ERIX_RIGHT_SEND, 0),
	      ERIX_OK);
	check("ipc_recv_copy", pc(ERIX_KCTL_CAP_COPY_ATTENUATED, X, XR, ERIX_RIGHT_RECV, 0),
	      ERIX_OK);
	check("ipc_call_needs_send", ipc(ERIX_SYS_CALL, XR, 0, none, NULL), ERIX_ERR_NO_RIGHTS);
	check("ipc_notify_needs_send", ipc(ERIX_SYS_NOTIFY, XR, 0, none, NULL), ERIX_ERR_NO_RIGHTS);
	check("ipc_recv_needs_recv", ipc(ERIX_SYS_RECV, XS, 0, none, NULL), ERIX_ERR_NO_RIGHTS);
	check("ipc_reply_needs_recv", ipc(ERIX_SYS_REPLY, XS, 0, none, NULL), ERIX_ERR_NO_RIGHTS);
	check("ipc_reply_recv_needs_recv", ipc(ERIX_SYS_REPLY_RECV, XS, 0, none, NULL),
	      ERIX_ERR_NO_RIGHTS);
	check("ipc_reply_nothing_owed", ipc(ERIX_SYS_REPLY, X, 0, none, NULL), ERIX_ERR_NOT_FOUND);
	check("ipc_unknown_flag", ipc(ERIX_SYS_CALL, erix_ipc_rdi(X, 0x8000, 0, 0), 0, none, NULL),
	      ERIX_ERR_INVALID_ARGUMENT);
	check("ipc_cap2_without_cap1",
	      ipc(ERIX_SYS_CALL, erix_ipc_rdi(X, ERIX_IPC_F_SEND_CAP2, 0, E2), 0, none, NULL),
	      ERIX_ERR_INVALID_ARGUMENT);
	check("ipc_cap_field_without_flag",
	      ipc(ERIX_SYS_CALL, erix_ipc_rdi(X, 0, E2, 0), 0, none, NULL),
	      ERIX_ERR_INVALID_ARGUMENT);
	check("ipc_timeout_without_flag", ipc(ERIX_SYS_CALL, X, 5, none, NULL),
	      ERIX_ERR_INVALID_ARGUMENT);
	check("ipc_timed_zero",
	      ipc(ERIX_SYS_CALL, erix_ipc_rdi(X, ERIX_IPC_F_TIMED, 0, 0), 0, none, NULL),
	      ERIX_ERR_RANGE);
	check("ipc_recv_timed_flag",
	      ipc(ERIX_SYS_RECV, erix_ipc_rdi(X, ERIX_IPC_F_TIMED, 0, 0), 3, none, NULL),
	      ERIX_ERR_INVALID_ARGUMENT);
	check("ipc_slot_past_cspace", ipc(ERIX_SYS_CALL, 4096, 0, none, NULL),
	      ERIX_ERR_INVALID_SLOT);
	check("ipc_kctl_endpoint_with_flags",
	      ipc(ERIX_SYS_CALL, erix_ipc_rdi(ERIX_SLOT_LOG_QUERY, ERIX_IPC_F_TIMED, 0, 0), 3, none,
	          NULL),
	      ERIX_ERR_OP_DENIED);
	check("ipc_notify_kctl_endpoint", ipc(ERIX_SYS_NOTIFY, ERIX_SLOT_LOG_QUERY, 0, none, NULL),
	      ERIX_ERR_OP_DENIED);
	check("ipc_transfer_endpoint", pc(ERIX_KCTL_CREATE_ENDPOINT, E2, 0, 0, 0), ERIX_OK);
	check("ipc_send_cap_needs_grant",
	      ipc(ERIX_SYS_CALL, erix_ipc_rdi(XS, ERIX_IPC_F_SEND_CAP1, E2, 0), 0, none, &m),
	      ERIX_ERR_NO_RIGHTS);
	check("ipc_send_cap_empty",
	      ipc(ERIX_SYS_CALL, erix_ipc_rdi(X, ERIX_IPC_F_SEND_CAP1, S + 250, 0), 0, none, &m),
	      ERIX_ERR_EMPTY_SLOT);
	check("ipc_send_cap_empty_which", m.w[0], ERIX_IPC_XFER_FAIL_SENDER | 0);
	check("ipc_send_cap_not_endpoint",
	      ipc(ERIX_SYS_CALL,
	          erix_ipc_rdi(X, ERIX_IPC_F_SEND_CAP1 | ERIX_IPC_F_SEND_CAP2, E2,
	                       ERIX_SLOT_UNTYPED_BASE),
	          0, none, &m),
	      ERIX_ERR_WRONG_TYPE);
	check("ipc_send_cap_not_endpoint_which", m.w[0], ERIX_IPC_XFER_FAIL_SENDER | 1);
	m.w[0] = ~0ull;
	check("ipc_notify_cap_needs_receiver",
	      ipc(ERIX_SYS_NOTIFY, erix_ipc_rdi(X, ERIX_IPC_F_SEND_CAP1, E2, 0), 1, none, &m),
	      ERIX_ERR_BUSY);
	check("ipc_notify_cap_needs_receiver_no_cap_at_fault", m.w[0], 0);
	check("ipc_notify_cap_needs_grant",
	      ipc(ERIX_SYS_NOTIFY, erix_ipc_rdi(XS, ERIX_IPC_F_SEND_CAP1, E2, 0), 1, none, NULL),
	      ERIX_ERR_NO_RIGHTS);
	check("ipc_notify_words_or", ipc(ERIX_SYS_NOTIFY, XS, 0x5, none, NULL), ERIX_OK);
	check("ipc_notify_words_or_2", ipc(ERIX_SYS_NOTIFY, X, 0x2, none, NULL), ERIX_OK);
	check("ipc_recv_pending", ipc(ERIX_SYS_RECV, XR, 0, none, &m), ERIX_OK);
	check("ipc_recv_pending_type", m.info, ERIX_MSG_NOTIFY);
	check("ipc_recv_pending_word", m.w[0], 0x7);
	check("ipc_recv_pending_badge", m.badge, 0);
	check("ipc_recv_pending_second", ipc(ERIX_SYS_RECV, X, 0, none, &m), ERIX_OK);
	check("ipc_recv_pending_second_word", m.w[0], 0);
	check("ipc_timed_endpoint", pc(ERIX_KCTL_CREATE_ENDPOINT, T, 0, 0, 0), ERIX_OK);
	check("ipc_timed_call_times_out",
	      ipc(ERIX_SYS_CALL, erix_ipc_rdi(T, ERIX_IPC_F_TIMED, 0, 0), 3, none, &m),
	      ERIX_ERR_TIMEOUT);
	check("ipc_timed_call_left_no_waiter", ipc(ERIX_SYS_NOTIFY, T, 1, none, NULL), ERIX_OK);
	check("ipc_timed_call_notify_pending", ipc(ERIX_SYS_RECV, T, 0, none, &m), ERIX_OK);
	check("ipc_timed_call_notify_badge", m.badge, 0);
}

/* rootd's helper thread: one CALL, its status kept, then it parks. */
static volatile uint64_t helper_status, helper_done;
/* One stack per helper: a parked helper's frames stay on its own. */
static uint8_t helper_stacks[2][2048] __attribute__((aligned(16)));
static unsigned helpers;

static void helper_thread(uint64_t slot)
{
	static const uint64_t w[4] = {1, 2, 3, 4};

	helper_status = ipc(ERIX_SYS_CALL, slot, 0, w, NULL);
	helper_done = 1;
	for (;;)
		erix_recv(H, NULL);
}

static uint64_t helper_call(uint64_t slot)
{
	helper_done = 0;
	helper_status = ~0ull;
	if (helpers == sizeof(helper_stacks) / sizeof(helper_stacks[0]))
		return ERIX_ERR_NO_MEMORY;
	return (uint64_t)erix_spawn_thread(helper_thread, helper_stacks[helpers++],
	                                   sizeof(helper_stacks[0]), ERIX_PRIO_ROOTD, slot, NULL);
}

static uint64_t helper_wait(void)
{
	for (int i = 0; i < 1000 && !helper_done; i++)
		erix_yield();
	return helper_done ? helper_status : ~0ull;
}

/* An ECHO child serves X: calls, the badge, aliases, transfers. */
static void ipc_echo_cases(uint64_t before)
{
	struct child_spec sp = spec(16, CHILD_BUDGET, CHILD_PRIO);
	const uint64_t w[4] = {41, 0, 0, 0};
	struct erix_msg m = {0, 0, {0, 0, 0, 0}};

	sp.wait_slot = X;
	check("echo_start", run_child(&sp, CHILD_ECHO, "echo_launch"), CHILD_REPORTED);
	check("echo_call", ipc(ERIX_SYS_CALL, X, 0, w, &m), ERIX_OK);
	check("echo_reply_word", m.w[0], 42);
	check("echo_server_saw_call", m.w[1] & 0xff, ERIX_MSG_CALL);
	check("echo_badge_names_rootd", m.w[2], 1);
	check("echo_reply_carries_no_badge", m.badge, 0);
	check("echo_call_via_alias", ipc(ERIX_SYS_CALL, XS, 0, w, &m), ERIX_OK);
	check("echo_call_via_alias_word", m.w[0], 42);
	check("echo_transfer_needs_grant",
	      ipc(ERIX_SYS_CALL, erix_ipc_rdi(XS, ERIX_IPC_F_SEND_CAP1, E2, 0), 0, w, &m),
	      ERIX_ERR_NO_RIGHTS);
	check("echo_transfer",
	      ipc(ERIX_SYS_CALL, erix_ipc_rdi(X, ERIX_IPC_F_SEND_CAP1, E2, 0), 0, w, &m), ERIX_OK);
	check("echo_transfer_received_one", (m.w[1] >> 8) & 0xff, 1);
	check("echo_transfer_sender_keeps_cap", kind_of(E2), ERIX_EP_CHILD_POPULATE);
	/* The child notified the cap it got: it aliases E2 (one queue). */
	check("echo_transfer_aliases", ipc(ERIX_SYS_RECV, E2, 0, none, &m), ERIX_OK);
	check("echo_transfer_aliases_word", m.w[0], 0x77);
	/* It was pending when rootd came to RECV: no badge then. */
	check("echo_transfer_alias_pending_no_badge", m.badge, 0);
	/* The child's landing slot is taken now: all or nothing. */
	check("echo_transfer_receiver_busy",
	      ipc(ERIX_SYS_CALL, erix_ipc_rdi(X, ERIX_IPC_F_SEND_CAP1, E2, 0), 0, w, &m),
	      ERIX_ERR_BUSY);
	check("echo_transfer_receiver_busy_which", m.w[0], ERIX_IPC_XFER_FAIL_RECEIVER | 0);
	check("echo_transfer_busy_sender_kept", kind_of(E2), ERIX_EP_CHILD_POPULATE);
	check("echo_still_serving", ipc(ERIX_SYS_CALL, X, 0, w, &m), ERIX_OK);
	check("echo_still_serving_word", m.w[0], 42);
	/* Two caps to a receiver that offered one slot. */
	check("echo_two_caps_one_slot",
	      ipc(ERIX_SYS_CALL,
	          erix_ipc_rdi(X, ERIX_IPC_F_SEND_CAP1 | ERIX_IPC_F_SEND_CAP2, E2, XS), 0, w, &m),
	      ERIX_ERR_BUSY);
	kill_child("echo", before);
	check("echo_dead_server_call_times_out",
	      ipc(ERIX_SYS_CALL, erix_ipc_rdi(X, ERIX_IPC_F_TIMED, 0, 0), 2, w, &m),
	      ERIX_ERR_TIMEOUT);
}

/* Killing either side of a pending CALL, and an endpoint that goes while
 * a call waits on it: every waiter wakes with a defined error. */
static void ipc_kill_cases(void)
{
	struct child_spec sp = spec(16, CHILD_BUDGET, CHILD_PRIO);
	struct erix_msg m = {0, 0, {0, 0, 0, 0}};
	const uint64_t w[4] = {0x5151, 0, 0, 0};
	uint64_t before;

	check("kill_server_endpoint", pc(ERIX_KCTL_CREATE_ENDPOINT, K, 0, 0, 0), ERIX_OK);
	check("kill_helper_park", pc(ERIX_KCTL_CREATE_ENDPOINT, H, 0, 0, 0), ERIX_OK);
	sp.wait_slot = K;
	check("kill_server_helper", helper_call(K), ERIX_OK);
	check("kill_server_start", run_child(&sp, CHILD_SINK, "kill_server_launch"),
	      CHILD_REPORTED);
	check("kill_server_caller_waits", helper_done, 0);
	check("kill_server_during_call", pc(ERIX_KCTL_KILL_PROCESS, C_PROC, 0, 0, 0), ERIX_OK);
	check("kill_server_caller_wakes", helper_wait(), ERIX_ERR_NOT_FOUND);
	sp.wait_slot = C_WAIT;
	check("kill_caller_start", (uint64_t)child_launch(&sp, CHILD_CALLER), ERIX_OK);
	check("kill_caller_call_arrives", ipc(ERIX_SYS_RECV, C_REPORT, 0, none, &m), ERIX_OK);
	check("kill_caller_call_type", m.info & 0xff, ERIX_MSG_CALL);
	check("kill_caller_badge_pid", m.badge >> 32, child_last_pid);
	check("kill_caller_words", m.w[0], 0xCA11);
	check("kill_caller_recv_while_owing", ipc(ERIX_SYS_RECV, C_REPORT, 0, none, &m),
	      ERIX_ERR_BUSY);
	check("kill_caller_during_call", pc(ERIX_KCTL_KILL_PROCESS, C_PROC, 0, 0, 0), ERIX_OK);
	check("kill_caller_reply_finds_none", ipc(ERIX_SYS_REPLY, C_REPORT, 0, w, NULL),
	      ERIX_ERR_NOT_FOUND);
	before = kmem_used(ERIX_KCTL_SELF);
	check("caller_start", (uint64_t)child_launch(&sp, CHILD_CALLER), ERIX_OK);
	check("caller_call_arrives", ipc(ERIX_SYS_RECV, C_REPORT, 0, none, &m), ERIX_OK);
	check("caller_reply", ipc(ERIX_SYS_REPLY, C_REPORT, 0, w, NULL), ERIX_OK);
	check("caller_reply_again", ipc(ERIX_SYS_REPLY, C_REPORT, 0, w, NULL), ERIX_ERR_NOT_FOUND);
	check("caller_got_reply", ipc(ERIX_SYS_RECV, C_REPORT, 0, none, &m), ERIX_OK);
	check("caller_got_reply_word", m.w[0], CHILD_REPORTED | CHILD_VALUE(0x5151));
	kill_child("caller", before);
	check("drop_endpoint", pc(ERIX_KCTL_CREATE_ENDPOINT, Y, 0, 0, 0), ERIX_OK);
	check("drop_endpoint_helper", helper_call(Y), ERIX_OK);
	for (int i = 0; i < 4; i++)
		erix_yield();
	check("drop_endpoint_caller_waits", helper_done, 0);
	check("drop_endpoint_last_cap", (uint64_t)erix_drop_local_cap(Y), ERIX_OK);
	check("drop_endpoint_caller_wakes", helper_wait(), ERIX_ERR_NOT_FOUND);
}

/* A child sends rootd an endpoint it made (charged to its budget), then
 * dies: its budget comes back only when rootd drops that endpoint, and
 * then to the exact byte. The report endpoint needs GRANT for this. */
#define GOT_UP (S + 68)

static void send_up_case(void)
{
	struct child_spec sp = spec(16, CHILD_BUDGET, CHILD_PRIO);
	struct erix_msg m = {0, 0, {0, 0, 0, 0}};
	uint64_t before;

	sp.report_slot = C_REPORT;
	before = kmem_used(ERIX_KCTL_SELF);
	/* Its report cap is SEND only: the transfer needs GRANT. */
	check("send_up_start", (uint64_t)child_launch(&sp, CHILD_SEND_UP), ERIX_OK);
	check("send_up_call_without_grant_fails", ipc(ERIX_SYS_RECV, C_REPORT, 0, none, &m),
	      ERIX_OK);
	check("send_up_child_saw_no_rights", m.w[0],
	      CHILD_REPORTED | CHILD_FAIL | CHILD_VALUE(ERIX_ERR_NO_RIGHTS));
	kill_child("send_up_no_grant", before);
}

static void send_up_grant_case(void)
{
	struct child_spec sp = spec(16, CHILD_BUDGET, CHILD_PRIO);
	struct erix_msg m = {0, 0, {0, 0, 0, 0}};
	const uint64_t w[4] = {1, 0, 0, 0};
	uint64_t before, report_sg = S + 69;

	check("send_up_grant_copy",
	      pc(ERIX_KCTL_CAP_COPY_ATTENUATED, C_REPORT, report_sg,
	         ERIX_RIGHT_SEND | ERIX_RIGHT_GRANT, 0),
	      ERIX_OK);
	sp.report_slot = report_sg;
	sp.report_rights = ERIX_RIGHT_SEND | ERIX_RIGHT_GRANT;
	before = kmem_used(ERIX_KCTL_SELF);
	check("send_up_grant_start", (uint64_t)child_launch(&sp, CHILD_SEND_UP), ERIX_OK);
	check("send_up_receive",
	      ipc(ERIX_SYS_RECV, erix_ipc_rdi(C_REPORT, ERIX_IPC_F_RECV_CAP1, 0, 0),
	          erix_ipc_rsi(0, GOT_UP, 0), none, &m),
	      ERIX_OK);
	check("send_up_received_cap", (m.info >> 8) & 0xff, 1);
	check("send_up_cap_kind", kind_of(GOT_UP), ERIX_EP_CHILD_POPULATE);
	check("send_up_reply", ipc(ERIX_SYS_REPLY, C_REPORT, 0, w, NULL), ERIX_OK);
	check("send_up_child_reported", ipc(ERIX_SYS_RECV, C_REPORT, 0, none, &m), ERIX_OK);
	check("send_up_child_ok", m.w[0], CHILD_REPORTED);
	check("send_up_kill", pc(ERIX_KCTL_KILL_PROCESS, C_PROC, 0, 0, 0), ERIX_OK);
	check("send_up_budget_held_by_its_endpoint", kmem_used(ERIX_KCTL_SELF) > before, 1);
	check("send_up_drop_endpoint", (uint64_t)erix_drop_local_cap(GOT_UP), ERIX_OK);
	check("send_up_every_byte_back", kmem_used(ERIX_KCTL_SELF), before);
	check("send_up_drop_grant_copy", (uint64_t)erix_drop_local_cap(report_sg), ERIX_OK);
}

/* A child prints marker text: each of its lines starts with the kernel's
 * USER_SERIAL or TASK_LOG prefix (the boot test checks the log). */
static void forge_case(uint64_t before)
{
	struct child_spec sp = spec(16, CHILD_BUDGET, CHILD_PRIO);

	check("forge_start", run_child(&sp, CHILD_FORGE, "forge_launch"), CHILD_REPORTED);
	kill_child("forge", before);
}

static void com1_cases(void)
{
	static const struct {
		uint64_t slot, port;
		int write;
		uint64_t value, want;
		const char *name;
	} ports[] = {
	    {ERIX_SLOT_COM1, 0x3F7, 0, 0, ERIX_ERR_RANGE, "com1_port_3f7"},
	    {ERIX_SLOT_COM1, 0x3F8 + 5, 0, 0, ERIX_OK, "com1_port_3fd"},
	    {ERIX_SLOT_COM1, 0x3FF, 0, 0, ERIX_OK, "com1_port_3ff"},
	    {ERIX_SLOT_COM1, 0x400, 0, 0, ERIX_ERR_RANGE, "com1_port_400"},
	    {ERIX_SLOT_COM1, 0x3FB, 1, 0x83, ERIX_ERR_RANGE, "com1_dlab_refused"},
	    {ERIX_SLOT_COM1, 0x3FB, 1, 0x02, ERIX_ERR_RANGE, "com1_word_length_refused"},
	    {ERIX_SLOT_COM1, 0x3FB, 1, ERIX_COM1_LCR_KERNEL, ERIX_OK, "com1_lcr_8n1"},
	    {ERIX_SLOT_COM1, 0x3FC, 1, 0x13, ERIX_ERR_RANGE, "com1_loopback_refused"},
	    {ERIX_SLOT_COM1, 0x3FC, 1, 0x03, ERIX_OK, "com1_mcr_dtr_rts"},
	    {ERIX_SLOT_COM1, 0x3FF, 1, 0x5a, ERIX_OK, "com1_scratch"},
	    {ERIX_SLOT_COM1, 0x3FA, 1, 0xC7, ERIX_ERR_RANGE, "com1_fifo_clear_refused"},
	    {ERIX_SLOT_COM1, 0x3FA, 1, 0x00, ERIX_ERR_RANGE, "com1_fifo_off_refused"},
	    {ERIX_SLOT_COM1, 0x3FA, 1, 0xC0, ERIX_ERR_RANGE, "com1_fifo_off_trigger_refused"},
	    {ERIX_SLOT_COM1, 0x3FA, 1, 0xC1, ERIX_OK, "com1_fifo_enable"},
	    {ERIX_SLOT_I8042, 0x5F, 0, 0, ERIX_ERR_RANGE, "i8042_port_5f"},
	    {ERIX_SLOT_I8042, 0x60, 0, 0, ERIX_OK, "i8042_port_60"},
	    {ERIX_SLOT_I8042, 0x61, 0, 0, ERIX_ERR_RANGE, "i8042_port_61"},
	    {ERIX_SLOT_I8042, 0x63, 0, 0, ERIX_ERR_RANGE, "i8042_port_63"},
	    {ERIX_SLOT_I8042, 0x64, 0, 0, ERIX_OK, "i8042_port_64"},
	    {ERIX_SLOT_I8042, 0x65, 0, 0, ERIX_ERR_RANGE, "i8042_port_65"},
	    {ERIX_SLOT_I8042, 0x3F8, 0, 0, ERIX_ERR_RANGE, "i8042_not_com1"},
	    {ERIX_SLOT_I8042, 0x64, 1, 0xFE, ERIX_ERR_RANGE, "i8042_reset_pulse_refused"},
	    {ERIX_SLOT_I8042, 0x64, 1, 0xF0, ERIX_ERR_RANGE, "i8042_pulse_f0_refused"},
	    {ERIX_SLOT_I8042, 0x64, 1, 0xD1, ERIX_ERR_RANGE, "i8042_output_port_refused"},
	    {ERIX_SLOT_I8042, 0x64, 1, 0xDD, ERIX_ERR_RANGE, "i8042_a20_off_refused"},
	    {ERIX_SLOT_I8042, 0x64, 1, 0xDF, ERIX_ERR_RANGE, "i8042_a20_on_refused"},
	    {ERIX_SLOT_I8042, 0x64, 1, 0xA4, ERIX_ERR_RANGE, "i8042_password_refused"},
	    {ERIX_SLOT_I8042, 0x64, 1, 0xC8, ERIX_ERR_RANGE, "i8042_vendor_refused"},
	    {ERIX_SLOT_I8042, 0x64, 1, 0x20, ERIX_OK, "i8042_cmd_read_ccb"},
	    {ERIX_SLOT_I8042, 0x64, 1, 0xAE, ERIX_OK, "i8042_cmd_enable_port"},
	    {ERIX_SLOT_I8042, 0x60, 1, 0xFE, ERIX_OK, "i8042_data_fe_is_data"},
	};

	static const char forged[] = "\n" ERIX_MARK_FAIL_PREFIX "FORGED_BY_PORT\n";
	uint64_t bad = 0;

	/* Data bytes through the COM1 family are task text too: this line
	 * must come out behind USER_SERIAL (the boot test checks it). */
	for (unsigned i = 0; i + 1 < sizeof(forged); i++)
		bad |= (uint64_t)erix_kctl(ERIX_SLOT_COM1, ERIX_KCTL_IOPORT_WRITE8,
		                           ERIX_IOPORT_COM1_FIRST, (uint8_t)forged[i], 0, 0, NULL);
	check("com1_data_bytes_accepted", bad, ERIX_OK);
	for (unsigned i = 0; i < sizeof(ports) / sizeof(ports[0]); i++)
		check(ports[i].name,
		      (uint64_t)erix_kctl(ports[i].slot,
		                          ports[i].write ? ERIX_KCTL_IOPORT_WRITE8
		                                         : ERIX_KCTL_IOPORT_READ8,
		                          ports[i].port, ports[i].value, 0, 0, NULL),
		      ports[i].want);
}

void auth_ipc_cases(void)
{
	uint64_t before;

	ipc_rule_cases();
	before = kmem_used(ERIX_KCTL_SELF);
	ipc_echo_cases(before);
	ipc_kill_cases();
	forge_case(kmem_used(ERIX_KCTL_SELF));
	send_up_case();
	send_up_grant_case();
	com1_cases();
	auth_ipcbuf_cases();
}
