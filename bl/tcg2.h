/* bl: the parts of EFI_TCG2_PROTOCOL bl calls, as the TCG EFI Protocol
 * Specification (Family 2.0) defines them; GNU-EFI 3.0.15 has no header for
 * it. Field layouts checked by the asserts below. */
#ifndef ERIX_BL_TCG2_H
#define ERIX_BL_TCG2_H

#include <efi.h>

#define BL_TCG2_PROTOCOL_GUID                                                                      \
	{                                                                                          \
		0x607f766c, 0x7455, 0x42be,                                                        \
		{                                                                                  \
			0x93, 0x0b, 0xe4, 0xd7, 0x6d, 0xb2, 0x72, 0x0f                             \
		}                                                                                  \
	}

/* HashLogExtendEvent flags: neither EXTEND_ONLY (0x1: no log entry) nor
 * PE_COFF_IMAGE (0x10: hash an image's Authenticode view) is wanted. */
#define BL_TCG2_FLAGS_LOG_AND_EXTEND 0ull
#define BL_TCG2_EVENT_HEADER_VERSION 1
/* EFI_TCG2_EVENT_LOG_FORMAT_TCG_2: the crypto-agile log, one digest per bank. */
#define BL_TCG2_LOG_FORMAT_TCG_2     0x2u

/* Natural alignment, not packed (the specification's 6.4). */
struct bl_tcg2_capability {
	UINT8 size; /* in: sizeof this structure */
	UINT8 structure_version[2];
	UINT8 protocol_version[2];
	UINT32 hash_algorithm_bitmap;
	UINT32 supported_event_logs;
	BOOLEAN tpm_present;
	UINT16 max_command_size;
	UINT16 max_response_size;
	UINT32 manufacturer_id;
	UINT32 number_of_pcr_banks;
	UINT32 active_pcr_banks; /* EFI_TCG2_BOOT_HASH_ALG_* bits: SHA1 1, SHA256 2, ... */
};
_Static_assert(sizeof(struct bl_tcg2_capability) == 36, "TCG2 capability");
_Static_assert(offsetof(struct bl_tcg2_capability, tpm_present) == 16, "TPMPresentFlag");
_Static_assert(offsetof(struct bl_tcg2_capability, active_pcr_banks) == 32, "ActivePcrBanks");

/* EFI_TCG2_EVENT: packed; size counts the whole event, header and data. */
struct bl_tcg2_event {
	UINT32 size;
	UINT32 header_size; /* of the four header fields: 14 */
	UINT16 header_version;
	UINT32 pcr_index;
	UINT32 event_type;
	UINT8 data[];
} __attribute__((packed));
_Static_assert(sizeof(struct bl_tcg2_event) == 18, "TCG2 event header");
#define BL_TCG2_EVENT_HEADER_SIZE 14u

struct bl_tcg2_protocol;
typedef EFI_STATUS(EFIAPI *bl_tcg2_get_capability)(struct bl_tcg2_protocol *this,
                                                   struct bl_tcg2_capability *cap);
typedef EFI_STATUS(EFIAPI *bl_tcg2_get_event_log)(struct bl_tcg2_protocol *this, UINT32 format,
                                                  EFI_PHYSICAL_ADDRESS *location,
                                                  EFI_PHYSICAL_ADDRESS *last_entry,
                                                  BOOLEAN *truncated);
typedef EFI_STATUS(EFIAPI *bl_tcg2_hash_log_extend_event)(struct bl_tcg2_protocol *this,
                                                          UINT64 flags, EFI_PHYSICAL_ADDRESS data,
                                                          UINT64 len, struct bl_tcg2_event *event);

/* The protocol's function table in its order; bl calls the first three. */
struct bl_tcg2_protocol {
	bl_tcg2_get_capability get_capability;
	bl_tcg2_get_event_log get_event_log;
	bl_tcg2_hash_log_extend_event hash_log_extend_event;
	void *submit_command;
	void *get_active_pcr_banks;
	void *set_active_pcr_banks;
	void *get_result_of_set_active_pcr_banks;
};

#endif
