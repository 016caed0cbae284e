"""The ABI as the boot tests see it: parsed from include/erix/*.h, so no test
restates a marker string, exit code or rule name.

    abi.ERIX_MARK_BL_START            -> "ERIX_BL:START"
    abi.ERIX_DEBUG_EXIT_ROOTD_READY   -> 0x10
    abi.lists["ERIX_HANDOFF_RULES"]   -> [("OK", 0), ("MAGIC", 1), ...]
    abi.names("ERIX_BL_FAILURES")     -> ["CONFIG_MISSING", ...]
"""
import glob
import os
import re

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
INCLUDE = os.path.join(REPO, "include", "erix")

_DEFINE = re.compile(r"^\s*#\s*define\s+([A-Za-z_]\w*)\s+(.*)$")
_STRING = re.compile(r'^"((?:[^"\\]|\\.)*)"$')
_NUMBER = re.compile(r"^\(?\s*(0[xX][0-9a-fA-F]+|\d+)[uUlL]*\s*\)?$")
_XLIST = re.compile(r"^\s*#\s*define\s+([A-Za-z_]\w*)\(X\)\s*(.*)$")
_XITEM = re.compile(r"\bX\(\s*([A-Za-z_]\w*)\s*(?:,\s*(0[xX][0-9a-fA-F]+|\d+)\s*)?\)")


def _strip_comments(text):
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    return re.sub(r"//[^\n]*", " ", text)


def _logical_lines(text):
    """Join backslash-continued lines, as the preprocessor does."""
    return re.sub(r"\\\n", " ", text).split("\n")


def parse(include_dir=INCLUDE):
    values, lists = {}, {}
    for path in sorted(glob.glob(os.path.join(include_dir, "*.h"))):
        with open(path) as f:
            text = _strip_comments(f.read())
        for line in _logical_lines(text):
            m = _XLIST.match(line)
            if m:
                lists[m.group(1)] = [(n, int(v, 0) if v else None)
                                     for n, v in _XITEM.findall(m.group(2))]
                continue
            m = _DEFINE.match(line)
            if not m:
                continue
            name, body = m.group(1), m.group(2).strip()
            s = _STRING.match(body)
            if s:
                values[name] = bytes(s.group(1), "ascii").decode("unicode_escape")
                continue
            n = _NUMBER.match(body)
            if n:
                values[name] = int(n.group(1), 0)
    return values, lists


values, lists = parse()
globals().update(values)


def names(list_name):
    """The entry names of an X-macro list."""
    return [n for n, _ in lists[list_name]]


def value(list_name, entry):
    return dict(lists[list_name])[entry]


def qemu_status(debug_exit_code):
    """QEMU's exit status for an isa-debug-exit write of this code."""
    return (debug_exit_code << 1) | 1
