"""The machine matrix (`make test-matrix`): the smoke image on every
combination of machine (q35, pc), memory (128M, 512M, 2G, 8G), CPUs (1, 2,
4), framebuffer (on, -vga none) and CPU model (qemu64, max, an Intel and an
AMD model). Every cell must reach rootd ready with UNTYPED_READY
plausible for its memory, SMP_ONLINE reporting every CPU, and the
framebuffer reported exactly when there is one. (The APs are started and
parked: the scheduler does not use them yet.) A few
cells also run in `make test` (SAMPLE, through test_boot.py)."""
import itertools

import abi
from harness import Scenario
from scenarios import READY, SMOKE_PATH, all_checks, cpus_online, untyped_plausible

MACHINES = ("q35", "pc")
MEMORY = ("128M", "512M", "2G", "8G")
CPUS = (1, 2, 4)
FRAMEBUFFER = (True, False)
MODELS = ("qemu64", "max", "Skylake-Client", "EPYC")


def framebuffer_reported(present):
    """The kernel's FRAMEBUFFER line names one (base=...) or says none."""
    def check(r):
        line = r.line_of(abi.ERIX_MARK_BOOT_FRAMEBUFFER) or ""
        seen = " base=" in line
        assert seen == present, "%r, expected %s" % (line, "one" if present else "none")
    return check


def cell(machine, mem, cpus, fb, model):
    extra = ["-machine", machine, "-smp", str(cpus), "-cpu", model]
    if not fb:
        extra += ["-vga", "none"]
    name = "matrix-%s-%s-smp%d-%s-%s" % (machine, mem, cpus, "fb" if fb else "nofb", model)
    return Scenario(name, SMOKE_PATH, READY, image="build/erix-smoke.img", mem=mem,
                    qemu_extra=extra, timeout=120.0,
                    check=all_checks(untyped_plausible(mem), cpus_online(cpus),
                                     framebuffer_reported(fb)))


CELLS = [cell(*c) for c in itertools.product(MACHINES, MEMORY, CPUS, FRAMEBUFFER, MODELS)]
# The cells `make test` runs too: each axis's far ends at least once.
SAMPLE = [c for c in CELLS if c.name in ("matrix-pc-8G-smp4-nofb-EPYC",
                                          "matrix-q35-128M-smp2-fb-Skylake-Client")]
