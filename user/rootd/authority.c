/* The authority suite, part 1 (ROOTD_TEST=authority): rootd and test
 * children started through the staged path exercise every rule of the
 * process and capability surface, positive and negative. Each denial is
 * checked for its exact error code and for having changed nothing (slot
 * contents, kernel-memory figures). One ERIX_AUTH:CASE line per case, then
 * ERIX_AUTH:TOTAL; the boot test fails on any FAIL. The expected values
 * here are this file's own spec, written from DESIGN.md section 4. */
#include "authority.h"

#include <elf/elf64.h>

static unsigned passed, failed;

static void line(const char *name, int ok, uint64_t got, uint64_t want)
{
	char buf[LINE], *p = buf;

	p = erix_str_append(p, ERIX_MARK_AUTH_CASE " name=");
	p = erix_str_append(p, name);
	if (ok) {
		erix_str_append(p, " PASS");
		passed++;
	} else {
		p = erix_str_append(p, " FAIL got=");
		p = erix_u64_append(p, got);
		p = erix_str_append(p, " want=");
		erix_u64_append(p, want);
		failed++;
	}
	erix_log(buf);
}

void check(const char *name, uint64_t got, uint64_t want)
{
	line(name, got == want, got, want);
}

uint64_t pc(uint64_t op, uint64_t w1, uint64_t w2, uint64_t w3, uint64_t w4)
{
	return (uint64_t)erix_kctl(ERIX_SLOT_PROCESS_CONTROL, op, w1, w2, w3, w4, NULL);
}

uint64_t pc_out(uint64_t op, uint64_t w1, uint64_t w2, uint64_t w3, uint64_t w4, uint64_t out[4])
{
	return (uint64_t)erix_kctl(ERIX_SLOT_PROCESS_CONTROL, op, w1, w2, w3, w4, out);
}

/* Bytes of kernel memory the process at slot (or rootd) holds. */
uint64_t kmem_used(uint64_t slot)
{
	uint64_t out[4] = {~0ull, 0, 0, 0};

	erix_kctl(ERIX_SLOT_PROCESS_CONTROL, ERIX_KCTL_READ_KERNEL_MEMORY, slot, 0, 0, 0, out);
	return out[0];
}

uint64_t threads_of(uint64_t slot)
{
	uint64_t out[4] = {0, 0, ~0ull, 0};

	erix_kctl(ERIX_SLOT_PROCESS_CONTROL, ERIX_KCTL_READ_KERNEL_MEMORY, slot, 0, 0, 0, out);
	return out[2];
}

uint64_t type_of(uint64_t slot)
{
	struct erix_cap_info info = {~0ull, 0, 0};

	erix_query_local_cap(slot, &info);
	return info.type;
}

uint64_t rights_of(uint64_t slot)
{
	struct erix_cap_info info = {0, ~0ull, 0};

	erix_query_local_cap(slot, &info);
	return info.rights;
}

uint64_t kind_of(uint64_t slot)
{
	struct erix_cap_info info = {0, 0, ~0ull};

	erix_query_local_cap(slot, &info);
	return info.kind;
}

/* ------------------------------------------- family x op denials */

/* DESIGN.md section 4: the ops each dedicated family allows. */
static const struct {
	uint64_t slot;
	const char *name;
	uint8_t ops[14];
} families[] = {
    {ERIX_SLOT_TIMED, "timed", {ERIX_KCTL_READ_MONOTONIC_CLOCK, ERIX_KCTL_QUERY_CAP}},
    {ERIX_SLOT_IRQD,
     "irqd",
     {ERIX_KCTL_IRQ_BIND, ERIX_KCTL_IRQ_WAIT, ERIX_KCTL_IRQ_ACK, ERIX_KCTL_IRQ_MASK,
      ERIX_KCTL_IRQ_UNMASK, ERIX_KCTL_READ_MONOTONIC_CLOCK}},
    {ERIX_SLOT_HOTPLUGD, "hotplugd", {ERIX_KCTL_HOTPLUG_WAIT, ERIX_KCTL_QUERY_CAP}},
    {ERIX_SLOT_PCI_CONFIG,
     "pci",
     {ERIX_KCTL_READ_PLATFORM_CAPS, ERIX_KCTL_READ_PCI_CONFIG_DWORD, ERIX_KCTL_QUERY_CAP}},
    {ERIX_SLOT_CONSOLE,
     "console",
     {ERIX_KCTL_FB_QUERY, ERIX_KCTL_FB_MAP, ERIX_KCTL_FONT_QUERY, ERIX_KCTL_FONT_MAP,
      ERIX_KCTL_LOG_STRING, ERIX_KCTL_QUERY_CAP}},
    {ERIX_SLOT_COM1,
     "com1",
     {ERIX_KCTL_IOPORT_READ8, ERIX_KCTL_IOPORT_WRITE8, ERIX_KCTL_QUERY_CAP}},
    {ERIX_SLOT_MEMORY, "memory", {ERIX_KCTL_RETYPE_UNTYPED_TO_FRAME, ERIX_KCTL_QUERY_CAP}},
    {ERIX_SLOT_VSPACE, "vspace", {ERIX_KCTL_MAP_FRAME, ERIX_KCTL_UNMAP_FRAME, ERIX_KCTL_QUERY_CAP}},
    {ERIX_SLOT_PAGER, "pager", {ERIX_KCTL_RESOLVE_FAULT, ERIX_KCTL_QUERY_CAP}},
    {ERIX_SLOT_LOG_QUERY,
     "log_query",
     {ERIX_KCTL_QUERY_CAP, ERIX_KCTL_LOG_STRING, ERIX_KCTL_WRITE_LEGACY_SERIAL}},
    {ERIX_SLOT_PROCESS_CONTROL,
     "process",
     {ERIX_KCTL_KILL_PROCESS, ERIX_KCTL_CREATE_ENDPOINT, ERIX_KCTL_CAP_COPY_ATTENUATED,
      ERIX_KCTL_CREATE_STAGED_PROCESS, ERIX_KCTL_DERIVE_INSTALL_GRANT, ERIX_KCTL_INSTALL_WITH_GRANT,
      ERIX_KCTL_ABORT_STAGED_PROCESS, ERIX_KCTL_WRITE_PROCESS_MEMORY, ERIX_KCTL_START_PROCESS,
      ERIX_KCTL_SPAWN_THREAD, ERIX_KCTL_MAP_PROCESS_ANON, ERIX_KCTL_READ_KERNEL_MEMORY,
      ERIX_KCTL_SET_PAGER, ERIX_KCTL_SET_AFFINITY}},
    {ERIX_SLOT_ACPI,
     "acpi",
     {ERIX_KCTL_READ_PLATFORM_CAPS, ERIX_KCTL_GET_ACPI_RSDP, ERIX_KCTL_READ_ACPI_QWORDS,
      ERIX_KCTL_QUERY_CAP}},
    {ERIX_SLOT_I8042,
     "i8042",
     {ERIX_KCTL_IOPORT_READ8, ERIX_KCTL_IOPORT_WRITE8, ERIX_KCTL_QUERY_CAP}},
    {ERIX_SLOT_ROOTD_LOG,
     "rootd_log",
     {ERIX_KCTL_LOG_STRING, ERIX_KCTL_REPORT_STAGE, ERIX_KCTL_REPORT_STATUS, ERIX_KCTL_QUERY_CAP,
      ERIX_KCTL_REPORT_DIAGNOSTIC}},
};

#define OP_NUMBER(name, number) number,
static const uint8_t all_ops[] = {ERIX_KCTL_OPS(OP_NUMBER)};
#define OP_NAME(name, number) #name,
static const char *const op_names[] = {ERIX_KCTL_OPS(OP_NAME)};

static int allows(unsigned f, uint8_t op)
{
	for (unsigned i = 0; i < sizeof(families[f].ops) && families[f].ops[i]; i++)
		if (families[f].ops[i] == op)
			return 1;
	return 0;
}

/* Every op a family does not list is OP_DENIED; the arguments name a live
 * slot and a port inside each window, so a wrongly allowed op would act. */
static void family_denials(void)
{
	char name[LINE];
	uint64_t before = kmem_used(ERIX_KCTL_SELF);

	for (unsigned f = 0; f < sizeof(families) / sizeof(families[0]); f++) {
		for (unsigned i = 0; i < sizeof(all_ops); i++) {
			char *p = name;

			if (allows(f, all_ops[i]))
				continue;
			p = erix_str_append(p, "deny_");
			p = erix_str_append(p, families[f].name);
			p = erix_str_append(p, "_");
			erix_str_append(p, op_names[i]);
			check(name,
			      (uint64_t)erix_kctl(families[f].slot, all_ops[i], S + 255, 0, 0, 0,
			                          NULL),
			      ERIX_ERR_OP_DENIED);
		}
	}
	check("denials_changed_no_memory", kmem_used(ERIX_KCTL_SELF), before);
	check("denials_left_slot_empty", type_of(S + 255), ERIX_CAP_NULL);
}

/* SET_AFFINITY on the process family (the other families deny it above):
 * a query of rootd itself, then a CPU past the online ones and a thread id
 * that names no thread of rootd, each refused with nothing moved. The
 * ROOTD_TEST=smp scenarios bind threads on more than one CPU. */
static void affinity_cases(void)
{
	uint64_t out[4] = {0, ~0ull, 0, 0}, online, cpu;

	check("affinity_query_self",
	      pc_out(ERIX_KCTL_SET_AFFINITY, ERIX_KCTL_SELF, ERIX_AFFINITY_QUERY, 0, 0, out),
	      ERIX_OK);
	online = out[0];
	cpu = out[1];
	check("affinity_online_at_least_one", online >= 1, 1);
	check("affinity_self_below_online", cpu < online, 1);
	check("affinity_bind_self_where_it_is",
	      pc_out(ERIX_KCTL_SET_AFFINITY, ERIX_KCTL_SELF, cpu, 0, 0, out), ERIX_OK);
	check("affinity_bind_self_cpu_before", out[1], cpu);
	check("affinity_cpu_past_online", pc(ERIX_KCTL_SET_AFFINITY, ERIX_KCTL_SELF, online, 0, 0),
	      ERIX_ERR_RANGE);
	check("affinity_bogus_tid", pc(ERIX_KCTL_SET_AFFINITY, 0x7FFFFFF0, 0, 0, 0),
	      ERIX_ERR_NOT_FOUND);
	pc_out(ERIX_KCTL_SET_AFFINITY, ERIX_KCTL_SELF, ERIX_AFFINITY_QUERY, 0, 0, out);
	check("affinity_refusals_moved_nothing", out[1], cpu);
}

/* ------------------------------------------------------- cap ops */

static void query_cases(void)
{
	uint64_t out[4] = {0, 0, 0, 0};

	check("query_cap_bad_flags",
	      (uint64_t)erix_kctl(ERIX_SLOT_LOG_QUERY, ERIX_KCTL_QUERY_CAP, ERIX_SLOT_COM1, 2, 0, 0,
	                          NULL),
	      ERIX_ERR_INVALID_ARGUMENT);
	check("query_cap_slot_4096",
	      (uint64_t)erix_kctl(ERIX_SLOT_LOG_QUERY, ERIX_KCTL_QUERY_CAP, 4096, 0, 0, 0, NULL),
	      ERIX_ERR_INVALID_SLOT);
	check("query_cap_slot_4095",
	      (uint64_t)erix_kctl(ERIX_SLOT_LOG_QUERY, ERIX_KCTL_QUERY_CAP, 4095, 0, 0, 0, NULL),
	      ERIX_OK);
	erix_kctl(ERIX_SLOT_LOG_QUERY, ERIX_KCTL_QUERY_CAP, ERIX_SLOT_COM1,
	          ERIX_QUERY_CAP_INCLUDE_ENDPOINT_KIND, 0, 0, out);
	check("query_cap_kind_com1", out[1] >> 32, ERIX_EP_COM1);
	check("query_cap_type_com1", out[0], ERIX_CAP_ENDPOINT);
	erix_kctl(ERIX_SLOT_LOG_QUERY, ERIX_KCTL_QUERY_CAP, ERIX_SLOT_UNTYPED_BASE,
	          ERIX_QUERY_CAP_INCLUDE_ENDPOINT_KIND, 0, 0, out);
	check("query_cap_untyped_kind_generic", out[1] >> 32, ERIX_EP_GENERIC);
	check("query_cap_untyped_type", out[0], ERIX_CAP_UNTYPED);
	check("query_local_kind_in_r8", kind_of(ERIX_SLOT_I8042), ERIX_EP_I8042);
	check("query_local_slot_4096",
	      (uint64_t)erix_query_local_cap(4096, &(struct erix_cap_info){0}),
	      ERIX_ERR_INVALID_SLOT);
	check("drop_local_empty", (uint64_t)erix_drop_local_cap(S + 254), ERIX_ERR_EMPTY_SLOT);
	check("drop_local_slot_4096", (uint64_t)erix_drop_local_cap(4096), ERIX_ERR_INVALID_SLOT);
	check("cap_copy_denied", pc(ERIX_KCTL_CAP_COPY, ERIX_SLOT_COM1, S, 0, 0),
	      ERIX_ERR_OP_DENIED);
	check("cap_copy_left_dest_empty", type_of(S), ERIX_CAP_NULL);
	check("create_process_denied", pc(ERIX_KCTL_CREATE_PROCESS, S, 0, 0, 0),
	      ERIX_ERR_OP_DENIED);
	check("create_process_left_dest_empty", type_of(S), ERIX_CAP_NULL);
}

static void endpoint_cases(void)
{
	uint64_t base = kmem_used(ERIX_KCTL_SELF), sender = 1, word = 0;

	check("create_endpoint", pc(ERIX_KCTL_CREATE_ENDPOINT, S, 0, 0, 0), ERIX_OK);
	check("create_endpoint_type", type_of(S), ERIX_CAP_ENDPOINT);
	check("create_endpoint_rights", rights_of(S),
	      ERIX_RIGHT_SEND | ERIX_RIGHT_RECV | ERIX_RIGHT_GRANT);
	check("create_endpoint_kind", kind_of(S), ERIX_EP_CHILD_POPULATE);
	check("create_endpoint_charged_in_frames", (kmem_used(ERIX_KCTL_SELF) - base) % PAGE, 0);
	check("create_endpoint_busy", pc(ERIX_KCTL_CREATE_ENDPOINT, S, 0, 0, 0), ERIX_ERR_BUSY);
	check("create_endpoint_busy_kept", kind_of(S), ERIX_EP_CHILD_POPULATE);
	check("create_endpoint_slot_4096", pc(ERIX_KCTL_CREATE_ENDPOINT, 4096, 0, 0, 0),
	      ERIX_ERR_INVALID_SLOT);
	/* Attenuation: subsets only. */
	check("copy_widen_denied",
	      pc(ERIX_KCTL_CAP_COPY_ATTENUATED, ERIX_SLOT_COM1, S + 1, ERIX_RIGHT_RECV, 0),
	      ERIX_ERR_NO_RIGHTS);
	check("copy_widen_dest_empty", type_of(S + 1), ERIX_CAP_NULL);
	check("copy_widen_all_denied",
	      pc(ERIX_KCTL_CAP_COPY_ATTENUATED, ERIX_SLOT_COM1, S + 1, ERIX_RIGHTS_ALL, 0),
	      ERIX_ERR_NO_RIGHTS);
	check("copy_send_only", pc(ERIX_KCTL_CAP_COPY_ATTENUATED, S, S + 1, ERIX_RIGHT_SEND, 0),
	      ERIX_OK);
	check("copy_send_only_rights", rights_of(S + 1), ERIX_RIGHT_SEND);
	check("copy_from_reduced_widen",
	      pc(ERIX_KCTL_CAP_COPY_ATTENUATED, S + 1, S + 2, ERIX_RIGHT_SEND | ERIX_RIGHT_RECV, 0),
	      ERIX_ERR_NO_RIGHTS);
	check("copy_from_reduced_dest_empty", type_of(S + 2), ERIX_CAP_NULL);
	check("copy_no_rights", pc(ERIX_KCTL_CAP_COPY_ATTENUATED, S, S + 2, 0, 0), ERIX_OK);
	check("copy_no_rights_notify", (uint64_t)erix_notify(S + 2), ERIX_ERR_NO_RIGHTS);
	check("copy_no_rights_recv", (uint64_t)erix_recv(S + 2, NULL), ERIX_ERR_NO_RIGHTS);
	check("copy_busy_dest", pc(ERIX_KCTL_CAP_COPY_ATTENUATED, S, S + 2, 0, 0), ERIX_ERR_BUSY);
	check("copy_empty_src", pc(ERIX_KCTL_CAP_COPY_ATTENUATED, S + 250, S + 3, 0, 0),
	      ERIX_ERR_EMPTY_SLOT);
	check("copy_untyped_denied",
	      pc(ERIX_KCTL_CAP_COPY_ATTENUATED, ERIX_SLOT_UNTYPED_BASE, S + 3, ERIX_RIGHT_READ, 0),
	      ERIX_ERR_WRONG_TYPE);
	check("copy_untyped_dest_empty", type_of(S + 3), ERIX_CAP_NULL);
	check("copy_src_4096", pc(ERIX_KCTL_CAP_COPY_ATTENUATED, 4096, S + 3, 0, 0),
	      ERIX_ERR_INVALID_SLOT);
	check("copy_dst_4096", pc(ERIX_KCTL_CAP_COPY_ATTENUATED, S, 4096, 0, 0),
	      ERIX_ERR_INVALID_SLOT);
	/* Aliases share one queue: a NOTIFY on the copy reaches a RECV on the
	 * original; dropping one alias leaves the other working. */
	check("alias_notify", (uint64_t)erix_notify_word(S + 1, 0x40), ERIX_OK);
	check("alias_recv", (uint64_t)erix_recv_word(S, &sender, &word), ERIX_OK);
	check("alias_same_queue_word", word, 0x40);
	check("alias_drop_one", (uint64_t)erix_drop_local_cap(S + 1), ERIX_OK);
	check("alias_other_still_works", (uint64_t)erix_notify(S), ERIX_OK);
	check("alias_other_recv", (uint64_t)erix_recv(S, NULL), ERIX_OK);
	check("alias_dropped_slot_empty", type_of(S + 1), ERIX_CAP_NULL);
	check("drop_alias_2", (uint64_t)erix_drop_local_cap(S + 2), ERIX_OK);
	check("drop_last", (uint64_t)erix_drop_local_cap(S), ERIX_OK);
	check("endpoint_memory_returned", kmem_used(ERIX_KCTL_SELF), base);
	/* A copied control slot keeps its family surface, and only it. */
	check("copy_com1",
	      pc(ERIX_KCTL_CAP_COPY_ATTENUATED, ERIX_SLOT_COM1, S + 4, ERIX_RIGHT_SEND, 0),
	      ERIX_OK);
	check("copy_com1_kind", kind_of(S + 4), ERIX_EP_COM1);
	check("copy_com1_reads_port",
	      (uint64_t)erix_kctl(S + 4, ERIX_KCTL_IOPORT_READ8, ERIX_IOPORT_COM1_FIRST + 5, 0, 0,
	                          0, NULL),
	      ERIX_OK);
	check("copy_com1_port_window",
	      (uint64_t)erix_kctl(S + 4, ERIX_KCTL_IOPORT_READ8, 0x80, 0, 0, 0, NULL),
	      ERIX_ERR_RANGE);
	check("copy_com1_no_log",
	      (uint64_t)erix_kctl(S + 4, ERIX_KCTL_LOG_STRING, (uint64_t)(uintptr_t) "x", 1, 0, 0,
	                          NULL),
	      ERIX_ERR_OP_DENIED);
	check("copy_com1_no_process_ops",
	      (uint64_t)erix_kctl(S + 4, ERIX_KCTL_CREATE_ENDPOINT, S + 5, 0, 0, 0, NULL),
	      ERIX_ERR_OP_DENIED);
	check("copy_com1_drop", (uint64_t)erix_drop_local_cap(S + 4), ERIX_OK);
	check("copy_com1_original_kept", kind_of(ERIX_SLOT_COM1), ERIX_EP_COM1);
	check(
	    "copy_process_control",
	    pc(ERIX_KCTL_CAP_COPY_ATTENUATED, ERIX_SLOT_PROCESS_CONTROL, S + 4, ERIX_RIGHT_SEND, 0),
	    ERIX_OK);
	check("copy_process_control_works",
	      (uint64_t)erix_kctl(S + 4, ERIX_KCTL_CREATE_ENDPOINT, S + 5, 0, 0, 0, NULL), ERIX_OK);
	check("copy_process_control_cap_copy_denied",
	      (uint64_t)erix_kctl(S + 4, ERIX_KCTL_CAP_COPY, S + 5, S + 6, 0, 0, NULL),
	      ERIX_ERR_OP_DENIED);
	erix_drop_local_cap(S + 5);
	erix_drop_local_cap(S + 4);
	check("control_copies_memory_returned", kmem_used(ERIX_KCTL_SELF), base);
}

/* --------------------------------------------------- staged processes */

#define P  (S + 16) /* a stage */
#define G  (S + 17) /* a grant */
#define E  (S + 18) /* an endpoint */
#define P2 (S + 19)
#define VA 0x10000000ull

static void create_cases(void)
{
	uint64_t base = kmem_used(ERIX_KCTL_SELF);
	uint64_t out[4] = {0, 0, 0, 0};

	check("stage_dest_busy", pc(ERIX_KCTL_CREATE_STAGED_PROCESS, ERIX_SLOT_COM1, 16, 65536, 10),
	      ERIX_ERR_BUSY);
	check("stage_slots_0", pc(ERIX_KCTL_CREATE_STAGED_PROCESS, P, 0, 65536, 10),
	      ERIX_ERR_RANGE);
	check("stage_slots_4097", pc(ERIX_KCTL_CREATE_STAGED_PROCESS, P, 4097, 65536, 10),
	      ERIX_ERR_RANGE);
	check("stage_budget_0", pc(ERIX_KCTL_CREATE_STAGED_PROCESS, P, 16, 0, 10),
	      ERIX_ERR_INVALID_ARGUMENT);
	check("stage_budget_unaligned", pc(ERIX_KCTL_CREATE_STAGED_PROCESS, P, 16, 65537, 10),
	      ERIX_ERR_INVALID_ARGUMENT);
	check("stage_prio_0", pc(ERIX_KCTL_CREATE_STAGED_PROCESS, P, 16, 65536, 0), ERIX_ERR_RANGE);
	check("stage_prio_above_caller",
	      pc(ERIX_KCTL_CREATE_STAGED_PROCESS, P, 16, 65536, ERIX_PRIO_ROOTD + 1),
	      ERIX_ERR_RANGE);
	check("stage_budget_over_own", pc(ERIX_KCTL_CREATE_STAGED_PROCESS, P, 16, 1ull << 40, 10),
	      ERIX_ERR_NO_MEMORY);
	check("stage_budget_too_small", pc(ERIX_KCTL_CREATE_STAGED_PROCESS, P, 16, 4096, 10),
	      ERIX_ERR_NO_MEMORY);
	check("stage_failures_left_slot_empty", type_of(P), ERIX_CAP_NULL);
	check("stage_failures_changed_no_memory", kmem_used(ERIX_KCTL_SELF), base);
	check("stage_create", pc_out(ERIX_KCTL_CREATE_STAGED_PROCESS, P, 16, 65536, 10, out),
	      ERIX_OK);
	check("stage_pid_nonzero", out[0] != 0, 1);
	check("stage_cap_type", type_of(P), ERIX_CAP_PROCESS);
	check("stage_budget_charged", kmem_used(ERIX_KCTL_SELF) >= base + 65536, 1);
	check("stage_budget_reported",
	      erix_kctl(ERIX_SLOT_PROCESS_CONTROL, ERIX_KCTL_READ_KERNEL_MEMORY, P, 0, 0, 0, out) ==
	              ERIX_OK &&
	          out[1] == 65536,
	      1);
	check("stage_one_thread", threads_of(P), 1);
	check("read_kmem_wrong_type", pc(ERIX_KCTL_READ_KERNEL_MEMORY, ERIX_SLOT_COM1, 0, 0, 0),
	      ERIX_ERR_WRONG_TYPE);
}

static void map_cases(void)
{
	uint64_t child = kmem_used(P);

	check("anon_unaligned", pc(ERIX_KCTL_MAP_PROCESS_ANON, P, VA + 1, 1, ERIX_PROT_READ),
	      ERIX_ERR_INVALID_ARGUMENT);
	check("anon_kernel_half",
	      pc(ERIX_KCTL_MAP_PROCESS_ANON, P, ERIX_PHYSMAP_BASE, 1, ERIX_PROT_READ),
	      ERIX_ERR_BAD_ADDRESS);
	check("anon_below_user_min", pc(ERIX_KCTL_MAP_PROCESS_ANON, P, 0x1000, 1, ERIX_PROT_READ),
	      ERIX_ERR_BAD_ADDRESS);
	check("anon_wraps_user_top",
	      pc(ERIX_KCTL_MAP_PROCESS_ANON, P, ERIX_USER_TOP - PAGE, 2, ERIX_PROT_READ),
	      ERIX_ERR_BAD_ADDRESS);
	check("anon_pages_0", pc(ERIX_KCTL_MAP_PROCESS_ANON, P, VA, 0, ERIX_PROT_READ),
	      ERIX_ERR_RANGE);
	check("anon_pages_257", pc(ERIX_KCTL_MAP_PROCESS_ANON, P, VA, 257, ERIX_PROT_READ),
	      ERIX_ERR_RANGE);
	check("anon_wx_denied",
	      pc(ERIX_KCTL_MAP_PROCESS_ANON, P, VA, 1,
	         ERIX_PROT_READ | ERIX_PROT_WRITE | ERIX_PROT_EXEC),
	      ERIX_ERR_INVALID_ARGUMENT);
	check("anon_prot_none", pc(ERIX_KCTL_MAP_PROCESS_ANON, P, VA, 1, 0),
	      ERIX_ERR_INVALID_ARGUMENT);
	check("anon_prot_unknown", pc(ERIX_KCTL_MAP_PROCESS_ANON, P, VA, 1, ERIX_PROT_READ | 8),
	      ERIX_ERR_INVALID_ARGUMENT);
	check("anon_wrong_type",
	      pc(ERIX_KCTL_MAP_PROCESS_ANON, ERIX_SLOT_COM1, VA, 1, ERIX_PROT_READ),
	      ERIX_ERR_WRONG_TYPE);
	check("anon_empty_slot", pc(ERIX_KCTL_MAP_PROCESS_ANON, S + 200, VA, 1, ERIX_PROT_READ),
	      ERIX_ERR_EMPTY_SLOT);
	check("anon_denials_changed_nothing", kmem_used(P), child);
	check("anon_rw", pc(ERIX_KCTL_MAP_PROCESS_ANON, P, VA, 2, ERIX_PROT_READ | ERIX_PROT_WRITE),
	      ERIX_OK);
	check("anon_rw_charged_to_child", kmem_used(P) > child, 1);
	check("anon_rx",
	      pc(ERIX_KCTL_MAP_PROCESS_ANON, P, VA + 2 * PAGE, 1, ERIX_PROT_READ | ERIX_PROT_EXEC),
	      ERIX_OK);
	check("anon_r", pc(ERIX_KCTL_MAP_PROCESS_ANON, P, VA + 3 * PAGE, 1, ERIX_PROT_READ),
	      ERIX_OK);
	child = kmem_used(P);
	check("anon_overlap_busy", pc(ERIX_KCTL_MAP_PROCESS_ANON, P, VA + PAGE, 4, ERIX_PROT_READ),
	      ERIX_ERR_BUSY);
	check("anon_over_budget",
	      pc(ERIX_KCTL_MAP_PROCESS_ANON, P, VA + 0x100000, 64, ERIX_PROT_READ),
	      ERIX_ERR_NO_MEMORY);
	check("anon_failures_all_or_nothing", kmem_used(P), child);
}

static void write_cases(void)
{
	static const char text[] = "staged bytes";
	uint64_t src = (uint64_t)(uintptr_t)text;

	check("write_ok", pc(ERIX_KCTL_WRITE_PROCESS_MEMORY, P, VA + 16, src, sizeof(text)),
	      ERIX_OK);
	check("write_into_rx_page",
	      pc(ERIX_KCTL_WRITE_PROCESS_MEMORY, P, VA + 2 * PAGE, src, sizeof(text)), ERIX_OK);
	check("write_across_pages",
	      pc(ERIX_KCTL_WRITE_PROCESS_MEMORY, P, VA + PAGE - 4, src, sizeof(text)), ERIX_OK);
	check("write_unmapped",
	      pc(ERIX_KCTL_WRITE_PROCESS_MEMORY, P, VA + 0x200000, src, sizeof(text)),
	      ERIX_ERR_BAD_ADDRESS);
	check("write_straddle_unmapped",
	      pc(ERIX_KCTL_WRITE_PROCESS_MEMORY, P, VA + 4 * PAGE - 4, src, sizeof(text)),
	      ERIX_ERR_BAD_ADDRESS);
	check("write_kernel_half",
	      pc(ERIX_KCTL_WRITE_PROCESS_MEMORY, P, ERIX_PHYSMAP_BASE, src, sizeof(text)),
	      ERIX_ERR_BAD_ADDRESS);
	check("write_wraps", pc(ERIX_KCTL_WRITE_PROCESS_MEMORY, P, ~0ull - 4, src, 16),
	      ERIX_ERR_BAD_ADDRESS);
	check("write_len_0", pc(ERIX_KCTL_WRITE_PROCESS_MEMORY, P, VA, src, 0), ERIX_ERR_RANGE);
	check("write_len_over_max",
	      pc(ERIX_KCTL_WRITE_PROCESS_MEMORY, P, VA, src, ERIX_WRITE_PROCESS_MAX + 1),
	      ERIX_ERR_RANGE);
	check("write_source_kernel",
	      pc(ERIX_KCTL_WRITE_PROCESS_MEMORY, P, VA, ERIX_PHYSMAP_BASE, 16),
	      ERIX_ERR_BAD_ADDRESS);
	check("write_source_unmapped", pc(ERIX_KCTL_WRITE_PROCESS_MEMORY, P, VA, 0x1000, 16),
	      ERIX_ERR_BAD_ADDRESS);
	check("write_wrong_type",
	      pc(ERIX_KCTL_WRITE_PROCESS_MEMORY, ERIX_SLOT_COM1, VA, src, sizeof(text)),
	      ERIX_ERR_WRONG_TYPE);
	check("write_untyped_not_a_process",
	      pc(ERIX_KCTL_WRITE_PROCESS_MEMORY, ERIX_SLOT_UNTYPED_BASE, VA, src, 8),
	      ERIX_ERR_WRONG_TYPE);
}

/* The pager slot is checked in the target's CSpace: child slot 1 holds E
 * (SEND); a slot that holds an endpoint in rootd's CSpace but nothing in
 * the child's is refused. */
static void pager_cases(void)
{
	check("pager_child_slot", pc(ERIX_KCTL_SET_PAGER, P, 1, 0, 0), ERIX_OK);
	check("pager_rootd_endpoint_at_4", pc(ERIX_KCTL_CREATE_ENDPOINT, 4, 0, 0, 0), ERIX_OK);
	check("pager_callers_slot_means_nothing", pc(ERIX_KCTL_SET_PAGER, P, 4, 0, 0),
	      ERIX_ERR_EMPTY_SLOT);
	check("pager_rootd_endpoint_drop", (uint64_t)erix_drop_local_cap(4), ERIX_OK);
	check("pager_grant_recv_only", pc(ERIX_KCTL_DERIVE_INSTALL_GRANT, P, G, 5, ERIX_RIGHT_RECV),
	      ERIX_OK);
	check("pager_install_recv_only", pc(ERIX_KCTL_INSTALL_WITH_GRANT, G, E, 0, 0), ERIX_OK);
	check("pager_needs_send", pc(ERIX_KCTL_SET_PAGER, P, 5, 0, 0), ERIX_ERR_NO_RIGHTS);
	check("pager_copy_log",
	      pc(ERIX_KCTL_CAP_COPY_ATTENUATED, ERIX_SLOT_LOG_QUERY, G + 8, ERIX_RIGHT_SEND, 0),
	      ERIX_OK);
	check("pager_grant_log", pc(ERIX_KCTL_DERIVE_INSTALL_GRANT, P, G, 6, ERIX_RIGHT_SEND),
	      ERIX_OK);
	check("pager_install_log", pc(ERIX_KCTL_INSTALL_WITH_GRANT, G, G + 8, 0, 0), ERIX_OK);
	check("pager_drop_log_copy", (uint64_t)erix_drop_local_cap(G + 8), ERIX_OK);
	check("pager_not_a_control_endpoint", pc(ERIX_KCTL_SET_PAGER, P, 6, 0, 0),
	      ERIX_ERR_OP_DENIED);
	check("pager_slot_empty_in_child", pc(ERIX_KCTL_SET_PAGER, P, 3, 0, 0),
	      ERIX_ERR_EMPTY_SLOT);
	check("pager_slot_out_of_child", pc(ERIX_KCTL_SET_PAGER, P, 16, 0, 0),
	      ERIX_ERR_INVALID_SLOT);
	check("pager_wrong_type", pc(ERIX_KCTL_SET_PAGER, ERIX_SLOT_COM1, 1, 0, 0),
	      ERIX_ERR_WRONG_TYPE);
}

static void grant_cases(void)
{
	check("grant_child_slot_16", pc(ERIX_KCTL_DERIVE_INSTALL_GRANT, P, G, 16, ERIX_RIGHT_SEND),
	      ERIX_ERR_INVALID_SLOT);
	check("grant_bad_rights", pc(ERIX_KCTL_DERIVE_INSTALL_GRANT, P, G, 1, 0x100),
	      ERIX_ERR_INVALID_ARGUMENT);
	check("grant_dest_busy",
	      pc(ERIX_KCTL_DERIVE_INSTALL_GRANT, P, ERIX_SLOT_COM1, 1, ERIX_RIGHT_SEND),
	      ERIX_ERR_BUSY);
	check("grant_wrong_type",
	      pc(ERIX_KCTL_DERIVE_INSTALL_GRANT, ERIX_SLOT_COM1, G, 1, ERIX_RIGHT_SEND),
	      ERIX_ERR_WRONG_TYPE);
	check("grant_denials_left_slot_empty", type_of(G), ERIX_CAP_NULL);
	check("grant_derive", pc(ERIX_KCTL_DERIVE_INSTALL_GRANT, P, G, 1, ERIX_RIGHT_SEND),
	      ERIX_OK);
	check("grant_type", type_of(G), ERIX_CAP_INSTALL_GRANT);
	check("start_with_live_grant",
	      pc(ERIX_KCTL_START_PROCESS, P, VA + 2 * PAGE, VA + 2 * PAGE, 0), ERIX_ERR_BUSY);
	check("start_denied_still_staged",
	      pc(ERIX_KCTL_MAP_PROCESS_ANON, P, VA + 8 * PAGE, 1, ERIX_PROT_READ), ERIX_OK);
	check("install_empty_source", pc(ERIX_KCTL_INSTALL_WITH_GRANT, G, S + 200, 0, 0),
	      ERIX_ERR_EMPTY_SLOT);
	check("install_untyped_denied",
	      pc(ERIX_KCTL_INSTALL_WITH_GRANT, G, ERIX_SLOT_UNTYPED_BASE, 0, 0),
	      ERIX_ERR_WRONG_TYPE);
	check("install_not_a_grant", pc(ERIX_KCTL_INSTALL_WITH_GRANT, P, ERIX_SLOT_COM1, 0, 0),
	      ERIX_ERR_WRONG_TYPE);
	check("install_denials_kept_grant", type_of(G), ERIX_CAP_INSTALL_GRANT);
	check("install_endpoint", pc(ERIX_KCTL_CREATE_ENDPOINT, E, 0, 0, 0), ERIX_OK);
	/* The grant allows SEND only: the child gets SEND, though E has S|R|G. */
	check("install_with_grant", pc(ERIX_KCTL_INSTALL_WITH_GRANT, G, E, 0, 0), ERIX_OK);
	check("install_consumes_grant", type_of(G), ERIX_CAP_NULL);
	check("install_grant_reuse", pc(ERIX_KCTL_INSTALL_WITH_GRANT, G, E, 0, 0),
	      ERIX_ERR_EMPTY_SLOT);
	check("grant_target_now_busy", pc(ERIX_KCTL_DERIVE_INSTALL_GRANT, P, G, 1, ERIX_RIGHT_SEND),
	      ERIX_ERR_BUSY);
	check("grant_second", pc(ERIX_KCTL_DERIVE_INSTALL_GRANT, P, G, 2, ERIX_RIGHTS_ALL),
	      ERIX_OK);
	check("grant_drop_unused", (uint64_t)erix_drop_local_cap(G), ERIX_OK);
	pager_cases();
}

static void start_cases(void)
{
	check("start_entry_unmapped",
	      pc(ERIX_KCTL_START_PROCESS, P, VA + 0x300000, VA + 2 * PAGE, 0),
	      ERIX_ERR_BAD_ADDRESS);
	check("start_entry_not_exec", pc(ERIX_KCTL_START_PROCESS, P, VA, VA + 2 * PAGE, 0),
	      ERIX_ERR_BAD_ADDRESS);
	check("start_entry_kernel",
	      pc(ERIX_KCTL_START_PROCESS, P, ERIX_KERNEL_VIRT_BASE, VA + 2 * PAGE, 0),
	      ERIX_ERR_BAD_ADDRESS);
	check("start_sp_unaligned",
	      pc(ERIX_KCTL_START_PROCESS, P, VA + 2 * PAGE, VA + 2 * PAGE - 8, 0),
	      ERIX_ERR_INVALID_ARGUMENT);
	check("start_sp_in_rx_page",
	      pc(ERIX_KCTL_START_PROCESS, P, VA + 2 * PAGE, VA + 3 * PAGE, 0),
	      ERIX_ERR_BAD_ADDRESS);
	check("start_sp_unmapped", pc(ERIX_KCTL_START_PROCESS, P, VA + 2 * PAGE, VA + 0x300000, 0),
	      ERIX_ERR_BAD_ADDRESS);
	/* VA+2 pages is RX, VA+3 pages R: a stack top 16 bytes into the R
	 * page puts the start frame across both, and neither is writable. */
	check("start_frame_straddles_readonly_pages",
	      pc(ERIX_KCTL_START_PROCESS, P, VA + 2 * PAGE, VA + 3 * PAGE + 16, 0),
	      ERIX_ERR_BAD_ADDRESS);
	check("start_frame_straddle_left_staged", threads_of(P), 1);
	check("start_denials_still_staged", threads_of(P), 1);
	check("kill_wrong_type", pc(ERIX_KCTL_KILL_PROCESS, ERIX_SLOT_COM1, 0, 0, 0),
	      ERIX_ERR_WRONG_TYPE);
	check("kill_empty", pc(ERIX_KCTL_KILL_PROCESS, S + 200, 0, 0, 0), ERIX_ERR_EMPTY_SLOT);
	check("abort_wrong_type", pc(ERIX_KCTL_ABORT_STAGED_PROCESS, E, 0, 0, 0),
	      ERIX_ERR_WRONG_TYPE);
}

/* ABORT gives back every byte: rootd's figure returns to what it was
 * before the stage existed, grants that outlive it find it gone. */
static void abort_cases(uint64_t before)
{
	check("grant_before_abort", pc(ERIX_KCTL_DERIVE_INSTALL_GRANT, P, G, 3, ERIX_RIGHT_SEND),
	      ERIX_OK);
	check("abort", pc(ERIX_KCTL_ABORT_STAGED_PROCESS, P, 0, 0, 0), ERIX_OK);
	check("abort_emptied_slot", type_of(P), ERIX_CAP_NULL);
	check("abort_again", pc(ERIX_KCTL_ABORT_STAGED_PROCESS, P, 0, 0, 0), ERIX_ERR_EMPTY_SLOT);
	check("grant_after_abort", pc(ERIX_KCTL_INSTALL_WITH_GRANT, G, E, 0, 0),
	      ERIX_ERR_NOT_FOUND);
	check("grant_drop_after_abort", (uint64_t)erix_drop_local_cap(G), ERIX_OK);
	check("endpoint_outlives_child", kind_of(E), ERIX_EP_CHILD_POPULATE);
	check("endpoint_drop", (uint64_t)erix_drop_local_cap(E), ERIX_OK);
	check("abort_returned_every_byte", kmem_used(ERIX_KCTL_SELF), before);
}

static void stage_cases(void)
{
	uint64_t before = kmem_used(ERIX_KCTL_SELF);

	create_cases();
	map_cases();
	write_cases();
	grant_cases();
	start_cases();
	abort_cases(before);
}

/* ------------------------------------------------------------ children */

struct child_spec spec(uint64_t slots, uint64_t budget, uint64_t prio)
{
	return (struct child_spec){
	    .module = CHILD_MODULE_NAME,
	    .proc_slot = C_PROC,
	    .report_slot = C_REPORT,
	    .wait_slot = C_WAIT,
	    .scratch = C_GRANT,
	    .cspace_slots = slots,
	    .budget = budget,
	    .prio = prio,
	    .give_proc = 1,
	};
}

/* Runs the child in mode and returns its first report word (0 if it
 * could not be started). */
uint64_t run_child(const struct child_spec *sp, uint64_t mode, const char *name)
{
	uint64_t word = 0;
	int err = child_launch(sp, mode);

	check(name, (uint64_t)err, ERIX_OK);
	if (!err)
		erix_recv_word(C_REPORT, NULL, &word);
	return word;
}

/* Yields until the child has no thread left (the kernel killed it). */
uint64_t wait_dead(void)
{
	for (int i = 0; i < 2000 && threads_of(C_PROC); i++)
		erix_yield();
	return threads_of(C_PROC);
}

void kill_child(const char *name, uint64_t before)
{
	char buf[LINE];

	erix_str_append(erix_str_append(buf, name), "_kill");
	check(buf, pc(ERIX_KCTL_KILL_PROCESS, C_PROC, 0, 0, 0), ERIX_OK);
	erix_str_append(erix_str_append(buf, name), "_every_byte_back");
	check(buf, kmem_used(ERIX_KCTL_SELF), before);
}

static void hello_and_kills(uint64_t before)
{
	struct child_spec sp = spec(16, CHILD_BUDGET, CHILD_PRIO);
	uint64_t w;

	w = run_child(&sp, CHILD_HELLO, "child_hello_start");
	check("child_hello_report", w, CHILD_REPORTED);
	check("child_hello_one_thread", threads_of(C_PROC), 1);
	check("child_abort_running_denied", pc(ERIX_KCTL_ABORT_STAGED_PROCESS, C_PROC, 0, 0, 0),
	      ERIX_ERR_BUSY);
	check("child_write_running_denied",
	      pc(ERIX_KCTL_WRITE_PROCESS_MEMORY, C_PROC, CHILD_STACK_TOP - 64,
	         (uint64_t)(uintptr_t)&w, 8),
	      ERIX_ERR_BUSY);
	check("child_start_twice",
	      pc(ERIX_KCTL_START_PROCESS, C_PROC, 0x400000, CHILD_STACK_TOP, 0), ERIX_ERR_BUSY);
	kill_child("child_blocked_in_recv", before);
	/* Same priority as rootd: the spinner shares the CPU by the tick. */
	sp.prio = ERIX_PRIO_ROOTD;
	w = run_child(&sp, CHILD_SPIN, "child_spin_start");
	check("child_spin_report", w, CHILD_REPORTED);
	for (int i = 0; i < 4; i++)
		erix_yield();
	check("child_spin_still_running", threads_of(C_PROC), 1);
	kill_child("child_spinning", before);
}

static void hog_cases(uint64_t before)
{
	struct child_spec sp = spec(1024, 128 * 1024, CHILD_PRIO);
	uint64_t w = run_child(&sp, CHILD_HOG, "child_hog_start");

	check("child_hog_ends_no_memory", CHILD_VALUE_OF(w) & 0xff, ERIX_ERR_NO_MEMORY);
	check("child_hog_made_some", (CHILD_VALUE_OF(w) >> 8) > 0, 1);
	check("child_hog_no_fail", w & CHILD_FAIL, 0);
	/* The child's exhaustion is its own: rootd still creates endpoints
	 * and starts another child. */
	check("rootd_creates_after_hog", pc(ERIX_KCTL_CREATE_ENDPOINT, S + 40, 0, 0, 0), ERIX_OK);
	check("rootd_drops_after_hog", (uint64_t)erix_drop_local_cap(S + 40), ERIX_OK);
	kill_child("child_hog", before);
	sp = spec(16, CHILD_BUDGET, CHILD_PRIO);
	check("another_child_after_hog", run_child(&sp, CHILD_HELLO, "child_after_hog_start"),
	      CHILD_REPORTED);
	kill_child("child_after_hog", before);
}

static const struct {
	uint64_t mode;
	const char *name;
} killers[] = {
    {CHILD_READ_PHYSMAP, "isolation_read_physmap"},
    {CHILD_WRITE_PHYSMAP, "isolation_write_physmap"},
    {CHILD_READ_KERNEL, "isolation_read_kernel_image"},
    {CHILD_READ_ROOTD, "isolation_read_rootd_pages"},
    {CHILD_WRITE_TEXT, "isolation_write_own_text"},
    {CHILD_EXEC_STACK, "isolation_exec_own_stack"},
};

/* Each is killed by the kernel (USER_FAULT marker) and nothing else is
 * disturbed: rootd goes on and gets all its memory back. */
static void isolation_cases(uint64_t before)
{
	char buf[LINE];

	for (unsigned i = 0; i < sizeof(killers) / sizeof(killers[0]); i++) {
		struct child_spec sp = spec(16, CHILD_BUDGET, ERIX_PRIO_ROOTD);
		uint64_t w = run_child(&sp, killers[i].mode, killers[i].name);

		erix_str_append(erix_str_append(buf, killers[i].name), "_started");
		check(buf, w, CHILD_REPORTED);
		erix_str_append(erix_str_append(buf, killers[i].name), "_killed");
		check(buf, wait_dead(), 0);
		kill_child(killers[i].name, before);
	}
}

static void checking_children(uint64_t before)
{
	struct child_spec sp = spec(ERIX_SLOT_COM1 + 16, CHILD_BUDGET, CHILD_PRIO);
	uint64_t w, with_canon;

	check("canon_endpoint", pc(ERIX_KCTL_CREATE_ENDPOINT, C_CANON, 0, 0, 0), ERIX_OK);
	with_canon = kmem_used(ERIX_KCTL_SELF);
	sp.canon_slot = C_CANON;
	w = run_child(&sp, CHILD_CANON, "canon_slot_start");
	check("canon_slot_2208_no_com1_write", (CHILD_VALUE_OF(w) >> 8) & 0xff,
	      ERIX_ERR_INVALID_ARGUMENT);
	check("canon_slot_2208_no_com1_read", CHILD_VALUE_OF(w) & 0xff, ERIX_ERR_INVALID_ARGUMENT);
	kill_child("canon_slot", with_canon);
	erix_drop_local_cap(C_CANON);
	check("canon_every_byte_back", kmem_used(ERIX_KCTL_SELF), before);
	sp = spec(16, CHILD_BUDGET, CHILD_PRIO);
	w = run_child(&sp, CHILD_COPYIN, "copyin_start");
	check("copyin_kernel_pointer", CHILD_VALUE_OF(w) & 1, 0);
	check("copyin_wraps_user_top", CHILD_VALUE_OF(w) & 2, 0);
	check("copyin_mapped_to_unmapped", CHILD_VALUE_OF(w) & 4, 0);
	check("copyin_good_pointer", CHILD_VALUE_OF(w) & 8, 0);
	kill_child("copyin", before);
	w = run_child(&sp, CHILD_REGS, "regs_start");
	check("regs_scrubbed", w, CHILD_REPORTED);
	kill_child("regs", before);
	w = run_child(&sp, CHILD_PREEMPT, "preempt_start");
	check("preempt_two_spinners", w, CHILD_REPORTED | CHILD_VALUE(1));
	kill_child("preempt", before);
}

static void child_cases(void)
{
	uint64_t before;

	check("child_report_endpoint", pc(ERIX_KCTL_CREATE_ENDPOINT, C_REPORT, 0, 0, 0), ERIX_OK);
	check("child_wait_endpoint", pc(ERIX_KCTL_CREATE_ENDPOINT, C_WAIT, 0, 0, 0), ERIX_OK);
	before = kmem_used(ERIX_KCTL_SELF);
	hello_and_kills(before);
	hog_cases(before);
	isolation_cases(before);
	checking_children(before);
	auth_ipc_cases();
	auth_platform_cases();
}

/* ERIX_AUTH:TOTAL; any failed case makes rootd's checks fail. */
void auth_total(void)
{
	char buf[LINE], *p = buf;

	p = erix_str_append(p, ERIX_MARK_AUTH_TOTAL " passed=");
	p = erix_u64_append(p, passed);
	p = erix_str_append(p, " failed=");
	erix_u64_append(p, failed);
	erix_log(buf);
	if (failed)
		fail_check("authority_suite", failed);
}

void run_authority_suite(void)
{
	family_denials();
	affinity_cases();
	query_cases();
	endpoint_cases();
	stage_cases();
	auth_memory_cases();
	auth_irq_cases();
	auth_console_cases();
	child_cases();
	auth_hotplug_absent_cases();
	auth_total();
}
