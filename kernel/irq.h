/* Device interrupts for user-space drivers: a legacy (ISA) IRQ line, routed
 * through the I/O APIC that owns its GSI (MADT overrides applied), signals
 * a notification on an IPC endpoint, one per acknowledgement (IRQ_ACK), so a
 * level line cannot storm and an edge is never lost. */
#ifndef ERIX_KERNEL_IRQ_H
#define ERIX_KERNEL_IRQ_H

#include <stdint.h>

#include "error.h"

struct endpoint;

struct process;

/* Unbinds every line p bound (its teardown: a dead binder's lines are
 * masked, their endpoints released). */
void irq_release(const struct process *p);

/* IRQ_BIND, IRQ_ACK, IRQ_MASK, IRQ_UNMASK (kctl.c dispatches). */
enum erix_err irq_op_bind(const struct endpoint *ep, const uint64_t *w, uint64_t *out);
enum erix_err irq_op_ack(const struct endpoint *ep, const uint64_t *w, uint64_t *out);
enum erix_err irq_op_mask(const struct endpoint *ep, const uint64_t *w, uint64_t *out);
enum erix_err irq_op_unmask(const struct endpoint *ep, const uint64_t *w, uint64_t *out);

#endif
