/* User VSpaces: kobj headers and kmem frames charged to their account.
 * Page tables are counted before a map (arch_vspace_tables_needed), so the
 * charge is exact; pages are mapped W^X (writable or executable, never
 * both). */
#include "vspace.h"

#include <elf/elf64.h>
#include <erix/errors.h>

#include <erix/kctl.h>

#include "cap.h"
#include "cspace.h"
#include "kobj.h"
#include "process.h"
#include "sched.h"
#include "string.h"
#include "tcb.h"
#include "untyped.h"

enum erix_err vspace_create(struct account *acct, struct vspace **out)
{
	struct vspace *vs;
	enum erix_err err = kobj_alloc(acct, sizeof(*vs), (void **)&vs);

	if (err)
		return err;
	vs->acct = acct;
	err = account_charge(acct, arch_vspace_root_pages() * ERIX_PAGE_SIZE);
	if (!err && (err = arch_vspace_create(&vs->root)))
		account_refund(acct, arch_vspace_root_pages() * ERIX_PAGE_SIZE);
	if (err) {
		kobj_free(acct, vs, sizeof(*vs));
		return err;
	}
	*out = vs;
	return ERIX_OK;
}

enum erix_err vspace_user_page(const struct vspace *vs, vaddr_t va, unsigned need, void **kva)
{
	paddr_t pa;
	unsigned flags;

	if (!vs || va < ERIX_USER_MIN || va >= ERIX_USER_TOP || (va & (ERIX_PAGE_SIZE - 1)))
		return ERIX_ERR_BAD_ADDRESS;
	if (arch_vspace_lookup(vs->root, va, &pa, &flags))
		return ERIX_ERR_BAD_ADDRESS;
	if ((flags & (need | ARCH_MAP_USER | ARCH_MAP_UNCACHED)) != (need | ARCH_MAP_USER))
		return ERIX_ERR_BAD_ADDRESS;
	*kva = arch_phys_to_virt(pa);
	return ERIX_OK;
}

/* A frame cap's mapping went with its VSpace: one child fewer. */
static void frame_unmapped(paddr_t pa)
{
	struct untyped *u = untyped_of(pa);

	if (u)
		untyped_child_gone(u);
}

void vspace_destroy(struct vspace *vs)
{
	struct arch_vspace_freed freed;

	arch_vspace_destroy(vs->root, &freed, frame_unmapped);
	account_refund(vs->acct, (freed.tables + freed.owned) * ERIX_PAGE_SIZE);
	kobj_free(vs->acct, vs, sizeof(*vs));
}

/* Maps pa with the tables it needs charged to payer. Tables a failed map
 * did create stay in the tree and stay charged. */
static enum erix_err map_paid(struct vspace *vs, struct account *payer, vaddr_t va, paddr_t pa,
                              unsigned flags)
{
	unsigned tables = arch_vspace_tables_needed(vs->root, va);
	enum erix_err err = account_charge(payer, (uint64_t)tables * ERIX_PAGE_SIZE);

	if (err)
		return err;
	err = arch_vspace_map(vs->root, va, pa, flags | ARCH_MAP_USER);
	if (err)
		account_refund(payer,
		               (uint64_t)arch_vspace_tables_needed(vs->root, va) * ERIX_PAGE_SIZE);
	return err;
}

static enum erix_err map_charged(struct vspace *vs, vaddr_t va, paddr_t pa, unsigned flags)
{
	return map_paid(vs, vs->acct, va, pa, flags);
}

enum erix_err vspace_map_anon(struct vspace *vs, vaddr_t va, unsigned flags, paddr_t *pa)
{
	enum erix_err err;

	if ((flags & ARCH_MAP_WRITE) && (flags & ARCH_MAP_EXEC))
		return ERIX_ERR_INVALID_ARGUMENT;
	err = kobj_alloc_user_frame(vs->acct, pa);
	if (err)
		return err;
	err = map_charged(vs, va, *pa, flags | ARCH_MAP_OWNED);
	if (err)
		kobj_free_frame(vs->acct, *pa);
	return err;
}

void vspace_unmap_anon(struct vspace *vs, vaddr_t va)
{
	paddr_t pa;

	if (!arch_vspace_unmap(vs->root, va, &pa))
		kobj_free_frame(vs->acct, pa);
}

enum erix_err vspace_map_foreign(struct vspace *vs, vaddr_t va, paddr_t pa, unsigned flags)
{
	if ((flags & ARCH_MAP_WRITE) && (flags & ARCH_MAP_EXEC))
		return ERIX_ERR_INVALID_ARGUMENT;
	return map_charged(vs, va, pa, flags & ~(unsigned)ARCH_MAP_OWNED);
}

static unsigned segment_flags(uint32_t pf)
{
	return (pf & ELF64_PF_W ? ARCH_MAP_WRITE : 0) | (pf & ELF64_PF_X ? ARCH_MAP_EXEC : 0);
}

/* Copies the part of [seg file bytes] that falls into page va. */
static void fill_page(uint8_t *page, vaddr_t va, const uint8_t *file,
                      const struct erix_elf_segment *s)
{
	uint64_t lo = va > s->vaddr ? va : s->vaddr;
	uint64_t hi = va + ERIX_PAGE_SIZE;
	uint64_t file_end = s->vaddr + s->filesz;

	if (hi > file_end)
		hi = file_end;
	if (lo < hi)
		memcpy(page + (lo - va), file + s->offset + (lo - s->vaddr), hi - lo);
}

static enum erix_err load_segment(struct vspace *vs, const uint8_t *file,
                                  const struct erix_elf_segment *s)
{
	vaddr_t first = s->vaddr & ~(vaddr_t)(ERIX_PAGE_SIZE - 1);
	vaddr_t end = (s->vaddr + s->memsz + ERIX_PAGE_SIZE - 1) & ~(vaddr_t)(ERIX_PAGE_SIZE - 1);

	for (vaddr_t va = first; va < end; va += ERIX_PAGE_SIZE) {
		paddr_t pa;
		enum erix_err err = vspace_map_anon(vs, va, segment_flags(s->flags), &pa);

		if (err)
			return err;
		fill_page(arch_phys_to_virt(pa), va, file, s);
	}
	return ERIX_OK;
}

enum erix_err vspace_load_elf(struct vspace *vs, const uint8_t *file,
                              const struct erix_elf_image *img)
{
	for (uint32_t i = 0; i < img->segment_count; i++) {
		enum erix_err err = load_segment(vs, file, &img->segments[i]);

		if (err)
			return err;
	}
	return ERIX_OK;
}

/* ------------------------------------------------ MAP_FRAME, UNMAP_FRAME */

/* R, RW or RX: readable always, never writable and executable at once. */
enum erix_err vspace_decode_prot(uint64_t prot, unsigned *flags)
{
	if (prot & ~(uint64_t)(ERIX_PROT_READ | ERIX_PROT_WRITE | ERIX_PROT_EXEC))
		return ERIX_ERR_INVALID_ARGUMENT;
	if (!(prot & ERIX_PROT_READ))
		return ERIX_ERR_INVALID_ARGUMENT;
	if ((prot & ERIX_PROT_WRITE) && (prot & ERIX_PROT_EXEC))
		return ERIX_ERR_INVALID_ARGUMENT;
	*flags = (prot & ERIX_PROT_WRITE ? ARCH_MAP_WRITE : 0) |
	         (prot & ERIX_PROT_EXEC ? ARCH_MAP_EXEC : 0);
	return ERIX_OK;
}

/* The process whose VSpace an op names: the caller's own (ERIX_KCTL_SELF)
 * or a live one it holds a process cap to. Its account pays the tables:
 * a child's budget was carved from the caller's, so the mapper pays. */
enum erix_err vspace_decode_target(uint64_t slot, struct process **p)
{
	struct cap *c;

	if (slot == ERIX_KCTL_SELF) {
		*p = process_of_current();
		return ERIX_OK;
	}
	return process_lookup(slot, 0, &c, p);
}

/* A user-half page address at or above ERIX_USER_MIN. */
static enum erix_err decode_user_va(uint64_t va)
{
	if (va & (ERIX_PAGE_SIZE - 1))
		return ERIX_ERR_INVALID_ARGUMENT;
	if (va < ERIX_USER_MIN || va >= ERIX_USER_TOP)
		return ERIX_ERR_BAD_ADDRESS;
	return ERIX_OK;
}

enum erix_err vspace_decode_frame(uint64_t slot, uint64_t prot, struct cap **f, unsigned *flags)
{
	enum erix_err err = cspace_lookup_window(sched_current()->cspace, slot, f);

	if (err)
		return err;
	if ((*f)->type == ERIX_CAP_NULL)
		return ERIX_ERR_EMPTY_SLOT;
	if ((*f)->type != ERIX_CAP_FRAME && (*f)->type != ERIX_CAP_DEVICE_FRAME)
		return ERIX_ERR_WRONG_TYPE;
	if ((err = vspace_decode_prot(prot, flags)))
		return err;
	/* Device registers are never code. */
	if ((*f)->type == ERIX_CAP_DEVICE_FRAME && (*flags & ARCH_MAP_EXEC))
		return ERIX_ERR_INVALID_ARGUMENT;
	if (!cap_has_rights(*f, ERIX_RIGHT_READ | (*flags & ARCH_MAP_WRITE ? ERIX_RIGHT_WRITE : 0)))
		return ERIX_ERR_NO_RIGHTS;
	return ERIX_OK;
}

/* A device frame is mapped uncached and belongs to no untyped. */
enum erix_err vspace_map_frame(struct process *p, uint64_t va, const struct cap *f, unsigned flags)
{
	int device = f->type == ERIX_CAP_DEVICE_FRAME;
	enum erix_err err = map_paid(p->vspace, &p->acct, va, f->base,
	                             flags | ARCH_MAP_FRAME | (device ? ARCH_MAP_UNCACHED : 0));

	if (!err && !device)
		untyped_child_add(f->obj);
	return err;
}

enum erix_err vspace_decode_range(const struct process *p, uint64_t va, uint64_t pages)
{
	enum erix_err err = decode_user_va(va);

	if (err)
		return err;
	if (pages == 0 || pages > (ERIX_USER_TOP - va) / ERIX_PAGE_SIZE)
		return ERIX_ERR_BAD_ADDRESS;
	for (uint64_t i = 0; i < pages; i++)
		if (!arch_vspace_lookup(p->vspace->root, va + i * ERIX_PAGE_SIZE, NULL, NULL))
			return ERIX_ERR_BUSY;
	if ((uint64_t)arch_vspace_tables_needed_range(p->vspace->root, va, pages) * ERIX_PAGE_SIZE >
	    p->acct.limit - p->acct.used)
		return ERIX_ERR_NO_MEMORY;
	return ERIX_OK;
}

enum erix_err vspace_map_device(struct process *p, uint64_t va, paddr_t pa)
{
	return map_paid(p->vspace, &p->acct, va, pa,
	                ARCH_MAP_WRITE | ARCH_MAP_UNCACHED | ARCH_MAP_FRAME);
}

enum erix_err vspace_map_shared(struct process *p, uint64_t va, paddr_t pa)
{
	return map_paid(p->vspace, &p->acct, va, pa, ARCH_MAP_FRAME);
}

/* w[0] frame slot, w[1] target, w[2] va, w[3] ERIX_PROT_*. */
enum erix_err vspace_op_map_frame(const struct endpoint *ep, const uint64_t *w, uint64_t *out)
{
	struct cap *f;
	struct process *p;
	unsigned flags = 0;
	enum erix_err err = vspace_decode_frame(w[0], w[3], &f, &flags);

	(void)ep;
	(void)out;
	if (!err)
		err = vspace_decode_target(w[1], &p);
	if (!err)
		err = vspace_decode_range(p, w[2], 1);
	return err ? err : vspace_map_frame(p, w[2], f, flags);
}

/* w[0] target, w[1] va: a page mapped there by MAP_FRAME (not an owned
 * page or a module: those go with their process). */
enum erix_err vspace_op_unmap_frame(const struct endpoint *ep, const uint64_t *w, uint64_t *out)
{
	struct process *p;
	paddr_t pa;
	unsigned flags;
	enum erix_err err = vspace_decode_target(w[0], &p);

	(void)ep;
	(void)out;
	if (!err)
		err = decode_user_va(w[1]);
	if (!err && arch_vspace_lookup(p->vspace->root, w[1], &pa, &flags))
		err = ERIX_ERR_NOT_FOUND;
	if (!err && !(flags & ARCH_MAP_FRAME))
		err = ERIX_ERR_WRONG_TYPE;
	if (err)
		return err;
	arch_vspace_unmap(p->vspace->root, w[1], NULL);
	frame_unmapped(pa);
	return ERIX_OK;
}
