/* libFuzzer target for bl's BOOT.CFG parser (bl/bootcfg.c): any bytes must
 * give either OK with every string terminated inside its array, or a defined
 * rule code; never a read outside the input or a write outside *cfg. */
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bootcfg.h"

static void check_terminated(const char *s, size_t cap)
{
	assert(memchr(s, 0, cap) != NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* An exact-size heap copy, so ASan sees any read past the end. */
	char *text = malloc(size ? size : 1);
	struct bl_config cfg;
	uint32_t line = 0;
	enum bootcfg_err err;

	memcpy(text, data, size);
	err = bootcfg_parse(text, size, &cfg, &line);
	assert(err < BOOTCFG_ERR_COUNT);
	if (err == BOOTCFG_OK) {
		assert(cfg.kernel_path[0] == '\\');
		assert(cfg.kernel_digest.present <= 1);
		check_terminated(cfg.kernel_path, sizeof(cfg.kernel_path));
		assert(cfg.module_count <= ERIX_HANDOFF_MAX_MODULES);
		for (uint32_t i = 0; i < cfg.module_count; i++) {
			check_terminated(cfg.modules[i].name, sizeof(cfg.modules[i].name));
			check_terminated(cfg.modules[i].cmdline, sizeof(cfg.modules[i].cmdline));
			check_terminated(cfg.modules[i].path, sizeof(cfg.modules[i].path));
			assert(cfg.modules[i].name[0] != 0);
			assert(cfg.modules[i].digest.present <= 1);
		}
	} else {
		assert(bootcfg_fail(err) < BL_FAIL_COUNT);
		assert(bootcfg_rule(err)[0] != 0);
	}
	free(text);
	return 0;
}
