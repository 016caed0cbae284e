/* Kernel-control op numbers: message word 0 of an ERIX_SYS_CALL on a
 * kernel-control endpoint. Numbers below 50 are fixed by the EriX ABI; the
 * rest were assigned here, once. Whether an endpoint may use an op is
 * decided by its family table in kernel/kctl.c. */
#ifndef ERIX_KCTL_H
#define ERIX_KCTL_H

/* Fixed by the EriX ABI. */
#define ERIX_KCTL_CREATE_PROCESS        1 /* reserved: always denied */
#define ERIX_KCTL_CAP_COPY              8 /* reserved: denied on process endpoints */
#define ERIX_KCTL_READ_PLATFORM_CAPS    30
#define ERIX_KCTL_KILL_PROCESS          33
#define ERIX_KCTL_QUERY_CAP             34 /* w1 = slot, w2 = flags; out: w0 type, w1 value1 */
#define ERIX_KCTL_CREATE_ENDPOINT       35
#define ERIX_KCTL_CAP_COPY_ATTENUATED   36
#define ERIX_KCTL_CREATE_STAGED_PROCESS 37
#define ERIX_KCTL_DERIVE_INSTALL_GRANT  38
#define ERIX_KCTL_INSTALL_WITH_GRANT    39
#define ERIX_KCTL_ABORT_STAGED_PROCESS  40
#define ERIX_KCTL_WRITE_PROCESS_MEMORY  44

/* Assigned by EriX-C. */
#define ERIX_KCTL_READ_MONOTONIC_CLOCK    50 /* out: w0 = nanoseconds since boot */
#define ERIX_KCTL_IOPORT_READ8            51 /* w1 = port; out: w0 = byte */
#define ERIX_KCTL_IOPORT_WRITE8           52 /* w1 = port, w2 = byte */
#define ERIX_KCTL_MAP_FRAME               53
#define ERIX_KCTL_UNMAP_FRAME             54
#define ERIX_KCTL_RETYPE_UNTYPED_TO_FRAME 55
#define ERIX_KCTL_RESOLVE_FAULT           56
#define ERIX_KCTL_LOG_STRING              57 /* w1 = user pointer, w2 = length */
#define ERIX_KCTL_WRITE_LEGACY_SERIAL     58 /* w1 = user pointer, w2 = length */
#define ERIX_KCTL_GET_ACPI_RSDP           59 /* out: w0 = phys, w1 = revision */
#define ERIX_KCTL_READ_ACPI_QWORDS        60
#define ERIX_KCTL_READ_PCI_CONFIG_DWORD   61
#define ERIX_KCTL_START_PROCESS           62
#define ERIX_KCTL_IRQ_BIND                63
#define ERIX_KCTL_IRQ_WAIT                64
#define ERIX_KCTL_IRQ_ACK                 65
#define ERIX_KCTL_HOTPLUG_WAIT            66
#define ERIX_KCTL_FB_QUERY                67
#define ERIX_KCTL_FB_MAP                  68
#define ERIX_KCTL_FONT_QUERY              69
#define ERIX_KCTL_FONT_MAP                70
#define ERIX_KCTL_DERIVE_DEVICE_FRAME     71
/* w1 = entry, w2 = user stack top, w3 = priority, w4 = argument: a new
 * thread in the caller's VSpace and CSpace. out: w0 = thread id. */
#define ERIX_KCTL_SPAWN_THREAD            72
#define ERIX_KCTL_REPORT_STAGE            73 /* w1 = stage id (ERIX_ROOTD_STAGES) */
#define ERIX_KCTL_REPORT_STATUS           74 /* w1 = ERIX_ROOTD_STATUS_* */
#define ERIX_KCTL_OP_MAX                  74

/* rootd status values for ERIX_KCTL_REPORT_STATUS. */
#define ERIX_ROOTD_STATUS_READY             1
#define ERIX_ROOTD_STATUS_FAILED            2
#define ERIX_ROOTD_STATUS_DOWNSTREAM_FAILED 3

/* Thread priorities: 0 (idle only) .. ERIX_PRIO_MAX. */
#define ERIX_PRIO_MAX   255
#define ERIX_PRIO_ROOTD 128

/* Bounds. */
#define ERIX_LOG_STRING_MAX 256

/* I/O port windows of the IOPORT_READ8/WRITE8 families (COM1, i8042). */
#define ERIX_IOPORT_COM1_FIRST 0x3F8
#define ERIX_IOPORT_COM1_LAST  0x3FF
#define ERIX_IOPORT_I8042_DATA 0x60
#define ERIX_IOPORT_I8042_CMD  0x64

#endif
