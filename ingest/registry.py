"""Which reader handles a file, decided by its content (not its name)."""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ingest import e_applications, ga4_export, google_ads_report
from ingest.errors import IngestError, UnknownFormatError
from ingest.result import ReadResult
from ingest.text import decode_text


@dataclass(frozen=True)
class Reader:
    name: str
    description: str
    looks_like: Callable[[str], bool]
    read: Callable[[Path], ReadResult]
    empty: Callable[[], ReadResult]


READERS: tuple[Reader, ...] = (
    Reader(
        "ga4",
        "GA4 BigQuery export events (NDJSON / JSON / Parquet, .gz allowed)",
        ga4_export.looks_like,
        ga4_export.read,
        ga4_export.empty,
    ),
    Reader(
        "google_ads",
        "Google Ads UI campaign report (UTF-16LE TSV or CSV)",
        google_ads_report.looks_like,
        google_ads_report.read,
        google_ads_report.empty,
    ),
    Reader(
        "e_applications",
        "電子申請 counts template (日付, 手続ID, 手続名, オンライン申請件数)",
        e_applications.looks_like,
        e_applications.read,
        e_applications.empty,
    ),
)
BY_NAME = {reader.name: reader for reader in READERS}

_HEAD_BYTES = 65536


def known_formats() -> str:
    return "; ".join(f"{r.name}: {r.description}" for r in READERS)


def head_text(path: Path) -> str:
    """The first few KB of a file as text, through gzip if it is compressed."""
    with path.open("rb") as handle:
        raw = handle.read(_HEAD_BYTES)
    if raw[:4] == b"PAR1":
        return '"event_name" "event_timestamp"' if b"event_name" in _parquet_footer(path) else ""
    if raw[:2] == b"\x1f\x8b":
        try:
            raw = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(raw, _HEAD_BYTES)
        except zlib.error as error:
            raise IngestError(str(path), f"corrupt gzip ({error})") from None
    try:
        return decode_text(
            raw[: len(raw) - len(raw) % 2] if raw[:2] in (b"\xff\xfe", b"\xfe\xff") else raw
        )
    except UnicodeDecodeError:
        return decode_text(raw[:-3]) if len(raw) > 3 else ""


def _parquet_footer(path: Path) -> bytes:
    with path.open("rb") as handle:
        handle.seek(0, 2)
        size = handle.tell()
        handle.seek(max(0, size - 65536))
        return handle.read()


def detect(path: Path) -> Reader:
    if path.stat().st_size == 0:
        raise IngestError(str(path), "the file is empty")
    text = head_text(path)
    for reader in READERS:
        if reader.looks_like(text):
            return reader
    raise UnknownFormatError(str(path), f"format not recognised. Known formats: {known_formats()}")


def read(path: Path, source: str | None = None) -> ReadResult:
    """Detect (or take `source`) and read a file whole."""
    if source is not None and source not in BY_NAME:
        raise UnknownFormatError(str(path), f"unknown source {source!r}. Known: {known_formats()}")
    reader = BY_NAME[source] if source else detect(path)
    try:
        return reader.read(path)
    except (UnicodeDecodeError, gzip.BadGzipFile, EOFError, OSError) as error:
        raise IngestError(str(path), f"cannot decode as {reader.name}: {error}") from None
