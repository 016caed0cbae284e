/* The authority suite, memory part: RETYPE_UNTYPED_TO_FRAME on the memory
 * family, MAP_FRAME and UNMAP_FRAME on the vspace family. Every denial is
 * checked for its code and for having changed nothing; the untyped's
 * watermark is watched through the physical address each retype returns,
 * so "never handed out twice" and "comes back when its frames are gone"
 * are seen from user space. */
#include "authority.h"

#define F    (S + 80)  /* frame caps F .. F + 63 */
#define FR   (S + 144) /* a read-only copy */
#define FX   (S + 145) /* a spare */
#define MP   (S + 146) /* a stage to map into */
#define PF   (S + 147) /* the frame a child's fault gets */
#define MVA  0x20000000ull
#define MVA2 0x20001000ull
#define RW   (ERIX_PROT_READ | ERIX_PROT_WRITE)

static uint64_t mem(uint64_t op, uint64_t w1, uint64_t w2, uint64_t w3, uint64_t w4,
                    uint64_t out[4])
{
	return (uint64_t)erix_kctl(ERIX_SLOT_MEMORY, op, w1, w2, w3, w4, out);
}

static uint64_t vsp(uint64_t op, uint64_t w1, uint64_t w2, uint64_t w3, uint64_t w4)
{
	return (uint64_t)erix_kctl(ERIX_SLOT_VSPACE, op, w1, w2, w3, w4, NULL);
}

static uint64_t retype(uint64_t ut, uint64_t dst, uint64_t n, uint64_t *pa)
{
	uint64_t out[4] = {~0ull, 0, 0, 0};
	uint64_t err = mem(ERIX_KCTL_RETYPE_UNTYPED_TO_FRAME, ut, dst, n, ERIX_PAGE_SHIFT, out);

	if (pa)
		*pa = out[0];
	return err;
}

/* QUERY_CAP's physical base (w2) and size bits (w3) of a memory cap. */
static void memory_of(uint64_t slot, uint64_t *base, uint64_t *bits)
{
	uint64_t out[4] = {0, 0, ~0ull, ~0ull};

	erix_kctl(ERIX_SLOT_LOG_QUERY, ERIX_KCTL_QUERY_CAP, slot, 0, 0, 0, out);
	*base = out[2];
	*bits = out[3];
}

/* The smallest RAM untyped of at least 16 KiB, and the first device
 * untyped (RAM caps come first from ERIX_SLOT_UNTYPED_BASE). */
static void find_untyped(uint64_t *ram, uint64_t *bits, uint64_t *device)
{
	uint64_t base, b;

	*ram = *device = 0;
	*bits = 64;
	for (uint64_t s = ERIX_SLOT_UNTYPED_BASE; s < ERIX_ROOT_CSPACE_SLOTS; s++) {
		uint64_t t = type_of(s);

		if (t == ERIX_CAP_DEVICE_UNTYPED && !*device)
			*device = s;
		if (t != ERIX_CAP_UNTYPED)
			continue;
		memory_of(s, &base, &b);
		if (b >= 14 && b < *bits) {
			*ram = s;
			*bits = b;
		}
	}
}

static void drop_range(uint64_t first, uint64_t n)
{
	for (uint64_t i = 0; i < n; i++)
		erix_drop_local_cap(first + i);
}

static void retype_denials(uint64_t ut, uint64_t device)
{
	uint64_t before = kmem_used(ERIX_KCTL_SELF);

	check("retype_size_bits_13",
	      mem(ERIX_KCTL_RETYPE_UNTYPED_TO_FRAME, ut, F, 1, ERIX_PAGE_SHIFT + 1, NULL),
	      ERIX_ERR_INVALID_ARGUMENT);
	check("retype_count_0", retype(ut, F, 0, NULL), ERIX_ERR_RANGE);
	check("retype_count_65", retype(ut, F, ERIX_RETYPE_MAX_FRAMES + 1, NULL), ERIX_ERR_RANGE);
	check("retype_device_untyped", retype(device, F, 1, NULL), ERIX_ERR_WRONG_TYPE);
	check("retype_endpoint", retype(ERIX_SLOT_COM1, F, 1, NULL), ERIX_ERR_WRONG_TYPE);
	check("retype_empty_slot", retype(S + 254, F, 1, NULL), ERIX_ERR_EMPTY_SLOT);
	check("retype_untyped_slot_4096", retype(4096, F, 1, NULL), ERIX_ERR_INVALID_SLOT);
	/* The second destination is taken: not even the first is filled. */
	check("retype_dest_busy", retype(ut, ERIX_SLOT_COM1 - 1, 2, NULL), ERIX_ERR_BUSY);
	check("retype_dest_busy_first_empty", type_of(ERIX_SLOT_COM1 - 1), ERIX_CAP_NULL);
	check("retype_dest_past_cspace", retype(ut, 4095, 2, NULL), ERIX_ERR_INVALID_SLOT);
	check("retype_dest_past_cspace_4095_empty", type_of(4095), ERIX_CAP_NULL);
	check("retype_dest_wraps", retype(ut, ~0ull, 2, NULL), ERIX_ERR_INVALID_SLOT);
	check("retype_on_vspace_family",
	      (uint64_t)erix_kctl(ERIX_SLOT_VSPACE, ERIX_KCTL_RETYPE_UNTYPED_TO_FRAME, ut, F, 1,
	                          ERIX_PAGE_SHIFT, NULL),
	      ERIX_ERR_OP_DENIED);
	check("retype_denials_left_dest_empty", type_of(F), ERIX_CAP_NULL);
	check("retype_denials_changed_no_memory", kmem_used(ERIX_KCTL_SELF), before);
}

/* Retypes the whole untyped in batches of at most 64 frames, each starting
 * where the last ended; one more frame is NO_MEMORY. A mapping of the first
 * frame keeps the untyped from starting over while the batches' caps are
 * dropped; once it goes too, the block is whole again. */
static void retype_exhaustion(uint64_t ut, uint64_t base, uint64_t frames)
{
	uint64_t pa = 0, ok = 1, next = base;

	for (uint64_t done = 0; done < frames;) {
		uint64_t n = frames - done;

		n = n < ERIX_RETYPE_MAX_FRAMES ? n : ERIX_RETYPE_MAX_FRAMES;
		ok &= retype(ut, F, n, &pa) == ERIX_OK && pa == next;
		if (done == 0)
			ok &= vsp(ERIX_KCTL_MAP_FRAME, F, ERIX_KCTL_SELF, MVA, RW) == ERIX_OK;
		drop_range(F, n);
		next += n * PAGE;
		done += n;
	}
	check("retype_whole_untyped_in_order", ok, 1);
	check("retype_exhausted", retype(ut, F, 1, NULL), ERIX_ERR_NO_MEMORY);
	check("retype_exhausted_left_dest_empty", type_of(F), ERIX_CAP_NULL);
	check("retype_exhausted_unmap", vsp(ERIX_KCTL_UNMAP_FRAME, ERIX_KCTL_SELF, MVA, 0, 0),
	      ERIX_OK);
	check("retype_after_all_gone_starts_over", retype(ut, F, 1, &pa), ERIX_OK);
	check("retype_after_all_gone_base", pa, base);
	erix_drop_local_cap(F);
}

static void retype_cases(uint64_t ut, uint64_t base)
{
	uint64_t pa = 0, fb, bits, before = kmem_used(ERIX_KCTL_SELF);

	check("retype_one", retype(ut, F, 1, &pa), ERIX_OK);
	check("retype_one_at_base", pa, base);
	check("retype_frame_type", type_of(F), ERIX_CAP_FRAME);
	check("retype_frame_rights", rights_of(F),
	      ERIX_RIGHT_READ | ERIX_RIGHT_WRITE | ERIX_RIGHT_GRANT);
	memory_of(F, &fb, &bits);
	check("retype_frame_query_base", fb, base);
	check("retype_frame_query_bits", bits, ERIX_PAGE_SHIFT);
	check("retype_again_next_frame", retype(ut, F + 1, 2, &pa), ERIX_OK);
	check("retype_again_never_twice", pa, base + PAGE);
	check("retype_frames_cost_no_kernel_memory", kmem_used(ERIX_KCTL_SELF), before);
	check("retype_into_full_dest", retype(ut, F, 1, NULL), ERIX_ERR_BUSY);
	drop_range(F, 3);
	check("retype_all_dropped_starts_over", retype(ut, F, 1, &pa), ERIX_OK);
	check("retype_all_dropped_base", pa, base);
	erix_drop_local_cap(F);
}

static void map_denials(void)
{
	uint64_t before = kmem_used(ERIX_KCTL_SELF);

	check("map_kernel_half", vsp(ERIX_KCTL_MAP_FRAME, F, ERIX_KCTL_SELF, ERIX_USER_TOP, RW),
	      ERIX_ERR_BAD_ADDRESS);
	check("map_kernel_address",
	      vsp(ERIX_KCTL_MAP_FRAME, F, ERIX_KCTL_SELF, 0xFFFFFFFF80000000ull, RW),
	      ERIX_ERR_BAD_ADDRESS);
	check("map_page_zero", vsp(ERIX_KCTL_MAP_FRAME, F, ERIX_KCTL_SELF, 0, RW),
	      ERIX_ERR_BAD_ADDRESS);
	check("map_unaligned", vsp(ERIX_KCTL_MAP_FRAME, F, ERIX_KCTL_SELF, MVA + 8, RW),
	      ERIX_ERR_INVALID_ARGUMENT);
	check("map_w_and_x", vsp(ERIX_KCTL_MAP_FRAME, F, ERIX_KCTL_SELF, MVA, RW | ERIX_PROT_EXEC),
	      ERIX_ERR_INVALID_ARGUMENT);
	check("map_prot_0", vsp(ERIX_KCTL_MAP_FRAME, F, ERIX_KCTL_SELF, MVA, 0),
	      ERIX_ERR_INVALID_ARGUMENT);
	check("map_prot_unknown_bit", vsp(ERIX_KCTL_MAP_FRAME, F, ERIX_KCTL_SELF, MVA, RW | 8),
	      ERIX_ERR_INVALID_ARGUMENT);
	check("map_endpoint_as_frame",
	      vsp(ERIX_KCTL_MAP_FRAME, ERIX_SLOT_COM1, ERIX_KCTL_SELF, MVA, RW),
	      ERIX_ERR_WRONG_TYPE);
	check("map_untyped_as_frame",
	      vsp(ERIX_KCTL_MAP_FRAME, ERIX_SLOT_UNTYPED_BASE, ERIX_KCTL_SELF, MVA, RW),
	      ERIX_ERR_WRONG_TYPE);
	check("map_empty_slot", vsp(ERIX_KCTL_MAP_FRAME, S + 254, ERIX_KCTL_SELF, MVA, RW),
	      ERIX_ERR_EMPTY_SLOT);
	check("map_target_not_process", vsp(ERIX_KCTL_MAP_FRAME, F, ERIX_SLOT_COM1, MVA, RW),
	      ERIX_ERR_WRONG_TYPE);
	check("map_on_memory_family",
	      (uint64_t)erix_kctl(ERIX_SLOT_MEMORY, ERIX_KCTL_MAP_FRAME, F, ERIX_KCTL_SELF, MVA, RW,
	                          NULL),
	      ERIX_ERR_OP_DENIED);
	check("map_denials_changed_no_memory", kmem_used(ERIX_KCTL_SELF), before);
	check("map_denials_left_va_unmapped", vsp(ERIX_KCTL_UNMAP_FRAME, ERIX_KCTL_SELF, MVA, 0, 0),
	      ERIX_ERR_NOT_FOUND);
}

static void map_rights_cases(void)
{
	volatile uint64_t *page = (volatile uint64_t *)MVA, *copy = (volatile uint64_t *)MVA2;

	check("map_rw", vsp(ERIX_KCTL_MAP_FRAME, F, ERIX_KCTL_SELF, MVA, RW), ERIX_OK);
	check("map_rw_zeroed", page[0] | page[511], 0);
	page[0] = 0x5EED;
	page[511] = 0xF00D;
	check("map_rw_holds", page[0] + page[511], 0x5EED + 0xF00D);
	check("map_busy", vsp(ERIX_KCTL_MAP_FRAME, F, ERIX_KCTL_SELF, MVA, RW), ERIX_ERR_BUSY);
	check("frame_copy_read_only", pc(ERIX_KCTL_CAP_COPY_ATTENUATED, F, FR, ERIX_RIGHT_READ, 0),
	      ERIX_OK);
	check("frame_copy_no_amplify",
	      pc(ERIX_KCTL_CAP_COPY_ATTENUATED, FR, FX, ERIX_RIGHT_READ | ERIX_RIGHT_WRITE, 0),
	      ERIX_ERR_NO_RIGHTS);
	check("frame_copy_no_amplify_left_empty", type_of(FX), ERIX_CAP_NULL);
	check("map_read_only_cap_writable", vsp(ERIX_KCTL_MAP_FRAME, FR, ERIX_KCTL_SELF, MVA2, RW),
	      ERIX_ERR_NO_RIGHTS);
	check("map_read_only_cap_executable",
	      vsp(ERIX_KCTL_MAP_FRAME, FR, ERIX_KCTL_SELF, MVA2, ERIX_PROT_READ | ERIX_PROT_EXEC),
	      ERIX_OK);
	check("map_alias_sees_same_frame", copy[0] + copy[511], 0x5EED + 0xF00D);
	check("unmap_alias", vsp(ERIX_KCTL_UNMAP_FRAME, ERIX_KCTL_SELF, MVA2, 0, 0), ERIX_OK);
	check("map_read_only_cap_read",
	      vsp(ERIX_KCTL_MAP_FRAME, FR, ERIX_KCTL_SELF, MVA2, ERIX_PROT_READ), ERIX_OK);
	check("map_read_only_sees_frame", copy[0], 0x5EED);
	check("unmap_read_only", vsp(ERIX_KCTL_UNMAP_FRAME, ERIX_KCTL_SELF, MVA2, 0, 0), ERIX_OK);
	erix_drop_local_cap(FR);
}

static void unmap_cases(void)
{
	volatile uint64_t *page = (volatile uint64_t *)MVA;

	check("unmap_kernel_half", vsp(ERIX_KCTL_UNMAP_FRAME, ERIX_KCTL_SELF, ERIX_USER_TOP, 0, 0),
	      ERIX_ERR_BAD_ADDRESS);
	check("unmap_unaligned", vsp(ERIX_KCTL_UNMAP_FRAME, ERIX_KCTL_SELF, MVA + 8, 0, 0),
	      ERIX_ERR_INVALID_ARGUMENT);
	/* rootd's own text is an ELF page, not a frame mapping. */
	check("unmap_not_a_frame_mapping",
	      vsp(ERIX_KCTL_UNMAP_FRAME, ERIX_KCTL_SELF,
	          (uint64_t)(uintptr_t)&run_authority_suite & ~(PAGE - 1), 0, 0),
	      ERIX_ERR_WRONG_TYPE);
	check("unmap_target_not_process", vsp(ERIX_KCTL_UNMAP_FRAME, ERIX_SLOT_COM1, MVA, 0, 0),
	      ERIX_ERR_WRONG_TYPE);
	check("unmap", vsp(ERIX_KCTL_UNMAP_FRAME, ERIX_KCTL_SELF, MVA, 0, 0), ERIX_OK);
	check("unmap_again", vsp(ERIX_KCTL_UNMAP_FRAME, ERIX_KCTL_SELF, MVA, 0, 0),
	      ERIX_ERR_NOT_FOUND);
	check("remap_after_unmap", vsp(ERIX_KCTL_MAP_FRAME, F, ERIX_KCTL_SELF, MVA, RW), ERIX_OK);
	check("remap_keeps_contents", page[0], 0x5EED);
}

/* A mapping keeps its frame after the cap goes: the untyped does not start
 * over until the mapping is gone too, then it does. */
static void lifetime_cases(uint64_t ut, uint64_t base)
{
	volatile uint64_t *page = (volatile uint64_t *)MVA;
	uint64_t pa = 0, before;

	check("drop_mapped_frame_cap", (uint64_t)erix_drop_local_cap(F), ERIX_OK);
	check("mapping_outlives_cap", page[0], 0x5EED);
	check("retype_while_mapped_not_reused", retype(ut, FX, 1, &pa), ERIX_OK);
	check("retype_while_mapped_next_frame", pa != base, 1);
	erix_drop_local_cap(FX);
	check("unmap_last_child", vsp(ERIX_KCTL_UNMAP_FRAME, ERIX_KCTL_SELF, MVA, 0, 0), ERIX_OK);
	check("retype_after_unmap_starts_over", retype(ut, F, 1, &pa), ERIX_OK);
	check("retype_after_unmap_base", pa, base);

	/* Into a stage rootd holds: its budget pays the tables, and its
	 * teardown ends the mapping. */
	check("map_child_stage", pc(ERIX_KCTL_CREATE_STAGED_PROCESS, MP, 16, 65536, 10), ERIX_OK);
	before = kmem_used(MP);
	check("map_into_child", vsp(ERIX_KCTL_MAP_FRAME, F, MP, MVA, RW), ERIX_OK);
	check("map_into_child_charged_child", kmem_used(MP) > before, 1);
	check("unmap_from_child", vsp(ERIX_KCTL_UNMAP_FRAME, MP, MVA, 0, 0), ERIX_OK);
	check("map_into_child_again", vsp(ERIX_KCTL_MAP_FRAME, F, MP, MVA, RW), ERIX_OK);
	check("map_child_abort", pc(ERIX_KCTL_ABORT_STAGED_PROCESS, MP, 0, 0, 0), ERIX_OK);
	check("map_into_aborted_child", vsp(ERIX_KCTL_MAP_FRAME, F, MP, MVA, RW),
	      ERIX_ERR_EMPTY_SLOT);
	erix_drop_local_cap(F);
	check("retype_after_child_died_starts_over", retype(ut, F, 1, &pa), ERIX_OK);
	check("retype_after_child_died_base", pa, base);
	erix_drop_local_cap(F);
}

static uint64_t resolve(uint64_t pager, uint64_t via, uint64_t frame, uint64_t prot)
{
	return (uint64_t)erix_kctl(pager, ERIX_KCTL_RESOLVE_FAULT, via, frame, prot, 0, NULL);
}

static const uint64_t none[4] = {0, 0, 0, 0};

/* Before the fault is resolved: each denial leaves the child waiting, its
 * budget untouched. */
static void resolve_denials(void)
{
	uint64_t child = kmem_used(C_PROC);

	check("resolve_wrong_endpoint", resolve(ERIX_SLOT_PAGER, C_WAIT, PF, RW),
	      ERIX_ERR_NOT_FOUND);
	check("resolve_control_endpoint", resolve(ERIX_SLOT_PAGER, ERIX_SLOT_COM1, PF, RW),
	      ERIX_ERR_WRONG_TYPE);
	check("resolve_read_only_frame_rw", resolve(ERIX_SLOT_PAGER, C_REPORT, FR, RW),
	      ERIX_ERR_NO_RIGHTS);
	check("resolve_w_and_x", resolve(ERIX_SLOT_PAGER, C_REPORT, PF, RW | ERIX_PROT_EXEC),
	      ERIX_ERR_INVALID_ARGUMENT);
	check("resolve_not_a_frame", resolve(ERIX_SLOT_PAGER, C_REPORT, C_WAIT, RW),
	      ERIX_ERR_WRONG_TYPE);
	check("resolve_on_vspace_family", resolve(ERIX_SLOT_VSPACE, C_REPORT, PF, RW),
	      ERIX_ERR_OP_DENIED);
	check("resolve_denials_child_waits", threads_of(C_PROC), 1);
	check("resolve_denials_child_budget_unchanged", kmem_used(C_PROC), child);
}

/* rootd pages a child through the child's own report endpoint. */
static void pager_fault_cases(uint64_t ut, uint64_t base)
{
	struct child_spec sp = spec(16, CHILD_BUDGET, CHILD_PRIO);
	struct erix_msg m = {0, 0, {0, 0, 0, 0}}, scratch;
	volatile uint64_t *mine = (volatile uint64_t *)MVA;
	uint64_t before = kmem_used(ERIX_KCTL_SELF), w = 0, pa = 0;

	check("pager_frame", retype(ut, PF, 1, NULL), ERIX_OK);
	check("pager_frame_read_only",
	      pc(ERIX_KCTL_CAP_COPY_ATTENUATED, PF, FR, ERIX_RIGHT_READ, 0), ERIX_OK);
	check("resolve_nothing_owed", resolve(ERIX_SLOT_PAGER, C_REPORT, PF, RW),
	      ERIX_ERR_NOT_FOUND);
	check("pager_child_start", (uint64_t)child_launch(&sp, CHILD_PAGED), ERIX_OK);
	check("pager_set", pc(ERIX_KCTL_SET_PAGER, C_PROC, CHILD_SLOT_REPORT, 0, 0), ERIX_OK);
	check("pager_fault_arrives", (uint64_t)erix_recv_msg(C_REPORT, 0, &m), ERIX_OK);
	check("pager_fault_type", m.info & 0xff, ERIX_MSG_FAULT);
	check("pager_fault_address", m.w[0], CHILD_PAGED_VA + 8);
	check("pager_fault_write", m.w[1], ERIX_FAULT_WRITE);
	check("pager_fault_rip_user", m.w[2] >= ERIX_USER_MIN && m.w[2] < ERIX_USER_TOP, 1);
	check("pager_fault_badge_pid", m.badge >> 32, child_last_pid);
	resolve_denials();
	check("resolve", resolve(ERIX_SLOT_PAGER, C_REPORT, PF, RW), ERIX_OK);
	check("resolve_again_nothing_owed", resolve(ERIX_SLOT_PAGER, C_REPORT, PF, RW),
	      ERIX_ERR_NOT_FOUND);
	check("resolved_child_ran", (uint64_t)erix_recv_word(C_REPORT, NULL, &w), ERIX_OK);
	check("resolved_child_wrote_and_read", w, CHILD_REPORTED | CHILD_VALUE(0xFACE));
	/* The child's page is the frame: rootd reads the child's write. */
	check("resolved_frame_map_rootd",
	      vsp(ERIX_KCTL_MAP_FRAME, FR, ERIX_KCTL_SELF, MVA, ERIX_PROT_READ), ERIX_OK);
	check("resolved_frame_shared", mine[1], 0xFACE);
	check("resolved_frame_unmap_rootd", vsp(ERIX_KCTL_UNMAP_FRAME, ERIX_KCTL_SELF, MVA, 0, 0),
	      ERIX_OK);
	/* A read of the next page: a plain REPLY resumes the child, which
	 * retries and faults again. */
	check("pager_second_fault", (uint64_t)erix_recv_msg(C_REPORT, 0, &m), ERIX_OK);
	check("pager_second_fault_address", m.w[0], CHILD_PAGED_VA + PAGE);
	check("pager_second_fault_read", m.w[1], 0);
	check("pager_reply_with_cap_refused",
	      (uint64_t)erix_ipc(ERIX_SYS_REPLY,
	                         erix_ipc_rdi(C_REPORT, ERIX_IPC_F_SEND_CAP1, C_WAIT, 0), 0, none,
	                         &scratch),
	      ERIX_ERR_INVALID_ARGUMENT);
	check("pager_reply_retries", (uint64_t)erix_reply(C_REPORT, none), ERIX_OK);
	check("pager_retry_faults_again", (uint64_t)erix_recv_msg(C_REPORT, 0, &m), ERIX_OK);
	check("pager_retry_same_address", m.w[0], CHILD_PAGED_VA + PAGE);
	/* Killed while its fault waits: the reply finds nobody, the child's
	 * mapping goes with its VSpace. */
	check("pager_kill_while_waiting", pc(ERIX_KCTL_KILL_PROCESS, C_PROC, 0, 0, 0), ERIX_OK);
	check("pager_kill_reply_finds_none", (uint64_t)erix_reply(C_REPORT, none),
	      ERIX_ERR_NOT_FOUND);
	check("pager_every_byte_back", kmem_used(ERIX_KCTL_SELF), before);
	erix_drop_local_cap(FR);
	erix_drop_local_cap(PF);
	check("pager_untyped_whole_again", retype(ut, F, 1, &pa), ERIX_OK);
	check("pager_untyped_whole_again_base", pa, base);
	erix_drop_local_cap(F);
}

void auth_memory_cases(void)
{
	uint64_t ut, bits, device, base, before;

	find_untyped(&ut, &bits, &device);
	check("memory_found_ram_untyped", ut != 0, 1);
	check("memory_found_device_untyped", device != 0, 1);
	if (!ut || !device)
		return;
	memory_of(ut, &base, &bits);
	/* The tables under MVA stay with rootd's VSpace once made: made here,
	 * before the count, the cases below must give back every byte. */
	check("memory_warm_retype", retype(ut, F, 1, NULL), ERIX_OK);
	check("memory_warm_map", vsp(ERIX_KCTL_MAP_FRAME, F, ERIX_KCTL_SELF, MVA, RW), ERIX_OK);
	check("memory_warm_unmap", vsp(ERIX_KCTL_UNMAP_FRAME, ERIX_KCTL_SELF, MVA, 0, 0), ERIX_OK);
	erix_drop_local_cap(F);
	before = kmem_used(ERIX_KCTL_SELF);
	retype_denials(ut, device);
	retype_cases(ut, base);
	check("retype_setup", retype(ut, F, 1, NULL), ERIX_OK);
	map_denials();
	map_rights_cases();
	unmap_cases();
	lifetime_cases(ut, base);
	if (bits <= 20)
		retype_exhaustion(ut, base, (1ull << bits) / PAGE);
	check("memory_report_endpoint", pc(ERIX_KCTL_CREATE_ENDPOINT, C_REPORT, 0, 0, 0), ERIX_OK);
	check("memory_wait_endpoint", pc(ERIX_KCTL_CREATE_ENDPOINT, C_WAIT, 0, 0, 0), ERIX_OK);
	pager_fault_cases(ut, base);
	erix_drop_local_cap(C_WAIT);
	erix_drop_local_cap(C_REPORT);
	check("memory_cases_every_byte_back", kmem_used(ERIX_KCTL_SELF), before);
}
