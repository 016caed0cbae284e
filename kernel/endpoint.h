/* Endpoint objects. kind is the family: GENERIC carries user IPC, every
 * other kind is served by kernel control (kctl.c). Copied caps alias one
 * object (one queue); the last reference frees it. Endpoints are kobj
 * objects charged to the account that created them. */
#ifndef ERIX_KERNEL_ENDPOINT_H
#define ERIX_KERNEL_ENDPOINT_H

#include <erix/cap.h>
#include <stdint.h>

#include "error.h"

struct account;
struct tcb;

struct endpoint {
	uint32_t kind;
	uint32_t refs;           /* caps naming it */
	uint64_t pending_notify; /* NOTIFYs not yet consumed by a RECV */
	uint64_t pending_word;   /* their words, OR-ed (seL4 notification style) */
	struct tcb *recv_head;   /* threads blocked in RECV, FIFO */
	struct tcb *recv_tail;
	struct account *acct; /* who paid for it */
};

/* Kinds that carry user IPC (NOTIFY, RECV, REPLY): GENERIC and the
 * CHILD_POPULATE endpoints CREATE_ENDPOINT makes. The kernel serves CALLs
 * only on the others (and on CHILD_POPULATE, its local QUERY_CAP). */
static inline int endpoint_is_ipc(uint32_t kind)
{
	return kind == ERIX_EP_GENERIC || kind == ERIX_EP_CHILD_POPULATE;
}

/* A new endpoint with one reference, charged to acct. */
enum erix_err endpoint_create(struct account *acct, uint32_t kind, struct endpoint **out);
void endpoint_ref(struct endpoint *ep);
/* Drops one reference; the last one frees the object and wakes every
 * receiver with ERIX_ERR_NOT_FOUND. */
void endpoint_unref(struct endpoint *ep);
/* Takes t (TCB_BLOCKED on ep) out of ep's queue, e.g. when it is killed. */
void endpoint_cancel(struct endpoint *ep, struct tcb *t);

/* User IPC endpoints. RECV: returns ERIX_OK with *sender = 0 and *word =
 * the pending words when a notification was pending, else blocks the
 * caller (ERIX_BLOCKED); the notifier then writes the caller's status,
 * sender tid and word into its registers. NOTIFY wakes the oldest receiver
 * or leaves one pending (counted; words OR-ed until a RECV takes them). */
enum erix_err endpoint_recv(struct endpoint *ep, uint64_t *sender, uint64_t *word);
enum erix_err endpoint_notify(struct endpoint *ep, uint64_t sender, uint64_t word);

#endif
