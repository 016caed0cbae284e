"""Screenshots of the kernel's dev console: a QMP screendump (PPM) taken
while the guest runs, turned into PNG (netpbm's pnmtopng), and the expected
screen rendered on the host with the same PSF font the kernel was built
with (tools/psf.py reads it for both), by the same rules as kernel/fbcon.c:
cursor at the top left of a cleared screen, '\\n' ends a line, long lines
wrap, a full screen scrolls up one text row, bytes outside printable ASCII
show as '?'. The comparison is exact, pixel for pixel, over the whole
screen.
"""
import json
import os
import re
import socket
import subprocess
import sys
import time

import abi

sys.path.insert(0, os.path.join(abi.REPO, "tools"))
import psf  # noqa: E402

FONT_PSF = os.environ.get("FONT_PSF", "/usr/share/consolefonts/Lat15-Terminus16.psf.gz")
FG, BG = (0xFF, 0xFF, 0xFF), (0, 0, 0)  # kernel/fbcon.h FBCON_FG, FBCON_BG
GEOMETRY = re.compile(r"^kernel: dev console (\d+)x(\d+) .*cols=(\d+) rows=(\d+)")


# --- taking the screenshot ---------------------------------------------------
def qmp(sock_path, commands, timeout=10.0):
    """Runs QMP commands in order on QEMU's socket; returns their replies."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            s = socket.socket(socket.AF_UNIX)
            s.settimeout(timeout)
            s.connect(sock_path)
            break
        except OSError:
            s.close()
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)
    f = s.makefile("rwb")
    replies = []

    def reply():
        while True:
            msg = json.loads(f.readline())
            if "event" not in msg:
                return msg
    reply()  # greeting
    for cmd in [{"execute": "qmp_capabilities"}] + commands:
        f.write(json.dumps(cmd).encode() + b"\n")
        f.flush()
        r = reply()
        if "error" in r:
            raise RuntimeError("QMP %s: %s" % (cmd["execute"], r["error"]))
        replies.append(r)
    s.close()
    return replies[1:]


def _dump(sock_path, ppm_path):
    if os.path.exists(ppm_path):
        os.unlink(ppm_path)
    qmp(sock_path, [{"execute": "screendump", "arguments": {"filename": ppm_path}}])
    with open(ppm_path, "rb") as f:
        return f.read()


def screendump(sock_path, ppm_path, tries=40, gap=0.25):
    """The guest's screen once it stopped changing, as PPM at ppm_path and
    PNG beside it. The marker that asks for it arrives on COM1 before the
    kernel has drawn (and scrolled) that line on the framebuffer, and QEMU
    reads the framebuffer while the guest runs: a dump can catch a scroll
    half done. So dumps are taken until two in a row are the same (at most
    `tries`: a screen that never settles is compared as last seen)."""
    last = _dump(sock_path, ppm_path)
    for _ in range(tries):
        time.sleep(gap)
        now = _dump(sock_path, ppm_path)
        if now == last:
            break
        last = now
    png = os.path.splitext(ppm_path)[0] + ".png"
    to_png(ppm_path, png)
    return png


def to_png(ppm_path, png_path):
    with open(png_path, "wb") as out:
        subprocess.run(["pnmtopng", "-compression", "9", ppm_path], stdout=out,
                       stderr=subprocess.DEVNULL, check=True)


def read_ppm(path):
    """(width, height, RGB bytes) of a binary PPM (P6, maxval 255)."""
    data = open(path, "rb").read()
    m = re.match(rb"P6\s+(\d+)\s+(\d+)\s+(\d+)\s", data)
    if not m or int(m.group(3)) != 255:
        raise ValueError("%s: not a P6 PPM with maxval 255" % path)
    w, h = int(m.group(1)), int(m.group(2))
    return w, h, data[m.end():m.end() + w * h * 3]


def write_ppm(path, w, h, rgb):
    with open(path, "wb") as f:
        f.write(b"P6\n%d %d\n255\n" % (w, h) + rgb)


# --- the expected screen -------------------------------------------------------
def text_rows(text, cols, rows):
    """The character grid fbcon leaves after drawing text."""
    grid, line = [], []
    for ch in text:
        if ch == "\n":
            grid.append(line)
            line = []
            continue
        if len(line) == cols:
            grid.append(line)
            line = []
        line.append(ch if " " <= ch < "\x7f" else "?")
    # The cursor's row is on screen even when empty; rows before it scrolled.
    grid.append(line)
    grid = grid[-rows:]
    return ["".join(r) for r in grid]


def render(grid, font, width, height):
    """RGB bytes of the screen showing grid (rows of text) in font."""
    fg, bg = bytes(FG), bytes(BG)
    cache = {}

    def glyph_row(ch, y):
        key = (ch, y)
        if key not in cache:
            cache[key] = b"".join(fg if font.pixel(ord(ch), x, y) else bg
                                  for x in range(font.width))
        return cache[key]
    blank_line = bg * width
    out = []
    for r in range(height // font.height):
        text = grid[r] if r < len(grid) else ""
        for y in range(font.height):
            cells = [glyph_row(text[c] if c < len(text) else " ", y)
                     for c in range(width // font.width)]
            line = b"".join(cells)
            out.append(line + bg * (width - len(line) // 3))
    out += [blank_line] * (height - len(out))
    return b"".join(out)


def console_text(lines, last):
    """What the kernel printed, from its entry line to the first line
    carrying `last` (inclusive), as one string."""
    texts = [t for _, t in lines]
    start = next(i for i, t in enumerate(texts) if abi.ERIX_MARK_KERNEL_ENTRY in t)
    end = next(i for i in range(start, len(texts)) if last in texts[i])
    # The entry marker opens a line of its own on COM1 (bl ends its lines).
    first = texts[start][texts[start].index(abi.ERIX_MARK_KERNEL_ENTRY):]
    return "\n".join([first] + texts[start + 1:end + 1]) + "\n"


def compare(result, png, last, must_show=()):
    """Asserts the screenshot shows exactly the console text up to `last`
    and that every must_show string is on a visible row. Writes the
    expected image beside the screenshot (…-expected.png)."""
    geo = [GEOMETRY.match(t) for _, t in result.lines]
    geo = [g for g in geo if g]
    assert geo, "no 'kernel: dev console WxH ...' line: the dev console did not start"
    w, h, cols, rows = (int(x) for x in geo[0].groups())
    font = psf.load(FONT_PSF)
    assert (cols, rows) == (w // font.width, h // font.height), \
        "kernel's grid %dx%d does not match the host font %dx%d" % (cols, rows, font.width, font.height)
    ppm = os.path.splitext(png)[0] + ".ppm"
    sw, sh, shot = read_ppm(ppm)
    assert (sw, sh) == (w, h), "screen is %dx%d, the kernel drew %dx%d" % (sw, sh, w, h)
    grid = text_rows(console_text(result.lines, last), cols, rows)
    want = render(grid, font, w, h)
    exp = os.path.splitext(png)[0] + "-expected"
    write_ppm(exp + ".ppm", w, h, want)
    to_png(exp + ".ppm", exp + ".png")
    for s in must_show:
        assert any(s in row for row in grid), "%r not on screen (scrolled off?)" % s
    if shot != want:
        bad = sorted({(i // 3) // w // font.height for i in range(0, len(want), 3)
                      if shot[i:i + 3] != want[i:i + 3]})
        raise AssertionError("screen differs from the expected rendering in text rows %s; "
                             "expected rows there: %r; see %s and %s" % (
                                 bad[:8], [grid[r] if r < len(grid) else "" for r in bad[:4]],
                                 png, exp + ".png"))
