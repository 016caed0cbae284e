"""Reproducibility: a clean build into other directories gives byte-identical
loader, images and stripped kernel; mkimage.sh output depends only on its
inputs."""
import filecmp
import os
import shutil
import subprocess

import harness
from abi import REPO

REPRO = {"IMG_DIR": "build/repro", "RUNTIME_VARIANT": "repro-runtime",
         "SMOKE_VARIANT": "repro-smoke"}


def test_images_reproducible():
    harness.make_images()
    for d in ("build/repro", "build/v/repro-runtime", "build/v/repro-smoke"):
        shutil.rmtree(os.path.join(REPO, d), ignore_errors=True)
    harness._make(["image"] + ["%s=%s" % kv for kv in REPRO.items()], "image-repro")
    for a, b in (("build/v/smoke/BOOTX64.EFI", "build/v/repro-smoke/BOOTX64.EFI"),
                 ("build/v/runtime/BOOTX64.EFI", "build/v/repro-runtime/BOOTX64.EFI"),
                 ("build/erix.img.esp/KERNEL.ELF", "build/repro/erix.img.esp/KERNEL.ELF"),
                 ("build/v/smoke/rootd.elf", "build/v/repro-smoke/rootd.elf"),
                 ("build/erix.img", "build/repro/erix.img"),
                 ("build/erix-smoke.img", "build/repro/erix-smoke.img")):
        assert filecmp.cmp(os.path.join(REPO, a), os.path.join(REPO, b), shallow=False), \
            "%s and %s differ" % (a, b)


def test_mkimage_depends_only_on_inputs(tmp_path):
    efi, cfg, extra = tmp_path / "a.efi", tmp_path / "b.cfg", tmp_path / "k"
    efi.write_bytes(os.urandom(5000))
    cfg.write_text("kernel \\EFI\\ERIX\\KERNEL.ELF\n")
    extra.write_bytes(os.urandom(3000))
    out = []
    for i in range(2):
        os.utime(efi, (1000000000 + i, 1000000000 + i))  # mtimes must not matter
        img = tmp_path / ("%d.img" % i)
        subprocess.run([os.path.join(REPO, "image", "mkimage.sh"), str(img), str(efi), str(cfg),
                        "%s=/EFI/ERIX/KERNEL.ELF" % extra], check=True)
        out.append(img.read_bytes())
    assert out[0] == out[1]
    # Different content: different GUIDs and serial (they derive from it).
    extra.write_bytes(os.urandom(3000))
    img = tmp_path / "2.img"
    subprocess.run([os.path.join(REPO, "image", "mkimage.sh"), str(img), str(efi), str(cfg),
                    "%s=/EFI/ERIX/KERNEL.ELF" % extra], check=True)
    assert img.read_bytes()[512:1024] != out[0][512:1024]  # GPT header (disk GUID, CRC)
