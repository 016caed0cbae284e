/* Canonical slots of the root CSpace. Canonical numbers carry no authority
 * by themselves: what a slot may do is decided by the object it holds. */
#ifndef ERIX_SLOTS_H
#define ERIX_SLOTS_H

#define ERIX_ROOT_CSPACE_SLOTS 4096

/* Legacy root endpoint: reserved for ABI stability, never handed to rootd
 * in normal builds. */
#define ERIX_SLOT_ROOT_ENDPOINT 1

/* rootd's own objects. */
#define ERIX_SLOT_SELF_TCB    16
#define ERIX_SLOT_SELF_CSPACE 17
#define ERIX_SLOT_SELF_VSPACE 18
#define ERIX_SLOT_ROOTD_LOG   32 /* dedicated log endpoint (ERIX_EP_ROOTD_LOG) */
#define ERIX_SLOT_ROOTD_WAIT  33 /* generic endpoint rootd may block on */
#define ERIX_SLOT_TEST_ROOT   48 /* full-surface endpoint, test builds only */

/* Dedicated runtime endpoints (kernel-control families). */
#define ERIX_SLOT_TIMED           2128
#define ERIX_SLOT_IRQD            2144
#define ERIX_SLOT_HOTPLUGD        2160
#define ERIX_SLOT_PCI_CONFIG      2176
#define ERIX_SLOT_CONSOLE         2192
#define ERIX_SLOT_COM1            2208
#define ERIX_SLOT_MEMORY          2224
#define ERIX_SLOT_VSPACE          2240
#define ERIX_SLOT_PAGER           2256
#define ERIX_SLOT_LOG_QUERY       2272
#define ERIX_SLOT_PROCESS_CONTROL 2288
#define ERIX_SLOT_ACPI            2320
#define ERIX_SLOT_I8042           2336

/* Untyped seeds: RAM seeds then device seeds, one cap per seed, in
 * [ERIX_SLOT_UNTYPED_BASE, ERIX_SLOT_UNTYPED_BASE + ERIX_UNTYPED_MAX_SEEDS). */
#define ERIX_SLOT_UNTYPED_BASE 3072
#define ERIX_UNTYPED_MAX_SEEDS 512

#endif
