#!/usr/bin/python3
"""The one place that builds the QEMU command line for EriX-C: `make run`,
`make debug`, `make bench` and the boot tests (tests/boot) all go through
command(). Also decides KVM vs TCG by trying KVM once (cached in build/).
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile

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
KVM_VERDICT = os.path.join(BUILD, "kvm-verdict")

# The probe's exit value: QEMU exits with (PROBE_CODE << 1) | 1 when the
# guest really ran under KVM. Any value works; it only has to be distinctive.
PROBE_CODE = 0x21


def _probe_firmware():
    """A 64 KiB 'BIOS' whose reset vector writes PROBE_CODE to the
    isa-debug-exit port: mov al, PROBE_CODE; out 0xf4, al; hlt."""
    code = bytes([0xB0, PROBE_CODE, 0xE6, 0xF4, 0xF4, 0xEB, 0xFD])
    rom = bytearray(b"\xf4" * 65536)
    rom[-16:-16 + len(code)] = code  # the CPU starts 16 bytes below 4 GiB
    return bytes(rom)


def kvm_works():
    """True only if a guest actually ran under KVM here. /dev/kvm may exist
    while every KVM_RUN fails (nested virtualisation), so try it."""
    try:
        with open(KVM_VERDICT) as f:
            return f.read().strip() == "kvm"
    except OSError:
        pass
    ok = False
    if os.access("/dev/kvm", os.R_OK | os.W_OK) and shutil.which(QEMU):
        with tempfile.NamedTemporaryFile(suffix=".rom") as rom:
            rom.write(_probe_firmware())
            rom.flush()
            cmd = [QEMU, "-accel", "kvm", "-machine", "q35", "-m", "32M",
                   "-nodefaults", "-display", "none", "-no-reboot",
                   "-bios", rom.name,
                   "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04"]
            try:
                r = subprocess.run(cmd, stdin=subprocess.DEVNULL,
                                   capture_output=True, timeout=15)
                ok = r.returncode == (PROBE_CODE << 1) | 1
            except subprocess.TimeoutExpired:
                ok = False
    os.makedirs(BUILD, exist_ok=True)
    with open(KVM_VERDICT, "w") as f:
        f.write("kvm\n" if ok else "tcg\n")
    return ok


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


def command(image, mem="256M", vars_path=None, interactive=False,
            gdb=False, icount=False, accel=None, extra=(), firmware="default",
            attach="disk"):
    """The QEMU command line. interactive: serial and monitor multiplexed on
    the terminal (Ctrl-A X quits, Ctrl-A C switches to the monitor);
    otherwise serial alone on stdout, no monitor (for the harness).
    firmware: a FIRMWARE name. attach: "disk" (the default drive) or "usb"
    (a USB mass-storage stick on an xHCI controller, no other disk)."""
    if vars_path is None:
        vars_path = os.path.join(BUILD, "OVMF_VARS_4M.fd")
    fresh_vars(vars_path, firmware)
    if icount:
        accel = "tcg"  # -icount needs TCG
    elif accel is None:
        accel = "kvm" if kvm_works() else "tcg"
    cmd = [QEMU, "-machine", "q35", "-accel", accel, "-m", str(mem),
           "-no-reboot",
           "-drive", "if=pflash,format=raw,readonly=on,file=" + FIRMWARE[firmware][0],
           "-drive", "if=pflash,format=raw,file=" + vars_path,
           ] + _attach(image, attach) + [
           "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04",
           "-nic", "none"]
    if accel == "kvm":
        cmd += ["-cpu", "host"]
    if icount:
        cmd += ["-icount", "shift=0"]
    if interactive:
        cmd += ["-serial", "mon:stdio"]
        if not have_display():
            cmd += ["-display", "none"]
    else:
        cmd += ["-serial", "stdio", "-monitor", "none", "-display", "none"]
    if gdb:
        cmd += ["-s", "-S"]
    cmd += list(extra)
    return cmd


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("image")
    ap.add_argument("--mem", default="256M")
    ap.add_argument("--vars", default=None, help="writable OVMF_VARS copy")
    ap.add_argument("--gdb", action="store_true", help="-s -S: wait for gdb")
    ap.add_argument("--icount", action="store_true", help="-icount shift=0")
    ap.add_argument("--accel", choices=("kvm", "tcg"), default=None)
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
    cmd = command(a.image, a.mem, a.vars, interactive=not a.batch,
                  gdb=a.gdb, icount=a.icount, accel=a.accel, firmware=a.firmware,
                  attach="usb" if a.usb else "disk")
    if a.print:
        print(" ".join(cmd))
        return
    if not a.batch:
        print("qemu: %s, %s; quit with Ctrl-A X" %
              (cmd[cmd.index("-accel") + 1], a.image), file=sys.stderr)
    sys.exit(report_exit(subprocess.call(cmd)))


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
