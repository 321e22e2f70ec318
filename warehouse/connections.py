"""The three ways the platform opens DuckDB.

- the writer: the working warehouse, read-write, one process at a time;
- a reader: the published snapshot, read-only (dashboards, CLI `sql`);
- the sandbox: a reader that additionally cannot reach the file system and
  cannot change its own settings (ad-hoc SQL from analysts): warehouse.sandbox.open_sandbox.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

import duckdb

from warehouse.paths import HomePaths


class SnapshotMissingError(RuntimeError):
    """No published snapshot exists yet."""


# The writer commits once per ingested file. A GA4 day file of ~10 k events goes to the WAL
# uncompressed (~12 MB), so at DuckDB's default 16 MiB threshold nearly every commit also
# checkpointed: commits were a third of ingest time (120 files at 0.1x: 25 s of 42 s; 9.5 s
# at 256 MiB). 256 MiB keeps checkpoints rare and the WAL (and its replay after a crash)
# bounded; closing the connection checkpoints the rest.
WRITER_CHECKPOINT_THRESHOLD = "256MiB"
# DuckDB's default memory_limit is 80 % of RAM: a 1x ingest held 6.5 GB with it (the floor,
# 3.4 GB). The same bound as dbt's builds (profiles.yml); DuckDB spills beyond it.
WRITER_MEMORY_LIMIT = "4GB"


def connect_writer(paths: HomePaths) -> duckdb.DuckDBPyConnection:
    paths.home.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(paths.warehouse))
    con.execute(f"SET checkpoint_threshold = '{WRITER_CHECKPOINT_THRESHOLD}'")
    con.execute(f"SET memory_limit = '{WRITER_MEMORY_LIMIT}'")
    return con


def connect_reader(paths: HomePaths, city: str | None = None) -> duckdb.DuckDBPyConnection:
    """The published snapshot; with `city`, that municipality's own snapshot only."""
    return _connect_read_only(snapshot_path(paths, city))


def snapshot_path(paths: HomePaths, city: str | None) -> Path:
    return paths.serving if city is None else paths.city_snapshot(city)


SnapshotIdentity = tuple[int, int, int, int]


def snapshot_identity(path: Path) -> SnapshotIdentity:
    """What tells one published file from the next: publish renames a new file into place (a
    new inode); an in-place rewrite changes the mtime or size."""
    try:
        stat = os.stat(path)
    except FileNotFoundError as exc:
        raise SnapshotMissingError(
            f"no published snapshot at {path}; run `civicpulse run` (or `civicpulse publish`) first"
        ) from exc
    return (stat.st_dev, stat.st_ino, stat.st_mtime_ns, stat.st_size)


class ReaderPool:
    """One attached read-only connection per snapshot file, shared by threads through cursors.

    Attaching costs ~30 ms (the catalog is read); a dashboard query costs a few. Each call
    checks the file's identity, so a publish is seen by the next query. The replaced
    connection is dropped, not closed: closing would break cursors other threads are still
    reading from, while dropping lets DuckDB free the database when the last cursor is gone
    (the old file stays readable through its open handle until then).
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._open: dict[Path, tuple[SnapshotIdentity, duckdb.DuckDBPyConnection]] = {}

    def cursor(self, path: Path) -> duckdb.DuckDBPyConnection:
        """A cursor on the snapshot at ``path`` as published now; the caller closes it."""
        identity = snapshot_identity(path)
        with self._lock:
            held = self._open.get(path)
            if held is None or held[0] != identity:
                held = (identity, _connect_read_only(path))
                self._open[path] = held
            cursor = held[1].cursor()
        try:
            cursor.execute("USE serving")  # the default catalog is per connection
        except duckdb.Error:
            cursor.close()
            raise
        return cursor


def _connect_read_only(path: Path) -> duckdb.DuckDBPyConnection:
    """Attach the snapshot read-only to a fresh in-memory database.

    `duckdb.connect(path)` would reuse a cached database instance for the same path within the
    process, so a long-running dashboard would keep reading the file a publish replaced; a
    fresh ATTACH opens whatever file the path names now.
    """
    if not path.exists():
        raise SnapshotMissingError(
            f"no published snapshot at {path}; run `civicpulse run` (or `civicpulse publish`) first"
        )
    con = duckdb.connect(":memory:")
    literal = str(path).replace("'", "''")
    try:
        con.execute(f"ATTACH '{literal}' AS serving (READ_ONLY)")
        con.execute("USE serving")
    except duckdb.Error:
        con.close()
        raise
    return con
