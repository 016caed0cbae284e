/* Host tests for kernel/acpi.c: a fake physical space holds an RSDP's
 * XSDT (or RSDT), a FACP and a MADT; the walk must find the MADT's I/O
 * APICs, and refuse every broken table (checksum, length, signature,
 * unreadable, malformed entries) without reading outside what the reader
 * allows. The READ_ACPI_QWORDS window check gets one breaking case per
 * rule (RSDP, root, table, window), its edges, loops, duplicates,
 * overlaps and the DSDT; then MCFG and HPET. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "acpi.h"
#include "seed.h"

#define PHYS_BASE 0x7F000000ull
#define PHYS_SIZE 0x4000u
#define XSDT_AT   (PHYS_BASE + 0x000)
#define FACP_AT   (PHYS_BASE + 0x400)
#define MADT_AT   (PHYS_BASE + 0x800)
#define RSDT_AT   (PHYS_BASE + 0xC00)

static uint8_t phys[PHYS_SIZE];
static uint8_t rsdp[36];
static uint64_t readable_end;     /* reads at or past this fail */
static uint64_t hole_lo, hole_hi; /* and so do reads touching [hole_lo, hole_hi) */
static unsigned maps;             /* reader calls */
static uint64_t count_pa, count_len;
static unsigned counted; /* reader calls for exactly (count_pa, count_len) */

static const void *fake_map(void *ctx, uint64_t pa, uint64_t len)
{
	(void)ctx;
	maps++;
	if (pa == count_pa && len == count_len)
		counted++;
	if (pa < PHYS_BASE || pa + len > readable_end || pa + len < pa)
		return NULL;
	if (pa < hole_hi && hole_lo < pa + len)
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
	hole_lo = hole_hi = 0;
	maps = counted = 0;
	count_pa = count_len = 0;
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

/* ------------------------------------------------- READ_ACPI_QWORDS */

/* The window fixture: the RSDP (revision 2) in physical memory, an XSDT
 * naming FACP, MADT and two adjacent SSDTs, a 244-byte FACP naming a DSDT
 * (X_DSDT and DSDT) and a FACS; the RSDT names FACP and MADT. */
#define RSDP_AT  (PHYS_BASE + 0x1000)
#define DSDT_AT  (PHYS_BASE + 0x1400)
#define SSDTA_AT (PHYS_BASE + 0x1800)
#define SSDTB_AT (PHYS_BASE + 0x1840) /* right after SSDT A's 64 bytes */
#define FACS_AT  (PHYS_BASE + 0x1C00)
#define T2_AT    (MADT_AT + 40) /* overlapping_tables: inside the MADT's tail and past it */
#define XSDT_LEN (36 + 4 * 8)
#define MADT_LEN 86
#define FACP_LEN 244
#define DSDT_LEN 100
#define SSDT_LEN 64

static void seal_rsdp(uint64_t pa)
{
	uint8_t *r = at(pa), sum = 0;

	r[8] = 0;
	for (int i = 0; i < 20; i++)
		sum = (uint8_t)(sum + r[i]);
	r[8] = (uint8_t)-sum;
	if (r[15] >= 2) {
		r[32] = 0;
		sum = 0;
		for (int i = 0; i < 36; i++)
			sum = (uint8_t)(sum + r[i]);
		r[32] = (uint8_t)-sum;
	}
}

static void put_rsdp(uint64_t pa, uint8_t revision)
{
	uint8_t *r = at(pa);

	memcpy(r, "RSD PTR ", 8);
	r[15] = revision;
	put32(r + 16, (uint32_t)RSDT_AT);
	put32(r + 20, 36);
	put64(r + 24, XSDT_AT);
	seal_rsdp(pa);
}

static int wsetup(void **state)
{
	setup(state);
	header(XSDT_AT, "XSDT", XSDT_LEN);
	put64(at(XSDT_AT) + 36, FACP_AT);
	put64(at(XSDT_AT) + 44, MADT_AT);
	put64(at(XSDT_AT) + 52, SSDTA_AT);
	put64(at(XSDT_AT) + 60, SSDTB_AT);
	seal(XSDT_AT);
	header(FACP_AT, "FACP", FACP_LEN);
	put32(at(FACP_AT) + 36, (uint32_t)FACS_AT);
	put32(at(FACP_AT) + 40, (uint32_t)DSDT_AT);
	put64(at(FACP_AT) + 140, DSDT_AT);
	seal(FACP_AT);
	header(DSDT_AT, "DSDT", DSDT_LEN);
	seal(DSDT_AT);
	header(SSDTA_AT, "SSDT", SSDT_LEN);
	seal(SSDTA_AT);
	header(SSDTB_AT, "SSDT", SSDT_LEN);
	seal(SSDTB_AT);
	memcpy(at(FACS_AT), "FACS", 4);
	put32(at(FACS_AT) + 4, 64);
	put_rsdp(RSDP_AT, 2);
	return 0;
}

static enum acpi_err win(uint64_t pa, uint64_t len)
{
	return acpi_window_ok(&reader, RSDP_AT, pa, len);
}

/* The window must lie wholly inside: first byte, last qword, one past. */
static void test_win_rsdp_edges(void **state)
{
	(void)state;
	assert_int_equal(win(RSDP_AT, 8), ACPI_OK);
	assert_int_equal(win(RSDP_AT, 32), ACPI_OK);
	assert_int_equal(win(RSDP_AT + 28, 8), ACPI_OK);
	assert_int_equal(win(RSDP_AT + 29, 8), ACPI_ERR_OUTSIDE);
	assert_int_equal(win(RSDP_AT + 36, 8), ACPI_ERR_OUTSIDE);
	assert_int_equal(win(RSDP_AT - 1, 8), ACPI_ERR_OUTSIDE);
}

static void test_win_rsdp_unreadable(void **state)
{
	(void)state;
	assert_int_equal(acpi_window_ok(&reader, 0x1000, RSDP_AT, 8), ACPI_ERR_RSDP_UNREADABLE);
	/* The first 20 bytes readable, the extended part not. */
	hole_lo = RSDP_AT + 30;
	hole_hi = RSDP_AT + 31;
	assert_int_equal(win(RSDP_AT, 8), ACPI_ERR_RSDP_UNREADABLE);
}

static void test_win_rsdp_signature(void **state)
{
	(void)state;
	at(RSDP_AT)[4] = 'X';
	seal_rsdp(RSDP_AT);
	assert_int_equal(win(RSDP_AT, 8), ACPI_ERR_RSDP_SIGNATURE);
}

/* The first 20 bytes off by one, the whole 36 still summing to 0. */
static void test_win_rsdp_checksum(void **state)
{
	(void)state;
	at(RSDP_AT)[8]++;
	at(RSDP_AT)[32]--;
	assert_int_equal(win(RSDP_AT, 8), ACPI_ERR_RSDP_CHECKSUM);
}

static void test_win_rsdp_length(void **state)
{
	(void)state;
	put32(at(RSDP_AT) + 20, 35);
	seal_rsdp(RSDP_AT);
	assert_int_equal(win(RSDP_AT, 8), ACPI_ERR_RSDP_LENGTH);
	put32(at(RSDP_AT) + 20, ACPI_RSDP_MAX + 1);
	seal_rsdp(RSDP_AT);
	assert_int_equal(win(RSDP_AT, 8), ACPI_ERR_RSDP_LENGTH);
	/* A longer RSDP (bytes 36..39 are 0, so the sum holds) is one RSDP. */
	put32(at(RSDP_AT) + 20, 40);
	seal_rsdp(RSDP_AT);
	assert_int_equal(win(RSDP_AT + 32, 8), ACPI_OK);
}

static void test_win_rsdp_xchecksum(void **state)
{
	(void)state;
	at(RSDP_AT)[33] ^= 1;
	assert_int_equal(win(RSDP_AT, 8), ACPI_ERR_RSDP_XCHECKSUM);
}

/* Revision 0: 20 bytes, the RSDT is the root, the XSDT field is garbage
 * (here it even names the real XSDT, which is then no root at all). */
static void test_win_rsdp_rev0(void **state)
{
	(void)state;
	at(RSDP_AT)[15] = 0;
	put32(at(RSDP_AT) + 20, 0xFFFFFFFF);
	put64(at(RSDP_AT) + 24, XSDT_AT);
	seal_rsdp(RSDP_AT);
	assert_int_equal(win(RSDP_AT + 12, 8), ACPI_OK);
	assert_int_equal(win(RSDP_AT + 13, 8), ACPI_ERR_OUTSIDE);
	assert_int_equal(win(RSDP_AT + 20, 8), ACPI_ERR_OUTSIDE);
	assert_int_equal(win(RSDT_AT, 8), ACPI_OK);
	assert_int_equal(win(MADT_AT, 8), ACPI_OK);
	assert_int_equal(win(XSDT_AT, 8), ACPI_ERR_OUTSIDE);
	assert_int_equal(win(SSDTA_AT, 8), ACPI_ERR_OUTSIDE); /* named by the XSDT only */
}

static void test_win_root_edges(void **state)
{
	(void)state;
	assert_int_equal(win(XSDT_AT, 8), ACPI_OK);
	assert_int_equal(win(XSDT_AT + XSDT_LEN - 8, 8), ACPI_OK);
	assert_int_equal(win(XSDT_AT + XSDT_LEN - 4, 8), ACPI_ERR_OUTSIDE);
	/* Revision 2: the RSDT is not the root, and the XSDT does not name it. */
	assert_int_equal(win(RSDT_AT, 8), ACPI_ERR_OUTSIDE);
}

/* A broken root refuses every window but the RSDP's, with the root's rule. */
static void test_win_root_broken(void **state)
{
	(void)state;
	at(XSDT_AT)[40] ^= 1;
	assert_int_equal(win(MADT_AT, 8), ACPI_ERR_CHECKSUM);
	assert_int_equal(win(RSDP_AT, 8), ACPI_OK);
	wsetup(state);
	memcpy(at(XSDT_AT), "XSDX", 4);
	seal(XSDT_AT);
	assert_int_equal(win(MADT_AT, 8), ACPI_ERR_SIGNATURE);
	wsetup(state);
	put32(at(XSDT_AT) + 4, 20);
	seal(XSDT_AT);
	assert_int_equal(win(MADT_AT, 8), ACPI_ERR_LENGTH);
	wsetup(state);
	put64(at(RSDP_AT) + 24, 0x2000);
	seal_rsdp(RSDP_AT);
	assert_int_equal(win(MADT_AT, 8), ACPI_ERR_ROOT);
}

static void test_win_table_edges(void **state)
{
	(void)state;
	assert_int_equal(win(MADT_AT, 8), ACPI_OK);
	assert_int_equal(win(MADT_AT + MADT_LEN - 8, 8), ACPI_OK);
	assert_int_equal(win(MADT_AT + MADT_LEN - 7, 8), ACPI_ERR_OUTSIDE);
	assert_int_equal(win(MADT_AT + MADT_LEN - 8, 16), ACPI_ERR_OUTSIDE);
	assert_int_equal(win(MADT_AT - 1, 8), ACPI_ERR_OUTSIDE);
	assert_int_equal(win(MADT_AT, MADT_LEN), ACPI_OK);
	assert_int_equal(win(0x1000, 8), ACPI_ERR_OUTSIDE);
	assert_int_equal(win(PHYS_BASE + 0x3000, 8), ACPI_ERR_OUTSIDE);
}

static void test_win_adjacent_tables(void **state)
{
	(void)state;
	assert_int_equal(win(SSDTA_AT + SSDT_LEN - 8, 8), ACPI_OK);
	assert_int_equal(win(SSDTB_AT, 8), ACPI_OK);
	assert_int_equal(win(SSDTA_AT + SSDT_LEN - 4, 8), ACPI_ERR_OUTSIDE);
	assert_int_equal(win(SSDTA_AT, 2 * SSDT_LEN), ACPI_ERR_OUTSIDE);
}

static void test_win_table_checksum(void **state)
{
	(void)state;
	at(MADT_AT)[60] ^= 0x40;
	assert_int_equal(win(MADT_AT, 8), ACPI_ERR_CHECKSUM);
	assert_int_equal(win(MADT_AT + 60, 8), ACPI_ERR_CHECKSUM);
	assert_int_equal(win(FACP_AT, 8), ACPI_OK); /* the other tables stay readable */
	assert_int_equal(win(MADT_AT + MADT_LEN - 4, 8), ACPI_ERR_OUTSIDE);
}

/* A length past what may be read, below a header, or huge. */
static void test_win_table_length(void **state)
{
	(void)state;
	hole_lo = MADT_AT + 80;
	hole_hi = MADT_AT + 81;
	assert_int_equal(win(MADT_AT, 8), ACPI_ERR_LENGTH);
	hole_lo = hole_hi = 0;
	put32(at(MADT_AT) + 4, 20);
	seal(MADT_AT);
	assert_int_equal(win(MADT_AT, 8), ACPI_ERR_LENGTH);
	assert_int_equal(win(MADT_AT + 40, 8), ACPI_ERR_OUTSIDE);
	put32(at(MADT_AT) + 4, ACPI_MAX_TABLE_SIZE + 1);
	assert_int_equal(win(MADT_AT + 28, 8), ACPI_ERR_LENGTH);
	/* Past the end of the fake memory altogether. */
	put32(at(MADT_AT) + 4, PHYS_SIZE); /* refused before any checksum */
	assert_int_equal(win(MADT_AT, 8), ACPI_ERR_LENGTH);
}

/* An XSDT naming itself is one more table, never walked again. */
static void test_win_xsdt_self(void **state)
{
	(void)state;
	put64(at(XSDT_AT) + 60, XSDT_AT);
	seal(XSDT_AT);
	assert_int_equal(win(XSDT_AT + 8, 8), ACPI_OK);
	assert_int_equal(win(MADT_AT, 8), ACPI_OK);
	assert_int_equal(win(SSDTB_AT, 8), ACPI_ERR_OUTSIDE);
	assert_true(maps < 64);
}

/* A table named three times is checked once. */
static void test_win_duplicates(void **state)
{
	(void)state;
	put64(at(XSDT_AT) + 52, MADT_AT);
	put64(at(XSDT_AT) + 60, MADT_AT);
	seal(XSDT_AT);
	at(MADT_AT)[60] ^= 1;
	count_pa = MADT_AT;
	count_len = MADT_LEN;
	assert_int_equal(win(MADT_AT + 8, 8), ACPI_ERR_CHECKSUM);
	assert_int_equal(counted, 1);
	at(MADT_AT)[60] ^= 1;
	assert_int_equal(win(MADT_AT + 8, 8), ACPI_OK);
}

/* An RSDT whose entry names the XSDT: a table like any other, whose own
 * entries are not walked. */
static void test_win_rsdt_names_xsdt(void **state)
{
	(void)state;
	put32(at(RSDT_AT) + 40, (uint32_t)XSDT_AT);
	seal(RSDT_AT);
	at(RSDP_AT)[15] = 0;
	seal_rsdp(RSDP_AT);
	assert_int_equal(win(XSDT_AT + 36, 8), ACPI_OK);
	assert_int_equal(win(XSDT_AT + XSDT_LEN - 4, 8), ACPI_ERR_OUTSIDE);
	assert_int_equal(win(MADT_AT, 8), ACPI_ERR_OUTSIDE); /* only the XSDT names it now */
	assert_int_equal(win(SSDTA_AT, 8), ACPI_ERR_OUTSIDE);
}

/* T2 starts inside the MADT and ends past it, both checksum-valid. */
static void test_win_overlapping_tables(void **state)
{
	(void)state;
	put64(at(XSDT_AT) + 52, T2_AT);
	seal(XSDT_AT);
	header(T2_AT, "SSDT", SSDT_LEN);
	seal(T2_AT);
	seal(MADT_AT);                                           /* its byte 9 lies before T2 */
	assert_int_equal(win(T2_AT + 8, 8), ACPI_OK);            /* in both */
	assert_int_equal(win(MADT_AT, 8), ACPI_OK);              /* in the MADT alone */
	assert_int_equal(win(T2_AT + SSDT_LEN - 8, 8), ACPI_OK); /* in T2 alone */
	assert_int_equal(win(MADT_AT, T2_AT + SSDT_LEN - MADT_AT), ACPI_ERR_OUTSIDE);
	at(T2_AT)[60] ^= 1; /* past the MADT's end: T2 alone is broken */
	assert_int_equal(win(T2_AT + 8, 8), ACPI_OK);
	assert_int_equal(win(T2_AT + SSDT_LEN - 8, 8), ACPI_ERR_CHECKSUM);
}

static void test_win_dsdt(void **state)
{
	(void)state;
	assert_int_equal(win(DSDT_AT, 8), ACPI_OK);
	assert_int_equal(win(DSDT_AT + DSDT_LEN - 8, 8), ACPI_OK);
	assert_int_equal(win(DSDT_AT + DSDT_LEN - 4, 8), ACPI_ERR_OUTSIDE);
	/* X_DSDT 0: the 32-bit field names it. */
	put64(at(FACP_AT) + 140, 0);
	seal(FACP_AT);
	assert_int_equal(win(DSDT_AT, 8), ACPI_OK);
	/* An ACPI 1.0 FADT, too short for X_DSDT, whatever lies past it. */
	put64(at(FACP_AT) + 140, 0x1234);
	put32(at(FACP_AT) + 4, 116);
	seal(FACP_AT);
	assert_int_equal(win(DSDT_AT, 8), ACPI_OK);
	at(DSDT_AT)[50] ^= 1;
	assert_int_equal(win(DSDT_AT, 8), ACPI_ERR_CHECKSUM);
}

/* Only a checksum-valid FADT is followed to its DSDT. */
static void test_win_dsdt_bad_fadt(void **state)
{
	(void)state;
	at(FACP_AT)[100] ^= 1;
	assert_int_equal(win(DSDT_AT, 8), ACPI_ERR_OUTSIDE);
	assert_int_equal(win(FACP_AT, 8), ACPI_ERR_CHECKSUM);
}

/* The FACS has no checksum: never inside. */
static void test_win_facs(void **state)
{
	(void)state;
	assert_int_equal(win(FACS_AT, 8), ACPI_ERR_OUTSIDE);
}

static void test_win_size(void **state)
{
	(void)state;
	assert_int_equal(win(MADT_AT, 0), ACPI_ERR_WINDOW_SIZE);
	assert_int_equal(win(UINT64_MAX - 3, 8), ACPI_ERR_WINDOW_SIZE);
}

/* More root entries than ACPI_MAX_ROOT_ITEMS: only that many are read. */
static void test_win_bounded(void **state)
{
	const uint64_t big = PHYS_BASE + 0x2000; /* room for the long root */
	uint32_t n = ACPI_MAX_ROOT_ITEMS + 44;

	(void)state;
	header(big, "XSDT", 36 + 8 * n);
	for (uint32_t i = 0; i < n; i++)
		put64(at(big) + 36 + 8 * i, 0x10000 + 0x1000 * i); /* unreadable */
	put64(at(big) + 36 + 8 * (n - 1), MADT_AT);                /* past the bound */
	seal(big);
	put64(at(RSDP_AT) + 24, big);
	seal_rsdp(RSDP_AT);
	maps = 0;
	assert_int_equal(win(MADT_AT, 8), ACPI_ERR_OUTSIDE);
	/* RSDP (3: its first 20 bytes, its length field, all of it), root
	 * (2), each entry's header once for the window and once in the FADT
	 * search. */
	assert_true(maps <= 5 + 2 * ACPI_MAX_ROOT_ITEMS);
	assert_int_equal(win(big + 36 + 8 * (n - 1), 8), ACPI_OK); /* the root itself */
}

static void test_win_deterministic(void **state)
{
	(void)state;
	at(MADT_AT)[60] ^= 1;
	for (int i = 0; i < 3; i++) {
		assert_int_equal(win(MADT_AT, 8), ACPI_ERR_CHECKSUM);
		assert_int_equal(win(FACP_AT, 8), ACPI_OK);
	}
}

static void test_walk_ranges(void **state)
{
	uint64_t base[ACPI_MAX_WALK_RANGES], len[ACPI_MAX_WALK_RANGES];
	const uint64_t want_base[] = {RSDP_AT,  XSDT_AT,  FACP_AT, MADT_AT,
	                              SSDTA_AT, SSDTB_AT, DSDT_AT};
	const uint64_t want_len[] = {36,       XSDT_LEN, FACP_LEN, MADT_LEN,
	                             SSDT_LEN, SSDT_LEN, DSDT_LEN};

	(void)state;
	assert_int_equal(acpi_walk_ranges(&reader, RSDP_AT, base, len), 7);
	for (int i = 0; i < 7; i++) {
		assert_int_equal(base[i], want_base[i]);
		assert_int_equal(len[i], want_len[i]);
	}
	/* A table whose length cannot be read: its header alone. */
	hole_lo = MADT_AT + 80;
	hole_hi = MADT_AT + 81;
	assert_int_equal(acpi_walk_ranges(&reader, RSDP_AT, base, len), 7);
	assert_int_equal(len[3], 36);
	/* No valid RSDP: nothing. */
	assert_int_equal(acpi_walk_ranges(&reader, 0x1000, base, len), 0);
}

/* Every range the window check asks for lies inside a walk range: what
 * the kernel maps at boot is all it ever reads. */
static const uint64_t *ok_base, *ok_len;
static uint32_t ok_n;
static const void *walk_only_map(void *ctx, uint64_t pa, uint64_t len)
{
	for (uint32_t i = 0; i < ok_n; i++)
		if (pa >= ok_base[i] && pa + len <= ok_base[i] + ok_len[i])
			return fake_map(ctx, pa, len);
	fail_msg("read outside the walk ranges: 0x%llx+%llu", (unsigned long long)pa,
	         (unsigned long long)len);
	return NULL;
}

static void test_walk_ranges_cover_window_reads(void **state)
{
	uint64_t base[ACPI_MAX_WALK_RANGES], len[ACPI_MAX_WALK_RANGES];
	const struct acpi_reader only = {walk_only_map, NULL};
	const uint64_t probes[] = {RSDP_AT,  XSDT_AT, FACP_AT, MADT_AT, SSDTA_AT,
	                           SSDTB_AT, DSDT_AT, FACS_AT, 0x1000,  MADT_AT + 80};

	(void)state;
	ok_n = acpi_walk_ranges(&reader, RSDP_AT, base, len);
	ok_base = base;
	ok_len = len;
	for (size_t i = 0; i < sizeof(probes) / sizeof(probes[0]); i++)
		assert_int_equal(acpi_window_ok(&only, RSDP_AT, probes[i], 8), win(probes[i], 8));
}

/* A reader that hands out a copy of exactly the bytes asked for: ASan
 * reports any read past what the walk mapped (the RSDP's length field,
 * past its first 20 bytes, was once read that way). */
static void *copies[1024];
static unsigned ncopies;
static const void *copy_map(void *ctx, uint64_t pa, uint64_t len)
{
	const uint8_t *p = fake_map(ctx, pa, len);
	void *c;

	if (!p || ncopies == 1024)
		return NULL;
	c = malloc(len);
	memcpy(c, p, len);
	copies[ncopies++] = c;
	return c;
}

static void test_win_reads_only_what_it_maps(void **state)
{
	const struct acpi_reader exact = {copy_map, NULL};
	const uint64_t probes[] = {RSDP_AT,  RSDP_AT + 28, XSDT_AT, FACP_AT, MADT_AT,
	                           SSDTA_AT, SSDTB_AT,     DSDT_AT, FACS_AT, 0x1000};
	uint64_t base[ACPI_MAX_WALK_RANGES], len[ACPI_MAX_WALK_RANGES];

	(void)state;
	for (size_t i = 0; i < sizeof(probes) / sizeof(probes[0]); i++)
		assert_int_equal(acpi_window_ok(&exact, RSDP_AT, probes[i], 8), win(probes[i], 8));
	assert_int_equal(acpi_walk_ranges(&exact, RSDP_AT, base, len), 7);
	while (ncopies)
		free(copies[--ncopies]);
}

/* ---------------------------------------------------------- MCFG, HPET */

static uint8_t mcfg[44 + 32];

static void mcfg_alloc(unsigned i, uint64_t base, uint16_t seg, uint8_t start, uint8_t end)
{
	uint8_t *e = mcfg + 44 + 16 * i;

	put64(e, base);
	e[8] = (uint8_t)seg;
	e[9] = (uint8_t)(seg >> 8);
	e[10] = start;
	e[11] = end;
}

static void test_mcfg(void **state)
{
	struct acpi_ecam ecam = {0, 0, 0, 0, 0};

	(void)state;
	memset(mcfg, 0, sizeof(mcfg));
	mcfg_alloc(0, 0xC0000000, 1, 0, 255); /* another segment: skipped */
	mcfg_alloc(1, 0xB0000000, 0, 0, 127);
	assert_int_equal(acpi_mcfg_ecam(mcfg, sizeof(mcfg), &ecam), ACPI_OK);
	assert_int_equal(ecam.base, 0xB0000000);
	assert_int_equal(ecam.bus_start, 0);
	assert_int_equal(ecam.bus_end, 127);
	assert_int_equal(ecam.window_base, 0xB0000000);
	assert_int_equal(ecam.window_len, 128u << 20);
	mcfg_alloc(1, 0xB0000000, 0, 16, 31); /* bus 16's space is 16 MiB in */
	assert_int_equal(acpi_mcfg_ecam(mcfg, sizeof(mcfg), &ecam), ACPI_OK);
	assert_int_equal(ecam.window_base, 0xB1000000);
	assert_int_equal(ecam.window_len, 16u << 20);
	assert_int_equal(acpi_mcfg_ecam(mcfg, 44 + 16, &ecam), ACPI_ERR_NOT_FOUND);
	assert_int_equal(acpi_mcfg_ecam(mcfg, 44 + 15, &ecam), ACPI_ERR_LENGTH);
	/* A trailing partial entry is not an entry. */
	assert_int_equal(acpi_mcfg_ecam(mcfg, 44 + 16 + 15, &ecam), ACPI_ERR_NOT_FOUND);
}

static void test_mcfg_bad_entry(void **state)
{
	struct acpi_ecam ecam;

	(void)state;
	memset(mcfg, 0, sizeof(mcfg));
	mcfg_alloc(0, 0xB0000000, 0, 8, 7);
	assert_int_equal(acpi_mcfg_ecam(mcfg, 60, &ecam), ACPI_ERR_ENTRY);
	mcfg_alloc(0, 0xB0080000, 0, 0, 7); /* not 1 MiB aligned */
	assert_int_equal(acpi_mcfg_ecam(mcfg, 60, &ecam), ACPI_ERR_ENTRY);
	mcfg_alloc(0, 0xFFFFFFFFFFF00000ull, 0, 0, 1); /* wraps */
	assert_int_equal(acpi_mcfg_ecam(mcfg, 60, &ecam), ACPI_ERR_ENTRY);
}

static void test_hpet(void **state)
{
	uint8_t hpet[56];
	uint64_t base = 0;

	(void)state;
	memset(hpet, 0, sizeof(hpet));
	put64(hpet + 44, 0xFED00000);
	assert_int_equal(acpi_hpet_base(hpet, 56, &base), ACPI_OK);
	assert_int_equal(base, 0xFED00000);
	assert_int_equal(acpi_hpet_base(hpet, 55, &base), ACPI_ERR_LENGTH);
	hpet[40] = 1; /* system I/O space */
	assert_int_equal(acpi_hpet_base(hpet, 56, &base), ACPI_ERR_SPACE);
	hpet[40] = 0;
	put64(hpet + 44, 0);
	assert_int_equal(acpi_hpet_base(hpet, 56, &base), ACPI_ERR_ENTRY);
}

static int overlaps_device_seed(const struct seed_set *set, uint64_t base, uint64_t len)
{
	for (uint32_t i = 0; i < set->count; i++) {
		const struct seed *sd = &set->seeds[i];

		if (sd->is_device && sd->base < base + len &&
		    base < sd->base + (1ull << sd->size_bits))
			return 1;
	}
	return 0;
}

/* The ECAM window and the HPET page, passed to seed derivation as the
 * kernel's own reservations (platform_find_mmio -> boot_memory), are never
 * device untyped; without them both would be. */
static void test_ecam_hpet_never_device_untyped(void **state)
{
	static struct seed_set set;
	struct seed_range resv[SEED_MAX_RESERVATIONS], extra[2];
	const struct erix_mem_entry map[] = {
	    {0x100000, 0xFF00000, ERIX_MEM_USABLE, 0},
	    {0xFFC00000, 0x400000, ERIX_MEM_MMIO, 0},
	};
	uint8_t hpet[56] = {0};
	struct acpi_ecam ecam;
	uint64_t hpet_base;
	uint32_t n;

	(void)state;
	memset(mcfg, 0, sizeof(mcfg));
	mcfg_alloc(0, 0xB0000000, 0, 0, 255);
	put64(hpet + 44, 0xFED00000);
	assert_int_equal(acpi_mcfg_ecam(mcfg, 60, &ecam), ACPI_OK);
	assert_int_equal(acpi_hpet_base(hpet, sizeof(hpet), &hpet_base), ACPI_OK);
	extra[0].base = ecam.window_base;
	extra[0].length = ecam.window_len;
	extra[1].base = hpet_base;
	extra[1].length = 4096;
	assert_int_equal(seed_reservations(map, 2, NULL, 0, resv, &n), SEED_OK);
	assert_int_equal(seed_derive(map, 2, resv, n, 36, &set), SEED_OK);
	assert_true(overlaps_device_seed(&set, ecam.window_base, ecam.window_len));
	assert_true(overlaps_device_seed(&set, hpet_base, 4096));
	assert_int_equal(seed_reservations(map, 2, extra, 2, resv, &n), SEED_OK);
	assert_int_equal(seed_derive(map, 2, resv, n, 36, &set), SEED_OK);
	assert_false(overlaps_device_seed(&set, ecam.window_base, ecam.window_len));
	assert_false(overlaps_device_seed(&set, hpet_base, 4096));
	/* The space between them is still device untyped. */
	assert_true(overlaps_device_seed(&set, 0xC0000000, 4096));
}

static void test_err_names(void **state)
{
	(void)state;
	assert_string_equal(acpi_err_name(ACPI_OK), "OK");
	assert_string_equal(acpi_err_name(ACPI_ERR_CHECKSUM), "CHECKSUM");
	assert_string_equal(acpi_err_name(ACPI_ERR_RSDP_XCHECKSUM), "RSDP_XCHECKSUM");
	assert_string_equal(acpi_err_name(ACPI_ERR_OUTSIDE), "OUTSIDE");
	assert_string_equal(acpi_err_name(ACPI_ERR_SPACE), "SPACE");
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
	    cmocka_unit_test_setup(test_win_rsdp_edges, wsetup),
	    cmocka_unit_test_setup(test_win_rsdp_unreadable, wsetup),
	    cmocka_unit_test_setup(test_win_rsdp_signature, wsetup),
	    cmocka_unit_test_setup(test_win_rsdp_checksum, wsetup),
	    cmocka_unit_test_setup(test_win_rsdp_length, wsetup),
	    cmocka_unit_test_setup(test_win_rsdp_xchecksum, wsetup),
	    cmocka_unit_test_setup(test_win_rsdp_rev0, wsetup),
	    cmocka_unit_test_setup(test_win_root_edges, wsetup),
	    cmocka_unit_test_setup(test_win_root_broken, wsetup),
	    cmocka_unit_test_setup(test_win_table_edges, wsetup),
	    cmocka_unit_test_setup(test_win_adjacent_tables, wsetup),
	    cmocka_unit_test_setup(test_win_table_checksum, wsetup),
	    cmocka_unit_test_setup(test_win_table_length, wsetup),
	    cmocka_unit_test_setup(test_win_xsdt_self, wsetup),
	    cmocka_unit_test_setup(test_win_duplicates, wsetup),
	    cmocka_unit_test_setup(test_win_rsdt_names_xsdt, wsetup),
	    cmocka_unit_test_setup(test_win_overlapping_tables, wsetup),
	    cmocka_unit_test_setup(test_win_dsdt, wsetup),
	    cmocka_unit_test_setup(test_win_dsdt_bad_fadt, wsetup),
	    cmocka_unit_test_setup(test_win_facs, wsetup),
	    cmocka_unit_test_setup(test_win_size, wsetup),
	    cmocka_unit_test_setup(test_win_bounded, wsetup),
	    cmocka_unit_test_setup(test_win_deterministic, wsetup),
	    cmocka_unit_test_setup(test_walk_ranges, wsetup),
	    cmocka_unit_test_setup(test_walk_ranges_cover_window_reads, wsetup),
	    cmocka_unit_test_setup(test_win_reads_only_what_it_maps, wsetup),
	    cmocka_unit_test(test_mcfg),
	    cmocka_unit_test(test_mcfg_bad_entry),
	    cmocka_unit_test(test_hpet),
	    cmocka_unit_test(test_ecam_hpet_never_device_untyped),
	    cmocka_unit_test(test_err_names),
	};

	return cmocka_run_group_tests_name("acpi", tests, NULL, NULL);
}
