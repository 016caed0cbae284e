/* bl: the EriX-C UEFI loader. Internal interface between its files: the boot
 * state that the steps in main.c fill in order and failure reporting. The
 * firmware-independent BOOT.CFG parser lives apart in bootcfg.h/.c. */
#ifndef ERIX_BL_H
#define ERIX_BL_H

#include <efi.h>
#include <efilib.h> /* CopyMem, ZeroMem */

#include <erix/handoff.h>
#include <erix/markers.h>
#include <handoff/builder.h>

#include "bootcfg.h" /* enum bl_fail, struct bl_config, BL_PATH_MAX */

#define BL_PAGE              4096ull
#define BL_PAGES(bytes)      (((bytes) + BL_PAGE - 1) / BL_PAGE)
#define BL_CONFIG_PATH       "\\EFI\\ERIX\\BOOT.CFG"
#define BL_MAP_SLACK_ENTRIES 64 /* handoff memmap room beyond the count */
#define BL_MAX_ALLOCS        (ERIX_HANDOFF_MAX_MODULES + 16) /* tracked page ranges */

/* A page range bl allocated; freed in reverse order on a failure. */
struct bl_alloc {
	EFI_PHYSICAL_ADDRESS base;
	UINTN pages;
};

struct bl_tcg2_protocol; /* tcg2.h */

struct bl_state {
	EFI_HANDLE image;
	EFI_SYSTEM_TABLE *st;
	EFI_BOOT_SERVICES *bs;
	EFI_FILE_HANDLE root;
	uint64_t tsc_start;
	struct bl_alloc allocs[BL_MAX_ALLOCS];
	uint32_t alloc_count;

	int secure_boot;               /* UEFI SecureBoot == 1 */
	struct bl_tcg2_protocol *tcg2; /* NULL: no TPM, files are not measured */
	struct bl_config cfg;
	struct erix_handoff_digest digests[ERIX_HANDOFF_MAX_DIGESTS]; /* in load order */
	uint32_t digest_count;
	uint64_t digest_tsc; /* TSC ticks spent hashing files (make bench) */
	struct erix_handoff_kernel kernel;
	int have_fb;
	struct erix_handoff_framebuffer fb;
	int have_acpi;
	struct erix_handoff_acpi acpi;
	struct erix_handoff_page_tables pt;

	/* Firmware memory map buffer, reused for the final map. */
	EFI_MEMORY_DESCRIPTOR *map;
	UINTN map_capacity; /* bytes */
	UINTN map_size;     /* bytes of the last map */
	UINTN map_key;
	uint32_t exit_retries; /* ExitBootServices calls refused for a stale key */
	UINTN desc_size;
	UINT32 desc_version;

	/* Handoff pages and the normalising scratch array. */
	uint64_t handoff_phys;
	uint64_t handoff_pages;
	struct erix_hb hb;
	struct erix_mem_entry *mem_section;
	struct erix_handoff_loader *loader;
	struct erix_mem_entry *scratch;
	uint64_t scratch_phys;
	uint64_t scratch_pages;
	size_t mem_capacity; /* entries in mem_section and in scratch */
};

/* console.c: UEFI text output before ExitBootServices, COM1 after. */
void bl_con_set_com1(int on);
void bl_print(const char *s, ...); /* NULL-terminated list of strings */
const char *bl_hex(char buf[19], uint64_t v);
const char *bl_dec(char buf[21], uint64_t v);
EFI_STATUS bl_fail(enum bl_fail why, EFI_STATUS status, const char *detail, ...);
void bl_init_console(EFI_SYSTEM_TABLE *st);

/* mem.c: page allocation tracked for cleanup, and byte helpers. */
EFI_STATUS bl_alloc_pages(struct bl_state *s, UINTN pages, uint64_t *phys);
void bl_free_pages(struct bl_state *s, uint64_t phys);
void bl_free_all(struct bl_state *s);
size_t bl_strlen(const char *s);

/* config.c: reads BOOT.CFG, parses it (bootcfg.c) and reports. */
EFI_STATUS bl_config_load(struct bl_state *s);

/* file.c */
EFI_STATUS bl_open_volume(struct bl_state *s);
EFI_STATUS bl_file_load(struct bl_state *s, const char *path, enum bl_fail missing,
                        const char *label, uint64_t max_size, uint64_t *phys, uint64_t *size);

/* verify.c: Secure Boot state, and every loaded file checked and recorded
 * (kind ERIX_DIGEST_KIND_*) before its bytes are used. */
EFI_STATUS bl_secure_boot_probe(struct bl_state *s);
void bl_config_expected(struct bl_digest *want);
EFI_STATUS bl_verify(struct bl_state *s, uint32_t kind, const char *path,
                     const struct bl_digest *want, uint64_t phys, uint64_t size);

/* measure.c: measured boot. The probe finds the TPM (or none: boots on);
 * bl_measure extends ERIX_TPM_PCR with one file and logs it, from bl_verify. */
EFI_STATUS bl_tpm_probe(struct bl_state *s);
EFI_STATUS bl_measure(struct bl_state *s, const char *path, uint64_t phys, uint64_t size);

/* kernel.c, modules.c, platform.c */
EFI_STATUS bl_kernel_load(struct bl_state *s);
EFI_STATUS bl_modules_load(struct bl_state *s);
EFI_STATUS bl_platform_probe(struct bl_state *s);

/* memmap.c: firmware map fetching and EFI -> ERIX translation. */
EFI_STATUS bl_map_fetch(struct bl_state *s);
EFI_STATUS bl_map_get(struct bl_state *s);
uint64_t bl_map_count(const struct bl_state *s);
uint64_t bl_map_top(const struct bl_state *s);
size_t bl_map_translate(const struct bl_state *s, struct erix_mem_entry *out, size_t cap);

/* paging.c */
EFI_STATUS bl_paging_build(struct bl_state *s);

/* handoff.c */
EFI_STATUS bl_handoff_prepare(struct bl_state *s);
int bl_handoff_map_fits(const struct bl_state *s);
EFI_STATUS bl_handoff_complete(struct bl_state *s, uint32_t *pages);

/* exit.c: the final map, ExitBootServices, and the jump. Never returns on
 * success; returns an error only while boot services are still usable. */
EFI_STATUS bl_exit_and_jump(struct bl_state *s);
void bl_halt(void) __attribute__((noreturn));

/* quirk.c: BL_QUIRK test builds imitate a firmware quirk; in a normal build
 * each hook does nothing. */
EFI_STATUS bl_quirk_arm(struct bl_state *s);
void bl_quirk_map(struct bl_state *s);                          /* after each GetMemoryMap */
void bl_quirk_before_exit(struct bl_state *s);                  /* just before ExitBootServices */
EFI_STATUS bl_quirk_measure(struct bl_state *s, EFI_STATUS st); /* a measurement's result */

/* corrupt.c: test builds break one handoff rule on purpose. */
#ifdef ERIX_BL_CORRUPT
void bl_corrupt(struct bl_state *s);
#else
static inline void bl_corrupt(struct bl_state *s)
{
	(void)s;
}
#endif

#endif
