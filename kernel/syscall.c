/* Syscall dispatch: one function per syscall, indexed by number. Every
 * argument is checked here at the boundary before any object is touched.
 * ERIX_SYS_NULL is tested before the table so the benchmarked round trip
 * pays for one compare and two stores. */
#include <erix/errors.h>
#include <erix/syscall.h>

#include "cspace.h"
#include "endpoint.h"
#include "kctl.h"
#include "sched.h"

typedef int (*syscall_fn)(struct arch_syscall_frame *f);

/* The caller's endpoint cap at slot, with the rights the syscall needs. */
static int lookup_endpoint(uint64_t slot, unsigned rights, struct cap **out)
{
	int err = cspace_lookup(sched_current()->cspace, slot, out);

	if (err)
		return err;
	if ((*out)->type == ERIX_CAP_NULL)
		return ERIX_ERR_EMPTY_SLOT;
	if ((*out)->type != ERIX_CAP_ENDPOINT)
		return ERIX_ERR_WRONG_TYPE;
	if (!cap_has_rights(*out, rights))
		return ERIX_ERR_NO_RIGHTS;
	return ERIX_OK;
}

static int sys_yield(struct arch_syscall_frame *f)
{
	(void)f;
	sched_yield();
	return ERIX_OK;
}

/* Kernel-control endpoints are served by kctl; synchronous user-to-user
 * CALL on generic endpoints is not implemented yet. */
static int sys_call(struct arch_syscall_frame *f)
{
	struct cap *c;
	int err = lookup_endpoint(f->rdi, ERIX_RIGHT_SEND, &c);
	const struct endpoint *ep;

	if (err)
		return err;
	ep = c->obj;
	if (ep->kind == ERIX_EP_GENERIC)
		return ERIX_ERR_NOT_IMPLEMENTED;
	return kctl_call(ep, f);
}

/* The caller's generic (user-to-user) endpoint at slot, held with rights;
 * kernel-control endpoints take no notifications, receives or replies. */
static int lookup_generic(uint64_t slot, unsigned rights, struct endpoint **ep)
{
	struct cap *c;
	int err = lookup_endpoint(slot, rights, &c);

	if (err)
		return err;
	*ep = c->obj;
	return (*ep)->kind == ERIX_EP_GENERIC ? ERIX_OK : ERIX_ERR_OP_DENIED;
}

/* Wakes one receiver (rdx = sender tid) or leaves a notification pending. */
static int sys_notify(struct arch_syscall_frame *f)
{
	struct endpoint *ep;
	int err = lookup_generic(f->rdi, ERIX_RIGHT_SEND, &ep);

	return err ? err : endpoint_notify(ep, sched_current()->tid);
}

/* Blocks until a notification arrives; out rdx = notifier tid (0 if it was
 * pending before the RECV). */
static int sys_recv(struct arch_syscall_frame *f)
{
	struct endpoint *ep;
	int err = lookup_generic(f->rdi, ERIX_RIGHT_RECV, &ep);

	return err ? err : endpoint_recv(ep, &f->rdx);
}

/* No generic CALL can be outstanding yet, so nothing can be replied to. */
static int sys_reply(struct arch_syscall_frame *f)
{
	struct endpoint *ep;
	int err = lookup_generic(f->rdi, ERIX_RIGHT_RECV, &ep);

	return err ? err : ERIX_ERR_NOT_IMPLEMENTED;
}

static int sys_query_local_cap(struct arch_syscall_frame *f)
{
	struct cap *c;
	int err = cspace_lookup_window(sched_current()->cspace, f->rdi, &c);

	if (err)
		return err;
	f->rdx = c->type;
	f->r10 = c->rights;
	f->r8 = cap_endpoint_kind(c);
	return ERIX_OK;
}

/* Clears one slot; an endpoint object goes with its last alias. */
static int sys_drop_local_cap(struct arch_syscall_frame *f)
{
	struct cap *c;
	int err = cspace_lookup_window(sched_current()->cspace, f->rdi, &c);

	if (err)
		return err;
	if (c->type == ERIX_CAP_NULL)
		return ERIX_ERR_EMPTY_SLOT;
	cap_clear(c);
	return ERIX_OK;
}

static const syscall_fn syscalls[ERIX_SYS_DROP_LOCAL_CAP + 1] = {
    [ERIX_SYS_YIELD] = sys_yield,
    [ERIX_SYS_CALL] = sys_call,
    [ERIX_SYS_NOTIFY] = sys_notify,
    [ERIX_SYS_RECV] = sys_recv,
    [ERIX_SYS_REPLY] = sys_reply,
    [ERIX_SYS_QUERY_LOCAL_CAP] = sys_query_local_cap,
    [ERIX_SYS_DROP_LOCAL_CAP] = sys_drop_local_cap,
};

void kernel_syscall(struct arch_syscall_frame *f)
{
	uint64_t nr = f->rax;

	if (__builtin_expect(nr == ERIX_SYS_NULL, 1)) {
		f->rax = ERIX_OK;
		return;
	}
	if (nr >= sizeof(syscalls) / sizeof(syscalls[0]) || !syscalls[nr]) {
		f->rax = ERIX_ERR_UNKNOWN_SYSCALL;
		return;
	}
	f->rax = (uint64_t)syscalls[nr](f);
}
