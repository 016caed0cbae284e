/* Host tests for shared/crypto/sha256.c: the FIPS 180-2 / NIST example
 * vectors written out, and the block-boundary lengths (55, 56, 63, 64 and
 * every length up to 200) against sha256sum run on a file this test writes,
 * both in one call and fed in uneven pieces. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include <crypto/sha256.h>

static void check_hex(const uint8_t d[ERIX_SHA256_SIZE], const char *want)
{
	char hex[2 * ERIX_SHA256_SIZE + 1];

	erix_sha256_hex(d, hex);
	assert_string_equal(hex, want);
}

static void check_vector(const char *msg, const char *want)
{
	uint8_t d[ERIX_SHA256_SIZE];

	erix_sha256(msg, strlen(msg), d);
	check_hex(d, want);
}

static void test_empty(void **state)
{
	(void)state;
	check_vector("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

static void test_abc(void **state)
{
	(void)state;
	check_vector("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

static void test_448_bits(void **state)
{
	(void)state;
	check_vector("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
	             "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

static void test_896_bits(void **state)
{
	(void)state;
	check_vector(
	    "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmno"
	    "pqklmnopqrlmnopqrsmnopqrstnopqrstu",
	    "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
}

/* One million 'a', streamed in 1,000-byte pieces and hashed whole. */
static void test_million_a(void **state)
{
	static char a[1000000];
	const char *want = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0";
	struct erix_sha256 c;
	uint8_t d[ERIX_SHA256_SIZE];

	(void)state;
	memset(a, 'a', sizeof(a));
	erix_sha256(a, sizeof(a), d);
	check_hex(d, want);
	erix_sha256_init(&c);
	for (int i = 0; i < 1000; i++)
		erix_sha256_update(&c, a, 1000);
	erix_sha256_final(&c, d);
	check_hex(d, want);
}

/* The reference: sha256sum over a file holding msg[0, len). */
static void reference(const uint8_t *msg, size_t len, char want[2 * ERIX_SHA256_SIZE + 1])
{
	char path[] = "/tmp/erix-sha256-XXXXXX", cmd[64];
	int fd = mkstemp(path);
	FILE *p;

	assert_true(fd >= 0);
	assert_int_equal(write(fd, msg, len), (ssize_t)len);
	close(fd);
	snprintf(cmd, sizeof(cmd), "sha256sum %s", path);
	p = popen(cmd, "r");
	assert_non_null(p);
	assert_int_equal(fscanf(p, "%64s", want), 1);
	assert_int_equal(pclose(p), 0);
	unlink(path);
}

static void pattern(uint8_t *buf, size_t len)
{
	uint32_t x = 2463534242u;

	for (size_t i = 0; i < len; i++) {
		x ^= x << 13, x ^= x >> 17, x ^= x << 5;
		buf[i] = (uint8_t)x;
	}
}

/* Whole, and in pieces of 1, 3, 7, ... bytes, so every fill level of the
 * partial block meets every padding case. */
static void check_length(const uint8_t *msg, size_t len)
{
	char want[2 * ERIX_SHA256_SIZE + 1];
	uint8_t d[ERIX_SHA256_SIZE];
	struct erix_sha256 c;

	reference(msg, len, want);
	erix_sha256(msg, len, d);
	check_hex(d, want);
	for (size_t piece = 1; piece < 70; piece = piece * 2 + 1) {
		erix_sha256_init(&c);
		for (size_t off = 0; off < len; off += piece)
			erix_sha256_update(&c, msg + off, len - off < piece ? len - off : piece);
		erix_sha256_final(&c, d);
		check_hex(d, want);
	}
}

static void test_block_boundaries(void **state)
{
	static const size_t lengths[] = {55, 56, 63, 64, 119, 120, 127, 128};
	uint8_t msg[128];

	(void)state;
	pattern(msg, sizeof(msg));
	for (size_t i = 0; i < sizeof(lengths) / sizeof(lengths[0]); i++)
		check_length(msg, lengths[i]);
}

static void test_every_length(void **state)
{
	uint8_t msg[200];

	(void)state;
	pattern(msg, sizeof(msg));
	for (size_t len = 0; len <= sizeof(msg); len++)
		check_length(msg, len);
}

static void test_hex_round_trip(void **state)
{
	const char *hex = "BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD";
	uint8_t d[ERIX_SHA256_SIZE], e[ERIX_SHA256_SIZE];
	char bad[65];

	(void)state;
	assert_int_equal(erix_sha256_parse_hex(hex, d), 0);
	erix_sha256("abc", 3, e);
	assert_memory_equal(d, e, sizeof(d));
	for (int i = 0; i < 64; i++) {
		memcpy(bad, hex, sizeof(bad));
		bad[i] = 'g';
		assert_int_equal(erix_sha256_parse_hex(bad, d), -1);
		bad[i] = 0; /* a short string stops at its NUL */
		assert_int_equal(erix_sha256_parse_hex(bad, d), -1);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_empty),        cmocka_unit_test(test_abc),
	    cmocka_unit_test(test_448_bits),     cmocka_unit_test(test_896_bits),
	    cmocka_unit_test(test_million_a),    cmocka_unit_test(test_block_boundaries),
	    cmocka_unit_test(test_every_length), cmocka_unit_test(test_hex_round_trip),
	};

	return cmocka_run_group_tests_name("sha256", tests, NULL, NULL);
}
