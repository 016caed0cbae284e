/* bl: \EFI\ERIX\BOOT.CFG, the UEFI side. Reads the file into pages, checks
 * it against the digest embedded in a signed loader, hands the bytes to the
 * pure parser (bootcfg.c, format in bl/README.md) and turns a
 * parser error into its ERIX_BL:FAIL line. */
#include "bl.h"

/* "path=<cfg> [line=<n>] rule=<RULE> (<reason>)": line 0 means the rule is
 * about the whole file, so no line is named. */
static EFI_STATUS config_fail(enum bootcfg_err err, uint32_t line)
{
	char num[21];

	if (line == 0)
		return bl_fail(bootcfg_fail(err), EFI_LOAD_ERROR,
		               "path=" BL_CONFIG_PATH " rule=", bootcfg_rule(err), " (",
		               bootcfg_reason(err), ")", NULL);
	return bl_fail(bootcfg_fail(err), EFI_LOAD_ERROR,
	               "path=" BL_CONFIG_PATH " line=", bl_dec(num, line),
	               " rule=", bootcfg_rule(err), " (", bootcfg_reason(err), ")", NULL);
}

EFI_STATUS bl_config_load(struct bl_state *s)
{
	struct bl_digest want;
	enum bootcfg_err err;
	uint64_t phys, size;
	uint32_t line;
	char num[21];
	EFI_STATUS st;

	st = bl_file_load(s, BL_CONFIG_PATH, BL_FAIL_CONFIG_MISSING, "config", BL_CONFIG_MAX, &phys,
	                  &size);
	if (EFI_ERROR(st))
		return st;
	bl_config_expected(&want);
	st = bl_verify(s, ERIX_DIGEST_KIND_CONFIG, BL_CONFIG_PATH, &want, phys, size);
	if (EFI_ERROR(st))
		return st;
	err = bootcfg_parse((const char *)(uintptr_t)phys, size, &s->cfg, &line);
	bl_free_pages(s, phys);
	if (err != BOOTCFG_OK)
		return config_fail(err, line);
	bl_print(ERIX_MARK_BL_CONFIG, " kernel=", s->cfg.kernel_path,
	         " modules=", bl_dec(num, s->cfg.module_count), NULL);
	return EFI_SUCCESS;
}
