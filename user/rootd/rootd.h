/* rootd's own interfaces between its files: the check helpers (main.c)
 * and the bootinfo checks (bootinfo.c). */
#ifndef ERIX_ROOTD_H
#define ERIX_ROOTD_H

#include <bootinfo/bootinfo.h>
#include <erix.h>
#include <erix/layout.h>

/* A failed check: logged, counted; rootd then reports FAILED. */
void fail_check(const char *what, uint64_t got);
void expect(const char *what, uint64_t got, uint64_t want);

/* Validates the bootinfo the start frame names with the shared validator,
 * logs its modules and cross-checks it against the start frame, rootd's
 * own untyped caps, its own ELF module and GET_ACPI_RSDP. */
void verify_bootinfo(const struct erix_start_frame *sf);
/* The validated bootinfo (every count 0 if it was refused). */
const struct erix_bootinfo_view *rootd_bootinfo(void);

#endif
