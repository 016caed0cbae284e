/* Host tests for kernel/acpi.c: a fake physical space holds an RSDP's
 * XSDT (or RSDT), a FACP and a MADT; the walk must find the MADT's I/O
 * APICs, and refuse every broken table (checksum, length, signature,
 * unreadable, malformed entries) without reading outside what the reader
 * allows. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "acpi.h"

#define PHYS_BASE 0x7F000000ull
#define PHYS_SIZE 0x4000u
#define XSDT_AT   (PHYS_BASE + 0x000)
#define FACP_AT   (PHYS_BASE + 0x400)
#define MADT_AT   (PHYS_BASE + 0x800)
#define RSDT_AT   (PHYS_BASE + 0xC00)

static uint8_t phys[PHYS_SIZE];
static uint8_t rsdp[36];
static uint64_t readable_end; /* reads at or past this fail */

static const void *fake_map(void *ctx, uint64_t pa, uint64_t len)
{
	(void)ctx;
	if (pa < PHYS_BASE || pa + len > readable_end || pa + len < pa)
		return NULL;
	return phys + (pa - PHYS_BASE);
}

static const struct acpi_reader reader = {fake_map, NULL};

static uint8_t *at(uint64_t pa)
{
	return phys + (pa - PHYS_BASE);
}

static void put32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static void put64(uint8_t *p, uint64_t v)
{
	put32(p, (uint32_t)v);
	put32(p + 4, (uint32_t)(v >> 32));
}

static void seal(uint64_t pa)
{
	uint8_t *t = at(pa), sum = 0;
	uint32_t len = (uint32_t)t[4] | (uint32_t)t[5] << 8 | (uint32_t)t[6] << 16;

	t[9] = 0;
	for (uint32_t i = 0; i < len; i++)
		sum = (uint8_t)(sum + t[i]);
	t[9] = (uint8_t)-sum;
}

static void header(uint64_t pa, const char *sig, uint32_t len)
{
	memcpy(at(pa), sig, 4);
	put32(at(pa) + 4, len);
}

static void add_ioapic(uint8_t *e, uint8_t id, uint32_t addr, uint32_t gsi)
{
	e[0] = 1;
	e[1] = 12;
	e[2] = id;
	put32(e + 4, addr);
	put32(e + 8, gsi);
}

/* XSDT -> {FACP, MADT}; RSDT -> {FACP, MADT}; MADT: LAPIC, 2 IOAPICs, ISO. */
static int setup(void **state)
{
	uint8_t *m = at(MADT_AT);

	(void)state;
	memset(phys, 0, sizeof(phys));
	readable_end = PHYS_BASE + PHYS_SIZE;
	header(XSDT_AT, "XSDT", 36 + 16);
	put64(at(XSDT_AT) + 36, FACP_AT);
	put64(at(XSDT_AT) + 44, MADT_AT);
	seal(XSDT_AT);
	header(RSDT_AT, "RSDT", 36 + 8);
	put32(at(RSDT_AT) + 36, (uint32_t)FACP_AT);
	put32(at(RSDT_AT) + 40, (uint32_t)MADT_AT);
	seal(RSDT_AT);
	header(FACP_AT, "FACP", 36);
	seal(FACP_AT);
	header(MADT_AT, "APIC", 44 + 8 + 12 + 12 + 10);
	m[44] = 0; /* processor local APIC */
	m[45] = 8;
	add_ioapic(m + 52, 1, 0xFEC00000, 0);
	add_ioapic(m + 64, 2, 0xFEC01000, 24);
	m[76] = 2; /* interrupt source override */
	m[77] = 10;
	seal(MADT_AT);
	memset(rsdp, 0, sizeof(rsdp));
	memcpy(rsdp, "RSD PTR ", 8);
	put32(rsdp + 16, (uint32_t)RSDT_AT);
	put64(rsdp + 24, XSDT_AT);
	return 0;
}

static enum acpi_err find_madt(uint32_t revision, const uint8_t **t, uint32_t *len)
{
	return acpi_find_table(&reader, rsdp, revision >= 2 ? 36 : 20, revision, "APIC", t, len);
}

static void expect_ioapics(const uint8_t *t, uint32_t len)
{
	struct acpi_ioapic io[ACPI_MAX_IOAPICS];
	uint32_t n = 99;

	assert_int_equal(acpi_madt_ioapics(t, len, io, &n), ACPI_OK);
	assert_int_equal(n, 2);
	assert_int_equal(io[0].id, 1);
	assert_int_equal(io[0].phys, 0xFEC00000);
	assert_int_equal(io[0].gsi_base, 0);
	assert_int_equal(io[1].phys, 0xFEC01000);
	assert_int_equal(io[1].gsi_base, 24);
}

static void test_xsdt_finds_madt(void **state)
{
	const uint8_t *t = NULL;
	uint32_t len = 0;

	(void)state;
	assert_int_equal(find_madt(2, &t, &len), ACPI_OK);
	assert_ptr_equal(t, at(MADT_AT));
	assert_int_equal(len, 86);
	expect_ioapics(t, len);
}

static void test_rsdt_for_acpi1(void **state)
{
	const uint8_t *t = NULL;
	uint32_t len = 0;

	(void)state;
	/* Revision 0: the XSDT field is ignored even if set. */
	put64(rsdp + 24, 0xDEAD0000);
	assert_int_equal(find_madt(0, &t, &len), ACPI_OK);
	expect_ioapics(t, len);
}

static void test_not_found(void **state)
{
	const uint8_t *t;
	uint32_t len;

	(void)state;
	assert_int_equal(acpi_find_table(&reader, rsdp, 36, 2, "HPET", &t, &len),
	                 ACPI_ERR_NOT_FOUND);
}

static void test_root_checksum(void **state)
{
	const uint8_t *t;
	uint32_t len;

	(void)state;
	at(XSDT_AT)[40] ^= 1;
	assert_int_equal(find_madt(2, &t, &len), ACPI_ERR_CHECKSUM);
}

static void test_root_signature(void **state)
{
	const uint8_t *t;
	uint32_t len;

	(void)state;
	memcpy(at(XSDT_AT), "RSDT", 4);
	seal(XSDT_AT);
	assert_int_equal(find_madt(2, &t, &len), ACPI_ERR_SIGNATURE);
}

static void test_root_unreadable(void **state)
{
	const uint8_t *t;
	uint32_t len;

	(void)state;
	put64(rsdp + 24, 0x1000); /* below the readable range */
	assert_int_equal(find_madt(2, &t, &len), ACPI_ERR_ROOT);
	put64(rsdp + 24, 0);
	assert_int_equal(find_madt(2, &t, &len), ACPI_ERR_ROOT);
	assert_int_equal(acpi_find_table(&reader, rsdp, 8, 2, "APIC", &t, &len), ACPI_ERR_ROOT);
	assert_int_equal(acpi_find_table(&reader, NULL, 36, 2, "APIC", &t, &len), ACPI_ERR_ROOT);
}

static void test_madt_checksum(void **state)
{
	const uint8_t *t;
	uint32_t len;

	(void)state;
	at(MADT_AT)[60] ^= 0x40;
	assert_int_equal(find_madt(2, &t, &len), ACPI_ERR_CHECKSUM);
}

/* A length that runs past what may be read, or below a header, or huge. */
static void test_madt_length(void **state)
{
	const uint8_t *t;
	uint32_t len;

	(void)state;
	readable_end = MADT_AT + 80; /* the MADT is 86 bytes */
	assert_int_equal(find_madt(2, &t, &len), ACPI_ERR_LENGTH);
	readable_end = PHYS_BASE + PHYS_SIZE;
	put32(at(MADT_AT) + 4, 20);
	assert_int_equal(find_madt(2, &t, &len), ACPI_ERR_LENGTH);
	put32(at(MADT_AT) + 4, ACPI_MAX_TABLE_SIZE + 1);
	assert_int_equal(find_madt(2, &t, &len), ACPI_ERR_LENGTH);
}

/* An unreadable entry in the root is skipped, the walk goes on. */
static void test_unreadable_entry_skipped(void **state)
{
	const uint8_t *t;
	uint32_t len;

	(void)state;
	put64(at(XSDT_AT) + 36, 0x2000);
	seal(XSDT_AT);
	assert_int_equal(find_madt(2, &t, &len), ACPI_OK);
	expect_ioapics(t, len);
}

static void test_madt_entry_length_zero(void **state)
{
	struct acpi_ioapic io[ACPI_MAX_IOAPICS];
	uint32_t n;

	(void)state;
	at(MADT_AT)[45] = 0; /* would loop forever if accepted */
	assert_int_equal(acpi_madt_ioapics(at(MADT_AT), 86, io, &n), ACPI_ERR_ENTRY);
	assert_int_equal(n, 0);
}

static void test_madt_entry_overrun(void **state)
{
	struct acpi_ioapic io[ACPI_MAX_IOAPICS];
	uint32_t n;

	(void)state;
	at(MADT_AT)[77] = 11; /* the last entry runs one byte past the table */
	assert_int_equal(acpi_madt_ioapics(at(MADT_AT), 86, io, &n), ACPI_ERR_ENTRY);
	at(MADT_AT)[77] = 10;
	at(MADT_AT)[53] = 8; /* an I/O APIC entry too short for its fields */
	assert_int_equal(acpi_madt_ioapics(at(MADT_AT), 86, io, &n), ACPI_ERR_ENTRY);
	/* A lone trailing byte is not an entry. */
	assert_int_equal(acpi_madt_ioapics(at(MADT_AT), 87, io, &n), ACPI_ERR_ENTRY);
	assert_int_equal(acpi_madt_ioapics(at(MADT_AT), 40, io, &n), ACPI_ERR_LENGTH);
}

static void test_madt_too_many(void **state)
{
	static uint8_t madt[44 + 12 * (ACPI_MAX_IOAPICS + 1)];
	struct acpi_ioapic io[ACPI_MAX_IOAPICS];
	uint32_t n;

	(void)state;
	for (unsigned i = 0; i <= ACPI_MAX_IOAPICS; i++)
		add_ioapic(madt + 44 + 12 * i, (uint8_t)i, 0xFEC00000 + 0x1000 * i, 24 * i);
	assert_int_equal(acpi_madt_ioapics(madt, sizeof(madt), io, &n), ACPI_ERR_TOO_MANY);
	assert_int_equal(acpi_madt_ioapics(madt, sizeof(madt) - 12, io, &n), ACPI_OK);
	assert_int_equal(n, ACPI_MAX_IOAPICS);
}

static void test_err_names(void **state)
{
	(void)state;
	assert_string_equal(acpi_err_name(ACPI_OK), "OK");
	assert_string_equal(acpi_err_name(ACPI_ERR_CHECKSUM), "CHECKSUM");
	assert_string_equal(acpi_err_name((enum acpi_err)99), "UNKNOWN");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_xsdt_finds_madt, setup),
	    cmocka_unit_test_setup(test_rsdt_for_acpi1, setup),
	    cmocka_unit_test_setup(test_not_found, setup),
	    cmocka_unit_test_setup(test_root_checksum, setup),
	    cmocka_unit_test_setup(test_root_signature, setup),
	    cmocka_unit_test_setup(test_root_unreadable, setup),
	    cmocka_unit_test_setup(test_madt_checksum, setup),
	    cmocka_unit_test_setup(test_madt_length, setup),
	    cmocka_unit_test_setup(test_unreadable_entry_skipped, setup),
	    cmocka_unit_test_setup(test_madt_entry_length_zero, setup),
	    cmocka_unit_test_setup(test_madt_entry_overrun, setup),
	    cmocka_unit_test_setup(test_madt_too_many, setup),
	    cmocka_unit_test(test_err_names),
	};

	return cmocka_run_group_tests_name("acpi", tests, NULL, NULL);
}
