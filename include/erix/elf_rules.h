/* ELF64 validator rules (shared/elf/): one code per rule. The kernel prints
 * ERIX_KERNEL:FAIL:ROOTD_ELF_<NAME>; bl prints ERIX_BL:FAIL:KERNEL_ELF with
 * rule=<NAME>. X(name, value) */
#ifndef ERIX_ELF_RULES_H
#define ERIX_ELF_RULES_H

#define ERIX_ELF_RULES(X)                                                                          \
	X(OK, 0)                                                                                   \
	X(TOO_SMALL, 1)            /* file shorter than the ELF header */                          \
	X(MAGIC, 2)                /* not \x7fELF */                                               \
	X(CLASS, 3)                /* not ELFCLASS64 */                                            \
	X(DATA, 4)                 /* not little endian */                                         \
	X(VERSION, 5)              /* e_ident version / e_version not 1 */                         \
	X(TYPE, 6)                 /* not ET_EXEC */                                               \
	X(MACHINE, 7)              /* not EM_X86_64 */                                             \
	X(HEADER_SIZE, 8)          /* e_ehsize / e_phentsize wrong */                              \
	X(PHDR_BOUNDS, 9)          /* program headers outside the file */                          \
	X(NO_SEGMENTS, 10)         /* no PT_LOAD, or too many */                                   \
	X(SEGMENT_FILE_BOUNDS, 11) /* p_offset + p_filesz outside the file */                      \
	X(SEGMENT_SIZE, 12)        /* p_filesz > p_memsz */                                        \
	X(SEGMENT_WRAP, 13)        /* p_vaddr + p_memsz wraps */                                   \
	X(SEGMENT_ALIGN, 14)       /* p_offset and p_vaddr disagree mod page */                    \
	X(SEGMENT_RANGE, 15)       /* segment outside the permitted window */                      \
	X(SEGMENT_OVERLAP, 16)     /* two PT_LOAD segments share a page */                         \
	X(SEGMENT_WX, 17)          /* a segment is writable and executable */                      \
	X(ENTRY, 18)               /* entry not inside an executable segment */

#endif
