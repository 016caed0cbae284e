/* The TCB pool. Entry i owns kernel stack i, mapped on first use and kept:
 * stacks are never unmapped, so a stack is reused only by its own entry.
 * A DEAD entry is reusable once it is no longer the running thread (its
 * stack is then idle). */
#include "tcb.h"

#include "sched.h"
#include "string.h"

static struct tcb pool[ARCH_MAX_KSTACKS];
static uint32_t next_tid = 1;

static int reusable(const struct tcb *t)
{
	return t->state == TCB_FREE || (t->state == TCB_DEAD && t != sched_current());
}

static int claim_stack(struct tcb *t, unsigned index)
{
	if (t->arch.kstack_top)
		return 0;
	return arch_kstack_map(index, &t->arch.kstack_top);
}

struct tcb *tcb_alloc(const char *name, uint8_t prio)
{
	for (unsigned i = 0; i < ARCH_MAX_KSTACKS; i++) {
		struct tcb *t = &pool[i];
		vaddr_t top;

		if (!reusable(t) || claim_stack(t, i))
			continue;
		top = t->arch.kstack_top;
		memset(t, 0, sizeof(*t));
		t->arch.kstack_top = top;
		t->index = (uint8_t)i;
		t->tid = next_tid++;
		t->prio = prio;
		t->state = TCB_BLOCKED; /* claimed, not yet runnable */
		for (unsigned n = 0; n + 1 < TCB_NAME_MAX && name[n]; n++)
			t->name[n] = name[n];
		return t;
	}
	return NULL;
}

struct tcb *tcb_at(unsigned index)
{
	return index < ARCH_MAX_KSTACKS ? &pool[index] : NULL;
}
