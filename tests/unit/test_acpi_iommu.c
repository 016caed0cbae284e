/* Host tests for kernel/acpi.c's IOMMU register windows: Intel's DMAR
 * DRHD structures (base, 2^N pages) and AMD's IVRS IVHD blocks (base, 512
 * KiB), other structures skipped, and each malformed input refused. The
 * tables' headers and checksums are the walk's business (test_acpi.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "acpi.h"

#define UNITS 48

static uint8_t tab[512];
static uint32_t tlen;

static void start(void)
{
	memset(tab, 0, sizeof(tab));
	tlen = UNITS;
}

static void put16(uint8_t *p, uint16_t v)
{
	memcpy(p, &v, 2);
}

static void dmar_struct(uint16_t type, uint16_t len, uint8_t size, uint64_t base)
{
	put16(tab + tlen, type);
	put16(tab + tlen + 2, len);
	if (len >= 16) {
		tab[tlen + 5] = size;
		memcpy(tab + tlen + 8, &base, 8);
	}
	tlen += len < 4 ? 4 : len;
}

static void ivrs_block(uint8_t type, uint16_t len, uint64_t base)
{
	tab[tlen] = type;
	put16(tab + tlen + 2, len);
	if (len >= 16)
		memcpy(tab + tlen + 8, &base, 8);
	tlen += len < 4 ? 4 : len;
}

static void test_dmar_units(void **state)
{
	struct acpi_mmio u[ACPI_MAX_IOMMUS];
	uint32_t n = 99;

	(void)state;
	start();
	dmar_struct(0, 16, 0, 0xFED90000); /* one page */
	dmar_struct(1, 24, 0, 0);          /* an RMRR: not a unit */
	dmar_struct(0, 24, 2, 0xFED91000); /* four pages, with a device scope */
	assert_int_equal(acpi_dmar_units(tab, tlen, u, &n), ACPI_OK);
	assert_int_equal(n, 2);
	assert_int_equal(u[0].base, 0xFED90000);
	assert_int_equal(u[0].length, 4096);
	assert_int_equal(u[1].base, 0xFED91000);
	assert_int_equal(u[1].length, 4 * 4096);
}

static void test_dmar_malformed(void **state)
{
	struct acpi_mmio u[ACPI_MAX_IOMMUS];
	uint32_t n;

	(void)state;
	start();
	assert_int_equal(acpi_dmar_units(tab, UNITS - 1, u, &n), ACPI_ERR_LENGTH);
	dmar_struct(0, 12, 0, 0); /* a DRHD too short for its base */
	assert_int_equal(acpi_dmar_units(tab, tlen, u, &n), ACPI_ERR_ENTRY);
	start();
	dmar_struct(0, 16, 0, 0); /* base 0 */
	assert_int_equal(acpi_dmar_units(tab, tlen, u, &n), ACPI_ERR_ENTRY);
	start();
	dmar_struct(0, 16, 15, 0xFFFFFFFFFF000000ull); /* window wraps */
	assert_int_equal(acpi_dmar_units(tab, tlen, u, &n), ACPI_ERR_ENTRY);
	start();
	dmar_struct(0, 16, 0, 0xFED90000);
	assert_int_equal(acpi_dmar_units(tab, tlen - 1, u, &n), ACPI_ERR_ENTRY); /* overruns */
	start();
	put16(tab + tlen + 2, 2); /* a structure shorter than its own header */
	tlen += 4;
	assert_int_equal(acpi_dmar_units(tab, tlen, u, &n), ACPI_ERR_ENTRY);
}

static void test_dmar_too_many(void **state)
{
	struct acpi_mmio u[ACPI_MAX_IOMMUS];
	uint32_t n;

	(void)state;
	start();
	for (unsigned i = 0; i <= ACPI_MAX_IOMMUS; i++)
		dmar_struct(0, 16, 0, 0xFED90000 + i * 4096ull);
	assert_int_equal(acpi_dmar_units(tab, tlen, u, &n), ACPI_ERR_TOO_MANY);
	assert_int_equal(n, ACPI_MAX_IOMMUS); /* what came before stays listed */
}

static void test_ivrs_units(void **state)
{
	struct acpi_mmio u[ACPI_MAX_IOMMUS];
	uint32_t n;

	(void)state;
	start();
	ivrs_block(0x10, 24, 0xFEB80000);
	ivrs_block(0x20, 32, 0);          /* an IVMD: not a unit */
	ivrs_block(0x40, 40, 0xFEB84001); /* low flag bits are not the base */
	assert_int_equal(acpi_ivrs_units(tab, tlen, u, &n), ACPI_OK);
	assert_int_equal(n, 2);
	assert_int_equal(u[0].base, 0xFEB80000);
	assert_int_equal(u[0].length, 0x80000);
	assert_int_equal(u[1].base, 0xFEB84000);
}

static void test_ivrs_malformed(void **state)
{
	struct acpi_mmio u[ACPI_MAX_IOMMUS];
	uint32_t n;

	(void)state;
	start();
	assert_int_equal(acpi_ivrs_units(tab, UNITS - 1, u, &n), ACPI_ERR_LENGTH);
	ivrs_block(0x11, 20, 0);
	assert_int_equal(acpi_ivrs_units(tab, tlen, u, &n), ACPI_ERR_ENTRY);
	start();
	ivrs_block(0x10, 24, 0);
	assert_int_equal(acpi_ivrs_units(tab, tlen, u, &n), ACPI_ERR_ENTRY);
	start();
	ivrs_block(0x10, 24, 0xFEB80000);
	assert_int_equal(acpi_ivrs_units(tab, tlen + 2, u, &n), ACPI_ERR_ENTRY); /* trailing */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_dmar_units),     cmocka_unit_test(test_dmar_malformed),
	    cmocka_unit_test(test_dmar_too_many),  cmocka_unit_test(test_ivrs_units),
	    cmocka_unit_test(test_ivrs_malformed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
