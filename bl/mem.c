/* bl: page allocation with a record of every range, so a failure before
 * ExitBootServices can give all of it back. Byte copies use GNU-EFI's
 * CopyMem/ZeroMem (plain loops, safe after ExitBootServices); libefi also
 * supplies memset/memcpy for compiler-emitted calls, and memmove is added
 * here for the shared code. */
#include "bl.h"

EFI_STATUS bl_alloc_pages(struct bl_state *s, UINTN pages, uint64_t *phys)
{
	EFI_PHYSICAL_ADDRESS addr = 0;
	EFI_STATUS st;

	if (s->alloc_count >= BL_MAX_ALLOCS)
		return EFI_OUT_OF_RESOURCES;
	st = uefi_call_wrapper(s->bs->AllocatePages, 4, AllocateAnyPages, EfiLoaderData, pages,
	                       &addr);
	if (EFI_ERROR(st))
		return st;
	s->allocs[s->alloc_count].base = addr;
	s->allocs[s->alloc_count].pages = pages;
	s->alloc_count++;
	*phys = addr;
	return EFI_SUCCESS;
}

void bl_free_pages(struct bl_state *s, uint64_t phys)
{
	for (uint32_t i = 0; i < s->alloc_count; i++) {
		if (s->allocs[i].base != phys)
			continue;
		uefi_call_wrapper(s->bs->FreePages, 2, phys, s->allocs[i].pages);
		s->allocs[i] = s->allocs[--s->alloc_count];
		return;
	}
}

void bl_free_all(struct bl_state *s)
{
	while (s->alloc_count > 0) {
		struct bl_alloc *a = &s->allocs[--s->alloc_count];
		uefi_call_wrapper(s->bs->FreePages, 2, a->base, a->pages);
	}
}

size_t bl_strlen(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

void *memmove(void *dst, const void *src, size_t n)
{
	uint8_t *d = dst;
	const uint8_t *s = src;

	if (d < s) {
		while (n--)
			*d++ = *s++;
	} else {
		while (n--)
			d[n] = s[n];
	}
	return dst;
}
