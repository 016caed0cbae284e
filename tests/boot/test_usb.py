"""image/usb.sh refuses everything that is not an unmounted removable whole
disk. The refusals run without root and write nothing: they come from the
real checks on files that are not disks, and from --check with a fake lsblk.
As root, `make usb ALLOW_LOOP=1` writes a loop device over a file, which is
read back byte for byte and booted as a USB stick."""
import contextlib
import os
import shutil
import stat
import subprocess

import pytest

import abi
import harness
import scenarios
from abi import REPO

USB = os.path.join(REPO, "image", "usb.sh")


def usb(*args, env=None, stdin=subprocess.DEVNULL):
    e = dict(os.environ)
    e.pop("YES", None)
    e.update(env or {})
    return subprocess.run([USB] + list(args), env=e, stdin=stdin,
                          capture_output=True, text=True, timeout=30)


def refused(r, why):
    assert r.returncode != 0, r.stdout
    assert "refusing" in r.stderr and why in r.stderr, r.stderr


def fake_lsblk(tmp_path, type_rm_hotplug, mounts=""):
    """A stand-in lsblk: -d... queries get TYPE RM HOTPLUG, the mountpoint
    query gets one line per mount."""
    p = tmp_path / "lsblk"
    p.write_text("#!/bin/sh\ncase \"$1\" in -d*) echo '%s';; *) printf '%s';; esac\n"
                 % (type_rm_hotplug, mounts))
    p.chmod(p.stat().st_mode | stat.S_IXUSR)
    return {"ERIX_USB_LSBLK": str(p), "ERIX_USB_ASSUME_BLOCK": "1"}


def test_refuses_missing_dev():
    refused(usb(), "no device")
    refused(usb("", "build/erix.img"), "no device")


def test_refuses_nonexistent():
    refused(usb("/dev/erix-no-such-disk", "x.img"), "does not exist")


def test_refuses_regular_file(tmp_path):
    f = tmp_path / "disk"
    f.write_bytes(b"\0" * 4096)
    refused(usb(str(f), "x.img"), "not a /dev path")
    img = tmp_path / "erix.img"
    img.write_bytes(b"x")
    # Even a YES=1 write to a non-device is refused, and leaves it untouched.
    refused(usb(str(f), str(img), env={"YES": "1"}), "")
    assert f.read_bytes() == b"\0" * 4096


def test_refuses_char_device():
    refused(usb("/dev/null", "x.img"), "not a block device")


def test_hooks_ignored_when_writing(tmp_path):
    env = fake_lsblk(tmp_path, "disk 1 1")
    refused(usb("/dev/null", "x.img", env=env), "not a block device")


def test_refuses_non_removable(tmp_path):
    refused(usb("--check", "/dev/fakedisk", env=fake_lsblk(tmp_path, "disk 0 0")),
            "not removable")


def test_refuses_partition(tmp_path):
    refused(usb("--check", "/dev/fakedisk1", env=fake_lsblk(tmp_path, "part 1 1")),
            "not a whole disk")


def test_refuses_mounted(tmp_path):
    refused(usb("--check", "/dev/fakedisk", env=fake_lsblk(tmp_path, "disk 1 1", "/media/stick\n")),
            "mounted")


def test_accepts_removable_unmounted(tmp_path):
    r = usb("--check", "/dev/fakedisk", env=fake_lsblk(tmp_path, "disk 0 1"))
    assert r.returncode == 0, r.stderr


@pytest.mark.skipif(not os.path.exists("/dev/vda") and not os.path.exists("/dev/sda"),
                    reason="no fixed disk to probe")
def test_refuses_real_fixed_disk():
    # --check never writes, whatever the verdict.
    dev = "/dev/vda" if os.path.exists("/dev/vda") else "/dev/sda"
    r = usb("--check", dev)
    assert r.returncode != 0, "a fixed disk passed the checks: %s" % r.stdout


# --- a loop device as the stick (root only) -------------------------------------
def _loop_reason():
    if shutil.which("losetup") is None:
        return "losetup is not installed (util-linux)"
    if os.geteuid() != 0:
        return "loop devices need root"
    return None


needs_loop = pytest.mark.skipif(_loop_reason() is not None, reason=_loop_reason() or "")


@contextlib.contextmanager
def loop_over(backing):
    """A loop device attached to backing, detached however the test ends."""
    dev = subprocess.run(["losetup", "-f", "--show", str(backing)], capture_output=True,
                         text=True, check=True).stdout.strip()
    try:
        yield dev
    finally:
        subprocess.run(["losetup", "-d", dev], capture_output=True)


@pytest.fixture
def stick(tmp_path):
    """A loop device over a zeroed file the size of build/erix.img."""
    harness.make_images("image")
    f = tmp_path / "stick.raw"
    with open(f, "wb") as out:
        out.truncate(os.path.getsize(os.path.join(REPO, "build", "erix.img")))
    with loop_over(f) as dev:
        yield dev


def make_usb(dev, allow_loop):
    # Under the harness's image lock: `make usb` runs `make image`, which
    # must not race another worker's image build.
    lock = os.path.join(harness.BUILD, "locks", "image.lock")
    with harness._Lock(lock):
        return subprocess.run(harness.MAKE + ["usb", "DEV=" + dev, "YES=1",
                                             "ALLOW_LOOP=" + allow_loop],
                              cwd=REPO, stdin=subprocess.DEVNULL, capture_output=True,
                              text=True, timeout=600)


@needs_loop
def test_loop_refused_without_allow_loop(stick):
    r = make_usb(stick, "")
    assert r.returncode != 0, r.stdout
    assert "refusing" in r.stderr and "ALLOW_LOOP=1" in r.stderr, r.stderr


@needs_loop
def test_allow_loop_refuses_unattached_loop():
    free = subprocess.run(["losetup", "-f"], capture_output=True, text=True,
                          check=True).stdout.strip()
    if not os.path.exists(free):
        pytest.skip("no free loop device node to probe")
    refused(usb("--check", free, env={"ALLOW_LOOP": "1"}), "no backing file")


@needs_loop
def test_allow_loop_refuses_loop_over_block_device(stick):
    with loop_over(stick) as outer:
        refused(usb("--check", outer, env={"ALLOW_LOOP": "1"}), "not a regular file")


@needs_loop
def test_allow_loop_refuses_the_image_itself():
    img = os.path.join(REPO, "build", "erix.img")
    harness.make_images("image")
    with loop_over(img) as dev:
        refused(usb(dev, img, env={"ALLOW_LOOP": "1", "YES": "1"}), "the image itself")


@needs_loop
def test_make_usb_to_loop_reads_back_and_boots(stick, tmp_path):
    r = make_usb(stick, "1")
    assert r.returncode == 0, r.stdout + r.stderr
    assert "usb: wrote" in r.stdout, r.stdout
    # Read back through the device, not the file under it.
    back = tmp_path / "readback.img"
    subprocess.run(["dd", "if=" + stick, "of=" + str(back), "bs=4M", "iflag=direct",
                    "status=none"], check=True)
    c = subprocess.run(["cmp", str(back), os.path.join(REPO, "build", "erix.img")],
                       capture_output=True, text=True)
    assert c.returncode == 0, "read-back differs: " + c.stdout + c.stderr
    # The device itself as the only disk, on USB: the runtime image stays up.
    markers = scenarios.BL_PATH + scenarios.KERNEL_PATH_TO_ROOTD + [
        abi.ERIX_MARK_ROOTD_READY]
    harness.boot(stick, "usb-loop-device", markers=markers,
                 stop_after_last=harness.STAY_SECONDS, attach="usb")
