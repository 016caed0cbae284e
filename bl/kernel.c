/* bl: the kernel image. The ELF file is checked against its digest, then
 * validated by the shared validator,
 * then its PT_LOAD segments are copied into ONE physically contiguous,
 * zeroed copy of [vaddr_min, vaddr_max), so phys = phys_base + (va - base). */
#include <elf/elf64.h>
#include <erix/layout.h>

#include "bl.h"

#define KERNEL_FILE_MAX   (256ull * 1024 * 1024)
#define KERNEL_WINDOW_MAX 0xFFFFFFFFFFFFF000ull

static void copy_segments(const uint8_t *file, const struct erix_elf_image *img, uint8_t *dst)
{
	for (uint32_t i = 0; i < img->segment_count; i++) {
		const struct erix_elf_segment *seg = &img->segments[i];

		CopyMem(dst + (seg->vaddr - img->vaddr_min), file + seg->offset, seg->filesz);
	}
}

static EFI_STATUS place_image(struct bl_state *s, const uint8_t *file,
                              const struct erix_elf_image *img)
{
	uint64_t span = img->vaddr_max - img->vaddr_min;
	uint64_t phys;
	EFI_STATUS st;

	st = bl_alloc_pages(s, BL_PAGES(span), &phys);
	if (EFI_ERROR(st))
		return bl_fail(BL_FAIL_OUT_OF_MEMORY, st, "kernel path=", s->cfg.kernel_path,
		               " no contiguous pages for the image", NULL);
	ZeroMem((void *)(uintptr_t)phys, span);
	copy_segments(file, img, (uint8_t *)(uintptr_t)phys);
	s->kernel.phys_base = phys;
	s->kernel.phys_size = span;
	s->kernel.virt_base = img->vaddr_min;
	s->kernel.virt_size = span;
	s->kernel.entry = img->entry;
	return EFI_SUCCESS;
}

EFI_STATUS bl_kernel_load(struct bl_state *s)
{
	struct erix_elf_image img;
	enum erix_elf_err rule;
	uint64_t file_phys, size;
	const uint8_t *file;
	char hex[19];
	EFI_STATUS st;

	st = bl_file_load(s, s->cfg.kernel_path, BL_FAIL_KERNEL_MISSING, "kernel", KERNEL_FILE_MAX,
	                  &file_phys, &size);
	if (EFI_ERROR(st))
		return st;
	st = bl_verify(s, ERIX_DIGEST_KIND_KERNEL, s->cfg.kernel_path, &s->cfg.kernel_digest,
	               file_phys, size);
	if (EFI_ERROR(st))
		return st;
	file = (const uint8_t *)(uintptr_t)file_phys;
	rule = erix_elf_validate(file, size, ERIX_KERNEL_VIRT_BASE, KERNEL_WINDOW_MAX, &img);
	if (rule != ERIX_ELF_ERR_OK) {
		bl_free_pages(s, file_phys);
		return bl_fail(BL_FAIL_KERNEL_ELF, EFI_LOAD_ERROR, "path=", s->cfg.kernel_path,
		               " rule=", erix_elf_err_name(rule), NULL);
	}
	st = place_image(s, file, &img);
	bl_free_pages(s, file_phys);
	if (EFI_ERROR(st))
		return st;
	bl_print(ERIX_MARK_BL_KERNEL, " phys=", bl_hex(hex, s->kernel.phys_base), NULL);
	return EFI_SUCCESS;
}
