/* bl: what the firmware knows about the platform and the kernel needs:
 * the GOP framebuffer (optional) and the ACPI RSDP (optional; ACPI 2.0
 * table preferred over 1.0). Neither is a failure when absent. */
#include "bl.h"

static int guid_eq(const EFI_GUID *a, const EFI_GUID *b)
{
	const uint8_t *x = (const uint8_t *)a, *y = (const uint8_t *)b;

	for (size_t i = 0; i < sizeof(EFI_GUID); i++)
		if (x[i] != y[i])
			return 0;
	return 1;
}

static int fb_format(const EFI_GRAPHICS_OUTPUT_MODE_INFORMATION *info,
                     struct erix_handoff_framebuffer *fb)
{
	switch (info->PixelFormat) {
	case PixelRedGreenBlueReserved8BitPerColor:
		fb->format = ERIX_FB_FORMAT_RGBX8;
		fb->red_mask = 0x000000ff;
		fb->green_mask = 0x0000ff00;
		fb->blue_mask = 0x00ff0000;
		fb->reserved_mask = 0xff000000;
		return 1;
	case PixelBlueGreenRedReserved8BitPerColor:
		fb->format = ERIX_FB_FORMAT_BGRX8;
		fb->red_mask = 0x00ff0000;
		fb->green_mask = 0x0000ff00;
		fb->blue_mask = 0x000000ff;
		fb->reserved_mask = 0xff000000;
		return 1;
	case PixelBitMask:
		fb->format = ERIX_FB_FORMAT_BITMASK;
		fb->red_mask = info->PixelInformation.RedMask;
		fb->green_mask = info->PixelInformation.GreenMask;
		fb->blue_mask = info->PixelInformation.BlueMask;
		fb->reserved_mask = info->PixelInformation.ReservedMask;
		return 1;
	default: /* PixelBltOnly: no linear framebuffer to hand over */
		return 0;
	}
}

static void probe_gop(struct bl_state *s)
{
	EFI_GUID gop_guid = EFI_GRAPHICS_OUTPUT_PROTOCOL_GUID;
	EFI_GRAPHICS_OUTPUT_PROTOCOL *gop;
	EFI_GRAPHICS_OUTPUT_PROTOCOL_MODE *mode;
	struct erix_handoff_framebuffer *fb = &s->fb;

	if (EFI_ERROR(uefi_call_wrapper(s->bs->LocateProtocol, 3, &gop_guid, NULL, (void **)&gop)))
		return;
	mode = gop->Mode;
	if (!mode || !mode->Info || !fb_format(mode->Info, fb))
		return;
	fb->base = mode->FrameBufferBase;
	fb->size = mode->FrameBufferSize;
	fb->width = mode->Info->HorizontalResolution;
	fb->height = mode->Info->VerticalResolution;
	fb->pitch = mode->Info->PixelsPerScanLine * 4;
	fb->bpp = 32;
	s->have_fb = fb->base != 0 && fb->size != 0;
}

static void copy_rsdp(struct bl_state *s, const uint8_t *rsdp, uint32_t length)
{
	s->acpi.rsdp_phys = (uint64_t)(uintptr_t)rsdp;
	s->acpi.revision = rsdp[15];
	s->acpi.length = length;
	bl_copy(s->acpi.rsdp, rsdp, length);
	s->have_acpi = 1;
}

static void probe_acpi(struct bl_state *s)
{
	EFI_GUID acpi20 = ACPI_20_TABLE_GUID, acpi10 = ACPI_TABLE_GUID;
	EFI_CONFIGURATION_TABLE *t = s->st->ConfigurationTable;
	UINTN n = s->st->NumberOfTableEntries;

	for (UINTN i = 0; i < n; i++) {
		if (guid_eq(&t[i].VendorGuid, &acpi20) && t[i].VendorTable) {
			const uint8_t *r = t[i].VendorTable;
			copy_rsdp(s, r, r[15] >= 2 ? ERIX_RSDP_V2_LENGTH : ERIX_RSDP_V1_LENGTH);
			return;
		}
	}
	for (UINTN i = 0; i < n; i++) {
		if (guid_eq(&t[i].VendorGuid, &acpi10) && t[i].VendorTable) {
			copy_rsdp(s, t[i].VendorTable, ERIX_RSDP_V1_LENGTH);
			return;
		}
	}
}

EFI_STATUS bl_platform_probe(struct bl_state *s)
{
	probe_gop(s);
	probe_acpi(s);
	return EFI_SUCCESS;
}
