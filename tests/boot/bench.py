#!/usr/bin/python3
"""`make bench`: one boot of the bench variant under -icount shift=0 (guest
TSC ticks == guest instructions), its ERIX_BENCH lines, the loader's share
of time spent hashing files, and the kernel's section sizes, each next to
the target from the design issue."""
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import abi  # noqa: E402
import harness  # noqa: E402

# Targets from the issues, for comparison (not enforced): at most ...
TARGETS = {abi.ERIX_MARK_BENCH_NULL_SYSCALL: 60, abi.ERIX_MARK_BENCH_BOOT: 2000000,
           abi.ERIX_MARK_BENCH_QUERY_CAP: 400, abi.ERIX_MARK_BENCH_THREAD_BYTES: 4096,
           abi.ERIX_MARK_BENCH_IPC_CALL: 300, abi.ERIX_MARK_BENCH_IPC_CALL_CAP: 1000,
           abi.ERIX_MARK_BENCH_MAP_UNMAP: 2000,
           abi.ERIX_MARK_BENCH_PAGE_FAULT: 2746}
# Where the issue gives a goal and a floor (the round trip: goal 300, at
# most 400 the floor), the floor is printed next to the goal.
FLOORS = {abi.ERIX_MARK_BENCH_IPC_CALL: 400}
# ERIX_MARK_BENCH_IPC_CALL_BUF (2 x 120 buffer words) has no target in the
# issue: printed for the record.
# ... and at least (capacity at -m 256M).
MINIMUMS = {abi.ERIX_MARK_BENCH_MAX_PROCS: 1000, abi.ERIX_MARK_BENCH_MAX_THREADS: 4000,
            abi.ERIX_MARK_BENCH_MAX_ENDPTS: 10000}
TEXT_TARGET = 80 * 1024
DIGEST_SHARE_TARGET = 5.0  # % of the loader's time from START to ExitBootServices

BENCH = harness.Scenario("bench", [], abi.ERIX_DEBUG_EXIT_ROOTD_READY,
                         features="kernel-rootd-smoke-test kernel-bench", rootd_test="bench",
                         timeout=600)


def section_sizes(elf):
    out = subprocess.run(["size", "-A", elf], capture_output=True, text=True, check=True).stdout
    sizes = {}
    for line in out.splitlines():
        parts = line.split()
        if len(parts) >= 2 and parts[0].startswith(".") and parts[1].isdigit():
            sizes[parts[0]] = int(parts[1])
    return sizes


def verdict(value, target):
    return "ok" if value <= target else "OVER"


def report(r):
    """Prints r's ERIX_BENCH lines with their targets; their values by name."""
    values = {}
    for text in [text for _, text in r.lines if abi.ERIX_MARK_BENCH_PREFIX in text]:
        line = text[text.index(abi.ERIX_MARK_BENCH_PREFIX):]
        name = line.split()[0]
        m = re.match(r"\S+\s+(\d+)", line)
        note = ""
        if m:
            values[name] = int(m.group(1))
        if name in TARGETS and m:
            note = "   (target <= %d: %s" % (TARGETS[name], verdict(int(m.group(1)), TARGETS[name]))
            if name in FLOORS:
                note += ", floor <= %d: %s" % (FLOORS[name], verdict(int(m.group(1)), FLOORS[name]))
            note += ")"
        elif name in MINIMUMS and m:
            ok = "ok" if int(m.group(1)) >= MINIMUMS[name] else "UNDER"
            note = "   (target >= %d: %s)" % (MINIMUMS[name], ok)
        print(line + note)
    return values


def booted(r, image):
    if r.status != abi.qemu_status(BENCH.exit):
        print("bench: QEMU status %s, expected %d (log: %s)" % (
            r.status, abi.qemu_status(BENCH.exit), r.log))
        return False
    return True


def main():
    image = harness.build_image(BENCH)
    print("bench: booting %s under -icount shift=0 (OVMF alone takes ~30 s)" % image, flush=True)
    r = harness.boot(image, "bench", BENCH.mem, BENCH.timeout, icount=True)
    rc = 0
    one = report(r)
    if not one:
        print("bench: no %s lines (log: %s)" % (abi.ERIX_MARK_BENCH_PREFIX, r.log))
        rc = 1
    if not booted(r, image):
        rc = 1
    f = r.fields(abi.ERIX_MARK_BL_EXIT_BOOT)
    if "tsc" in f and "digest_tsc" in f:
        total, digest = int(f["tsc"]), int(f["digest_tsc"])
        share = 100.0 * digest / max(total, 1)
        print("bench: loader START..ExitBootServices %d instr, SHA-256 of its files %d instr "
              "(%.2f%%)   (target <= %.0f%%: %s)" % (total, digest, share, DIGEST_SHARE_TARGET,
                                                    verdict(share, DIGEST_SHARE_TARGET)))
    kernel = harness._part_variant(BENCH, "kernel.elf")
    sizes = section_sizes(kernel)
    for sec in (".text", ".rodata", ".data", ".bss"):
        if sec in sizes:
            note = "   (target <= %d: %s)" % (TEXT_TARGET, verdict(sizes[sec], TEXT_TARGET)) \
                if sec == ".text" else ""
            print("kernel %-8s %8d bytes%s" % (sec, sizes[sec], note))
    # The same boot at -smp 4: the APs' bring-up, and the same-CPU round
    # trip, which must stay within 10% of -smp 1's.
    print("bench: booting again at -smp 4", flush=True)
    r4 = harness.boot(image, "bench-smp4", BENCH.mem, BENCH.timeout, icount=True,
                      extra_qemu=["-smp", "4"])
    four = report_quiet(r4)
    if not booted(r4, image):
        rc = 1
    if abi.ERIX_MARK_BENCH_AP_BRINGUP in four:
        print("%s %d instructions (3 APs, at -smp 4)" % (abi.ERIX_MARK_BENCH_AP_BRINGUP,
                                                         four[abi.ERIX_MARK_BENCH_AP_BRINGUP]))
    ipc = abi.ERIX_MARK_BENCH_IPC_CALL
    if ipc in one and ipc in four:
        drift = 100.0 * (four[ipc] - one[ipc]) / max(one[ipc], 1)
        print("%s at -smp 4: %d instructions, %+.1f%% against -smp 1   (target within 10%%: %s)"
              % (ipc, four[ipc], drift, "ok" if abs(drift) <= 10 else "OVER"))
    # The cross-CPU round trip (client CPU 0, server CPU 1), from the same
    # boot: guest instructions of every CPU while CPU 0 waits, for the record.
    cross = r4.line_of(abi.ERIX_MARK_BENCH_IPC_CROSS)
    if cross is None:
        print("bench: no %s line at -smp 4 (SET_AFFINITY refused?)" % abi.ERIX_MARK_BENCH_IPC_CROSS)
    else:
        line = cross[cross.index(abi.ERIX_MARK_BENCH_IPC_CROSS):]
        same = "; same CPU: %d" % four[ipc] if ipc in four else ""
        print("%s (client CPU 0, server CPU 1, at -smp 4%s)" % (line, same))
    # The IPC figures again in two other builds: KPTI left out (seL4's 425
    # is with its KPTI on, 405 without), and the general path alone (fast
    # path left out), for the record.
    for feature, what in (("kernel-no-kpti", "KPTI off"),
                          ("kernel-no-fastpath", "general path (fast path off)")):
        sc = harness.Scenario("bench-" + feature[len("kernel-"):], [], BENCH.exit,
                              features=BENCH.features + " " + feature, rootd_test="bench",
                              timeout=BENCH.timeout)
        print("bench: booting the %s build" % feature, flush=True)
        other_image = harness.build_image(sc)
        ro = harness.boot(other_image, sc.name, BENCH.mem, BENCH.timeout, icount=True)
        other = report_quiet(ro)
        if not booted(ro, other_image):
            rc = 1
        for name in IPC_FIGURES:
            if name in other and name in one:
                print("%s %s: %d instructions (default build: %d, %+.1f%%)" % (
                    name, what, other[name], one[name],
                    100.0 * (other[name] - one[name]) / max(one[name], 1)))
    return rc


IPC_FIGURES = (abi.ERIX_MARK_BENCH_NULL_SYSCALL, abi.ERIX_MARK_BENCH_IPC_CALL,
               abi.ERIX_MARK_BENCH_IPC_CALL_CAP, abi.ERIX_MARK_BENCH_NOTIFY)


def report_quiet(r):
    """r's ERIX_BENCH values by name, printed by the caller."""
    values = {}
    for _, text in r.lines:
        if abi.ERIX_MARK_BENCH_PREFIX not in text:
            continue
        line = text[text.index(abi.ERIX_MARK_BENCH_PREFIX):]
        m = re.match(r"(\S+)\s+(\d+)", line)
        if m:
            values[m.group(1)] = int(m.group(2))
    return values


if __name__ == "__main__":
    try:
        sys.exit(main())
    except harness.BootFailure as e:
        print("bench: %s" % e)
        sys.exit(1)
