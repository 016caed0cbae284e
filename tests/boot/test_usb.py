"""image/usb.sh refuses everything that is not an unmounted removable whole
disk. Runs without root and writes nothing: refusals come from the real
checks on files that are not disks, and from --check with a fake lsblk."""
import os
import stat
import subprocess

import pytest

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
