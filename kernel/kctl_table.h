/* Kernel-control authority as data: which op numbers exist, which ops each
 * endpoint family may use, which ops have a handler, and the pure decision
 * built on them. No arch dependency: tests/unit/test_kctl_table.c checks
 * these same tables on the host against DESIGN.md section 4. */
#ifndef ERIX_KERNEL_KCTL_TABLE_H
#define ERIX_KERNEL_KCTL_TABLE_H

#include <erix/kctl.h>
#include <stdint.h>

/* Ops with a handler, as (op name, handler in kctl.c). kctl.c builds its
 * op -> handler table from this list and kctl_table.c the implemented set,
 * so "implemented" and "has a handler" cannot drift apart. */
#define KCTL_IMPLEMENTED_OPS(X)                                                                    \
	X(QUERY_CAP, cap_op_query)                                                                 \
	X(READ_PLATFORM_CAPS, platform_op_read_caps)                                               \
	X(CREATE_ENDPOINT, cap_op_create_endpoint)                                                 \
	X(CAP_COPY_ATTENUATED, cap_op_copy_attenuated)                                             \
	X(CREATE_STAGED_PROCESS, process_op_create_staged)                                         \
	X(MAP_PROCESS_ANON, process_op_map_anon)                                                   \
	X(WRITE_PROCESS_MEMORY, process_op_write_memory)                                           \
	X(DERIVE_INSTALL_GRANT, process_op_derive_grant)                                           \
	X(INSTALL_WITH_GRANT, process_op_install_grant)                                            \
	X(START_PROCESS, process_op_start)                                                         \
	X(ABORT_STAGED_PROCESS, process_op_abort)                                                  \
	X(KILL_PROCESS, process_op_kill)                                                           \
	X(READ_KERNEL_MEMORY, process_op_read_kmem)                                                \
	X(SPAWN_THREAD, process_op_spawn_thread)                                                   \
	X(SET_PAGER, process_op_set_pager)                                                         \
	X(SET_AFFINITY, process_op_set_affinity)                                                   \
	X(RETYPE_UNTYPED_TO_FRAME, untyped_op_retype)                                              \
	X(MAP_FRAME, vspace_op_map_frame)                                                          \
	X(UNMAP_FRAME, vspace_op_unmap_frame)                                                      \
	X(RESOLVE_FAULT, pager_op_resolve_fault)                                                   \
	X(IRQ_BIND, irq_op_bind)                                                                   \
	X(IRQ_ACK, irq_op_ack)                                                                     \
	X(IRQ_MASK, irq_op_mask)                                                                   \
	X(IRQ_UNMASK, irq_op_unmask)                                                               \
	X(HOTPLUG_WAIT, hotplug_op_wait)                                                           \
	X(FB_QUERY, fb_op_query)                                                                   \
	X(FB_MAP, fb_op_map)                                                                       \
	X(FONT_QUERY, fb_op_font_query)                                                            \
	X(FONT_MAP, fb_op_font_map)                                                                \
	X(DERIVE_DEVICE_FRAME, devframe_op_derive)                                                 \
	X(LOG_STRING, op_log_string)                                                               \
	X(WRITE_LEGACY_SERIAL, op_write_legacy_serial)                                             \
	X(READ_MONOTONIC_CLOCK, op_read_monotonic_clock)                                           \
	X(IOPORT_READ8, ioport_op_read8)                                                           \
	X(IOPORT_WRITE8, ioport_op_write8)                                                         \
	X(GET_ACPI_RSDP, op_get_acpi_rsdp)                                                         \
	X(READ_ACPI_QWORDS, platform_op_read_acpi_qwords)                                          \
	X(READ_PCI_CONFIG_DWORD, platform_op_read_pci_config)                                      \
	X(REPORT_STAGE, op_report_stage)                                                           \
	X(REPORT_STATUS, op_report_status)                                                         \
	X(REPORT_DIAGNOSTIC, op_report_diagnostic)

/* 1 if op is a number defined in include/erix/kctl.h, else 0. */
int kctl_op_defined(uint64_t op);

/* 1 if op has a handler (KCTL_IMPLEMENTED_OPS), else 0. */
int kctl_op_implemented(uint64_t op);

/* 1 if the family table lets endpoints of kind use op, else 0; any kind or
 * op outside the table is 0. The TEST_ROOT row is always present here: only
 * kctl_decide applies the build feature that makes it reachable. */
int kctl_family_allows(unsigned kind, uint64_t op);

/* The authority part of a CALL on a kernel-control endpoint, in the order
 * ARCHITECTURE.md fixes: ERIX_ERR_UNKNOWN_OP (op not defined), then
 * ERIX_ERR_OP_DENIED (family does not allow it; TEST_ROOT endpoints allow
 * nothing unless test_root is set), then ERIX_ERR_NOT_IMPLEMENTED, else
 * ERIX_OK. */
int kctl_decide(unsigned kind, uint64_t op, int test_root);

#endif
