/* libFuzzer target for the handoff validator. Input byte 0 bit 0 asks the
 * harness to reseal the CRC (so mutations get past CHECKSUM); the rest is
 * the handoff, copied to a page-aligned buffer whose slack is poisoned so
 * any read past buf_len is an ASan report. */
#include <sanitizer/asan_interface.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <handoff/builder.h>
#include <handoff/validate.h>

#define PAGE ERIX_HANDOFF_PAGE_SIZE

/* On success the view must point inside the buffer; touch every byte of it. */
static void check_view(const struct erix_handoff_view *v, const uint8_t *buf, uint64_t len)
{
	const uint8_t *end = buf + len;
	volatile uint64_t sink = 0;

	if ((const uint8_t *)v->mem < buf || (const uint8_t *)(v->mem + v->mem_count) > end ||
	    (const uint8_t *)(v->modules + v->module_count) > end)
		__builtin_trap();
	for (uint64_t i = 0; i < v->mem_count; i++)
		sink += v->mem[i].base + v->mem[i].length;
	for (uint64_t i = 0; i < v->module_count; i++)
		sink += v->modules[i].size + (uint64_t)strlen(v->modules[i].name) +
		        (uint64_t)strlen(v->modules[i].cmdline);
	sink += v->kernel->entry + v->page_tables->cr3 + v->loader->loader_version;
	if (v->framebuffer)
		sink += v->framebuffer->size;
	if (v->acpi)
		sink += v->acpi->rsdp[35];
	(void)sink;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct erix_handoff_header *h;
	struct erix_handoff_view view;
	uint64_t len, cap, phys = 0;
	uint8_t *buf;
	int reseal;

	if (size < 1)
		return 0;
	reseal = data[0] & 1;
	len = size - 1;
	cap = (len + PAGE - 1) / PAGE * PAGE + PAGE;
	buf = aligned_alloc(PAGE, cap);
	if (!buf)
		return 0;
	memcpy(buf, data + 1, len);
	h = (struct erix_handoff_header *)buf;
	if (len >= sizeof(*h)) {
		phys = h->handoff_phys;
		if (reseal && h->total_size <= len)
			erix_hb_reseal(buf);
	}
	ASAN_POISON_MEMORY_REGION(buf + len, cap - len);
	if (erix_handoff_validate(buf, len, phys, &view) == ERIX_HANDOFF_ERR_OK)
		check_view(&view, buf, len);
	ASAN_UNPOISON_MEMORY_REGION(buf + len, cap - len);
	free(buf);
	return 0;
}
