"""Every boot scenario, as data: build flags, ESP content, memory, expected
markers (in order), markers that must be absent, exit behaviour. All
strings and numbers come from include/erix/ through abi.py.
"""
import abi
import hashlib
import re
import struct
import screen
import tpm

from harness import (DEFAULT_ESP, FIRMWARE_ACCESS_DENIED, FIRMWARE_NO_BOOT, KERNEL_PATH,
                     REFUSED_BY_FIRMWARE, RETURNS_TO_FIRMWARE, ROOTD_PATH, STAYS_UP, Appended,
                     Garbage, Scenario, SignedLoader, ZeroHead, marker_re)

SMOKE = "kernel-rootd-smoke-test"
# rootd's fault test: page fault, invalid opcode, divide error, general protection,
# then page faults writing the bootinfo and executing a module (read-only, NX).
EXCEPTION_VECTORS = [abi.value("ERIX_EXCEPTIONS", n) for n in
                     ("PAGE_FAULT", "INVALID_OPCODE", "DIVIDE_ERROR", "GENERAL_PROTECTION",
                      "PAGE_FAULT", "PAGE_FAULT", "PAGE_FAULT")]
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
                        abi.ERIX_MARK_CSPACE_WINDOW_SET, abi.ERIX_MARK_BOOTINFO_MAPPED,
                        abi.ERIX_MARK_ROOTD_START]
ROOTD_CHECKS = (BL_PATH + KERNEL_PATH_TO_ROOTD +
                [stage("ENTRY"), stage("CAPS_VERIFIED"), stage("UNTYPED_VERIFIED"),
                 stage("BOOTINFO_VERIFIED")])
# The default boot's child: staged (its own CSPACE_WINDOW_SET), started, reported.
CHILD_STARTED = [abi.ERIX_MARK_CSPACE_WINDOW_SET, stage("CHILD_STARTED")]
SMOKE_PATH = ROOTD_CHECKS + CHILD_STARTED + [abi.ERIX_MARK_ROOTD_READY]
# Past these the kernel must have stopped: a failed boot is never partial.
AFTER_HANDOFF = [abi.ERIX_MARK_HANDOFF_VALID, abi.ERIX_MARK_ROOTD_START,
                 abi.ERIX_MARK_ROOTD_READY]


def rootd_log(text):
    """A rootd log line's marker: its prefix and one of the ERIX_ROOTD_LOG_* texts."""
    return abi.ERIX_MARK_ROOTD_LOG + " " + text


def bootinfo_invalid(rule):
    assert rule in abi.names("ERIX_BOOTINFO_RULES"), rule
    return rootd_log(abi.ERIX_ROOTD_LOG_BOOTINFO_INVALID) + " rule=" + rule


BOOTINFO_LINE = rootd_log(abi.ERIX_ROOTD_LOG_BOOTINFO)
BOOTINFO_MODULE_LINE = rootd_log(abi.ERIX_ROOTD_LOG_BOOTINFO_MODULE)
EXTRA_MODULE = ("extra", "/EFI/ERIX/EXTRA.BIN", 10000, "mode=test  two words")


def bootinfo_two_modules(r):
    """rootd read both modules from its bootinfo, in BOOT.CFG order, with
    their sizes and command lines, and the untyped list the kernel made."""
    name, _, size, cmdline = EXTRA_MODULE
    mods = [t for _, t in r.lines if marker_re(BOOTINFO_MODULE_LINE).search(t)]
    fields = [dict(re.findall(r"(\w+)=(\S+)", t.split(" cmdline=")[0])) for t in mods]
    assert [f.get("name") for f in fields] == [abi.ERIX_ROOTD_MODULE_NAME, name], mods
    assert int(fields[1]["size"]) == size, mods[1]
    assert mods[1].endswith(" cmdline=" + cmdline), mods[1]
    assert int(fields[1]["vaddr"], 0) > int(fields[0]["vaddr"], 0) >= abi.ERIX_MODULES_BASE, mods
    summary = r.fields(BOOTINFO_LINE)
    seeds = r.fields(abi.ERIX_MARK_UNTYPED_READY)["seeds"]
    assert summary.get("modules") == "2" and summary.get("untyped") == seeds, summary
    mapped = r.fields(abi.ERIX_MARK_BOOTINFO_MAPPED)
    assert mapped.get("modules") == "2" and mapped.get("untyped") == seeds, mapped


def mem_bytes(text):
    units = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}
    return int(text[:-1]) * units[text[-1]] if text[-1] in units else int(text)


def untyped_plausible(mem):
    def check(r):
        f = r.fields(abi.ERIX_MARK_UNTYPED_READY)
        for key in ("ram", "device", "seeds"):
            assert key in f, "UNTYPED_READY lacks %s=: %r" % (key, r.line_of(abi.ERIX_MARK_UNTYPED_READY))
        # The kernel pool (kernel objects) is RAM too, just not untyped.
        ram, total = int(f["ram"], 0) + int(f.get("pool", "0"), 0), mem_bytes(mem)
        assert 0.75 * total <= ram <= total, "ram+pool=%d implausible for -m %s" % (ram, mem)
        assert int(f["device"], 0) > 0, "device untyped is empty"
        assert int(f["seeds"], 0) > 0, "no untyped seeds"
    return check


def cpus_online(n):
    """SMP_ONLINE counts exactly the CPUs QEMU was given."""
    def check(r):
        got = r.fields(abi.ERIX_MARK_SMP_ONLINE).get("cpus")
        assert got == str(n), "SMP_ONLINE cpus=%s, expected %d" % (got, n)
    return check


def smp_test_agrees(n):
    """rootd's SET_AFFINITY count is the kernel's SMP_ONLINE and QEMU's -smp;
    the hammer ran every CPU's threads to the end."""
    def check(r):
        cpus_online(n)(r)
        got = r.fields(abi.ERIX_MARK_SMP_TEST_CPUS)
        assert got.get("cpus") == str(n), "%s %r, expected cpus=%d" % (
            abi.ERIX_MARK_SMP_TEST_CPUS, got, n)
        assert got.get("rootd_cpu") == "0", "rootd did not start on CPU 0: %r" % got
        hammer = r.fields(abi.ERIX_MARK_SMP_TEST_HAMMER)
        assert hammer.get("cpus") == str(n), hammer
        assert int(hammer.get("tlb_rounds", "0")) > 0, hammer
    return check


def fault_vectors(expected):
    """Every USER_FAULT line names its task, and the vectors are exactly these."""
    def check(r):
        lines = [t for _, t in r.lines if marker_re(abi.ERIX_MARK_USER_FAULT).search(t)]
        found = sorted(int(dict(re.findall(r"(\w+)=(\S+)", t))["vector"], 0) for t in lines)
        assert found == sorted(expected), "USER_FAULT vectors %r, want %r" % (found, expected)
        assert all("task=" in t for t in lines), lines
    return check


# x86 page-fault error code bits.
PF_PRESENT, PF_WRITE, PF_USER, PF_FETCH = 0x1, 0x2, 0x4, 0x10


def kpti_fields(r):
    """The kernel's KPTI line as a dict (enabled, pcid, why, user_kernel_pages)."""
    line = next((t for _, t in r.lines if marker_re(abi.ERIX_MARK_KPTI).search(t)), None)
    assert line is not None, "no KPTI line"
    return dict(re.findall(r"(\w+)=(\S+)", line))


def fault_vectors_and_read_only_bootinfo(r):
    """The fault test's vectors, and its two bootinfo faults are a write to
    the present (read-only) bootinfo page and an instruction fetch from the
    present (NX) first module page. Its read of the kernel image faults on
    a page that is not there at all with KPTI (the user tables leave the
    kernel out), and on a present supervisor page without."""
    fault_vectors(EXCEPTION_VECTORS)(r)
    faults = [dict(re.findall(r"(\w+)=(\S+)", t)) for _, t in r.lines
              if marker_re(abi.ERIX_MARK_USER_FAULT).search(t)]
    by_addr = {int(f["addr"], 0): int(f["err"], 0) for f in faults}
    want = {abi.ERIX_BOOTINFO_BASE: PF_PRESENT | PF_WRITE | PF_USER,
            abi.ERIX_MODULES_BASE: PF_PRESENT | PF_USER | PF_FETCH}
    for addr, bits in want.items():
        assert addr in by_addr and by_addr[addr] & bits == bits, (hex(addr), faults)
    kernel_err = by_addr.get(abi.ERIX_KERNEL_VIRT_BASE)
    assert kernel_err is not None and kernel_err & PF_USER, faults
    present = 0 if kpti_fields(r)["enabled"] == "1" else PF_PRESENT
    assert kernel_err & PF_PRESENT == present, (hex(kernel_err), kpti_fields(r))


AUTH_CASE = rootd_log(abi.ERIX_MARK_AUTH_CASE)
# The kernel's platform line (kernel/platform.c platform_map_mmio).
PLATFORM_LINE = "kernel: acpi ranges="


def platform_line(r):
    return next((t for _, t in r.lines if PLATFORM_LINE in t), "")
AUTH_TOTAL = rootd_log(abi.ERIX_MARK_AUTH_TOTAL)
# The authority suite's isolation cases: each child is killed by one fault.
AUTH_ISOLATION_KILLS = 6
AUTH_MIN_CASES = 150


def cases_all_passed(r):
    """Every ERIX_AUTH case line passed and the TOTAL line agrees."""
    cases = [t for _, t in r.lines if marker_re(AUTH_CASE).search(t)]
    bad = [t for t in cases if not t.endswith(" PASS")]
    assert not bad, "cases failed:\n" + "\n".join(bad)
    total = r.fields(AUTH_TOTAL)
    assert total.get("failed") == "0" and int(total.get("passed", "0")) == len(cases) > 0, total


# The kernel's hot-plug line (kernel/hotplug.c) and a QEMU q35 with one
# hot-plug capable root port. q35's ACPI PCI hot-plug (on by default since
# QEMU 6.1) must be off: with it on, QEMU 7.2's port still reports hot-plug
# capability, but device_add raises an ACPI event, never a slot event
# (measured: HOTPLUG_WAIT timed out).
HOTPLUG_LINE = "kernel: hotplug ports="
HOTPLUG_PORT = ["-global", "ICH9-LPC.acpi-pci-hotplug-with-bridge-support=off",
                "-device", "pcie-root-port,id=rp1,chassis=1,slot=1"]


def authority_totals(r):
    """Every case passed, at least AUTH_MIN_CASES of them, the TOTAL line
    agrees with the case lines, and exactly the isolation children died."""
    cases = [t for _, t in r.lines if marker_re(AUTH_CASE).search(t)]
    bad = [t for t in cases if not t.endswith(" PASS")]
    assert not bad, "authority cases failed:\n" + "\n".join(bad)
    total = r.fields(AUTH_TOTAL)
    assert total.get("failed") == "0", total
    assert int(total.get("passed", "0")) == len(cases) >= AUTH_MIN_CASES, (total, len(cases))
    faults = [t for _, t in r.lines if marker_re(abi.ERIX_MARK_USER_FAULT).search(t)]
    assert len(faults) == AUTH_ISOLATION_KILLS and all("task=pid" in t for t in faults), faults
    # The forging child's marker text is there, but only behind the
    # prefixes the kernel writes: it counts as nothing.
    forged = [t for _, t in r.lines if abi.ERIX_MARK_FAIL_PREFIX + "FORGED" in t]
    assert forged and all(t.startswith(abi.ERIX_MARK_USER_SERIAL + " ") for t in forged), forged
    readies = [t for _, t in r.lines if marker_re(abi.ERIX_MARK_ROOTD_READY).search(t)]
    assert len(readies) == 1, readies
    assert any(t.startswith(abi.ERIX_MARK_TASK_LOG) and abi.ERIX_MARK_AUTH_CASE in t
               for _, t in r.lines), "the child's forged case line is missing"


def field_is(marker, key, want):
    """The first line carrying marker has key=want."""
    def check(r):
        got = r.fields(marker).get(key)
        assert got == want, "%s %s=%r, want %r" % (marker, key, got, want)
    return check


def diag_fields(r):
    """Each known diagnostic carries its value; the unknown one its id."""
    for name, ident in abi.lists["ERIX_ROOTD_DIAGNOSTICS"]:
        f = r.fields(abi.ERIX_MARK_ROOTD_DIAG_PREFIX + name)
        assert f.get("value") == str(ident * 10), (name, f)
    f = r.fields(abi.ERIX_MARK_ROOTD_DIAG_UNKNOWN)
    assert f.get("id") == "999" and f.get("value") == "7", f


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


def digests_reported(config_verified, secure_boot):
    """One BOOT_DIGEST line per file bl loaded, each digest the SHA-256 of the
    file as the image carries it; the kernel and rootd always verified (the
    image's BOOT.CFG names their digests), BOOT.CFG only by a signed loader."""
    def check(r):
        lines = [t for _, t in r.lines if marker_re(abi.ERIX_MARK_BOOT_DIGEST).search(t)]
        got = [dict(re.findall(r"(\w+)=(\S+)", t)) for t in lines]
        paths = [g.get("path") for g in got]
        assert paths == ["\\EFI\\ERIX\\BOOT.CFG", "\\EFI\\ERIX\\KERNEL.ELF",
                         "\\EFI\\ERIX\\ROOTD.ELF", "\\EFI\\ERIX\\CHILD.ELF",
                         "\\EFI\\ERIX\\DRIVERS.ELF"], \
            "BOOT_DIGEST paths %r" % paths
        assert [g["kind"] for g in got] == ["config", "kernel", "module", "module", "module"], got
        assert [g["verified"] for g in got] == [str(int(config_verified)), "1", "1", "1", "1"], got
        assert all(re.fullmatch("[0-9a-f]{64}", g["sha256"]) for g in got), got
        sb = r.fields(abi.ERIX_MARK_HANDOFF_VALID).get("secure_boot")
        assert sb == str(int(secure_boot)), "HANDOFF_VALID secure_boot=%s" % sb
    return check


def all_checks(*checks):
    def check(r):
        for c in checks:
            c(r)
    return check


def digest_fail(path):
    """FAIL:DIGEST names the file that broke the chain."""
    def check(r):
        f = r.fields(bl_fail("DIGEST"))
        assert f.get("file") == path, "FAIL:DIGEST file=%r, want %r" % (f.get("file"), path)
    return check


def _secure_boot_scenarios():
    """Under OVMF with Secure Boot on and Debian's test key enrolled
    (snakeoil): the firmware checks bl's signature, bl checks the rest."""
    s = []
    signed = dict(image="build/erix-smoke-signed.img", build="sign", firmware="snakeoil")
    s.append(Scenario("sb-signed", [abi.ERIX_MARK_BL_START, abi.ERIX_MARK_BL_SECURE_BOOT] +
                      SMOKE_PATH[1:], READY,
                      check=all_checks(digests_reported(True, True),
                                       lambda r: assert_field(r, abi.ERIX_MARK_BL_SECURE_BOOT,
                                                              "enabled", "1")),
                      **signed))
    s.append(Scenario("sb-unsigned-refused", [FIRMWARE_ACCESS_DENIED, FIRMWARE_NO_BOOT],
                      REFUSED_BY_FIRMWARE, image="build/erix-smoke.img", firmware="snakeoil",
                      absent=[abi.ERIX_MARK_BL_START]))
    esp = "build/erix-smoke-signed.img.esp/"
    for name, dest, src, extra in (
            ("kernel", KERNEL_PATH, esp + "KERNEL.ELF", b"\0" * 16),
            ("rootd", ROOTD_PATH, "build/v/smoke/rootd.elf", b"\0" * 16),
            ("bootcfg", "/EFI/ERIX/BOOT.CFG", esp + "BOOT.CFG", b"# one more line\n")):
        path = dest.replace("/", "\\")
        s.append(Scenario("sb-tampered-" + name, [abi.ERIX_MARK_BL_START, bl_fail("DIGEST"),
                                                  abi.ERIX_MARK_BL_RETURN],
                          RETURNS_TO_FIRMWARE, tamper={dest: Appended(src, extra)},
                          absent=[abi.ERIX_MARK_KERNEL_ENTRY], check=digest_fail(path),
                          **signed))
    # Under Secure Boot a file without a digest is refused too: a signed
    # loader with no BOOT.CFG digest, and one whose BOOT.CFG names no digests.
    loader = "/EFI/BOOT/BOOTX64.EFI"
    for name, tamper, path in (
            ("config", {loader: SignedLoader("build/v/smoke/BOOTX64.EFI")}, "BOOT.CFG"),
            ("kernel", {"/EFI/ERIX/BOOT.CFG": Appended("image/boot.cfg", b""),
                        loader: SignedLoader("build/v/smoke/BOOTX64.EFI", "image/boot.cfg")},
             "KERNEL.ELF")):
        s.append(Scenario("sb-no-digest-" + name, [abi.ERIX_MARK_BL_START, bl_fail("DIGEST"),
                                                    abi.ERIX_MARK_BL_RETURN],
                          RETURNS_TO_FIRMWARE, tamper=tamper,
                          absent=[abi.ERIX_MARK_KERNEL_ENTRY],
                          check=digest_fail("\\EFI\\ERIX\\" + path), **signed))
    # Without Secure Boot the digests BOOT.CFG carries are still checked.
    s.append(Scenario("digest-tampered-rootd", [abi.ERIX_MARK_BL_START, bl_fail("DIGEST"),
                                                abi.ERIX_MARK_BL_RETURN],
                      RETURNS_TO_FIRMWARE, image="build/erix-smoke.img",
                      tamper={ROOTD_PATH: Appended("build/v/smoke/rootd.elf", b"\0")},
                      absent=[abi.ERIX_MARK_KERNEL_ENTRY],
                      check=digest_fail("\\EFI\\ERIX\\ROOTD.ELF")))
    return s


BOOT_CFG_PATH = "\\EFI\\ERIX\\BOOT.CFG"


def pcr_replayed(r, loaded=None):
    """bl measured every file it loaded (the first `loaded` files of its load
    order; None: all, and the kernel reports them), in load order, into
    ERIX_TPM_PCR of every bank: the PCR read back from the TPM equals the
    replay of the image's own files on the host, which is not the PCR's
    reset value."""
    f = r.fields(abi.ERIX_MARK_BL_TPM)
    assert f.get("present") == "1" and f.get("pcr") == str(abi.ERIX_TPM_PCR), \
        r.line_of(abi.ERIX_MARK_BL_TPM)
    files = tpm.measured_files(r.image, BOOT_CFG_PATH)
    if loaded is None:
        # The host's list is bl's: the kernel reports the same files, same order.
        reported = [dict(re.findall(r"(\w+)=(\S+)", t)) for _, t in r.lines
                    if marker_re(abi.ERIX_MARK_BOOT_DIGEST).search(t)]
        assert [(d.get("path"), d.get("sha256")) for d in reported] == \
            [(p, hashlib.sha256(data).hexdigest()) for p, data in files], reported
    else:
        files = files[:loaded]
    assert sorted(r.pcr) == sorted(tpm.BANKS), r.pcr
    for bank in tpm.BANKS:
        want = tpm.replay(files, bank)
        assert r.pcr[bank] != bytes(len(want)), "PCR %d (%s) never extended" % (
            abi.ERIX_TPM_PCR, bank)
        assert r.pcr[bank] == want, "PCR %d (%s) is %s, the host's replay %s" % (
            abi.ERIX_TPM_PCR, bank, r.pcr[bank].hex(), want.hex())
    event_log_true(r, files)


def event_log_true(r, files):
    """The firmware's event log (tpm2_eventlog) names each file bl measured,
    in order, as an ERIX_TPM_EVENT_TYPE event with the file's digest in
    every bank, and replays to the PCR the TPM holds."""
    assert r.event_log is not None, "no event log at %s" % r.line_of(abi.ERIX_MARK_BL_TPM)
    events = [e for e in r.event_log["events"] if e.get("PCRIndex") == abi.ERIX_TPM_PCR]
    assert len(events) == len(files), events
    for e, (path, data) in zip(events, files):
        assert e["EventType"] == tpm.EVENT_TYPE_NAMES[abi.ERIX_TPM_EVENT_TYPE], e
        assert e["EventSize"] == len(path) + 1, e
        assert path.replace("\\", "\\\\") in e["Event"]["String"], (path, e)
        digests = {d["AlgorithmId"]: d["Digest"] for d in e["Digests"]}
        assert digests == {b: hashlib.new(b, data).hexdigest() for b in tpm.BANKS}, (path, e)
    for bank in tpm.BANKS:
        assert tpm.log_pcr(r.event_log, bank, abi.ERIX_TPM_PCR) == r.pcr[bank], bank


def _tpm_scenarios():
    """Measured boot (bl/README.md): with a TPM (swtpm), without one, and
    with one that refuses the extend."""
    tpm_line = abi.ERIX_MARK_BL_TPM
    cfg_at = SMOKE_PATH.index(abi.ERIX_MARK_BL_CONFIG)
    with_tpm = SMOKE_PATH[:cfg_at] + [tpm_line] + SMOKE_PATH[cfg_at:]
    return [
        Scenario("measured-boot", with_tpm, READY, image="build/erix-smoke.img", tpm=True,
                 check=pcr_replayed),
        # Under Secure Boot (the signed image, snakeoil firmware) the same.
        Scenario("measured-boot-secure-boot", with_tpm, READY, image="build/erix-smoke-signed.img",
                 build="sign", firmware="snakeoil", tpm=True,
                 check=all_checks(field_is(abi.ERIX_MARK_BL_SECURE_BOOT, "enabled", "1"),
                                  pcr_replayed)),
        # A module changed after BOOT.CFG took its digest: bl measures it as
        # read, then refuses it; the PCR holds BOOT.CFG, the kernel and the
        # changed rootd, so it differs from a good boot's.
        Scenario("measured-boot-tampered-rootd",
                 [abi.ERIX_MARK_BL_START, tpm_line, bl_fail("DIGEST"), abi.ERIX_MARK_BL_RETURN],
                 RETURNS_TO_FIRMWARE, image="build/erix-smoke.img", tpm=True,
                 tamper={ROOTD_PATH: Appended("build/v/smoke/rootd.elf", b"\0")},
                 absent=[abi.ERIX_MARK_KERNEL_ENTRY],
                 check=all_checks(digest_fail("\\EFI\\ERIX\\ROOTD.ELF"),
                                  lambda r: pcr_replayed(r, loaded=3))),
        # No TPM: bl says so and boots unmeasured.
        Scenario("measured-boot-no-tpm", with_tpm, READY, image="build/erix-smoke.img",
                 check=field_is(tpm_line, "present", "0")),
        # The first measurement (BOOT.CFG) fails: back to the firmware
        # before any file is used.
        Scenario("measured-boot-tpm-fails",
                 [abi.ERIX_MARK_BL_START, tpm_line, bl_fail("MEASURE") + " file=" + BOOT_CFG_PATH,
                  abi.ERIX_MARK_BL_RETURN], RETURNS_TO_FIRMWARE, bl_quirk="tpm-fails", tpm=True,
                 absent=[abi.ERIX_MARK_BL_CONFIG, abi.ERIX_MARK_KERNEL_ENTRY]),
    ]


def _quirk_scenarios():
    """Firmware behaviour real machines show, by a test build of bl or by
    QEMU options."""
    s = []
    # The map changes between the final GetMemoryMap and ExitBootServices:
    # bl re-fetches into the same buffer and retries.
    exit_at = BL_PATH.index(abi.ERIX_MARK_BL_EXIT_BOOT)
    s.append(Scenario("quirk-map-grows", BL_PATH[:exit_at] + [abi.ERIX_MARK_BL_QUIRK] +
                      BL_PATH[exit_at:] + [abi.ERIX_MARK_ROOTD_READY], READY,
                      bl_quirk="map-grows",
                      check=lambda r: assert_true(
                          int(r.fields(abi.ERIX_MARK_BL_HANDOFF).get("exit_retries", "0")) >= 1,
                          "no ExitBootServices retry: %r" % r.line_of(abi.ERIX_MARK_BL_HANDOFF))))
    # More than 2,000 firmware descriptors: the handoff holds them all.
    s.append(Scenario("quirk-fragment-map", BL_PATH[:exit_at] + [abi.ERIX_MARK_BL_QUIRK] +
                      BL_PATH[exit_at:] + [abi.ERIX_MARK_ROOTD_READY], READY,
                      bl_quirk="fragment-map",
                      check=lambda r: assert_true(
                          int(r.fields(abi.ERIX_MARK_BL_EXIT_BOOT).get("descriptors", "0")) > 2000,
                          "not fragmented: %r" % r.line_of(abi.ERIX_MARK_BL_EXIT_BOOT))))
    quirk = abi.ERIX_MARK_BL_QUIRK
    # A 64-bit MMIO window above ERIX_BOOT_MAP_MAX is passed on unmapped; RAM
    # there is refused (which also shows the descriptor is really appended:
    # both quirks add it the same way).
    s.append(Scenario("quirk-high-mmio", BL_PATH[:exit_at] + [quirk] + SMOKE_PATH[exit_at:],
                      READY, bl_quirk="high-mmio",
                      check=field_is(quirk, "name", "HIGH_MMIO")))
    s.append(Scenario("quirk-high-ram", [abi.ERIX_MARK_BL_START, quirk, bl_fail("PAGE_TABLES"),
                                         abi.ERIX_MARK_BL_RETURN], RETURNS_TO_FIRMWARE,
                      bl_quirk="high-ram", absent=[abi.ERIX_MARK_BL_EXIT_BOOT]))
    # The framebuffer over firmware-reserved memory: left out (the kernel's
    # dev console finds none), the boot goes on.
    paging = SMOKE_PATH.index(abi.ERIX_MARK_PAGING_READY) + 1
    s.append(Scenario("quirk-fb-reserved",
                      BL_PATH[:exit_at] + [quirk, abi.ERIX_MARK_BL_FB_REFUSED] +
                      SMOKE_PATH[exit_at:paging] + [NO_FB_LINE] + SMOKE_PATH[paging:], READY,
                      features=SMOKE + " " + DEV_CONSOLE, bl_quirk="fb-reserved"))
    # A map grown past the handoff's room between ExitBootServices tries is
    # refused while boot services still run, not found too big after them.
    s.append(Scenario("quirk-map-overflows",
                      [quirk, abi.ERIX_MARK_BL_EXIT_BOOT, bl_fail("MEMORY_MAP"),
                       abi.ERIX_MARK_BL_RETURN], RETURNS_TO_FIRMWARE, bl_quirk="map-overflows",
                      absent=[abi.ERIX_MARK_BL_HANDOFF, abi.ERIX_MARK_KERNEL_ENTRY]))
    # No display device, so no GOP: serial only, no framebuffer handed on.
    s.append(Scenario("quirk-no-gop", SMOKE_PATH, READY, image="build/erix-smoke.img",
                      qemu_extra=["-vga", "none"],
                      check=lambda r: assert_field(r, abi.ERIX_MARK_BL_HANDOFF, "exit_retries",
                                                   "0")))
    # Two displays: OVMF installs ramfb's GOP before the VGA's, but ConOut
    # lists the VGA first; the console splitter's own GOP is blt-only.
    s.append(Scenario("quirk-two-gop", SMOKE_PATH, READY, image="build/erix-smoke.img",
                      qemu_extra=["-device", "ramfb"], check=console_gop_handed_on))
    # Two PCI displays: the standard VGA and a secondary VGA (no legacy
    # ranges), each with its own GOP and BAR framebuffer.
    s.append(Scenario("quirk-two-pci-gop", SMOKE_PATH, READY, image="build/erix-smoke.img",
                      qemu_extra=["-device", "secondary-vga"], check=console_gop_handed_on))
    # An Intel IOMMU: its DMAR register window is kernel-owned, never
    # device untyped (the reservation itself is host-tested).
    s.append(Scenario("iommu-reserved", SMOKE_PATH, READY, image="build/erix-smoke.img",
                      qemu_extra=["-device", "intel-iommu"], check=iommu_reserved))
    # The image as firmware sees a USB stick: xHCI mass storage, no other disk.
    s.append(Scenario("usb-stick", SMOKE_PATH, READY, image="build/erix-smoke.img",
                      attach="usb"))
    return s


def conout_instances(vars_path):
    """The ConOut device path instances OVMF left in its variable store,
    each a list of (type, subtype, data) nodes. An authenticated variable
    header is 60 bytes (StartId 0x55aa at 0, State at 2, NameSize at 36,
    DataSize at 40), then the UTF-16 name, then the data; the last added
    (State 0x3f) copy wins."""
    with open(vars_path, "rb") as f:
        blob = f.read()
    name = "ConOut\0".encode("utf-16-le")
    data, at = b"", blob.find(name)
    while at >= 60:
        name_size, data_size = struct.unpack_from("<II", blob, at - 24)
        if blob[at - 60:at - 58] == b"\xaa\x55" and blob[at - 58] == 0x3f and \
                name_size == len(name):
            data = blob[at + name_size:at + name_size + data_size]
        at = blob.find(name, at + 1)
    out, cur, off = [], [], 0
    while off + 4 <= len(data):
        t, st, n = data[off], data[off + 1], struct.unpack_from("<H", data, off + 2)[0]
        if n < 4:
            break
        if t == 0x7f:
            out.append(cur)
            cur = []
            if st == 0xff:
                break
        else:
            cur.append((t, st, data[off + 4:off + n]))
        off += n
    return out


def console_gop_handed_on(r):
    """bl handed on the display ConOut lists first: by=conout conout=<its
    index>; a PCI display's framebuffer is a BAR above RAM, ramfb's is RAM.
    The kernel reports the same framebuffer bl chose."""
    bl, k = r.fields(abi.ERIX_MARK_BL_GOP), r.fields(abi.ERIX_MARK_BOOT_FRAMEBUFFER)
    inst = conout_instances(r.log[:-len(".log")] + ".vars.fd")
    # Displays: a PCI path ending in an ACPI _ADR node (type 2 sub 3), or
    # ramfb's vendor hardware node (type 1 sub 4).
    displays = [i for i, nodes in enumerate(inst) if nodes and nodes[-1][:2] in ((2, 3), (1, 4))]
    assert len(displays) == 2, "ConOut: %r" % inst
    first = inst[displays[0]]
    assert bl.get("by") == "conout" and bl.get("conout") == str(displays[0]), r.line_of(
        abi.ERIX_MARK_BL_GOP)
    assert (k.get("base"), k.get("size")) == (bl.get("base"), bl.get("size")), \
        r.line_of(abi.ERIX_MARK_BOOT_FRAMEBUFFER)
    on_pci = any(t == 1 and st == 1 for t, st, _ in first)
    above_ram = int(bl["base"], 16) >= 256 << 20
    assert on_pci == above_ram, "console on %s, framebuffer at %s" % (
        "PCI" if on_pci else "ramfb", bl["base"])


def iommu_reserved(r):
    """The kernel found QEMU's VT-d unit in the DMAR and kept its page."""
    line = [t for _, t in r.lines if t.startswith("kernel: acpi ranges=")]
    assert line, "no platform line"
    fields = dict(re.findall(r"(\w+)=(\S+)", line[0]))
    assert fields.get("iommus") == "1", line[0]
    assert int(fields["iommu"], 16) == 0xFED90000, line[0]


def cr4_has(r, bits):
    """The machine-state selftest's CR4 has every named bit set."""
    line = [t for _, t in r.lines if t.startswith("arch: cr0=")]
    assert line, "no machine-state line"
    cr4 = int(dict(re.findall(r"(\w+)=(\S+)", line[0]))["cr4"], 16)
    missing = [name for name, bit in bits.items() if not cr4 & (1 << bit)]
    assert not missing, "CR4 0x%x lacks %s" % (cr4, ", ".join(missing))


def assert_true(cond, msg):
    assert cond, msg


def assert_field(r, marker, key, want):
    got = r.fields(marker).get(key)
    assert got == want, "%s %s=%r, want %r" % (marker, key, got, want)


def _scenarios():
    s = []
    # a. the smoke image as `make image` builds it, at two memory sizes.
    for mem in ("256M", "2G"):
        s.append(Scenario("smoke-" + mem, SMOKE_PATH, READY, image="build/erix-smoke.img",
                          mem=mem, check=all_checks(untyped_plausible(mem), cpus_online(1),
                                                    digests_reported(False, False)),
                          absent=[abi.ERIX_MARK_ROOTD_TEST_ROOT_VERIFIED]))
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
    # A KERNEL section that passes the validator (resealed, still covered)
    # but does not describe the running image: the kernel checks it against
    # its linker symbols and the loader's page tables.
    for rule, what in (("KERNEL_ENTRY", "entry"), ("KERNEL_PHYS", "phys_base")):
        s.append(Scenario("handoff-" + rule.lower().replace("_", "-"),
                          [abi.ERIX_MARK_KERNEL_ENTRY, abi.ERIX_MARK_FAIL_KERNEL_IMAGE], KFAIL,
                          bl_corrupt=rule, absent=AFTER_HANDOFF,
                          check=field_is(abi.ERIX_MARK_FAIL_KERNEL_IMAGE, "what", what)))
    # e. rootd reports: each status maps to its marker and exit code.
    start = [abi.ERIX_MARK_ROOTD_START]
    s.append(Scenario("rootd-fail", start + [abi.ERIX_MARK_ROOTD_FAILED], RFAIL,
                      rootd_test="fail", absent=[abi.ERIX_MARK_ROOTD_READY]))
    s.append(Scenario("rootd-downstream", start + [abi.ERIX_MARK_ROOTD_DOWNSTREAM_FAILED], DFAIL,
                      rootd_test="downstream", absent=[abi.ERIX_MARK_ROOTD_READY]))
    s.append(Scenario("rootd-unknown-status", start + [abi.ERIX_MARK_ROOTD_UNKNOWN_STATUS], RFAIL,
                      rootd_test="unknown-status", absent=[abi.ERIX_MARK_ROOTD_READY]))
    s.append(Scenario("rootd-fault", start + [abi.ERIX_MARK_USER_FAULT] * len(EXCEPTION_VECTORS) +
                      [abi.ERIX_MARK_ROOTD_READY], READY, rootd_test="fault",
                      check=lambda r: (fault_vectors_and_read_only_bootinfo(r), assert_true(
                          kpti_fields(r)["enabled"] == "1" and kpti_fields(r)["why"] == "default",
                          "KPTI not on by default: %r" % kpti_fields(r)))))
    # The same without KPTI (a kernel-no-kpti build): the kernel image is
    # present, supervisor-only, in the tables user code runs on.
    s.append(Scenario("rootd-fault-no-kpti",
                      start + [abi.ERIX_MARK_USER_FAULT] * len(EXCEPTION_VECTORS) +
                      [abi.ERIX_MARK_ROOTD_READY], READY, rootd_test="fault",
                      features=SMOKE + " kernel-no-kpti",
                      check=lambda r: (fault_vectors_and_read_only_bootinfo(r), assert_true(
                          kpti_fields(r)["enabled"] == "0" and kpti_fields(r)["why"] == "build",
                          "KPTI not off in a kernel-no-kpti build: %r" % kpti_fields(r)))))
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
    # A segment in rootd's stack guard page (or its stack) is refused: the
    # image window ends where the guard begins.
    guard = (abi.ERIX_ROOTD_STACK_TOP -
             (abi.ERIX_ROOTD_STACK_PAGES + 1) * abi.ERIX_PAGE_SIZE)
    s.append(Scenario("rootd-elf-stack-guard",
                      [abi.ERIX_MARK_HANDOFF_VALID, rootd_elf_fail("SEGMENT_RANGE")], KFAIL,
                      rootd_test="stack-guard",
                      make_vars={"ROOTD_LDFLAGS_EXTRA":
                                 "-Wl,--section-start=.stackguard=0x%x" % guard},
                      absent=[abi.ERIX_MARK_ROOTD_START]))
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
    # The test-only full-surface endpoint: rootd checks it, then drops it;
    # its verification line proves the endpoint was there and used.
    s.append(Scenario("test-root-endpoint",
                      ROOTD_CHECKS + [abi.ERIX_MARK_ROOTD_TEST_ROOT_VERIFIED] + CHILD_STARTED +
                      [abi.ERIX_MARK_ROOTD_READY], READY,
                      features=SMOKE + " kernel-test-root-endpoint"))
    # Through the test root as well: a device frame of QEMU's educational
    # device, whose interrupt, once bound as an MSI, is a notification.
    s.append(Scenario("msi-edu",
                      [rootd_log("device frame: VGA BAR 2 mapped, Bochs DISPI ID read"),
                       rootd_log("msi: edu device raised, notified, acknowledged"),
                       abi.ERIX_MARK_ROOTD_TEST_ROOT_VERIFIED, abi.ERIX_MARK_ROOTD_READY], READY,
                      features=SMOKE + " kernel-test-root-endpoint",
                      qemu_extra=["-device", "edu"]))
    # PCIe native hot-plug: a root port with an empty slot; rootd waits in
    # HOTPLUG_WAIT, the harness adds a card and deletes it through QMP.
    hp_event = rootd_log(abi.ERIX_ROOTD_LOG_HOTPLUG_EVENT)
    s.append(Scenario("hotplug-pcie",
                      [HOTPLUG_LINE + "1", rootd_log(abi.ERIX_ROOTD_LOG_HOTPLUG_WAITING), hp_event,
                       rootd_log(abi.ERIX_ROOTD_LOG_HOTPLUG_REMOVING), hp_event, AUTH_TOTAL,
                       abi.ERIX_MARK_ROOTD_READY], READY,
                      rootd_test="hotplug", timeout=120.0, qemu_extra=HOTPLUG_PORT,
                      inputs=[(rootd_log(abi.ERIX_ROOTD_LOG_HOTPLUG_WAITING), "qmp",
                               {"execute": "device_add",
                                "arguments": {"driver": "e1000e", "bus": "rp1", "id": "hp1"}}),
                              (rootd_log(abi.ERIX_ROOTD_LOG_HOTPLUG_REMOVING), "qmp",
                               {"execute": "device_del", "arguments": {"id": "hp1"}})],
                      absent=[abi.ERIX_MARK_ROOTD_FAILED, abi.ERIX_MARK_FAIL_PREFIX],
                      check=cases_all_passed))
    # h. the kernel -> rootd bootinfo: rootd reads every BOOT.CFG module.
    name, path, size, cmdline = EXTRA_MODULE
    s.append(Scenario("bootinfo-two-modules",
                      [abi.ERIX_MARK_BOOTINFO_MAPPED, abi.ERIX_MARK_ROOTD_START,
                       BOOTINFO_MODULE_LINE, BOOTINFO_MODULE_LINE, BOOTINFO_LINE,
                       stage("BOOTINFO_VERIFIED"), abi.ERIX_MARK_ROOTD_READY], READY,
                      boot_cfg="kernel \\EFI\\ERIX\\KERNEL.ELF\n"
                               "module %s \\EFI\\ERIX\\ROOTD.ELF\n"
                               "module %s %s %s\n" % (abi.ERIX_ROOTD_MODULE_NAME, name,
                                                       path.replace("/", "\\"), cmdline),
                      esp=dict(DEFAULT_ESP, **{path: Garbage(size)}),
                      absent=[rootd_log(abi.ERIX_ROOTD_LOG_BOOTINFO_INVALID)],
                      check=bootinfo_two_modules))
    # A bootinfo the validator refuses makes rootd report FAILED: never READY.
    s.append(Scenario("bootinfo-corrupt",
                      [abi.ERIX_MARK_BOOTINFO_MAPPED, stage("UNTYPED_VERIFIED"),
                       bootinfo_invalid("CHECKSUM"),
                       abi.ERIX_MARK_ROOTD_FAILED], RFAIL, rootd_test="bootinfo-corrupt",
                      absent=[stage("BOOTINFO_VERIFIED"), abi.ERIX_MARK_ROOTD_READY]))
    # i. the authority suite, part 1: rootd and staged test children.
    # The same suite with the IPC fast path left out: the same results.
    for name, features in (("authority", SMOKE),
                           ("authority-no-fastpath", SMOKE + " kernel-no-fastpath")):
        s.append(Scenario(name, [abi.ERIX_MARK_ROOTD_START, stage("CHILD_STARTED"), AUTH_CASE,
                                 AUTH_TOTAL, abi.ERIX_MARK_ROOTD_READY], READY,
                          features=features, rootd_test="authority", timeout=180.0,
                          absent=[abi.ERIX_MARK_ROOTD_FAILED, abi.ERIX_MARK_FAIL_PREFIX],
                          check=authority_totals))
    # The same suite with the ACPI tables in firmware-reserved memory (not
    # in the kernel's physmap): the table pages the kernel records are
    # mapped for READ_ACPI_QWORDS, and every case reads the same.
    s.append(Scenario("authority-acpi-reserved",
                      [abi.ERIX_MARK_BL_QUIRK, abi.ERIX_MARK_ROOTD_START, stage("CHILD_STARTED"),
                       AUTH_CASE, AUTH_TOTAL, abi.ERIX_MARK_ROOTD_READY], READY,
                      rootd_test="authority", bl_quirk="acpi-reserved", timeout=180.0,
                      absent=[abi.ERIX_MARK_ROOTD_FAILED, abi.ERIX_MARK_FAIL_PREFIX],
                      check=lambda r: (authority_totals(r), assert_true(
                          int(re.search(r"reserved_pages=(\d+)", platform_line(r) + " reserved_pages=0")
                              .group(1)) > 0,
                          "no reserved table page mapped: %r" % platform_line(r)))))
    # The same suite on QEMU's pc machine (i440FX): no MCFG, so PCI config
    # goes through the 0xCF8/0xCFC ports (rootd's platform cases follow the
    # host bridge it finds). A later -machine overrides image/qemu.py's q35.
    s.append(Scenario("authority-pc", [abi.ERIX_MARK_ROOTD_START, stage("CHILD_STARTED"),
                                       AUTH_CASE, AUTH_TOTAL, abi.ERIX_MARK_ROOTD_READY], READY,
                      rootd_test="authority", timeout=180.0, qemu_extra=["-machine", "pc"],
                      absent=[abi.ERIX_MARK_ROOTD_FAILED, abi.ERIX_MARK_FAIL_PREFIX],
                      check=lambda r: (authority_totals(r), assert_true(
                          " pci=ports " in platform_line(r),
                          "not the ports: %r" % platform_line(r)))))
    # A CPU model with SMEP, SMAP and UMIP (QEMU's "max"): the kernel turns
    # all three on (the machine-state selftest prints CR4 and checks it
    # against what CPUID offers), and the authority suite's copies to and
    # from user memory run with SMAP on: the stac/clac path.
    s.append(Scenario("cpu-max-smap", [abi.ERIX_MARK_SELFTEST_EXCEPTIONS_PASS,
                                       abi.ERIX_MARK_ROOTD_START, AUTH_CASE, AUTH_TOTAL,
                                       abi.ERIX_MARK_ROOTD_READY], READY,
                      features=SMOKE + " kernel-selftest-exceptions", rootd_test="authority",
                      timeout=180.0, qemu_extra=["-cpu", "max"],
                      absent=[abi.ERIX_MARK_ROOTD_FAILED, abi.ERIX_MARK_FAIL_PREFIX],
                      check=lambda r: (authority_totals(r), cr4_has(r, {"SMEP": 20, "SMAP": 21,
                                                                        "UMIP": 11}))))
    # The SMP test (ROOTD_TEST=smp): SET_AFFINITY both ways, IPC between
    # CPUs, the SMP hammer (IPC ring, yielders, map/unmap under a reader on
    # another CPU: a missing TLB shootdown reads the old frame) and a child
    # killed while it runs on another CPU. At -smp 4 (the full layout), at
    # -smp 2 (no ring: CPU 1 is the reader's), and without KPTI, where the
    # reader's TLB survives kernel entries, so a stale entry is seen more
    # often than with KPTI's CR3 switches.
    smp_path = [abi.ERIX_MARK_SMP_ONLINE, abi.ERIX_MARK_ROOTD_START, abi.ERIX_MARK_SMP_TEST_CPUS,
                abi.ERIX_MARK_SMP_TEST_HAMMER, abi.ERIX_MARK_SMP_TEST_PASS,
                abi.ERIX_MARK_ROOTD_READY]
    smp_absent = [abi.ERIX_MARK_SMP_TEST_FAIL, abi.ERIX_MARK_USER_FAULT, abi.ERIX_MARK_FAIL_PREFIX,
                  abi.ERIX_MARK_ROOTD_FAILED]
    for name, cpus, features in (("smp-selftest", 4, SMOKE), ("smp-ipc", 2, SMOKE),
                                 ("smp-selftest-no-kpti", 4, SMOKE + " kernel-no-kpti")):
        s.append(Scenario(name, smp_path, READY, features=features, rootd_test="smp",
                          qemu_extra=["-smp", str(cpus)], timeout=300.0, absent=smp_absent,
                          check=smp_test_agrees(cpus)))
    # An AP that never answers (kernel-test-absent-ap starts an APIC ID no
    # CPU has) is reported and left out within its bound; the CPUs that
    # are there come up and the boot goes on.
    s.append(Scenario("smp-absent-ap", [abi.ERIX_MARK_SMP_AP_LEFT_OUT + " apic_id=254 why=no_answer",
                                        abi.ERIX_MARK_SMP_ONLINE + " cpus=2",
                                        abi.ERIX_MARK_ROOTD_READY], READY,
                      features=SMOKE + " kernel-test-absent-ap", qemu_extra=["-smp", "2"],
                      absent=[abi.ERIX_MARK_FAIL_PREFIX], check=cpus_online(2)))
    # j. rootd diagnostics: each VFS backend one and an unknown one become
    # markers, and the boot goes on to READY.
    diags = [abi.ERIX_MARK_ROOTD_DIAG_PREFIX + n for n in abi.names("ERIX_ROOTD_DIAGNOSTICS")]
    s.append(Scenario("rootd-diagnostics", [abi.ERIX_MARK_ROOTD_START] + diags +
                      [abi.ERIX_MARK_ROOTD_DIAG_UNKNOWN, abi.ERIX_MARK_ROOTD_READY], READY,
                      rootd_test="diag", check=diag_fields))
    # k. lifecycle traces are smoke-only: the smoke boot's child shows them,
    # the runtime image's child never does.
    s.append(Scenario("traces-smoke", [abi.ERIX_MARK_TRACE_PROC, abi.ERIX_MARK_TRACE_CAP,
                                       abi.ERIX_MARK_TRACE_PROC, stage("CHILD_STARTED"),
                                       abi.ERIX_MARK_ROOTD_READY], READY))
    # The user-space drivers in the runtime image: typed serial input is
    # echoed by the COM1 driver, a key sent through QEMU's monitor is
    # reported by the i8042 driver (scan code set 1: "a" is 0x1e).
    echo = "erix-echo-42"
    echoed = abi.ERIX_MARK_USER_SERIAL + " " + echo
    s.append(Scenario("drivers-input", [stage("CONSOLE_INPUT_READY"), stage("DRV_I8042_READY"),
                                        stage("DRV_PS2_KEYBOARD_READY"),
                                        abi.ERIX_MARK_ROOTD_READY, echoed,
                                        abi.ERIX_MARK_DRV_SCANCODE + "0x1e"],
                      STAYS_UP, image="build/erix.img", features="kernel-runtime-image",
                      inputs=[(abi.ERIX_MARK_ROOTD_READY, "serial", echo + "\n"),
                              (echoed, "sendkey", "a")]))
    s.append(Scenario("traces-not-in-runtime", [stage("CHILD_STARTED"), abi.ERIX_MARK_ROOTD_READY],
                      STAYS_UP, image="build/erix.img", features="kernel-runtime-image",
                      absent=[abi.ERIX_MARK_TRACE_PROC, abi.ERIX_MARK_TRACE_CAP]))
    # l. the dev console: the markers on screen, pixel for pixel, at QEMU's
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
    # m. the release profile: the kernel says nothing on COM1, rootd's
    # LOG_STRING lines (a service) still arrive, and it stays up.
    s.append(Scenario("release-quiet", BL_PATH[:-1] + [abi.ERIX_MARK_ROOTD_LOG + " hello from rootd"],
                      STAYS_UP, features="kernel-runtime-image kernel-release",
                      absent=[abi.ERIX_MARK_KERNEL_ENTRY, abi.ERIX_MARK_HANDOFF_VALID,
                              abi.ERIX_MARK_ROOTD_START, stage("ENTRY"), abi.ERIX_MARK_ROOTD_READY,
                              "kernel: pool"]))
    s += _secure_boot_scenarios()
    s += _quirk_scenarios()
    s += _tpm_scenarios()
    names = [x.name for x in s]
    assert len(names) == len(set(names)), "scenario names must be unique"
    return s


SCENARIOS = _scenarios()
