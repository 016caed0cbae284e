/* Host tests for kernel/kctl_table.c: every family kind and every op number
 * (plus out-of-range ones) against an expected table written here from
 * DESIGN.md section 4. This file's table is the spec; the kernel's is the
 * implementation. */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "kctl_table.h"
#include <erix/cap.h>
#include <erix/errors.h>
#include <erix/kctl.h>

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* Op numbers checked: every defined one, one past the last, and the
 * out-of-range values a caller can put in a register. */
#define OPS_CHECKED (ERIX_KCTL_OP_MAX + 2)

/* ------------------------------------------------------- the spec */

/* Every op defined by include/erix/kctl.h. */
static const uint64_t all_ops[] = {
    ERIX_KCTL_CREATE_PROCESS,
    ERIX_KCTL_CAP_COPY,
    ERIX_KCTL_READ_PLATFORM_CAPS,
    ERIX_KCTL_KILL_PROCESS,
    ERIX_KCTL_QUERY_CAP,
    ERIX_KCTL_CREATE_ENDPOINT,
    ERIX_KCTL_CAP_COPY_ATTENUATED,
    ERIX_KCTL_CREATE_STAGED_PROCESS,
    ERIX_KCTL_DERIVE_INSTALL_GRANT,
    ERIX_KCTL_INSTALL_WITH_GRANT,
    ERIX_KCTL_ABORT_STAGED_PROCESS,
    ERIX_KCTL_WRITE_PROCESS_MEMORY,
    ERIX_KCTL_READ_MONOTONIC_CLOCK,
    ERIX_KCTL_IOPORT_READ8,
    ERIX_KCTL_IOPORT_WRITE8,
    ERIX_KCTL_MAP_FRAME,
    ERIX_KCTL_UNMAP_FRAME,
    ERIX_KCTL_RETYPE_UNTYPED_TO_FRAME,
    ERIX_KCTL_RESOLVE_FAULT,
    ERIX_KCTL_LOG_STRING,
    ERIX_KCTL_WRITE_LEGACY_SERIAL,
    ERIX_KCTL_GET_ACPI_RSDP,
    ERIX_KCTL_READ_ACPI_QWORDS,
    ERIX_KCTL_READ_PCI_CONFIG_DWORD,
    ERIX_KCTL_START_PROCESS,
    ERIX_KCTL_IRQ_BIND,
    ERIX_KCTL_IRQ_WAIT,
    ERIX_KCTL_IRQ_ACK,
    ERIX_KCTL_HOTPLUG_WAIT,
    ERIX_KCTL_FB_QUERY,
    ERIX_KCTL_FB_MAP,
    ERIX_KCTL_FONT_QUERY,
    ERIX_KCTL_FONT_MAP,
    ERIX_KCTL_DERIVE_DEVICE_FRAME,
    ERIX_KCTL_SPAWN_THREAD,
    ERIX_KCTL_REPORT_STAGE,
    ERIX_KCTL_REPORT_STATUS,
    ERIX_KCTL_MAP_PROCESS_ANON,
    ERIX_KCTL_READ_KERNEL_MEMORY,
    ERIX_KCTL_REPORT_DIAGNOSTIC,
    ERIX_KCTL_SET_PAGER,
    ERIX_KCTL_IRQ_MASK,
    ERIX_KCTL_IRQ_UNMASK,
    ERIX_KCTL_SET_AFFINITY,
};

/* Ops with a handler (ARCHITECTURE.md "What is implemented"). */
static const uint64_t implemented_ops[] = {
    ERIX_KCTL_QUERY_CAP,
    ERIX_KCTL_READ_PLATFORM_CAPS,
    ERIX_KCTL_LOG_STRING,
    ERIX_KCTL_WRITE_LEGACY_SERIAL,
    ERIX_KCTL_READ_MONOTONIC_CLOCK,
    ERIX_KCTL_IOPORT_READ8,
    ERIX_KCTL_IOPORT_WRITE8,
    ERIX_KCTL_GET_ACPI_RSDP,
    ERIX_KCTL_READ_ACPI_QWORDS,
    ERIX_KCTL_READ_PCI_CONFIG_DWORD,
    ERIX_KCTL_SPAWN_THREAD,
    ERIX_KCTL_REPORT_STAGE,
    ERIX_KCTL_REPORT_STATUS,
    ERIX_KCTL_KILL_PROCESS,
    ERIX_KCTL_CREATE_ENDPOINT,
    ERIX_KCTL_CAP_COPY_ATTENUATED,
    ERIX_KCTL_CREATE_STAGED_PROCESS,
    ERIX_KCTL_DERIVE_INSTALL_GRANT,
    ERIX_KCTL_INSTALL_WITH_GRANT,
    ERIX_KCTL_ABORT_STAGED_PROCESS,
    ERIX_KCTL_WRITE_PROCESS_MEMORY,
    ERIX_KCTL_START_PROCESS,
    ERIX_KCTL_MAP_PROCESS_ANON,
    ERIX_KCTL_READ_KERNEL_MEMORY,
    ERIX_KCTL_REPORT_DIAGNOSTIC,
    ERIX_KCTL_SET_PAGER,
    ERIX_KCTL_RETYPE_UNTYPED_TO_FRAME,
    ERIX_KCTL_MAP_FRAME,
    ERIX_KCTL_UNMAP_FRAME,
    ERIX_KCTL_RESOLVE_FAULT,
    ERIX_KCTL_IRQ_BIND,
    ERIX_KCTL_IRQ_ACK,
    ERIX_KCTL_FB_QUERY,
    ERIX_KCTL_FB_MAP,
    ERIX_KCTL_DERIVE_DEVICE_FRAME,
    ERIX_KCTL_FONT_QUERY,
    ERIX_KCTL_FONT_MAP,
    ERIX_KCTL_IRQ_MASK,
    ERIX_KCTL_IRQ_UNMASK,
    ERIX_KCTL_HOTPLUG_WAIT,
    ERIX_KCTL_SET_AFFINITY,
};

/* DESIGN.md section 4, "Dedicated runtime endpoints": each family allows
 * only the listed ops. Rows the table leaves open are filled from the
 * prose: ROOTD_LOG is rootd's log and status channel, CHILD_POPULATE only
 * answers local QUERY_CAP, PROCESS_CONTROL is procd's bounded lifecycle
 * surface (SPAWN_THREAD is EriX-C's thread op). GENERIC is absent: it
 * carries user IPC and allows nothing. TEST_ROOT is built below. */
struct family_spec {
	unsigned kind;
	const char *name;
	uint64_t ops[16]; /* 0 ends the list: op 0 is not defined */
};

static const struct family_spec families[] = {
    {ERIX_EP_TIMED, "timed", {ERIX_KCTL_READ_MONOTONIC_CLOCK, ERIX_KCTL_QUERY_CAP}},
    /* "interrupt-control and timing ops irqd needs": no QUERY_CAP listed. */
    {ERIX_EP_IRQD,
     "irqd",
     {ERIX_KCTL_IRQ_BIND, ERIX_KCTL_IRQ_WAIT, ERIX_KCTL_IRQ_ACK, ERIX_KCTL_IRQ_MASK,
      ERIX_KCTL_IRQ_UNMASK, ERIX_KCTL_READ_MONOTONIC_CLOCK}},
    {ERIX_EP_HOTPLUGD, "hotplugd", {ERIX_KCTL_HOTPLUG_WAIT, ERIX_KCTL_QUERY_CAP}},
    {ERIX_EP_PCI_CONFIG,
     "pci_config",
     {ERIX_KCTL_READ_PLATFORM_CAPS, ERIX_KCTL_READ_PCI_CONFIG_DWORD, ERIX_KCTL_QUERY_CAP}},
    {ERIX_EP_CONSOLE,
     "console",
     {ERIX_KCTL_FB_QUERY, ERIX_KCTL_FB_MAP, ERIX_KCTL_FONT_QUERY, ERIX_KCTL_FONT_MAP,
      ERIX_KCTL_LOG_STRING, ERIX_KCTL_QUERY_CAP}},
    {ERIX_EP_COM1, "com1", {ERIX_KCTL_IOPORT_READ8, ERIX_KCTL_IOPORT_WRITE8, ERIX_KCTL_QUERY_CAP}},
    {ERIX_EP_MEMORY, "memory", {ERIX_KCTL_RETYPE_UNTYPED_TO_FRAME, ERIX_KCTL_QUERY_CAP}},
    {ERIX_EP_VSPACE, "vspace", {ERIX_KCTL_MAP_FRAME, ERIX_KCTL_UNMAP_FRAME, ERIX_KCTL_QUERY_CAP}},
    {ERIX_EP_PAGER, "pager", {ERIX_KCTL_RESOLVE_FAULT, ERIX_KCTL_QUERY_CAP}},
    {ERIX_EP_LOG_QUERY,
     "log_query",
     {ERIX_KCTL_QUERY_CAP, ERIX_KCTL_LOG_STRING, ERIX_KCTL_WRITE_LEGACY_SERIAL}},
    {ERIX_EP_PROCESS_CONTROL,
     "process_control",
     {ERIX_KCTL_KILL_PROCESS, ERIX_KCTL_CREATE_ENDPOINT, ERIX_KCTL_CAP_COPY_ATTENUATED,
      ERIX_KCTL_CREATE_STAGED_PROCESS, ERIX_KCTL_DERIVE_INSTALL_GRANT, ERIX_KCTL_INSTALL_WITH_GRANT,
      ERIX_KCTL_ABORT_STAGED_PROCESS, ERIX_KCTL_WRITE_PROCESS_MEMORY, ERIX_KCTL_START_PROCESS,
      ERIX_KCTL_SPAWN_THREAD, ERIX_KCTL_MAP_PROCESS_ANON, ERIX_KCTL_READ_KERNEL_MEMORY,
      ERIX_KCTL_SET_PAGER, ERIX_KCTL_SET_AFFINITY}},
    {ERIX_EP_ACPI,
     "acpi",
     {ERIX_KCTL_READ_PLATFORM_CAPS, ERIX_KCTL_GET_ACPI_RSDP, ERIX_KCTL_READ_ACPI_QWORDS,
      ERIX_KCTL_QUERY_CAP}},
    {ERIX_EP_I8042,
     "i8042",
     {ERIX_KCTL_IOPORT_READ8, ERIX_KCTL_IOPORT_WRITE8, ERIX_KCTL_QUERY_CAP}},
    {ERIX_EP_ROOTD_LOG,
     "rootd_log",
     {ERIX_KCTL_LOG_STRING, ERIX_KCTL_REPORT_STAGE, ERIX_KCTL_REPORT_STATUS, ERIX_KCTL_QUERY_CAP,
      ERIX_KCTL_REPORT_DIAGNOSTIC}},
    {ERIX_EP_CHILD_POPULATE, "child_populate", {ERIX_KCTL_QUERY_CAP}},
};

/* expected[kind][op]: the spec above as a matrix. */
static unsigned char expected[ERIX_EP_KIND_MAX + 1][OPS_CHECKED];

static int in_list(const uint64_t *list, size_t n, uint64_t op)
{
	for (size_t i = 0; i < n; i++)
		if (list[i] == op)
			return 1;
	return 0;
}

static int is_defined(uint64_t op)
{
	return in_list(all_ops, N(all_ops), op);
}

static int is_implemented(uint64_t op)
{
	return in_list(implemented_ops, N(implemented_ops), op);
}

static int build_expected(void **state)
{
	(void)state;
	memset(expected, 0, sizeof(expected));
	for (size_t f = 0; f < N(families); f++)
		for (size_t i = 0; i < N(families[f].ops) && families[f].ops[i]; i++)
			expected[families[f].kind][families[f].ops[i]] = 1;
	/* The full surface except CREATE_PROCESS, which no family has. */
	for (size_t i = 0; i < N(all_ops); i++)
		expected[ERIX_EP_TEST_ROOT][all_ops[i]] = all_ops[i] != ERIX_KCTL_CREATE_PROCESS;
	return 0;
}

/* What kctl_decide must return, from the spec alone. */
static int expected_decision(uint64_t kind, uint64_t op, int test_root)
{
	if (!is_defined(op))
		return ERIX_ERR_UNKNOWN_OP;
	if (kind > ERIX_EP_KIND_MAX || op >= OPS_CHECKED || !expected[kind][op] ||
	    (kind == ERIX_EP_TEST_ROOT && !test_root))
		return ERIX_ERR_OP_DENIED;
	return is_implemented(op) ? ERIX_OK : ERIX_ERR_NOT_IMPLEMENTED;
}

/* Values beyond the tables; each must be rejected by a bounds check, never
 * by an array read (ASan would report one). */
static const unsigned bad_kinds[] = {
    ERIX_EP_KIND_MAX + 1, ERIX_EP_KIND_MAX + 2, 64, 255, 0x10000, UINT_MAX};
static const uint64_t bad_ops[] = {
    ERIX_KCTL_OP_MAX + 1, ERIX_KCTL_OP_MAX + 2, 127,       128, 129, 200, 255, 256,
    1ull << 32,           1ull << 63,           UINT64_MAX};

/* ------------------------------------------------------- the tests */

/* The spec itself: sorted, in range, and agreeing with the header. */
static void test_spec_sane(void **state)
{
	uint64_t max = 0;

	(void)state;
	for (size_t i = 0; i < N(all_ops); i++) {
		assert_true(all_ops[i] > 0 && all_ops[i] <= ERIX_KCTL_OP_MAX);
		if (all_ops[i] > max)
			max = all_ops[i];
	}
	assert_int_equal(max, ERIX_KCTL_OP_MAX);
	for (size_t i = 0; i < N(implemented_ops); i++)
		assert_true(is_defined(implemented_ops[i]));
	/* Every kernel-control family is specified once, and every listed op
	 * is defined. GENERIC and TEST_ROOT are handled apart. */
	for (unsigned kind = 0; kind <= ERIX_EP_KIND_MAX; kind++) {
		unsigned rows = 0;

		for (size_t f = 0; f < N(families); f++)
			if (families[f].kind == kind)
				rows++;
		assert_int_equal(rows,
		                 kind == ERIX_EP_GENERIC || kind == ERIX_EP_TEST_ROOT ? 0 : 1);
	}
	for (size_t f = 0; f < N(families); f++)
		for (size_t i = 0; i < N(families[f].ops) && families[f].ops[i]; i++)
			assert_true(is_defined(families[f].ops[i]));
}

static void test_defined_and_implemented(void **state)
{
	(void)state;
	for (uint64_t op = 0; op < OPS_CHECKED; op++) {
		assert_int_equal(kctl_op_defined(op), is_defined(op));
		assert_int_equal(kctl_op_implemented(op), is_implemented(op));
	}
	for (size_t i = 0; i < N(bad_ops); i++) {
		assert_false(kctl_op_defined(bad_ops[i]));
		assert_false(kctl_op_implemented(bad_ops[i]));
	}
}

/* The whole matrix: every kind, every op, allowed exactly when the spec
 * says so. Mismatches are all listed before the test fails. */
static void test_family_matrix(void **state)
{
	unsigned bad = 0;

	(void)state;
	for (unsigned kind = 0; kind <= ERIX_EP_KIND_MAX; kind++) {
		for (uint64_t op = 0; op < OPS_CHECKED; op++) {
			int got = kctl_family_allows(kind, op);

			if (got != expected[kind][op]) {
				print_error("kind %u op %lu: kernel %s, DESIGN.md %s\n", kind,
				            (unsigned long)op, got ? "allows" : "denies",
				            expected[kind][op] ? "allows" : "denies");
				bad++;
			}
		}
	}
	assert_int_equal(bad, 0);
}

/* Each kernel-control family has a positive and a negative case, and
 * GENERIC has no positive one. */
static void test_each_family_positive_and_negative(void **state)
{
	(void)state;
	for (unsigned kind = 0; kind <= ERIX_EP_KIND_MAX; kind++) {
		unsigned allowed = 0, denied = 0;

		for (size_t i = 0; i < N(all_ops); i++) {
			if (kctl_family_allows(kind, all_ops[i]))
				allowed++;
			else
				denied++;
		}
		if (kind == ERIX_EP_GENERIC)
			assert_int_equal(allowed, 0);
		else
			assert_true(allowed > 0);
		assert_true(denied > 0);
	}
}

static void test_create_process_denied_everywhere(void **state)
{
	(void)state;
	for (unsigned kind = 0; kind <= ERIX_EP_KIND_MAX; kind++) {
		assert_false(kctl_family_allows(kind, ERIX_KCTL_CREATE_PROCESS));
		for (int test_root = 0; test_root <= 1; test_root++)
			assert_int_equal(kctl_decide(kind, ERIX_KCTL_CREATE_PROCESS, test_root),
			                 ERIX_ERR_OP_DENIED);
	}
}

static void test_cap_copy(void **state)
{
	(void)state;
	assert_int_equal(kctl_decide(ERIX_EP_PROCESS_CONTROL, ERIX_KCTL_CAP_COPY, 1),
	                 ERIX_ERR_OP_DENIED);
	/* Only the test root has it, and it has no handler yet. */
	for (unsigned kind = 0; kind <= ERIX_EP_KIND_MAX; kind++)
		assert_int_equal(kctl_family_allows(kind, ERIX_KCTL_CAP_COPY),
		                 kind == ERIX_EP_TEST_ROOT);
	assert_int_equal(kctl_decide(ERIX_EP_TEST_ROOT, ERIX_KCTL_CAP_COPY, 1),
	                 ERIX_ERR_NOT_IMPLEMENTED);
}

static void test_generic_allows_nothing(void **state)
{
	(void)state;
	for (uint64_t op = 0; op < OPS_CHECKED; op++) {
		assert_false(kctl_family_allows(ERIX_EP_GENERIC, op));
		assert_int_equal(kctl_decide(ERIX_EP_GENERIC, op, 1),
		                 is_defined(op) ? ERIX_ERR_OP_DENIED : ERIX_ERR_UNKNOWN_OP);
	}
}

/* rootd's boot channel: log, stages, status and local QUERY_CAP only. */
static void test_rootd_log_surface(void **state)
{
	(void)state;
	assert_int_equal(kctl_decide(ERIX_EP_ROOTD_LOG, ERIX_KCTL_LOG_STRING, 0), ERIX_OK);
	assert_int_equal(kctl_decide(ERIX_EP_ROOTD_LOG, ERIX_KCTL_REPORT_STAGE, 0), ERIX_OK);
	assert_int_equal(kctl_decide(ERIX_EP_ROOTD_LOG, ERIX_KCTL_REPORT_STATUS, 0), ERIX_OK);
	assert_int_equal(kctl_decide(ERIX_EP_ROOTD_LOG, ERIX_KCTL_QUERY_CAP, 0), ERIX_OK);
	assert_int_equal(kctl_decide(ERIX_EP_ROOTD_LOG, ERIX_KCTL_WRITE_LEGACY_SERIAL, 0),
	                 ERIX_ERR_OP_DENIED);
	assert_int_equal(kctl_decide(ERIX_EP_ROOTD_LOG, ERIX_KCTL_IOPORT_WRITE8, 0),
	                 ERIX_ERR_OP_DENIED);
	assert_int_equal(kctl_decide(ERIX_EP_ROOTD_LOG, ERIX_KCTL_SPAWN_THREAD, 0),
	                 ERIX_ERR_OP_DENIED);
	/* REPORT_STAGE/STATUS belong to rootd's channel alone. */
	for (unsigned kind = 0; kind <= ERIX_EP_KIND_MAX; kind++) {
		int want = kind == ERIX_EP_ROOTD_LOG || kind == ERIX_EP_TEST_ROOT;

		assert_int_equal(kctl_family_allows(kind, ERIX_KCTL_REPORT_STAGE), want);
		assert_int_equal(kctl_family_allows(kind, ERIX_KCTL_REPORT_STATUS), want);
	}
}

/* The test root has every defined op but CREATE_PROCESS, and only when the
 * build enables it. */
static void test_test_root(void **state)
{
	(void)state;
	for (size_t i = 0; i < N(all_ops); i++) {
		uint64_t op = all_ops[i];
		int want = op != ERIX_KCTL_CREATE_PROCESS;

		assert_int_equal(kctl_family_allows(ERIX_EP_TEST_ROOT, op), want);
		assert_int_equal(kctl_decide(ERIX_EP_TEST_ROOT, op, 0), ERIX_ERR_OP_DENIED);
		assert_int_equal(kctl_decide(ERIX_EP_TEST_ROOT, op, 1),
		                 !want                ? ERIX_ERR_OP_DENIED
		                 : is_implemented(op) ? ERIX_OK
		                                      : ERIX_ERR_NOT_IMPLEMENTED);
	}
}

/* kctl_decide over the whole matrix, both builds: unknown op first, then
 * family, then implemented. */
static void test_decide_matrix(void **state)
{
	(void)state;
	for (int test_root = 0; test_root <= 1; test_root++)
		for (unsigned kind = 0; kind <= ERIX_EP_KIND_MAX; kind++)
			for (uint64_t op = 0; op < OPS_CHECKED; op++)
				assert_int_equal(kctl_decide(kind, op, test_root),
				                 expected_decision(kind, op, test_root));
}

static void test_out_of_range(void **state)
{
	(void)state;
	for (size_t k = 0; k < N(bad_kinds); k++) {
		for (uint64_t op = 0; op < OPS_CHECKED; op++) {
			assert_false(kctl_family_allows(bad_kinds[k], op));
			assert_int_equal(kctl_decide(bad_kinds[k], op, 1),
			                 is_defined(op) ? ERIX_ERR_OP_DENIED : ERIX_ERR_UNKNOWN_OP);
		}
		for (size_t o = 0; o < N(bad_ops); o++)
			assert_int_equal(kctl_decide(bad_kinds[k], bad_ops[o], 1),
			                 ERIX_ERR_UNKNOWN_OP);
	}
	for (unsigned kind = 0; kind <= ERIX_EP_KIND_MAX; kind++) {
		for (size_t o = 0; o < N(bad_ops); o++) {
			assert_false(kctl_family_allows(kind, bad_ops[o]));
			for (int test_root = 0; test_root <= 1; test_root++)
				assert_int_equal(kctl_decide(kind, bad_ops[o], test_root),
				                 ERIX_ERR_UNKNOWN_OP);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_spec_sane),
	    cmocka_unit_test(test_defined_and_implemented),
	    cmocka_unit_test(test_family_matrix),
	    cmocka_unit_test(test_each_family_positive_and_negative),
	    cmocka_unit_test(test_create_process_denied_everywhere),
	    cmocka_unit_test(test_cap_copy),
	    cmocka_unit_test(test_generic_allows_nothing),
	    cmocka_unit_test(test_rootd_log_surface),
	    cmocka_unit_test(test_test_root),
	    cmocka_unit_test(test_decide_matrix),
	    cmocka_unit_test(test_out_of_range),
	};

	return cmocka_run_group_tests_name("kctl_table", tests, build_expected, NULL);
}
