/* Handoff builder: the one piece of code that lays out a handoff, so bl and
 * the host tests produce the same format. */
#include "builder.h"

#include "crc32c.h"

static struct erix_handoff_header *hdr(struct erix_hb *b)
{
	return (struct erix_handoff_header *)b->buf;
}

static struct erix_handoff_section *table(struct erix_hb *b)
{
	return (struct erix_handoff_section *)(b->buf + hdr(b)->section_table_offset);
}

static uint64_t align_up(uint64_t v, uint64_t a)
{
	return (v + a - 1) & ~(a - 1);
}

int erix_hb_init(struct erix_hb *b, void *buf, uint64_t capacity, uint64_t phys)
{
	struct erix_handoff_header *h = buf;
	uint64_t table_off = align_up(sizeof(*h), ERIX_HANDOFF_SECTION_ALIGN);
	uint64_t table_end =
	    table_off + ERIX_HANDOFF_MAX_SECTIONS * sizeof(struct erix_handoff_section);

	if (capacity == 0 || capacity % ERIX_HANDOFF_PAGE_SIZE != 0 || capacity < table_end)
		return -1;
	for (uint64_t i = 0; i < capacity; i++)
		((uint8_t *)buf)[i] = 0;
	b->buf = buf;
	b->capacity = capacity;
	b->used = table_end;
	h->magic = ERIX_HANDOFF_MAGIC;
	h->version_major = ERIX_HANDOFF_VERSION_MAJOR;
	h->version_minor = ERIX_HANDOFF_VERSION_MINOR;
	h->header_size = sizeof(*h);
	h->section_table_offset = table_off;
	h->handoff_phys = phys;
	return 0;
}

void *erix_hb_add(struct erix_hb *b, uint32_t type, uint32_t entry_size, uint64_t count)
{
	struct erix_handoff_header *h = hdr(b);
	uint64_t off = align_up(b->used, ERIX_HANDOFF_SECTION_ALIGN);
	uint64_t size = (uint64_t)entry_size * count;
	struct erix_handoff_section *s;

	if (h->section_count >= ERIX_HANDOFF_MAX_SECTIONS)
		return 0;
	if (count != 0 && size / count != entry_size)
		return 0;
	if (off > b->capacity || size > b->capacity - off)
		return 0;
	s = &table(b)[h->section_count++];
	s->type = type;
	s->entry_size = entry_size;
	s->offset = off;
	s->size = size;
	s->count = count;
	b->used = off + size;
	return b->buf + off;
}

int erix_hb_set_count(struct erix_hb *b, uint32_t type, uint64_t count)
{
	struct erix_handoff_header *h = hdr(b);

	for (uint32_t i = 0; i < h->section_count; i++) {
		struct erix_handoff_section *s = &table(b)[i];
		if (s->type != type)
			continue;
		if (count > s->count)
			return -1;
		s->count = count;
		s->size = (uint64_t)s->entry_size * count;
		return 0;
	}
	return -1;
}

uint32_t erix_hb_finish(struct erix_hb *b)
{
	struct erix_handoff_header *h = hdr(b);

	h->total_size = align_up(b->used, ERIX_HANDOFF_PAGE_SIZE);
	h->page_count = (uint32_t)(h->total_size / ERIX_HANDOFF_PAGE_SIZE);
	erix_hb_reseal(b->buf);
	return h->page_count;
}

void erix_hb_reseal(void *handoff)
{
	struct erix_handoff_header *h = handoff;

	h->checksum = 0;
	h->checksum = erix_crc32c(0, handoff, h->total_size);
}
