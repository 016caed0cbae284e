"""Measured boot under test: a software TPM (swtpm, TPM 2.0) for one boot,
its PCRs read back with tpm2-tools after QEMU has gone, and the value bl
should have left there, replayed on the host from the image's own files.

Reading after the boot: QEMU talks to swtpm through its control socket and
hands it the data channel (CMD_SET_DATAFD), so while QEMU runs nothing else
can send TPM commands, and swtpm refuses a --server data socket alongside
(QEMU then fails with "Failed to send CMD_SET_DATAFD"). swtpm outlives
QEMU's exit, though, with the TPM's state in memory. So: `swtpm_ioctl -v`
writes that volatile state into the state directory, `swtpm_ioctl -s`
stops this swtpm, a second swtpm on the same directory with a data socket
(--server) and --flags not-need-init resumes from the saved state, and
`tpm2_pcrread -T swtpm:path=...` reads it (measured: PCRs 0-7 as OVMF
left them, so the boot's own state, not a fresh TPM).

The event log: bl prints where the firmware keeps it (`ERIX_BL:TPM ...
log=<address>`). The guest's RAM is a file here (memory-backend-file,
share=on), so after QEMU's exit the log can be read from it: OVMF keeps it
in boot-services memory, which the kernel has not reused by rootd ready (if
it ever does, the check says the log was not found there). The log is cut
at its last event and handed to `tpm2_eventlog`.
"""
import hashlib
import os
import re
import shutil
import struct
import subprocess
import tempfile
import time

import yaml  # tpm2_eventlog prints YAML

# tpm2-tools names of the banks swtpm 0.7 activates by default, and hashlib's.
BANKS = ("sha1", "sha256", "sha384", "sha512")
ESP_OFFSET = 1048576  # image/mkimage.sh puts the ESP at sector 2048
TOOLS = ("swtpm", "swtpm_ioctl", "tpm2_pcrread", "tpm2_eventlog")
LOG_MAX = 64 * 1024    # the most of the log read: OVMF's log area (PcdTcgLogAreaMinLen)
# tpm2_eventlog's names of the event types bl logs (TCG PC Client profile).
EVENT_TYPE_NAMES = {0x0000000D: "EV_IPL"}
SPEC_ID = b"Spec ID Event03"  # the crypto-agile log's first event (TCG PC Client profile)


class TpmError(Exception):
    """swtpm or tpm2-tools did not do their part (the host's problem)."""


def _run(cmd, timeout=20):
    r = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                       timeout=timeout)
    if r.returncode != 0:
        raise TpmError("%s: exit %d: %s" % (" ".join(cmd), r.returncode,
                                            (r.stderr or r.stdout).strip()))
    return r.stdout


def _wait_for(path, proc, timeout=10.0):
    deadline = time.monotonic() + timeout
    while not os.path.exists(path):
        if proc.poll() is not None:
            raise TpmError("swtpm exited (status %d) before %s appeared" % (proc.returncode, path))
        if time.monotonic() > deadline:
            raise TpmError("swtpm: no %s after %g s" % (path, timeout))
        time.sleep(0.05)


class Swtpm:
    """One TPM 2.0 for one boot, state in a fresh temporary directory (unix
    socket paths must stay short: not under build/). Use as a context
    manager; log_path receives swtpm's log when it ends."""

    def __init__(self, log_path):
        missing = [t for t in TOOLS if not shutil.which(t)]
        if missing:
            raise TpmError("%s not installed (run 'make deps')" % ", ".join(missing))
        self.log_path = log_path
        self.dir = tempfile.mkdtemp(prefix="erix-tpm-")
        self.state = os.path.join(self.dir, "state")
        os.mkdir(self.state)
        self.ctrl = os.path.join(self.dir, "ctrl.sock")
        self.procs = []
        self._start(["--ctrl", "type=unixio,path=" + self.ctrl], self.ctrl)

    def _start(self, channels, wait_path):
        cmd = ["swtpm", "socket", "--tpm2", "--tpmstate", "dir=" + self.state,
               "--log", "file=%s,level=1" % os.path.join(self.dir, "swtpm.log")] + channels
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                stderr=subprocess.STDOUT)
        self.procs.append(proc)
        _wait_for(wait_path, proc)
        return proc

    def qemu_args(self, mem):
        """QEMU's TPM: a CRB interface (q35) on this swtpm; and the guest's
        RAM (mem, e.g. "256M") in a file, readable after the boot."""
        self.ram = os.path.join(self.dir, "ram")
        return ["-chardev", "socket,id=chrtpm,path=" + self.ctrl,
                "-tpmdev", "emulator,id=tpm0,chardev=chrtpm",
                "-device", "tpm-crb,tpmdev=tpm0",
                "-object", "memory-backend-file,id=ram,size=%s,mem-path=%s,share=on" % (
                    mem, self.ram),
                "-machine", "memory-backend=ram"]

    def event_log(self, address, out_path):
        """The firmware's event log at guest physical address (below 2 GiB,
        where the RAM file's offset is the address) cut at its last event,
        written to out_path; returns tpm2_eventlog's reading of it (events,
        replayed pcrs), or None if there is no log at address (overwritten?)."""
        with open(self.ram, "rb") as f:
            f.seek(address)
            raw = f.read(LOG_MAX)
        length = log_length(raw)
        if length is None:
            return None
        with open(out_path, "wb") as f:
            f.write(raw[:length])
        text = _run(["tpm2_eventlog", out_path])
        try:
            return yaml.safe_load(text)
        except yaml.YAMLError as e:
            raise TpmError("tpm2_eventlog %s: not YAML: %s" % (out_path, e))

    def _stop(self, proc, ctrl):
        _run(["swtpm_ioctl", "--unix", ctrl, "-s"])
        proc.wait(timeout=10)

    def read_pcr(self, index):
        """{bank: PCR value as bytes} after QEMU has exited (see above)."""
        first = self.procs[0]
        if first.poll() is not None:
            raise TpmError("swtpm ended with QEMU (status %d)" % first.returncode)
        _run(["swtpm_ioctl", "--unix", self.ctrl, "-v"])  # volatile state -> state dir
        self._stop(first, self.ctrl)
        data = os.path.join(self.dir, "data.sock")
        second = self._start(["--server", "type=unixio,path=" + data,
                              "--ctrl", "type=unixio,path=%s.ctrl" % data,
                              "--flags", "not-need-init"], data)
        _wait_for(data + ".ctrl", second)
        sel = "+".join("%s:%d" % (b, index) for b in BANKS)
        out = _run(["tpm2_pcrread", "-T", "swtpm:path=" + data, sel])
        self._stop(second, data + ".ctrl")
        return parse_pcrread(out, index)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        for proc in self.procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        log = os.path.join(self.dir, "swtpm.log")
        if os.path.exists(log):
            shutil.copyfile(log, self.log_path)
        shutil.rmtree(self.dir, ignore_errors=True)


def log_length(raw):
    """Bytes of the crypto-agile log at the start of raw: the SHA-1 format
    Spec ID event (PCR, type, 20-byte digest, size, data: signature, class,
    versions, uintn size, then (algorithm, digest size) pairs), then
    TCG_PCR_EVENT2s (PCR, type, digest count, (algorithm, digest)s, size,
    data) up to the unused area the firmware filled with 0xFF. None if raw
    does not start with a Spec ID event."""
    size = struct.unpack_from("<I", raw, 28)[0] if len(raw) >= 32 else 0
    spec = raw[32:32 + size]
    if not spec.startswith(SPEC_ID):
        return None
    count = struct.unpack_from("<I", spec, 24)[0]
    digest_size = dict(struct.unpack_from("<HH", spec, 28 + 4 * i) for i in range(count))
    off = 32 + size
    while off + 12 <= len(raw):
        pcr, _, digests = struct.unpack_from("<III", raw, off)
        if pcr == 0xFFFFFFFF:
            break
        o = off + 12
        for _ in range(digests):
            o += 2 + digest_size[struct.unpack_from("<H", raw, o)[0]]
        off = o + 4 + struct.unpack_from("<I", raw, o)[0]
    return off


def log_pcr(log, bank, index):
    """The PCR value tpm2_eventlog replayed from the log (its "pcrs:"), as
    bytes: YAML reads some of its hex strings as integers."""
    v = log["pcrs"][bank][index]
    if isinstance(v, int):
        return v.to_bytes(hashlib.new(bank).digest_size, "big")
    return bytes.fromhex(v[2:] if v.startswith("0x") else v)


def parse_pcrread(text, index):
    """tpm2_pcrread's YAML-like output ("  sha256:", "    9 : 0x...")."""
    pcrs, bank = {}, None
    for line in text.splitlines():
        m = re.match(r"^\s*(\w+):\s*$", line)
        if m:
            bank = m.group(1)
            continue
        m = re.match(r"^\s*(\d+)\s*:\s*0x([0-9A-Fa-f]+)\s*$", line)
        if m and bank and int(m.group(1)) == index:
            pcrs[bank] = bytes.fromhex(m.group(2))
    return pcrs


# --- the host's side: what bl must have measured -----------------------------
def esp_read(image, path):
    """One file of the image's ESP (mtools), path as BOOT.CFG writes it."""
    r = subprocess.run(["mcopy", "-n", "-i", "%s@@%d" % (image, ESP_OFFSET),
                        "::" + path.replace("\\", "/"), "-"], capture_output=True, check=True)
    return r.stdout


def measured_files(image, cfg_path):
    """(path, bytes) of every file bl loads, in its load order: BOOT.CFG,
    the kernel, then the modules as BOOT.CFG lists them."""
    cfg = esp_read(image, cfg_path)
    files, kernel, modules = [(cfg_path, cfg)], None, []
    for line in cfg.decode("ascii").splitlines():
        words = line.split()
        if not words or words[0].startswith("#"):
            continue
        if words[0] == "kernel":
            kernel = words[1]
        elif words[0] == "module":
            modules.append(words[2])
    for path in [kernel] + modules:
        files.append((path, esp_read(image, path)))
    return files


def replay(files, bank):
    """PCR_new = H(PCR_old || H(file)) from zeros, in order."""
    pcr = bytes(hashlib.new(bank).digest_size)
    for _, data in files:
        pcr = hashlib.new(bank, pcr + hashlib.new(bank, data).digest()).digest()
    return pcr
