/* Virtual and physical layout fixed between bl, the kernel and user space.
 * linker.ld is run through the C preprocessor with this header, so the
 * kernel's link address has exactly one definition. */
#ifndef ERIX_LAYOUT_H
#define ERIX_LAYOUT_H

#define ERIX_PAGE_SIZE  4096
#define ERIX_PAGE_SHIFT 12

/* The kernel image is linked here (top 2 GiB, -mcmodel=kernel). */
#define ERIX_KERNEL_VIRT_BASE 0xFFFFFFFF80000000

/* All of physical memory is reachable at this offset: bl's boot tables map
 * it (with the same PDPT as the identity map), and the kernel's own tables
 * keep it for RAM. phys_to_virt(p) == ERIX_PHYSMAP_BASE + p. */
#define ERIX_PHYSMAP_BASE 0xFFFF800000000000

/* bl maps at least this much physical address space identity + physmap
 * (more when the memory map or framebuffer reach higher). */
#define ERIX_BOOT_MAP_MIN 0x100000000

/* bl maps at most this much (one PDPT: 512 GiB). */
#define ERIX_BOOT_MAP_MAX 0x8000000000

/* User space is the lower canonical half below this address. */
#define ERIX_USER_TOP 0x0000800000000000
/* User ELF images must load at or above this address (page 0 stays unmapped). */
#define ERIX_USER_MIN 0x0000000000400000

/* Initial user stack for the root task: top address and size. */
#define ERIX_ROOTD_STACK_TOP   0x00007FFFFFF00000
#define ERIX_ROOTD_STACK_PAGES 16

/* The kernel -> rootd bootinfo (include/erix/bootinfo.h) is mapped read-only,
 * non-executable here, at most ERIX_BOOTINFO_MAX_SIZE bytes; the boot
 * modules' bytes are mapped read-only, non-executable in the module window
 * above it, each from a fresh page with an unmapped page after it. */
#define ERIX_BOOTINFO_BASE 0x0000700000000000
#define ERIX_MODULES_BASE  0x0000700000100000
#define ERIX_MODULES_SIZE  0x0000000040000000 /* 1 GiB */

#endif
