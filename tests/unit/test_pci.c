/* Host tests for kernel/pci.c: the mechanism choice (ECAM from the MCFG,
 * else the 0xCF8 ports) and READ_PCI_CONFIG_DWORD's decode, one breaking
 * case per bound, each leaving the output untouched; the word decode. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "pci.h"

#define ECAM_BASE 0xB0000000ull

static struct pci_config ecam, ports;

static int setup(void **state)
{
	(void)state;
	pci_select(&ecam, 1, ECAM_BASE, 0, 127);
	pci_select(&ports, 0, ECAM_BASE, 0, 127);
	return 0;
}

static enum erix_err decode(const struct pci_config *c, uint64_t bus, uint64_t dev, uint64_t fn,
                            uint64_t off, struct pci_access *a)
{
	const uint64_t w[4] = {bus, dev, fn, off};

	memset(a, 0xA5, sizeof(*a));
	return pci_decode(c, w, a);
}

static void assert_untouched(const struct pci_access *a)
{
	struct pci_access poison;

	memset(&poison, 0xA5, sizeof(poison));
	assert_memory_equal(a, &poison, sizeof(poison));
}

static void test_select(void **state)
{
	(void)state;
	assert_int_equal(ecam.mech, PCI_MECH_ECAM);
	assert_int_equal(ecam.ecam_base, ECAM_BASE);
	assert_int_equal(ecam.bus_end, 127);
	/* No MCFG: the ports, every bus, whatever else was passed. */
	assert_int_equal(ports.mech, PCI_MECH_PORTS);
	assert_int_equal(ports.ecam_base, 0);
	assert_int_equal(ports.bus_start, 0);
	assert_int_equal(ports.bus_end, 255);
}

static void test_ecam_address(void **state)
{
	struct pci_access a;

	(void)state;
	assert_int_equal(decode(&ecam, 0, 0, 0, 0, &a), ERIX_OK);
	assert_int_equal(a.mech, PCI_MECH_ECAM);
	assert_int_equal(a.ecam_pa, ECAM_BASE);
	assert_int_equal(decode(&ecam, 3, 31, 7, 0xFFC, &a), ERIX_OK);
	assert_int_equal(a.ecam_pa, ECAM_BASE + (3u << 20) + (31u << 15) + (7u << 12) + 0xFFC);
}

static void test_ecam_offset(void **state)
{
	struct pci_access a;

	(void)state;
	assert_int_equal(decode(&ecam, 0, 0, 0, 0x100, &a), ERIX_OK); /* extended space */
	assert_int_equal(decode(&ecam, 0, 0, 0, 0x1000, &a), ERIX_ERR_RANGE);
	assert_untouched(&a);
	assert_int_equal(decode(&ecam, 0, 0, 0, 0x102, &a), ERIX_ERR_INVALID_ARGUMENT);
	assert_untouched(&a);
	assert_int_equal(decode(&ecam, 0, 0, 0, 1, &a), ERIX_ERR_INVALID_ARGUMENT);
	assert_int_equal(decode(&ecam, 0, 0, 0, UINT64_MAX - 3, &a), ERIX_ERR_RANGE);
}

static void test_device_function(void **state)
{
	struct pci_access a;

	(void)state;
	assert_int_equal(decode(&ecam, 0, 32, 0, 0, &a), ERIX_ERR_RANGE);
	assert_untouched(&a);
	assert_int_equal(decode(&ecam, 0, 0, 8, 0, &a), ERIX_ERR_RANGE);
	assert_untouched(&a);
	assert_int_equal(decode(&ports, 0, 32, 0, 0, &a), ERIX_ERR_RANGE);
	assert_int_equal(decode(&ports, 0, 0, 8, 0, &a), ERIX_ERR_RANGE);
	assert_int_equal(decode(&ecam, 0, UINT64_MAX, 0, 0, &a), ERIX_ERR_RANGE);
}

/* Only buses the MCFG decodes: [0, 127] here. */
static void test_ecam_bus_range(void **state)
{
	struct pci_config c;
	struct pci_access a;

	(void)state;
	assert_int_equal(decode(&ecam, 127, 0, 0, 0, &a), ERIX_OK);
	assert_int_equal(decode(&ecam, 128, 0, 0, 0, &a), ERIX_ERR_RANGE);
	assert_untouched(&a);
	assert_int_equal(decode(&ecam, 256, 0, 0, 0, &a), ERIX_ERR_RANGE);
	pci_select(&c, 1, ECAM_BASE, 16, 31);
	assert_int_equal(decode(&c, 15, 0, 0, 0, &a), ERIX_ERR_RANGE);
	assert_int_equal(decode(&c, 16, 0, 0, 0, &a), ERIX_OK);
	/* The MCFG base is bus 0's, even when the range starts later. */
	assert_int_equal(a.ecam_pa, ECAM_BASE + (16u << 20));
	assert_int_equal(decode(&c, 32, 0, 0, 0, &a), ERIX_ERR_RANGE);
}

static void test_ports(void **state)
{
	struct pci_access a;

	(void)state;
	assert_int_equal(decode(&ports, 0, 0, 0, 0, &a), ERIX_OK);
	assert_int_equal(a.mech, PCI_MECH_PORTS);
	assert_int_equal(a.port_address, 0x80000000u);
	assert_int_equal(decode(&ports, 255, 31, 7, 0xFC, &a), ERIX_OK);
	assert_int_equal(a.port_address, 0x80000000u | 255u << 16 | 31u << 11 | 7u << 8 | 0xFC);
	assert_int_equal(decode(&ports, 0, 0, 0, 0x100, &a), ERIX_ERR_RANGE);
	assert_untouched(&a);
	assert_int_equal(decode(&ports, 256, 0, 0, 0, &a), ERIX_ERR_RANGE);
	assert_int_equal(decode(&ports, 0, 0, 0, 0xFE, &a), ERIX_ERR_INVALID_ARGUMENT);
}

/* A word access: word-aligned; through the ports 0xCF8 still names the
 * dword and the data port picks the half. */
static void test_word(void **state)
{
	const uint64_t slot_status[4] = {1, 2, 0, 0x5A}, odd[4] = {0, 0, 0, 0x59};
	struct pci_access a;

	(void)state;
	assert_int_equal(pci_decode_sized(&ecam, slot_status, 2, &a), ERIX_OK);
	assert_int_equal(a.ecam_pa, ECAM_BASE + (1u << 20) + (2u << 15) + 0x5A);
	assert_int_equal(pci_decode_sized(&ports, slot_status, 2, &a), ERIX_OK);
	assert_int_equal(a.port_address, 0x80000000u | 1u << 16 | 2u << 11 | 0x58);
	assert_int_equal(a.port_data, 0xCFE);
	assert_int_equal(pci_decode_sized(&ports, (const uint64_t[4]){0, 0, 0, 0x58}, 2, &a),
	                 ERIX_OK);
	assert_int_equal(a.port_data, 0xCFC);
	memset(&a, 0xA5, sizeof(a));
	assert_int_equal(pci_decode_sized(&ports, odd, 2, &a), ERIX_ERR_INVALID_ARGUMENT);
	assert_untouched(&a);
	assert_int_equal(pci_decode_sized(&ports, (const uint64_t[4]){0, 0, 0, 0xFE}, 2, &a),
	                 ERIX_OK);
	assert_int_equal(pci_decode_sized(&ports, (const uint64_t[4]){0, 0, 0, 0x100}, 2, &a),
	                 ERIX_ERR_RANGE);
	/* The dword decode keeps its own rule and data port. */
	assert_int_equal(decode(&ports, 0, 0, 0, 0xFC, &a), ERIX_OK);
	assert_int_equal(a.port_data, 0xCFC);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_select, setup),
	    cmocka_unit_test_setup(test_ecam_address, setup),
	    cmocka_unit_test_setup(test_ecam_offset, setup),
	    cmocka_unit_test_setup(test_device_function, setup),
	    cmocka_unit_test_setup(test_ecam_bus_range, setup),
	    cmocka_unit_test_setup(test_ports, setup),
	    cmocka_unit_test_setup(test_word, setup),
	};

	return cmocka_run_group_tests_name("pci", tests, NULL, NULL);
}
