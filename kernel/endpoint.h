/* Endpoint objects and their queues. kind is the family: GENERIC and
 * CHILD_POPULATE carry user IPC (ipc.c), every other kind is served by
 * kernel control (kctl.c). Copied caps alias one object (one set of
 * queues); the last reference frees it. Endpoints are kobj objects charged
 * to the account that created them. */
#ifndef ERIX_KERNEL_ENDPOINT_H
#define ERIX_KERNEL_ENDPOINT_H

#include <erix/cap.h>
#include <stdint.h>

#include "error.h"
#include "tcb.h"

struct account;
struct tcb;

struct endpoint {
	uint32_t kind;
	uint32_t refs;           /* caps naming it */
	uint64_t pending_notify; /* NOTIFYs not yet consumed by a RECV */
	uint64_t pending_word;   /* their words, OR-ed (seL4 notification style) */
	struct tcb_queue recv;   /* receivers waiting for a message */
	struct tcb_queue send;   /* callers waiting for a receiver */
	struct tcb_queue reply;  /* callers whose call was received, waiting for the reply */
	struct account *acct;    /* who paid for it */
};

/* Kinds that carry user IPC (CALL, NOTIFY, RECV, REPLY): GENERIC and the
 * CHILD_POPULATE endpoints CREATE_ENDPOINT makes. The kernel serves CALLs
 * only on the others. */
static inline int endpoint_is_ipc(uint32_t kind)
{
	return kind == ERIX_EP_GENERIC || kind == ERIX_EP_CHILD_POPULATE;
}

/* A new endpoint with one reference, charged to acct. */
enum erix_err endpoint_create(struct account *acct, uint32_t kind, struct endpoint **out);
void endpoint_ref(struct endpoint *ep);
/* Drops one reference; the last one frees the object and wakes every
 * thread queued on it with ERIX_ERR_NOT_FOUND. */
void endpoint_unref(struct endpoint *ep);

#endif
