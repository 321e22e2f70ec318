"""Which reader handles a file, decided by its content (not its name)."""

from __future__ import annotations

import gzip
import importlib
import pkgutil
import zlib
from pathlib import Path

import ingest
from ingest.errors import IngestError, UnknownFormatError
from ingest.reader import Reader
from ingest.result import ReadResult
from ingest.text import decode_text


def _discover() -> tuple[Reader, ...]:
    found: list[Reader] = []
    for module in pkgutil.iter_modules(ingest.__path__):
        if module.name in _NOT_READERS:
            continue
        candidate = getattr(importlib.import_module(f"ingest.{module.name}"), "READER", None)
        if isinstance(candidate, Reader):
            found.append(candidate)
    names = [r.name for r in found]
    duplicates = {n for n in names if names.count(n) > 1}
    if duplicates:
        raise RuntimeError(f"two readers share the name(s) {sorted(duplicates)}")
    return tuple(sorted(found, key=lambda r: (r.priority, r.name)))


_NOT_READERS = {"errors", "reader", "registry", "result", "text", "values", "template_csv"}
READERS: tuple[Reader, ...] = _discover()
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
    # The head may end inside a multi-byte character: trim up to 3 bytes before giving up,
    # then fall back to a lossy decode (detection only needs the first lines).
    for cut in range(4):
        try:
            return decode_text(raw[: len(raw) - cut])
        except UnicodeDecodeError:
            continue
    return raw.decode("utf-8", errors="replace")


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


def read(path: Path, source: str | None = None) -> list[ReadResult]:
    """Detect (or take `source`) and read a file whole: one result per table it holds."""
    return _read(path, source, streamed=False)


def read_for_loading(path: Path, source: str | None = None) -> list[ReadResult]:
    """As `read`, but streamed where the reader can stream (bounded memory for any size)."""
    return _read(path, source, streamed=True)


def _read(path: Path, source: str | None, *, streamed: bool) -> list[ReadResult]:
    if source is not None and source not in BY_NAME:
        raise UnknownFormatError(str(path), f"unknown source {source!r}. Known: {known_formats()}")
    reader = BY_NAME[source] if source else detect(path)
    try:
        output = reader.stream(path) if streamed and reader.stream else reader.read(path)
        return output if isinstance(output, list) else [output]
    except (UnicodeDecodeError, gzip.BadGzipFile, EOFError, OSError) as error:
        raise IngestError(str(path), f"cannot decode as {reader.name}: {error}") from None
