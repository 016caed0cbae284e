/* Page-table entry bits and the table walker shared by paging.c (the
 * kernel half) and vspace.c (user VSpaces). Tables are reached through the
 * physmap, so a walk works on any root, loaded or not. */
#ifndef ERIX_ARCH_X86_64_PAGING_H
#define ERIX_ARCH_X86_64_PAGING_H

#include "cpu.h"

#define PTE_P    0x1ull
#define PTE_W    0x2ull
#define PTE_U    0x4ull
#define PTE_PWT  0x8ull
#define PTE_PCD  0x10ull
#define PTE_PS   0x80ull
#define PTE_G    0x100ull
#define PTE_NX   (1ull << 63)
#define PTE_ADDR 0x000FFFFFFFFFF000ull

#define PT_ENTRIES        512
#define PML4_FIRST_KERNEL 256
#define PAGE_MASK         ((uint64_t)ERIX_PAGE_SIZE - 1)
#define LARGE_PAGE_SIZE   0x200000ull

/* Intermediate entries: permissions are decided at the leaf. */
#define PT_INTER_KERNEL (PTE_P | PTE_W)
#define PT_INTER_USER   (PTE_P | PTE_W | PTE_U)

static inline uint64_t *pt_table(uint64_t entry)
{
	return (uint64_t *)arch_phys_to_virt(entry & PTE_ADDR);
}

static inline unsigned pt_index(vaddr_t va, unsigned level)
{
	return (unsigned)(va >> (ERIX_PAGE_SHIFT + 9 * (level - 1))) & (PT_ENTRIES - 1);
}

/* Finds the entry for va at `level` (1 = PT ... 4 = PML4) under root,
 * creating missing tables with `inter` when alloc is set. Returns 0,
 * ERIX_ERR_NOT_FOUND (missing table, !alloc), ERIX_ERR_NO_MEMORY, or
 * ERIX_ERR_BUSY when a large page covers va above `level`. */
int paging_map_identity(paddr_t pa);
void paging_unmap_identity(paddr_t pa);
int pt_walk(paddr_t root, vaddr_t va, unsigned level, uint64_t inter, bool alloc, uint64_t **out);

extern paddr_t arch_kernel_pml4;

/* KPTI (paging.c): on or off for the boot, PCID in use, why, how many
 * pages the user tables map of the kernel, and the kernel-only root's user
 * PML4. A VSpace's kernel PML4 keeps its user PML4's address, not present,
 * in slot KPTI_ROOT_SLOT. */
#define PML4_IMAGE     511
#define KPTI_ROOT_SLOT 509
#define KPTI_USER_PCID 1ull
#define CR3_NOFLUSH    (1ull << 63)
extern bool arch_kpti, arch_pcid;
extern const char *arch_kpti_reason;
extern unsigned arch_kpti_pages;
extern paddr_t arch_kpti_user_template;
bool arch_kpti_tables_ok(void); /* the selftest's check of the current user tables */
/* CR3 = root, and the per-CPU CR3 values of the entry and exit paths. */
void arch_vspace_load_root(paddr_t root);

/* True if pa lies in the kernel image's physical copy (valid once
 * arch_paging_init ran; before, nothing is an image frame). */
bool paging_is_image_frame(paddr_t pa);

#endif
