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

/* One page for the main thread's IPC buffer (the authority suite and the
 * bench register it while they need it). */
extern uint64_t rootd_ipc_page[ERIX_PAGE_SIZE / 8];

/* Children (child.c). rootd's scratch slots for them start here. */
#define ROOTD_SLOT_COPY       255 /* attenuated copies on their way to a child */
#define ROOTD_SLOT_BOOT_CHILD 256
#define ROOTD_SLOT_DRIVERS    272 /* 4 per driver (drivers.c) */
#define ROOTD_SLOT_SCRATCH    512
#define CHILD_STACK_TOP       0x0000000020000000ull /* shares the image's page directory */
#define CHILD_STACK_PAGES     4
#define CHILD_BUDGET          (256 * 1024)
#define CHILD_PRIO            100

struct erix_elf_image;

struct child_spec {
	const char *module;
	uint64_t proc_slot;   /* rootd's slot for the process cap */
	uint64_t report_slot; /* rootd's endpoint the child reports to */
	uint64_t wait_slot;   /* rootd's endpoint the child blocks on */
	uint64_t scratch;     /* an empty rootd slot for grants */
	uint64_t canon_slot;  /* if set: installed at the child's slot 2208 */
	uint64_t cspace_slots, budget, prio;
	int give_proc;          /* install a process-control copy */
	uint64_t stack_pages;   /* 0: CHILD_STACK_PAGES */
	uint64_t stack_top;     /* 0: CHILD_STACK_TOP */
	uint64_t report_rights; /* 0: SEND */
	uint64_t control_slot;  /* if set: a SEND copy of it at the child's CHILD_SLOT_CTL */
};

/* The pid CREATE_STAGED_PROCESS gave the last stage. */
extern uint64_t child_last_pid;
/* Stages spec->module: process, segments, stack. */
int child_stage(const struct child_spec *spec, struct erix_elf_image *img);
/* A grant for child_slot (rights at most `rights`), used at once for src. */
int child_install(uint64_t proc_slot, uint64_t grant_slot, uint64_t child_slot, uint64_t src_slot,
                  uint64_t rights);
/* A control endpoint for child_slot, as an alias with `rights` (rootd's
 * own stays). */
int child_install_control(uint64_t proc_slot, uint64_t grant_slot, uint64_t child_slot,
                          uint64_t control_slot, uint64_t rights);
/* stack_top 0: CHILD_STACK_TOP. */
int child_start(uint64_t proc_slot, const struct erix_elf_image *img, uint64_t stack_top,
                uint64_t arg);
/* Stage, install the startup caps (child.h), start in `mode`. */
int child_launch(const struct child_spec *spec, uint64_t mode);
/* The default boot's child (hello): reports, then CHILD_STARTED. */
void start_boot_child(void);
/* DERIVE_DEVICE_FRAME through the test root endpoint (devframe.c). */
void verify_device_frames(void);
/* The default image's user-space drivers (drivers.c). */
void start_drivers(void);
/* ROOTD_TEST=authority. */
void run_authority_suite(void);
/* ROOTD_TEST=hotplug (hotplug.c). */
void run_hotplug_test(void);
/* ROOTD_TEST=bench. */
void run_bench(void);
/* ROOTD_TEST=smp (smp.c). */
void run_smp_test(void);

#endif
