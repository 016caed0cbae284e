/* Host tests for bl/digest.c: the digest rule in every combination of
 * expected digest (none, right, wrong) and Secure Boot state, and the
 * embedded BOOT.CFG block as built and as image/embed-cfg-digest.py patches
 * it (the script run on a file holding the block). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../bl/digest.h"

static void digest_of(const char *s, struct bl_digest *d)
{
	erix_sha256(s, strlen(s), d->sha256);
	d->present = 1;
}

static void test_verdicts(void **state)
{
	struct bl_digest none = {0}, right, wrong;
	uint8_t got[ERIX_SHA256_SIZE];

	(void)state;
	erix_sha256("kernel", 6, got);
	digest_of("kernel", &right);
	digest_of("kernel", &wrong);
	wrong.sha256[31] ^= 1;
	assert_int_equal(bl_digest_verdict(&none, got, 0), BL_DIGEST_UNCHECKED);
	assert_int_equal(bl_digest_verdict(&none, got, 1), BL_DIGEST_MISSING);
	assert_int_equal(bl_digest_verdict(&right, got, 0), BL_DIGEST_MATCH);
	assert_int_equal(bl_digest_verdict(&right, got, 1), BL_DIGEST_MATCH);
	assert_int_equal(bl_digest_verdict(&wrong, got, 0), BL_DIGEST_MISMATCH);
	assert_int_equal(bl_digest_verdict(&wrong, got, 1), BL_DIGEST_MISMATCH);
	/* Every byte counts, the first as much as the last. */
	for (int i = 0; i < ERIX_SHA256_SIZE; i++) {
		wrong = right;
		wrong.sha256[i] ^= 0x80;
		assert_int_equal(bl_digest_verdict(&wrong, got, 0), BL_DIGEST_MISMATCH);
	}
}

static const struct bl_embedded_digest as_built = {BL_EMBED_MAGIC, BL_EMBED_VERSION, 0, {0}};

static void test_embedded_as_built(void **state)
{
	struct bl_digest d;

	(void)state;
	memset(&d, 0xA5, sizeof(d));
	bl_embedded_expected(&as_built, &d);
	assert_int_equal(d.present, 0);
}

/* A fake loader file: padding, the block, padding; patched by the script. */
static void patch_with_script(struct bl_embedded_digest *out, const char *cfg_text)
{
	const char *efi = "/tmp/erix-embed.efi", *cfg = "/tmp/erix-embed.cfg";
	const char *patched = "/tmp/erix-embed.out";
	uint8_t pad[100];
	char cmd[256];
	FILE *f;

	memset(pad, 0xCC, sizeof(pad));
	f = fopen(efi, "wb");
	assert_non_null(f);
	fwrite(pad, 1, sizeof(pad), f);
	fwrite(&as_built, 1, sizeof(as_built), f);
	fwrite(pad, 1, sizeof(pad), f);
	fclose(f);
	f = fopen(cfg, "wb");
	assert_non_null(f);
	fputs(cfg_text, f);
	fclose(f);
	snprintf(cmd, sizeof(cmd), "/usr/bin/python3 image/embed-cfg-digest.py %s %s %s", efi, cfg,
	         patched);
	assert_int_equal(system(cmd), 0);
	f = fopen(patched, "rb");
	assert_non_null(f);
	assert_int_equal(fseek(f, sizeof(pad), SEEK_SET), 0);
	assert_int_equal(fread(out, 1, sizeof(*out), f), sizeof(*out));
	fclose(f);
	remove(efi), remove(cfg), remove(patched);
}

static void test_embedded_patched(void **state)
{
	const char *text = "kernel \\EFI\\ERIX\\KERNEL.ELF\n";
	struct bl_embedded_digest e;
	struct bl_digest d, want;

	(void)state;
	patch_with_script(&e, text);
	digest_of(text, &want);
	bl_embedded_expected(&e, &d);
	assert_int_equal(d.present, 1);
	assert_memory_equal(d.sha256, want.sha256, ERIX_SHA256_SIZE);
	/* A damaged block counts as no digest (so Secure Boot refuses). */
	e.magic[0] ^= 1;
	bl_embedded_expected(&e, &d);
	assert_int_equal(d.present, 0);
	e.magic[0] ^= 1;
	e.version = 2;
	bl_embedded_expected(&e, &d);
	assert_int_equal(d.present, 0);
	e.version = BL_EMBED_VERSION;
	e.present = 2;
	bl_embedded_expected(&e, &d);
	assert_int_equal(d.present, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_verdicts),
	    cmocka_unit_test(test_embedded_as_built),
	    cmocka_unit_test(test_embedded_patched),
	};

	return cmocka_run_group_tests_name("bl_digest", tests, NULL, NULL);
}
