/* Bootinfo builder: the one piece of code that lays out a kernel -> rootd
 * bootinfo, so the kernel and the host tests produce the same format.
 * Layout: header | platform | untyped[] | modules[], each 8-byte aligned. */
#include "bootinfo.h"

#include <erix/slots.h>
#include <handoff/crc32c.h>

#define HDR_SIZE  ((uint64_t)sizeof(struct erix_bootinfo_header))
#define PLAT_SIZE ((uint64_t)sizeof(struct erix_bootinfo_platform))
#define UT_SIZE   ((uint64_t)sizeof(struct erix_bootinfo_untyped))
#define MOD_SIZE  ((uint64_t)sizeof(struct erix_bootinfo_module))

_Static_assert(HDR_SIZE % ERIX_BOOTINFO_ALIGN == 0 && PLAT_SIZE % ERIX_BOOTINFO_ALIGN == 0 &&
                   UT_SIZE % ERIX_BOOTINFO_ALIGN == 0 && MOD_SIZE % ERIX_BOOTINFO_ALIGN == 0,
               "tables stay aligned back to back");

uint64_t erix_bib_size(uint32_t untyped_count, uint32_t module_count)
{
	return HDR_SIZE + PLAT_SIZE + untyped_count * UT_SIZE + module_count * MOD_SIZE;
}

int erix_bib_init(struct erix_bib *b, void *buf, uint32_t capacity, uint64_t self_vaddr,
                  uint32_t untyped_count, uint32_t module_count)
{
	struct erix_bootinfo_header *h = buf;
	uint64_t size = erix_bib_size(untyped_count, module_count);

	if (untyped_count > ERIX_UNTYPED_MAX_SEEDS || module_count > ERIX_BOOTINFO_MAX_MODULES ||
	    size > capacity || size > ERIX_BOOTINFO_MAX_SIZE)
		return -1;
	for (uint32_t i = 0; i < capacity; i++)
		((uint8_t *)buf)[i] = 0;
	b->buf = buf;
	b->capacity = capacity;
	b->h = h;
	h->magic = ERIX_BOOTINFO_MAGIC;
	h->version_major = ERIX_BOOTINFO_VERSION_MAJOR;
	h->version_minor = ERIX_BOOTINFO_VERSION_MINOR;
	h->header_size = HDR_SIZE;
	h->total_size = (uint32_t)size;
	h->self_vaddr = self_vaddr;
	h->platform_offset = HDR_SIZE;
	h->platform_size = PLAT_SIZE;
	h->untyped_offset = HDR_SIZE + PLAT_SIZE;
	h->untyped_count = untyped_count;
	h->untyped_entry_size = UT_SIZE;
	h->module_offset = h->untyped_offset + untyped_count * UT_SIZE;
	h->module_count = module_count;
	h->module_entry_size = MOD_SIZE;
	return 0;
}

struct erix_bootinfo_platform *erix_bib_platform(struct erix_bib *b)
{
	return (struct erix_bootinfo_platform *)(b->buf + b->h->platform_offset);
}

struct erix_bootinfo_untyped *erix_bib_untyped(struct erix_bib *b, uint32_t i)
{
	if (i >= b->h->untyped_count)
		return NULL;
	return (struct erix_bootinfo_untyped *)(b->buf + b->h->untyped_offset) + i;
}

struct erix_bootinfo_module *erix_bib_module(struct erix_bib *b, uint32_t i)
{
	if (i >= b->h->module_count)
		return NULL;
	return (struct erix_bootinfo_module *)(b->buf + b->h->module_offset) + i;
}

/* Copies src with its NUL into dst[cap]; -1 (dst untouched) if it does not fit. */
static int copy_string(char *dst, const char *src, uint64_t cap)
{
	uint64_t n = 0;

	while (n < cap && src[n])
		n++;
	if (n == cap)
		return -1;
	for (uint64_t i = 0; i <= n; i++)
		dst[i] = src[i];
	return 0;
}

int erix_bib_set_module(struct erix_bib *b, uint32_t i, const char *name, const char *cmdline,
                        uint64_t vaddr, uint64_t size)
{
	struct erix_bootinfo_module *m = erix_bib_module(b, i);

	if (!m || copy_string(m->name, name, sizeof(m->name)) ||
	    copy_string(m->cmdline, cmdline, sizeof(m->cmdline)))
		return -1;
	m->vaddr = vaddr;
	m->size = size;
	return 0;
}

uint32_t erix_bib_finish(struct erix_bib *b)
{
	erix_bib_reseal(b->buf);
	return b->h->total_size;
}

void erix_bib_reseal(void *bootinfo)
{
	struct erix_bootinfo_header *h = bootinfo;

	h->checksum = 0;
	h->checksum = erix_crc32c(0, bootinfo, h->total_size);
}
