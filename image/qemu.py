#!/usr/bin/python3
"""The one place that builds the QEMU command line for EriX-C: `make run`,
`make debug`, `make bench` and the boot tests (tests/boot) all go through
command().

Accelerator: ACCEL=kvm or ACCEL=tcg in the environment forces one for every
QEMU start (-icount always means TCG). Otherwise a verdict decides: OVMF
boots a tiny UEFI application to a debug exit under KVM with the real boot's
machine, CPU model and firmware. The verdict is cached in build/ under a key
of everything it depends on (QEMU, OVMF, /dev/kvm, host kernel and CPU). If
a boot under a "kvm" verdict still fails with a KVM error, the verdict
becomes "tcg" and that boot is retried under TCG once (run_with_fallback,
and tests/boot/harness.py).
"""
import argparse
import fcntl
import json
import os
import platform
import re
import selectors
import shutil
import struct
import subprocess
import sys
import tempfile
import threading
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.path.join(REPO, "build")
OVMF_CODE = "/usr/share/OVMF/OVMF_CODE_4M.fd"
OVMF_VARS = "/usr/share/OVMF/OVMF_VARS_4M.fd"
# Firmware builds, by name: (read-only CODE, VARS template). "snakeoil" has
# Secure Boot on with Debian's test key enrolled (make sign uses that key).
FIRMWARE = {
    "default": (OVMF_CODE, OVMF_VARS),
    "snakeoil": ("/usr/share/OVMF/OVMF_CODE_4M.snakeoil.fd",
                 "/usr/share/OVMF/OVMF_VARS_4M.snakeoil.fd"),
}
QEMU = "qemu-system-x86_64"
ACCELS = ("kvm", "tcg")

# Module constants so the host tests (tests/boot/test_qemu_accel.py) can
# point them at a temporary directory.
KVM_DEV = "/dev/kvm"
VERDICT = os.path.join(BUILD, "accel-verdict.json")
# Part of the verdict key: a verdict from an older probe is not reused.
PROBE_VERSION = 2
# Under working KVM OVMF reaches the application in about a second; a host
# whose KVM hangs without saying so costs this much once per key.
PROBE_TIMEOUT = 5.0
# The probe application's debug-exit value; QEMU then exits with
# (PROBE_CODE << 1) | 1. Distinct from every ERIX_DEBUG_EXIT_* code.
PROBE_CODE = 0x21

# What QEMU prints when KVM cannot run this guest: at start ("failed to set
# MSR" and an assertion in kvm_buf_set_msrs with -cpu host under nested
# virtualisation; no usable /dev/kvm), or mid-boot (the guest did something
# KVM could not emulate: QEMU pauses it and hangs).
KVM_FAILURE = re.compile(
    r"KVM internal error|failed to set MSR|kvm_buf_set_msrs|"
    r"Could not access KVM kernel module|failed to initiali[sz]e kvm|"
    r"kvm run failed|KVM: entry failed", re.IGNORECASE)


class AccelError(Exception):
    """ACCEL holds something other than kvm, tcg or nothing."""


def kvm_failure(text):
    """The first line of QEMU output text that reports a KVM failure, or None."""
    for line in text.splitlines():
        if KVM_FAILURE.search(line):
            return line.strip()
    return None


# --- the probe: OVMF boots a UEFI application that does a debug exit -----
def probe_app():
    """A minimal PE32+ EFI application (one .text section, no relocations
    needed: the code is position independent) whose entry point does
    mov al, PROBE_CODE; out 0xf4, al; then hlt in a loop."""
    code = bytes([0xB0, PROBE_CODE, 0xE6, 0xF4, 0xF4, 0xEB, 0xFD])
    image = bytearray(0x400)                    # headers 0x200, .text 0x200
    image[0:2] = b"MZ"
    struct.pack_into("<I", image, 0x3C, 0x40)   # e_lfanew
    coff = struct.pack("<4sHHIIIHH", b"PE\0\0", 0x8664, 1, 0, 0, 0, 0xF0,
                       0x0022)  # executable, large-address aware
    opt = struct.pack("<HBBIIIIIQIIHHHHHHIIIIHHQQQQII", 0x20B, 0, 0,
                      0x200, 0, 0, 0x1000, 0x1000,  # code size, entry, base
                      0, 0x1000, 0x200,             # image base, alignments
                      0, 0, 0, 0, 0, 0, 0,          # versions
                      0x2000, 0x200, 0,             # image, headers, checksum
                      10, 0,                        # EFI application
                      0x10000, 0x1000, 0x10000, 0x1000, 0, 16)
    opt += bytes(16 * 8)                        # empty data directories
    text = struct.pack("<8sIIIIIIHHI", b".text", len(code), 0x1000, 0x200,
                       0x200, 0, 0, 0, 0, 0x60000020)  # code, execute, read
    headers = coff + opt + text
    image[0x40:0x40 + len(headers)] = headers
    image[0x200:0x200 + len(code)] = code
    return bytes(image)


def _dirent(name, attr, cluster, size=0):
    date = ((2024 - 1980) << 9) | (1 << 5) | 1  # fixed: the disk is reproducible
    return struct.pack("<11sBBBHHHHHHHI", name, attr, 0, 0, 0, date, date, 0,
                       0, date, cluster, size)


def probe_disk(app):
    """A 64 KiB FAT12 disk without a partition table holding app as
    \\EFI\\BOOT\\BOOTX64.EFI, OVMF's default boot path. Written here rather
    than with sgdisk/mtools so that the probe needs nothing but QEMU and OVMF.
    Layout, one 512-byte sector per cluster: boot sector, two FATs, root
    directory, then cluster 2 = \\EFI, 3 = \\EFI\\BOOT, 4.. = the file."""
    sectors, sec = 128, 512
    disk = bytearray(sectors * sec)
    bpb = struct.pack("<3s8sHBHBHHBHHHII", b"\xEB\x3C\x90", b"ERIXPRB ", sec,
                      1, 1, 2, 16, sectors, 0xF8, 1, 32, 2, 0, 0)
    ext = struct.pack("<BBBI11s8s", 0x80, 0, 0x29, 0x45524958,
                      b"PROBE      ", b"FAT12   ")
    disk[0:len(bpb) + len(ext)] = bpb + ext
    disk[510:512] = b"\x55\xAA"
    app_clusters = (len(app) + sec - 1) // sec
    fat = [0xFF8, 0xFFF, 0xFFF, 0xFFF]          # media, reserved, \EFI, \EFI\BOOT
    fat += [5 + i for i in range(app_clusters - 1)] + [0xFFF]
    fat_bytes = bytearray()
    for i in range(0, len(fat) + 1, 2):         # FAT12: two entries per 3 bytes
        a, b = fat[i] if i < len(fat) else 0, fat[i + 1] if i + 1 < len(fat) else 0
        fat_bytes += bytes([a & 0xFF, (a >> 8) | ((b & 0xF) << 4), b >> 4])
    for copy in (1, 2):
        disk[copy * sec:copy * sec + len(fat_bytes)] = fat_bytes
    data = 4 * sec                              # boot, FAT, FAT, root
    entries = {3 * sec: [_dirent(b"EFI        ", 0x10, 2)],
               data: [_dirent(b".          ", 0x10, 2), _dirent(b"..         ", 0x10, 0),
                      _dirent(b"BOOT       ", 0x10, 3)],
               data + sec: [_dirent(b".          ", 0x10, 3), _dirent(b"..         ", 0x10, 2),
                            _dirent(b"BOOTX64 EFI", 0x20, 4, len(app))]}
    for offset, dirents in entries.items():
        blob = b"".join(dirents)
        disk[offset:offset + len(blob)] = blob
    disk[data + 2 * sec:data + 2 * sec + len(app)] = app
    return bytes(disk)


def _run_bounded(cmd, timeout):
    """Run cmd with its output collected; stop it at timeout or as soon as
    the output reports a KVM failure (a KVM internal error leaves QEMU
    hanging). Returns (exit status or None if stopped, output text)."""
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)
    out, eof = b"", False
    deadline = time.monotonic() + timeout
    with selectors.DefaultSelector() as sel:
        sel.register(proc.stdout, selectors.EVENT_READ)
        while not eof and not kvm_failure(out.decode("ascii", "replace")):
            left = deadline - time.monotonic()
            if left <= 0:
                break
            if sel.select(left):
                chunk = os.read(proc.stdout.fileno(), 4096)
                eof = not chunk  # QEMU closed its output: it is exiting
                out += chunk
    status = None
    if eof:
        try:
            status = proc.wait(timeout=2)
        except subprocess.TimeoutExpired:
            pass
    if status is None:
        proc.kill()
        proc.wait()
    proc.stdout.close()
    return status, out.decode("ascii", "replace")


def kvm_state():
    """'rw' when this user can open KVM_DEV, else why not."""
    if not os.path.exists(KVM_DEV):
        return "absent"
    return "rw" if os.access(KVM_DEV, os.R_OK | os.W_OK) else "not accessible"


def probe_kvm():
    """(ok, why): ok only if OVMF booted the probe application to its debug
    exit under KVM, with the machine, CPU model and firmware of a real boot."""
    state = kvm_state()
    if state != "rw":
        return False, "%s %s" % (KVM_DEV, state)
    if not shutil.which(QEMU):
        return False, QEMU + " not found"
    with tempfile.TemporaryDirectory(prefix="erix-accel-") as tmp:
        disk = os.path.join(tmp, "probe.img")
        with open(disk, "wb") as f:
            f.write(probe_disk(probe_app()))
        cmd = base_command(disk, "256M", os.path.join(tmp, "vars.fd"), "kvm")
        cmd += ["-serial", "stdio", "-monitor", "none", "-display", "none"]
        t0 = time.monotonic()
        status, out = _run_bounded(cmd, PROBE_TIMEOUT)
        took = time.monotonic() - t0
    if status == (PROBE_CODE << 1) | 1:
        return True, "OVMF booted a UEFI application under KVM in %.1f s" % took
    failure = kvm_failure(out)
    if failure:
        return False, "KVM failed under OVMF: " + failure
    if status is None:
        return False, "OVMF under KVM did not reach a UEFI application in %g s" % PROBE_TIMEOUT
    last = out.strip().splitlines()[-1:] or ["no output"]
    return False, "QEMU under KVM exited with status %d: %s" % (status, last[0])


# --- the cached verdict ---------------------------------------------------
def _file_id(path):
    try:
        st = os.stat(path)
    except OSError:
        return "missing"
    return "%d bytes, mtime %d" % (st.st_size, st.st_mtime_ns)


def _qemu_version():
    try:
        r = subprocess.run([QEMU, "--version"], stdin=subprocess.DEVNULL,
                           capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return "missing"
    return (r.stdout.splitlines() or ["?"])[0].strip()


def _cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.machine()


def verdict_key():
    """Everything the verdict depends on. A verdict stored under any other
    key (another machine, QEMU or OVMF package, probe) is probed again."""
    return {"probe": PROBE_VERSION, "qemu": _qemu_version(),
            "qemu_binary": _file_id(shutil.which(QEMU) or QEMU),
            "ovmf_code": "%s: %s" % (OVMF_CODE, _file_id(OVMF_CODE)),
            "kvm": "%s %s" % (KVM_DEV, kvm_state()),
            "host_kernel": platform.release(), "cpu": _cpu_model()}


def _read_verdict(key):
    try:
        with open(VERDICT) as f:
            v = json.load(f)
    except (OSError, ValueError):
        return None
    if v.get("key") != key or v.get("accel") not in ACCELS:
        return None
    return v


def _write_verdict(key, accel, why):
    v = {"key": key, "accel": accel, "why": why}
    os.makedirs(os.path.dirname(VERDICT), exist_ok=True)
    tmp = "%s.%d.tmp" % (VERDICT, os.getpid())
    with open(tmp, "w") as f:
        json.dump(v, f, indent=1)
        f.write("\n")
    os.replace(tmp, VERDICT)  # readers never see half a file
    return v


class _Lock:
    """Serialises the probe across processes (two pytest-xdist workers):
    one probes, the other waits and reads its verdict."""

    def __init__(self, path):
        os.makedirs(os.path.dirname(path), exist_ok=True)
        self.f = open(path, "w")

    def __enter__(self):
        fcntl.flock(self.f, fcntl.LOCK_EX)

    def __exit__(self, *exc):
        self.f.close()


def verdict():
    """The cached verdict for this key: {"accel": "kvm"|"tcg", "why": ...};
    probes (and says so on stderr when the answer is TCG) if there is none."""
    key = verdict_key()
    v = _read_verdict(key)
    if v:
        return v
    with _Lock(VERDICT + ".lock"):
        v = _read_verdict(key)  # another process may have probed meanwhile
        if v:
            return v
        ok, why = probe_kvm()
        if not ok:
            print("qemu: %s; using TCG" % why, file=sys.stderr)
        return _write_verdict(key, "kvm" if ok else "tcg", why)


def record_fallback(failure):
    """A boot under a "kvm" verdict failed with a KVM error: record "tcg" for
    this key. Returns the one line to print."""
    _write_verdict(verdict_key(), "tcg", "KVM failed in a boot: " + failure)
    return "qemu: KVM failed (%s); retrying under TCG, which is now the verdict (%s)" % (
        failure, os.path.relpath(VERDICT, REPO))


def forced_accel():
    """ACCEL from the environment: "kvm", "tcg", or None (unset or empty)."""
    value = os.environ.get("ACCEL", "").strip()
    if value and value not in ACCELS:
        raise AccelError("ACCEL=%s: must be kvm or tcg (or unset: decided by a probe)" % value)
    return value or None


def choose(icount=False, accel=None):
    """(accel, why, auto). auto: the verdict chose, so a KVM failure may fall
    back to TCG; a forced choice (accel argument, ACCEL, -icount) is kept."""
    forced = forced_accel()  # an invalid ACCEL is an error even under -icount
    if icount:
        return "tcg", "-icount needs TCG", False
    if accel:
        return accel, "--accel " + accel, False
    if forced:
        return forced, "ACCEL=" + forced, False
    v = verdict()
    return v["accel"], v["why"], True


# --- the command line -----------------------------------------------------
def have_display():
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        return False
    # Debian ships the GTK front end separately (qemu-system-gui).
    return any(os.path.exists(os.path.join(d, "ui-gtk.so")) for d in
               ("/usr/lib/x86_64-linux-gnu/qemu", "/usr/lib/qemu"))


def fresh_vars(path, firmware="default"):
    """OVMF writes boot entries into its variable store: every boot starts
    from a fresh copy so runs do not depend on earlier ones."""
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    shutil.copyfile(FIRMWARE[firmware][1], path)
    os.chmod(path, 0o644)
    return path


def _attach(image, how):
    if how == "usb":
        return ["-device", "qemu-xhci", "-drive", "if=none,id=stick,format=raw,file=" + image,
                "-device", "usb-storage,drive=stick"]
    assert how == "disk", how
    return ["-drive", "format=raw,file=" + image]


def base_command(image, mem, vars_path, accel, firmware="default", attach="disk"):
    """Machine, CPU model, firmware and disk: shared by every boot and by
    the probe, so the probe tests exactly what a boot will need.
    firmware: a FIRMWARE name. attach: "disk" (the default drive) or "usb"
    (a USB mass-storage stick on an xHCI controller, no other disk)."""
    fresh_vars(vars_path, firmware)
    cmd = [QEMU, "-machine", "q35", "-accel", accel, "-m", str(mem),
           "-no-reboot",
           "-drive", "if=pflash,format=raw,readonly=on,file=" + FIRMWARE[firmware][0],
           "-drive", "if=pflash,format=raw,file=" + vars_path,
           ] + _attach(image, attach) + [
           "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04",
           "-nic", "none"]
    if accel == "kvm":
        cmd += ["-cpu", "host"]
    return cmd


def command(image, mem="256M", vars_path=None, interactive=False,
            gdb=False, icount=False, accel=None, extra=(), qmp=None, firmware="default",
            attach="disk"):
    """The QEMU command line. interactive: serial and monitor multiplexed on
    the terminal (Ctrl-A X quits, Ctrl-A C switches to the monitor);
    otherwise serial alone on stdout, no monitor (for the harness).
    qmp: path of a unix socket where QEMU listens for QMP (machine-readable
    monitor: the harness's screendump), without waiting for a client.
    accel None: choose() decides."""
    if vars_path is None:
        vars_path = os.path.join(BUILD, "OVMF_VARS_4M.fd")
    accel = choose(icount, accel)[0]
    cmd = base_command(image, mem, vars_path, accel, firmware, attach)
    if icount:
        cmd += ["-icount", "shift=0"]
    if interactive:
        cmd += ["-serial", "mon:stdio"]
        if not have_display():
            cmd += ["-display", "none"]
    else:
        cmd += ["-serial", "stdio", "-monitor", "none", "-display", "none"]
    if qmp:
        cmd += ["-qmp", "unix:%s,server=on,wait=off" % qmp]
    if gdb:
        cmd += ["-s", "-S"]
    cmd += list(extra)
    return cmd


# --- running with the fallback (make run, make debug) ---------------------
def _save_tty():
    """The terminal's settings, or None when stdin is not a terminal."""
    try:
        if not os.isatty(sys.stdin.fileno()):
            return None
    except (OSError, ValueError):  # no usable stdin (pytest replaces it)
        return None
    import termios
    return termios.tcgetattr(sys.stdin.fileno())


def _restore_tty(saved):
    """QEMU puts the terminal in raw mode and restores it on a clean exit,
    not when it aborts (the MSR assertion): restore it here."""
    if saved is not None:
        import termios
        termios.tcsetattr(sys.stdin.fileno(), termios.TCSADRAIN, saved)


def _watch_stderr(proc, failure):
    """Forward QEMU's stderr to ours; at the first KVM failure stop QEMU
    (SIGTERM lets it restore the terminal; SIGKILL if it does not go)."""
    for raw in iter(proc.stderr.readline, b""):
        line = raw.decode("utf-8", "replace")
        sys.stderr.write(line)
        sys.stderr.flush()
        if not failure and KVM_FAILURE.search(line):
            failure.append(line.strip())
            _stop(proc)


def _stop(proc):
    """Let QEMU end by itself (it aborts after "failed to set MSR"), else
    SIGTERM (it restores the terminal), else SIGKILL."""
    for end in (None, proc.terminate, proc.kill):
        if end:
            end()
        try:
            proc.wait(timeout=0.5 if end is None else 2)
            return
        except subprocess.TimeoutExpired:
            pass


def run_watched(cmd):
    """Run QEMU with our stdin and stdout (serial and monitor stay on the
    terminal) and its stderr through _watch_stderr, where QEMU reports KVM
    failures. Returns (exit status, KVM failure line or None)."""
    saved = _save_tty()
    proc = subprocess.Popen(cmd, stderr=subprocess.PIPE)
    failure = []
    watcher = threading.Thread(target=_watch_stderr, args=(proc, failure), daemon=True)
    watcher.start()
    try:
        status = proc.wait()
    except KeyboardInterrupt:
        proc.terminate()
        status = proc.wait()
    finally:
        watcher.join(timeout=5)
        proc.stderr.close()
        _restore_tty(saved)
    return status, (failure[0] if failure else None)


def run_with_fallback(build, accel, auto):
    """Run build(accel); if KVM fails and the verdict chose it, record TCG
    and run build("tcg") once. Returns QEMU's exit status."""
    status, failure = run_watched(build(accel))
    if failure is None or accel != "kvm":
        return status
    if not auto:
        print("qemu: KVM failed (%s); KVM was forced, so no retry under TCG" % failure,
              file=sys.stderr)
        return status
    print(record_fallback(failure), file=sys.stderr)
    return run_watched(build("tcg"))[0]


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("image")
    ap.add_argument("--mem", default="256M")
    ap.add_argument("--vars", default=None, help="writable OVMF_VARS copy")
    ap.add_argument("--gdb", action="store_true", help="-s -S: wait for gdb")
    ap.add_argument("--icount", action="store_true", help="-icount shift=0")
    ap.add_argument("--accel", choices=ACCELS, default=None,
                    help="force an accelerator (like ACCEL=...)")
    ap.add_argument("--firmware", choices=sorted(FIRMWARE), default="default",
                    help="snakeoil: OVMF with Secure Boot on and Debian's test key")
    ap.add_argument("--usb", action="store_true", help="attach the image as a USB stick")
    ap.add_argument("--batch", action="store_true",
                    help="serial on stdout, no monitor (not interactive)")
    ap.add_argument("--print", action="store_true",
                    help="print the command instead of running it")
    a = ap.parse_args()
    if not os.path.exists(a.image):
        sys.exit("qemu.py: no image %s (run 'make image')" % a.image)
    try:
        accel, why, auto = choose(a.icount, a.accel)
    except AccelError as e:
        sys.exit("qemu.py: %s" % e)

    def build(acc):
        return command(a.image, a.mem, a.vars, interactive=not a.batch,
                       gdb=a.gdb, icount=a.icount, accel=acc, firmware=a.firmware,
                       attach="usb" if a.usb else "disk")

    if a.print:
        print(" ".join(build(accel)))
        return
    if not a.batch:
        print("qemu: %s (%s), %s; quit with Ctrl-A X" % (accel, why, a.image),
              file=sys.stderr)
    sys.exit(report_exit(run_with_fallback(build, accel, auto)))


def report_exit(status):
    """Names a debug exit (QEMU exits (code << 1) | 1) and returns the
    status make should see: 0 for rootd ready, 1 for any other debug exit."""
    sys.path.insert(0, os.path.join(REPO, "tests", "boot"))
    import abi  # the codes live in include/erix/debug_exit.h
    names = {abi.qemu_status(v): n for n, v in vars(abi).items()
             if n.startswith("ERIX_DEBUG_EXIT_") and n != "ERIX_DEBUG_EXIT_PORT"}
    if status in names:
        print("qemu: debug exit %s" % names[status], file=sys.stderr)
        return 0 if status == abi.qemu_status(abi.ERIX_DEBUG_EXIT_ROOTD_READY) else 1
    return status


if __name__ == "__main__":
    main()
