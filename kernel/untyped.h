/* Untyped memory: one object per seed, naming its naturally aligned block.
 * RAM untyped is retyped into 4 KiB frames from a watermark; each frame cap
 * and each mapping of a frame is a child of its untyped, and when the last
 * child is gone the watermark goes back to the start, so memory is never
 * handed out twice and always comes back (seL4's reset rule). */
#ifndef ERIX_KERNEL_UNTYPED_H
#define ERIX_KERNEL_UNTYPED_H

#include "arch/x86_64/arch.h"
#include "cspace.h"
#include "seed.h"

struct account;
struct endpoint;

struct untyped {
	paddr_t base;
	uint64_t watermark; /* bytes from base handed out as frames */
	uint64_t children;  /* frame caps plus frame mappings */
	uint8_t size_bits;
	uint8_t is_device;
};

/* Makes one untyped object per seed (charged to acct) and installs a cap
 * for each at ERIX_SLOT_UNTYPED_BASE + i of cs, RAM seeds first. set must
 * outlive the kernel (its RAM seeds are searched by frame address). */
int untyped_install_seeds(struct account *acct, struct cspace *cs, const struct seed_set *set);

/* One more or one fewer child of the untyped a frame came from. */
void untyped_child_add(struct untyped *u);
void untyped_child_gone(struct untyped *u);
/* The RAM untyped whose block holds pa, or NULL. */
struct untyped *untyped_of(paddr_t pa);

/* RETYPE_UNTYPED_TO_FRAME (kctl.c dispatches). */
enum erix_err untyped_op_retype(const struct endpoint *ep, const uint64_t *w, uint64_t *out);

#endif
