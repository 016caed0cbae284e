/* bl: leaving the firmware. The final memory map, ExitBootServices (retried
 * on a stale map key without allocating), then, with no firmware services
 * left, completing the handoff and jumping to the kernel. A failure up to
 * the last ExitBootServices (which, failed, leaves boot services running)
 * returns to the firmware; any failure after a successful one prints its
 * FAIL line on COM1 and halts. bl never jumps with a handoff it did not
 * finish. */
#include "bl.h"
#include "cpu.h"

#define EXIT_TRIES 8

void bl_halt(void)
{
	for (;;)
		__asm__ volatile("cli; hlt");
}

/* Every attempt first checks that the map (re-fetched into the existing
 * buffer after a stale key, never allocating) still fits what the handoff
 * reserved: a map that grew during the retries is refused while boot
 * services still run (a failed ExitBootServices leaves them), not found
 * too big after a successful one. Returns EFI_SUCCESS once the firmware is
 * gone; any error (its FAIL line printed) with boot services still usable. */
static EFI_STATUS exit_boot_services(struct bl_state *s)
{
	EFI_STATUS st = EFI_SUCCESS;
	char hex[19];

	for (int i = 0; i <= EXIT_TRIES; i++) {
		if (i > 0) {
			s->exit_retries++;
			st = bl_map_get(s);
		}
		if (EFI_ERROR(st))
			return bl_fail(BL_FAIL_MEMORY_MAP, st,
			               "GetMemoryMap failed between ExitBootServices tries status=",
			               bl_hex(hex, st), NULL);
		if (!bl_handoff_map_fits(s))
			return bl_fail(BL_FAIL_MEMORY_MAP, EFI_BUFFER_TOO_SMALL,
			               "final map has more descriptors than the handoff reserved",
			               NULL);
		bl_quirk_before_exit(s);
		st = uefi_call_wrapper(s->bs->ExitBootServices, 2, s->image, s->map_key);
		if (st != EFI_INVALID_PARAMETER)
			break;
	}
	if (EFI_ERROR(st))
		return bl_fail(BL_FAIL_EXIT_BOOT_SERVICES, st,
		               "ExitBootServices kept failing status=", bl_hex(hex, st), NULL);
	return EFI_SUCCESS;
}

static void __attribute__((noreturn)) finish_and_jump(struct bl_state *s)
{
	uint32_t pages = 0;
	char num[21], num2[21];

	if (EFI_ERROR(bl_handoff_complete(s, &pages)))
		bl_halt();
	bl_print(ERIX_MARK_BL_HANDOFF, " pages=", bl_dec(num, pages),
	         " exit_retries=", bl_dec(num2, s->exit_retries), NULL);
	s->loader->tsc_before_jump = bl_rdtsc();
	erix_hb_reseal(s->hb.buf);
	bl_corrupt(s);
	bl_enter_kernel(s->pt.cr3, s->handoff_phys, s->kernel.entry);
}

EFI_STATUS bl_exit_and_jump(struct bl_state *s)
{
	char num[21], num2[21], num3[21];
	EFI_STATUS st;

	/* Printed first: console output may itself change the memory map. */
	bl_print(ERIX_MARK_BL_EXIT_BOOT, " descriptors=", bl_dec(num3, bl_map_count(s)),
	         " tsc=", bl_dec(num, bl_rdtsc() - s->tsc_start),
	         " digest_tsc=", bl_dec(num2, s->digest_tsc), NULL);
	st = bl_map_fetch(s);
	if (EFI_ERROR(st))
		return st;
	st = exit_boot_services(s);
	if (EFI_ERROR(st))
		return st;
	bl_con_set_com1(1);
	finish_and_jump(s);
}
