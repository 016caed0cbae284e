"""Host tests of the measured-boot test's own tools (tpm.py): the
tpm2_pcrread parser and the host's PCR replay."""
import hashlib
import struct

import tpm

PCRREAD = """  sha1:
    9 : 0xBB357A79FADB193C545CFC78F155B9BC88A1E950
  sha256:
    9 : 0x53FB060009CC4AD9E1509603A074B430CD52E19C4259D3605F9D174006777EF7
    10: 0x0000000000000000000000000000000000000000000000000000000000000000
"""


def test_parse_pcrread_picks_the_index_per_bank():
    got = tpm.parse_pcrread(PCRREAD, 9)
    assert sorted(got) == ["sha1", "sha256"]
    assert got["sha1"].hex() == "bb357a79fadb193c545cfc78f155b9bc88a1e950"
    assert got["sha256"][:2] == b"\x53\xfb" and len(got["sha256"]) == 32
    assert tpm.parse_pcrread(PCRREAD, 10) == {"sha256": bytes(32)}


def test_replay_is_the_extend_chain_from_zeros():
    files = [("a", b"abc"), ("b", b"")]
    step1 = hashlib.sha256(bytes(32) + hashlib.sha256(b"abc").digest()).digest()
    step2 = hashlib.sha256(step1 + hashlib.sha256(b"").digest()).digest()
    assert tpm.replay(files, "sha256") == step2
    assert tpm.replay([], "sha384") == bytes(48)
    # Order matters: a swapped load order is a different PCR.
    assert tpm.replay(files[::-1], "sha256") != step2


def _spec_id_event(algs):
    data = tpm.SPEC_ID + b"\0" + struct.pack("<IBBBBI", 0, 0, 2, 0, 2, len(algs))
    data += b"".join(struct.pack("<HH", a, s) for a, s in algs) + b"\0"
    return struct.pack("<II20sI", 0, 3, bytes(20), len(data)) + data


def test_log_length_stops_at_the_unused_area():
    algs = [(0x0B, 32), (0x0C, 48)]  # sha256, sha384
    head = _spec_id_event(algs)
    event = struct.pack("<III", 9, 0x0D, 2) + struct.pack("<H", 0x0B) + bytes(32)
    event += struct.pack("<H", 0x0C) + bytes(48) + struct.pack("<I", 4) + b"ab\\\0"
    raw = head + event + event + b"\xff" * 64
    assert tpm.log_length(raw) == len(head) + 2 * len(event)
    assert tpm.log_length(b"\0" * 64) is None  # no Spec ID event: not a log
