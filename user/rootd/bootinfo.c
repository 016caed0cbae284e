/* rootd's side of the kernel -> rootd bootinfo: validated with the same
 * shared code the host tests and the fuzzer run, then cross-checked against
 * what rootd sees for itself. Its view is what rootd loads children from. */
#include "rootd.h"

#define LOG_MAX 240 /* below ERIX_LOG_STRING_MAX */

static struct erix_bootinfo_view view;

const struct erix_bootinfo_view *rootd_bootinfo(void)
{
	return &view;
}

static char *hex_append(char *dst, uint64_t v)
{
	static const char digits[] = "0123456789abcdef";
	int shift = 60;

	dst = erix_str_append(dst, "0x");
	while (shift > 0 && !(v >> shift))
		shift -= 4;
	for (; shift >= 0; shift -= 4)
		*dst++ = digits[(v >> shift) & 0xf];
	*dst = 0;
	return dst;
}

static void log_module(const struct erix_bootinfo_module *m)
{
	char line[LOG_MAX], *p = line;

	p = erix_str_append(p, ERIX_ROOTD_LOG_BOOTINFO_MODULE " name=");
	p = erix_str_append(p, m->name);
	p = erix_str_append(p, " size=");
	p = erix_u64_append(p, m->size);
	p = erix_str_append(p, " vaddr=");
	p = hex_append(p, m->vaddr);
	p = erix_str_append(p, " cmdline=");
	erix_str_append(p, m->cmdline);
	erix_log(line);
}

static void log_summary(const struct erix_start_frame *sf)
{
	char line[LOG_MAX], *p = line;

	p = erix_str_append(p, ERIX_ROOTD_LOG_BOOTINFO " modules=");
	p = erix_u64_append(p, view.module_count);
	p = erix_str_append(p, " untyped=");
	p = erix_u64_append(p, view.untyped_count);
	p = erix_str_append(p, " ram=");
	p = erix_u64_append(p, sf->ram_bytes);
	p = erix_str_append(p, " device=");
	p = erix_u64_append(p, sf->device_bytes);
	p = erix_str_append(p, " platform=");
	hex_append(p, view.platform->flags);
	erix_log(line);
}

/* Slot, cap type and byte totals of every entry agree with the start
 * frame and with rootd's CSpace: RAM caps from ERIX_SLOT_UNTYPED_BASE,
 * then device caps. */
static void check_untyped(const struct erix_start_frame *sf)
{
	uint64_t bytes[2] = {0, 0};

	expect("bootinfo_ram_count", view.untyped_ram_count, sf->untyped_ram_count);
	expect("bootinfo_untyped_count", view.untyped_count,
	       sf->untyped_ram_count + sf->untyped_device_count);
	for (uint32_t i = 0; i < view.untyped_count; i++) {
		const struct erix_bootinfo_untyped *u = &view.untyped[i];
		int dev = u->kind == ERIX_BOOTINFO_UNTYPED_DEVICE;
		struct erix_cap_info ci;

		expect("bootinfo_untyped_slot", u->slot, ERIX_SLOT_UNTYPED_BASE + i);
		erix_query_local_cap(u->slot, &ci);
		expect("bootinfo_untyped_cap", ci.type,
		       dev ? ERIX_CAP_DEVICE_UNTYPED : ERIX_CAP_UNTYPED);
		bytes[dev] += 1ull << u->size_bits;
	}
	expect("bootinfo_ram_bytes", bytes[0], sf->ram_bytes);
	expect("bootinfo_device_bytes", bytes[1], sf->device_bytes);
}

/* Every module's first and last byte is readable; rootd's own is an ELF. */
static void check_modules(void)
{
	const struct erix_bootinfo_module *self =
	    erix_bootinfo_find_module(&view, ERIX_ROOTD_MODULE_NAME);
	volatile const uint8_t *b;

	for (uint32_t i = 0; i < view.module_count; i++) {
		b = (volatile const uint8_t *)(uintptr_t)view.modules[i].vaddr;
		if (view.modules[i].size)
			(void)(b[0] + b[view.modules[i].size - 1]);
		log_module(&view.modules[i]);
	}
	if (!self || self->size < 4) {
		fail_check("bootinfo_rootd_module", self ? self->size : 0);
		return;
	}
	b = (volatile const uint8_t *)(uintptr_t)self->vaddr;
	if (b[0] != 0x7f || b[1] != 'E' || b[2] != 'L' || b[3] != 'F')
		fail_check("bootinfo_rootd_elf", b[0]);
}

/* The RSDP fact agrees with GET_ACPI_RSDP on the ACPI endpoint. */
static void check_platform(void)
{
	const struct erix_bootinfo_platform *p = view.platform;
	uint64_t out[4] = {0, 0, 0, 0};
	int err = erix_kctl(ERIX_SLOT_ACPI, ERIX_KCTL_GET_ACPI_RSDP, 0, 0, 0, 0, out);

	if (p->flags & ERIX_BOOTINFO_PF_RSDP) {
		expect("bootinfo_rsdp_op", (uint64_t)err, ERIX_OK);
		expect("bootinfo_rsdp_phys", out[0], p->rsdp_phys);
		expect("bootinfo_rsdp_revision", out[1], p->rsdp_revision);
	} else if (err == ERIX_OK && out[0]) {
		fail_check("bootinfo_rsdp_missing", out[0]);
	}
}

#if ROOTD_TEST_BOOTINFO_CORRUPT
/* The boot test of the refusal path: rootd validates a copy of its
 * bootinfo with the last byte flipped, which must fail as CHECKSUM and end
 * the boot as a rootd failure. */
static uint8_t corrupt[ERIX_BOOTINFO_MAX_SIZE] __attribute__((aligned(8)));

static const void *bootinfo_bytes(const struct erix_start_frame *sf)
{
	uint64_t n = sf->bootinfo_size < sizeof(corrupt) ? sf->bootinfo_size : sizeof(corrupt);

	memcpy(corrupt, (const void *)(uintptr_t)sf->bootinfo, n);
	corrupt[((const struct erix_bootinfo_header *)corrupt)->total_size - 1] ^= 1;
	return corrupt;
}
#else
static const void *bootinfo_bytes(const struct erix_start_frame *sf)
{
	return (const void *)(uintptr_t)sf->bootinfo;
}
#endif

void verify_bootinfo(const struct erix_start_frame *sf)
{
	const void *bi = bootinfo_bytes(sf);
	enum erix_bootinfo_err err;
	char line[LOG_MAX];

	expect("bootinfo_addr", sf->bootinfo, ERIX_BOOTINFO_BASE);
	err = erix_bootinfo_validate(bi, sf->bootinfo ? sf->bootinfo_size : 0, sf->bootinfo, &view);
	if (err != ERIX_BOOTINFO_ERR_OK) {
		erix_str_append(erix_str_append(line, ERIX_ROOTD_LOG_BOOTINFO_INVALID " rule="),
		                erix_bootinfo_err_name(err));
		erix_log(line);
		fail_check("bootinfo_valid", err);
		return;
	}
	check_untyped(sf);
	check_modules();
	check_platform();
	log_summary(sf);
}
