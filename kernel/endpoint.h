/* Endpoint objects from a fixed pool. kind is the family: GENERIC carries
 * user IPC, every other kind is served by kernel control (kctl.c). Copied
 * caps alias one object (one queue); the last reference frees it. */
#ifndef ERIX_KERNEL_ENDPOINT_H
#define ERIX_KERNEL_ENDPOINT_H

#include <stdint.h>

#define ENDPOINT_POOL_SIZE 128

struct tcb;

struct endpoint {
	uint32_t kind;
	uint32_t refs;           /* 0 = free pool entry */
	uint64_t pending_notify; /* NOTIFYs not yet consumed by a RECV */
	struct tcb *recv_head;   /* threads blocked in RECV, FIFO */
	struct tcb *recv_tail;
};

/* A new endpoint with one reference, or NULL when the pool is exhausted. */
struct endpoint *endpoint_create(uint32_t kind);
/* Drops one reference; the last one frees the entry and wakes every
 * receiver with ERIX_ERR_NOT_FOUND (may switch threads). */
void endpoint_unref(struct endpoint *ep);

/* Generic endpoints: RECV blocks the current thread until a NOTIFY arrives;
 * NOTIFY wakes the oldest receiver or leaves one pending. Both return the
 * ERIX status for the caller. */
int endpoint_recv(struct endpoint *ep, uint64_t *sender_tid);
int endpoint_notify(struct endpoint *ep, uint64_t sender_tid);

#endif
