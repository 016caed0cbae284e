/* Test fixture: a fully valid handoff built with the real builder, with
 * typed pointers to every section so tests (and the fuzz corpus generator)
 * can break exactly one rule. Plain libc, no cmocka. */
#ifndef ERIX_TEST_HANDOFF_FIXTURE_H
#define ERIX_TEST_HANDOFF_FIXTURE_H

#include <handoff/builder.h>
#include <handoff/validate.h>

#define HF_PHYS         0x1000000ull /* where the fixture's handoff "lives" */
#define HF_CAPACITY     (64ull * ERIX_HANDOFF_PAGE_SIZE)
#define HF_UNKNOWN_TYPE 100

struct hf_opts {
	int no_framebuffer;
	int no_acpi;
	int acpi_rev0;       /* ACPI 1.0 RSDP (20 bytes) instead of 2.0 */
	uint32_t extra_mem;  /* extra alternating entries above 4 GiB */
	int extra_dense;     /* extra entries touch; every 8th is USABLE */
	int unknown_section; /* add a section of a type this version lacks */
	int no_digests;      /* leave out the DIGESTS section (a 1.0 loader) */
};

struct hf {
	uint8_t *buf; /* HF_CAPACITY bytes, page aligned */
	struct erix_handoff_header *h;
	struct erix_mem_entry *mem;
	uint64_t mem_count;
	struct erix_handoff_module *mods;
	uint64_t mod_count;
	struct erix_handoff_kernel *kernel;
	struct erix_handoff_page_tables *pt;
	struct erix_handoff_loader *loader;
	struct erix_handoff_framebuffer *fb;
	struct erix_handoff_acpi *acpi;
	struct erix_handoff_digest *digests; /* config, kernel, both modules */
	uint64_t digest_count;
};

/* Builds the handoff (0 on success). opts may be NULL. */
int hf_build(struct hf *f, const struct hf_opts *opts);
void hf_free(struct hf *f);

/* The section table entry of this type (first one), or NULL. */
struct erix_handoff_section *hf_section(struct hf *f, uint32_t type);

/* Index of the memory entry of this type (first one), or -1. */
int hf_mem_index(const struct hf *f, uint32_t type);

/* Validates a private copy of exactly buf_len bytes (so ASan catches any
 * read past it) at phys; buf_len 0 means total_size. */
enum erix_handoff_err hf_validate_len(const struct hf *f, uint64_t buf_len, uint64_t phys,
                                      struct erix_handoff_view *view);
enum erix_handoff_err hf_validate(const struct hf *f);

/* Writes a correct RSDP of this revision (0 or 2) into acpi. */
void hf_fill_rsdp(struct erix_handoff_acpi *acpi, uint32_t revision);

#endif
