"""What every reader returns: rows to load, rows refused, and how to de-duplicate."""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl


@dataclass(frozen=True)
class Reject:
    """One row a reader refused, with where and why."""

    line: int
    column: str | None
    reason: str
    raw: str = ""


@dataclass(frozen=True)
class ReadResult:
    """A parsed file.

    `frame` holds the source columns (normalised names) plus `_row_number` (1-based line in the
    file). Loading replaces earlier rows that share the `natural_key` values (latest load wins).
    """

    source: str
    entity: str
    frame: pl.DataFrame
    natural_key: tuple[str, ...]
    rows_in: int
    rejects: list[Reject] = field(default_factory=list)

    @property
    def table(self) -> str:
        return f"{self.source}__{self.entity}"
