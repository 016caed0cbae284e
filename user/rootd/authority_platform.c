/* The authority suite, platform part: the ACPI and PCI families.
 * READ_ACPI_QWORDS is checked at the edges of the RSDP and of real tables,
 * which rootd finds by walking the XSDT itself with the same op;
 * READ_PCI_CONFIG_DWORD at the bounds of the mechanism the firmware
 * tables imply (ECAM on q35, the 0xCF8 ports on pc). Every denial is
 * checked to leave rootd's kernel memory as it was. */
#include "authority.h"

#define RSDP_SIG         0x2052545020445352ull /* "RSD PTR " */
#define SIG_FACP         0x50434146u
#define SIG_APIC         0x43495041u
#define SIG_MCFG         0x4746434Du
#define SIG_DSDT         0x54445344u
#define SIG_XSDT         0x54445358u
#define HEADER           36
#define MAX_TABLES       32
#define PCI_VENDOR_INTEL 0x8086
#define PCI_Q35_HOST     0x29C0 /* Intel 82G33 host bridge: QEMU's q35 */
#define PCI_I440FX_HOST  0x1237 /* Intel 440FX: QEMU's pc */

static uint64_t acpi(uint64_t pa, uint64_t count, uint64_t out[4])
{
	return (uint64_t)erix_kctl(ERIX_SLOT_ACPI, ERIX_KCTL_READ_ACPI_QWORDS, pa, count, 0, 0,
	                           out);
}

static uint64_t pci(uint64_t bus, uint64_t dev, uint64_t fn, uint64_t off, uint64_t out[4])
{
	return (uint64_t)erix_kctl(ERIX_SLOT_PCI_CONFIG, ERIX_KCTL_READ_PCI_CONFIG_DWORD, bus, dev,
	                           fn, off, out);
}

/* Reply words a denied call wrote back (the kernel writes none): checked
 * once per group, after all its denials. */
static uint64_t denial_out;

/* A denied call: its error, and (out) nothing written back. */
static void denied(const char *name, uint64_t err, uint64_t want, const uint64_t out[4])
{
	check(name, err, want);
	denial_out |= out[0] | out[1] | out[2] | out[3];
}

static char name_buf[LINE];

static const char *named(const char *prefix, const char *what)
{
	erix_str_append(erix_str_append(name_buf, prefix), what);
	return name_buf;
}

static uint64_t q(uint64_t pa)
{
	uint64_t out[4] = {0, 0, 0, 0};

	acpi(pa, 1, out);
	return out[0];
}

/* Tables as rootd sees them: physical address, length, signature. */
struct table {
	uint64_t pa;
	uint32_t len, sig;
};
static struct table tables[MAX_TABLES];
static unsigned ntables;

static void add_table(uint64_t pa)
{
	uint64_t h = q(pa);

	if (ntables < MAX_TABLES && h) {
		tables[ntables].pa = pa;
		tables[ntables].sig = (uint32_t)h;
		tables[ntables++].len = (uint32_t)(h >> 32);
	}
}

static const struct table *find(uint32_t sig)
{
	for (unsigned i = 0; i < ntables; i++)
		if (tables[i].sig == sig)
			return &tables[i];
	return 0;
}

/* 1 if some known table holds the byte at pa. */
static int in_some_table(uint64_t pa)
{
	for (unsigned i = 0; i < ntables; i++)
		if (pa >= tables[i].pa && pa < tables[i].pa + tables[i].len)
			return 1;
	return 0;
}

/* READ_PLATFORM_CAPS through both families that have it: the same bits,
 * and QEMU shows ACPI, a MADT with an I/O APIC and a FADT; q35 also an
 * MCFG (pc never) and the FADT's 8042 flag (pc's ACPI 1.0 FADT is too
 * short to carry it). */
static uint64_t platform_caps(int q35)
{
	uint64_t acpi_caps[4] = {0, 0, 0, 0}, pci_caps[4] = {0, 0, 0, 0};
	const uint64_t want = ERIX_PLATFORM_ACPI | ERIX_PLATFORM_MADT | ERIX_PLATFORM_IOAPIC |
	                      ERIX_PLATFORM_FADT |
	                      (q35 ? ERIX_PLATFORM_I8042 | ERIX_PLATFORM_PCIE_ECAM : 0);
	const uint64_t mask = want | ERIX_PLATFORM_PCIE_ECAM;

	check("platform_caps_acpi",
	      (uint64_t)erix_kctl(ERIX_SLOT_ACPI, ERIX_KCTL_READ_PLATFORM_CAPS, 0, 0, 0, 0,
	                          acpi_caps),
	      ERIX_OK);
	check("platform_caps_pci",
	      (uint64_t)erix_kctl(ERIX_SLOT_PCI_CONFIG, ERIX_KCTL_READ_PLATFORM_CAPS, 0, 0, 0, 0,
	                          pci_caps),
	      ERIX_OK);
	check("platform_caps_same_bits", acpi_caps[0], pci_caps[0]);
	check(q35 ? "platform_caps_q35" : "platform_caps_pc", acpi_caps[0] & mask, want);
	check("platform_caps_deterministic",
	      erix_kctl(ERIX_SLOT_ACPI, ERIX_KCTL_READ_PLATFORM_CAPS, 0, 0, 0, 0, pci_caps) ==
	              ERIX_OK &&
	          pci_caps[0] == acpi_caps[0],
	      1);
	check("platform_caps_denied_elsewhere",
	      (uint64_t)erix_kctl(ERIX_SLOT_TIMED, ERIX_KCTL_READ_PLATFORM_CAPS, 0, 0, 0, 0, NULL),
	      ERIX_ERR_OP_DENIED);
	return acpi_caps[0];
}

/* The RSDP's own edges; returns its XSDT (0 if revision 0). */
static uint64_t rsdp_cases(uint64_t rsdp, uint64_t revision)
{
	uint64_t out[4] = {0, 0, 0, 0};
	uint64_t len = revision >= 2 ? 0 : 20;

	check("acpi_rsdp_first_qword", acpi(rsdp, 1, out), ERIX_OK);
	check("acpi_rsdp_signature", out[0], RSDP_SIG);
	if (revision >= 2) {
		check("acpi_rsdp_four_qwords", acpi(rsdp, 4, out), ERIX_OK);
		len = out[2] >> 32;
		check("acpi_rsdp_length", len, 36);
	}
	check("acpi_rsdp_last_qword", acpi(rsdp + len - 8, 1, out), ERIX_OK);
	denied("acpi_rsdp_one_past", acpi(rsdp + len - 7, 1, out), ERIX_ERR_RANGE, out);
	denied("acpi_rsdp_straddle_end", acpi(rsdp + len - 8, 2, out), ERIX_ERR_RANGE, out);
	denied("acpi_rsdp_one_before", acpi(rsdp - 1, 1, out), ERIX_ERR_RANGE, out);
	denied("acpi_count_0", acpi(rsdp, 0, out), ERIX_ERR_INVALID_ARGUMENT, out);
	denied("acpi_count_5", acpi(rsdp, 5, out), ERIX_ERR_INVALID_ARGUMENT, out);
	return revision >= 2 ? q(rsdp + 24) : 0;
}

/* A table's first and last qword allowed, one past and across its end
 * denied. */
static void table_edges(const char *what, const struct table *t)
{
	uint64_t out[4] = {0, 0, 0, 0};

	check(named("acpi_first_qword_", what), acpi(t->pa, 1, out), ERIX_OK);
	check(named("acpi_signature_", what), (uint32_t)out[0], t->sig);
	check(named("acpi_last_qword_", what), acpi(t->pa + t->len - 8, 1, out), ERIX_OK);
	out[0] = 0;
	denied(named("acpi_straddle_end_", what), acpi(t->pa + t->len - 4, 1, out), ERIX_ERR_RANGE,
	       out);
	denied(named("acpi_last_two_qwords_", what), acpi(t->pa + t->len - 8, 2, out),
	       ERIX_ERR_RANGE, out);
}

/* Across two tables: if any two known tables are adjacent, a window over
 * their seam; else a window reaching back from a table's first byte into
 * bytes no table holds. */
static void across_tables(void)
{
	uint64_t out[4] = {0, 0, 0, 0};

	for (unsigned i = 0; i < ntables; i++)
		for (unsigned j = 0; j < ntables; j++)
			if (tables[i].pa + tables[i].len == tables[j].pa) {
				denied("acpi_across_adjacent_tables",
				       acpi(tables[j].pa - 4, 1, out), ERIX_ERR_RANGE, out);
				return;
			}
	for (unsigned i = 0; i < ntables; i++)
		if (!in_some_table(tables[i].pa - 4)) {
			denied("acpi_reaching_before_table_start", acpi(tables[i].pa - 4, 1, out),
			       ERIX_ERR_RANGE, out);
			return;
		}
	check("acpi_found_a_table_edge", 0, 1);
}

static void walk_xsdt(uint64_t xsdt)
{
	uint32_t len = (uint32_t)(q(xsdt) >> 32);
	const struct table *facp;

	ntables = 0;
	add_table(xsdt);
	check("acpi_xsdt_signature", tables[0].sig, SIG_XSDT);
	for (uint32_t off = HEADER; off + 8 <= len && ntables < MAX_TABLES; off += 8)
		add_table(q(xsdt + off));
	facp = find(SIG_FACP);
	if (facp) {
		/* X_DSDT (offset 140) if the FADT has it, else DSDT (40). */
		uint64_t dsdt = facp->len >= 148 ? q(facp->pa + 140) : 0;

		add_table(dsdt ? dsdt : (uint32_t)q(facp->pa + 40));
	}
}

static void acpi_cases(void)
{
	uint64_t out[4] = {0, 0, 0, 0}, before = kmem_used(ERIX_KCTL_SELF), rsdp, xsdt, facs;
	const struct table *t;

	denial_out = 0;
	check("acpi_get_rsdp",
	      (uint64_t)erix_kctl(ERIX_SLOT_ACPI, ERIX_KCTL_GET_ACPI_RSDP, 0, 0, 0, 0, out),
	      ERIX_OK);
	rsdp = out[0];
	xsdt = rsdp_cases(rsdp, out[1]);
	check("acpi_rsdp_revision_2", xsdt != 0, 1);
	if (!xsdt)
		return;
	walk_xsdt(xsdt);
	table_edges("xsdt", &tables[0]);
	t = find(SIG_FACP);
	check("acpi_found_fadt", t != 0, 1);
	if (t) {
		table_edges("fadt", t);
		/* The FACS has no checksum and holds live firmware state. */
		facs = (uint32_t)q(t->pa + 36);
		denied("acpi_facs_denied", acpi(facs ? facs : q(t->pa + 132), 1, out),
		       ERIX_ERR_RANGE, out);
	}
	t = find(SIG_APIC);
	check("acpi_found_madt", t != 0, 1);
	if (t)
		table_edges("madt", t);
	t = find(SIG_DSDT);
	check("acpi_found_dsdt", t != 0, 1);
	if (t)
		table_edges("dsdt", t);
	across_tables();
	/* Physical memory that is no table: low memory, RAM at 1 MiB, the
	 * LAPIC, the ECAM window, the top of the address space. */
	denied("acpi_arbitrary_0x1000", acpi(0x1000, 1, out), ERIX_ERR_RANGE, out);
	denied("acpi_arbitrary_zero", acpi(0, 1, out), ERIX_ERR_RANGE, out);
	denied("acpi_ram_1mib", acpi(0x100000, 1, out), ERIX_ERR_RANGE, out);
	denied("acpi_lapic", acpi(0xFEE00000, 1, out), ERIX_ERR_RANGE, out);
	denied("acpi_ecam", acpi(0xB0000000, 1, out), ERIX_ERR_RANGE, out);
	denied("acpi_wraps", acpi(~0ull - 7, 2, out), ERIX_ERR_RANGE, out);
	check("acpi_denials_changed_no_memory", kmem_used(ERIX_KCTL_SELF), before);
	check("acpi_denials_wrote_nothing", denial_out, 0);
	denied("acpi_on_pci_family",
	       (uint64_t)erix_kctl(ERIX_SLOT_PCI_CONFIG, ERIX_KCTL_READ_ACPI_QWORDS, rsdp, 1, 0, 0,
	                           out),
	       ERIX_ERR_OP_DENIED, out);
	denied("acpi_on_log_family",
	       (uint64_t)erix_kctl(ERIX_SLOT_LOG_QUERY, ERIX_KCTL_READ_ACPI_QWORDS, rsdp, 1, 0, 0,
	                           out),
	       ERIX_ERR_OP_DENIED, out);
}

/* The MCFG's segment-0 bus range from user space: end bus, or -1. */
static uint64_t mcfg_end_bus(void)
{
	const struct table *t = find(SIG_MCFG);

	/* Allocation 0 at offset 44: base (8), segment (2), start, end. */
	return t && t->len >= 60 ? (q(t->pa + 52) >> 24) & 0xFF : ~0ull;
}

static void pci_cases(int ecam)
{
	denial_out = 0;
	uint64_t out[4] = {0, 0, 0, 0}, before = kmem_used(ERIX_KCTL_SELF);
	uint64_t space = ecam ? 4096 : 256, end = mcfg_end_bus();

	check("pci_host_bridge", pci(0, 0, 0, 0, out), ERIX_OK);
	check("pci_host_bridge_vendor", out[0] & 0xFFFF, PCI_VENDOR_INTEL);
	check(ecam ? "pci_host_bridge_q35" : "pci_host_bridge_i440fx", out[0] >> 16,
	      ecam ? PCI_Q35_HOST : PCI_I440FX_HOST);
	check("pci_last_dword", pci(0, 0, 0, space - 4, out), ERIX_OK);
	check("pci_absent_function", pci(0, 30, 0, 0, out), ERIX_OK);
	check("pci_absent_function_all_ones", out[0], 0xFFFFFFFF);
	denied("pci_offset_past_space", pci(0, 0, 0, space, out), ERIX_ERR_RANGE, out);
	denied("pci_offset_0x1000", pci(0, 0, 0, 0x1000, out), ERIX_ERR_RANGE, out);
	if (!ecam)
		denied("pci_ports_offset_0xffc", pci(0, 0, 0, 0xFFC, out), ERIX_ERR_RANGE, out);
	denied("pci_unaligned", pci(0, 0, 0, 2, out), ERIX_ERR_INVALID_ARGUMENT, out);
	denied("pci_device_32", pci(0, 32, 0, 0, out), ERIX_ERR_RANGE, out);
	denied("pci_function_8", pci(0, 0, 8, 0, out), ERIX_ERR_RANGE, out);
	denied("pci_bus_256", pci(256, 0, 0, 0, out), ERIX_ERR_RANGE, out);
	if (ecam) {
		check("pci_mcfg_end_bus_read", end <= 255, 1);
		check("pci_mcfg_last_bus", pci(end, 0, 0, 0, out), ERIX_OK);
		denied("pci_bus_past_mcfg", pci(end + 1, 0, 0, 0, out), ERIX_ERR_RANGE, out);
	}
	check("pci_denials_changed_no_memory", kmem_used(ERIX_KCTL_SELF), before);
	denied(
	    "pci_on_acpi_family",
	    (uint64_t)erix_kctl(ERIX_SLOT_ACPI, ERIX_KCTL_READ_PCI_CONFIG_DWORD, 0, 0, 0, 0, out),
	    ERIX_ERR_OP_DENIED, out);
	denied(
	    "pci_on_com1_family",
	    (uint64_t)erix_kctl(ERIX_SLOT_COM1, ERIX_KCTL_READ_PCI_CONFIG_DWORD, 0, 0, 0, 0, out),
	    ERIX_ERR_OP_DENIED, out);
	check("pci_denials_wrote_nothing", denial_out, 0);
}

void auth_platform_cases(void)
{
	uint64_t out[4] = {0, 0, 0, 0};
	int q35;

	/* Which QEMU machine this is, from its host bridge: the expected
	 * platform bits and PCI mechanism follow. */
	pci(0, 0, 0, 0, out);
	q35 = (out[0] >> 16) == PCI_Q35_HOST;
	platform_caps(q35);
	acpi_cases();
	pci_cases(q35);
}
