"""Byte-level quirks of real exports, for the platform-export reader tests (export_*.py):
encodings with and without BOM, CRLF/LF, header look-alike characters."""

from __future__ import annotations

from pathlib import Path

ENCODINGS = ("utf-8", "utf-8-sig", "cp932", "utf-16-le-bom", "utf-16-be-bom")
NEWLINES = ("\n", "\r\n")


def encode(text: str, encoding: str = "utf-8", newline: str = "\n") -> bytes:
    text = text.replace("\r\n", "\n").replace("\n", newline)
    if encoding == "utf-16-le-bom":
        return b"\xff\xfe" + text.encode("utf-16-le")
    if encoding == "utf-16-be-bom":
        return b"\xfe\xff" + text.encode("utf-16-be")
    return text.encode(encoding)


def write(
    tmp_path: Path, text: str, encoding: str = "utf-8", newline: str = "\n", name: str = "f.csv"
) -> Path:
    path = tmp_path / name
    path.write_bytes(encode(text, encoding, newline))
    return path


def lookalike(header: str) -> str:
    """What spreadsheets and other tools do to Japanese headers: U+2015 for ー, full-width
    letters and digits, stray spaces."""
    full = str.maketrans(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
        "ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ０１２３４５６７８９",
    )
    cells = [" " + c.replace("ー", "\u2015").translate(full) + "  " for c in header.split(",")]
    return ",".join(cells)


def head(path: Path) -> str:
    from ingest.registry import head_text

    return head_text(path)
