/* bl: the BOOT.CFG parser's interface, and the loader types it fills. No UEFI
 * header and no libc here: the same bl/bootcfg.c is linked into the EFI app
 * and into the host unit tests (tests/unit/test_bl_config.c). */
#ifndef ERIX_BL_BOOTCFG_H
#define ERIX_BL_BOOTCFG_H

#include <stddef.h>
#include <stdint.h>

#include <crypto/sha256.h>
#include <erix/handoff.h>
#include <erix/markers.h>

#define BL_PATH_MAX   128         /* bytes including the NUL */
#define BL_CONFIG_MAX (64 * 1024) /* larger BOOT.CFG: CONFIG_LIMIT */

/* Failure names: ERIX_BL:FAIL:<NAME>, one enum value per marker entry. Kept
 * here rather than in bl.h because every parser rule maps onto one of them
 * and this header must stay free of efi.h. */
enum bl_fail {
#define BL_FAIL_ENUM(name) BL_FAIL_##name,
	ERIX_BL_FAILURES(BL_FAIL_ENUM)
#undef BL_FAIL_ENUM
	    BL_FAIL_COUNT
};

/* A file's expected SHA-256: a `sha256=<hex>` field of its BOOT.CFG line. */
struct bl_digest {
	uint8_t present;
	uint8_t sha256[ERIX_SHA256_SIZE];
};

struct bl_module {
	char name[ERIX_HANDOFF_MODULE_NAME_MAX];
	char cmdline[ERIX_HANDOFF_MODULE_CMDLINE_MAX];
	char path[BL_PATH_MAX];
	struct bl_digest digest;
	uint64_t phys; /* set by modules.c: page aligned, file bytes then zero */
	uint64_t size; /* set by modules.c: file bytes */
};

struct bl_config {
	char kernel_path[BL_PATH_MAX];
	struct bl_digest kernel_digest;
	struct bl_module modules[ERIX_HANDOFF_MAX_MODULES];
	uint32_t module_count;
};

/* Parser rules, one code each: X(rule, failure name, reason). The failure
 * name is the ERIX_BL:FAIL marker, the rule goes into its detail, so the
 * FAIL line and the unit test name the same rule. */
#define BOOTCFG_RULES(X)                                                                           \
	X(BAD_CHAR, CONFIG_SYNTAX, "non-ASCII or control character")                               \
	X(UNKNOWN_DIRECTIVE, CONFIG_SYNTAX, "unknown directive")                                   \
	X(MISSING_NAME, CONFIG_SYNTAX, "module line without a name")                               \
	X(MISSING_PATH, CONFIG_SYNTAX, "directive without a path")                                 \
	X(PATH_NOT_ROOTED, CONFIG_SYNTAX, "path does not start with \\")                           \
	X(KERNEL_EXTRA, CONFIG_SYNTAX, "text after the kernel path")                               \
	X(KERNEL_DUPLICATE, CONFIG_SYNTAX, "second kernel line")                                   \
	X(KERNEL_MISSING, CONFIG_SYNTAX, "no kernel line")                                         \
	X(NAME_DUPLICATE, CONFIG_SYNTAX, "module name used twice")                                 \
	X(DIGEST_MALFORMED, CONFIG_SYNTAX, "sha256= needs exactly 64 hex digits")                  \
	X(DIGEST_DUPLICATE, CONFIG_SYNTAX, "second sha256= for one file")                          \
	X(FILE_TOO_BIG, CONFIG_LIMIT, "file too large")                                            \
	X(TOO_MANY_MODULES, CONFIG_LIMIT, "more modules than the handoff holds")                   \
	X(NAME_TOO_LONG, CONFIG_LIMIT, "module name too long")                                     \
	X(PATH_TOO_LONG, CONFIG_LIMIT, "path too long")                                            \
	X(CMDLINE_TOO_LONG, CONFIG_LIMIT, "command line too long")

enum bootcfg_err {
	BOOTCFG_OK = 0,
#define BOOTCFG_ENUM(rule, fail, reason) BOOTCFG_ERR_##rule,
	BOOTCFG_RULES(BOOTCFG_ENUM)
#undef BOOTCFG_ENUM
	    BOOTCFG_ERR_COUNT
};

/* Parses len bytes of BOOT.CFG into *cfg (zeroed first; only paths, digests,
 * module names and command lines are set). On an error *line is the 1-based line
 * that broke the rule, or 0 for a rule about the whole file (FILE_TOO_BIG,
 * KERNEL_MISSING); *cfg is then incomplete and must not be used. */
enum bootcfg_err bootcfg_parse(const char *text, size_t len, struct bl_config *cfg, uint32_t *line);

/* The failure marker a code reports (BL_FAIL_COUNT for BOOTCFG_OK or an
 * unknown code), its rule name and its reason ("" when unknown). */
enum bl_fail bootcfg_fail(enum bootcfg_err err);
const char *bootcfg_rule(enum bootcfg_err err);
const char *bootcfg_reason(enum bootcfg_err err);

#endif
