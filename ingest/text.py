"""Decoding and header normalisation shared by the CSV/TSV readers."""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata

# Characters real Japanese exports use where they mean "ー" or "-".
_DASH_LOOKALIKES = dict.fromkeys(
    map(ord, "\u2015\u2014\u2012\u2013\u2212\uff0d\u30fc\uff70\u2010"), "-"
)


def decode_text(data: bytes) -> str:
    """Decode an export: BOM first (UTF-8, UTF-16LE/BE), then UTF-8, then CP932.

    CP932 (not shift_jis) so that Microsoft's extensions such as 0x8160 "～" decode.
    """
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8")
    if data.startswith(codecs.BOM_UTF16_LE):
        return data[2:].decode("utf-16-le")
    if data.startswith(codecs.BOM_UTF16_BE):
        return data[2:].decode("utf-16-be")
    head = data[:4000]
    if len(head) >= 4 and head[1::2].count(0) > len(head) // 4:
        return data.decode("utf-16-le")
    if len(head) >= 4 and head[0::2].count(0) > len(head) // 4:
        return data.decode("utf-16-be")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp932")


def header_key(name: str) -> str:
    """A comparison key for a header cell: NFKC, dash look-alikes folded, no spaces, lowercase."""
    text = unicodedata.normalize("NFKC", name).translate(_DASH_LOOKALIKES)
    return re.sub(r"[\s\u3000_]+", "", text).lower()


def column_name(name: str) -> str:
    """A stable SQL-friendly column name for a header with no alias (keeps Japanese letters)."""
    text = unicodedata.normalize("NFKC", name).strip().lower()
    text = re.sub(r"[^\w]+", "_", text).strip("_")
    return text or "column"


def sniff_delimiter(line: str) -> str:
    return "\t" if line.count("\t") > line.count(",") else ","


def read_rows(text: str) -> list[tuple[int, list[str]]]:
    """Split delimited text into (1-based starting line, cells), honouring quoted newlines."""
    head = "\n".join(text.split("\n", 10)[:10])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(head))
    rows: list[tuple[int, list[str]]] = []
    start = 1
    for cells in reader:
        rows.append((start, cells))
        start = reader.line_num + 1
    return rows


def match_columns(header: list[str], aliases: dict[str, tuple[str, ...]]) -> dict[int, str]:
    """Map header positions to canonical names through aliases; unknown headers keep a
    normalised name of their own."""
    lookup = {
        header_key(alias): canonical for canonical, names in aliases.items() for alias in names
    }
    mapping: dict[int, str] = {}
    used: set[str] = set()
    for position, cell in enumerate(header):
        canonical = lookup.get(header_key(cell)) or column_name(cell)
        name = canonical
        suffix = 2
        while name in used:
            name = f"{canonical}_{suffix}"
            suffix += 1
        used.add(name)
        mapping[position] = name
    return mapping


def duplicated_known_columns(
    mapping: dict[int, str], aliases: dict[str, tuple[str, ...]]
) -> list[str]:
    """Canonical columns that appear more than once (match_columns names the repeats
    `<name>_2`, …): two "Clicks" columns make the file ambiguous, so it is refused."""
    names = list(mapping.values())
    return [name for name in aliases if f"{name}_2" in names and name in names]
