/* bl: test builds that imitate a firmware quirk real machines show
 * (BL_QUIRK=<quirk>, bl/README.md), so the boot tests can prove bl copes
 * or refuses cleanly. A normal build compiles these hooks empty. */
#include "bl.h"

#define FRAGMENT_PAGES   2100            /* single pages of alternating type: > 2,000 descriptors */
#define QUIRK_HIGH_BASE  0xC000000000ull /* 768 GiB: past ERIX_BOOT_MAP_MAX, below 2^40 */
#define QUIRK_HIGH_PAGES (1ull << 18)    /* 1 GiB */
/* map-overflows: past BL_MAP_SLACK_ENTRIES - 2 * CARVE_MAX (handoff.c);
 * alternating types keep neighbouring pages from merging. */
#ifdef ERIX_BL_QUIRK_MAP_OVERFLOWS
#define GROW_PAGES 48
#else
#define GROW_PAGES 1
#endif

#ifdef ERIX_BL_QUIRK_FRAGMENT_MAP
/* Single pages, LoaderData and BootServicesData in turn: the firmware keeps
 * each as its own descriptor. Never freed (a test build). */
static void fragment_map(struct bl_state *s)
{
	for (int i = 0; i < FRAGMENT_PAGES; i++) {
		EFI_PHYSICAL_ADDRESS page = 0;

		uefi_call_wrapper(s->bs->AllocatePages, 4, AllocateAnyPages,
		                  i % 2 ? EfiBootServicesData : EfiLoaderData, 1, &page);
	}
}
#endif

EFI_STATUS bl_quirk_arm(struct bl_state *s)
{
	(void)s;
#ifdef ERIX_BL_QUIRK_FRAGMENT_MAP
	fragment_map(s);
#endif
#ifdef ERIX_BL_QUIRK_NAME
	bl_print(ERIX_MARK_BL_QUIRK, " name=", ERIX_BL_QUIRK_NAME, NULL);
#endif
	return EFI_SUCCESS;
}

#if defined(ERIX_BL_QUIRK_HIGH_MMIO) || defined(ERIX_BL_QUIRK_HIGH_RAM) ||                         \
    defined(ERIX_BL_QUIRK_FB_RESERVED)
/* Appends one descriptor to the map just fetched, if the buffer has room
 * (bl_map_fetch sizes it with slack). */
static void append(struct bl_state *s, uint32_t type, uint64_t attr, uint64_t base, uint64_t pages)
{
	EFI_MEMORY_DESCRIPTOR *d = (EFI_MEMORY_DESCRIPTOR *)((uint8_t *)s->map + s->map_size);

	if (s->map_size + s->desc_size > s->map_capacity)
		return;
	ZeroMem(d, s->desc_size);
	d->Type = type;
	d->Attribute = attr;
	d->PhysicalStart = base;
	d->NumberOfPages = pages;
	s->map_size += s->desc_size;
}
#endif

#ifdef ERIX_BL_QUIRK_ACPI_RESERVED
/* Firmware that keeps its ACPI tables in EfiReservedMemoryType: every
 * ACPI reclaim descriptor relabelled so (the tables stay where they are). */
static void acpi_reserved(struct bl_state *s)
{
	for (UINTN off = 0; off + s->desc_size <= s->map_size; off += s->desc_size) {
		EFI_MEMORY_DESCRIPTOR *d = (EFI_MEMORY_DESCRIPTOR *)((uint8_t *)s->map + off);

		if (d->Type == EfiACPIReclaimMemory)
			d->Type = EfiReservedMemoryType;
	}
}
#endif

/* Runs after every successful GetMemoryMap. acpi-reserved: the ACPI
 * tables in reserved memory, as some real firmware has them. high-mmio: a 64-bit PCI window
 * above ERIX_BOOT_MAP_MAX, as the map of a large machine shows it; high-ram:
 * the same range as RAM, which bl cannot map; fb-reserved: a reserved
 * descriptor over the GOP framebuffer, which bl must then leave out. */
void bl_quirk_map(struct bl_state *s)
{
	(void)s;
#if defined(ERIX_BL_QUIRK_ACPI_RESERVED)
	acpi_reserved(s);
#elif defined(ERIX_BL_QUIRK_HIGH_MMIO)
	append(s, EfiMemoryMappedIO, EFI_MEMORY_UC, QUIRK_HIGH_BASE, QUIRK_HIGH_PAGES);
#elif defined(ERIX_BL_QUIRK_HIGH_RAM)
	append(s, EfiConventionalMemory, EFI_MEMORY_WB, QUIRK_HIGH_BASE, QUIRK_HIGH_PAGES);
#elif defined(ERIX_BL_QUIRK_FB_RESERVED)
	if (s->have_fb)
		append(s, EfiReservedMemoryType, EFI_MEMORY_UC, s->fb.base & ~(BL_PAGE - 1),
		       BL_PAGES(s->fb.size + (s->fb.base & (BL_PAGE - 1))));
#endif
}

/* The result of every HashLogExtendEvent. tpm-fails: a TPM that refuses
 * the extend (as one in failure mode or a full event log does). */
EFI_STATUS bl_quirk_measure(struct bl_state *s, EFI_STATUS st)
{
	(void)s;
#ifdef ERIX_BL_QUIRK_TPM_FAILS
	st = EFI_DEVICE_ERROR;
#endif
	return st;
}

/* Runs before every ExitBootServices try, acts before the first: the map
 * changes between the final GetMemoryMap and ExitBootServices, as when a
 * firmware event allocates, so that try sees a stale key. map-grows: by one
 * page (the re-fetched map still fits); map-overflows: by GROW_PAGES of
 * alternating types (it no longer fits the handoff). Never freed: after
 * ExitBootServices they are LOADER_RECLAIMABLE. */
void bl_quirk_before_exit(struct bl_state *s)
{
	(void)s;
#if defined(ERIX_BL_QUIRK_MAP_GROWS) || defined(ERIX_BL_QUIRK_MAP_OVERFLOWS)
	static int done;

	for (int i = 0; !done && i < GROW_PAGES; i++) {
		EFI_PHYSICAL_ADDRESS page = 0;

		uefi_call_wrapper(s->bs->AllocatePages, 4, AllocateAnyPages,
		                  i % 2 ? EfiLoaderCode : EfiLoaderData, 1, &page);
	}
	done = 1;
#endif
}
