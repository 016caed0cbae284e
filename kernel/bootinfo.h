/* The kernel -> rootd bootinfo (include/erix/bootinfo.h): built once at
 * boot, mapped read-only into rootd's VSpace with the boot modules. */
#ifndef ERIX_KERNEL_BOOTINFO_H
#define ERIX_KERNEL_BOOTINFO_H

#include <erix/start.h>

struct vspace;

/* Maps every boot module read-only, non-executable into the module window
 * of vs, then builds the bootinfo (untyped seeds, modules, platform facts)
 * into fresh frames mapped read-only at ERIX_BOOTINFO_BASE. Any failure
 * ends the boot with ERIX_KERNEL:FAIL:BOOTINFO or FAIL:NO_MEMORY. */
void bootinfo_map_rootd(struct vspace *vs);

/* Sets the start frame's bootinfo fields (after bootinfo_map_rootd). */
void bootinfo_fill_start(struct erix_start_frame *sf);

#endif
