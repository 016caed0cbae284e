#!/usr/bin/python3
"""`make bench-profile`: where the instructions of one IPC round trip go.
Boots the bench image under TCG with QEMU's gdb stub, stops at the fast
path's CALL entry once the register-only round-trip benchmark runs,
single-steps one whole round trip (client CALL, server REPLY_RECV, both
user sides) and prints the instructions per function. Counts are exact
guest instructions, the same unit as `make bench` (whose median is the
rdtsc-measured version of the same loop). With IPC=cap (environment) it
profiles the one-cap round trip instead (the fast path's one-cap CALL and
the server's DROP of the cap, a general-path syscall), which the bench
runs first."""
import bisect
import collections
import os
import socket
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench  # noqa: E402
import harness  # noqa: E402

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.join(REPO, "image"))
import qemu  # noqa: E402

# fastpath_call entries before the register-only benchmark's loop: the
# one-cap benchmark before it enters fastpath_call ~1,100 times, so
# stopping past that lands in the register-only loop.
SKIP_HITS = 1800
STEPS = 1600
# The one-cap loop: every CALL enters fastpath_call once, so a few hundred
# entries in it is past its warm-up.
CAP_SKIP_HITS = 300
CAP_STEPS = 6000

GDB_SCRIPT = """set pagination off
set confirm off
target remote :%(port)d
hbreak fastpath_call
ignore 1 %(skip)d
continue
python
import gdb
pcs = []
for i in range(%(steps)d):
    pcs.append(int(gdb.parse_and_eval("$pc")) & 0xffffffffffffffff)
    gdb.execute("stepi", to_string=True)
open("%(out)s", "w").write("\\n".join("%%x" %% p for p in pcs))
end
kill
quit
"""


def symbols(elf):
    out = subprocess.run(["nm", "-n", elf], capture_output=True, text=True, check=True).stdout
    syms = []
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[1] in "tTwW":
            syms.append((int(parts[0], 16), parts[2]))
    return [a for a, _ in syms], [n for _, n in syms]


def name_of(table, addr):
    addrs, names = table
    i = bisect.bisect_right(addrs, addr) - 1
    return names[i] if i >= 0 else "?"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    cap = os.environ.get("IPC") == "cap"
    skip, steps = (CAP_SKIP_HITS, CAP_STEPS) if cap else (SKIP_HITS, STEPS)
    image = harness.build_image(bench.BENCH)
    kernel = harness._part_variant(bench.BENCH, "kernel.elf")
    rootd = harness._part_variant(bench.BENCH, "rootd.elf")
    child = harness._part_variant(bench.BENCH, "child.elf")
    port = free_port()
    with tempfile.TemporaryDirectory() as tmp:
        vars_path = os.path.join(tmp, "vars.fd")
        qemu.fresh_vars(vars_path)
        cmd = qemu.command(image, bench.BENCH.mem, vars_path, accel="tcg",
                           extra=["-gdb", "tcp:127.0.0.1:%d" % port, "-S"])
        out = os.path.join(tmp, "pcs.txt")
        script = os.path.join(tmp, "profile.gdb")
        with open(script, "w") as f:
            f.write(GDB_SCRIPT % {"port": port, "skip": skip, "steps": steps, "out": out})
        vm = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            subprocess.run(["gdb", "-batch", "-x", script, kernel], stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL, timeout=900, check=False)
        finally:
            vm.kill()
            vm.wait()
        if not os.path.exists(out):
            print("bench-profile: gdb recorded nothing")
            return 1
        pcs = [int(x, 16) for x in open(out).read().split()]
    ktab, ctab, stab = symbols(kernel), symbols(rootd), symbols(child)
    # User code after the CALL's exit is the server (child.elf), after the
    # REPLY_RECV's exit the client (rootd).
    names, side = [], "rootd"
    for pc in pcs:
        if pc >= 0xFFFF800000000000:
            name = "kernel " + name_of(ktab, pc)
            if name == "kernel fastpath_call":
                side = "child"
            elif name == "kernel fastpath_reply_recv":
                side = "rootd"
            names.append(name)
        else:
            names.append("%s %s" % (side, name_of(stab if side == "child" else ctab, pc)))
    # One period: from the stop (fastpath_call's entry) to its next entry.
    entry = ktab[0][ktab[1].index("fastpath_call")]
    ends = [i for i in range(1, len(pcs)) if pcs[i] == entry]
    if not ends:
        print("bench-profile: no whole round trip in %d steps" % len(names))
        return 1
    period = names[:ends[0]]
    kernel_total = sum(1 for n in period if n.startswith("kernel "))
    print("bench-profile: one %s CALL + REPLY_RECV round trip: %d instructions "
          "(kernel %d, user %d)" % ("one-cap" if cap else "fast-path", len(period), kernel_total,
                                    len(period) - kernel_total))
    for name, count in collections.Counter(period).most_common():
        print("  %5d  %s" % (count, name))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except harness.BootFailure as e:
        print("bench-profile: %s" % e)
        sys.exit(1)
