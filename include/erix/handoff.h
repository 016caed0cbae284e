/* The bl -> kernel boot handoff, version 1: the single definition of its
 * layout. bl builds it (shared/handoff/builder.c), the kernel validates it
 * (shared/handoff/validate.c) before using a byte of it.
 *
 * Layout: page-aligned, total_size bytes (a whole number of pages). Page 0
 * starts with the header, followed by the section table; sections follow,
 * 8-byte aligned, any of them may span pages. The CRC-32C covers all
 * total_size bytes with the checksum field read as zero.
 *
 * Compatibility: a handoff with the same major and a newer minor is accepted;
 * a newer minor may add section types (unknown types are bounds-checked and
 * otherwise ignored) but never changes the size of a known entry. */
#ifndef ERIX_HANDOFF_H
#define ERIX_HANDOFF_H

#include <stddef.h>
#include <stdint.h>

#define ERIX_HANDOFF_MAGIC              0x46464F4858495245ull /* "ERIXHOFF" little endian */
#define ERIX_HANDOFF_VERSION_MAJOR      1
#define ERIX_HANDOFF_VERSION_MINOR      1 /* 1.1: DIGESTS section */
#define ERIX_HANDOFF_PAGE_SIZE          4096
#define ERIX_HANDOFF_MAX_PAGES          1024 /* 4 MiB: bounds the validator's work */
#define ERIX_HANDOFF_MAX_SECTIONS       16
#define ERIX_HANDOFF_SECTION_ALIGN      8
#define ERIX_HANDOFF_MAX_MODULES        16
#define ERIX_HANDOFF_MODULE_NAME_MAX    32                             /* bytes including the NUL */
#define ERIX_HANDOFF_MODULE_CMDLINE_MAX 96                             /* bytes including the NUL */
#define ERIX_HANDOFF_DIGEST_PATH_MAX    128                            /* bytes including the NUL */
#define ERIX_HANDOFF_MAX_DIGESTS        (ERIX_HANDOFF_MAX_MODULES + 2) /* config, kernel */

struct erix_handoff_header {
	uint64_t magic;
	uint16_t version_major;
	uint16_t version_minor;
	uint32_t header_size; /* sizeof(struct erix_handoff_header) */
	uint64_t total_size;  /* bytes, multiple of ERIX_HANDOFF_PAGE_SIZE */
	uint32_t page_count;  /* total_size / ERIX_HANDOFF_PAGE_SIZE */
	uint32_t flags;       /* ERIX_HANDOFF_F_*; unknown bits ignored */
	uint32_t checksum;    /* CRC-32C over total_size bytes, this field as 0 */
	uint32_t section_count;
	uint64_t section_table_offset; /* from handoff start */
	uint64_t handoff_phys;         /* physical address of this header */
};
_Static_assert(sizeof(struct erix_handoff_header) == 56, "handoff header");
_Static_assert(offsetof(struct erix_handoff_header, magic) == 0, "magic");
_Static_assert(offsetof(struct erix_handoff_header, version_major) == 8, "vmaj");
_Static_assert(offsetof(struct erix_handoff_header, version_minor) == 10, "vmin");
_Static_assert(offsetof(struct erix_handoff_header, header_size) == 12, "hsize");
_Static_assert(offsetof(struct erix_handoff_header, total_size) == 16, "tsize");
_Static_assert(offsetof(struct erix_handoff_header, page_count) == 24, "pages");
_Static_assert(offsetof(struct erix_handoff_header, flags) == 28, "flags");
_Static_assert(offsetof(struct erix_handoff_header, checksum) == 32, "crc");
_Static_assert(offsetof(struct erix_handoff_header, section_count) == 36, "nsec");
_Static_assert(offsetof(struct erix_handoff_header, section_table_offset) == 40, "stab");
_Static_assert(offsetof(struct erix_handoff_header, handoff_phys) == 48, "phys");

#define ERIX_HANDOFF_F_SMOKE_LOADER 0x1 /* built by a test build of bl */
#define ERIX_HANDOFF_F_SECURE_BOOT  0x2 /* UEFI SecureBoot was 1 when bl ran (1.1) */

/* Section types. */
#define ERIX_HANDOFF_SECTION_MEMMAP      1
#define ERIX_HANDOFF_SECTION_FRAMEBUFFER 2
#define ERIX_HANDOFF_SECTION_ACPI        3
#define ERIX_HANDOFF_SECTION_MODULES     4
#define ERIX_HANDOFF_SECTION_KERNEL      5
#define ERIX_HANDOFF_SECTION_PAGE_TABLES 6
#define ERIX_HANDOFF_SECTION_LOADER      7
#define ERIX_HANDOFF_SECTION_DIGESTS     8 /* optional, since 1.1 */

struct erix_handoff_section {
	uint32_t type;
	uint32_t entry_size; /* must equal the known entry size for known types */
	uint64_t offset;     /* from handoff start, ERIX_HANDOFF_SECTION_ALIGN */
	uint64_t size;       /* bytes == entry_size * count */
	uint64_t count;
};
_Static_assert(sizeof(struct erix_handoff_section) == 32, "section");
_Static_assert(offsetof(struct erix_handoff_section, type) == 0, "type");
_Static_assert(offsetof(struct erix_handoff_section, entry_size) == 4, "esize");
_Static_assert(offsetof(struct erix_handoff_section, offset) == 8, "offset");
_Static_assert(offsetof(struct erix_handoff_section, size) == 16, "size");
_Static_assert(offsetof(struct erix_handoff_section, count) == 24, "count");

/* Normalised memory types (bl maps firmware types onto these). */
#define ERIX_MEM_USABLE             1
#define ERIX_MEM_RESERVED           2
#define ERIX_MEM_ACPI_RECLAIM       3
#define ERIX_MEM_ACPI_NVS           4
#define ERIX_MEM_MMIO               5
#define ERIX_MEM_LOADER_RECLAIMABLE 6
#define ERIX_MEM_KERNEL             7
#define ERIX_MEM_MODULE             8
#define ERIX_MEM_HANDOFF            9
#define ERIX_MEM_PAGE_TABLES        10
#define ERIX_MEM_FRAMEBUFFER        11
#define ERIX_MEM_UNUSABLE           12
#define ERIX_MEM_TYPE_MAX           12

/* Memory entry flags. */
#define ERIX_MEM_F_RUNTIME 0x1 /* firmware runtime-services region */

/* Memory map: sorted by base, page aligned, non-empty, not overlapping. */
struct erix_mem_entry {
	uint64_t base;
	uint64_t length;
	uint32_t type;
	uint32_t flags;
};
_Static_assert(sizeof(struct erix_mem_entry) == 24, "mem entry");
_Static_assert(offsetof(struct erix_mem_entry, base) == 0, "base");
_Static_assert(offsetof(struct erix_mem_entry, length) == 8, "length");
_Static_assert(offsetof(struct erix_mem_entry, type) == 16, "type");
_Static_assert(offsetof(struct erix_mem_entry, flags) == 20, "flags");

#define ERIX_FB_FORMAT_RGBX8   1 /* byte 0 red */
#define ERIX_FB_FORMAT_BGRX8   2 /* byte 0 blue */
#define ERIX_FB_FORMAT_BITMASK 3

struct erix_handoff_framebuffer {
	uint64_t base; /* physical */
	uint64_t size; /* bytes, >= pitch * height */
	uint32_t width;
	uint32_t height;
	uint32_t pitch; /* bytes per scan line, >= width * bpp / 8 */
	uint32_t bpp;   /* 32 for the RGBX8/BGRX8 formats */
	uint32_t format;
	uint32_t red_mask;
	uint32_t green_mask;
	uint32_t blue_mask;
	uint32_t reserved_mask;
	uint32_t pad;
};
_Static_assert(sizeof(struct erix_handoff_framebuffer) == 56, "fb");
_Static_assert(offsetof(struct erix_handoff_framebuffer, base) == 0, "base");
_Static_assert(offsetof(struct erix_handoff_framebuffer, size) == 8, "size");
_Static_assert(offsetof(struct erix_handoff_framebuffer, width) == 16, "width");
_Static_assert(offsetof(struct erix_handoff_framebuffer, height) == 20, "height");
_Static_assert(offsetof(struct erix_handoff_framebuffer, pitch) == 24, "pitch");
_Static_assert(offsetof(struct erix_handoff_framebuffer, bpp) == 28, "bpp");
_Static_assert(offsetof(struct erix_handoff_framebuffer, format) == 32, "format");
_Static_assert(offsetof(struct erix_handoff_framebuffer, red_mask) == 36, "red");
_Static_assert(offsetof(struct erix_handoff_framebuffer, reserved_mask) == 48, "rsvd");

#define ERIX_RSDP_V1_LENGTH 20
#define ERIX_RSDP_V2_LENGTH 36

/* ACPI root: the RSDP's address and a copy of its bytes, so the validator
 * checks signature and checksums without touching firmware memory. */
struct erix_handoff_acpi {
	uint64_t rsdp_phys;
	uint32_t revision; /* RSDP revision byte: 0 = ACPI 1.0, >= 2 = 2.0+ */
	uint32_t length;   /* bytes valid in rsdp[]: 20 or 36 */
	uint8_t rsdp[ERIX_RSDP_V2_LENGTH];
	uint8_t pad[4];
};
_Static_assert(sizeof(struct erix_handoff_acpi) == 56, "acpi");
_Static_assert(offsetof(struct erix_handoff_acpi, rsdp_phys) == 0, "rsdp_phys");
_Static_assert(offsetof(struct erix_handoff_acpi, revision) == 8, "revision");
_Static_assert(offsetof(struct erix_handoff_acpi, length) == 12, "length");
_Static_assert(offsetof(struct erix_handoff_acpi, rsdp) == 16, "rsdp");

/* One loaded module: file bytes at phys_base (page aligned), the rest of
 * the last page zero. Strings are NUL-terminated inside their arrays. */
struct erix_handoff_module {
	uint64_t phys_base;
	uint64_t size;
	char name[ERIX_HANDOFF_MODULE_NAME_MAX];
	char cmdline[ERIX_HANDOFF_MODULE_CMDLINE_MAX];
};
_Static_assert(sizeof(struct erix_handoff_module) == 144, "module");
_Static_assert(offsetof(struct erix_handoff_module, phys_base) == 0, "base");
_Static_assert(offsetof(struct erix_handoff_module, size) == 8, "size");
_Static_assert(offsetof(struct erix_handoff_module, name) == 16, "name");
_Static_assert(offsetof(struct erix_handoff_module, cmdline) == 48, "cmdline");

/* The kernel image: one physically contiguous copy of [virt_base,
 * virt_base + virt_size), so phys = phys_base + (va - virt_base). */
struct erix_handoff_kernel {
	uint64_t phys_base;
	uint64_t phys_size;
	uint64_t virt_base;
	uint64_t virt_size;
	uint64_t entry;
};
_Static_assert(sizeof(struct erix_handoff_kernel) == 40, "kernel");
_Static_assert(offsetof(struct erix_handoff_kernel, phys_base) == 0, "pbase");
_Static_assert(offsetof(struct erix_handoff_kernel, phys_size) == 8, "psize");
_Static_assert(offsetof(struct erix_handoff_kernel, virt_base) == 16, "vbase");
_Static_assert(offsetof(struct erix_handoff_kernel, virt_size) == 24, "vsize");
_Static_assert(offsetof(struct erix_handoff_kernel, entry) == 32, "entry");

/* The boot page tables bl built: all pages in [phys_base, +size). */
struct erix_handoff_page_tables {
	uint64_t phys_base;
	uint64_t size;
	uint64_t cr3; /* the PML4, inside the range */
};
_Static_assert(sizeof(struct erix_handoff_page_tables) == 24, "page tables");
_Static_assert(offsetof(struct erix_handoff_page_tables, phys_base) == 0, "pbase");
_Static_assert(offsetof(struct erix_handoff_page_tables, size) == 8, "size");
_Static_assert(offsetof(struct erix_handoff_page_tables, cr3) == 16, "cr3");

#define ERIX_LOADER_VERSION 0x00010000 /* 1.0 */

struct erix_handoff_loader {
	uint32_t loader_version;
	uint32_t firmware_revision;
	uint64_t tsc_loader_start;
	uint64_t tsc_before_jump;
	uint64_t reserved;
};
_Static_assert(sizeof(struct erix_handoff_loader) == 32, "loader");
_Static_assert(offsetof(struct erix_handoff_loader, loader_version) == 0, "ver");
_Static_assert(offsetof(struct erix_handoff_loader, firmware_revision) == 4, "fw");
_Static_assert(offsetof(struct erix_handoff_loader, tsc_loader_start) == 8, "tsc0");
_Static_assert(offsetof(struct erix_handoff_loader, tsc_before_jump) == 16, "tsc1");

/* What booted: one entry per file bl loaded (BOOT.CFG, the kernel, each
 * module, in that order), with the SHA-256 of its bytes as read. VERIFIED:
 * the bytes matched a digest bl was given (a BOOT.CFG sha256= field, or for
 * BOOT.CFG the digest embedded in the signed loader); without it the digest
 * is only a record. Unknown flag bits are ignored. */
#define ERIX_DIGEST_KIND_CONFIG 1
#define ERIX_DIGEST_KIND_KERNEL 2
#define ERIX_DIGEST_KIND_MODULE 3
#define ERIX_DIGEST_KIND_MAX    3
#define ERIX_DIGEST_F_VERIFIED  0x1

struct erix_handoff_digest {
	uint32_t kind;
	uint32_t flags;
	uint8_t sha256[32];
	char path[ERIX_HANDOFF_DIGEST_PATH_MAX]; /* ESP path, NUL-terminated, non-empty */
};
_Static_assert(sizeof(struct erix_handoff_digest) == 168, "digest");
_Static_assert(offsetof(struct erix_handoff_digest, kind) == 0, "kind");
_Static_assert(offsetof(struct erix_handoff_digest, flags) == 4, "flags");
_Static_assert(offsetof(struct erix_handoff_digest, sha256) == 8, "sha256");
_Static_assert(offsetof(struct erix_handoff_digest, path) == 40, "path");

/* Validator rules: one error code per rule (header rules are checked in
 * this order; section rules per section: bounds, alignment, entry size).
 * The kernel prints ERIX_KERNEL:FAIL:HANDOFF_<NAME>; tests iterate this list.
 * X(name, value) */
#define ERIX_HANDOFF_RULES(X)                                                                      \
	X(OK, 0)                                                                                   \
	X(MAGIC, 1)                  /* magic mismatch */                                          \
	X(VERSION, 2)                /* major differs */                                           \
	X(HEADER_SIZE, 3)            /* header_size != sizeof header */                            \
	X(TOTAL_SIZE, 4)             /* not whole pages, or > buffer */                            \
	X(PAGE_COUNT, 5)             /* != total/page, or > MAX_PAGES */                           \
	X(CHECKSUM, 6)               /* CRC-32C mismatch */                                        \
	X(ADDRESS, 7)                /* handoff_phys != where it was found */                      \
	X(SECTION_TABLE, 8)          /* table outside page 0.. or too many */                      \
	X(SECTION_BOUNDS, 9)         /* section outside total_size */                              \
	X(SECTION_ALIGN, 10)         /* section offset not 8-aligned */                            \
	X(SECTION_OVERLAP, 11)       /* sections/header/table overlap */                           \
	X(SECTION_MISSING, 12)       /* required section absent */                                 \
	X(SECTION_DUPLICATE, 13)     /* section present twice */                                   \
	X(ENTRY_SIZE, 14)            /* entry_size or size*count wrong */                          \
	X(MEM_EMPTY, 15)             /* zero-length entry or empty map */                          \
	X(MEM_ALIGN, 16)             /* base/length not page aligned */                            \
	X(MEM_WRAP, 17)              /* base + length wraps */                                     \
	X(MEM_TYPE, 18)              /* unknown memory type */                                     \
	X(MEM_ORDER, 19)             /* not sorted by base */                                      \
	X(MEM_OVERLAP, 20)           /* entries overlap */                                         \
	X(KERNEL_RANGE, 21)          /* kernel ranges malformed */                                 \
	X(KERNEL_COVER, 22)          /* kernel not covered by KERNEL memory */                     \
	X(HANDOFF_COVER, 23)         /* handoff not covered by HANDOFF memory */                   \
	X(PAGE_TABLES_RANGE, 24)     /* page-table range malformed */                              \
	X(PAGE_TABLES_COVER, 25)     /* not covered by PAGE_TABLES memory */                       \
	X(MODULE_RANGE, 26)          /* module range malformed */                                  \
	X(MODULE_COVER, 27)          /* module not covered by MODULE memory */                     \
	X(MODULE_NAME, 28)           /* name empty or not terminated */                            \
	X(MODULE_CMDLINE, 29)        /* cmdline not terminated */                                  \
	X(MODULE_NAME_DUPLICATE, 30) /* two modules share a name */                                \
	X(FRAMEBUFFER_RANGE, 31)     /* fb geometry/range malformed */                             \
	X(FRAMEBUFFER_COVER, 32)     /* fb not covered by FRAMEBUFFER memory */                    \
	X(RSDP_SIGNATURE, 33)        /* not "RSD PTR " or bad length/revision */                   \
	X(RSDP_CHECKSUM, 34)         /* first 20 bytes do not sum to 0 */                          \
	X(RSDP_EXT_CHECKSUM, 35)     /* revision >= 2: 36 bytes do not sum to 0 */                 \
	X(DIGEST_KIND, 36)           /* digest entry of an unknown kind */                         \
	X(DIGEST_PATH, 37)           /* digest path empty or not terminated */

#endif
