/* The kernel -> rootd bootinfo, version 1: the single definition of its
 * layout. The kernel builds it (shared/bootinfo/builder.c) into fresh frames
 * mapped read-only at ERIX_BOOTINFO_BASE; rootd validates it
 * (shared/bootinfo/validate.c) before using a byte of it.
 *
 * Layout: total_size bytes (a multiple of 8, at most ERIX_BOOTINFO_MAX_SIZE)
 * starting with the header; three tables follow, each 8-byte aligned inside
 * total_size and disjoint: the platform facts (one entry), the untyped caps
 * and the boot modules. The CRC-32C covers all total_size bytes with the
 * checksum field read as zero. Pad and reserved fields are written as zero
 * and ignored by the validator.
 *
 * Compatibility: the same major with a newer minor is accepted; a newer
 * minor may set new platform flags and put data after the tables, but
 * never changes the size of a known entry. */
#ifndef ERIX_BOOTINFO_H
#define ERIX_BOOTINFO_H

#include <stddef.h>
#include <stdint.h>

#include <erix/handoff.h>

#define ERIX_BOOTINFO_MAGIC              0x4F464E4958495245ull /* "ERIXINFO" little endian */
#define ERIX_BOOTINFO_VERSION_MAJOR      1
#define ERIX_BOOTINFO_VERSION_MINOR      0
#define ERIX_BOOTINFO_MAX_SIZE           0x10000 /* bytes; the mapping at ERIX_BOOTINFO_BASE */
#define ERIX_BOOTINFO_ALIGN              8
#define ERIX_BOOTINFO_MAX_MODULES        ERIX_HANDOFF_MAX_MODULES
#define ERIX_BOOTINFO_MODULE_NAME_MAX    ERIX_HANDOFF_MODULE_NAME_MAX    /* incl. NUL */
#define ERIX_BOOTINFO_MODULE_CMDLINE_MAX ERIX_HANDOFF_MODULE_CMDLINE_MAX /* incl. NUL */
/* The module the kernel starts as the root task (BOOT.CFG "module rootd"). */
#define ERIX_ROOTD_MODULE_NAME           "rootd"

struct erix_bootinfo_header {
	uint64_t magic;
	uint16_t version_major;
	uint16_t version_minor;
	uint32_t header_size; /* sizeof(struct erix_bootinfo_header) */
	uint32_t total_size;  /* bytes, multiple of ERIX_BOOTINFO_ALIGN */
	uint32_t checksum;    /* CRC-32C over total_size bytes, this field as 0 */
	uint64_t self_vaddr;  /* user address the kernel mapped this at */
	uint32_t platform_offset;
	uint32_t platform_size; /* sizeof(struct erix_bootinfo_platform) */
	uint32_t untyped_offset;
	uint32_t untyped_count;
	uint32_t untyped_entry_size; /* sizeof(struct erix_bootinfo_untyped) */
	uint32_t module_offset;
	uint32_t module_count;
	uint32_t module_entry_size; /* sizeof(struct erix_bootinfo_module) */
};
_Static_assert(sizeof(struct erix_bootinfo_header) == 64, "bootinfo header");
_Static_assert(offsetof(struct erix_bootinfo_header, magic) == 0, "magic");
_Static_assert(offsetof(struct erix_bootinfo_header, version_major) == 8, "vmaj");
_Static_assert(offsetof(struct erix_bootinfo_header, version_minor) == 10, "vmin");
_Static_assert(offsetof(struct erix_bootinfo_header, header_size) == 12, "hsize");
_Static_assert(offsetof(struct erix_bootinfo_header, total_size) == 16, "tsize");
_Static_assert(offsetof(struct erix_bootinfo_header, checksum) == 20, "crc");
_Static_assert(offsetof(struct erix_bootinfo_header, self_vaddr) == 24, "self");
_Static_assert(offsetof(struct erix_bootinfo_header, platform_offset) == 32, "poff");
_Static_assert(offsetof(struct erix_bootinfo_header, platform_size) == 36, "psize");
_Static_assert(offsetof(struct erix_bootinfo_header, untyped_offset) == 40, "uoff");
_Static_assert(offsetof(struct erix_bootinfo_header, untyped_count) == 44, "ucount");
_Static_assert(offsetof(struct erix_bootinfo_header, untyped_entry_size) == 48, "usize");
_Static_assert(offsetof(struct erix_bootinfo_header, module_offset) == 52, "moff");
_Static_assert(offsetof(struct erix_bootinfo_header, module_count) == 56, "mcount");
_Static_assert(offsetof(struct erix_bootinfo_header, module_entry_size) == 60, "msize");

/* Platform flags: which facts are present. A fact whose flag is clear has
 * all its fields zero. */
#define ERIX_BOOTINFO_PF_RSDP        0x1 /* rsdp_phys, rsdp_revision */
#define ERIX_BOOTINFO_PF_FRAMEBUFFER 0x2 /* fb_* */
#define ERIX_BOOTINFO_PF_TSC_KHZ     0x4 /* tsc_khz (the kernel's calibration) */
#define ERIX_BOOTINFO_PF_KNOWN       0x7

struct erix_bootinfo_platform {
	uint64_t flags;
	uint64_t rsdp_phys;     /* physical address of the RSDP */
	uint32_t rsdp_revision; /* 0 = ACPI 1.0, >= 2 = 2.0+ */
	uint32_t pad0;
	uint64_t tsc_khz;
	uint64_t fb_base; /* physical */
	uint64_t fb_size; /* bytes, >= fb_pitch * fb_height */
	uint32_t fb_width;
	uint32_t fb_height;
	uint32_t fb_pitch; /* bytes per scan line */
	uint32_t fb_bpp;
	uint32_t fb_format; /* ERIX_FB_FORMAT_* (include/erix/handoff.h) */
	uint32_t fb_red_mask;
	uint32_t fb_green_mask;
	uint32_t fb_blue_mask;
	uint32_t fb_reserved_mask;
	uint32_t pad1;
};
_Static_assert(sizeof(struct erix_bootinfo_platform) == 88, "bootinfo platform");
_Static_assert(offsetof(struct erix_bootinfo_platform, flags) == 0, "flags");
_Static_assert(offsetof(struct erix_bootinfo_platform, rsdp_phys) == 8, "rsdp");
_Static_assert(offsetof(struct erix_bootinfo_platform, rsdp_revision) == 16, "rsdp rev");
_Static_assert(offsetof(struct erix_bootinfo_platform, tsc_khz) == 24, "tsc");
_Static_assert(offsetof(struct erix_bootinfo_platform, fb_base) == 32, "fb base");
_Static_assert(offsetof(struct erix_bootinfo_platform, fb_size) == 40, "fb size");
_Static_assert(offsetof(struct erix_bootinfo_platform, fb_width) == 48, "fb width");
_Static_assert(offsetof(struct erix_bootinfo_platform, fb_height) == 52, "fb height");
_Static_assert(offsetof(struct erix_bootinfo_platform, fb_pitch) == 56, "fb pitch");
_Static_assert(offsetof(struct erix_bootinfo_platform, fb_bpp) == 60, "fb bpp");
_Static_assert(offsetof(struct erix_bootinfo_platform, fb_format) == 64, "fb format");
_Static_assert(offsetof(struct erix_bootinfo_platform, fb_red_mask) == 68, "fb red");
_Static_assert(offsetof(struct erix_bootinfo_platform, fb_reserved_mask) == 80, "fb rsvd");

#define ERIX_BOOTINFO_UNTYPED_RAM    1 /* ERIX_CAP_UNTYPED */
#define ERIX_BOOTINFO_UNTYPED_DEVICE 2 /* ERIX_CAP_DEVICE_UNTYPED */

/* One untyped cap of rootd's CSpace: the block [base, base + 2^size_bits),
 * base aligned to its size. RAM entries come first, then device entries;
 * within a kind sorted by base; slots strictly increasing. */
struct erix_bootinfo_untyped {
	uint64_t base;
	uint32_t slot;
	uint8_t size_bits; /* ERIX_PAGE_SHIFT..63 */
	uint8_t kind;      /* ERIX_BOOTINFO_UNTYPED_* */
	uint16_t pad;
};
_Static_assert(sizeof(struct erix_bootinfo_untyped) == 16, "bootinfo untyped");
_Static_assert(offsetof(struct erix_bootinfo_untyped, base) == 0, "base");
_Static_assert(offsetof(struct erix_bootinfo_untyped, slot) == 8, "slot");
_Static_assert(offsetof(struct erix_bootinfo_untyped, size_bits) == 12, "bits");
_Static_assert(offsetof(struct erix_bootinfo_untyped, kind) == 13, "kind");

/* One boot module, in BOOT.CFG order: its bytes are mapped read-only and
 * non-executable at [vaddr, vaddr + size) inside the module window
 * [ERIX_MODULES_BASE, ERIX_MODULES_BASE + ERIX_MODULES_SIZE) (layout.h);
 * vaddr is page aligned, the rest of the last page reads as zero, modules
 * ascend in vaddr and never share a page. Strings are NUL-terminated
 * inside their arrays; names are non-empty and unique. */
struct erix_bootinfo_module {
	uint64_t vaddr;
	uint64_t size;
	char name[ERIX_BOOTINFO_MODULE_NAME_MAX];
	char cmdline[ERIX_BOOTINFO_MODULE_CMDLINE_MAX];
};
_Static_assert(sizeof(struct erix_bootinfo_module) == 144, "bootinfo module");
_Static_assert(offsetof(struct erix_bootinfo_module, vaddr) == 0, "vaddr");
_Static_assert(offsetof(struct erix_bootinfo_module, size) == 8, "size");
_Static_assert(offsetof(struct erix_bootinfo_module, name) == 16, "name");
_Static_assert(offsetof(struct erix_bootinfo_module, cmdline) == 48, "cmdline");

/* Validator rules: one error code per rule, checked in this order (tables
 * before their contents). rootd logs the failing name; tests iterate this
 * list. X(name, value) */
#define ERIX_BOOTINFO_RULES(X)                                                                     \
	X(OK, 0)                                                                                   \
	X(MAGIC, 1)                  /* magic mismatch */                                          \
	X(VERSION, 2)                /* major differs */                                           \
	X(HEADER_SIZE, 3)            /* header_size != sizeof header */                            \
	X(TOTAL_SIZE, 4)             /* < header, > buffer or MAX_SIZE, unaligned */               \
	X(CHECKSUM, 5)               /* CRC-32C mismatch */                                        \
	X(ADDRESS, 6)                /* self_vaddr != where it was found */                        \
	X(ENTRY_SIZE, 7)             /* a table's entry size is not the known one */               \
	X(TABLE_BOUNDS, 8)           /* a table reaches past total_size */                         \
	X(TABLE_ALIGN, 9)            /* a table offset is not 8-aligned */                         \
	X(TABLE_OVERLAP, 10)         /* tables overlap each other or the header */                 \
	X(PLATFORM_FLAGS, 11)        /* unknown flag, or fields of an absent fact set */           \
	X(FRAMEBUFFER, 12)           /* framebuffer geometry or range malformed */                 \
	X(UNTYPED_COUNT, 13)         /* more than ERIX_UNTYPED_MAX_SEEDS */                        \
	X(UNTYPED_SLOT, 14)          /* slot outside the CSpace or not increasing */               \
	X(UNTYPED_KIND, 15)          /* unknown kind, or RAM after DEVICE */                       \
	X(UNTYPED_RANGE, 16)         /* size_bits out of range, base unaligned */                  \
	X(UNTYPED_ORDER, 17)         /* within a kind unsorted or overlapping */                   \
	X(UNTYPED_OVERLAP, 18)       /* a RAM block overlaps a DEVICE block */                     \
	X(MODULE_COUNT, 19)          /* more than ERIX_BOOTINFO_MAX_MODULES */                     \
	X(MODULE_NAME, 20)           /* name empty or not terminated */                            \
	X(MODULE_CMDLINE, 21)        /* cmdline not terminated */                                  \
	X(MODULE_NAME_DUPLICATE, 22) /* two modules share a name */                                \
	X(MODULE_WINDOW, 23)         /* vaddr unaligned or bytes outside the window */             \
	X(MODULE_ORDER, 24)          /* not ascending, or two modules share a page */

#endif
