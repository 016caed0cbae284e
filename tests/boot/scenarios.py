"""Every boot scenario, as data: build flags, ESP content, memory, expected
markers (in order), markers that must be absent, exit behaviour. All
strings and numbers come from include/erix/ through abi.py.
"""
import abi
import re
import screen

from harness import (DEFAULT_ESP, KERNEL_PATH, ROOTD_PATH, RETURNS_TO_FIRMWARE,
                     STAYS_UP, Garbage, Scenario, ZeroHead, marker_re)

SMOKE = "kernel-rootd-smoke-test"
# rootd's fault test: page fault, invalid opcode, divide error, general protection.
EXCEPTION_VECTORS = [abi.value("ERIX_EXCEPTIONS", n) for n in
                     ("PAGE_FAULT", "INVALID_OPCODE", "DIVIDE_ERROR", "GENERAL_PROTECTION")]
READY = abi.ERIX_DEBUG_EXIT_ROOTD_READY
KFAIL = abi.ERIX_DEBUG_EXIT_KERNEL_FAILURE
RFAIL = abi.ERIX_DEBUG_EXIT_ROOTD_FAILURE
DFAIL = abi.ERIX_DEBUG_EXIT_DOWNSTREAM_FAILURE


def stage(name):
    assert name in abi.names("ERIX_ROOTD_STAGES"), name
    return abi.ERIX_MARK_ROOTD_STAGE_PREFIX + name


def bl_fail(name):
    assert name in abi.names("ERIX_BL_FAILURES"), name
    return abi.ERIX_MARK_BL_FAIL_PREFIX + name


def handoff_fail(rule):
    assert rule in abi.names("ERIX_HANDOFF_RULES"), rule
    return abi.ERIX_MARK_FAIL_HANDOFF_PREFIX + rule


def rootd_elf_fail(rule):
    assert rule in abi.names("ERIX_ELF_RULES"), rule
    return abi.ERIX_MARK_FAIL_ROOTD_ELF_PREFIX + rule


# The loader's successful path up to the kernel, in the order bl prints it
# (the handoff is built after ExitBootServices, from the final memory map).
BL_PATH = [abi.ERIX_MARK_BL_START, abi.ERIX_MARK_BL_CONFIG, abi.ERIX_MARK_BL_KERNEL,
           abi.ERIX_MARK_BL_MODULE, abi.ERIX_MARK_BL_EXIT_BOOT, abi.ERIX_MARK_BL_HANDOFF,
           abi.ERIX_MARK_KERNEL_ENTRY]
KERNEL_PATH_TO_ROOTD = [abi.ERIX_MARK_HANDOFF_VALID, abi.ERIX_MARK_UNTYPED_READY,
                        abi.ERIX_MARK_PAGING_READY, abi.ERIX_MARK_TIMER_READY,
                        abi.ERIX_MARK_CSPACE_WINDOW_SET, abi.ERIX_MARK_ROOTD_START]
SMOKE_PATH = (BL_PATH + KERNEL_PATH_TO_ROOTD +
              [stage("ENTRY"), stage("CAPS_VERIFIED"), stage("UNTYPED_VERIFIED"),
               abi.ERIX_MARK_ROOTD_READY])
# Past these the kernel must have stopped: a failed boot is never partial.
AFTER_HANDOFF = [abi.ERIX_MARK_HANDOFF_VALID, abi.ERIX_MARK_ROOTD_START,
                 abi.ERIX_MARK_ROOTD_READY]


def mem_bytes(text):
    units = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}
    return int(text[:-1]) * units[text[-1]] if text[-1] in units else int(text)


def untyped_plausible(mem):
    def check(r):
        f = r.fields(abi.ERIX_MARK_UNTYPED_READY)
        for key in ("ram", "device", "seeds"):
            assert key in f, "UNTYPED_READY lacks %s=: %r" % (key, r.line_of(abi.ERIX_MARK_UNTYPED_READY))
        ram, total = int(f["ram"], 0), mem_bytes(mem)
        assert 0.75 * total <= ram <= total, "ram=%d implausible for -m %s" % (ram, mem)
        assert int(f["device"], 0) > 0, "device untyped is empty"
        assert int(f["seeds"], 0) > 0, "no untyped seeds"
    return check


def fault_vectors(expected):
    """Every USER_FAULT line names its task, and the vectors are exactly these."""
    def check(r):
        lines = [t for _, t in r.lines if marker_re(abi.ERIX_MARK_USER_FAULT).search(t)]
        found = sorted(int(dict(re.findall(r"(\w+)=(\S+)", t))["vector"], 0) for t in lines)
        assert found == sorted(expected), "USER_FAULT vectors %r, want %r" % (found, expected)
        assert all("task=" in t for t in lines), lines
    return check


DEV_CONSOLE = "kernel-dev-console"
RUNTIME_DEV = "kernel-runtime-image " + DEV_CONSOLE  # stays up: the screen can be read
NO_FB_LINE = "kernel: dev console: no framebuffer"
SCREEN_MARKERS = KERNEL_PATH_TO_ROOTD + [stage("ENTRY"), stage("CAPS_VERIFIED"),
                                         stage("UNTYPED_VERIFIED")]


def screen_shows(last, size=None, must_show=SCREEN_MARKERS):
    """The screenshot is exactly the kernel's console text up to the line
    with `last`, rendered with the kernel's font; size: (width, height)."""
    def check(r):
        if size:
            f = [screen.GEOMETRY.match(t) for _, t in r.lines]
            f = [m for m in f if m]
            assert f and tuple(int(x) for x in f[0].groups()[:2]) == size, \
                "dev console geometry %r, want %dx%d" % (f and f[0].group(0), size[0], size[1])
        screen.compare(r, r.screenshot, last, must_show)
    return check


def _scenarios():
    s = []
    # a. the smoke image as `make image` builds it, at two memory sizes.
    for mem in ("256M", "2G"):
        s.append(Scenario("smoke-" + mem, SMOKE_PATH, READY, image="build/erix-smoke.img",
                          mem=mem, check=untyped_plausible(mem)))
    # b. the runtime image: no debug exit, it must stay up once rootd is ready.
    s.append(Scenario("runtime-stays-up", BL_PATH + KERNEL_PATH_TO_ROOTD +
                      [abi.ERIX_MARK_ROOTD_READY], STAYS_UP, image="build/erix.img",
                      features="kernel-runtime-image"))
    # c. loader failures: a FAIL line, back to the firmware, no kernel entry.
    no_kernel = {ROOTD_PATH: DEFAULT_ESP[ROOTD_PATH]}
    garbage_kernel = dict(DEFAULT_ESP, **{KERNEL_PATH: Garbage(64 * 1024)})
    no_rootd = {KERNEL_PATH: DEFAULT_ESP[KERNEL_PATH]}
    for name, esp, reason in (("bl-kernel-missing", no_kernel, "KERNEL_MISSING"),
                              ("bl-kernel-garbage", garbage_kernel, "KERNEL_ELF"),
                              ("bl-module-missing", no_rootd, "MODULE_MISSING")):
        s.append(Scenario(name, [abi.ERIX_MARK_BL_START, bl_fail(reason), abi.ERIX_MARK_BL_RETURN],
                          RETURNS_TO_FIRMWARE, esp=esp, absent=[abi.ERIX_MARK_KERNEL_ENTRY]))
    s.append(Scenario("bl-config-syntax", [abi.ERIX_MARK_BL_START, bl_fail("CONFIG_SYNTAX"),
                                           abi.ERIX_MARK_BL_RETURN], RETURNS_TO_FIRMWARE,
                      boot_cfg="kernel \\EFI\\ERIX\\KERNEL.ELF\nbogus directive\n",
                      absent=[abi.ERIX_MARK_KERNEL_ENTRY]))
    # d. a corrupt handoff (a test build of bl breaks one rule): fail closed.
    for rule in ("MAGIC", "VERSION", "CHECKSUM", "SECTION_MISSING", "MEM_ORDER", "MEM_OVERLAP",
                 "KERNEL_COVER", "MODULE_NAME", "HANDOFF_COVER", "RSDP_CHECKSUM"):
        s.append(Scenario("handoff-" + rule.lower().replace("_", "-"),
                          [abi.ERIX_MARK_KERNEL_ENTRY, handoff_fail(rule)], KFAIL,
                          bl_corrupt=rule, absent=AFTER_HANDOFF))
    # e. rootd reports: each status maps to its marker and exit code.
    start = [abi.ERIX_MARK_ROOTD_START]
    s.append(Scenario("rootd-fail", start + [abi.ERIX_MARK_ROOTD_FAILED], RFAIL,
                      rootd_test="fail", absent=[abi.ERIX_MARK_ROOTD_READY]))
    s.append(Scenario("rootd-downstream", start + [abi.ERIX_MARK_ROOTD_DOWNSTREAM_FAILED], DFAIL,
                      rootd_test="downstream", absent=[abi.ERIX_MARK_ROOTD_READY]))
    s.append(Scenario("rootd-unknown-status", start + [abi.ERIX_MARK_ROOTD_UNKNOWN_STATUS], RFAIL,
                      rootd_test="unknown-status", absent=[abi.ERIX_MARK_ROOTD_READY]))
    s.append(Scenario("rootd-fault", start + [abi.ERIX_MARK_USER_FAULT] * 4 +
                      [abi.ERIX_MARK_ROOTD_READY], READY, rootd_test="fault",
                      check=fault_vectors(EXCEPTION_VECTORS)))
    # rootd's own main thread faulting ends the boot as a rootd failure.
    s.append(Scenario("rootd-crash", start + [abi.ERIX_MARK_USER_FAULT, abi.ERIX_MARK_ROOTD_EXITED],
                      RFAIL, rootd_test="crash", absent=[abi.ERIX_MARK_ROOTD_READY]))
    # f. the root module itself is missing or invalid: the kernel refuses it.
    s.append(Scenario("rootd-missing", [abi.ERIX_MARK_HANDOFF_VALID,
                                        abi.ERIX_MARK_FAIL_ROOTD_MISSING], KFAIL,
                      boot_cfg="kernel \\EFI\\ERIX\\KERNEL.ELF\n",
                      absent=[abi.ERIX_MARK_ROOTD_START]))
    s.append(Scenario("rootd-elf-magic", [abi.ERIX_MARK_HANDOFF_VALID, rootd_elf_fail("MAGIC")],
                      KFAIL, esp=dict(DEFAULT_ESP, **{ROOTD_PATH: ZeroHead("rootd.elf", 16)}),
                      absent=[abi.ERIX_MARK_ROOTD_START]))
    s.append(Scenario("rootd-elf-wx", [abi.ERIX_MARK_HANDOFF_VALID, rootd_elf_fail("SEGMENT_WX")],
                      KFAIL, rootd_test="wx", absent=[abi.ERIX_MARK_ROOTD_START]))
    # g. kernel selftests run before rootd and do not disturb it.
    s.append(Scenario("selftests", [abi.ERIX_MARK_KERNEL_ENTRY,
                                    abi.ERIX_MARK_SELFTEST_EXCEPTIONS_PASS,
                                    abi.ERIX_MARK_SELFTEST_SCHED_PASS,
                                    abi.ERIX_MARK_ROOTD_READY], READY,
                      features=SMOKE + " kernel-selftest-exceptions kernel-selftest-sched",
                      absent=[abi.ERIX_MARK_FAIL_SELFTEST]))
    # A kernel stack overflow is a defined failure: #DF on its IST stack.
    s.append(Scenario("kernel-stack-overflow",
                      [abi.ERIX_MARK_PAGING_READY, abi.ERIX_MARK_SELFTEST_STACK_OVERFLOW_START,
                       abi.ERIX_MARK_FAIL_EXCEPTION_PREFIX + "DOUBLE_FAULT"], KFAIL,
                      features=SMOKE + " kernel-selftest-stack-overflow",
                      absent=[abi.ERIX_MARK_ROOTD_START]))
    # The test-only full-surface endpoint: rootd checks it, then drops it.
    s.append(Scenario("test-root-endpoint", SMOKE_PATH, READY,
                      features=SMOKE + " kernel-test-root-endpoint"))
    # h. the dev console: the markers on screen, pixel for pixel, at QEMU's
    # default GOP mode and at one set through the VGA device (OVMF takes
    # the EDID's preferred mode); nothing drawn after FBCOND_READY; no
    # framebuffer at all (serial only).
    up = BL_PATH + KERNEL_PATH_TO_ROOTD + [abi.ERIX_MARK_ROOTD_READY]
    s.append(Scenario("screen-default", up, STAYS_UP, features=RUNTIME_DEV,
                      screenshot_at=abi.ERIX_MARK_ROOTD_READY,
                      check=screen_shows(abi.ERIX_MARK_ROOTD_READY)))
    s.append(Scenario("screen-1024x768", up, STAYS_UP, features=RUNTIME_DEV,
                      qemu_extra=["-vga", "none", "-device", "VGA,xres=1024,yres=768"],
                      screenshot_at=abi.ERIX_MARK_ROOTD_READY,
                      check=screen_shows(abi.ERIX_MARK_ROOTD_READY, size=(1024, 768))))
    # rootd's fbcond test logs 60 lines first: the screen has scrolled.
    s.append(Scenario("screen-stops-at-fbcond", BL_PATH + KERNEL_PATH_TO_ROOTD +
                      [stage("FBCOND_READY"), abi.ERIX_MARK_ROOTD_LOG, abi.ERIX_MARK_ROOTD_READY],
                      STAYS_UP, features=RUNTIME_DEV, rootd_test="fbcond",
                      screenshot_at=abi.ERIX_MARK_ROOTD_READY,
                      check=screen_shows(stage("FBCOND_READY"), must_show=[
                          abi.ERIX_MARK_ROOTD_LOG + " screen line 60", stage("FBCOND_READY")])))
    paging = SMOKE_PATH.index(abi.ERIX_MARK_PAGING_READY) + 1
    s.append(Scenario("screen-none", SMOKE_PATH[:paging] + [NO_FB_LINE] + SMOKE_PATH[paging:],
                      READY, features=SMOKE + " " + DEV_CONSOLE, qemu_extra=["-vga", "none"]))
    # i. the release profile: the kernel says nothing on COM1, rootd's
    # LOG_STRING lines (a service) still arrive, and it stays up.
    s.append(Scenario("release-quiet", BL_PATH[:-1] + [abi.ERIX_MARK_ROOTD_LOG + " hello from rootd"],
                      STAYS_UP, features="kernel-runtime-image kernel-release",
                      absent=[abi.ERIX_MARK_KERNEL_ENTRY, abi.ERIX_MARK_HANDOFF_VALID,
                              abi.ERIX_MARK_ROOTD_START, stage("ENTRY"), abi.ERIX_MARK_ROOTD_READY,
                              "kernel: pool"]))
    names = [x.name for x in s]
    assert len(names) == len(set(names)), "scenario names must be unique"
    return s


SCENARIOS = _scenarios()
