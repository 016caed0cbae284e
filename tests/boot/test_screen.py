"""Host checks of the screenshot comparison itself (no QEMU): the text grid
follows kernel/fbcon.c's rules, and a single wrong pixel fails compare()."""
import os

import pytest

import abi
import screen
from harness import LOG_DIR, Result


def test_text_rows_wrap_scroll_and_question_marks():
    assert screen.text_rows("ab\n", 3, 4) == ["ab", ""]
    assert screen.text_rows("abcd\n", 3, 4) == ["abc", "d", ""]
    assert screen.text_rows("abc\nd", 3, 4) == ["abc", "d"]  # a full line's '\n' adds no row
    assert screen.text_rows("1\n2\n3\n", 3, 2) == ["3", ""]  # scrolled twice
    assert screen.text_rows("\x01\xe9\n", 3, 2) == ["??", ""]


def _fake_boot(tmp, w, h, text_lines):
    font = screen.psf.load(screen.FONT_PSF)
    cols, rows = w // font.width, h // font.height
    lines = [abi.ERIX_MARK_KERNEL_ENTRY,
             "kernel: dev console %dx%d pitch=%d bpp=32 format=2 cols=%d rows=%d" % (
                 w, h, w * 4, cols, rows)] + text_lines
    r = Result([(0.0, t) for t in lines], {}, None, os.path.join(tmp, "fake.log"))
    grid = screen.text_rows("\n".join(lines) + "\n", cols, rows)
    return r, screen.render(grid, font, w, h)


@pytest.mark.parametrize("flip", [False, True])
def test_compare_exact(tmp_path, flip):
    r, rgb = _fake_boot(str(tmp_path), 64, 48, ["A", "B"])
    if flip:  # one pixel of the bottom text row (the empty cursor row) set
        i = (47 * 64 + 3) * 3
        rgb = rgb[:i] + b"\xff\xff\xff" + rgb[i + 3:]
    ppm = os.path.join(str(tmp_path), "shot.ppm")
    screen.write_ppm(ppm, 64, 48, rgb)
    png = os.path.join(str(tmp_path), "shot.png")
    screen.to_png(ppm, png)
    r.screenshot = png
    if flip:
        with pytest.raises(AssertionError, match="text rows"):
            screen.compare(r, png, "B")
    else:
        screen.compare(r, png, "B", must_show=["A"])
    assert LOG_DIR  # the harness module imports cleanly beside screen.py
