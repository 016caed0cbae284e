/* Boot: handoff validation, memory (reservations, seeds, kernel pool,
 * paging), the root CSpace and rootd. State later code reads lives here. */
#ifndef ERIX_KERNEL_BOOT_H
#define ERIX_KERNEL_BOOT_H

#include <handoff/validate.h>

#include "seed.h"

struct boot_info {
	uint64_t tsc_entry;
	struct erix_handoff_view view;
	struct seed_set seeds; /* what rootd receives as untyped */
};
extern struct boot_info boot_info;

void boot_handoff(uint64_t handoff_phys);
void boot_memory(void);
void boot_paging(void);
void boot_root_objects(void);
void boot_rootd(void); /* rootd.c */

struct tcb;
/* The rootd main thread, made ready by kmain (or after the sched selftest). */
extern struct tcb *boot_rootd_tcb;

#endif
