/* bl: test builds that imitate a firmware quirk real machines show
 * (BL_QUIRK=<quirk>, bl/README.md), so the boot tests can prove bl copes.
 * A normal build compiles nothing here but an empty step. */
#include "bl.h"

#define FRAGMENT_PAGES 2100 /* single pages of alternating type: > 2,000 descriptors */

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
	bl_print(ERIX_MARK_BL_QUIRK, " name=FRAGMENT_MAP", NULL);
#endif
#ifdef ERIX_BL_QUIRK_MAP_GROWS
	bl_print(ERIX_MARK_BL_QUIRK, " name=MAP_GROWS", NULL);
#endif
	return EFI_SUCCESS;
}

/* Runs between the final GetMemoryMap and ExitBootServices. map-grows: the
 * map changes there, as when a firmware event allocates, so the first
 * ExitBootServices sees a stale key. */
void bl_quirk_before_exit(struct bl_state *s)
{
	(void)s;
#ifdef ERIX_BL_QUIRK_MAP_GROWS
	EFI_PHYSICAL_ADDRESS page = 0;

	uefi_call_wrapper(s->bs->AllocatePages, 4, AllocateAnyPages, EfiLoaderData, 1, &page);
#endif
}
