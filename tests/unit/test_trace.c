/* Host tests for kernel/trace.h: an enabled KTRACE prints one
 * "ERIX_TRACE:<FAMILY> <text>" line through kprintf; a disabled one (every
 * kernel but the smoke build) neither prints nor evaluates its arguments.
 * The switch is a variable here so both expansions run in one test. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

static int trace_on;
#define ERIX_KTRACE_ENABLED trace_on
#include "trace.h"

static char out[256];
static int calls;

void kprintf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(out, sizeof(out), fmt, ap);
	va_end(ap);
	calls++;
}

static int side_effect(int *n)
{
	return ++*n;
}

static void test_enabled_prints_family_line(void **state)
{
	(void)state;
	trace_on = 1, calls = 0;
	KTRACE(KTRACE_CAP, "drop slot=%u", 7u);
	assert_int_equal(calls, 1);
	assert_string_equal(out, "ERIX_TRACE:CAP drop slot=7\n");
	KTRACE(KTRACE_PROC, "exit");
	assert_string_equal(out, "ERIX_TRACE:PROC exit\n");
}

static void test_disabled_is_silent_and_unevaluated(void **state)
{
	int n = 0;

	(void)state;
	trace_on = 0, calls = 0;
	KTRACE(KTRACE_PROC, "start n=%d", side_effect(&n));
	assert_int_equal(calls, 0);
	assert_int_equal(n, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_enabled_prints_family_line),
	    cmocka_unit_test(test_disabled_is_silent_and_unevaluated),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
