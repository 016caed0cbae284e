/* Capability helpers: what a cap says about its object, and how a cap is
 * destroyed without leaking the endpoint reference it holds. */
#include "cap.h"

#include "endpoint.h"
#include "string.h"

uint32_t cap_endpoint_kind(const struct cap *c)
{
	if (c->type != ERIX_CAP_ENDPOINT)
		return ERIX_EP_GENERIC;
	return ((const struct endpoint *)c->obj)->kind;
}

void cap_clear(struct cap *c)
{
	struct cap old = *c;

	/* The slot is empty before the reference goes: dropping the last one
	 * wakes receivers that may preempt this thread, and none of them may
	 * find a cap naming a freed endpoint. */
	memset(c, 0, sizeof(*c));
	if (old.type == ERIX_CAP_ENDPOINT)
		endpoint_unref(old.obj);
}
