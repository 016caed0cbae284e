/* Memory-map normalisation used by bl after it has translated firmware
 * types to ERIX_MEM_* types: sort, resolve, merge, carve. Pure functions
 * over caller-provided arrays, host-tested. */
#ifndef ERIX_SHARED_MEMMAP_H
#define ERIX_SHARED_MEMMAP_H

#include <erix/handoff.h>

/* Sorts by base, drops empty entries, and merges neighbours that touch and
 * share type and flags. Overlapping input entries are resolved in favour of
 * the more restrictive type (anything over USABLE/LOADER_RECLAIMABLE).
 * Returns the new count (<= n), or (size_t)-1 if resolving needs more than
 * cap entries. */
size_t erix_memmap_normalize(struct erix_mem_entry *e, size_t n, size_t cap);

#define ERIX_MEMMAP_FAIL    ((size_t)-1) /* capacity, wrap or bad arguments */
#define ERIX_MEMMAP_REFUSED ((size_t)-2) /* a device carve over memory */

/* Gives [base, base + length) the type `type` (flags 0), splitting entries
 * as needed and adding an entry where the range was not covered; the result
 * is normalised. base and length must be page aligned. Returns the new count,
 * or ERIX_MEMMAP_FAIL if the result would exceed cap entries or the range
 * wraps. A device type (FRAMEBUFFER, MMIO) may only take gaps and entries
 * that are already device space: over any other entry (RAM, ACPI, RESERVED,
 * UNUSABLE, ...) the carve returns ERIX_MEMMAP_REFUSED, with e[] normalised
 * but otherwise unchanged, so firmware-owned memory never becomes device
 * untyped. */
size_t erix_memmap_carve(struct erix_mem_entry *e, size_t n, size_t cap, uint64_t base,
                         uint64_t length, uint32_t type);

#endif
