#!/usr/bin/python3
"""Embeds the SHA-256 of a BOOT.CFG into a built BOOTX64.EFI, before it is
signed: finds the one `struct bl_embedded_digest` block (bl/digest.h: magic
"ERIX_CFG_SHA256\\0", u32 version 1, u32 present, 32-byte digest) and writes
present = 1 and the digest. Nothing else in the file changes.

usage: embed-cfg-digest.py IN.EFI BOOT.CFG OUT.EFI
"""
import hashlib
import struct
import sys

MAGIC = b"ERIX_CFG_SHA256\0"
VERSION = 1


def embed(efi, cfg_bytes):
    """efi with the digest of cfg_bytes in its block; SystemExit unless
    there is exactly one block."""
    found = []
    at = efi.find(MAGIC)
    while at >= 0:
        if efi[at + 16:at + 20] == struct.pack("<I", VERSION):
            found.append(at)
        at = efi.find(MAGIC, at + 1)
    if len(found) != 1:
        sys.exit("embed-cfg-digest: %d digest blocks in the loader, want 1" % len(found))
    at = found[0]
    block = struct.pack("<I", 1) + hashlib.sha256(cfg_bytes).digest()
    return efi[:at + 20] + block + efi[at + 20 + len(block):]


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__.strip().splitlines()[-1])
    with open(sys.argv[1], "rb") as f:
        efi = f.read()
    with open(sys.argv[2], "rb") as f:
        cfg = f.read()
    out = embed(efi, cfg)
    with open(sys.argv[3], "wb") as f:
        f.write(out)


if __name__ == "__main__":
    main()
