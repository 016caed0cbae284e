/* Boot markers: deterministic lines on COM1. Every marker string is defined
 * here once; the kernel, bl, rootd and the boot tests (tests/boot/abi.py
 * parses this file) all use these definitions. A marker line is the string,
 * optionally followed by " key=value" fields, then "\n". */
#ifndef ERIX_MARKERS_H
#define ERIX_MARKERS_H

/* --- loader (bl) --- */
#define ERIX_MARK_BL_START       "ERIX_BL:START"
#define ERIX_MARK_BL_CONFIG      "ERIX_BL:CONFIG_LOADED"
#define ERIX_MARK_BL_KERNEL      "ERIX_BL:KERNEL_LOADED"
#define ERIX_MARK_BL_MODULE      "ERIX_BL:MODULE_LOADED" /* " name=<name>" */
#define ERIX_MARK_BL_HANDOFF     "ERIX_BL:HANDOFF_BUILT" /* " pages=<n> exit_retries=<n>" */
/* " descriptors=<firmware map entries> tsc=<ticks since START>
 * digest_tsc=<ticks of them hashing files>" */
#define ERIX_MARK_BL_EXIT_BOOT   "ERIX_BL:EXIT_BOOT_SERVICES"
/* " handles=<GOP handles> by=<console|conout|first|none> conout=<ConOut
 * instance index, or -> base=<hex> size=<hex>": the framebuffer handed on
 * and how bl chose it (bl/README.md). */
#define ERIX_MARK_BL_GOP         "ERIX_BL:GOP"
/* " enabled=<0|1>": the UEFI variable SecureBoot as bl read it. */
#define ERIX_MARK_BL_SECURE_BOOT "ERIX_BL:SECURE_BOOT"
/* Measured boot (include/erix/tpm.h): " present=0" when the firmware offers
 * no EFI_TCG2_PROTOCOL or no TPM behind it (bl boots on, unmeasured), else
 * " present=1 pcr=<n> banks=<hex bitmap of active PCR banks> log=<hex
 * address of the firmware's crypto-agile event log, or none>". */
#define ERIX_MARK_BL_TPM         "ERIX_BL:TPM"
#define ERIX_MARK_BL_FAIL_PREFIX "ERIX_BL:FAIL:" /* + reason, then detail */
/* After a failure before ExitBootServices: " status=<efi status hex>", then
 * bl returns that status to the firmware. */
#define ERIX_MARK_BL_RETURN      "ERIX_BL:RETURN_TO_FIRMWARE"
/* Test builds (BL_CORRUPT=<RULE>) only: " rule=<NAME>" after the handoff was
 * deliberately broken, just before the jump. */
#define ERIX_MARK_BL_CORRUPT     "ERIX_BL:CORRUPT"
/* Test builds (BL_QUIRK=<q>) only: " name=<QUIRK>" once the imitated
 * firmware quirk is armed. */
#define ERIX_MARK_BL_QUIRK       "ERIX_BL:QUIRK"
/* The GOP framebuffer overlaps memory that is not MMIO or a gap (" base=
 * size="): bl hands no framebuffer on and boots on. */
#define ERIX_MARK_BL_FB_REFUSED  "ERIX_BL:FRAMEBUFFER_REFUSED"

/* bl failure reasons: ERIX_BL:FAIL:<NAME> followed by a human detail
 * (file path, what was wrong). X(name) */
#define ERIX_BL_FAILURES(X)                                                                        \
	X(CONFIG_MISSING)     /* \EFI\ERIX\BOOT.CFG not found */                                   \
	X(CONFIG_SYNTAX)      /* a line of BOOT.CFG is malformed */                                \
	X(CONFIG_LIMIT)       /* too many modules, path or name too long */                        \
	X(KERNEL_MISSING)     /* the kernel file cannot be opened */                               \
	X(KERNEL_ELF)         /* the kernel ELF is invalid (detail names rule) */                  \
	X(MODULE_MISSING)     /* a module file cannot be opened */                                 \
	X(FILE_READ)          /* a read failed or came up short */                                 \
	X(OUT_OF_MEMORY)      /* AllocatePages/AllocatePool failed */                              \
	X(MEMORY_MAP)         /* GetMemoryMap failed or map too large */                           \
	X(PAGE_TABLES)        /* physical space beyond what bl can map */                          \
	X(HANDOFF)            /* handoff does not fit its pages */                                 \
	X(EXIT_BOOT_SERVICES) /* ExitBootServices kept failing */                                  \
	X(DIGEST)             /* " file=<path>": SHA-256 mismatch, or none under Secure Boot */    \
	X(MEASURE)            /* " file=<path> status=<hex>": a TCG2 measurement failed */

/* --- kernel, phase 1: handoff and memory --- */
#define ERIX_MARK_KERNEL_ENTRY     "ERIX_KERNEL:PHASE1:ENTRY"
#define ERIX_MARK_HANDOFF_VALID    "ERIX_KERNEL:PHASE1:HANDOFF_VALID" /* " secure_boot=<0|1>" */
/* One line per file bl loaded (handoff DIGESTS section), in load order:
 * " kind=<config|kernel|module> path=<ESP path> sha256=<64 hex> verified=<0|1>" */
#define ERIX_MARK_BOOT_DIGEST      "ERIX_KERNEL:PHASE1:BOOT_DIGEST"
/* " base=<hex> size=<hex> width=<n> height=<n>", or " none": the
 * framebuffer the handoff carries, as the kernel validated it. */
#define ERIX_MARK_BOOT_FRAMEBUFFER "ERIX_KERNEL:PHASE1:FRAMEBUFFER"
/* " ram=<bytes> device=<bytes> seeds=<n> pool=<bytes>": untyped RAM, device
 * untyped, seed count, and the kernel pool (RAM kept for kernel objects) */
#define ERIX_MARK_UNTYPED_READY    "ERIX_KERNEL:PHASE1:UNTYPED_READY"

/* --- kernel, phase 2: own machine state and the root task --- */
#define ERIX_MARK_PAGING_READY      "ERIX_KERNEL:PHASE2:PAGING_READY"
/* Page-table isolation: " enabled=<0|1> pcid=<0|1> why=<default|rdcl_no|build>
 * user_kernel_pages=<kernel pages the user tables map>" (why: on by default;
 * off because the CPU reports RDCL_NO, or a kernel-no-kpti build). */
#define ERIX_MARK_KPTI              "ERIX_KERNEL:PHASE2:KPTI"
#define ERIX_MARK_SMP_ONLINE        "ERIX_KERNEL:PHASE2:SMP_ONLINE"  /* " cpus=<n>" */
/* An AP not started: " apic_id=<n> why=no_answer|max_cpus" (the boot goes on). */
#define ERIX_MARK_SMP_AP_LEFT_OUT "ERIX_KERNEL:SMP:AP_LEFT_OUT"
#define ERIX_MARK_TIMER_READY       "ERIX_KERNEL:PHASE2:TIMER_READY" /* " tsc_khz=<n>" */
#define ERIX_MARK_CSPACE_WINDOW_SET "ERIX_KERNEL:PHASE2:CSPACE_WINDOW_SET"
/* The kernel -> rootd bootinfo and the modules are mapped into rootd:
 * " bytes=<n> modules=<n> untyped=<n>" */
#define ERIX_MARK_BOOTINFO_MAPPED   "ERIX_KERNEL:PHASE2:BOOTINFO_MAPPED"
#define ERIX_MARK_ROOTD_START       "ERIX_KERNEL:PHASE2:ROOTD_START"

/* --- kernel failures: ERIX_KERNEL:FAIL:<REASON> --- */
#define ERIX_MARK_FAIL_PREFIX           "ERIX_KERNEL:FAIL:"
#define ERIX_MARK_FAIL_HANDOFF_PREFIX   "ERIX_KERNEL:FAIL:HANDOFF_"   /* + rule */
#define ERIX_MARK_FAIL_ROOTD_ELF_PREFIX "ERIX_KERNEL:FAIL:ROOTD_ELF_" /* + rule */
#define ERIX_MARK_FAIL_EXCEPTION_PREFIX "ERIX_KERNEL:FAIL:EXCEPTION_" /* + name */
/* The handoff's KERNEL section passed the validator but does not describe
 * the running image (linker symbols, live page tables): " what=<field>"
 * with field virt_base, entry, virt_size or phys_base. */
#define ERIX_MARK_FAIL_KERNEL_IMAGE     "ERIX_KERNEL:FAIL:KERNEL_IMAGE"
#define ERIX_MARK_FAIL_ROOTD_MISSING    "ERIX_KERNEL:FAIL:ROOTD_MISSING"
#define ERIX_MARK_FAIL_UNTYPED_OVERFLOW "ERIX_KERNEL:FAIL:UNTYPED_OVERFLOW"
#define ERIX_MARK_FAIL_NO_MEMORY        "ERIX_KERNEL:FAIL:NO_MEMORY" /* " what=<object>" */
#define ERIX_MARK_FAIL_TIMER            "ERIX_KERNEL:FAIL:TIMER"
#define ERIX_MARK_FAIL_SELFTEST         "ERIX_KERNEL:FAIL:SELFTEST" /* " name=<test>" */
#define ERIX_MARK_FAIL_BOOTINFO         "ERIX_KERNEL:FAIL:BOOTINFO" /* " what=<step>" */

/* A user task killed by a fault: " task=<name> tid=<n> vector=<n> err=<hex>
 * rip=<hex> addr=<hex>"; the kernel and the other tasks go on. */
#define ERIX_MARK_USER_FAULT "ERIX_KERNEL:USER_FAULT"

/* Kernel selftests (feature flags): ERIX_KERNEL:SELFTEST:<NAME>:PASS */
#define ERIX_MARK_SELFTEST_EXCEPTIONS_PASS      "ERIX_KERNEL:SELFTEST:EXCEPTIONS:PASS"
#define ERIX_MARK_SELFTEST_SCHED_PASS           "ERIX_KERNEL:SELFTEST:SCHED:PASS"
/* Printed before the stack-overflow selftest, which must end the boot in
 * ERIX_MARK_FAIL_EXCEPTION_PREFIX "DOUBLE_FAULT" and debug-exit 0x12. */
#define ERIX_MARK_SELFTEST_STACK_OVERFLOW_START "ERIX_KERNEL:SELFTEST:STACK_OVERFLOW:START"

/* rootd status reports, mapped by the kernel to these lines and (smoke
 * builds) to the matching debug exit. */
#define ERIX_MARK_ROOTD_READY             "ERIX_KERNEL:ROOTD:READY"
#define ERIX_MARK_ROOTD_FAILED            "ERIX_KERNEL:ROOTD:FAILED"
#define ERIX_MARK_ROOTD_DOWNSTREAM_FAILED "ERIX_KERNEL:ROOTD:DOWNSTREAM_FAILED"
#define ERIX_MARK_ROOTD_UNKNOWN_STATUS    "ERIX_KERNEL:ROOTD:UNKNOWN_STATUS"
#define ERIX_MARK_ROOTD_EXITED            "ERIX_KERNEL:ROOTD:EXITED" /* rootd died */

/* Smoke-only lifecycle traces (KTRACE, kernel/trace.h): "ERIX_TRACE:<FAMILY> <text>" */
#define ERIX_MARK_TRACE_PREFIX "ERIX_TRACE:"

/* rootd log lines: "ROOTD_LOG: <text>" (LOG_STRING by rootd's own threads) */
#define ERIX_MARK_ROOTD_LOG                "ROOTD_LOG:"
/* LOG_STRING by any other process: "TASK_LOG: pid=<n> <text>" */
#define ERIX_MARK_TASK_LOG                 "TASK_LOG:"
/* WRITE_LEGACY_SERIAL text: every line it starts begins with this. */
#define ERIX_MARK_USER_SERIAL              "USER_SERIAL:"
/* The i8042 driver's key report (its LOG_STRING text): "<this>0x<code>". */
#define ERIX_MARK_DRV_SCANCODE             "kbd: scancode="
/* Logged by rootd (kernel-test-root-endpoint builds) only after it found the
 * test-only root endpoint in ERIX_SLOT_TEST_ROOT, used it and dropped it
 * with every check passing. */
#define ERIX_MARK_ROOTD_TEST_ROOT_VERIFIED "ROOTD_TEST_ROOT:VERIFIED"

/* The texts rootd logs (after ERIX_MARK_ROOTD_LOG and a space) about its
 * bootinfo: one line per module, in bootinfo order, then the summary; or
 * the rule the validator refused it by (rootd then reports FAILED). */
/* " name=<name> size=<bytes> vaddr=<hex> cmdline=<rest of the line>" */
#define ERIX_ROOTD_LOG_BOOTINFO_MODULE  "bootinfo_module"
/* " modules=<n> untyped=<n> ram=<n> device=<n> platform=<flags hex>" */
#define ERIX_ROOTD_LOG_BOOTINFO         "bootinfo"
#define ERIX_ROOTD_LOG_BOOTINFO_INVALID "bootinfo_invalid" /* " rule=<NAME>" */

/* The hot-plug test (ROOTD_TEST=hotplug): rootd waits in HOTPLUG_WAIT after
 * logging WAITING (the harness then adds a device) and after REMOVING (it
 * deletes it); each report: " port=<bdf> events=<ERIX_HOTPLUG_EV_*>
 * state=<ERIX_HOTPLUG_STATE_*> folds=<n>", decimal. */
#define ERIX_ROOTD_LOG_HOTPLUG_WAITING  "hotplug: waiting for a card"
#define ERIX_ROOTD_LOG_HOTPLUG_REMOVING "hotplug: waiting for the card to go"
#define ERIX_ROOTD_LOG_HOTPLUG_EVENT    "hotplug_event"

/* rootd stages: the kernel prints ROOTD_STAGE:<NAME> for a stage report.
 * X(name, id); ids are the ABI, names the marker. */
#define ERIX_MARK_ROOTD_STAGE_PREFIX "ROOTD_STAGE:"
#define ERIX_ROOTD_STAGES(X)                                                                       \
	X(ENTRY, 1)                                                                                \
	X(CAPS_VERIFIED, 2)                                                                        \
	X(UNTYPED_VERIFIED, 3)                                                                     \
	X(BOOTINFO_VERIFIED, 4)                                                                    \
	X(CHILD_STARTED, 5) /* a child from a boot module ran and reported */                      \
	X(MEMORY_PROVIDER_READY, 10)                                                               \
	X(VFSD_READY, 11)                                                                          \
	X(VFS_MOUNT_READY, 12)                                                                     \
	X(VFS_IO_READY, 13)                                                                        \
	X(BLOCKD_READY, 14)                                                                        \
	X(STORAGE_READY, 15)                                                                       \
	X(KEYD_READY, 16)                                                                          \
	X(E2FSD_READY, 17)                                                                         \
	X(FATD_READY, 18)                                                                          \
	X(LOADERD_READY, 19)                                                                       \
	X(FS_MOUNT_READY, 20)                                                                      \
	X(PERSISTENT_FS_IO_READY, 21)                                                              \
	X(DRV_I8042_READY, 22)                                                                     \
	X(DRV_PS2_KEYBOARD_READY, 23)                                                              \
	X(DRV_PS2_MOUSE_READY, 24)                                                                 \
	X(INPUTD_READY, 25)                                                                        \
	X(INPUT_ROUTING_READY, 26)                                                                 \
	X(CONSOLE_INPUT_READY, 27)                                                                 \
	X(FBCOND_READY, 28)

/* rootd diagnostics (REPORT_DIAGNOSTIC): the kernel prints
 * ROOTD_DIAG:<NAME> " value=<w2>" for a known id and
 * ROOTD_DIAG:UNKNOWN " id=<w1> value=<w2>" otherwise; none ends the boot.
 * The VFS backend operation family. X(name, id) */
#define ERIX_MARK_ROOTD_DIAG_PREFIX  "ROOTD_DIAG:"
#define ERIX_MARK_ROOTD_DIAG_UNKNOWN "ROOTD_DIAG:UNKNOWN"
#define ERIX_ROOTD_DIAGNOSTICS(X)                                                                  \
	X(VFS_RENAME, 1)                                                                           \
	X(VFS_TRUNCATE, 2)                                                                         \
	X(VFS_SYMLINK, 3)                                                                          \
	X(VFS_READLINK, 4)                                                                         \
	X(VFS_LINK, 5)                                                                             \
	X(VFS_METADATA_UPDATE, 6)

/* The trace families' markers (KTRACE_PROC, KTRACE_CAP), each line then
 * names its event: "ERIX_TRACE:PROC STAGE pid=<n> ...". */
#define ERIX_MARK_TRACE_PROC "ERIX_TRACE:PROC"
#define ERIX_MARK_TRACE_CAP  "ERIX_TRACE:CAP"

/* The authority suite (ROOTD_TEST=authority), through rootd's log: one
 * line per case, " name=<case> PASS" or " name=<case> FAIL got=<n> want=<n>",
 * then the total " passed=<n> failed=<n>". */
#define ERIX_MARK_AUTH_CASE  "ERIX_AUTH:CASE"
#define ERIX_MARK_AUTH_TOTAL "ERIX_AUTH:TOTAL"

/* The SMP test (ROOTD_TEST=smp), through rootd's log: CPUS first
 * (" cpus=<SET_AFFINITY's CPUs online> rootd_cpu=<where rootd started>"),
 * one FAIL line per failed check (" name=<check> got=<n> want=<n>"),
 * HAMMER with the selftest's totals (" cpus=<n> ring_calls=<n>
 * tlb_rounds=<n> yields=<n>"), then PASS (" checks=<n>") only when no
 * check failed. */
#define ERIX_MARK_SMP_TEST_CPUS   "ERIX_ROOTD:TEST:SMP:CPUS"
#define ERIX_MARK_SMP_TEST_FAIL   "ERIX_ROOTD:TEST:SMP:FAIL"
#define ERIX_MARK_SMP_TEST_HAMMER "ERIX_ROOTD:TEST:SMP:HAMMER"
#define ERIX_MARK_SMP_TEST_PASS   "ERIX_ROOTD:TEST:SMP:PASS"

/* Benchmarks (make bench): "ERIX_BENCH:<name> <value> <unit>" */
#define ERIX_MARK_BENCH_PREFIX        "ERIX_BENCH:"
#define ERIX_MARK_BENCH_BOOT          "ERIX_BENCH:KERNEL_ENTRY_TO_ROOTD_READY"
#define ERIX_MARK_BENCH_NULL_SYSCALL  "ERIX_BENCH:NULL_SYSCALL_MEDIAN"
#define ERIX_MARK_BENCH_QUERY_CAP     "ERIX_BENCH:QUERY_CAP_MEDIAN"
#define ERIX_MARK_BENCH_COPY_DROP     "ERIX_BENCH:CAP_COPY_ATTENUATED_DROP_MEDIAN"
#define ERIX_MARK_BENCH_STAGE_START   "ERIX_BENCH:STAGE_TO_START_16K_MEDIAN"
#define ERIX_MARK_BENCH_KILL          "ERIX_BENCH:KILL_PROCESS_MEDIAN"
#define ERIX_MARK_BENCH_THREAD_BYTES  "ERIX_BENCH:KERNEL_BYTES_PER_THREAD"
#define ERIX_MARK_BENCH_MAX_PROCS     "ERIX_BENCH:MAX_PROCESSES_ALIVE"
#define ERIX_MARK_BENCH_MAX_ENDPTS    "ERIX_BENCH:MAX_ENDPOINTS_ALIVE"
#define ERIX_MARK_BENCH_MAX_THREADS   "ERIX_BENCH:MAX_THREADS_ALIVE"
#define ERIX_MARK_BENCH_IPC_CALL      "ERIX_BENCH:IPC_CALL_REPLY_RECV_MEDIAN"
#define ERIX_MARK_BENCH_IPC_CALL_CAP  "ERIX_BENCH:IPC_CALL_ONE_CAP_MEDIAN"
#define ERIX_MARK_BENCH_IPC_CALL_BUF  "ERIX_BENCH:IPC_CALL_FULL_BUFFER_MEDIAN"
#define ERIX_MARK_BENCH_IPC_CALL_MANY "ERIX_BENCH:IPC_CALL_WITH_1000_PROCESSES_MEDIAN"
/* More than one CPU: the same round trip with the client on CPU 0 and the
 * server bound to CPU 1 (SET_AFFINITY). */
#define ERIX_MARK_BENCH_IPC_CROSS     "ERIX_BENCH:IPC_CALL_CROSS_CPU_MEDIAN"
#define ERIX_MARK_BENCH_NOTIFY        "ERIX_BENCH:NOTIFY_PING_PONG_MEDIAN"
#define ERIX_MARK_BENCH_MAP_UNMAP     "ERIX_BENCH:MAP_FRAME_UNMAP_FRAME_MEDIAN"
#define ERIX_MARK_BENCH_PAGE_FAULT    "ERIX_BENCH:PAGE_FAULT_TO_USER_PAGER_MEDIAN"
#define ERIX_MARK_BENCH_AP_BRINGUP    "ERIX_BENCH:AP_BRINGUP" /* kernel-bench, more than one CPU */
#define ERIX_MARK_BENCH_IRQ           "ERIX_BENCH:IRQ_TO_USER_NOTIFICATION_MEDIAN"
#define ERIX_MARK_BENCH_PORT_WRITE    "ERIX_BENCH:IOPORT_WRITE8_MEDIAN"

/* A broken kernel invariant (never caused by user or firmware input):
 * " what=<invariant>". */
#define ERIX_MARK_FAIL_INVARIANT "ERIX_KERNEL:FAIL:INVARIANT"

/* CPU exception names used after ERIX_MARK_FAIL_EXCEPTION_PREFIX:
 * X(name, vector). Vectors not listed print as RESERVED_<vector>. */
#define ERIX_EXCEPTIONS(X)                                                                         \
	X(DIVIDE_ERROR, 0)                                                                         \
	X(DEBUG, 1)                                                                                \
	X(NMI, 2)                                                                                  \
	X(BREAKPOINT, 3)                                                                           \
	X(OVERFLOW, 4)                                                                             \
	X(BOUND_RANGE, 5)                                                                          \
	X(INVALID_OPCODE, 6)                                                                       \
	X(DEVICE_NOT_AVAILABLE, 7)                                                                 \
	X(DOUBLE_FAULT, 8)                                                                         \
	X(INVALID_TSS, 10)                                                                         \
	X(SEGMENT_NOT_PRESENT, 11)                                                                 \
	X(STACK_FAULT, 12)                                                                         \
	X(GENERAL_PROTECTION, 13)                                                                  \
	X(PAGE_FAULT, 14)                                                                          \
	X(X87_FLOATING_POINT, 16)                                                                  \
	X(ALIGNMENT_CHECK, 17)                                                                     \
	X(MACHINE_CHECK, 18)                                                                       \
	X(SIMD_FLOATING_POINT, 19)                                                                 \
	X(VIRTUALIZATION, 20)                                                                      \
	X(CONTROL_PROTECTION, 21)

#endif
