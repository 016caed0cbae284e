"""The boot-test harness: builds the parts a scenario needs (make, cached per
distinct flags), assembles its ESP image (image/mkimage.sh), boots it with
the shared QEMU launcher (image/qemu.py), reads COM1 line by line with
timestamps into build/boot-logs/<name>.log, and checks the expected markers
in order, the absent markers and the exit behaviour. At a marker it can take
a screendump over QMP (build/boot-logs/<name>.png, see screen.py). A scenario
is data (scenarios.py); this file holds the only logic.
"""
import dataclasses
import fcntl
import hashlib
import os
import queue
import random
import re
import shutil
import subprocess
import sys
import threading
import time
from typing import Callable, Dict, List, Optional, Union

import abi
import screen
import tpm

REPO = abi.REPO
BUILD = os.path.join(REPO, "build")
LOG_DIR = os.path.join(BUILD, "boot-logs")
IMG_DIR = os.path.join(BUILD, "boot-img")
sys.path.insert(0, os.path.join(REPO, "image"))
import qemu  # noqa: E402  (image/qemu.py: the one QEMU command line)

MAKE = ["make", "--no-print-directory", "-j%d" % max(2, os.cpu_count() or 2)]

# Exit behaviours besides a debug-exit code.
STAYS_UP = "stays up"               # alive STAY_SECONDS after the last marker
RETURNS_TO_FIRMWARE = "returns to firmware"  # stop after ERIX_MARK_BL_RETURN
REFUSED_BY_FIRMWARE = "refused by firmware"  # stop after the firmware's last word
STAY_SECONDS = 3.0
# OVMF prints this when a CPU exception hits before ExitBootServices.
FIRMWARE_EXCEPTION = "!!!! X64 Exception Type"
# OVMF's boot manager (BdsDxe) on the console when Secure Boot refuses an
# image ("failed to load Boot0002 ... : Access Denied"), and once it has no
# boot option left (it then waits for a key: the harness stops it there).
FIRMWARE_ACCESS_DENIED = "Access Denied"
FIRMWARE_NO_BOOT = "No bootable option or device was found"


# --- ESP content: what goes into a file of the ESP -----------------------
@dataclasses.dataclass(frozen=True)
class Built:
    """A file the variant build produced: kernel.elf, rootd.elf."""
    part: str


@dataclasses.dataclass(frozen=True)
class Garbage:
    """size random bytes (seeded by the scenario name: reproducible)."""
    size: int


@dataclasses.dataclass(frozen=True)
class ZeroHead:
    """A built file with its first `count` bytes zeroed."""
    part: str
    count: int


@dataclasses.dataclass(frozen=True)
class Appended:
    """A file of the repository (e.g. one `make sign` put on the ESP) with
    data appended: still a valid ELF or BOOT.CFG, so only its digest can
    tell it from the original."""
    path: str
    data: bytes


@dataclasses.dataclass(frozen=True)
class SignedLoader:
    """A loader (repository path) signed as `make sign` signs, with the
    SHA-256 of the repository file `cfg` embedded first, or none if None."""
    efi: str
    cfg: Optional[str] = None


SIGN_KEY = "build/sign/snakeoil.key"  # `make sign` strips the test key's passphrase here
SIGN_CERT = "/usr/share/ovmf/PkKek-1-snakeoil.pem"


def _signed_loader(spec, out):
    src = os.path.join(REPO, spec.efi)
    if spec.cfg is not None:
        subprocess.run([sys.executable, os.path.join(REPO, "image", "embed-cfg-digest.py"),
                        src, os.path.join(REPO, spec.cfg), out + ".unsigned"], check=True)
        src = out + ".unsigned"
    subprocess.run(["sbsign", "--key", os.path.join(REPO, SIGN_KEY), "--cert", SIGN_CERT,
                    "--output", out, src], check=True, capture_output=True)


KERNEL_PATH = "/EFI/ERIX/KERNEL.ELF"
ROOTD_PATH = "/EFI/ERIX/ROOTD.ELF"
CHILD_PATH = "/EFI/ERIX/CHILD.ELF"
DRIVERS_PATH = "/EFI/ERIX/DRIVERS.ELF"
DEFAULT_ESP = {KERNEL_PATH: Built("kernel.elf"), ROOTD_PATH: Built("rootd.elf"),
               CHILD_PATH: Built("child.elf"), DRIVERS_PATH: Built("drivers.elf")}


@dataclasses.dataclass
class Scenario:
    name: str
    markers: List[str]                       # must appear, in this order
    exit: Union[int, str]                    # debug-exit code, STAYS_UP, RETURNS_TO_FIRMWARE
    features: str = "kernel-rootd-smoke-test"
    bl_corrupt: str = ""
    bl_quirk: str = ""                       # BL_QUIRK test build of bl
    rootd_test: str = ""
    make_vars: Dict[str, str] = dataclasses.field(default_factory=dict)  # e.g. link flags
    image: Optional[str] = None              # boot a `make <build>` output instead
    build: str = "image"                     # the make target that builds `image`
    tamper: Dict[str, object] = dataclasses.field(default_factory=dict)  # ESP files replaced
    firmware: str = "default"                # image/qemu.py FIRMWARE name
    attach: str = "disk"                     # image/qemu.py: "disk" or "usb"
    qemu_extra: List[str] = dataclasses.field(default_factory=list)  # e.g. -vga none
    esp: Dict[str, object] = dataclasses.field(default_factory=lambda: dict(DEFAULT_ESP))
    boot_cfg: Optional[str] = None           # BOOT.CFG text; None: image/boot.cfg
    mem: str = "256M"
    absent: List[str] = dataclasses.field(default_factory=list)
    timeout: float = 60.0                    # seconds from QEMU start
    screenshot_at: Optional[str] = None      # screendump when this marker's line arrives
    # (marker, kind, data) when the marker's line arrives, in order: kind
    # "serial" writes data to COM1's input, "sendkey" presses the QEMU key
    # names in data (space separated) one after another through QMP, "qmp"
    # runs data (one QMP command, a dict) on QEMU's monitor socket.
    inputs: List[tuple] = dataclasses.field(default_factory=list)
    # A software TPM (tpm.py) attached for the boot; its PCR ERIX_TPM_PCR and
    # the firmware's event log are read back after QEMU ended (Result.pcr,
    # Result.event_log).
    tpm: bool = False
    check: Optional[Callable[["Result"], None]] = None  # extra assertions


@dataclasses.dataclass
class Result:
    lines: List[tuple]          # (seconds since QEMU start, text)
    marker_times: Dict[str, float]
    status: Optional[int]       # QEMU exit status, None if the harness stopped it
    log: str
    screenshot: Optional[str] = None  # PNG taken at screenshot_at
    image: Optional[str] = None       # the disk image booted
    pcr: Optional[Dict[str, bytes]] = None  # Scenario.tpm: {bank: ERIX_TPM_PCR's value}
    event_log: Optional[dict] = None  # Scenario.tpm: the firmware's log, as tpm2_eventlog reads it

    def line_of(self, marker):
        for _, text in self.lines:
            if marker_re(marker).search(text):
                return text
        return None

    def fields(self, marker):
        """The key=value fields of the first line carrying marker."""
        text = self.line_of(marker) or ""
        return dict(re.findall(r"(\w+)=(\S+)", text))


class BootFailure(AssertionError):
    pass


class HostFailure(BootFailure):
    """QEMU could not run the guest here (would not start, accelerator
    error): says nothing about the scenario."""


class _KvmFailed(Exception):
    """A boot under KVM hit a KVM error (qemu.KVM_FAILURE)."""

    def __init__(self, line, result):
        super().__init__(line)
        self.line, self.result = line, result


# QEMU's own error lines ("qemu-system-x86_64: -drive ...: Could not open"),
# not its warnings: printed when it refuses to start.
QEMU_ERROR = re.compile(r"^%s: (?!warning:)" % re.escape(qemu.QEMU))


# Lines only the kernel starts (its own markers, and the prefixes it writes
# before a task's text): such a marker counts only at the start of a line,
# so a task's text (which the kernel never lets start a line: USER_SERIAL,
# TASK_LOG) cannot forge one.
KERNEL_OWNED = (abi.ERIX_MARK_FAIL_PREFIX.split(":")[0] + ":", abi.ERIX_MARK_ROOTD_LOG,
                abi.ERIX_MARK_ROOTD_STAGE_PREFIX, abi.ERIX_MARK_ROOTD_DIAG_PREFIX,
                abi.ERIX_MARK_TRACE_PREFIX, abi.ERIX_MARK_TASK_LOG)


def marker_re(marker):
    # A marker is a whole token: not the tail or head of a longer name.
    start = "^" if marker.startswith(KERNEL_OWNED) else r"(?<![A-Za-z0-9_:])"
    return re.compile(start + re.escape(marker) + r"(?![A-Za-z0-9_])")


# --- building -------------------------------------------------------------
class _Lock:
    def __init__(self, path):
        os.makedirs(os.path.dirname(path), exist_ok=True)
        self.f = open(path, "w")

    def __enter__(self):
        fcntl.flock(self.f, fcntl.LOCK_EX)

    def __exit__(self, *exc):
        fcntl.flock(self.f, fcntl.LOCK_UN)
        self.f.close()


_built = {}


def _make(args, lock_name):
    """Run make once per distinct argument list in this process, serialised
    across processes (pytest-xdist workers) by a lock per build."""
    key = tuple(args)
    if key in _built:
        if isinstance(_built[key], Exception):
            raise _built[key]
        return
    with _Lock(os.path.join(BUILD, "locks", lock_name + ".lock")):
        r = subprocess.run(MAKE + list(args), cwd=REPO, stdin=subprocess.DEVNULL,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if r.returncode != 0:
        tail = "\n".join(r.stdout.splitlines()[-30:])
        _built[key] = BootFailure("build failed: make %s\n%s" % (" ".join(args), tail))
        raise _built[key]
    _built[key] = True


def _part_variant(sc, part):
    """Build one part (kernel.elf, BOOTX64.EFI, rootd.elf) in a variant dir
    keyed by the flags that part is built with; scenarios that differ only
    in the loader share the kernel and rootd builds. Returns its path."""
    flags = {"FEATURES": sc.features, "BL_CORRUPT": "", "ROOTD_TEST": ""}
    if part == "BOOTX64.EFI":
        flags["BL_CORRUPT"] = sc.bl_corrupt
        if sc.bl_quirk:  # only then: other variants keep their names
            flags["BL_QUIRK"] = sc.bl_quirk
    if part == "rootd.elf":
        flags["ROOTD_TEST"] = sc.rootd_test
    flags.update(sc.make_vars)
    text = "\n".join("%s=%s" % kv for kv in sorted(flags.items()))
    variant = "bt-%s-%s" % (part.split(".")[0].lower(),
                            hashlib.sha1(text.encode()).hexdigest()[:10])
    out = "build/v/%s/%s" % (variant, part)
    _make(["VARIANT=" + variant] + ["%s=%s" % kv for kv in sorted(flags.items())] + [out],
          variant)
    return os.path.join(REPO, out)


def make_images(target="image"):
    """`make image`: build/erix.img and build/erix-smoke.img; `make sign`:
    build/erix-signed.img and build/erix-smoke-signed.img."""
    _make([target], "image")


ESP_OFFSET = 1048576  # mkimage.sh puts the ESP at sector 2048


def tamper_image(sc, image):
    """A copy of image for this scenario, with the sc.tamper files replaced
    on its ESP after BOOT.CFG (and the signed loader) took their digests."""
    os.makedirs(IMG_DIR, exist_ok=True)
    out = os.path.join(IMG_DIR, sc.name + ".img")
    work = os.path.join(IMG_DIR, sc.name + ".esp")
    os.makedirs(work, exist_ok=True)
    shutil.copyfile(image, out)
    for dest, spec in sc.tamper.items():
        src = os.path.join(work, dest.strip("/").replace("/", "_"))
        if isinstance(spec, Appended):
            with open(os.path.join(REPO, spec.path), "rb") as f:
                data = f.read() + spec.data
            with open(src, "wb") as f:
                f.write(data)
        elif isinstance(spec, SignedLoader):
            _signed_loader(spec, src)
        else:
            raise ValueError("unknown tamper content %r" % (spec,))
        subprocess.run(["mcopy", "-i", "%s@@%d" % (out, ESP_OFFSET), "-o", src, "::" + dest],
                       check=True)
    return out


# --- image ------------------------------------------------------------------
def _esp_file(sc, spec, work, dest):
    if isinstance(spec, Built):
        src = _part_variant(sc, spec.part)
        if spec.part != "kernel.elf":
            return src
        # As in `make image`: the ESP carries the kernel without debug info.
        out = os.path.join(work, "KERNEL.ELF")
        subprocess.run(["objcopy", "--strip-debug", src, out], check=True)
        return out
    out = os.path.join(work, dest.strip("/").replace("/", "_"))
    if isinstance(spec, Garbage):
        rng = random.Random(sc.name + dest)
        data = bytes(rng.getrandbits(8) for _ in range(spec.size))
    elif isinstance(spec, ZeroHead):
        with open(_part_variant(sc, spec.part), "rb") as f:
            data = bytearray(f.read())
        data[:spec.count] = bytes(min(spec.count, len(data)))
    else:
        raise ValueError("unknown ESP content %r" % (spec,))
    with open(out, "wb") as f:
        f.write(data)
    return out


def build_image(sc):
    if sc.image:
        make_images(sc.build)
        # Each scenario boots its own copy: scenarios run in parallel and
        # QEMU locks a writable disk; tamper edits only the copy.
        return tamper_image(sc, os.path.join(REPO, sc.image))
    work = os.path.join(IMG_DIR, sc.name + ".esp")
    os.makedirs(work, exist_ok=True)
    efi = _part_variant(sc, "BOOTX64.EFI")
    cfg = os.path.join(REPO, "image", "boot.cfg")
    if sc.boot_cfg is not None:
        cfg = os.path.join(work, "BOOT.CFG")
        with open(cfg, "w") as f:
            f.write(sc.boot_cfg)
    extra = ["%s=%s" % (_esp_file(sc, spec, work, dest), dest)
             for dest, spec in sc.esp.items() if spec is not None]
    img = os.path.join(IMG_DIR, sc.name + ".img")
    r = subprocess.run([os.path.join(REPO, "image", "mkimage.sh"), img, efi, cfg] + extra,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if r.returncode != 0:
        raise BootFailure("mkimage failed:\n" + r.stdout)
    return img


# --- boot ---------------------------------------------------------------------
_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Za-z0-9]")


def _reader(stream, q, t0):
    for raw in iter(stream.readline, b""):
        text = _ANSI.sub("", raw.decode("ascii", "replace")).replace("\r", "").rstrip("\n")
        q.put((time.monotonic() - t0, text))
    q.put(None)


def boot(image, name, mem="256M", timeout=60.0, markers=(), absent=(),
         stop_after_last=None, extra_qemu=(), icount=False, screenshot_at=None, inputs=(),
         firmware="default", attach="disk"):
    """Boot image, log COM1, follow markers in order. stop_after_last: None
    waits for QEMU to exit; a number of seconds stops QEMU that long after
    the last marker (failing if it exits meanwhile). screenshot_at: take a
    screendump when the first line with this marker arrives. Returns Result;
    raises BootFailure with the log tail on any mismatch, HostFailure when
    QEMU could not run the guest. If KVM (chosen by qemu.py's verdict, not
    forced) fails, the verdict becomes TCG and the boot is retried once."""
    os.makedirs(LOG_DIR, exist_ok=True)
    log_path = os.path.join(LOG_DIR, name + ".log")
    try:
        accel, why, auto = qemu.choose(icount)
    except qemu.AccelError as e:
        raise HostFailure("host failure: %s" % e)
    args = (image, name, mem, timeout, markers, absent, stop_after_last, extra_qemu, icount,
            screenshot_at, inputs, firmware, attach)
    try:
        return _boot_once(*args, accel=accel, log_path=log_path)
    except _KvmFailed as e:
        if not auto:
            fail(e.result, "KVM failed (%s: %s), not retried under TCG" % (why, e.line), host=True)
        kvm_log = os.path.join(LOG_DIR, name + ".kvm.log")
        os.replace(log_path, kvm_log)
        note = qemu.record_fallback(e.line)
        print(note, file=sys.stderr)
        # Under TCG _boot_once never raises _KvmFailed: this is the last try.
        return _boot_once(*args, accel="tcg", log_path=log_path,
                          note="%s; KVM attempt: %s" % (note, kvm_log))


def _start_qemu(cmd, serial_in=False):
    try:
        return subprocess.Popen(cmd, stdin=subprocess.PIPE if serial_in else subprocess.DEVNULL,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    except OSError as e:
        raise HostFailure("host failure: QEMU would not start: %s (run 'make deps')" % e)


def _host_problem(lines, status):
    """Why QEMU's end was the host's fault, or None: it refused to start
    (its own error line, exit 1) or died of a signal it was not sent."""
    if status is None:
        return None
    if status < 0:
        return "QEMU died of signal %d" % -status
    errors = [text for _, text in lines if QEMU_ERROR.match(text)]
    if status == 1 and errors:
        return "QEMU would not start: " + errors[0]
    return None


def _send_input(proc, qmp, kind, data):
    """One scenario input (Scenario.inputs)."""
    if kind == "serial":
        proc.stdin.write(data.encode())
        proc.stdin.flush()
    elif kind == "qmp":
        screen.qmp(qmp, [data])
    elif kind == "sendkey":
        screen.qmp(qmp, [{"execute": "send-key",
                          "arguments": {"keys": [{"type": "qcode", "data": k}]}}
                         for k in data.split()])
    else:
        raise ValueError("unknown input kind %r" % kind)


def _boot_once(image, name, mem, timeout, markers, absent, stop_after_last, extra_qemu,
               icount, screenshot_at, inputs, firmware, attach, accel, log_path, note=None):
    """One QEMU run of boot(); raises _KvmFailed on a KVM error."""
    wants_qmp = screenshot_at or any(kind in ("sendkey", "qmp") for _, kind, _ in inputs)
    qmp = os.path.join(LOG_DIR, name + ".qmp") if wants_qmp else None
    pending_inputs = list(inputs)
    shot_png = None
    if qmp and os.path.exists(qmp):
        os.unlink(qmp)
    cmd = qemu.command(image, mem, vars_path=os.path.join(LOG_DIR, name + ".vars.fd"),
                       icount=icount, accel=accel, extra=extra_qemu, qmp=qmp,
                       firmware=firmware, attach=attach)
    pending = list(markers)
    patterns = {m: marker_re(m) for m in list(markers) + list(absent)}
    lines, marker_times, problem, kvm_error, eof = [], {}, None, None, False
    t0 = time.monotonic()
    proc = _start_qemu(cmd, serial_in=any(kind == "serial" for _, kind, _ in inputs))
    q = queue.Queue()
    threading.Thread(target=_reader, args=(proc.stdout, q, t0), daemon=True).start()
    stop_at = None
    try:
        while True:
            now = time.monotonic() - t0
            if stop_at is not None and now >= stop_at:
                break
            if now >= timeout:
                problem = "timeout after %.0f s waiting for %s" % (
                    timeout, repr(pending[0]) if pending else "QEMU to exit")
                break
            limit = min(timeout, stop_at if stop_at is not None else timeout)
            try:
                item = q.get(timeout=max(0.05, limit - now))
            except queue.Empty:
                continue
            if item is None:  # QEMU closed its output: it exited
                eof = True
                proc.wait()
                if stop_at is not None:
                    problem = "QEMU exited (status %d) within %.0f s after the last marker" % (
                        proc.returncode, stop_after_last)
                elif pending:
                    problem = "QEMU exited (status %d) before %r" % (proc.returncode, pending[0])
                break
            t, text = item
            lines.append((t, text))
            if accel == "kvm" and qemu.KVM_FAILURE.search(text):
                kvm_error = text.strip()  # QEMU stops or hangs: nothing more will come
                break
            for m in absent:
                if patterns[m].search(text):
                    problem = "marker that must be absent appeared: %r" % m
            if FIRMWARE_EXCEPTION in text:  # OVMF's CPU exception dump: nothing more will come
                problem = "CPU exception under the firmware (bl crashed?)"
            if problem:
                break
            if screenshot_at and not shot_png and marker_re(screenshot_at).search(text):
                try:
                    shot_png = screen.screendump(qmp, os.path.join(LOG_DIR, name + ".ppm"))
                except (OSError, RuntimeError, subprocess.CalledProcessError) as e:
                    problem = "screendump failed: %s" % e
                    break
            while pending_inputs and marker_re(pending_inputs[0][0]).search(text):
                _, kind, data = pending_inputs.pop(0)
                try:
                    _send_input(proc, qmp, kind, data)
                except (OSError, RuntimeError, ValueError) as e:
                    problem = "input %s %r failed: %s" % (kind, data, e)
                    break
            if problem:
                break
            if pending and patterns[pending[0]].search(text):  # one marker per line
                marker_times[pending.pop(0)] = t
                if not pending and stop_after_last is not None:
                    stop_at = t + stop_after_last
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
            status = None
        else:
            status = proc.returncode
        while not eof:  # keep what QEMU printed up to its end
            try:
                item = q.get(timeout=1.0)
            except queue.Empty:
                break
            if item is None:
                break
            lines.append(item)
        with open(log_path, "w") as f:
            if note:
                f.write("# %s\n" % note)
            f.write("# %s\n" % " ".join(cmd))
            for t, text in lines:
                f.write("[%8.3f] %s\n" % (t, text))
            f.write("# qemu status: %s\n" % ("stopped by harness" if status is None else status))
    if screenshot_at and not shot_png and not problem:
        problem = "no screenshot: %r never arrived" % screenshot_at
    result = Result(lines, marker_times, status, log_path, shot_png)
    if kvm_error:
        raise _KvmFailed(kvm_error, result)
    host = _host_problem(lines, status)
    if host:
        fail(result, host + (" (while: %s)" % problem if problem else ""), host=True)
    if problem:
        fail(result, problem)
    return result


def fail(result, problem, host=False):
    """Raise the failure with the log tail. host: QEMU could not run the
    guest (HostFailure), else the scenario did not behave (BootFailure)."""
    kind = "host failure" if host else "scenario failure"
    tail = "\n".join("[%8.3f] %s" % lt for lt in result.lines[-40:])
    raise (HostFailure if host else BootFailure)(
        "%s: %s\n--- %s (last 40 lines) ---\n%s" % (kind, problem, result.log, tail))


def _boot_scenario(sc, image, stop, extra):
    return boot(image, sc.name, sc.mem, sc.timeout, sc.markers, sc.absent, stop, extra,
                screenshot_at=sc.screenshot_at, inputs=sc.inputs, firmware=sc.firmware,
                attach=sc.attach)


def _boot_with_tpm(sc, image, stop):
    """The boot with a fresh swtpm attached, then its PCR and the event log
    (at the address bl's TPM line gives) read back."""
    os.makedirs(LOG_DIR, exist_ok=True)
    try:
        with tpm.Swtpm(os.path.join(LOG_DIR, sc.name + ".swtpm.log")) as t:
            r = _boot_scenario(sc, image, stop, list(sc.qemu_extra) + t.qemu_args(sc.mem))
            r.pcr = t.read_pcr(abi.ERIX_TPM_PCR)
            log = r.fields(abi.ERIX_MARK_BL_TPM).get("log", "none")
            if log != "none":
                r.event_log = t.event_log(int(log, 16),
                                          os.path.join(LOG_DIR, sc.name + ".eventlog.bin"))
    except (tpm.TpmError, OSError, subprocess.SubprocessError) as e:
        raise HostFailure("host failure: software TPM: %s" % e)
    return r


def run(sc):
    """Run one scenario end to end; returns its Result."""
    image = build_image(sc)
    if sc.exit == RETURNS_TO_FIRMWARE:
        assert sc.markers and sc.markers[-1] == abi.ERIX_MARK_BL_RETURN, sc.name
        stop = 0.5
    elif sc.exit == REFUSED_BY_FIRMWARE:
        assert sc.markers and sc.markers[-1] == FIRMWARE_NO_BOOT, sc.name
        stop = 0.5
    elif sc.exit == STAYS_UP:
        stop = STAY_SECONDS
    else:
        stop = None
    if sc.tpm:
        r = _boot_with_tpm(sc, image, stop)
    else:
        r = _boot_scenario(sc, image, stop, sc.qemu_extra)
    r.image = image
    if isinstance(sc.exit, int) and r.status != abi.qemu_status(sc.exit):
        fail(r, "QEMU exit status %s, expected %d (debug exit 0x%x)" % (
            r.status, abi.qemu_status(sc.exit), sc.exit))
    if sc.check:
        try:
            sc.check(r)
        except AssertionError as e:
            fail(r, "check failed: %s" % e)
    return r
