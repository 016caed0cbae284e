/* Host tests for shared/handoff/builder.c: layout, limits, set_count,
 * finish/reseal, and that what it builds passes the validator. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "handoff_fixture.h"
#include <handoff/crc32c.h>

#define PAGE ERIX_HANDOFF_PAGE_SIZE

static uint8_t *page_buf(uint64_t pages)
{
	uint8_t *b = aligned_alloc(PAGE, pages * PAGE);

	assert_non_null(b);
	return b;
}

static void test_init_limits(void **state)
{
	struct erix_hb b;
	uint8_t *buf = page_buf(2);

	(void)state;
	assert_int_equal(erix_hb_init(&b, buf, 0, 0), -1);
	assert_int_equal(erix_hb_init(&b, buf, PAGE + 8, 0), -1);
	assert_int_equal(erix_hb_init(&b, buf, 2 * PAGE, 0x5000), 0);
	assert_int_equal(b.capacity, 2 * PAGE);
	free(buf);
}

static void test_layout(void **state)
{
	const struct erix_handoff_header *h;
	const struct erix_handoff_section *t;
	struct erix_hb b;
	uint8_t *buf = page_buf(4);
	uint8_t *loader, *mem;

	(void)state;
	assert_int_equal(erix_hb_init(&b, buf, 4 * PAGE, 0x7000), 0);
	h = (const void *)buf;
	assert_int_equal(h->magic, ERIX_HANDOFF_MAGIC);
	assert_int_equal(h->header_size, sizeof(*h));
	assert_int_equal(h->handoff_phys, 0x7000);
	assert_true(h->section_table_offset >= sizeof(*h));
	loader = erix_hb_add(&b, ERIX_HANDOFF_SECTION_LOADER, 32, 1);
	mem = erix_hb_add(&b, ERIX_HANDOFF_SECTION_MEMMAP, 24, 200); /* crosses a page */
	assert_non_null(loader);
	assert_non_null(mem);
	t = (const void *)(buf + h->section_table_offset);
	assert_int_equal(h->section_count, 2);
	assert_int_equal(t[1].offset % ERIX_HANDOFF_SECTION_ALIGN, 0);
	assert_int_equal(t[1].offset, t[0].offset + 32);
	assert_int_equal(t[1].size, 24 * 200);
	assert_ptr_equal(mem, buf + t[1].offset);
	/* Reserve-then-fill: shrink, never grow, unknown type fails. */
	assert_int_equal(erix_hb_set_count(&b, ERIX_HANDOFF_SECTION_MEMMAP, 150), 0);
	assert_int_equal(t[1].count, 150);
	assert_int_equal(t[1].size, 24 * 150);
	assert_int_equal(erix_hb_set_count(&b, ERIX_HANDOFF_SECTION_MEMMAP, 151), -1);
	assert_int_equal(erix_hb_set_count(&b, ERIX_HANDOFF_SECTION_ACPI, 1), -1);
	assert_int_equal(erix_hb_finish(&b), 2);
	assert_int_equal(h->total_size, 2 * PAGE);
	assert_int_equal(h->page_count, 2);
	free(buf);
}

static void test_full(void **state)
{
	struct erix_hb b;
	uint8_t *buf = page_buf(1);

	(void)state;
	assert_int_equal(erix_hb_init(&b, buf, PAGE, 0), 0);
	assert_null(erix_hb_add(&b, 99, 8, PAGE));                /* larger than the buffer */
	assert_null(erix_hb_add(&b, 99, 0xFFFFFFFF, 1ull << 40)); /* size overflows */
	for (int i = 0; i < ERIX_HANDOFF_MAX_SECTIONS; i++)
		assert_non_null(erix_hb_add(&b, 99, 8, 1));
	assert_null(erix_hb_add(&b, 99, 8, 1)); /* table full */
	free(buf);
}

static void test_checksum_and_reseal(void **state)
{
	struct hf f;
	uint32_t crc;

	(void)state;
	assert_int_equal(hf_build(&f, NULL), 0);
	crc = f.h->checksum;
	f.h->checksum = 0;
	assert_int_equal(erix_crc32c(0, f.buf, f.h->total_size), crc);
	f.h->checksum = crc;
	assert_int_equal(hf_validate(&f), ERIX_HANDOFF_ERR_OK);
	f.loader->reserved = 1;
	assert_int_equal(hf_validate(&f), ERIX_HANDOFF_ERR_CHECKSUM);
	erix_hb_reseal(f.buf);
	assert_int_equal(hf_validate(&f), ERIX_HANDOFF_ERR_OK);
	hf_free(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_init_limits),
	    cmocka_unit_test(test_layout),
	    cmocka_unit_test(test_full),
	    cmocka_unit_test(test_checksum_and_reseal),
	};

	return cmocka_run_group_tests_name("handoff_builder", tests, NULL, NULL);
}
