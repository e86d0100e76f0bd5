"""What the fuzz pass (tests/property/test_fuzz.py) found, kept as plain regression tests."""

from __future__ import annotations

import struct
from pathlib import Path

from support import Run


def _xlsx_sheet(run: Run, minimal: Path, tmp_path: Path) -> Path:
    out = tmp_path / "sheets"
    result = run("progress", "sheets", "2020", "-o", out, "--dept", "防災課", "--plan", minimal)
    assert result.exit_code == 0, result.output
    (sheet,) = out.iterdir()
    return sheet


def _refused(run: Run, minimal: Path, sheet: Path) -> None:
    for dry in (["--dry-run"], []):
        result = run("progress", "import", sheet, *dry, "--plan", minimal)
        assert result.exit_code == 1, (result.exit_code, repr(result.exception), result.output)
        assert "not a readable xlsx workbook" in result.output
    assert not (minimal / "progress").exists()


def test_a_zip_asking_for_a_newer_version_is_a_sheet_problem(run: Run, minimal: Path, tmp_path: Path) -> None:
    # NotImplementedError('zip file version 22.0') from zipfile was exit 3.
    sheet = _xlsx_sheet(run, minimal, tmp_path)
    raw = bytearray(sheet.read_bytes())
    at = raw.find(b"PK\x01\x02")  # the first central directory entry: "version needed" at +6
    raw[at + 6 : at + 8] = struct.pack("<H", 220)
    sheet.write_bytes(bytes(raw))
    _refused(run, minimal, sheet)


def test_a_damaged_compressed_part_is_a_sheet_problem(run: Run, minimal: Path, tmp_path: Path) -> None:
    # zlib.error ('invalid literal/lengths set') from a flipped byte in deflated XML was exit 3.
    sheet = _xlsx_sheet(run, minimal, tmp_path)
    raw = bytearray(sheet.read_bytes())
    at = raw.find(b"PK\x03\x04")
    while at != -1:  # every local file header: damage the start of its deflated data
        (size,) = struct.unpack_from("<I", raw, at + 18)
        name_length, extra_length = struct.unpack_from("<HH", raw, at + 26)
        start = at + 30 + name_length + extra_length
        for offset in range(2, min(size, 40), 3):
            raw[start + offset] ^= 0xFF
        at = raw.find(b"PK\x03\x04", start + size)
    sheet.write_bytes(bytes(raw))
    _refused(run, minimal, sheet)
