/* TCB lifetime: created as a charged kobj object, destroyed once it is dead,
 * off the CPU and named by no cap. */
#include "tcb.h"

#include "kobj.h"
#include "process.h"
#include "sched.h"
#include "string.h"

static uint32_t next_tid = 1;

enum erix_err tcb_create(struct account *acct, const char *name, uint8_t prio, struct tcb **out)
{
	struct tcb *t;
	enum erix_err err = kobj_alloc(acct, sizeof(*t), (void **)&t);

	if (err)
		return err;
	t->acct = acct;
	t->tid = next_tid++;
	t->prio = prio;
	t->state = TCB_INACTIVE;
	for (unsigned n = 0; n + 1 < TCB_NAME_MAX && name[n]; n++)
		t->name[n] = name[n];
	*out = t;
	return ERIX_OK;
}

void tcb_destroy(struct tcb *t)
{
	if (t->proc)
		process_remove_thread(t);
	kobj_free(t->acct, t, sizeof(*t));
}

void tcb_reap(struct tcb *t)
{
	if (t->state == TCB_DEAD && !t->refs && !sched_on_cpu(t))
		tcb_destroy(t);
}

size_t tcb_bytes(void)
{
	return kobj_class_size(sizeof(struct tcb));
}
