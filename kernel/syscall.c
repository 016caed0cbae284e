/* Syscall dispatch: one function per syscall, indexed by number. Every
 * argument is checked here at the boundary before any object is touched.
 * ERIX_SYS_NULL is tested before the table so the benchmarked round trip
 * pays for one compare and two stores. */
#include <erix/errors.h>
#include <erix/layout.h>
#include <erix/syscall.h>

#include "cspace.h"
#include "endpoint.h"
#include "fastpath.h"
#include "ipc.h"
#include "kctl.h"
#include "sched.h"

typedef enum erix_err (*syscall_fn)(struct arch_regs *f);

/* The caller's endpoint cap at slot, inside its visible window, with the
 * rights the syscall needs. */
static enum erix_err lookup_endpoint(uint64_t slot, unsigned rights, struct cap **out)
{
	enum erix_err err = cspace_lookup_window(sched_current()->cspace, slot, out);

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

static enum erix_err sys_yield(struct arch_regs *f)
{
	(void)f;
	sched_yield();
	return ERIX_OK;
}

/* The endpoint cap named by rdi's slot field, with the rights needed. */
static enum erix_err lookup_ipc(const struct arch_regs *f, unsigned rights, struct cap **c)
{
	uint64_t slot;
	enum erix_err err = ipc_decode_slot(f->rdi, &slot);

	if (!err)
		err = lookup_endpoint(slot, rights, c);
	if (err)
		return err;
	return endpoint_is_ipc(cap_endpoint_kind(*c)) ? ERIX_OK : ERIX_ERR_OP_DENIED;
}

/* CALL: user IPC on GENERIC/CHILD_POPULATE endpoints, kernel control on
 * every other family (whose rdi is the plain slot). */
static enum erix_err sys_call(struct arch_regs *f)
{
	struct cap *c;
	enum erix_err err;

	if (f->rdi > 0xFFFF) {
		err = lookup_ipc(f, ERIX_RIGHT_SEND, &c);
		return err ? err : ipc_call(f, c);
	}
	err = lookup_endpoint(f->rdi, ERIX_RIGHT_SEND, &c);
	if (err)
		return err;
	if (endpoint_is_ipc(cap_endpoint_kind(c)))
		return ipc_call(f, c);
	return kctl_call(c->obj, f);
}

static enum erix_err sys_notify(struct arch_regs *f)
{
	struct cap *c;
	enum erix_err err = lookup_ipc(f, ERIX_RIGHT_SEND, &c);

	return err ? err : ipc_notify(f, c);
}

static enum erix_err sys_recv(struct arch_regs *f)
{
	struct cap *c;
	enum erix_err err = lookup_ipc(f, ERIX_RIGHT_RECV, &c);

	return err ? err : ipc_recv(f, c);
}

static enum erix_err sys_reply(struct arch_regs *f)
{
	struct cap *c;
	enum erix_err err = lookup_ipc(f, ERIX_RIGHT_RECV, &c);

	return err ? err : ipc_reply(f, c);
}

static enum erix_err sys_reply_recv(struct arch_regs *f)
{
	struct cap *c;
	enum erix_err err = lookup_ipc(f, ERIX_RIGHT_RECV, &c);

	return err ? err : ipc_reply_recv(f, c);
}

/* The caller's own page, so no cap: see include/erix/syscall.h. */
static enum erix_err sys_set_ipc_buffer(struct arch_regs *f)
{
	return ipc_set_buffer(sched_current(), f->rdi);
}

static enum erix_err sys_query_local_cap(struct arch_regs *f)
{
	struct cap *c;
	enum erix_err err = cspace_lookup_window(sched_current()->cspace, f->rdi, &c);

	if (err)
		return err;
	f->rdx = c->type;
	f->r10 = c->rights;
	f->r8 = cap_endpoint_kind(c);
	return ERIX_OK;
}

/* Clears one slot; an endpoint object goes with its last alias. */
static enum erix_err sys_drop_local_cap(struct arch_regs *f)
{
	struct cap *c;
	enum erix_err err = cspace_lookup_window(sched_current()->cspace, f->rdi, &c);

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
    [ERIX_SYS_REPLY_RECV] = sys_reply_recv,
    [ERIX_SYS_SET_IPC_BUFFER] = sys_set_ipc_buffer,
    [ERIX_SYS_QUERY_LOCAL_CAP] = sys_query_local_cap,
    [ERIX_SYS_DROP_LOCAL_CAP] = sys_drop_local_cap,
};

#define N_SYSCALLS (sizeof(syscalls) / sizeof(syscalls[0]))

/* Every syscall the fast path does not serve whole: the thread to resume. */
struct arch_thread *syscall_general(struct arch_regs *r)
{
	uint64_t nr = r->rax;
	enum erix_err err;

	/* The return address must be one sysret can take: a syscall ending
	 * at ERIX_USER_TOP is the thread's own #GP. */
	if (__builtin_expect(r->rip >= ERIX_USER_TOP, 0)) {
		kernel_user_fault(13, 0, r->rip, 0);
		return kernel_next();
	}
	if (nr == ERIX_SYS_NULL) {
		r->rax = ERIX_OK;
		return kernel_next();
	}
	if (nr >= N_SYSCALLS) {
		err = ERIX_ERR_UNKNOWN_SYSCALL;
	} else {
		/* Clamped: a mispredicted bounds check cannot load a pointer
		 * from past the table and call it (Spectre v1). */
		syscall_fn fn = syscalls[arch_index_nospec(nr, N_SYSCALLS)];

		err = fn ? fn(r) : ERIX_ERR_UNKNOWN_SYSCALL;
	}
	if (err != ERIX_BLOCKED)
		r->rax = err;
	return kernel_next();
}

/* The fast path takes a rip sysret can take, and a CALL only with rsi 0
 * (no reply slots, no timeout: a kctl CALL, whose rsi is its op, never
 * pays for the try); a REPLY_RECV with rsi set (a receive slot) has its
 * own entry. The fast path falls back to syscall_general itself, so this
 * stays a frameless tail call.
 * syscall.S makes the same dispatch on the live registers before it gets
 * here (this is the reference, which host tests run); NULL rarely gets
 * here either: syscall.S answers it unless its rip is bad. */
struct arch_thread *kernel_syscall(struct arch_regs *r)
{
	if (r->rip < ERIX_USER_TOP) {
		if (r->rax == ERIX_SYS_CALL && !r->rsi)
			return fastpath_call(r);
		if (r->rax == ERIX_SYS_REPLY_RECV)
			return r->rsi ? fastpath_reply_recv_slot(r) : fastpath_reply_recv(r);
	}
	return syscall_general(r);
}
