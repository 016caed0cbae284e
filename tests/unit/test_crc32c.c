/* Host tests for shared/handoff/crc32c.c: the standard check value, chaining
 * and a bitwise reference over random buffers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <handoff/crc32c.h>

/* Bit-at-a-time reference: no table, so it checks the table builder too. */
static uint32_t crc_ref(const uint8_t *p, size_t n)
{
	uint32_t c = 0xFFFFFFFFu;

	while (n--) {
		c ^= *p++;
		for (int k = 0; k < 8; k++)
			c = (c >> 1) ^ (0x82F63B78u & -(c & 1));
	}
	return ~c;
}

static void test_check_value(void **state)
{
	(void)state;
	assert_int_equal(erix_crc32c(0, "123456789", 9), 0xE3069283u);
	assert_int_equal(erix_crc32c(0, "", 0), 0);
}

static void test_chaining(void **state)
{
	const char *s = "123456789";

	(void)state;
	for (size_t cut = 0; cut <= 9; cut++)
		assert_int_equal(erix_crc32c(erix_crc32c(0, s, cut), s + cut, 9 - cut),
		                 0xE3069283u);
}

static void test_against_reference(void **state)
{
	static uint8_t buf[4096];
	uint64_t x = 88172645463325252ull;

	(void)state;
	for (size_t i = 0; i < sizeof(buf); i++) {
		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		buf[i] = (uint8_t)x;
	}
	for (size_t n = 0; n < sizeof(buf); n += 97)
		assert_int_equal(erix_crc32c(0, buf, n), crc_ref(buf, n));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_check_value),
	    cmocka_unit_test(test_chaining),
	    cmocka_unit_test(test_against_reference),
	};

	return cmocka_run_group_tests_name("crc32c", tests, NULL, NULL);
}
