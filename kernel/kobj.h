/* Kernel objects (TCBs, endpoints, CSpace and VSpace headers, processes)
 * and kernel frames (page tables, CSpace slots, anonymous user pages), each
 * charged to the account of whoever caused it.
 *
 * An account is a process's kernel-memory budget, counted in whole frames:
 * small objects come from frames the account itself holds (one free list
 * per size class per account), so accounts never share a frame, a charge
 * over the limit is ERIX_ERR_NO_MEMORY for that account alone, and a frame
 * whose objects are all free goes back to the kernel pool at once. */
#ifndef ERIX_KERNEL_KOBJ_H
#define ERIX_KERNEL_KOBJ_H

#include <stddef.h>
#include <stdint.h>

#include "arch/x86_64/arch.h"
#include "error.h"

#define KOBJ_MIN_SIZE 64
#define KOBJ_MAX_SIZE 2048
#define KOBJ_CLASSES  6 /* 64, 128, 256, 512, 1024, 2048 */

struct kobj_free;

struct account {
	uint64_t limit; /* bytes this account may hold */
	uint64_t used;  /* bytes it holds: its frames and the budgets it gave */
	struct kobj_free *free[KOBJ_CLASSES];
};

/* The kernel's own account (boot objects, selftest threads): no limit. */
extern struct account kernel_account;

/* Charges or refunds bytes (budgets given to children). */
enum erix_err account_charge(struct account *a, uint64_t bytes);
void account_refund(struct account *a, uint64_t bytes);

/* The bytes an object of `size` occupies (its size class). */
size_t kobj_class_size(size_t size);
/* A zeroed object of at least size bytes (<= KOBJ_MAX_SIZE), charged to a. */
enum erix_err kobj_alloc(struct account *a, size_t size, void **out);
void kobj_free(struct account *a, void *obj, size_t size);

/* One zeroed frame charged to a, and its release. */
enum erix_err kobj_alloc_frame(struct account *a, paddr_t *pa);
/* A frame that will back user memory (the only pool frames
 * arch_vspace_map maps to user), charged to a. */
enum erix_err kobj_alloc_user_frame(struct account *a, paddr_t *pa);
void kobj_free_frame(struct account *a, paddr_t pa);

#endif
