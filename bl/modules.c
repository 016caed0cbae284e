/* bl: the module files named in BOOT.CFG, each loaded whole into its own
 * page-aligned pages and checked against its digest (the kernel starts the
 * root task from the first). */
#include "bl.h"

#define MODULE_FILE_MAX (256ull * 1024 * 1024)

static EFI_STATUS load_module(struct bl_state *s, struct bl_module *m)
{
	char label[8 + ERIX_HANDOFF_MODULE_NAME_MAX] = "module=";
	EFI_STATUS st;

	CopyMem(label + 7, m->name, bl_strlen(m->name) + 1);
	st = bl_file_load(s, m->path, BL_FAIL_MODULE_MISSING, label, MODULE_FILE_MAX, &m->phys,
	                  &m->size);
	if (!EFI_ERROR(st))
		st = bl_verify(s, ERIX_DIGEST_KIND_MODULE, m->path, &m->digest, m->phys, m->size);
	if (EFI_ERROR(st))
		return st;
	if (m->size == 0) /* the handoff has no way to describe an empty module */
		return bl_fail(BL_FAIL_FILE_READ, EFI_LOAD_ERROR, label, " path=", m->path,
		               " is empty", NULL);
	bl_print(ERIX_MARK_BL_MODULE, " name=", m->name, NULL);
	return EFI_SUCCESS;
}

EFI_STATUS bl_modules_load(struct bl_state *s)
{
	for (uint32_t i = 0; i < s->cfg.module_count; i++) {
		EFI_STATUS st = load_module(s, &s->cfg.modules[i]);

		if (EFI_ERROR(st))
			return st;
	}
	return EFI_SUCCESS;
}
