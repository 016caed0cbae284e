/* The bootinfo test fixture (bootinfo_fixture.h). */
#include "bootinfo_fixture.h"

#include <erix/layout.h>
#include <erix/slots.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void fill_platform(struct erix_bootinfo_platform *p)
{
	p->flags = ERIX_BOOTINFO_PF_RSDP | ERIX_BOOTINFO_PF_FRAMEBUFFER | ERIX_BOOTINFO_PF_TSC_KHZ;
	p->rsdp_phys = 0xE0000;
	p->rsdp_revision = 2;
	p->tsc_khz = 2000000;
	p->fb_base = 0x80000000;
	p->fb_width = 1024;
	p->fb_height = 768;
	p->fb_pitch = 4096;
	p->fb_size = 4096 * 768;
	p->fb_bpp = 32;
	p->fb_format = ERIX_FB_FORMAT_BGRX8;
	p->fb_red_mask = 0xFF0000;
	p->fb_green_mask = 0xFF00;
	p->fb_blue_mask = 0xFF;
	p->fb_reserved_mask = 0xFF000000;
}

static void fill_untyped(struct bf *f)
{
	for (uint32_t i = 0; i < f->n_ram + f->n_dev; i++) {
		struct erix_bootinfo_untyped *u = erix_bib_untyped(&f->b, i);
		int dev = i >= f->n_ram;

		u->slot = ERIX_SLOT_UNTYPED_BASE + i;
		u->size_bits = 20;
		u->kind = dev ? ERIX_BOOTINFO_UNTYPED_DEVICE : ERIX_BOOTINFO_UNTYPED_RAM;
		u->base = dev ? 0x100000000ull + ((uint64_t)(i - f->n_ram) << 20)
		              : (uint64_t)(i + 1) << 20;
	}
}

static int fill_modules(struct bf *f)
{
	for (uint32_t i = 0; i < f->n_mod; i++) {
		char name[16], cmdline[32];

		snprintf(name, sizeof(name), i ? "mod%u" : ERIX_ROOTD_MODULE_NAME, i);
		snprintf(cmdline, sizeof(cmdline), "arg=%u verbose", i);
		if (erix_bib_set_module(&f->b, i, name, cmdline,
		                        ERIX_MODULES_BASE + (uint64_t)i * 0x10000, 0x1234))
			return -1;
	}
	return 0;
}

int bf_build(struct bf *f, uint32_t n_ram, uint32_t n_dev, uint32_t n_mod)
{
	memset(f, 0, sizeof(*f));
	f->buf = aligned_alloc(ERIX_PAGE_SIZE, BF_CAPACITY);
	if (!f->buf)
		return -1;
	f->n_ram = n_ram, f->n_dev = n_dev, f->n_mod = n_mod;
	if (erix_bib_init(&f->b, f->buf, BF_CAPACITY, BF_VADDR, n_ram + n_dev, n_mod))
		return -1;
	f->h = f->b.h;
	f->p = erix_bib_platform(&f->b);
	f->ut = (struct erix_bootinfo_untyped *)(f->buf + f->h->untyped_offset);
	f->mod = (struct erix_bootinfo_module *)(f->buf + f->h->module_offset);
	fill_platform(f->p);
	fill_untyped(f);
	if (fill_modules(f))
		return -1;
	erix_bib_finish(&f->b);
	return 0;
}

void bf_free(struct bf *f)
{
	free(f->buf);
	f->buf = NULL;
}

enum erix_bootinfo_err bf_validate_len(const struct bf *f, uint64_t buf_len, uint64_t vaddr)
{
	uint64_t len = buf_len ? buf_len : f->h->total_size;
	uint8_t *copy = calloc(1, len ? len : 1); /* malloc: 16-byte aligned */
	enum erix_bootinfo_err err;

	if (!copy)
		abort();
	memcpy(copy, f->buf, len < BF_CAPACITY ? len : BF_CAPACITY);
	err = erix_bootinfo_validate(copy, len, vaddr, NULL);
	free(copy);
	return err;
}

enum erix_bootinfo_err bf_validate(const struct bf *f)
{
	return bf_validate_len(f, BF_CAPACITY, BF_VADDR);
}
