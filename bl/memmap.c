/* bl: the firmware memory map. Fetching it into one buffer that is sized
 * with slack (so the final fetch before ExitBootServices needs no
 * allocation), and translating EFI descriptors into ERIX_MEM_* entries.
 * Descriptors are walked by the firmware's descriptor size, never sizeof. */
#include "bl.h"

#define MAP_SLACK_DESCS 32 /* room for descriptors our own allocations add */
#define MAP_FETCH_TRIES 4

static const EFI_MEMORY_DESCRIPTOR *desc_at(const struct bl_state *s, uint64_t i)
{
	return (const EFI_MEMORY_DESCRIPTOR *)((const uint8_t *)s->map + i * s->desc_size);
}

uint64_t bl_map_count(const struct bl_state *s)
{
	return s->desc_size ? s->map_size / s->desc_size : 0;
}

/* Grows the buffer to the firmware's current need plus slack. */
static EFI_STATUS map_grow(struct bl_state *s)
{
	UINTN need = 0, key, dsize = 0;
	UINT32 dver;
	uint64_t phys;
	EFI_STATUS st;

	st = uefi_call_wrapper(s->bs->GetMemoryMap, 5, &need, NULL, &key, &dsize, &dver);
	if (st != EFI_BUFFER_TOO_SMALL)
		return EFI_ERROR(st) ? st : EFI_DEVICE_ERROR;
	if (dsize < sizeof(EFI_MEMORY_DESCRIPTOR))
		return EFI_DEVICE_ERROR;
	if (s->map)
		bl_free_pages(s, (uint64_t)(uintptr_t)s->map);
	s->map = NULL;
	need += MAP_SLACK_DESCS * dsize;
	st = bl_alloc_pages(s, BL_PAGES(need), &phys);
	if (EFI_ERROR(st))
		return st;
	s->map = (EFI_MEMORY_DESCRIPTOR *)(uintptr_t)phys;
	s->map_capacity = BL_PAGES(need) * BL_PAGE;
	return EFI_SUCCESS;
}

/* One GetMemoryMap into the existing buffer: no allocation, so it is also
 * what the ExitBootServices retries use. A descriptor smaller than the
 * fields bl reads would make the walk read past the map. */
EFI_STATUS bl_map_get(struct bl_state *s)
{
	EFI_STATUS st;

	s->map_size = s->map_capacity;
	st = uefi_call_wrapper(s->bs->GetMemoryMap, 5, &s->map_size, s->map, &s->map_key,
	                       &s->desc_size, &s->desc_version);
	if (!EFI_ERROR(st) && s->desc_size < sizeof(EFI_MEMORY_DESCRIPTOR))
		st = EFI_DEVICE_ERROR;
	if (!EFI_ERROR(st))
		bl_quirk_map(s);
	return st;
}

/* Fetches the current map; allocates only if the buffer is missing or too
 * small (never when called with a big enough buffer). */
EFI_STATUS bl_map_fetch(struct bl_state *s)
{
	char hex[19];
	EFI_STATUS st = EFI_BUFFER_TOO_SMALL;

	for (int i = 0; i < MAP_FETCH_TRIES && st == EFI_BUFFER_TOO_SMALL; i++) {
		if (s->map) {
			st = bl_map_get(s);
			if (st != EFI_BUFFER_TOO_SMALL)
				break;
		}
		st = map_grow(s);
		if (EFI_ERROR(st))
			break;
		st = EFI_BUFFER_TOO_SMALL;
	}
	if (EFI_ERROR(st))
		return bl_fail(st == EFI_OUT_OF_RESOURCES ? BL_FAIL_OUT_OF_MEMORY
		                                          : BL_FAIL_MEMORY_MAP,
		               st, "GetMemoryMap failed status=", bl_hex(hex, st), NULL);
	return EFI_SUCCESS;
}

static void translate_type(uint32_t efi_type, uint32_t *type, uint32_t *flags)
{
	*flags = 0;
	switch (efi_type) {
	case EfiConventionalMemory:
	case EfiBootServicesCode:
	case EfiBootServicesData:
		*type = ERIX_MEM_USABLE;
		break;
	case EfiLoaderCode:
	case EfiLoaderData:
		*type = ERIX_MEM_LOADER_RECLAIMABLE;
		break;
	case EfiACPIReclaimMemory:
		*type = ERIX_MEM_ACPI_RECLAIM;
		break;
	case EfiACPIMemoryNVS:
		*type = ERIX_MEM_ACPI_NVS;
		break;
	case EfiRuntimeServicesCode:
	case EfiRuntimeServicesData:
		*type = ERIX_MEM_RESERVED;
		*flags = ERIX_MEM_F_RUNTIME;
		break;
	case EfiMemoryMappedIO:
	case EfiMemoryMappedIOPortSpace:
		*type = ERIX_MEM_MMIO;
		break;
	case EfiUnusableMemory:
		*type = ERIX_MEM_UNUSABLE;
		break;
	default:
		*type = ERIX_MEM_RESERVED;
		break;
	}
}

/* Whether the kernel may touch a range of this type through the boot page
 * tables: what kernel/boot.c counts as RAM. MMIO, RESERVED (firmware
 * runtime included) and UNUSABLE are only passed on in the map. */
static int must_map(uint32_t efi_type)
{
	uint32_t type, flags;

	translate_type(efi_type, &type, &flags);
	return type != ERIX_MEM_MMIO && type != ERIX_MEM_RESERVED && type != ERIX_MEM_UNUSABLE;
}

/* Highest end of any descriptor bl must map (must_map); high 64-bit MMIO
 * and reserved ranges may lie anywhere above it. */
uint64_t bl_map_top(const struct bl_state *s)
{
	uint64_t top = 0;

	for (uint64_t i = 0; i < bl_map_count(s); i++) {
		const EFI_MEMORY_DESCRIPTOR *d = desc_at(s, i);
		uint64_t room = (~0ull - d->PhysicalStart) / BL_PAGE;
		uint64_t end =
		    d->NumberOfPages > room ? ~0ull : d->PhysicalStart + d->NumberOfPages * BL_PAGE;

		if (must_map(d->Type) && end > top)
			top = end;
	}
	return top;
}

/* Writes one entry per descriptor into out[cap]; returns the count, or
 * (size_t)-1 if they do not fit. Runs after ExitBootServices: no calls. */
size_t bl_map_translate(const struct bl_state *s, struct erix_mem_entry *out, size_t cap)
{
	uint64_t n = bl_map_count(s);

	if (n > cap)
		return (size_t)-1;
	for (uint64_t i = 0; i < n; i++) {
		const EFI_MEMORY_DESCRIPTOR *d = desc_at(s, i);
		uint64_t pages = d->NumberOfPages;

		out[i].base = d->PhysicalStart;
		/* An absurd page count saturates; normalising clips it. */
		out[i].length = pages > (~0ull >> 12) ? ~0ull : pages * BL_PAGE;
		translate_type(d->Type, &out[i].type, &out[i].flags);
	}
	return (size_t)n;
}
