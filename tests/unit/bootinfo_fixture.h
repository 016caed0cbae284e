/* Test fixture: a fully valid kernel -> rootd bootinfo built with the real
 * builder (RAM untyped, device untyped, modules, every platform fact), with
 * typed pointers so tests and the fuzz corpus generator can break exactly
 * one rule. Plain libc, no cmocka. */
#ifndef ERIX_TEST_BOOTINFO_FIXTURE_H
#define ERIX_TEST_BOOTINFO_FIXTURE_H

#include <bootinfo/bootinfo.h>

#define BF_VADDR    0x0000700000000000ull /* where the fixture's bootinfo "lives" */
#define BF_CAPACITY ERIX_BOOTINFO_MAX_SIZE

struct bf {
	uint8_t *buf; /* BF_CAPACITY bytes, page aligned */
	struct erix_bib b;
	struct erix_bootinfo_header *h;
	struct erix_bootinfo_platform *p;
	struct erix_bootinfo_untyped *ut; /* n_ram RAM entries, then n_dev device */
	struct erix_bootinfo_module *mod;
	uint32_t n_ram, n_dev, n_mod;
};

/* Builds and seals the bootinfo (0 on success). RAM block i is 1 MiB at
 * (i + 1) MiB, device block i 1 MiB at 4 GiB + i MiB; module 0 is "rootd",
 * module i is 0x1234 bytes at ERIX_MODULES_BASE + i * 64 KiB. */
int bf_build(struct bf *f, uint32_t n_ram, uint32_t n_dev, uint32_t n_mod);
void bf_free(struct bf *f);

/* Validates a private copy of exactly buf_len bytes (so ASan catches any
 * read past it) found at vaddr; buf_len 0 means total_size. */
enum erix_bootinfo_err bf_validate_len(const struct bf *f, uint64_t buf_len, uint64_t vaddr);
enum erix_bootinfo_err bf_validate(const struct bf *f);

#endif
