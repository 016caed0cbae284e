/* ELF64 executable validator for x86_64, used by bl (the kernel image) and
 * the kernel (rootd and other user modules). The ELF structures are the
 * System V ABI's; the rules are ERIX_ELF_RULES in include/erix/elf_rules.h. */
#ifndef ERIX_SHARED_ELF64_H
#define ERIX_SHARED_ELF64_H

#include <erix/elf_rules.h>
#include <stddef.h>
#include <stdint.h>

struct elf64_ehdr {
	uint8_t e_ident[16];
	uint16_t e_type;
	uint16_t e_machine;
	uint32_t e_version;
	uint64_t e_entry;
	uint64_t e_phoff;
	uint64_t e_shoff;
	uint32_t e_flags;
	uint16_t e_ehsize;
	uint16_t e_phentsize;
	uint16_t e_phnum;
	uint16_t e_shentsize;
	uint16_t e_shnum;
	uint16_t e_shstrndx;
};
_Static_assert(sizeof(struct elf64_ehdr) == 64, "ehdr");

struct elf64_phdr {
	uint32_t p_type;
	uint32_t p_flags;
	uint64_t p_offset;
	uint64_t p_vaddr;
	uint64_t p_paddr;
	uint64_t p_filesz;
	uint64_t p_memsz;
	uint64_t p_align;
};
_Static_assert(sizeof(struct elf64_phdr) == 56, "phdr");

#define ELF64_PT_LOAD           1
#define ELF64_PF_X              1
#define ELF64_PF_W              2
#define ELF64_PF_R              4
#define ELF64_MAX_LOAD_SEGMENTS 16

enum erix_elf_err {
#define ERIX_ELF_ENUM(name, value) ERIX_ELF_ERR_##name = value,
	ERIX_ELF_RULES(ERIX_ELF_ENUM)
#undef ERIX_ELF_ENUM
	    ERIX_ELF_ERR_COUNT
};

/* One PT_LOAD segment, page-rounded view: [vaddr, vaddr + memsz) gets
 * file bytes [offset, offset + filesz) at vaddr, the rest zero. */
struct erix_elf_segment {
	uint64_t vaddr;
	uint64_t memsz;
	uint64_t offset;
	uint64_t filesz;
	uint32_t flags; /* ELF64_PF_* */
};

struct erix_elf_image {
	uint64_t entry;
	uint64_t vaddr_min; /* page-aligned down lowest segment start */
	uint64_t vaddr_max; /* page-aligned up highest segment end */
	uint32_t segment_count;
	struct erix_elf_segment segments[ELF64_MAX_LOAD_SEGMENTS];
};

/* Validates file[0, size) as an x86_64 ET_EXEC whose PT_LOAD segments lie in
 * [window_min, window_max) (vaddr_max <= window_max), sorted segments don't
 * share a page, and none is W+X. Fills *img on success. */
enum erix_elf_err erix_elf_validate(const void *file, uint64_t size, uint64_t window_min,
                                    uint64_t window_max, struct erix_elf_image *img);

const char *erix_elf_err_name(enum erix_elf_err err);

#endif
