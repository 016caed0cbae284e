/* bl: what the firmware knows about the platform and the kernel needs:
 * the GOP framebuffer (optional) and the ACPI RSDP (optional; ACPI 2.0
 * table preferred over 1.0). Neither is a failure when absent or odd. */
#include <erix/layout.h>

#include <handoff/validate.h>

#include "bl.h"

static int guid_eq(const EFI_GUID *a, const EFI_GUID *b)
{
	const uint8_t *x = (const uint8_t *)a, *y = (const uint8_t *)b;

	for (size_t i = 0; i < sizeof(EFI_GUID); i++)
		if (x[i] != y[i])
			return 0;
	return 1;
}

/* PixelBitMask pixels are as wide as their highest mask bit (UEFI spec),
 * rounded up to whole bytes; 0 when no mask bit is set. */
static uint32_t mask_bpp(const EFI_PIXEL_BITMASK *m)
{
	uint32_t all = m->RedMask | m->GreenMask | m->BlueMask | m->ReservedMask;

	return all ? (32 - (uint32_t)__builtin_clz(all) + 7) / 8 * 8 : 0;
}

static int fb_format(const EFI_GRAPHICS_OUTPUT_MODE_INFORMATION *info,
                     struct erix_handoff_framebuffer *fb)
{
	fb->bpp = 32;
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
		fb->bpp = mask_bpp(&info->PixelInformation);
		return fb->bpp != 0;
	default: /* PixelBltOnly: no linear framebuffer to hand over */
		return 0;
	}
}

/* The kernel's validator refuses a whole handoff whose framebuffer breaks
 * FRAMEBUFFER_RANGE, and bl cannot map past ERIX_BOOT_MAP_MAX; the
 * framebuffer is optional, so an odd one is left out instead. */
static int fb_usable(const struct erix_handoff_framebuffer *fb)
{
	return fb->base != 0 && erix_handoff_check_framebuffer(fb) == ERIX_HANDOFF_ERR_OK &&
	       fb->base < ERIX_BOOT_MAP_MAX && fb->size <= ERIX_BOOT_MAP_MAX - fb->base;
}

static void probe_gop(struct bl_state *s)
{
	EFI_GUID gop_guid = EFI_GRAPHICS_OUTPUT_PROTOCOL_GUID;
	EFI_GRAPHICS_OUTPUT_PROTOCOL *gop;
	EFI_GRAPHICS_OUTPUT_PROTOCOL_MODE *mode;
	struct erix_handoff_framebuffer *fb = &s->fb;
	uint64_t pitch;

	if (EFI_ERROR(uefi_call_wrapper(s->bs->LocateProtocol, 3, &gop_guid, NULL, (void **)&gop)))
		return;
	mode = gop->Mode;
	if (!mode || !mode->Info || !fb_format(mode->Info, fb))
		return;
	pitch = (uint64_t)mode->Info->PixelsPerScanLine * (fb->bpp / 8);
	fb->base = mode->FrameBufferBase;
	fb->size = mode->FrameBufferSize;
	fb->width = mode->Info->HorizontalResolution;
	fb->height = mode->Info->VerticalResolution;
	fb->pitch = pitch > 0xFFFFFFFFull ? 0 : (uint32_t)pitch;
	s->have_fb = fb_usable(fb);
}

/* Fills *a from the RSDP at r (its own revision byte decides 20 or 36
 * bytes, whichever GUID listed it) and returns whether the kernel's
 * validator would accept it: a copy that broke an RSDP_* rule would make
 * the kernel refuse the whole handoff. */
static int rsdp_take(const uint8_t *r, struct erix_handoff_acpi *a)
{
	a->rsdp_phys = (uint64_t)(uintptr_t)r;
	a->revision = r[15];
	a->length = r[15] == 0 ? ERIX_RSDP_V1_LENGTH : ERIX_RSDP_V2_LENGTH;
	CopyMem(a->rsdp, r, a->length);
	return erix_handoff_check_acpi(a) == ERIX_HANDOFF_ERR_OK;
}

/* The first well-formed RSDP listed under the ACPI 2.0 GUID, else under
 * the 1.0 GUID; none at all is not a failure. */
static void probe_acpi(struct bl_state *s)
{
	EFI_GUID guids[2] = {ACPI_20_TABLE_GUID, ACPI_TABLE_GUID};
	EFI_CONFIGURATION_TABLE *t = s->st->ConfigurationTable;
	UINTN n = s->st->NumberOfTableEntries;

	for (int g = 0; g < 2; g++) {
		for (UINTN i = 0; i < n; i++) {
			const uint8_t *r = t[i].VendorTable;

			if (r && guid_eq(&t[i].VendorGuid, &guids[g]) && rsdp_take(r, &s->acpi)) {
				s->have_acpi = 1;
				return;
			}
		}
	}
}

EFI_STATUS bl_platform_probe(struct bl_state *s)
{
	probe_gop(s);
	probe_acpi(s);
	return EFI_SUCCESS;
}
