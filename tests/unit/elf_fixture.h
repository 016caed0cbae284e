/* Test fixture: a small valid x86_64 ET_EXEC image built in memory (text,
 * rodata, data+bss, plus ignored headers), for tests that break one rule
 * and for the fuzz corpus generator. Plain libc, no cmocka. */
#ifndef ERIX_TEST_ELF_FIXTURE_H
#define ERIX_TEST_ELF_FIXTURE_H

#include <elf/elf64.h>

#define EF_FILE_SIZE 0x4000
#define EF_TEXT      0x400000ull
#define EF_ENTRY     (EF_TEXT + 0x10)
#define EF_MAX_PHDRS 20

/* Program header order in the file: data, note, text, empty load, rodata
 * (deliberately unsorted). */
enum { EF_PH_DATA, EF_PH_NOTE, EF_PH_TEXT, EF_PH_EMPTY, EF_PH_RODATA, EF_PH_COUNT };

struct ef {
	_Alignas(8) uint8_t buf[EF_FILE_SIZE];
	uint64_t size;
	struct elf64_ehdr *eh;
	struct elf64_phdr *ph; /* room for EF_MAX_PHDRS */
};

void ef_build(struct ef *e);

/* Replaces the program headers with n PT_LOAD segments of one page each at
 * EF_TEXT + i pages, the first one executable. */
void ef_many_segments(struct ef *e, unsigned n);

#endif
