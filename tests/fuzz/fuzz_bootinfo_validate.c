/* libFuzzer target for the kernel -> rootd bootinfo validator. Input byte 0
 * bit 0 asks the harness to reseal the CRC (so mutations get past
 * CHECKSUM); the rest is the bootinfo, found at its own self_vaddr, copied
 * to an aligned buffer whose slack is poisoned so any read past buf_len is
 * an ASan report. An accepted bootinfo must keep every promise of the
 * format: checked here independently of the validator. */
#include <sanitizer/asan_interface.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <bootinfo/bootinfo.h>
#include <erix/layout.h>
#include <erix/slots.h>

#define CAP_ALIGN 4096

static void check_module(const struct erix_bootinfo_module *m,
                         const struct erix_bootinfo_module *prev)
{
	uint64_t end = ERIX_MODULES_BASE + ERIX_MODULES_SIZE;

	if (m->vaddr % ERIX_PAGE_SIZE || m->vaddr < ERIX_MODULES_BASE || m->size > end - m->vaddr ||
	    !strlen(m->name) || strlen(m->name) >= sizeof(m->name) ||
	    strlen(m->cmdline) >= sizeof(m->cmdline))
		__builtin_trap();
	if (prev && m->vaddr <= prev->vaddr)
		__builtin_trap();
}

static void check_view(const struct erix_bootinfo_view *v, const uint8_t *buf, uint64_t len)
{
	const uint8_t *end = buf + len;

	if ((const uint8_t *)(v->platform + 1) > end ||
	    (const uint8_t *)(v->untyped + v->untyped_count) > end ||
	    (const uint8_t *)(v->modules + v->module_count) > end ||
	    v->untyped_ram_count > v->untyped_count || v->untyped_count > ERIX_UNTYPED_MAX_SEEDS ||
	    v->module_count > ERIX_BOOTINFO_MAX_MODULES)
		__builtin_trap();
	for (uint32_t i = 0; i < v->untyped_count; i++) {
		const struct erix_bootinfo_untyped *u = &v->untyped[i];
		int ram = i < v->untyped_ram_count;

		if (u->size_bits < ERIX_PAGE_SHIFT || u->size_bits > 63 ||
		    u->slot >= ERIX_ROOT_CSPACE_SLOTS ||
		    u->kind != (ram ? ERIX_BOOTINFO_UNTYPED_RAM : ERIX_BOOTINFO_UNTYPED_DEVICE) ||
		    (i && u->slot <= v->untyped[i - 1].slot))
			__builtin_trap();
	}
	for (uint32_t i = 0; i < v->module_count; i++) {
		check_module(&v->modules[i], i ? &v->modules[i - 1] : NULL);
		for (uint32_t j = 0; j < i; j++)
			if (!strcmp(v->modules[i].name, v->modules[j].name))
				__builtin_trap();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct erix_bootinfo_header *h;
	struct erix_bootinfo_view view;
	uint64_t len, cap, vaddr = 0;
	uint8_t *buf;

	if (size < 1)
		return 0;
	len = size - 1;
	cap = (len + CAP_ALIGN - 1) / CAP_ALIGN * CAP_ALIGN + CAP_ALIGN;
	buf = aligned_alloc(CAP_ALIGN, cap);
	if (!buf)
		return 0;
	memcpy(buf, data + 1, len);
	h = (struct erix_bootinfo_header *)buf;
	if (len >= sizeof(*h)) {
		vaddr = h->self_vaddr;
		if ((data[0] & 1) && h->total_size <= len)
			erix_bib_reseal(buf);
	}
	ASAN_POISON_MEMORY_REGION(buf + len, cap - len);
	if (erix_bootinfo_validate(buf, len, vaddr, &view) == ERIX_BOOTINFO_ERR_OK)
		check_view(&view, buf, len);
	ASAN_UNPOISON_MEMORY_REGION(buf + len, cap - len);
	free(buf);
	return 0;
}
