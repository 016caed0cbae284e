/* Test fixture: builds a fully valid handoff (memory map, two modules,
 * kernel, page tables, loader, framebuffer, ACPI 2.0 RSDP, four file
 * digests) with the real
 * builder; see handoff_fixture.h. */
#include "handoff_fixture.h"

#include <erix/layout.h>
#include <stdlib.h>
#include <string.h>

static const struct erix_mem_entry base_map[] = {
    {0x0, 0x9F000, ERIX_MEM_USABLE, 0},
    {0xF0000, 0x10000, ERIX_MEM_RESERVED, 0},
    {0x100000, 0x100000, ERIX_MEM_USABLE, 0},
    {0x200000, 0x100000, ERIX_MEM_KERNEL, 0}, /* kernel spans two entries */
    {0x300000, 0x100000, ERIX_MEM_KERNEL, 0},
    {0x400000, 0x2000, ERIX_MEM_MODULE, 0},
    {0x402000, 0x1000, ERIX_MEM_MODULE, 0},
    {0x500000, 0x8000, ERIX_MEM_PAGE_TABLES, 0},
    {0x600000, 0x100000, ERIX_MEM_LOADER_RECLAIMABLE, 0},
    {HF_PHYS, ERIX_HANDOFF_MAX_PAGES *ERIX_HANDOFF_PAGE_SIZE, ERIX_MEM_HANDOFF, 0},
    {0x1400000, 0xFF00000 - 0x1400000, ERIX_MEM_USABLE, 0},
    {0xFF00000, 0x80000, ERIX_MEM_ACPI_RECLAIM, 0},
    {0xFF80000, 0x80000, ERIX_MEM_ACPI_NVS, 0},
    {0x80000000, 0x300000, ERIX_MEM_FRAMEBUFFER, 0},
    {0xFEC00000, 0x1000, ERIX_MEM_MMIO, 0},
    {0xFFE00000, 0x200000, ERIX_MEM_RESERVED, ERIX_MEM_F_RUNTIME},
};
#define BASE_MAP_N (sizeof(base_map) / sizeof(base_map[0]))

/* Sparse: one-page entries with one-page gaps, USABLE/RESERVED in turn.
 * Dense: touching one-page entries, few of them RAM, so a 2,000-entry map
 * still yields fewer than ERIX_UNTYPED_MAX_SEEDS seeds. */
static void fill_mem(struct hf *f, uint32_t extra, int dense)
{
	memcpy(f->mem, base_map, sizeof(base_map));
	for (uint32_t i = 0; i < extra; i++) {
		struct erix_mem_entry *e = &f->mem[BASE_MAP_N + i];
		e->base = 0x100000000ull + (uint64_t)i * (dense ? 0x1000 : 0x2000);
		e->length = 0x1000;
		if (dense)
			e->type = i % 8 == 0 ? ERIX_MEM_USABLE
			          : i % 2    ? ERIX_MEM_RESERVED
			                     : ERIX_MEM_ACPI_RECLAIM;
		else
			e->type = i % 2 ? ERIX_MEM_RESERVED : ERIX_MEM_USABLE;
		e->flags = 0;
	}
}

/* kernel/string.h shadows <string.h> on the host include path: no strcpy. */
static void set_str(char *dst, const char *src)
{
	memcpy(dst, src, strlen(src) + 1);
}

static void fill_modules(struct hf *f)
{
	f->mods[0].phys_base = 0x400000;
	f->mods[0].size = 0x1800;
	set_str(f->mods[0].name, "rootd");
	set_str(f->mods[0].cmdline, "rootd --log=serial");
	f->mods[1].phys_base = 0x402000;
	f->mods[1].size = 0x10;
	set_str(f->mods[1].name, "init.cfg");
}

static void fill_fixed(struct hf *f)
{
	f->kernel->phys_base = 0x200000;
	f->kernel->phys_size = 0x200000;
	f->kernel->virt_base = ERIX_KERNEL_VIRT_BASE;
	f->kernel->virt_size = 0x200000;
	f->kernel->entry = ERIX_KERNEL_VIRT_BASE + 0x1000;
	f->pt->phys_base = 0x500000;
	f->pt->size = 0x8000;
	f->pt->cr3 = 0x501000;
	f->loader->loader_version = ERIX_LOADER_VERSION;
	f->loader->firmware_revision = 0x10000;
	f->loader->tsc_loader_start = 1000;
	f->loader->tsc_before_jump = 2000;
}

static void fill_fb(struct erix_handoff_framebuffer *fb)
{
	fb->base = 0x80000000;
	fb->size = 0x300000;
	fb->width = 1024;
	fb->height = 768;
	fb->pitch = 4096;
	fb->bpp = 32;
	fb->format = ERIX_FB_FORMAT_BGRX8;
}

static uint8_t sum(const uint8_t *p, int n)
{
	uint8_t s = 0;

	while (n--)
		s = (uint8_t)(s + *p++);
	return s;
}

void hf_fill_rsdp(struct erix_handoff_acpi *acpi, uint32_t revision)
{
	uint8_t *r = acpi->rsdp;
	uint32_t len = ERIX_RSDP_V2_LENGTH;
	uint64_t xsdt = 0xFF01000;

	memset(r, 0, sizeof(acpi->rsdp));
	memcpy(r, "RSD PTR ", 8);
	memcpy(r + 9, "ERIXC ", 6);
	r[15] = (uint8_t)revision;
	r[16] = 0x00, r[17] = 0x10, r[18] = 0xF0, r[19] = 0x0F; /* RSDT 0xFF01000 */
	r[8] = (uint8_t)-sum(r, ERIX_RSDP_V1_LENGTH);
	if (revision >= 2) {
		memcpy(r + 20, &len, 4);
		memcpy(r + 24, &xsdt, 8);
		r[32] = (uint8_t)-sum(r, ERIX_RSDP_V2_LENGTH);
	}
	acpi->rsdp_phys = 0xFF00000;
	acpi->revision = revision;
	acpi->length = revision >= 2 ? ERIX_RSDP_V2_LENGTH : ERIX_RSDP_V1_LENGTH;
}

static void fill_digests(struct hf *f)
{
	static const struct {
		uint32_t kind;
		const char *path;
	} files[] = {
	    {ERIX_DIGEST_KIND_CONFIG, "\\EFI\\ERIX\\BOOT.CFG"},
	    {ERIX_DIGEST_KIND_KERNEL, "\\EFI\\ERIX\\KERNEL.ELF"},
	    {ERIX_DIGEST_KIND_MODULE, "\\EFI\\ERIX\\ROOTD.ELF"},
	    {ERIX_DIGEST_KIND_MODULE, "\\EFI\\ERIX\\INIT.CFG"},
	};

	for (uint64_t i = 0; i < f->digest_count; i++) {
		f->digests[i].kind = files[i].kind;
		f->digests[i].flags = ERIX_DIGEST_F_VERIFIED;
		memset(f->digests[i].sha256, (int)(0x11 * (i + 1)), sizeof(f->digests[i].sha256));
		set_str(f->digests[i].path, files[i].path);
	}
}

static int add_optional(struct hf *f, struct erix_hb *b, const struct hf_opts *o)
{
	if (!o->no_digests) {
		f->digest_count = 4;
		f->digests = erix_hb_add(b, ERIX_HANDOFF_SECTION_DIGESTS, sizeof(*f->digests),
		                         f->digest_count);
		if (!f->digests)
			return -1;
		fill_digests(f);
	}
	if (!o->no_framebuffer) {
		f->fb = erix_hb_add(b, ERIX_HANDOFF_SECTION_FRAMEBUFFER, sizeof(*f->fb), 1);
		if (!f->fb)
			return -1;
		fill_fb(f->fb);
	}
	if (!o->no_acpi) {
		f->acpi = erix_hb_add(b, ERIX_HANDOFF_SECTION_ACPI, sizeof(*f->acpi), 1);
		if (!f->acpi)
			return -1;
		hf_fill_rsdp(f->acpi, o->acpi_rev0 ? 0 : 2);
	}
	if (o->unknown_section && !erix_hb_add(b, HF_UNKNOWN_TYPE, 8, 3))
		return -1;
	return 0;
}

int hf_build(struct hf *f, const struct hf_opts *opts)
{
	static const struct hf_opts defaults;
	const struct hf_opts *o = opts ? opts : &defaults;
	struct erix_hb b;

	memset(f, 0, sizeof(*f));
	f->buf = aligned_alloc(ERIX_HANDOFF_PAGE_SIZE, HF_CAPACITY);
	if (!f->buf || erix_hb_init(&b, f->buf, HF_CAPACITY, HF_PHYS) != 0)
		return -1;
	f->h = (struct erix_handoff_header *)f->buf;
	f->mem_count = BASE_MAP_N + o->extra_mem;
	f->mem = erix_hb_add(&b, ERIX_HANDOFF_SECTION_MEMMAP, sizeof(*f->mem), f->mem_count);
	f->mod_count = 2;
	f->mods = erix_hb_add(&b, ERIX_HANDOFF_SECTION_MODULES, sizeof(*f->mods), f->mod_count);
	f->kernel = erix_hb_add(&b, ERIX_HANDOFF_SECTION_KERNEL, sizeof(*f->kernel), 1);
	f->pt = erix_hb_add(&b, ERIX_HANDOFF_SECTION_PAGE_TABLES, sizeof(*f->pt), 1);
	f->loader = erix_hb_add(&b, ERIX_HANDOFF_SECTION_LOADER, sizeof(*f->loader), 1);
	if (!f->mem || !f->mods || !f->kernel || !f->pt || !f->loader)
		return -1;
	fill_mem(f, o->extra_mem, o->extra_dense);
	fill_modules(f);
	fill_fixed(f);
	if (add_optional(f, &b, o) != 0)
		return -1;
	erix_hb_finish(&b);
	return 0;
}

void hf_free(struct hf *f)
{
	free(f->buf);
	f->buf = NULL;
}

struct erix_handoff_section *hf_section(struct hf *f, uint32_t type)
{
	struct erix_handoff_section *t =
	    (struct erix_handoff_section *)(f->buf + f->h->section_table_offset);

	for (uint32_t i = 0; i < f->h->section_count; i++)
		if (t[i].type == type)
			return &t[i];
	return NULL;
}

int hf_mem_index(const struct hf *f, uint32_t type)
{
	for (uint64_t i = 0; i < f->mem_count; i++)
		if (f->mem[i].type == type)
			return (int)i;
	return -1;
}

enum erix_handoff_err hf_validate_len(const struct hf *f, uint64_t buf_len, uint64_t phys,
                                      struct erix_handoff_view *view)
{
	uint64_t len = buf_len ? buf_len : f->h->total_size;
	uint8_t *copy = malloc(len ? len : 1);
	enum erix_handoff_err err;

	if (!copy)
		abort();
	memset(copy, 0, len);
	memcpy(copy, f->buf, len < HF_CAPACITY ? len : HF_CAPACITY);
	err = erix_handoff_validate(copy, len, phys, view);
	/* The view points into the copy; callers that want it use f->buf. */
	if (view && err == ERIX_HANDOFF_ERR_OK)
		erix_handoff_validate(f->buf, len, phys, view);
	free(copy);
	return err;
}

enum erix_handoff_err hf_validate(const struct hf *f)
{
	return hf_validate_len(f, 0, HF_PHYS, NULL);
}
