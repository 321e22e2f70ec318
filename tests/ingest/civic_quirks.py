"""Small files with the quirks real Japanese template files have, written by the tests:
encodings (UTF-8 ± BOM, CP932, UTF-16LE/BE with BOM), CRLF/LF, header look-alikes."""

from __future__ import annotations

import codecs
from pathlib import Path

ENCODINGS = ["utf-8", "utf-8-sig", "cp932", "utf-16-le-bom", "utf-16-be-bom"]
_FULL_WIDTH = {
    ord(c): ord(c) + 0xFEE0 for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
}


def encode(lines: list[str], encoding: str = "utf-8", newline: str = "\r\n") -> bytes:
    text = newline.join(lines) + newline
    if encoding == "utf-16-le-bom":
        return codecs.BOM_UTF16_LE + text.encode("utf-16-le")
    if encoding == "utf-16-be-bom":
        return codecs.BOM_UTF16_BE + text.encode("utf-16-be")
    return text.encode(encoding)


def write(tmp_path: Path, data: bytes, name: str = "template.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def lookalike(header: str) -> str:
    """What people type: U+2015 for ー, full-width letters, spaces around cells."""
    cells = [c.replace("ー", "\u2015").translate(_FULL_WIDTH) for c in header.split(",")]
    return ",".join(f" {c}　" for c in cells)
