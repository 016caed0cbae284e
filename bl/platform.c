/* bl: what the firmware knows about the platform and the kernel needs:
 * the console's GOP framebuffer (optional) and the ACPI RSDP (optional;
 * ACPI 2.0 table preferred over 1.0). Neither is a failure when absent or
 * odd. */
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

/* Fills *fb from gop's current mode; whether it can be handed on. */
static int gop_take(EFI_GRAPHICS_OUTPUT_PROTOCOL *gop, struct erix_handoff_framebuffer *fb)
{
	EFI_GRAPHICS_OUTPUT_PROTOCOL_MODE *mode = gop ? gop->Mode : NULL;
	uint64_t pitch;

	if (!mode || !mode->Info || !fb_format(mode->Info, fb))
		return 0;
	pitch = (uint64_t)mode->Info->PixelsPerScanLine * (fb->bpp / 8);
	fb->base = mode->FrameBufferBase;
	fb->size = mode->FrameBufferSize;
	fb->width = mode->Info->HorizontalResolution;
	fb->height = mode->Info->VerticalResolution;
	fb->pitch = pitch > 0xFFFFFFFFull ? 0 : (uint32_t)pitch;
	return fb_usable(fb);
}

static void *handle_protocol(struct bl_state *s, EFI_HANDLE h, EFI_GUID *guid)
{
	void *p = NULL;

	if (!h || EFI_ERROR(uefi_call_wrapper(s->bs->HandleProtocol, 3, h, guid, &p)))
		return NULL;
	return p;
}

#define DP_END_TYPE   0x7f
#define DP_END_ENTIRE 0xff

static uint16_t dp_node_len(const uint8_t *n)
{
	return (uint16_t)(n[2] | n[3] << 8);
}

/* Whether instance (len bytes of whole nodes, no end node) is the start of
 * path on a node boundary: ConOut may name the GOP itself or its parent. */
static int dp_starts_with(const uint8_t *path, const uint8_t *instance, size_t len)
{
	size_t off = 0;

	while (off < len) {
		uint16_t n = dp_node_len(path + off);

		if (path[off] == DP_END_TYPE || n < 4)
			return 0;
		off += n;
	}
	return off == len && CompareMem(path, instance, len) == 0;
}

/* ConOut is a multi-instance device path: each instance ends in an
 * end-instance node, the last in end-entire. Returns the length of the
 * instance at *off (moving *off past it), 0 at the end or on a malformed
 * node. */
static size_t conout_next(const uint8_t *v, size_t size, size_t *off)
{
	size_t start = *off, at = *off;

	while (at + 4 <= size) {
		uint16_t n = dp_node_len(v + at);

		if (n < 4 || at + n > size)
			return 0;
		if (v[at] == DP_END_TYPE) {
			*off = v[at + 1] == DP_END_ENTIRE ? size : at + n;
			return at - start;
		}
		at += n;
	}
	return 0;
}

enum gop_by { GOP_BY_NONE, GOP_BY_CONSOLE, GOP_BY_CONOUT, GOP_BY_FIRST };
static const char *const gop_by_name[] = {" by=none", " by=console", " by=conout", " by=first"};

struct gop_scan {
	EFI_HANDLE *handles;
	UINTN count;
	uint8_t conout[2048]; /* the ConOut variable; a few device paths */
	UINTN conout_size;
	uint64_t conout_index; /* the ConOut instance the chosen GOP is on */
};

/* The first physical GOP (never the console's own handle, tried first)
 * that prefix (len bytes; 0: any) names and that can be handed on. */
static int gop_take_named(struct bl_state *s, struct gop_scan *g, const uint8_t *prefix, size_t len)
{
	EFI_GUID gop_guid = EFI_GRAPHICS_OUTPUT_PROTOCOL_GUID, dp_guid = DEVICE_PATH_PROTOCOL;

	for (UINTN i = 0; i < g->count; i++) {
		EFI_HANDLE h = g->handles[i];
		const uint8_t *path = handle_protocol(s, h, &dp_guid);

		if (h == s->st->ConsoleOutHandle)
			continue;
		if (len && (!path || !dp_starts_with(path, prefix, len)))
			continue;
		if (gop_take(handle_protocol(s, h, &gop_guid), &s->fb))
			return 1;
	}
	return 0;
}

/* ConOut's displays in its own order (the firmware's primary console
 * first), else the first usable GOP at all. */
static enum gop_by gop_pick_physical(struct bl_state *s, struct gop_scan *g)
{
	size_t off = 0, len;

	for (g->conout_index = 0;; g->conout_index++) {
		size_t at = off;

		len = conout_next(g->conout, g->conout_size, &off);
		if (!len)
			break;
		if (gop_take_named(s, g, g->conout + at, len))
			return GOP_BY_CONOUT;
	}
	return gop_take_named(s, g, NULL, 0) ? GOP_BY_FIRST : GOP_BY_NONE;
}

/* The GOP handed on is the console's: ConsoleOutHandle's own GOP when it
 * has a linear framebuffer (one display: firmware's console splitter
 * mirrors it), else the first display ConOut names (several displays:
 * the splitter's GOP is blt-only), else the first usable GOP. */
static void probe_gop(struct bl_state *s)
{
	EFI_GUID gop_guid = EFI_GRAPHICS_OUTPUT_PROTOCOL_GUID, global = EFI_GLOBAL_VARIABLE;
	CHAR16 name[] = L"ConOut";
	static struct gop_scan g;
	enum gop_by by = GOP_BY_NONE;
	UINT32 attr;
	char b1[21], b2[19], b3[19], b4[21];

	g.count = 0;
	g.handles = NULL;
	g.conout_size = sizeof(g.conout);
	if (EFI_ERROR(uefi_call_wrapper(s->st->RuntimeServices->GetVariable, 5, name, &global,
	                                &attr, &g.conout_size, g.conout)))
		g.conout_size = 0;
	if (EFI_ERROR(uefi_call_wrapper(s->bs->LocateHandleBuffer, 5, ByProtocol, &gop_guid, NULL,
	                                &g.count, &g.handles)))
		g.count = 0;
	if (gop_take(handle_protocol(s, s->st->ConsoleOutHandle, &gop_guid), &s->fb))
		by = GOP_BY_CONSOLE;
	else
		by = gop_pick_physical(s, &g);
	s->have_fb = by != GOP_BY_NONE;
	if (g.handles)
		uefi_call_wrapper(s->bs->FreePool, 1, g.handles);
	bl_print(ERIX_MARK_BL_GOP, " handles=", bl_dec(b1, g.count), gop_by_name[by],
	         " conout=", by == GOP_BY_CONOUT ? bl_dec(b4, g.conout_index) : "-",
	         " base=", bl_hex(b2, s->have_fb ? s->fb.base : 0),
	         " size=", bl_hex(b3, s->have_fb ? s->fb.size : 0), NULL);
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
