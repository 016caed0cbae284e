/* Kernel-control tables: defined ops, family -> allowed ops (DESIGN.md
 * section 4), implemented ops, and the unknown/denied/not-implemented
 * decision. Pure data and bounds-checked lookups; host-tested. */
#include "kctl_table.h"

#include <erix/cap.h>
#include <erix/errors.h>
#include <erix/kctl.h>

/* One bit per op number; every defined op is below 128. */
typedef unsigned __int128 opset_t;
_Static_assert(ERIX_KCTL_OP_MAX < 128, "op numbers must fit opset_t");
#define CHECK_OP_MAX(name, number) _Static_assert(number <= ERIX_KCTL_OP_MAX, #name);
ERIX_KCTL_OPS(CHECK_OP_MAX)
#undef CHECK_OP_MAX

#define OP(name)    ((opset_t)1 << ERIX_KCTL_##name)
#define LOCAL_QUERY OP(QUERY_CAP)

/* Every op number defined in include/erix/kctl.h. */
#define DEFINED_OP(name, number) | OP(name)
#define DEFINED_OPS              (0 ERIX_KCTL_OPS(DEFINED_OP))

#define IMPLEMENTED_OP(name, handler) | OP(name)
static const opset_t implemented_ops = 0 KCTL_IMPLEMENTED_OPS(IMPLEMENTED_OP);
#undef IMPLEMENTED_OP

/* Family -> allowed ops (DESIGN.md section 4: each family allows only the
 * listed ops). GENERIC endpoints carry user IPC and allow none.
 * CREATE_PROCESS is in no family. */
static const opset_t family_ops[ERIX_EP_KIND_MAX + 1] = {
    [ERIX_EP_TIMED] = OP(READ_MONOTONIC_CLOCK) | LOCAL_QUERY,
    /* "interrupt-control and timing ops irqd needs": no local QUERY_CAP. */
    [ERIX_EP_IRQD] = OP(IRQ_BIND) | OP(IRQ_WAIT) | OP(IRQ_ACK) | OP(IRQ_MASK) | OP(IRQ_UNMASK) |
                     OP(READ_MONOTONIC_CLOCK),
    [ERIX_EP_HOTPLUGD] = OP(HOTPLUG_WAIT) | LOCAL_QUERY,
    [ERIX_EP_PCI_CONFIG] = OP(READ_PLATFORM_CAPS) | OP(READ_PCI_CONFIG_DWORD) | LOCAL_QUERY,
    [ERIX_EP_CONSOLE] =
        OP(FB_QUERY) | OP(FB_MAP) | OP(FONT_QUERY) | OP(FONT_MAP) | OP(LOG_STRING) | LOCAL_QUERY,
    [ERIX_EP_COM1] = OP(IOPORT_READ8) | OP(IOPORT_WRITE8) | LOCAL_QUERY,
    [ERIX_EP_MEMORY] = OP(RETYPE_UNTYPED_TO_FRAME) | LOCAL_QUERY,
    [ERIX_EP_VSPACE] = OP(MAP_FRAME) | OP(UNMAP_FRAME) | LOCAL_QUERY,
    [ERIX_EP_PAGER] = OP(RESOLVE_FAULT) | LOCAL_QUERY,
    [ERIX_EP_LOG_QUERY] = OP(QUERY_CAP) | OP(LOG_STRING) | OP(WRITE_LEGACY_SERIAL),
    /* The bounded process/cap lifecycle surface procd uses; CAP_COPY (8)
	 * stays denied here. */
    [ERIX_EP_PROCESS_CONTROL] =
        OP(KILL_PROCESS) | OP(CREATE_ENDPOINT) | OP(CAP_COPY_ATTENUATED) |
        OP(CREATE_STAGED_PROCESS) | OP(DERIVE_INSTALL_GRANT) | OP(INSTALL_WITH_GRANT) |
        OP(ABORT_STAGED_PROCESS) | OP(WRITE_PROCESS_MEMORY) | OP(START_PROCESS) | OP(SPAWN_THREAD) |
        OP(MAP_PROCESS_ANON) | OP(READ_KERNEL_MEMORY) | OP(SET_PAGER) | OP(SET_AFFINITY),
    [ERIX_EP_ACPI] =
        OP(READ_PLATFORM_CAPS) | OP(GET_ACPI_RSDP) | OP(READ_ACPI_QWORDS) | LOCAL_QUERY,
    [ERIX_EP_I8042] = OP(IOPORT_READ8) | OP(IOPORT_WRITE8) | LOCAL_QUERY,
    [ERIX_EP_ROOTD_LOG] =
        OP(LOG_STRING) | OP(REPORT_STAGE) | OP(REPORT_STATUS) | OP(REPORT_DIAGNOSTIC) | LOCAL_QUERY,
    [ERIX_EP_CHILD_POPULATE] = LOCAL_QUERY,
    /* Reachable only in kernel-test-root-endpoint builds (kctl_decide). */
    [ERIX_EP_TEST_ROOT] = DEFINED_OPS & ~OP(CREATE_PROCESS),
};

/* Bounds first: a shift by 128 or more is undefined. */
static int in_set(opset_t set, uint64_t op)
{
	return op <= ERIX_KCTL_OP_MAX && (set & ((opset_t)1 << op)) != 0;
}

int kctl_op_defined(uint64_t op)
{
	return in_set(DEFINED_OPS, op);
}

int kctl_op_implemented(uint64_t op)
{
	return in_set(implemented_ops, op);
}

int kctl_family_allows(unsigned kind, uint64_t op)
{
	return kind <= ERIX_EP_KIND_MAX && in_set(family_ops[kind], op);
}

int kctl_decide(unsigned kind, uint64_t op, int test_root)
{
	if (!kctl_op_defined(op))
		return ERIX_ERR_UNKNOWN_OP;
	if (!kctl_family_allows(kind, op) || (kind == ERIX_EP_TEST_ROOT && !test_root))
		return ERIX_ERR_OP_DENIED;
	if (!kctl_op_implemented(op))
		return ERIX_ERR_NOT_IMPLEMENTED;
	return ERIX_OK;
}
