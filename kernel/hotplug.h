/* PCIe native hot-plug: the hot-plug capable ports found at boot, their
 * slot events polled from the timer tick into one record per port, and
 * HOTPLUG_WAIT, which hands the oldest record to the one waiting thread. */
#ifndef ERIX_KERNEL_HOTPLUG_H
#define ERIX_KERNEL_HOTPLUG_H

#include <stdint.h>

#include "error.h"

struct endpoint;
struct tcb;

/* Finds the hot-plug capable ports in PCI config space (after the ECAM is
 * mapped), clears their stale events and powers a card found unpowered. */
void hotplug_init(void);
/* Every timer tick (now: sched_ticks()): new slot events recorded, slot
 * power sequenced, the waiter woken. */
void hotplug_tick(uint64_t now);
/* t's HOTPLUG_WAIT ended otherwise (timeout, death: ipc.c's unwait). */
void hotplug_unwait(const struct tcb *t);

/* HOTPLUG_WAIT (kctl.c dispatches). */
enum erix_err hotplug_op_wait(const struct endpoint *ep, const uint64_t *w, uint64_t *out);

#endif
