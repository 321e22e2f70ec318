"""The contract every reader module fulfils: define `READER = Reader(...)` at module level.

`ingest.registry` discovers readers by scanning the modules of the `ingest` package, so adding a
source is adding a module. Detection tries readers by ascending `priority` (specific formats
first, generic templates last).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ingest.result import ReadResult

ReadOutput = ReadResult | list[ReadResult]


@dataclass(frozen=True)
class Reader:
    name: str  # what --source takes, e.g. "ga4"
    description: str  # shown in "known formats" when detection fails
    looks_like: Callable[[str], bool]  # given the first ~64 KB of the file as text
    read: Callable[[Path], ReadOutput]  # the whole file, or IngestError; several tables allowed
    empty: Callable[[], ReadOutput]  # zero-row results with the full schema (raw tables exist)
    priority: int = 100
    # Optional: the same rows as `read`, streamed (used for loading, so a file of any size
    # loads in bounded memory). Must give exactly what `read` gives.
    stream: Callable[[Path], ReadResult] | None = None
