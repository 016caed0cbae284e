/* bl: measured boot. Where the firmware offers EFI_TCG2_PROTOCOL with a TPM
 * behind it, every file bl loads is measured into ERIX_TPM_PCR with
 * HashLogExtendEvent: every active PCR bank is extended and the firmware's
 * event log names the file (rules in bl/README.md, "Measured boot"). */
#include <erix/tpm.h>

#include "bl.h"
#include "tcg2.h"

/* Where the firmware keeps the crypto-agile event log, for whoever reads it
 * after the boot (the boot tests; an OS would find it through the TPM2 ACPI
 * table or a copy). Informational only: bl never reads the log. */
static const char *event_log(struct bl_state *s, const struct bl_tcg2_capability *cap, char buf[19])
{
	EFI_PHYSICAL_ADDRESS location = 0, last = 0;
	BOOLEAN truncated = 0;
	EFI_STATUS st;

	if (!(cap->supported_event_logs & BL_TCG2_LOG_FORMAT_TCG_2))
		return "none";
	st = uefi_call_wrapper(s->tcg2->get_event_log, 5, s->tcg2, BL_TCG2_LOG_FORMAT_TCG_2,
	                       &location, &last, &truncated);
	return EFI_ERROR(st) || !location ? "none" : bl_hex(buf, location);
}

/* No TCG2 protocol, or one without a TPM: the platform does not measure,
 * and bl boots on unmeasured. A protocol that cannot say whether it has a
 * TPM is broken: FAIL:MEASURE, as a failed extend is. */
EFI_STATUS bl_tpm_probe(struct bl_state *s)
{
	EFI_GUID guid = BL_TCG2_PROTOCOL_GUID;
	struct bl_tcg2_protocol *tcg2 = NULL;
	struct bl_tcg2_capability cap;
	char pcr[21], banks[19], log[19], hex[19];
	EFI_STATUS st;

	s->tcg2 = NULL;
	st = uefi_call_wrapper(s->bs->LocateProtocol, 3, &guid, NULL, (void **)&tcg2);
	if (EFI_ERROR(st) || !tcg2) {
		bl_print(ERIX_MARK_BL_TPM, " present=0", NULL);
		return EFI_SUCCESS;
	}
	ZeroMem(&cap, sizeof(cap));
	cap.size = sizeof(cap);
	st = uefi_call_wrapper(tcg2->get_capability, 2, tcg2, &cap);
	if (EFI_ERROR(st))
		return bl_fail(BL_FAIL_MEASURE, st, "GetCapability status=", bl_hex(hex, st), NULL);
	if (!cap.tpm_present) {
		bl_print(ERIX_MARK_BL_TPM, " present=0", NULL);
		return EFI_SUCCESS;
	}
	s->tcg2 = tcg2;
	bl_print(ERIX_MARK_BL_TPM, " present=1 pcr=", bl_dec(pcr, ERIX_TPM_PCR),
	         " banks=", bl_hex(banks, cap.active_pcr_banks), " log=", event_log(s, &cap, log),
	         NULL);
	return EFI_SUCCESS;
}

/* One EV_IPL event over the file's bytes as read, named by its path. Any
 * error ends the boot: a loader that went on past a missed extend would let
 * the next stage extend the digest a verifier expects, and the PCR would
 * attest a boot that never ran. */
EFI_STATUS bl_measure(struct bl_state *s, const char *path, uint64_t phys, uint64_t size)
{
	uint8_t buf[sizeof(struct bl_tcg2_event) + BL_PATH_MAX];
	struct bl_tcg2_event *ev = (struct bl_tcg2_event *)buf;
	size_t len = bl_strlen(path) + 1;
	char hex[19];
	EFI_STATUS st;

	if (!s->tcg2)
		return EFI_SUCCESS;
	if (len > BL_PATH_MAX)
		len = BL_PATH_MAX; /* cannot happen: bootcfg.c bounds every path */
	ev->size = (UINT32)(sizeof(*ev) + len);
	ev->header_size = BL_TCG2_EVENT_HEADER_SIZE;
	ev->header_version = BL_TCG2_EVENT_HEADER_VERSION;
	ev->pcr_index = ERIX_TPM_PCR;
	ev->event_type = ERIX_TPM_EVENT_TYPE;
	CopyMem(ev->data, (void *)path, len);
	ev->data[len - 1] = 0;
	st = uefi_call_wrapper(s->tcg2->hash_log_extend_event, 5, s->tcg2,
	                       BL_TCG2_FLAGS_LOG_AND_EXTEND, phys, size, ev);
	st = bl_quirk_measure(s, st);
	if (EFI_ERROR(st))
		return bl_fail(BL_FAIL_MEASURE, st, "file=", path,
		               " HashLogExtendEvent status=", bl_hex(hex, st), NULL);
	return EFI_SUCCESS;
}
