/* Launching the root task: find the "rootd" module, validate it as an ELF
 * for the user window below its stack guard, copy its segments into fresh
 * frames, build its stack (with an unmapped guard page below) and write its
 * start frame into the stack's own backing frame before it first runs. */
#include <elf/elf64.h>
#include <erix/bootinfo.h>
#include <erix/debug_exit.h>
#include <erix/layout.h>
#include <erix/markers.h>
#include <erix/start.h>

#include "boot.h"
#include "bootinfo.h"
#include "console.h"
#include "exit.h"
#include "string.h"
#include "tcb.h"
#include "vspace.h"

#define ROOTD_MODULE_NAME ERIX_ROOTD_MODULE_NAME

/* The stack, with its unmapped guard page below it, is [stack_guard,
 * ERIX_ROOTD_STACK_TOP). The image window ends where the guard begins, so a
 * segment that would fill the guard page or share a stack page is refused
 * by the ELF validator (SEGMENT_RANGE) before anything is mapped. */
#define ROOTD_STACK_BOTTOM (ERIX_ROOTD_STACK_TOP - (vaddr_t)ERIX_ROOTD_STACK_PAGES * ERIX_PAGE_SIZE)
#define ROOTD_IMAGE_TOP    (ROOTD_STACK_BOTTOM - ERIX_PAGE_SIZE)

static const struct erix_handoff_module *find_module(const char *name)
{
	const struct erix_handoff_view *v = &boot_info.view;

	for (uint64_t i = 0; i < v->module_count; i++)
		if (!strcmp(v->modules[i].name, name))
			return &v->modules[i];
	return NULL;
}

static void fill_start_frame(struct erix_start_frame *sf)
{
	const struct seed_set *s = &boot_info.seeds;

	memset(sf, 0, sizeof(*sf));
	sf->magic = ERIX_START_MAGIC;
	sf->window_base = 0;
	sf->window_slots = ERIX_ROOT_CSPACE_SLOTS;
	sf->untyped_ram_count = s->ram_count;
	sf->untyped_device_count = s->count - s->ram_count;
	sf->ram_bytes = s->ram_bytes;
	sf->device_bytes = s->device_bytes;
	bootinfo_fill_start(sf);
}

/* Maps the stack pages; the page below them stays unmapped as a guard.
 * Returns the start frame's user address (the initial rsp). */
static vaddr_t build_stack(struct vspace *vs)
{
	vaddr_t bottom = ROOTD_STACK_BOTTOM;
	vaddr_t sp = ERIX_ROOTD_STACK_TOP - sizeof(struct erix_start_frame);
	paddr_t pa = 0;

	for (vaddr_t va = bottom; va < ERIX_ROOTD_STACK_TOP; va += ERIX_PAGE_SIZE)
		if (vspace_map_anon(vs, va, ARCH_MAP_WRITE, &pa))
			kernel_fail(ERIX_MARK_FAIL_NO_MEMORY " what=rootd_stack");
	/* pa is the top page's frame: write through the physmap, since the
	 * VSpace is not active yet. */
	fill_start_frame((struct erix_start_frame *)((uint8_t *)arch_phys_to_virt(pa) +
	                                             (sp & (ERIX_PAGE_SIZE - 1))));
	return sp;
}

void boot_rootd(void)
{
	static struct erix_elf_image img;
	const struct erix_handoff_module *mod = find_module(ROOTD_MODULE_NAME);
	const uint8_t *file;
	enum erix_elf_err err;
	vaddr_t sp;

	if (!mod)
		kernel_fail(ERIX_MARK_FAIL_ROOTD_MISSING);
	file = arch_phys_to_virt(mod->phys_base);
	err = erix_elf_validate(file, mod->size, ERIX_USER_MIN, ROOTD_IMAGE_TOP, &img);
	if (err != ERIX_ELF_ERR_OK) {
		kprintf(ERIX_MARK_FAIL_ROOTD_ELF_PREFIX "%s\n", erix_elf_err_name(err));
		kernel_exit(ERIX_DEBUG_EXIT_KERNEL_FAILURE);
	}
	if (vspace_load_elf(boot_rootd_tcb->vspace, file, &img))
		kernel_fail(ERIX_MARK_FAIL_NO_MEMORY " what=rootd_image");
	bootinfo_map_rootd(boot_rootd_tcb->vspace);
	sp = build_stack(boot_rootd_tcb->vspace);
	arch_thread_init_user(&boot_rootd_tcb->arch, img.entry, sp, sp);
	kputs(ERIX_MARK_ROOTD_START);
}
