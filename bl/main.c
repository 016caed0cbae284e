/* bl: entry point and the boot flow, one step per line of the table below.
 * A step that fails has already printed its ERIX_BL:FAIL line; bl then
 * frees what it allocated, prints RETURN_TO_FIRMWARE and returns. */
#include "bl.h"
#include "cpu.h"

typedef EFI_STATUS (*bl_step)(struct bl_state *s);

/* In order; the last one does not return when it succeeds. */
static const bl_step steps[] = {
    bl_open_volume,       /* the volume bl was loaded from */
    bl_secure_boot_probe, /* SecureBoot variable: are digests required */
    bl_tpm_probe,         /* EFI_TCG2_PROTOCOL: are files measured */
    bl_config_load,       /* \EFI\ERIX\BOOT.CFG */
    bl_kernel_load,       /* validate + place the kernel ELF */
    bl_modules_load,      /* module files */
    bl_platform_probe,    /* GOP framebuffer, ACPI RSDP */
    bl_quirk_arm,         /* BL_QUIRK test builds only: imitate a firmware quirk */
    bl_map_fetch,         /* memory map: top of physical space, count */
    bl_paging_build,      /* boot page tables */
    bl_handoff_prepare,   /* handoff pages and all sections but the map */
    bl_exit_and_jump,     /* final map, ExitBootServices, kernel */
};

static struct bl_state state;

EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *st)
{
	struct bl_state *s = &state;
	EFI_STATUS status = EFI_SUCCESS;
	char hex[19];

	s->tsc_start = bl_rdtsc();
	s->image = image;
	s->st = st;
	s->bs = st->BootServices;
	bl_init_console(st);
	bl_print(ERIX_MARK_BL_START, NULL);
	/* The firmware's 5-minute watchdog would reset a slow boot. */
	uefi_call_wrapper(s->bs->SetWatchdogTimer, 4, 0, 0, 0, NULL);
	for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		status = steps[i](s);
		if (EFI_ERROR(status))
			break;
	}
	if (!EFI_ERROR(status))
		status = EFI_LOAD_ERROR; /* unreachable: the last step jumps */
	if (s->root)
		uefi_call_wrapper(s->root->Close, 1, s->root);
	bl_free_all(s);
	bl_print(ERIX_MARK_BL_RETURN, " status=", bl_hex(hex, status), NULL);
	return status;
}
