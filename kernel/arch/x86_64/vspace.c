/* User VSpaces: a PML4 whose upper half is copied from the kernel's (whose
 * PDPTs are shared, so kernel mappings reach every VSpace), with KPTI a
 * user PML4 beside it (paging.c), 4 KiB user leaves, and the checked copies
 * between the kernel and the user half. */
#include "paging.h"

#include <erix/errors.h>

#include "kmem.h"

#define MAP_FLAGS_KNOWN                                                                            \
	(ARCH_MAP_WRITE | ARCH_MAP_EXEC | ARCH_MAP_USER | ARCH_MAP_UNCACHED | ARCH_MAP_OWNED |     \
	 ARCH_MAP_FRAME)
#define PTE_OWNED (1ull << 9)  /* software bit: the VSpace owns the leaf frame */
#define PTE_FRAME (1ull << 10) /* software bit: a frame cap's page (ARCH_MAP_FRAME) */

static paddr_t current_root(void)
{
	return read_cr3() & PTE_ADDR;
}

/* The user PML4 of a kernel PML4 (the same one without KPTI). */
static paddr_t user_root(paddr_t root)
{
	if (!arch_kpti)
		return root;
	return ((uint64_t *)arch_phys_to_virt(root))[KPTI_ROOT_SLOT] & PTE_ADDR;
}

unsigned arch_vspace_root_pages(void)
{
	return arch_kpti ? 2 : 1;
}

int arch_vspace_create(paddr_t *root)
{
	uint64_t *kernel, *pml4;
	paddr_t frame, user = 0;

	if (!arch_kernel_pml4 || !root)
		return ERIX_ERR_INVALID_ARGUMENT;
	frame = kmem_alloc_frame();
	if (frame && arch_kpti && !(user = kmem_alloc_frame())) {
		kmem_free_frame(frame);
		frame = 0;
	}
	if (!frame)
		return ERIX_ERR_NO_MEMORY;
	kernel = (uint64_t *)arch_phys_to_virt(arch_kernel_pml4);
	pml4 = (uint64_t *)arch_phys_to_virt(frame);
	for (unsigned i = PML4_FIRST_KERNEL; i < PT_ENTRIES; i++)
		pml4[i] = kernel[i];
	if (user) {
		((uint64_t *)arch_phys_to_virt(user))[PML4_IMAGE] =
		    ((uint64_t *)arch_phys_to_virt(arch_kpti_user_template))[PML4_IMAGE];
		pml4[KPTI_ROOT_SLOT] = user; /* not present: the CPU ignores it */
	}
	*root = frame;
	return ERIX_OK;
}

/* Inline in arch_switch_to_user: the IPC fast path's one VSpace step. */
static inline __attribute__((always_inline)) void load_root(struct arch_cpu *cpu, paddr_t root)
{
	paddr_t user = user_root(root);

	write_cr3(root); /* PCID 0: flushed */
	cpu->root = root;
	cpu->kernel_cr3 = root | cpu->cr3_noflush;
	cpu->user_root = user;
	/* With PCID, the next exit flushes the user PCID (it held another
	 * VSpace) and the exits after it keep it. */
	cpu->user_cr3 = user | cpu->user_pcid;
	cpu->user_cr3_next = user | cpu->user_pcid | cpu->cr3_noflush;
}

void arch_vspace_load_root(paddr_t root)
{
	load_root(this_cpu(), root);
}

void arch_vspace_leave(void)
{
	struct arch_cpu *cpu = this_cpu();

	if (cpu->root != arch_kernel_pml4)
		load_root(cpu, arch_kernel_pml4);
}

/* A leaf of the VSpace cpu holds changed: PCID 0 is flushed for va now,
 * the user PCID at the next exit. */
static void flush_on(struct arch_cpu *cpu, vaddr_t va)
{
	invlpg(va);
	if (arch_pcid)
		cpu->user_cr3 = cpu->user_cr3_next & ~CR3_NOFLUSH;
}

/* TLB shootdown. A CPU's TLB holds entries of the one VSpace it has loaded
 * (cpu->root: a root switch flushes PCID 0 at once and the user PCID at
 * the next exit), and an idle CPU holds none (it loads the kernel's
 * tables). So a change to a VSpace concerns exactly the CPUs whose root it
 * is: the kernel lock's holder posts each a request and an IPI and waits
 * until all are served, before the frame can be reused. The target serves
 * it wherever it is: in user mode the IPI brings it into the kernel, whose
 * entry waits for the lock and polls here; a CPU already waiting polls in
 * its loop. An idle or stalled CPU holds the kernel's tables: never asked. */
#define TLB_LEAVE (~0ull) /* va of a request to drop the VSpace */

struct tlb_request {
	uint64_t root, va;
	uint32_t pending;
};
static struct tlb_request tlb_requests[ARCH_MAX_CPUS];

void arch_tlb_poll(void)
{
	struct arch_cpu *cpu = this_cpu();
	struct tlb_request *r = &tlb_requests[cpu->index];

	if (!__atomic_load_n(&r->pending, __ATOMIC_ACQUIRE))
		return;
	if (cpu->root == r->root) {
		if (r->va == TLB_LEAVE)
			load_root(cpu, arch_kernel_pml4);
		else
			flush_on(cpu, r->va);
	}
	__atomic_store_n(&r->pending, 0, __ATOMIC_RELEASE);
}

static void shootdown(paddr_t root, vaddr_t va)
{
	unsigned me = (unsigned)this_cpu()->index, n = arch_smp_cpus();

	for (unsigned c = 0; c < n; c++) {
		if (c == me || arch_cpus[c].root != root)
			continue;
		tlb_requests[c].root = root;
		tlb_requests[c].va = va;
		__atomic_store_n(&tlb_requests[c].pending, 1, __ATOMIC_RELEASE);
		arch_smp_kick(c);
	}
	for (unsigned c = 0; c < n; c++)
		while (__atomic_load_n(&tlb_requests[c].pending, __ATOMIC_ACQUIRE))
			arch_cpu_relax();
}

/* Frees a user-half table, the tables below it and the leaf frames the
 * VSpace owns (ARCH_MAP_OWNED); other leaves belong to whoever mapped them. */
static void free_table(paddr_t table, unsigned level, struct arch_vspace_freed *freed,
                       void (*frame_gone)(paddr_t))
{
	uint64_t *t = (uint64_t *)arch_phys_to_virt(table);

	for (unsigned i = 0; i < PT_ENTRIES; i++) {
		if (!(t[i] & PTE_P))
			continue;
		if (level > 1 && !(t[i] & PTE_PS)) {
			free_table(t[i] & PTE_ADDR, level - 1, freed, frame_gone);
		} else if (level == 1 && (t[i] & PTE_OWNED)) {
			kmem_free_frame(t[i] & PTE_ADDR);
			freed->owned++;
		} else if (level == 1 && (t[i] & PTE_FRAME) && frame_gone) {
			frame_gone(t[i] & PTE_ADDR);
		}
	}
	kmem_free_frame(table);
	freed->tables++;
}

void arch_vspace_destroy(paddr_t root, struct arch_vspace_freed *freed,
                         void (*frame_gone)(paddr_t pa))
{
	uint64_t *pml4;

	freed->tables = freed->owned = 0;
	if (!root || root == arch_kernel_pml4)
		return;
	if (current_root() == root)
		arch_vspace_load_root(arch_kernel_pml4);
	shootdown(root, TLB_LEAVE);
	pml4 = (uint64_t *)arch_phys_to_virt(root);
	for (unsigned i = 0; i < PML4_FIRST_KERNEL; i++) {
		if (pml4[i] & PTE_P)
			free_table(pml4[i] & PTE_ADDR, 3, freed, frame_gone);
	}
	if (user_root(root) != root) {
		kmem_free_frame(user_root(root));
		freed->tables++;
	}
	kmem_free_frame(root);
	freed->tables++;
}

unsigned arch_vspace_tables_needed(paddr_t root, vaddr_t va)
{
	uint64_t *table = (uint64_t *)arch_phys_to_virt(root);

	for (unsigned level = 4; level > 1; level--) {
		uint64_t e = table[pt_index(va, level)];

		if (!(e & PTE_P))
			return level - 1;
		table = pt_table(e);
	}
	return 0;
}

/* Present entry of va at `level` under root, or 0 (a missing table above
 * counts as a missing entry). */
static uint64_t entry_at(paddr_t root, vaddr_t va, unsigned level)
{
	uint64_t *table = (uint64_t *)arch_phys_to_virt(root);

	for (unsigned l = 4; l > level; l--) {
		uint64_t e = table[pt_index(va, l)];

		if (!(e & PTE_P) || (e & PTE_PS))
			return 0;
		table = pt_table(e);
	}
	return table[pt_index(va, level)] & PTE_P ? table[pt_index(va, level)] : 0;
}

unsigned arch_vspace_tables_needed_range(paddr_t root, vaddr_t va, uint64_t pages)
{
	vaddr_t end = va + pages * ERIX_PAGE_SIZE;
	unsigned n = 0;

	/* One PT per 2 MiB, one PD per 1 GiB, one PDPT per 512 GiB touched,
	 * each counted where its parent entry is missing. */
	for (unsigned level = 2; level <= 4; level++) {
		uint64_t span = 1ull << (ERIX_PAGE_SHIFT + 9 * (level - 1));

		for (vaddr_t v = va & ~(span - 1); v < end; v += span)
			if (!entry_at(root, v, level))
				n++;
	}
	return n;
}

static bool user_va_ok(vaddr_t va)
{
	return va < ERIX_USER_TOP && !(va & PAGE_MASK);
}

/* Frames the kernel never aliases into a user half: its image (text,
 * tables, stacks in .bss) and every kmem pool frame not allocated as a user
 * frame (page tables, kernel stacks, CSpace slots, free frames). Frames
 * outside both (untyped RAM, device frames) are vouched for by the caller's
 * capability. */
static bool kernel_frame(paddr_t pa)
{
	return paging_is_image_frame(pa) || kmem_frame_is_kernel(pa);
}

/* Every caller gets the same checks: W^X and "not a kernel frame" hold
 * here, not only in the callers that remember them. */
int arch_vspace_map(paddr_t root, vaddr_t va, paddr_t pa, unsigned flags)
{
	uint64_t *e, leaf;
	int err;

	if (!root || !user_va_ok(va) || (pa & PAGE_MASK) || (pa >> arch_phys_bits()) ||
	    (flags & ~MAP_FLAGS_KNOWN))
		return ERIX_ERR_INVALID_ARGUMENT;
	if ((flags & ARCH_MAP_WRITE) && (flags & ARCH_MAP_EXEC))
		return ERIX_ERR_INVALID_ARGUMENT;
	if (kernel_frame(pa))
		return ERIX_ERR_RANGE;
	err = pt_walk(root, va, 1, PT_INTER_USER, true, &e);
	if (err)
		return err;
	if (*e & PTE_P)
		return ERIX_ERR_BUSY;
	if (arch_kpti) /* the user PML4 shares the tables below its entries */
		((uint64_t *)arch_phys_to_virt(user_root(root)))[pt_index(va, 4)] =
		    ((uint64_t *)arch_phys_to_virt(root))[pt_index(va, 4)];
	leaf = pa | PTE_P;
	if (flags & ARCH_MAP_WRITE)
		leaf |= PTE_W;
	if (flags & ARCH_MAP_USER)
		leaf |= PTE_U;
	if (!(flags & ARCH_MAP_EXEC))
		leaf |= PTE_NX;
	if (flags & ARCH_MAP_UNCACHED)
		leaf |= PTE_PCD | PTE_PWT;
	if (flags & ARCH_MAP_OWNED)
		leaf |= PTE_OWNED;
	if (flags & ARCH_MAP_FRAME)
		leaf |= PTE_FRAME;
	*e = leaf;
	return ERIX_OK;
}

static int find_leaf(paddr_t root, vaddr_t va, uint64_t **e)
{
	int err;

	if (!root || !user_va_ok(va))
		return ERIX_ERR_INVALID_ARGUMENT;
	err = pt_walk(root, va, 1, PT_INTER_USER, false, e);
	if (err)
		return ERIX_ERR_NOT_FOUND;
	if (!(**e & PTE_P))
		return ERIX_ERR_NOT_FOUND;
	return ERIX_OK;
}

int arch_vspace_unmap(paddr_t root, vaddr_t va, paddr_t *pa)
{
	uint64_t *e;
	int err = find_leaf(root, va, &e);

	if (err)
		return err;
	if (pa)
		*pa = *e & PTE_ADDR;
	*e = 0;
	if (current_root() == root)
		flush_on(this_cpu(), va);
	shootdown(root, va);
	return ERIX_OK;
}

int arch_vspace_lookup(paddr_t root, vaddr_t va, paddr_t *pa, unsigned *flags)
{
	uint64_t *e;
	unsigned f = 0;
	int err = find_leaf(root, va, &e);

	if (err)
		return err;
	if (*e & PTE_W)
		f |= ARCH_MAP_WRITE;
	if (!(*e & PTE_NX))
		f |= ARCH_MAP_EXEC;
	if (*e & PTE_U)
		f |= ARCH_MAP_USER;
	if (*e & PTE_PCD)
		f |= ARCH_MAP_UNCACHED;
	if (*e & PTE_OWNED)
		f |= ARCH_MAP_OWNED;
	if (*e & PTE_FRAME)
		f |= ARCH_MAP_FRAME;
	if (pa)
		*pa = *e & PTE_ADDR;
	if (flags)
		*flags = f;
	return ERIX_OK;
}

void arch_switch_to_user(const struct arch_thread *t, paddr_t root)
{
	struct arch_cpu *cpu = this_cpu();

	/* cpu->root mirrors CR3 (only load_root loads a root). */
	if (cpu->root != root)
		load_root(cpu, root);
	if (t->regs.fs_base != cpu->fs_base) {
		cpu->fs_base = t->regs.fs_base;
		wrmsr(MSR_FS_BASE, t->regs.fs_base);
	}
}

/* True if the page holding va is present and user-accessible (and
 * writable, if asked) at every level of the current tables. */
static bool user_page_ok(vaddr_t va, bool write)
{
	uint64_t need = PTE_P | PTE_U | (write ? PTE_W : 0);
	uint64_t *table = (uint64_t *)arch_phys_to_virt(current_root());

	for (unsigned level = 4; level >= 1; level--) {
		uint64_t e = table[pt_index(va, level)];

		if ((e & need) != need)
			return false;
		if (level == 1 || (e & PTE_PS))
			return true;
		table = pt_table(e);
	}
	return false;
}

static bool user_range_ok(vaddr_t va, size_t n, bool write)
{
	if (va >= ERIX_USER_TOP || n > ERIX_USER_TOP - va)
		return false;
	for (vaddr_t p = va & ~PAGE_MASK; p < va + n; p += ERIX_PAGE_SIZE) {
		if (!user_page_ok(p, write))
			return false;
	}
	return true;
}

/* The range was checked page by page just before (interrupts are off, so
 * nothing can change the tables in between): the copy cannot fault. SMAP
 * is lifted for exactly the duration of the copy. */
static void user_copy(void *dst, const void *src, size_t n)
{
	if (arch_has_smap)
		__asm__ volatile("stac; rep movsb; clac"
		                 : "+D"(dst), "+S"(src), "+c"(n)
		                 :
		                 : "memory");
	else
		__asm__ volatile("rep movsb" : "+D"(dst), "+S"(src), "+c"(n) : : "memory");
}

int arch_user_readable(vaddr_t va, size_t n)
{
	return n == 0 || user_range_ok(va, n, false) ? ERIX_OK : ERIX_ERR_BAD_ADDRESS;
}

int arch_copy_from_user(void *dst, vaddr_t src, size_t n)
{
	if (n == 0)
		return ERIX_OK;
	if (!user_range_ok(src, n, false))
		return ERIX_ERR_BAD_ADDRESS;
	user_copy(dst, (const void *)(uintptr_t)src, n);
	return ERIX_OK;
}

int arch_copy_to_user(vaddr_t dst, const void *src, size_t n)
{
	if (n == 0)
		return ERIX_OK;
	if (!user_range_ok(dst, n, true))
		return ERIX_ERR_BAD_ADDRESS;
	user_copy((void *)(uintptr_t)dst, src, n);
	return ERIX_OK;
}
