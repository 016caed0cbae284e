/* Boot: from the handoff to the root objects. The handoff is validated
 * before a byte of it is used; reservations (plus the kernel pool) are cut
 * out before seeds are derived, so pool frames are never also untyped. */
#include "boot.h"

#include <erix/cap.h>
#include <erix/debug_exit.h>
#include <erix/errors.h>
#include <erix/kctl.h>
#include <erix/markers.h>
#include <erix/slots.h>

#include <crypto/sha256.h>

#include "console.h"
#include "cspace.h"
#include "endpoint.h"
#include "exit.h"
#include "hotplug.h"
#include "kmem_pool.h"
#include "kobj.h"
#include "platform.h"
#include "tcb.h"
#include "untyped.h"
#include "vspace.h"

struct boot_info boot_info;
struct tcb *boot_rootd_tcb;
static struct cspace *root_cspace;
static struct vspace *root_vspace;

/* How many bytes at handoff_phys are certainly mapped before the map is
 * trusted: bl maps at least [0, ERIX_BOOT_MAP_MIN) and at most
 * ERIX_BOOT_MAP_MAX, so a corrupt total_size is rejected by the validator
 * (TOTAL_SIZE) instead of faulting on an unmapped page. 0: not readable. */
static uint64_t handoff_window(uint64_t phys)
{
	uint64_t max = (uint64_t)ERIX_HANDOFF_MAX_PAGES * ERIX_HANDOFF_PAGE_SIZE;

	if (phys % ERIX_HANDOFF_PAGE_SIZE || phys >= ERIX_BOOT_MAP_MAX - ERIX_HANDOFF_PAGE_SIZE)
		return 0;
	if (phys < ERIX_BOOT_MAP_MIN && ERIX_BOOT_MAP_MIN - phys < max)
		return ERIX_BOOT_MAP_MIN - phys;
	return max;
}

extern char __kernel_start[], __kernel_end[], _start[]; /* linker.ld, entry.S */

/* The image the kernel runs is the one the KERNEL section names: linked
 * where it says, entered where it says, no larger than it says, and every
 * page at phys_base + offset in the tables bl built (the kernel maps that
 * range as its own image next). Returns the field that is wrong, or NULL. */
static const char *kernel_image_mismatch(const struct erix_handoff_kernel *k)
{
	vaddr_t start = (vaddr_t)(uintptr_t)__kernel_start;
	uint64_t size = (uint64_t)(__kernel_end - __kernel_start);

	if (k->virt_base != start)
		return "virt_base";
	if (k->entry != (vaddr_t)(uintptr_t)_start)
		return "entry";
	if (k->virt_size < size)
		return "virt_size";
	for (uint64_t off = 0; off < size; off += ERIX_PAGE_SIZE) {
		paddr_t pa;

		if (arch_translate(start + off, &pa) || pa != k->phys_base + off)
			return "phys_base";
	}
	return NULL;
}

static const char *digest_kind(uint32_t kind)
{
	static const char *const names[] = {
	    [ERIX_DIGEST_KIND_CONFIG] = "config",
	    [ERIX_DIGEST_KIND_KERNEL] = "kernel",
	    [ERIX_DIGEST_KIND_MODULE] = "module",
	};

	return kind <= ERIX_DIGEST_KIND_MAX && names[kind] ? names[kind] : "unknown";
}

/* What booted, one line per file bl loaded (validated: kinds known, paths
 * terminated). */
static void report_digests(const struct erix_handoff_view *v)
{
	char hex[2 * ERIX_SHA256_SIZE + 1];

	for (uint64_t i = 0; i < v->digest_count; i++) {
		const struct erix_handoff_digest *d = &v->digests[i];

		erix_sha256_hex(d->sha256, hex);
		kprintf(ERIX_MARK_BOOT_DIGEST " kind=%s path=%s sha256=%s verified=%d\n",
		        digest_kind(d->kind), d->path, hex,
		        (d->flags & ERIX_DIGEST_F_VERIFIED) != 0);
	}
}

/* Which display bl handed on: tests compare it with the console's device. */
static void report_framebuffer(const struct erix_handoff_framebuffer *fb)
{
	if (!fb) {
		kputs(ERIX_MARK_BOOT_FRAMEBUFFER " none");
		return;
	}
	kprintf(ERIX_MARK_BOOT_FRAMEBUFFER " base=0x%lx size=0x%lx width=%u height=%u\n", fb->base,
	        fb->size, fb->width, fb->height);
}

void boot_handoff(uint64_t handoff_phys)
{
	const char *bad;
	uint64_t window = handoff_window(handoff_phys);
	enum erix_handoff_err err = ERIX_HANDOFF_ERR_ADDRESS;

	if (window)
		err = erix_handoff_validate(arch_phys_to_virt(handoff_phys), window, handoff_phys,
		                            &boot_info.view);
	if (err != ERIX_HANDOFF_ERR_OK) {
		kprintf(ERIX_MARK_FAIL_HANDOFF_PREFIX "%s\n", erix_handoff_err_name(err));
		kernel_exit(ERIX_DEBUG_EXIT_KERNEL_FAILURE);
	}
	bad = kernel_image_mismatch(boot_info.view.kernel);
	if (bad) {
		kprintf(ERIX_MARK_FAIL_KERNEL_IMAGE " what=%s\n", bad);
		kernel_exit(ERIX_DEBUG_EXIT_KERNEL_FAILURE);
	}
	kprintf(ERIX_MARK_HANDOFF_VALID " secure_boot=%d\n",
	        (boot_info.view.header->flags & ERIX_HANDOFF_F_SECURE_BOOT) != 0);
	report_digests(&boot_info.view);
	report_framebuffer(boot_info.view.framebuffer);
}

static void derive(const struct seed_range *extra, uint32_t extra_n)
{
	static struct seed_range resv[SEED_MAX_RESERVATIONS];
	const struct erix_handoff_view *v = &boot_info.view;
	uint32_t resv_n = 0;

	if (seed_reservations(v->mem, v->mem_count, extra, extra_n, resv, &resv_n) ||
	    seed_derive(v->mem, v->mem_count, resv, resv_n, arch_phys_bits(), &boot_info.seeds))
		kernel_fail(ERIX_MARK_FAIL_UNTYPED_OVERFLOW);
}

/* The pool is the start of the largest RAM seed below ERIX_BOOT_MAP_MIN,
 * KMEM_POOL_RAM_DIV of usable RAM (at least KMEM_POOL_MIN) if the seed is
 * that big: kmem_init threads its free list through the pool while the
 * loader's tables are live, and only that much is mapped for certain
 * whatever the (validated) memory map claims beyond it. */
static enum erix_err pick_pool(struct seed_range *pool)
{
	uint64_t want = boot_info.seeds.ram_bytes / KMEM_POOL_RAM_DIV;
	const struct seed *best = NULL;

	if (want < KMEM_POOL_MIN)
		want = KMEM_POOL_MIN;
	want &= ~(uint64_t)(ERIX_PAGE_SIZE - 1);
	for (uint32_t i = 0; i < boot_info.seeds.ram_count; i++) {
		const struct seed *s = &boot_info.seeds.seeds[i];

		if (s->base + (1ull << s->size_bits) > ERIX_BOOT_MAP_MIN)
			continue;
		if (!best || s->size_bits > best->size_bits)
			best = s;
	}
	if (!best || (1ull << best->size_bits) < KMEM_POOL_MIN)
		return ERIX_ERR_NO_MEMORY;
	pool->base = best->base;
	pool->length = (1ull << best->size_bits) < want ? 1ull << best->size_bits : want;
	return ERIX_OK;
}

/* The kernel's own reservations: the LAPIC, I/O APIC, ECAM and HPET
 * register windows (never device untyped), then the pool, picked from the
 * seeds they leave. */
void boot_memory(void)
{
	struct seed_range extra[2 + ACPI_MAX_IOAPICS + PLATFORM_MAX_MMIO] = {
	    {arch_lapic_phys(), ERIX_PAGE_SIZE}};
	uint32_t n = 1;
	struct seed_range *pool;

	platform_find_ioapics(extra, &n);
	platform_find_mmio(extra, &n);
	platform_find_caps();
	pool = &extra[n];
	derive(extra, n);
	if (pick_pool(pool))
		kernel_fail(ERIX_MARK_FAIL_NO_MEMORY " what=kernel_pool");
	derive(extra, n + 1);
	kmem_init(pool->base, pool->length);
	kprintf(ERIX_MARK_UNTYPED_READY " ram=%lu device=%lu seeds=%u pool=%lu\n",
	        boot_info.seeds.ram_bytes, boot_info.seeds.device_bytes, boot_info.seeds.count,
	        pool->length);
	kprintf("kernel: pool base=0x%lx bytes=%lu\n", pool->base, pool->length);
}

static int is_ram_type(uint32_t type)
{
	return type != ERIX_MEM_MMIO && type != ERIX_MEM_FRAMEBUFFER && type != ERIX_MEM_RESERVED &&
	       type != ERIX_MEM_UNUSABLE;
}

#define BOOT_MAX_RAM_RANGES 256

void boot_paging(void)
{
	struct arch_kpti_info kpti;
	static struct arch_ram_range ram[BOOT_MAX_RAM_RANGES];
	const struct erix_handoff_view *v = &boot_info.view;
	size_t n = 0;

	for (uint64_t i = 0; i < v->mem_count; i++) {
		const struct erix_mem_entry *e = &v->mem[i];

		if (!is_ram_type(e->type))
			continue;
		/* Adjacent RAM entries of different types merge into one range. */
		if (n && ram[n - 1].base + ram[n - 1].length == e->base) {
			ram[n - 1].length += e->length;
			continue;
		}
		if (n == BOOT_MAX_RAM_RANGES)
			kernel_fail(ERIX_MARK_FAIL_NO_MEMORY " what=ram_ranges");
		ram[n].base = e->base;
		ram[n++].length = e->length;
	}
	if (arch_paging_init(v->kernel->phys_base, ram, n))
		kernel_fail(ERIX_MARK_FAIL_NO_MEMORY " what=page_tables");
	/* The PICs are masked already (arch_cpu_init), the LAPIC's LVTs with
	 * the timer (arch_timer_init); the I/O APICs need the MMIO mapping. */
	platform_mask_ioapics();
	platform_map_mmio();
	hotplug_init(); /* config space reachable now */
	kputs(ERIX_MARK_PAGING_READY);
	arch_kpti_info(&kpti);
	kprintf("%s enabled=%d pcid=%d why=%s user_kernel_pages=%u\n", ERIX_MARK_KPTI, kpti.on,
	        kpti.pcid, kpti.why, kpti.pages);
}

static void install(uint64_t slot, const struct cap *c)
{
	if (cspace_install(root_cspace, slot, c))
		kernel_fail(ERIX_MARK_FAIL_INVARIANT " what=root_slot_busy");
}

static void install_endpoint(uint64_t slot, uint32_t kind, uint8_t rights)
{
	struct cap c = {.type = ERIX_CAP_ENDPOINT, .rights = rights};
	struct endpoint *ep;

	if (endpoint_create(&kernel_account, kind, &ep))
		kernel_fail(ERIX_MARK_FAIL_NO_MEMORY " what=endpoint");
	c.obj = ep;
	install(slot, &c);
}

/* Dedicated runtime endpoints: slot -> family (DESIGN.md section 4). */
static const struct {
	uint16_t slot;
	uint8_t kind;
} dedicated[] = {
    {ERIX_SLOT_TIMED, ERIX_EP_TIMED},
    {ERIX_SLOT_IRQD, ERIX_EP_IRQD},
    {ERIX_SLOT_HOTPLUGD, ERIX_EP_HOTPLUGD},
    {ERIX_SLOT_PCI_CONFIG, ERIX_EP_PCI_CONFIG},
    {ERIX_SLOT_CONSOLE, ERIX_EP_CONSOLE},
    {ERIX_SLOT_COM1, ERIX_EP_COM1},
    {ERIX_SLOT_MEMORY, ERIX_EP_MEMORY},
    {ERIX_SLOT_VSPACE, ERIX_EP_VSPACE},
    {ERIX_SLOT_PAGER, ERIX_EP_PAGER},
    {ERIX_SLOT_LOG_QUERY, ERIX_EP_LOG_QUERY},
    {ERIX_SLOT_PROCESS_CONTROL, ERIX_EP_PROCESS_CONTROL},
    {ERIX_SLOT_ACPI, ERIX_EP_ACPI},
    {ERIX_SLOT_I8042, ERIX_EP_I8042},
};

static void install_self(void)
{
	const struct cap tcb = {
	    .type = ERIX_CAP_TCB, .rights = ERIX_RIGHTS_ALL, .obj = boot_rootd_tcb};
	const struct cap cs = {
	    .type = ERIX_CAP_CSPACE, .rights = ERIX_RIGHTS_ALL, .obj = root_cspace};
	const struct cap vs = {
	    .type = ERIX_CAP_VSPACE, .rights = ERIX_RIGHTS_ALL, .obj = root_vspace};

	install(ERIX_SLOT_SELF_TCB, &tcb);
	boot_rootd_tcb->refs++;
	install(ERIX_SLOT_SELF_CSPACE, &cs);
	install(ERIX_SLOT_SELF_VSPACE, &vs);
}

/* rootd's TCB, CSpace and VSpace exist (empty) before its caps are made;
 * boot_rootd fills them. ERIX_SLOT_ROOT_ENDPOINT stays empty. */
void boot_root_objects(void)
{
	/* rootd's objects are the kernel's doing: boot pays for them. */
	if (cspace_create(&kernel_account, ERIX_ROOT_CSPACE_SLOTS, &root_cspace) ||
	    vspace_create(&kernel_account, &root_vspace) ||
	    tcb_create(&kernel_account, "rootd", ERIX_PRIO_ROOTD, &boot_rootd_tcb))
		kernel_fail(ERIX_MARK_FAIL_NO_MEMORY " what=rootd_objects");
	boot_rootd_tcb->cspace = root_cspace;
	boot_rootd_tcb->vspace = root_vspace;
	boot_rootd_tcb->flags = TCB_F_ROOTD_MAIN;
	install_self();
	install_endpoint(ERIX_SLOT_ROOTD_LOG, ERIX_EP_ROOTD_LOG, ERIX_RIGHT_SEND);
	install_endpoint(ERIX_SLOT_ROOTD_WAIT, ERIX_EP_GENERIC, ERIX_RIGHT_SEND | ERIX_RIGHT_RECV);
	for (unsigned i = 0; i < sizeof(dedicated) / sizeof(dedicated[0]); i++)
		install_endpoint(dedicated[i].slot, dedicated[i].kind, ERIX_RIGHT_SEND);
#if ERIX_FEATURE_TEST_ROOT
	install_endpoint(ERIX_SLOT_TEST_ROOT, ERIX_EP_TEST_ROOT, ERIX_RIGHT_SEND);
#endif
	if (untyped_install_seeds(&kernel_account, root_cspace, &boot_info.seeds))
		kernel_fail(ERIX_MARK_FAIL_UNTYPED_OVERFLOW);
	cspace_set_window(root_cspace, 0, ERIX_ROOT_CSPACE_SLOTS);
	kputs(ERIX_MARK_CSPACE_WINDOW_SET);
}
