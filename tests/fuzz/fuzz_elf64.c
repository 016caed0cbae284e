/* libFuzzer target for the ELF64 validator: the input is the file, checked
 * against the user window and the kernel window; an accepted image must
 * satisfy the invariants loaders rely on. */
#include <stdint.h>
#include <stdlib.h>

#include <elf/elf64.h>
#include <erix/layout.h>

#define PAGE 4096ull

static void check_image(const struct erix_elf_image *img, uint64_t size, uint64_t wmin,
                        uint64_t wmax)
{
	int entry_ok = 0;

	if (img->segment_count == 0 || img->segment_count > ELF64_MAX_LOAD_SEGMENTS ||
	    img->vaddr_min < wmin || img->vaddr_max > wmax || img->vaddr_min % PAGE ||
	    img->vaddr_max % PAGE)
		__builtin_trap();
	for (uint32_t i = 0; i < img->segment_count; i++) {
		const struct erix_elf_segment *s = &img->segments[i];
		if (s->filesz > s->memsz || s->offset > size || s->filesz > size - s->offset ||
		    s->vaddr < img->vaddr_min || s->vaddr + s->memsz > img->vaddr_max ||
		    ((s->flags & ELF64_PF_W) && (s->flags & ELF64_PF_X)))
			__builtin_trap();
		if (i && (s->vaddr & ~(PAGE - 1)) <
		             img->segments[i - 1].vaddr + img->segments[i - 1].memsz)
			__builtin_trap();
		if ((s->flags & ELF64_PF_X) && img->entry >= s->vaddr &&
		    img->entry - s->vaddr < s->memsz)
			entry_ok = 1;
	}
	if (!entry_ok)
		__builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint64_t windows[][2] = {
	    {ERIX_USER_MIN, ERIX_USER_TOP},
	    {ERIX_KERNEL_VIRT_BASE, UINT64_MAX},
	};
	struct erix_elf_image img;

	for (int w = 0; w < 2; w++)
		if (erix_elf_validate(data, size, windows[w][0], windows[w][1], &img) ==
		    ERIX_ELF_ERR_OK)
			check_image(&img, size, windows[w][0], windows[w][1]);
	return 0;
}
