/* Per-account size-class allocator over kmem frames. A frame split for
 * class c of account a holds only such objects; kmem's per-frame counter
 * says how many are in use, and the last free returns the frame (its free
 * objects are unlinked from the doubly linked class list first). */
#include "kobj.h"

#include "kmem_pool.h"
#include "string.h"

struct kobj_free {
	struct kobj_free *next, *prev;
};

struct account kernel_account = {.limit = UINT64_MAX};

enum erix_err account_charge(struct account *a, uint64_t bytes)
{
	if (bytes > a->limit - a->used)
		return ERIX_ERR_NO_MEMORY;
	a->used += bytes;
	return ERIX_OK;
}

void account_refund(struct account *a, uint64_t bytes)
{
	a->used -= bytes;
}

static unsigned class_of(size_t size)
{
	unsigned c = 0;

	while ((size_t)KOBJ_MIN_SIZE << c < size)
		c++;
	return c;
}

size_t kobj_class_size(size_t size)
{
	return (size_t)KOBJ_MIN_SIZE << class_of(size);
}

static void push(struct kobj_free **head, struct kobj_free *o)
{
	o->prev = NULL;
	o->next = *head;
	if (*head)
		(*head)->prev = o;
	*head = o;
}

static void unlink(struct kobj_free **head, struct kobj_free *o)
{
	if (o->prev)
		o->prev->next = o->next;
	else
		*head = o->next;
	if (o->next)
		o->next->prev = o->prev;
}

/* One frame from kmem (kernel-private, or user-mappable) charged to a. */
static enum erix_err charged_frame(struct account *a, paddr_t (*alloc)(void), paddr_t *pa)
{
	enum erix_err err = account_charge(a, ERIX_PAGE_SIZE);

	if (err)
		return err;
	*pa = alloc();
	if (!*pa) {
		account_refund(a, ERIX_PAGE_SIZE);
		return ERIX_ERR_NO_MEMORY;
	}
	return ERIX_OK;
}

enum erix_err kobj_alloc_frame(struct account *a, paddr_t *pa)
{
	return charged_frame(a, kmem_alloc_frame, pa);
}

enum erix_err kobj_alloc_user_frame(struct account *a, paddr_t *pa)
{
	return charged_frame(a, kmem_alloc_user_frame, pa);
}

void kobj_free_frame(struct account *a, paddr_t pa)
{
	kmem_free_frame(pa);
	account_refund(a, ERIX_PAGE_SIZE);
}

static enum erix_err refill(struct account *a, unsigned c)
{
	size_t sz = (size_t)KOBJ_MIN_SIZE << c;
	paddr_t pa;
	uint8_t *page;
	enum erix_err err = kobj_alloc_frame(a, &pa);

	if (err)
		return err;
	page = arch_phys_to_virt(pa);
	for (size_t off = 0; off < ERIX_PAGE_SIZE; off += sz)
		push(&a->free[c], (struct kobj_free *)(page + off));
	return ERIX_OK;
}

enum erix_err kobj_alloc(struct account *a, size_t size, void **out)
{
	unsigned c = class_of(size);
	struct kobj_free *o;
	enum erix_err err;

	if (size == 0 || size > KOBJ_MAX_SIZE)
		return ERIX_ERR_INVALID_ARGUMENT;
	if (!a->free[c] && (err = refill(a, c)))
		return err;
	o = a->free[c];
	unlink(&a->free[c], o);
	kmem_frame_uses_add((uintptr_t)o, 1);
	memset(o, 0, (size_t)KOBJ_MIN_SIZE << c);
	*out = o;
	return ERIX_OK;
}

void kobj_free(struct account *a, void *obj, size_t size)
{
	unsigned c = class_of(size);
	size_t sz = (size_t)KOBJ_MIN_SIZE << c;
	uintptr_t page = (uintptr_t)obj & ~(uintptr_t)(ERIX_PAGE_SIZE - 1);

	push(&a->free[c], obj);
	if (kmem_frame_uses_add((uintptr_t)obj, -1))
		return;
	/* The frame is empty: all its objects are on the free list. */
	for (size_t off = 0; off < ERIX_PAGE_SIZE; off += sz)
		unlink(&a->free[c], (struct kobj_free *)(page + off));
	kobj_free_frame(a, (uintptr_t)page - ERIX_PHYSMAP_BASE);
}
