/* Handoff builder: lays out header, section table and sections in a
 * caller-provided, page-aligned buffer. Used by bl and by host tests that
 * need well-formed handoffs to break. Freestanding. */
#ifndef ERIX_SHARED_BUILDER_H
#define ERIX_SHARED_BUILDER_H

#include <erix/handoff.h>

struct erix_hb {
	uint8_t *buf;      /* start of the handoff (page 0) */
	uint64_t capacity; /* bytes available, whole pages */
	uint64_t used;     /* bytes laid out so far */
};

/* Zeroes buf[0, capacity), writes the header and an empty section table with
 * room for ERIX_HANDOFF_MAX_SECTIONS entries. phys is where buf lives
 * physically. Returns 0, or -1 if capacity is not whole pages or too small. */
int erix_hb_init(struct erix_hb *b, void *buf, uint64_t capacity, uint64_t phys);

/* Appends a section of count entries of entry_size bytes, 8-byte aligned,
 * zeroed. Returns a pointer to its first entry, or NULL if the table or the
 * buffer is full. */
void *erix_hb_add(struct erix_hb *b, uint32_t type, uint32_t entry_size, uint64_t count);

/* Shrinks the count of the section of this type (reserve-then-fill, as for
 * the memory map whose final size is known only at ExitBootServices).
 * Returns 0, or -1 if there is no such section or count would grow. */
int erix_hb_set_count(struct erix_hb *b, uint32_t type, uint64_t count);

/* Sets total_size/page_count (used bytes rounded up to pages) and the
 * checksum. Returns the page count. */
uint32_t erix_hb_finish(struct erix_hb *b);

/* Recomputes the checksum after a late edit of a finished handoff. */
void erix_hb_reseal(void *handoff);

#endif
