/* Host tests for kernel/acpi.c's MADT parsers: the processors
 * (acpi_madt_cpus) and the interrupt source overrides (acpi_madt_isa_irqs):
 * the ISA defaults, each override field, entries for other buses or
 * out-of-range IRQs ignored, and every malformed entry refused. The
 * table's header and checksum are the walk's business (test_acpi.c); these
 * parsers see a table that passed it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "acpi.h"

#define MADT_ENTRIES 44 /* header (36) + LAPIC address + flags */

static uint8_t madt[256];
static uint32_t madt_len;

static void start(void)
{
	memset(madt, 0, sizeof(madt));
	madt_len = MADT_ENTRIES;
}

/* Type 2: bus, source IRQ, GSI, MPS INTI flags. */
static void add_override(uint8_t bus, uint8_t irq, uint32_t gsi, uint16_t flags)
{
	uint8_t *e = madt + madt_len;

	e[0] = 2;
	e[1] = 10;
	e[2] = bus;
	e[3] = irq;
	memcpy(e + 4, &gsi, 4);
	memcpy(e + 8, &flags, 2);
	madt_len += 10;
}

static void add_raw(uint8_t type, uint8_t len)
{
	madt[madt_len] = type;
	madt[madt_len + 1] = len;
	madt_len += len < 2 ? 2 : len;
}

static void test_defaults(void **state)
{
	struct acpi_isa_irq out[ACPI_ISA_IRQS];

	(void)state;
	start();
	add_raw(1, 12); /* an I/O APIC entry: not an override */
	assert_int_equal(acpi_madt_isa_irqs(madt, madt_len, out), ACPI_OK);
	for (unsigned i = 0; i < ACPI_ISA_IRQS; i++) {
		assert_int_equal(out[i].gsi, i);
		assert_false(out[i].level);
		assert_false(out[i].active_low);
	}
}

/* QEMU's q35 shape: IRQ 0 -> GSI 2, PCI lines level/active high, and one
 * active-low level line. */
static void test_overrides(void **state)
{
	struct acpi_isa_irq out[ACPI_ISA_IRQS];

	(void)state;
	start();
	add_override(0, 0, 2, 0x0);
	add_override(0, 9, 9, 0xD);   /* level (11b), active high (01b) */
	add_override(0, 10, 20, 0xF); /* level, active low */
	add_override(0, 11, 11, 0x7); /* edge (01b), active low */
	assert_int_equal(acpi_madt_isa_irqs(madt, madt_len, out), ACPI_OK);
	assert_int_equal(out[0].gsi, 2);
	assert_false(out[0].level);
	assert_true(out[9].level);
	assert_false(out[9].active_low);
	assert_int_equal(out[10].gsi, 20);
	assert_true(out[10].level);
	assert_true(out[10].active_low);
	assert_false(out[11].level);
	assert_true(out[11].active_low);
	assert_int_equal(out[1].gsi, 1); /* untouched lines keep the defaults */
	assert_int_equal(out[4].gsi, 4);
}

/* Only ISA (bus 0) sources 0..15 are ISA IRQs: anything else is skipped. */
static void test_ignored(void **state)
{
	struct acpi_isa_irq out[ACPI_ISA_IRQS];

	(void)state;
	start();
	add_override(1, 4, 40, 0xF);
	add_override(0, 16, 41, 0xF);
	add_override(0, 255, 42, 0xF);
	assert_int_equal(acpi_madt_isa_irqs(madt, madt_len, out), ACPI_OK);
	assert_int_equal(out[4].gsi, 4);
	assert_false(out[4].level);
}

static void test_short_table(void **state)
{
	struct acpi_isa_irq out[ACPI_ISA_IRQS];

	(void)state;
	start();
	assert_int_equal(acpi_madt_isa_irqs(madt, MADT_ENTRIES - 1, out), ACPI_ERR_LENGTH);
	assert_int_equal(out[3].gsi, 3); /* defaults even on failure */
}

static void test_short_override(void **state)
{
	struct acpi_isa_irq out[ACPI_ISA_IRQS];

	(void)state;
	start();
	add_raw(2, 9);
	assert_int_equal(acpi_madt_isa_irqs(madt, madt_len, out), ACPI_ERR_ENTRY);
}

static void test_entry_length_zero(void **state)
{
	struct acpi_isa_irq out[ACPI_ISA_IRQS];

	(void)state;
	start();
	add_raw(2, 0);
	assert_int_equal(acpi_madt_isa_irqs(madt, madt_len, out), ACPI_ERR_ENTRY);
}

static void test_entry_overruns(void **state)
{
	struct acpi_isa_irq out[ACPI_ISA_IRQS];

	(void)state;
	start();
	add_override(0, 1, 1, 0);
	assert_int_equal(acpi_madt_isa_irqs(madt, madt_len - 1, out), ACPI_ERR_ENTRY);
}

static void test_trailing_byte(void **state)
{
	struct acpi_isa_irq out[ACPI_ISA_IRQS];

	(void)state;
	start();
	add_override(0, 1, 1, 0);
	assert_int_equal(acpi_madt_isa_irqs(madt, madt_len + 1, out), ACPI_ERR_ENTRY);
}

static void add_lapic(uint8_t apic_id, uint32_t flags)
{
	uint8_t *e = madt + madt_len;

	e[0] = 0;
	e[1] = 8;
	e[2] = apic_id; /* processor UID */
	e[3] = apic_id;
	memcpy(e + 4, &flags, 4);
	madt_len += 8;
}

static void add_x2apic(uint32_t apic_id, uint32_t flags)
{
	uint8_t *e = madt + madt_len;

	memset(e, 0, 16);
	e[0] = 9;
	e[1] = 16;
	memcpy(e + 4, &apic_id, 4);
	memcpy(e + 8, &flags, 4);
	madt_len += 16;
}

/* Enabled xAPIC and x2APIC processors, each ID once; disabled ones and
 * other entries skipped. */
static void test_cpus(void **state)
{
	uint32_t ids[8], n = 99;

	(void)state;
	start();
	add_lapic(0, 1);
	add_lapic(1, 0); /* disabled (or online-capable only) */
	add_raw(1, 12);  /* an I/O APIC */
	add_lapic(2, 1);
	add_x2apic(300, 1);
	add_x2apic(2, 1); /* the same CPU listed in both forms */
	assert_int_equal(acpi_madt_cpus(madt, madt_len, ids, 8, &n), ACPI_OK);
	assert_int_equal(n, 3);
	assert_int_equal(ids[0], 0);
	assert_int_equal(ids[1], 2);
	assert_int_equal(ids[2], 300);
}

static void test_cpus_bounds(void **state)
{
	uint32_t ids[2], n;

	(void)state;
	start();
	add_lapic(0, 1);
	add_lapic(1, 1);
	add_lapic(2, 1);
	assert_int_equal(acpi_madt_cpus(madt, madt_len, ids, 2, &n), ACPI_ERR_TOO_MANY);
	assert_int_equal(n, 2);
	start();
	add_raw(0, 6); /* a processor entry too short for its flags */
	assert_int_equal(acpi_madt_cpus(madt, madt_len, ids, 2, &n), ACPI_ERR_ENTRY);
	start();
	add_raw(9, 12);
	assert_int_equal(acpi_madt_cpus(madt, madt_len, ids, 2, &n), ACPI_ERR_ENTRY);
	assert_int_equal(acpi_madt_cpus(madt, MADT_ENTRIES - 1, ids, 2, &n), ACPI_ERR_LENGTH);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_defaults),       cmocka_unit_test(test_overrides),
	    cmocka_unit_test(test_ignored),        cmocka_unit_test(test_short_table),
	    cmocka_unit_test(test_short_override), cmocka_unit_test(test_entry_length_zero),
	    cmocka_unit_test(test_entry_overruns), cmocka_unit_test(test_trailing_byte),
	    cmocka_unit_test(test_cpus),           cmocka_unit_test(test_cpus_bounds),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
