/* The kernel -> rootd bootinfo: what rootd needs to know about its untyped
 * caps, the boot modules and the platform, laid out by the shared builder
 * (rootd checks it with the shared validator). Module frames are bl's
 * reserved MODULE pages, mapped read-only, never kernel frames or untyped. */
#include "bootinfo.h"

#include <bootinfo/bootinfo.h>
#include <erix/debug_exit.h>
#include <erix/layout.h>
#include <erix/markers.h>
#include <erix/slots.h>

#include "boot.h"
#include "console.h"
#include "exit.h"
#include "string.h"
#include "vspace.h"

#define PAGE        ((uint64_t)ERIX_PAGE_SIZE)
#define MODULES_END ((uint64_t)ERIX_MODULES_BASE + ERIX_MODULES_SIZE)
/* The largest bootinfo the builder can lay out, in whole pages. */
#define IMAGE_SIZE                                                                                 \
	((sizeof(struct erix_bootinfo_header) + sizeof(struct erix_bootinfo_platform) +            \
	  ERIX_UNTYPED_MAX_SEEDS * sizeof(struct erix_bootinfo_untyped) +                          \
	  ERIX_BOOTINFO_MAX_MODULES * sizeof(struct erix_bootinfo_module) + PAGE - 1) &            \
	 ~(PAGE - 1))

_Static_assert(IMAGE_SIZE <= ERIX_BOOTINFO_MAX_SIZE, "bootinfo fits its mapping");
_Static_assert(ERIX_BOOTINFO_BASE + ERIX_BOOTINFO_MAX_SIZE <= ERIX_MODULES_BASE,
               "bootinfo below the module window");

static uint8_t image[IMAGE_SIZE] __attribute__((aligned(8)));
static uint64_t mapped_size;

static void fail(const char *what)
{
	kprintf(ERIX_MARK_FAIL_BOOTINFO " what=%s\n", what);
	kernel_exit(ERIX_DEBUG_EXIT_KERNEL_FAILURE);
}

/* Maps module m's pages at va (read-only, NX, user); returns where the next
 * module goes: one unmapped page later, so reading past a module faults. */
static vaddr_t map_module(struct vspace *vs, const struct erix_handoff_module *m, vaddr_t va)
{
	uint64_t pages = (m->size + PAGE - 1) / PAGE;

	if (va >= MODULES_END || pages > (MODULES_END - va) / PAGE)
		fail("module_window");
	for (uint64_t i = 0; i < pages; i++)
		if (vspace_map_foreign(vs, va + i * PAGE, m->phys_base + i * PAGE, 0))
			fail("module_map");
	return va + (pages + 1) * PAGE;
}

static void fill_modules(struct erix_bib *b, struct vspace *vs)
{
	const struct erix_handoff_view *v = &boot_info.view;
	vaddr_t va = ERIX_MODULES_BASE;

	for (uint32_t i = 0; i < v->module_count; i++) {
		const struct erix_handoff_module *m = &v->modules[i];

		if (erix_bib_set_module(b, i, m->name, m->cmdline, va, m->size))
			fail("module_entry");
		va = map_module(vs, m, va);
	}
}

static void fill_untyped(struct erix_bib *b)
{
	const struct seed_set *s = &boot_info.seeds;

	for (uint32_t i = 0; i < s->count; i++) {
		struct erix_bootinfo_untyped *u = erix_bib_untyped(b, i);

		u->base = s->seeds[i].base;
		u->slot = ERIX_SLOT_UNTYPED_BASE + i;
		u->size_bits = s->seeds[i].size_bits;
		u->kind = s->seeds[i].is_device ? ERIX_BOOTINFO_UNTYPED_DEVICE
		                                : ERIX_BOOTINFO_UNTYPED_RAM;
	}
}

static void fill_platform(struct erix_bootinfo_platform *p)
{
	const struct erix_handoff_acpi *acpi = boot_info.view.acpi;
	const struct erix_handoff_framebuffer *fb = boot_info.view.framebuffer;

	if (acpi && acpi->rsdp_phys) {
		p->flags |= ERIX_BOOTINFO_PF_RSDP;
		p->rsdp_phys = acpi->rsdp_phys;
		p->rsdp_revision = acpi->revision;
	}
	if (fb) {
		p->flags |= ERIX_BOOTINFO_PF_FRAMEBUFFER;
		p->fb_base = fb->base;
		p->fb_size = fb->size;
		p->fb_width = fb->width;
		p->fb_height = fb->height;
		p->fb_pitch = fb->pitch;
		p->fb_bpp = fb->bpp;
		p->fb_format = fb->format;
		p->fb_red_mask = fb->red_mask;
		p->fb_green_mask = fb->green_mask;
		p->fb_blue_mask = fb->blue_mask;
		p->fb_reserved_mask = fb->reserved_mask;
	}
	p->tsc_khz = arch_tsc_khz();
	if (p->tsc_khz)
		p->flags |= ERIX_BOOTINFO_PF_TSC_KHZ;
}

/* Copies the finished image into fresh frames mapped read-only, NX. */
static void map_image(struct vspace *vs, uint32_t size)
{
	for (uint64_t off = 0; off < size; off += PAGE) {
		uint64_t n = size - off < PAGE ? size - off : PAGE;
		paddr_t pa;

		if (vspace_map_anon(vs, ERIX_BOOTINFO_BASE + off, 0, &pa))
			fail("map");
		memcpy(arch_phys_to_virt(pa), image + off, n);
	}
	mapped_size = (size + PAGE - 1) & ~(PAGE - 1);
}

void bootinfo_map_rootd(struct vspace *vs)
{
	struct erix_bib b;
	uint32_t size;

	if (erix_bib_init(&b, image, sizeof(image), ERIX_BOOTINFO_BASE, boot_info.seeds.count,
	                  (uint32_t)boot_info.view.module_count))
		fail("layout");
	fill_platform(erix_bib_platform(&b));
	fill_untyped(&b);
	fill_modules(&b, vs);
	size = erix_bib_finish(&b);
	map_image(vs, size);
	kprintf(ERIX_MARK_BOOTINFO_MAPPED " bytes=%u modules=%u untyped=%u\n", size,
	        b.h->module_count, b.h->untyped_count);
}

void bootinfo_fill_start(struct erix_start_frame *sf)
{
	sf->bootinfo = mapped_size ? ERIX_BOOTINFO_BASE : 0;
	sf->bootinfo_size = mapped_size;
}
