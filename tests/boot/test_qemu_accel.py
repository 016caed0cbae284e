"""Host tests of the accelerator choice (image/qemu.py) and of the KVM -> TCG
fallback in qemu.py and the boot harness. A fake qemu-system-x86_64 first on
PATH plays each case; no image, firmware or /dev/kvm is needed.

FAKE_KVM selects what the fake does under -accel kvm:
  works     boots (prints FAKE:BOOTED, exits with the probe's debug exit)
  msr       dies at once like -cpu host under nested virtualisation
  internal  prints "KVM internal error. Suberror: 1" and hangs
  silent    hangs without a word
FAKE_TCG=refuse makes it refuse to start under TCG (a host failure).
Every start appends its accelerator to $FAKE_LOG.
"""
import json
import os
import stat
import subprocess
import sys
import time

import pytest

import harness
import qemu

BOOTED = "FAKE:BOOTED"
PROBE_STATUS = (qemu.PROBE_CODE << 1) | 1

FAKE_QEMU = r"""#!/bin/sh
[ "$1" = --version ] && { echo "QEMU emulator version 0.0 (fake $FAKE_VERSION)"; exit 0; }
accel=tcg prev=
for a in "$@"; do [ "$prev" = -accel ] && accel=$a; prev=$a; done
echo "$accel" >> "$FAKE_LOG"
if [ "$accel" = kvm ]; then
    case $FAKE_KVM in
    msr)
        echo "qemu-system-x86_64: error: failed to set MSR 0x10a to 0x69" >&2
        echo "qemu-system-x86_64: ../../target/i386/kvm/kvm.c:3183: kvm_buf_set_msrs: Assertion failed." >&2
        exit 250 ;;
    internal)
        echo "KVM internal error. Suberror: 1" >&2
        echo "emulation failure" >&2
        exec sleep 30 ;;
    silent)
        exec sleep 30 ;;
    esac
elif [ "$FAKE_TCG" = refuse ]; then
    echo "qemu-system-x86_64: -drive format=raw,file=x: Could not open 'x'" >&2
    exit 1
fi
echo "$BOOTED $accel"
exit %d
""".replace("$BOOTED", BOOTED) % PROBE_STATUS


class Fake:
    def __init__(self, tmp_path, monkeypatch):
        self.tmp, self.mp = tmp_path, monkeypatch
        bin_dir = tmp_path / "bin"
        bin_dir.mkdir()
        script = bin_dir / qemu.QEMU
        script.write_text(FAKE_QEMU)
        script.chmod(script.stat().st_mode | stat.S_IXUSR)
        self.log = tmp_path / "starts"
        self.log.write_text("")
        self.kvm_dev = tmp_path / "kvm"
        self.kvm_dev.write_text("")  # present and read-write for this user
        (tmp_path / "code.fd").write_bytes(b"code")
        (tmp_path / "vars.fd").write_bytes(b"vars")
        self.image = str(tmp_path / "disk.img")
        monkeypatch.setenv("PATH", "%s:%s" % (bin_dir, os.environ["PATH"]))
        monkeypatch.setenv("FAKE_LOG", str(self.log))
        monkeypatch.setenv("FAKE_VERSION", "1")
        monkeypatch.delenv("ACCEL", raising=False)
        monkeypatch.delenv("FAKE_TCG", raising=False)
        monkeypatch.setattr(qemu, "KVM_DEV", str(self.kvm_dev))
        monkeypatch.setattr(qemu, "VERDICT", str(tmp_path / "verdict.json"))
        monkeypatch.setattr(qemu, "OVMF_CODE", str(tmp_path / "code.fd"))
        monkeypatch.setattr(qemu, "OVMF_VARS", str(tmp_path / "vars.fd"))
        monkeypatch.setattr(qemu, "PROBE_TIMEOUT", 3.0)
        monkeypatch.setattr(harness, "LOG_DIR", str(tmp_path / "logs"))

    def kvm(self, mode):
        self.mp.setenv("FAKE_KVM", mode)

    def starts(self):
        """The accelerator of every QEMU start so far."""
        return self.log.read_text().split()

    def stored(self):
        with open(qemu.VERDICT) as f:
            return json.load(f)

    def store(self, accel):
        """A verdict for the current key, as an earlier probe would leave it."""
        qemu._write_verdict(qemu.verdict_key(), accel, "stored by the test")

    def build(self, accel):
        return qemu.command(self.image, vars_path=str(self.tmp / "v.fd"), accel=accel)


@pytest.fixture
def fake(tmp_path, monkeypatch):
    return Fake(tmp_path, monkeypatch)


# --- the verdict ------------------------------------------------------------
def test_probe_kvm_works(fake):
    fake.kvm("works")
    assert qemu.choose() == ("kvm", qemu.verdict()["why"], True)
    assert fake.starts() == ["kvm"]  # probed once, then the cache answers
    assert fake.stored()["accel"] == "kvm"
    assert "-cpu" in fake.build("kvm")


def test_probe_msr_error_gives_tcg(fake, capsys):
    fake.kvm("msr")
    accel, why, auto = qemu.choose()
    assert (accel, auto) == ("tcg", True)
    assert "failed to set MSR 0x10a" in why
    assert fake.starts() == ["kvm"]
    assert "using TCG" in capsys.readouterr().err


def test_probe_stops_at_kvm_internal_error(fake):
    fake.kvm("internal")
    t0 = time.monotonic()
    accel, why, _ = qemu.choose()
    assert time.monotonic() - t0 < qemu.PROBE_TIMEOUT / 2  # did not wait for the timeout
    assert accel == "tcg" and "KVM internal error" in why


def test_probe_silent_hang_times_out(fake, monkeypatch):
    fake.kvm("silent")
    monkeypatch.setattr(qemu, "PROBE_TIMEOUT", 0.3)
    accel, why, _ = qemu.choose()
    assert accel == "tcg" and "did not reach" in why


def test_missing_kvm_device_gives_tcg_without_qemu(fake):
    fake.kvm("works")
    fake.kvm_dev.unlink()
    accel, why, _ = qemu.choose()
    assert accel == "tcg" and "absent" in why
    assert fake.starts() == []


def test_verdict_from_another_key_is_not_reused(fake, monkeypatch):
    fake.kvm("works")
    fake.store("kvm")
    monkeypatch.setenv("FAKE_VERSION", "2")  # another QEMU package
    fake.kvm("msr")
    assert qemu.choose()[0] == "tcg"
    os.utime(qemu.OVMF_CODE, ns=(0, 12345))   # another OVMF package
    fake.kvm("works")
    assert qemu.choose()[0] == "kvm"
    assert fake.starts() == ["kvm", "kvm"]


def test_accel_env_forces_the_choice(fake, monkeypatch):
    fake.kvm("works")
    monkeypatch.setenv("ACCEL", "tcg")
    assert qemu.choose()[::2] == ("tcg", False)
    assert "-cpu" not in fake.build(None)
    fake.store("tcg")
    monkeypatch.setenv("ACCEL", "kvm")
    assert qemu.choose()[::2] == ("kvm", False)
    assert qemu.choose(icount=True)[0] == "tcg"  # -icount needs TCG whatever ACCEL says
    assert fake.starts() == []                   # forced: no probe
    monkeypatch.setenv("ACCEL", "")
    assert qemu.choose()[::2] == ("tcg", True)   # empty: the verdict decides
    monkeypatch.setenv("ACCEL", "hvf")
    with pytest.raises(qemu.AccelError, match="must be kvm or tcg"):
        qemu.choose()


def test_qemu_py_rejects_bad_accel(fake, monkeypatch):
    monkeypatch.setenv("ACCEL", "xen")
    r = subprocess.run([sys.executable, os.path.join(qemu.REPO, "image", "qemu.py"),
                        "--print", qemu.OVMF_CODE], capture_output=True, text=True)
    assert r.returncode == 1 and "ACCEL=xen: must be kvm or tcg" in r.stderr


def test_probe_disk_holds_the_app(tmp_path):
    """The probe's FAT12 disk, read back by mtools (when installed)."""
    if not qemu.shutil.which("mtype"):
        pytest.skip("mtools not installed")
    img = tmp_path / "probe.img"
    img.write_bytes(qemu.probe_disk(qemu.probe_app()))
    out = subprocess.run(["mtype", "-i", str(img), "::/EFI/BOOT/BOOTX64.EFI"],
                         capture_output=True, check=True).stdout
    assert out == qemu.probe_app()


# --- the fallback in qemu.py (make run, make debug) -------------------------
@pytest.mark.parametrize("mode", ["msr", "internal"])
def test_run_falls_back_to_tcg_once(fake, capfd, mode):
    fake.kvm("works")
    fake.store("kvm")
    fake.kvm(mode)
    status = qemu.run_with_fallback(fake.build, "kvm", auto=True)
    assert status == PROBE_STATUS
    assert fake.starts() == ["kvm", "tcg"]
    assert fake.stored()["accel"] == "tcg"
    out, err = capfd.readouterr()
    assert "%s tcg" % BOOTED in out
    notes = [line for line in err.splitlines() if "retrying under TCG" in line]
    assert len(notes) == 1 and ("MSR" in notes[0] or "internal" in notes[0])


def test_run_with_forced_kvm_does_not_retry(fake, capfd):
    fake.kvm("msr")
    status = qemu.run_with_fallback(fake.build, "kvm", auto=False)
    assert status == 250 and fake.starts() == ["kvm"]
    assert "no retry" in capfd.readouterr().err


# --- the boot harness ---------------------------------------------------------
def test_harness_falls_back_to_tcg(fake):
    fake.kvm("works")
    fake.store("kvm")
    fake.kvm("internal")
    r = harness.boot(fake.image, "fallback", timeout=5, markers=[BOOTED])
    assert r.line_of(BOOTED) == "%s tcg" % BOOTED and r.status == PROBE_STATUS
    assert fake.starts() == ["kvm", "tcg"] and fake.stored()["accel"] == "tcg"
    assert os.path.exists(os.path.join(harness.LOG_DIR, "fallback.kvm.log"))
    with open(r.log) as f:
        assert "retrying under TCG" in f.readline()


def test_harness_forced_kvm_failure_is_a_host_failure(fake, monkeypatch):
    fake.kvm("msr")
    monkeypatch.setenv("ACCEL", "kvm")
    with pytest.raises(harness.HostFailure, match="^host failure: KVM failed"):
        harness.boot(fake.image, "forced", timeout=5, markers=[BOOTED])
    assert fake.starts() == ["kvm"]


def test_harness_qemu_that_will_not_start_is_a_host_failure(fake, monkeypatch):
    monkeypatch.setenv("ACCEL", "tcg")
    monkeypatch.setenv("FAKE_TCG", "refuse")
    with pytest.raises(harness.HostFailure, match="^host failure: QEMU would not start"):
        harness.boot(fake.image, "refuse", timeout=5, markers=[BOOTED])


def test_harness_missing_marker_is_a_scenario_failure(fake, monkeypatch):
    monkeypatch.setenv("ACCEL", "tcg")
    with pytest.raises(harness.BootFailure, match="^scenario failure: QEMU exited") as e:
        harness.boot(fake.image, "scenario", timeout=5, markers=["NEVER:PRINTED"])
    assert not isinstance(e.value, harness.HostFailure)
