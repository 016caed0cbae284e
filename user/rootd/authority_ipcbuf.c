/* The authority suite, IPC buffer part: ERIX_SYS_SET_IPC_BUFFER's checks,
 * long-message round trips with an ECHO_BUF child (content checked word by
 * word), and every refusal (no buffer on either side, a length over the
 * bound, a page unmapped after registration on either side, a length where
 * none may go), each checked to change nothing: rootd's kernel memory, its
 * buffer, the slot, and a receiver that is still waiting for the next
 * message (the child counts what it served). */
#include "authority.h"

#define BX  (S + 160) /* the ECHO_BUF child's endpoint, S|R|G */
#define BF  (S + 161) /* a frame rootd maps for its own buffer */
#define BFC (S + 162) /* the frame rootd maps into each ECHO_BUF child as its buffer */
#define RVA 0x70000000ull
#define XB  (ERIX_IPC_XFER_FAIL_SENDER | ERIX_IPC_XFER_BUFFER)
#define XRB (ERIX_IPC_XFER_FAIL_RECEIVER | ERIX_IPC_XFER_BUFFER)
#define RW  (ERIX_PROT_READ | ERIX_PROT_WRITE)
#define REV CHILD_ECHO_BUF_REVERSE

/* rootd's buffer: words [0, ERIX_IPC_BUFFER_WORDS) carry messages, the
 * next one is a sentinel no copy may reach. */
#define rbuf rootd_ipc_page
static uint64_t served; /* the child's count at its last reply */

static uint64_t call_len(uint64_t slot, uint64_t n, uint64_t flags, uint64_t reply_len,
                         struct erix_msg *m)
{
	const uint64_t w[4] = {flags, reply_len, 0, 0};

	return (uint64_t)erix_call(slot | erix_ipc_len(n), 0, w, m);
}

static uint64_t set_buf(uint64_t va)
{
	return (uint64_t)erix_set_ipc_buffer((void *)(uintptr_t)va);
}

static void fill(uint64_t n, uint64_t seed)
{
	for (uint64_t i = 0; i < n; i++)
		rbuf[i] = seed * 1000003 + i * 7 + 1;
	rbuf[ERIX_IPC_BUFFER_WORDS] = 0x5E47;
}

/* After a refusal: the server was still waiting, never saw the refused
 * message (its count moved by exactly this probe), and rootd's memory
 * figure is what it was. */
static void unchanged(const char *name, uint64_t slot, uint64_t before)
{
	struct erix_msg m = {0, 0, {0, 0, 0, 0}};
	char buf[LINE];
	uint64_t ok = call_len(slot, 0, 0, 0, &m) == ERIX_OK && m.w[3] == served + 1;

	served = m.w[3];
	erix_str_append(erix_str_append(buf, name), "_receiver_still_waiting");
	check(buf, ok, 1);
	erix_str_append(erix_str_append(buf, name), "_no_memory_changed");
	check(buf, kmem_used(ERIX_KCTL_SELF), before);
	erix_str_append(erix_str_append(buf, name), "_slot_kept");
	check(buf, kind_of(slot), ERIX_EP_CHILD_POPULATE);
}

/* The first RAM untyped with a frame left, retyped into dst. */
static uint64_t frame(uint64_t dst)
{
	for (uint64_t s = ERIX_SLOT_UNTYPED_BASE; s < ERIX_ROOT_CSPACE_SLOTS; s++)
		if (type_of(s) == ERIX_CAP_UNTYPED &&
		    erix_kctl(ERIX_SLOT_MEMORY, ERIX_KCTL_RETYPE_UNTYPED_TO_FRAME, s, dst, 1,
		              ERIX_PAGE_SHIFT, NULL) == ERIX_OK)
			return ERIX_OK;
	return ERIX_ERR_NO_MEMORY;
}

static uint64_t vsp(uint64_t op, uint64_t w1, uint64_t w2, uint64_t w3, uint64_t w4)
{
	return (uint64_t)erix_kctl(ERIX_SLOT_VSPACE, op, w1, w2, w3, w4, NULL);
}

/* The child's registration status (or the CALL's own error, marked). */
static uint64_t register_request(struct erix_msg *m)
{
	uint64_t err = call_len(BX, 0, CHILD_ECHO_BUF_REGISTER, 0, m);

	return err ? 0x10000 | err : m->w[0];
}

/* An ECHO_BUF child on BX, its buffer a frame (BFC) rootd maps at
 * CHILD_IPCBUF_VA once it asked to register there too early; rootd's
 * figure after the launch in *running. */
static void start_echo_buf(const char *name, uint64_t *running)
{
	struct child_spec sp = spec(16, CHILD_BUDGET, CHILD_PRIO);
	struct erix_msg m = {0, 0, {0, 0, 0, 0}};
	char buf[LINE];

	sp.wait_slot = BX;
	erix_str_append(erix_str_append(buf, name), "_start");
	check(buf, run_child(&sp, CHILD_ECHO_BUF, "ipcbuf_echo_launch"), CHILD_REPORTED);
	*running = kmem_used(ERIX_KCTL_SELF);
	erix_str_append(erix_str_append(buf, name), "_register_unmapped");
	check(buf, register_request(&m), ERIX_ERR_BAD_ADDRESS);
	erix_str_append(erix_str_append(buf, name), "_frame");
	check(buf, frame(BFC), ERIX_OK);
	erix_str_append(erix_str_append(buf, name), "_map");
	check(buf, vsp(ERIX_KCTL_MAP_FRAME, BFC, C_PROC, CHILD_IPCBUF_VA, RW), ERIX_OK);
	erix_str_append(erix_str_append(buf, name), "_register");
	check(buf, register_request(&m), ERIX_OK);
	served = m.w[3];
}

/* Registration: every refusal keeps the buffer the thread had. */
static void register_cases(void)
{
	uint64_t before = kmem_used(ERIX_KCTL_SELF);
	uint64_t text = (uint64_t)(uintptr_t)register_cases & ~(PAGE - 1);

	check("ipcbuf_register_unaligned", set_buf((uint64_t)(uintptr_t)&rbuf[1]),
	      ERIX_ERR_INVALID_ARGUMENT);
	check("ipcbuf_register_kernel", set_buf(ERIX_KERNEL_VIRT_BASE), ERIX_ERR_BAD_ADDRESS);
	check("ipcbuf_register_physmap", set_buf(ERIX_PHYSMAP_BASE), ERIX_ERR_BAD_ADDRESS);
	check("ipcbuf_register_user_top", set_buf(ERIX_USER_TOP), ERIX_ERR_BAD_ADDRESS);
	check("ipcbuf_register_below_user_min", set_buf(ERIX_USER_MIN - PAGE),
	      ERIX_ERR_BAD_ADDRESS);
	check("ipcbuf_register_unmapped", set_buf(RVA), ERIX_ERR_BAD_ADDRESS);
	check("ipcbuf_register_read_only_text", set_buf(text), ERIX_ERR_BAD_ADDRESS);
	check("ipcbuf_register_denials_no_memory", kmem_used(ERIX_KCTL_SELF), before);
}

/* No buffer on rootd's side yet, then lengths over the bound. */
static void sender_cases(uint64_t before)
{
	struct erix_msg m = {0, 0, {0, 0, 0, 0}};

	check("ipcbuf_sender_none", call_len(BX, 8, 0, 0, &m), ERIX_ERR_BAD_ADDRESS);
	check("ipcbuf_sender_none_which", m.w[0], XB);
	unchanged("ipcbuf_sender_none", BX, before);
	register_cases();
	check("ipcbuf_register", set_buf((uint64_t)(uintptr_t)rbuf), ERIX_OK);
	check("ipcbuf_register_no_memory", kmem_used(ERIX_KCTL_SELF), before);
	fill(ERIX_IPC_BUFFER_WORDS, 1);
	check("ipcbuf_len_121", call_len(BX, ERIX_IPC_BUFFER_WORDS + 1, 0, 0, &m), ERIX_ERR_RANGE);
	check("ipcbuf_len_127", call_len(BX, ERIX_IPC_LEN_MASK, 0, 0, &m), ERIX_ERR_RANGE);
	check("ipcbuf_rdi_bit_31",
	      (uint64_t)erix_call(BX | 1ull << 31 | erix_ipc_len(8), 0, rbuf, &m),
	      ERIX_ERR_INVALID_ARGUMENT);
	unchanged("ipcbuf_len_over_bound", BX, before);
	check("ipcbuf_notify_len",
	      (uint64_t)erix_ipc(ERIX_SYS_NOTIFY, BX | erix_ipc_len(1), 0, rbuf, &m),
	      ERIX_ERR_INVALID_ARGUMENT);
	check("ipcbuf_recv_len", (uint64_t)erix_recv_msg(BX | erix_ipc_len(1), 0, &m),
	      ERIX_ERR_INVALID_ARGUMENT);
	check("ipcbuf_reply_recv_len_nothing_owed",
	      (uint64_t)erix_reply_recv(BX | erix_ipc_len(1), 0, rbuf, &m),
	      ERIX_ERR_INVALID_ARGUMENT);
	unchanged("ipcbuf_len_where_none_goes", BX, before);
	check("ipcbuf_len_refusals_buffer_kept", rbuf[5] == 1000003 + 36 && rbuf[120] == 0x5E47, 1);
}

/* n words out and reversed back: every word checked, the sentinel kept. */
static void round_trip(const char *name, uint64_t n, uint64_t reply_len)
{
	struct erix_msg m = {0, 0, {0, 0, 0, 0}};
	uint64_t sum = 0, ok = 1, kept = 1;
	char buf[LINE];

	fill(n, n);
	for (uint64_t i = 0; i < n; i++)
		sum += rbuf[i];
	erix_str_append(erix_str_append(buf, name), "_call");
	check(buf, call_len(BX, n, REV, reply_len, &m), ERIX_OK);
	served = m.w[3];
	erix_str_append(erix_str_append(buf, name), "_server_got_len");
	check(buf, m.w[0], n);
	erix_str_append(erix_str_append(buf, name), "_server_sum");
	check(buf, m.w[1], sum);
	erix_str_append(erix_str_append(buf, name), "_server_info");
	check(buf, m.w[2], ERIX_MSG_CALL | n << ERIX_IPC_LEN_SHIFT);
	erix_str_append(erix_str_append(buf, name), "_reply_len");
	check(buf, erix_msg_len(&m), reply_len);
	for (uint64_t i = 0; i < reply_len; i++)
		ok &= rbuf[i] == n * 1000003 + (n - 1 - i) * 7 + 1;
	for (uint64_t i = reply_len; i < n; i++)
		kept &= rbuf[i] == n * 1000003 + i * 7 + 1;
	erix_str_append(erix_str_append(buf, name), "_reply_words_reversed");
	check(buf, ok, 1);
	erix_str_append(erix_str_append(buf, name), "_words_past_reply_kept");
	check(buf, kept && rbuf[ERIX_IPC_BUFFER_WORDS] == 0x5E47, 1);
}

/* A reply with words to rootd while it has no buffer: the server is
 * refused and rootd still waits, for the server's plain reply. */
static void reply_cases(uint64_t before)
{
	struct erix_msg m = {0, 0, {0, 0, 0, 0}};

	check("ipcbuf_unregister", set_buf(0), ERIX_OK);
	check("ipcbuf_reply_to_bufferless_caller", call_len(BX, 0, 0, 8, &m), ERIX_OK);
	check("ipcbuf_reply_to_bufferless_refused", m.w[0], 0xE000 | ERIX_ERR_BAD_ADDRESS);
	check("ipcbuf_reply_to_bufferless_which", m.w[1], XRB);
	check("ipcbuf_reply_to_bufferless_plain_after", erix_msg_len(&m), 0);
	served = m.w[3];
	unchanged("ipcbuf_reply_refused", BX, before);
	check("ipcbuf_register_again", set_buf((uint64_t)(uintptr_t)rbuf), ERIX_OK);
}

/* rootd's buffer on a frame it maps, then unmaps: the page is looked up
 * again at the copy, and registration refuses it now. */
static void sender_unmapped_cases(void)
{
	struct erix_msg m = {0, 0, {0, 0, 0, 0}};
	uint64_t before;

	check("ipcbuf_frame_map", vsp(ERIX_KCTL_MAP_FRAME, BF, ERIX_KCTL_SELF, RVA, RW), ERIX_OK);
	check("ipcbuf_frame_register", set_buf(RVA), ERIX_OK);
	((volatile uint64_t *)RVA)[2] = 0xF2;
	check("ipcbuf_frame_call", call_len(BX, 4, REV, 4, &m), ERIX_OK);
	check("ipcbuf_frame_reversed", ((volatile uint64_t *)RVA)[1], 0xF2);
	served = m.w[3];
	check("ipcbuf_frame_unmap", vsp(ERIX_KCTL_UNMAP_FRAME, ERIX_KCTL_SELF, RVA, 0, 0), ERIX_OK);
	before = kmem_used(ERIX_KCTL_SELF);
	check("ipcbuf_sender_unmapped", call_len(BX, 4, 0, 0, &m), ERIX_ERR_BAD_ADDRESS);
	check("ipcbuf_sender_unmapped_which", m.w[0], XB);
	unchanged("ipcbuf_sender_unmapped", BX, before);
	check("ipcbuf_register_unmapped_frame", set_buf(RVA), ERIX_ERR_BAD_ADDRESS);
	check("ipcbuf_register_back", set_buf((uint64_t)(uintptr_t)rbuf), ERIX_OK);
}

/* The child's buffer is a frame rootd mapped into it before it ran, and
 * then unmaps: the copy into the child's VSpace (not the current one)
 * finds the page gone. */
static void receiver_unmapped_cases(void)
{
	struct erix_msg m = {0, 0, {0, 0, 0, 0}};
	uint64_t before = kmem_used(ERIX_KCTL_SELF), running;

	start_echo_buf("ipcbuf_mapped", &running);
	round_trip("ipcbuf_mapped_16", 16, 16);
	check("ipcbuf_mapped_unmap", vsp(ERIX_KCTL_UNMAP_FRAME, C_PROC, CHILD_IPCBUF_VA, 0, 0),
	      ERIX_OK);
	fill(8, 3);
	check("ipcbuf_receiver_unmapped", call_len(BX, 8, 0, 0, &m), ERIX_ERR_BAD_ADDRESS);
	check("ipcbuf_receiver_unmapped_which", m.w[0], XRB);
	unchanged("ipcbuf_receiver_unmapped", BX, running);
	check("ipcbuf_receiver_unmapped_sender_kept", rbuf[7] == 3 * 1000003 + 50, 1);
	kill_child("ipcbuf_mapped", before);
	erix_drop_local_cap(BFC);
}

/* An ECHO_PLAIN child registered no buffer: words for it are refused. */
static void receiver_none_cases(void)
{
	struct child_spec sp = spec(16, CHILD_BUDGET, CHILD_PRIO);
	struct erix_msg m = {0, 0, {0, 0, 0, 0}};
	const uint64_t w[4] = {41, 0, 0, 0};
	uint64_t before = kmem_used(ERIX_KCTL_SELF), running;

	sp.wait_slot = BX;
	check("ipcbuf_plain_start", run_child(&sp, CHILD_ECHO_PLAIN, "ipcbuf_plain_launch"),
	      CHILD_REPORTED);
	running = kmem_used(ERIX_KCTL_SELF);
	check("ipcbuf_receiver_none", call_len(BX, 8, 0, 0, &m), ERIX_ERR_BAD_ADDRESS);
	check("ipcbuf_receiver_none_which", m.w[0], XRB);
	check("ipcbuf_receiver_none_no_memory", kmem_used(ERIX_KCTL_SELF), running);
	check("ipcbuf_receiver_none_still_waiting", (uint64_t)erix_call(BX, 0, w, &m), ERIX_OK);
	check("ipcbuf_receiver_none_served_plain", m.w[0], 42);
	check("ipcbuf_receiver_none_reply_len", erix_msg_len(&m), 0);
	kill_child("ipcbuf_plain", before);
}

/* A faulted thread takes no words: the pager's REPLY with 64 buffer
 * words resumes it (it retries and faults again), nothing else. */
static void fault_cases(void)
{
	struct child_spec sp = spec(16, CHILD_BUDGET, CHILD_PRIO);
	struct erix_msg m = {0, 0, {0, 0, 0, 0}};
	uint64_t before = kmem_used(ERIX_KCTL_SELF);

	fill(64, 9);
	check("ipcbuf_fault_start", (uint64_t)child_launch(&sp, CHILD_PAGED), ERIX_OK);
	check("ipcbuf_fault_pager", pc(ERIX_KCTL_SET_PAGER, C_PROC, CHILD_SLOT_REPORT, 0, 0),
	      ERIX_OK);
	check("ipcbuf_fault_arrives", (uint64_t)erix_recv_msg(C_REPORT, 0, &m), ERIX_OK);
	check("ipcbuf_fault_type_no_words", m.info, ERIX_MSG_FAULT);
	check("ipcbuf_fault_reply_words_ignored",
	      (uint64_t)erix_reply(C_REPORT | erix_ipc_len(64), rbuf), ERIX_OK);
	check("ipcbuf_fault_retried", (uint64_t)erix_recv_msg(C_REPORT, 0, &m), ERIX_OK);
	check("ipcbuf_fault_retried_type", m.info, ERIX_MSG_FAULT);
	check("ipcbuf_fault_retried_address", m.w[0], CHILD_PAGED_VA + 8);
	check("ipcbuf_fault_sender_buffer_kept", rbuf[63] == 9 * 1000003 + 63 * 7 + 1, 1);
	kill_child("ipcbuf_fault", before);
}

void auth_ipcbuf_cases(void)
{
	uint64_t start, before, running;

	/* rootd's page tables for RVA stay once made: made first, so every
	 * figure below is exact. */
	check("ipcbuf_frame", frame(BF), ERIX_OK);
	check("ipcbuf_frame_warm_map", vsp(ERIX_KCTL_MAP_FRAME, BF, ERIX_KCTL_SELF, RVA, RW),
	      ERIX_OK);
	check("ipcbuf_frame_warm_unmap", vsp(ERIX_KCTL_UNMAP_FRAME, ERIX_KCTL_SELF, RVA, 0, 0),
	      ERIX_OK);
	start = kmem_used(ERIX_KCTL_SELF);
	check("ipcbuf_endpoint", pc(ERIX_KCTL_CREATE_ENDPOINT, BX, 0, 0, 0), ERIX_OK);
	before = kmem_used(ERIX_KCTL_SELF);
	start_echo_buf("ipcbuf_echo", &running);
	sender_cases(running);
	round_trip("ipcbuf_64", 64, 64);
	round_trip("ipcbuf_full", ERIX_IPC_BUFFER_WORDS, ERIX_IPC_BUFFER_WORDS);
	round_trip("ipcbuf_64_reply_3", 64, 3);
	round_trip("ipcbuf_1", 1, 1);
	reply_cases(kmem_used(ERIX_KCTL_SELF));
	sender_unmapped_cases();
	kill_child("ipcbuf_echo", before);
	erix_drop_local_cap(BFC);
	receiver_unmapped_cases();
	receiver_none_cases();
	fault_cases();
	check("ipcbuf_unregister_end", set_buf(0), ERIX_OK);
	erix_drop_local_cap(BF);
	erix_drop_local_cap(BX);
	check("ipcbuf_every_byte_back", kmem_used(ERIX_KCTL_SELF), start);
}
