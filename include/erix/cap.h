/* Capability types, rights and endpoint kinds (families). */
#ifndef ERIX_CAP_H
#define ERIX_CAP_H

#define ERIX_CAP_NULL           0
#define ERIX_CAP_UNTYPED        1
#define ERIX_CAP_ENDPOINT       2
#define ERIX_CAP_TCB            3
#define ERIX_CAP_CSPACE         4
#define ERIX_CAP_VSPACE         5
#define ERIX_CAP_FRAME          6
#define ERIX_CAP_DEVICE_FRAME   7 /* only from a validated PCI BAR */
#define ERIX_CAP_DEVICE_UNTYPED 8
#define ERIX_CAP_IRQ            9
#define ERIX_CAP_PROCESS        10 /* a process (staged or running) its creator controls */
#define ERIX_CAP_INSTALL_GRANT  11 /* may fill one slot of a staged child, once */

/* Rights bits. */
#define ERIX_RIGHT_SEND  0x1
#define ERIX_RIGHT_RECV  0x2
#define ERIX_RIGHT_GRANT 0x4
#define ERIX_RIGHT_READ  0x8
#define ERIX_RIGHT_WRITE 0x10
#define ERIX_RIGHTS_ALL  0x1f

/* Endpoint kinds. GENERIC endpoints carry user-to-user IPC; every other kind
 * is a kernel-control family: the kernel serves CALLs on it and allows only
 * the ops its family table lists (kernel/kctl.c). Dispatch is keyed by this
 * stored kind, never by slot number. */
#define ERIX_EP_GENERIC         0
#define ERIX_EP_TIMED           1
#define ERIX_EP_IRQD            2
#define ERIX_EP_HOTPLUGD        3
#define ERIX_EP_PCI_CONFIG      4
#define ERIX_EP_CONSOLE         5
#define ERIX_EP_COM1            6
#define ERIX_EP_MEMORY          7
#define ERIX_EP_VSPACE          8
#define ERIX_EP_PAGER           9
#define ERIX_EP_LOG_QUERY       10
#define ERIX_EP_PROCESS_CONTROL 11
#define ERIX_EP_ACPI            12
#define ERIX_EP_I8042           13
#define ERIX_EP_ROOTD_LOG       14 /* rootd's dedicated log endpoint */
#define ERIX_EP_CHILD_POPULATE  15 /* results of CREATE_ENDPOINT(35) */
#define ERIX_EP_TEST_ROOT       16 /* full surface; test builds only */
#define ERIX_EP_KIND_MAX        16

/* QUERY_CAP flag: the upper 32 bits of value1 carry the endpoint kind. */
#define ERIX_QUERY_CAP_INCLUDE_ENDPOINT_KIND 0x1

#endif
