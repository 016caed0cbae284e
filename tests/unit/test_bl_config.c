/* Host tests for bl/bootcfg.c, the BOOT.CFG parser: one breaking input per
 * rule (exact code, failure marker and line), the rule table itself, and
 * inputs that must pass (comments, CRLF, blanks, limits reached exactly). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "../../bl/bootcfg.h"

#define K     "kernel \\EFI\\ERIX\\KERNEL.ELF\n"
/* SHA-256("abc") and SHA-256(""), as BOOT.CFG fields. */
#define ABC   "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
#define EMPTY "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

static struct bl_config cfg;
static char big[BL_CONFIG_MAX + 2];

static enum bootcfg_err parse(const char *text, uint32_t *line)
{
	return bootcfg_parse(text, strlen(text), &cfg, line);
}

/* A string of n copies of c, in a rotating static buffer. */
static const char *rep(char c, size_t n)
{
	static char bufs[4][512];
	static int next;
	char *b = bufs[next++ % 4];

	assert_true(n < sizeof(bufs[0]));
	memset(b, c, n);
	b[n] = 0;
	return b;
}

/* Appends printf output to big[*len]. */
static void add(size_t *len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	*len += (size_t)vsnprintf(big + *len, sizeof(big) - *len, fmt, ap);
	va_end(ap);
	assert_true(*len < sizeof(big));
}

/* ------------------------------------------------------------ the rules */

struct bad_case {
	enum bootcfg_err err;
	uint32_t line;
	const char *text;
};

static void check_bad(const struct bad_case *c, size_t len)
{
	uint32_t line = 12345;
	enum bootcfg_err err = bootcfg_parse(c->text, len, &cfg, &line);

	if (err != c->err || line != c->line)
		fail_msg("rule %s: got %s line %u, want line %u", bootcfg_rule(c->err),
		         bootcfg_rule(err), line, c->line);
}

static char long_name[128], long_path[256], long_cmd[256], name_ok[128], path_ok[256];

static void build_long_inputs(void)
{
	/* One byte over each bound; the *_ok ones sit exactly on it. */
	snprintf(long_name, sizeof(long_name), K "module %s \\R.ELF\n",
	         rep('n', ERIX_HANDOFF_MODULE_NAME_MAX));
	snprintf(name_ok, sizeof(name_ok), K "module %s \\R.ELF\n",
	         rep('n', ERIX_HANDOFF_MODULE_NAME_MAX - 1));
	snprintf(long_path, sizeof(long_path), "# x\nkernel \\%s\n", rep('p', BL_PATH_MAX - 1));
	snprintf(path_ok, sizeof(path_ok), "# x\nkernel \\%s\n", rep('p', BL_PATH_MAX - 2));
	snprintf(long_cmd, sizeof(long_cmd), K "\nmodule r \\R.ELF  %s \n",
	         rep('c', ERIX_HANDOFF_MODULE_CMDLINE_MAX));
}

static void test_each_rule(void **state)
{
	const struct bad_case cases[] = {
	    {BOOTCFG_ERR_BAD_CHAR, 2, K "module r \\R.ELF caf\xc3\xa9\n"},
	    {BOOTCFG_ERR_UNKNOWN_DIRECTIVE, 3, "# c\n\ninitrd \\X\n" K},
	    {BOOTCFG_ERR_MISSING_NAME, 2, K "module   \t\n"},
	    {BOOTCFG_ERR_MISSING_PATH, 1, "kernel\n"},
	    {BOOTCFG_ERR_PATH_NOT_ROOTED, 1, "kernel /EFI/ERIX/KERNEL.ELF\n"},
	    {BOOTCFG_ERR_KERNEL_EXTRA, 1, "kernel \\K.ELF extra\n"},
	    {BOOTCFG_ERR_KERNEL_DUPLICATE, 4, K "module r \\R.ELF\n\n" K},
	    {BOOTCFG_ERR_KERNEL_MISSING, 0, "# only a comment\nmodule r \\R.ELF\n"},
	    {BOOTCFG_ERR_NAME_DUPLICATE, 3, K "module r \\R.ELF\nmodule r \\S.ELF\n"},
	    {BOOTCFG_ERR_DIGEST_MALFORMED, 1, "kernel \\K.ELF sha256=abc\n"},
	    {BOOTCFG_ERR_DIGEST_DUPLICATE, 2, K "module r \\R.ELF sha256=" ABC " sha256=" ABC "\n"},
	    {BOOTCFG_ERR_NAME_TOO_LONG, 2, long_name},
	    {BOOTCFG_ERR_PATH_TOO_LONG, 2, long_path},
	    {BOOTCFG_ERR_CMDLINE_TOO_LONG, 3, long_cmd},
	};
	int covered[BOOTCFG_ERR_COUNT] = {0};

	(void)state;
	build_long_inputs();
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		check_bad(&cases[i], strlen(cases[i].text));
		covered[cases[i].err] = 1;
	}
	/* The two rules whose inputs are built below. */
	covered[BOOTCFG_ERR_FILE_TOO_BIG] = covered[BOOTCFG_ERR_TOO_MANY_MODULES] = 1;
	for (int e = BOOTCFG_OK + 1; e < BOOTCFG_ERR_COUNT; e++)
		if (!covered[e])
			fail_msg("rule %s has no breaking input", bootcfg_rule(e));
}

static void test_too_many_modules(void **state)
{
	size_t len = 0;
	uint32_t line;

	(void)state;
	add(&len, K);
	for (int i = 0; i <= ERIX_HANDOFF_MAX_MODULES; i++)
		add(&len, "module m%d \\M%d.ELF\n", i, i);
	assert_int_equal(bootcfg_parse(big, len, &cfg, &line), BOOTCFG_ERR_TOO_MANY_MODULES);
	assert_int_equal(line, ERIX_HANDOFF_MAX_MODULES + 2);
	assert_int_equal(cfg.module_count, ERIX_HANDOFF_MAX_MODULES);
}

static void test_file_too_big(void **state)
{
	size_t len = 0;
	uint32_t line;

	(void)state;
	add(&len, K);
	for (; len < BL_CONFIG_MAX - 1; len++)
		big[len] = len % 64 == 63 ? '\n' : '#';
	big[len++] = '\n';
	assert_int_equal(bootcfg_parse(big, len, &cfg, &line), BOOTCFG_OK); /* exactly the max */
	big[len++] = '\n';
	assert_int_equal(bootcfg_parse(big, len, &cfg, &line), BOOTCFG_ERR_FILE_TOO_BIG);
	assert_int_equal(line, 0);
}

/* A NUL or a lone CR inside a line is a control character, not an end. */
static void test_control_chars(void **state)
{
	static const char nul[] = K "module r \\R.ELF a\0b\n";
	uint32_t line;

	(void)state;
	assert_int_equal(bootcfg_parse(nul, sizeof(nul) - 1, &cfg, &line), BOOTCFG_ERR_BAD_CHAR);
	assert_int_equal(line, 2);
	assert_int_equal(parse("kernel \\K.ELF\r\r\n", &line), BOOTCFG_ERR_BAD_CHAR);
	assert_int_equal(line, 1);
	assert_int_equal(parse("\xef\xbb\xbf" K, &line), BOOTCFG_ERR_BAD_CHAR); /* UTF-8 BOM */
	assert_int_equal(line, 1);
	assert_int_equal(parse(K "# \x7f\n", &line), BOOTCFG_ERR_BAD_CHAR);
	assert_int_equal(line, 2);
}

/* Rules that need a field are checked in line order: first missing thing. */
static void test_field_order(void **state)
{
	uint32_t line;

	(void)state;
	assert_int_equal(parse(K "module r\n", &line), BOOTCFG_ERR_MISSING_PATH);
	assert_int_equal(line, 2);
	assert_int_equal(parse(K "module r R.ELF\n", &line), BOOTCFG_ERR_PATH_NOT_ROOTED);
	assert_int_equal(parse("KERNEL \\K.ELF\n", &line), BOOTCFG_ERR_UNKNOWN_DIRECTIVE);
	assert_int_equal(parse("kernels \\K.ELF\n", &line), BOOTCFG_ERR_UNKNOWN_DIRECTIVE);
	assert_int_equal(parse("kerne \\K.ELF\n", &line), BOOTCFG_ERR_UNKNOWN_DIRECTIVE);
	assert_int_equal(parse("", &line), BOOTCFG_ERR_KERNEL_MISSING);
	assert_int_equal(line, 0);
}

/* Every rule reports CONFIG_SYNTAX or CONFIG_LIMIT and has a name and reason. */
static void test_rule_table(void **state)
{
	(void)state;
	for (int e = BOOTCFG_OK + 1; e < BOOTCFG_ERR_COUNT; e++) {
		enum bl_fail f = bootcfg_fail(e);

		assert_true(f == BL_FAIL_CONFIG_SYNTAX || f == BL_FAIL_CONFIG_LIMIT);
		assert_true(bootcfg_rule(e)[0] != 0);
		assert_true(bootcfg_reason(e)[0] != 0);
	}
	assert_int_equal(bootcfg_fail(BOOTCFG_ERR_UNKNOWN_DIRECTIVE), BL_FAIL_CONFIG_SYNTAX);
	assert_int_equal(bootcfg_fail(BOOTCFG_ERR_KERNEL_MISSING), BL_FAIL_CONFIG_SYNTAX);
	assert_int_equal(bootcfg_fail(BOOTCFG_ERR_TOO_MANY_MODULES), BL_FAIL_CONFIG_LIMIT);
	assert_int_equal(bootcfg_fail(BOOTCFG_ERR_CMDLINE_TOO_LONG), BL_FAIL_CONFIG_LIMIT);
	assert_string_equal(bootcfg_rule(BOOTCFG_ERR_NAME_DUPLICATE), "NAME_DUPLICATE");
	assert_int_equal(bootcfg_fail(BOOTCFG_OK), BL_FAIL_COUNT);
	assert_int_equal(bootcfg_fail(BOOTCFG_ERR_COUNT), BL_FAIL_COUNT);
	assert_string_equal(bootcfg_rule(BOOTCFG_OK), "");
	assert_string_equal(bootcfg_reason(BOOTCFG_ERR_COUNT), "");
}

/* -------------------------------------------------------- passing inputs */

static void test_shipped_config(void **state)
{
	uint32_t line;

	(void)state;
	assert_int_equal(parse("# EriX-C boot configuration\n"
	                       "kernel \\EFI\\ERIX\\KERNEL.ELF\n"
	                       "module rootd \\EFI\\ERIX\\ROOTD.ELF\n",
	                       &line),
	                 BOOTCFG_OK);
	assert_string_equal(cfg.kernel_path, "\\EFI\\ERIX\\KERNEL.ELF");
	assert_int_equal(cfg.module_count, 1);
	assert_string_equal(cfg.modules[0].name, "rootd");
	assert_string_equal(cfg.modules[0].path, "\\EFI\\ERIX\\ROOTD.ELF");
	assert_string_equal(cfg.modules[0].cmdline, "");
}

static void test_no_modules(void **state)
{
	uint32_t line;

	(void)state;
	assert_int_equal(parse(K, &line), BOOTCFG_OK);
	assert_int_equal(cfg.module_count, 0);
	assert_string_equal(cfg.kernel_path, "\\EFI\\ERIX\\KERNEL.ELF");
	/* The kernel line may come after the modules and need no final LF. */
	assert_int_equal(parse("module r \\R.ELF\nkernel \\K.ELF", &line), BOOTCFG_OK);
	assert_string_equal(cfg.kernel_path, "\\K.ELF");
	assert_int_equal(cfg.module_count, 1);
}

static void test_comments_blanks_crlf(void **state)
{
	uint32_t line;

	(void)state;
	/* Comments obey the character rule too. */
	assert_int_equal(parse(K "# caf\xc3\xa9\r\n", &line), BOOTCFG_ERR_BAD_CHAR);
	assert_int_equal(line, 2);
	assert_int_equal(parse("\r\n"
	                       "  # indented comment, module x y z\r\n"
	                       "\t\r\n"
	                       "#kernel \\NOT.ELF\r\n"
	                       "kernel \\EFI\\ERIX\\KERNEL.ELF\r\n"
	                       "   \r\n"
	                       "module rootd \\EFI\\ERIX\\ROOTD.ELF\r\n"
	                       "module\tshell\t\\S.ELF\t-v  --x=1\r\n",
	                       &line),
	                 BOOTCFG_OK);
	assert_string_equal(cfg.kernel_path, "\\EFI\\ERIX\\KERNEL.ELF");
	assert_int_equal(cfg.module_count, 2);
	assert_string_equal(cfg.modules[0].path, "\\EFI\\ERIX\\ROOTD.ELF");
	assert_string_equal(cfg.modules[0].cmdline, "");
	assert_string_equal(cfg.modules[1].name, "shell");
	assert_string_equal(cfg.modules[1].path, "\\S.ELF");
	assert_string_equal(cfg.modules[1].cmdline, "-v  --x=1");
}

static void test_trailing_spaces_and_cmdline(void **state)
{
	uint32_t line;

	(void)state;
	assert_int_equal(parse("kernel \\K.ELF \t \n"
	                       "module a \\A.ELF   \t\n"
	                       "module b \\B.ELF \t one  two\tthree # not a comment \t \r\n",
	                       &line),
	                 BOOTCFG_OK);
	assert_string_equal(cfg.kernel_path, "\\K.ELF");
	assert_string_equal(cfg.modules[0].cmdline, "");
	assert_string_equal(cfg.modules[1].cmdline, "one  two\tthree # not a comment");
}

static void test_limits_exact(void **state)
{
	uint32_t line;
	char cmd[256];

	(void)state;
	build_long_inputs();
	assert_int_equal(parse(name_ok, &line), BOOTCFG_OK);
	assert_int_equal(strlen(cfg.modules[0].name), ERIX_HANDOFF_MODULE_NAME_MAX - 1);
	assert_int_equal(parse(path_ok, &line), BOOTCFG_OK);
	assert_int_equal(strlen(cfg.kernel_path), BL_PATH_MAX - 1);
	snprintf(cmd, sizeof(cmd), K "module r \\R.ELF \t%s\t \n",
	         rep('c', ERIX_HANDOFF_MODULE_CMDLINE_MAX - 1));
	assert_int_equal(parse(cmd, &line), BOOTCFG_OK);
	assert_int_equal(strlen(cfg.modules[0].cmdline), ERIX_HANDOFF_MODULE_CMDLINE_MAX - 1);
}

static void test_max_modules(void **state)
{
	size_t len = 0;
	uint32_t line;
	char want[32];

	(void)state;
	for (int i = 0; i < ERIX_HANDOFF_MAX_MODULES; i++)
		add(&len, "module m%d \\M%d.ELF arg=%d\n", i, i, i);
	add(&len, K);
	assert_int_equal(bootcfg_parse(big, len, &cfg, &line), BOOTCFG_OK);
	assert_int_equal(line, 0);
	assert_int_equal(cfg.module_count, ERIX_HANDOFF_MAX_MODULES);
	for (int i = 0; i < ERIX_HANDOFF_MAX_MODULES; i++) {
		snprintf(want, sizeof(want), "m%d", i);
		assert_string_equal(cfg.modules[i].name, want);
		snprintf(want, sizeof(want), "arg=%d", i);
		assert_string_equal(cfg.modules[i].cmdline, want);
	}
}

static void check_digest(const struct bl_digest *d, const char *hex)
{
	uint8_t want[ERIX_SHA256_SIZE];

	assert_int_equal(d->present, 1);
	assert_int_equal(erix_sha256_parse_hex(hex, want), 0);
	assert_memory_equal(d->sha256, want, sizeof(want));
}

/* sha256= fields right after a path, either case of hex digits; after any
 * other token they are command line. */
static void test_digests(void **state)
{
	uint32_t line;

	(void)state;
	assert_int_equal(parse("kernel \\K.ELF\tsha256=" ABC " \r\n"
	                       "module a \\A.ELF sha256=" EMPTY "  -v x\n"
	                       "module b \\B.ELF -v sha256=" ABC "\n"
	                       "module c \\C.ELF\n"
	                       "module d \\D.ELF SHA256=" ABC "\n",
	                       &line),
	                 BOOTCFG_OK);
	check_digest(&cfg.kernel_digest, ABC);
	check_digest(&cfg.modules[0].digest, EMPTY);
	assert_string_equal(cfg.modules[0].cmdline, "-v x");
	assert_int_equal(cfg.modules[1].digest.present, 0);
	assert_string_equal(cfg.modules[1].cmdline, "-v sha256=" ABC);
	assert_int_equal(cfg.modules[2].digest.present, 0);
	assert_int_equal(cfg.modules[3].digest.present, 0); /* the prefix is lower case */
	assert_int_equal(
	    parse("kernel \\K.ELF sha256=BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9C"
	          "B410FF61F20015AD\n",
	          &line),
	    BOOTCFG_OK);
	check_digest(&cfg.kernel_digest, ABC);
}

static void test_digest_malformed(void **state)
{
	static const char *const bad[] = {
	    "kernel \\K.ELF sha256=\n",
	    "kernel \\K.ELF sha256=" ABC "0\n",
	    "kernel \\K.ELF "
	    "sha256=ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015a\n",
	    "kernel \\K.ELF "
	    "sha256=ga7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\n",
	    "kernel \\K.ELF "
	    "sha256=ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015a-\n",
	    "kernel \\K.ELF "
	    "sha256==a7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\n",
	};
	uint32_t line;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(parse(bad[i], &line), BOOTCFG_ERR_DIGEST_MALFORMED);
		assert_int_equal(line, 1);
	}
	/* A second field on the kernel line, and anything after the digest. */
	assert_int_equal(parse("kernel \\K.ELF sha256=" ABC " sha256=" EMPTY "\n", &line),
	                 BOOTCFG_ERR_DIGEST_DUPLICATE);
	assert_int_equal(parse("kernel \\K.ELF sha256=" ABC " x\n", &line),
	                 BOOTCFG_ERR_KERNEL_EXTRA);
	assert_int_equal(parse("kernel sha256=" ABC " \\K.ELF\n", &line),
	                 BOOTCFG_ERR_PATH_NOT_ROOTED);
}

/* A previous parse leaves nothing behind. */
static void test_output_reset(void **state)
{
	uint32_t line;

	(void)state;
	assert_int_equal(parse(K "module a \\A.ELF x\n", &line), BOOTCFG_OK);
	assert_int_equal(parse("kernel \\K.ELF\n", &line), BOOTCFG_OK);
	assert_int_equal(cfg.module_count, 0);
	assert_int_equal(cfg.modules[0].name[0], 0);
	assert_int_equal(cfg.modules[0].cmdline[0], 0);
	assert_int_equal(parse("kernel \\K.ELF sha256=" ABC "\n", &line), BOOTCFG_OK);
	assert_int_equal(parse("kernel \\K.ELF\n", &line), BOOTCFG_OK);
	assert_int_equal(cfg.kernel_digest.present, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_each_rule),
	    cmocka_unit_test(test_too_many_modules),
	    cmocka_unit_test(test_file_too_big),
	    cmocka_unit_test(test_control_chars),
	    cmocka_unit_test(test_field_order),
	    cmocka_unit_test(test_rule_table),
	    cmocka_unit_test(test_shipped_config),
	    cmocka_unit_test(test_no_modules),
	    cmocka_unit_test(test_comments_blanks_crlf),
	    cmocka_unit_test(test_trailing_spaces_and_cmdline),
	    cmocka_unit_test(test_limits_exact),
	    cmocka_unit_test(test_max_modules),
	    cmocka_unit_test(test_digests),
	    cmocka_unit_test(test_digest_malformed),
	    cmocka_unit_test(test_output_reset),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
