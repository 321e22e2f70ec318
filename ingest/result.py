"""What every reader returns: rows to load, rows refused, and how to de-duplicate."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import polars as pl
import pyarrow as pa


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
    # Set for files too large to hold in memory: `frame` is then the zero-row schema and the
    # loader pulls the rows from the stream inside its transaction (rows_in counted there).
    stream: RowStream | None = None
    # Set for files DuckDB can read itself: `frame` is the zero-row schema and the loader runs
    # the scan inside its transaction, with no Python between the file and the table.
    scan: SqlScan | None = None

    @property
    def table(self) -> str:
        return f"{self.source}__{self.entity}"


@dataclass
class RowStream:
    """Rows produced batch by batch, opened once by the loader inside its transaction.

    A producer that stops on bad input records the error in `failure` before raising, so the
    loader can report the reader's own message (file, line, column) after rolling back.
    """

    open: Callable[[RowStream], pa.RecordBatchReader]
    failure: Exception | None = None

    def batches(self) -> pa.RecordBatchReader:
        return self.open(self)


@dataclass(frozen=True)
class SqlScan:
    """A file as one DuckDB SELECT, run by the loader inside its transaction.

    `select` yields the frame's columns (`_row_number` included) and reads only files, so the
    loader can run it on the warehouse connection. A row that breaks the reader's rules makes it
    raise (DuckDB's `error()`); `explain` turns whatever DuckDB raised into the reader's own
    error (file, line, what was expected), so the loader can report it after rolling back.
    """

    select: str
    explain: Callable[[Exception], Exception]
