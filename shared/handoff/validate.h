/* Handoff validator: checks every rule in ERIX_HANDOFF_RULES, in order, and
 * only then fills a view of the sections. Pure function of its input. */
#ifndef ERIX_SHARED_VALIDATE_H
#define ERIX_SHARED_VALIDATE_H

#include <erix/handoff.h>

enum erix_handoff_err {
#define ERIX_HO_ENUM(name, value) ERIX_HANDOFF_ERR_##name = value,
	ERIX_HANDOFF_RULES(ERIX_HO_ENUM)
#undef ERIX_HO_ENUM
	    ERIX_HANDOFF_ERR_COUNT
};

/* Pointers into the validated buffer. Optional sections are NULL when absent. */
struct erix_handoff_view {
	const struct erix_handoff_header *header;
	const struct erix_mem_entry *mem;
	uint64_t mem_count;
	const struct erix_handoff_module *modules;
	uint64_t module_count;
	const struct erix_handoff_kernel *kernel;
	const struct erix_handoff_page_tables *page_tables;
	const struct erix_handoff_loader *loader;
	const struct erix_handoff_framebuffer *framebuffer; /* optional */
	const struct erix_handoff_acpi *acpi;               /* optional */
	const struct erix_handoff_digest *digests;          /* optional (1.1) */
	uint64_t digest_count;
};

/* buf: the handoff as mapped; buf_len: bytes readable at buf (the validator
 * never reads past min(buf_len, total_size)); phys: the physical address bl
 * passed. On ERIX_HANDOFF_ERR_OK, *view is filled; otherwise it is zeroed. */
enum erix_handoff_err erix_handoff_validate(const void *buf, uint64_t buf_len, uint64_t phys,
                                            struct erix_handoff_view *view);

/* The rules of the two optional sections on their own (FRAMEBUFFER_RANGE;
 * RSDP_SIGNATURE, RSDP_CHECKSUM, RSDP_EXT_CHECKSUM), so bl leaves out a
 * firmware framebuffer or RSDP the kernel would refuse, by the same code. */
enum erix_handoff_err erix_handoff_check_framebuffer(const struct erix_handoff_framebuffer *fb);
enum erix_handoff_err erix_handoff_check_acpi(const struct erix_handoff_acpi *acpi);

/* "MAGIC", "CHECKSUM", ...; "UNKNOWN" for values outside the list. */
const char *erix_handoff_err_name(enum erix_handoff_err err);

#endif
