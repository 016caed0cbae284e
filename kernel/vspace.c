/* User VSpaces: kobj headers and kmem frames charged to their account.
 * Page tables are counted before a map (arch_vspace_tables_needed), so the
 * charge is exact; pages are mapped W^X (writable or executable, never
 * both). */
#include "vspace.h"

#include <elf/elf64.h>
#include <erix/errors.h>

#include "kobj.h"
#include "string.h"

enum erix_err vspace_create(struct account *acct, struct vspace **out)
{
	struct vspace *vs;
	enum erix_err err = kobj_alloc(acct, sizeof(*vs), (void **)&vs);

	if (err)
		return err;
	vs->acct = acct;
	err = account_charge(acct, ERIX_PAGE_SIZE);
	if (!err && (err = arch_vspace_create(&vs->root)))
		account_refund(acct, ERIX_PAGE_SIZE);
	if (err) {
		kobj_free(acct, vs, sizeof(*vs));
		return err;
	}
	*out = vs;
	return ERIX_OK;
}

void vspace_destroy(struct vspace *vs)
{
	struct arch_vspace_freed freed;

	arch_vspace_destroy(vs->root, &freed);
	account_refund(vs->acct, (freed.tables + freed.owned) * ERIX_PAGE_SIZE);
	kobj_free(vs->acct, vs, sizeof(*vs));
}

/* Maps pa with the tables it needs charged to the VSpace's account. Tables
 * a failed map did create stay in the tree and stay charged. */
static enum erix_err map_charged(struct vspace *vs, vaddr_t va, paddr_t pa, unsigned flags)
{
	unsigned tables = arch_vspace_tables_needed(vs->root, va);
	enum erix_err err = account_charge(vs->acct, (uint64_t)tables * ERIX_PAGE_SIZE);

	if (err)
		return err;
	err = arch_vspace_map(vs->root, va, pa, flags | ARCH_MAP_USER);
	if (err)
		account_refund(vs->acct,
		               (uint64_t)arch_vspace_tables_needed(vs->root, va) * ERIX_PAGE_SIZE);
	return err;
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
