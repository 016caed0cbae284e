/* The kernel -> rootd bootinfo format's code: the builder (kernel, host
 * tests) and the validator (rootd, host tests, fuzzer), freestanding, so
 * both ends run exactly the code the host tests exercise. */
#ifndef ERIX_SHARED_BOOTINFO_H
#define ERIX_SHARED_BOOTINFO_H

#include <erix/bootinfo.h>

enum erix_bootinfo_err {
#define ERIX_BI_ENUM(name, value) ERIX_BOOTINFO_ERR_##name = value,
	ERIX_BOOTINFO_RULES(ERIX_BI_ENUM)
#undef ERIX_BI_ENUM
	    ERIX_BOOTINFO_ERR_COUNT
};

/* ---------------------------------------------------------------- builder */

struct erix_bib {
	uint8_t *buf;
	uint32_t capacity;
	struct erix_bootinfo_header *h;
};

/* Zeroes buf[0, capacity) (8-byte aligned buf) and lays out the header, the
 * platform entry and tables for exactly untyped_count and module_count
 * entries, in that order. self_vaddr is where rootd will find it. Returns
 * 0, or -1 if a count exceeds its maximum or the layout does not fit. */
int erix_bib_init(struct erix_bib *b, void *buf, uint32_t capacity, uint64_t self_vaddr,
                  uint32_t untyped_count, uint32_t module_count);
/* Bytes erix_bib_init lays out for these counts (no bound checked). */
uint64_t erix_bib_size(uint32_t untyped_count, uint32_t module_count);

struct erix_bootinfo_platform *erix_bib_platform(struct erix_bib *b);
/* Entry i of the untyped or module table, NULL if i is past its count. */
struct erix_bootinfo_untyped *erix_bib_untyped(struct erix_bib *b, uint32_t i);
struct erix_bootinfo_module *erix_bib_module(struct erix_bib *b, uint32_t i);
/* Fills module entry i; name and cmdline are copied NUL-terminated.
 * Returns 0, or -1 if i is past the count or a string does not fit. */
int erix_bib_set_module(struct erix_bib *b, uint32_t i, const char *name, const char *cmdline,
                        uint64_t vaddr, uint64_t size);
/* Seals the checksum; returns total_size. Call again after a late edit. */
uint32_t erix_bib_finish(struct erix_bib *b);
/* Recomputes the checksum of a finished bootinfo (tests break then reseal). */
void erix_bib_reseal(void *bootinfo);

/* -------------------------------------------------------------- validator */

/* Pointers into the validated buffer. */
struct erix_bootinfo_view {
	const struct erix_bootinfo_header *header;
	const struct erix_bootinfo_platform *platform;
	const struct erix_bootinfo_untyped *untyped;
	uint32_t untyped_count;
	uint32_t untyped_ram_count; /* the RAM entries are untyped[0, ram_count) */
	const struct erix_bootinfo_module *modules;
	uint32_t module_count;
};

/* buf: the bootinfo as mapped (8-byte aligned); buf_len: bytes readable at
 * buf (never read past min(buf_len, total_size)); vaddr: the address it was
 * found at. Checks ERIX_BOOTINFO_RULES in order. On ERIX_BOOTINFO_ERR_OK
 * *view (may be NULL) is filled, otherwise zeroed. */
enum erix_bootinfo_err erix_bootinfo_validate(const void *buf, uint64_t buf_len, uint64_t vaddr,
                                              struct erix_bootinfo_view *view);

/* The module called name in a validated view, or NULL. */
const struct erix_bootinfo_module *erix_bootinfo_find_module(const struct erix_bootinfo_view *v,
                                                             const char *name);

/* "MAGIC", "CHECKSUM", ...; "UNKNOWN" for values outside the list. */
const char *erix_bootinfo_err_name(enum erix_bootinfo_err err);

#endif
