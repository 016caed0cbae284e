/* User address spaces: a PML4 whose kernel half is shared (arch), user
 * pages mapped W^X. A VSpace's page tables and the anonymous pages it owns
 * are charged to its account and refunded when it is destroyed. */
#ifndef ERIX_KERNEL_VSPACE_H
#define ERIX_KERNEL_VSPACE_H

#include "arch/x86_64/arch.h"
#include "error.h"

struct account;

struct vspace {
	paddr_t root;
	struct account *acct;
};

enum erix_err vspace_create(struct account *acct, struct vspace **out);
/* Frees every table, every owned page and the VSpace itself. */
void vspace_destroy(struct vspace *vs);
/* Maps a fresh zeroed page that the VSpace owns at page va with ARCH_MAP_*
 * flags (USER added; WRITE together with EXEC refused); *pa gets its frame. */
enum erix_err vspace_map_anon(struct vspace *vs, vaddr_t va, unsigned flags, paddr_t *pa);
/* Unmaps and frees one owned page (its tables stay until the VSpace goes). */
void vspace_unmap_anon(struct vspace *vs, vaddr_t va);
/* Maps a frame the VSpace does not own (boot modules), user, never W+X. */
enum erix_err vspace_map_foreign(struct vspace *vs, vaddr_t va, paddr_t pa, unsigned flags);

/* The page at user va of vs, mapped with every ARCH_MAP_* bit of need and
 * cached (never a device frame): *kva gets the kernel's pointer to it
 * through the physmap, valid whichever VSpace is current until its tables
 * change. ERIX_ERR_BAD_ADDRESS otherwise. */
enum erix_err vspace_user_page(const struct vspace *vs, vaddr_t va, unsigned need, void **kva);

/* ERIX_PROT_* (R, RW or RX) to ARCH_MAP_* flags; anything else is
 * ERIX_ERR_INVALID_ARGUMENT. */
enum erix_err vspace_decode_prot(uint64_t prot, unsigned *flags);

struct cap;
struct endpoint;
struct process;
/* The caller's frame cap at slot, usable with ERIX_PROT_* prot (READ on
 * the cap, WRITE too for RW); *flags gets the ARCH_MAP_* flags. */
enum erix_err vspace_decode_frame(uint64_t slot, uint64_t prot, struct cap **f, unsigned *flags);
/* Both decoded: maps f at va, its tables paid by p, one more child of its
 * untyped. */
enum erix_err vspace_map_frame(struct process *p, uint64_t va, const struct cap *f, unsigned flags);

/* The process an op names: the caller's own (ERIX_KCTL_SELF) or a live
 * one the caller holds a process cap to (whose budget pays its tables). */
enum erix_err vspace_decode_target(uint64_t slot, struct process **p);
/* [va, va + pages pages) is free user space of p (at or above
 * ERIX_USER_MIN) whose tables p's budget can pay. */
enum erix_err vspace_decode_range(const struct process *p, uint64_t va, uint64_t pages);
/* A device page (not RAM): RW, NX, uncached, removable by UNMAP_FRAME. */
enum erix_err vspace_map_device(struct process *p, uint64_t va, paddr_t pa);

/* A kernel page every mapper shares (the font): read-only, NX, removable
 * by UNMAP_FRAME; no untyped owns it. */
enum erix_err vspace_map_shared(struct process *p, uint64_t va, paddr_t pa);

/* MAP_FRAME, UNMAP_FRAME (kctl.c dispatches). */
enum erix_err vspace_op_map_frame(const struct endpoint *ep, const uint64_t *w, uint64_t *out);
enum erix_err vspace_op_unmap_frame(const struct endpoint *ep, const uint64_t *w, uint64_t *out);

struct erix_elf_image;
/* Copies every PT_LOAD segment of a validated image into fresh pages. */
enum erix_err vspace_load_elf(struct vspace *vs, const uint8_t *file,
                              const struct erix_elf_image *img);

#endif
