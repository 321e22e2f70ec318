"""The three ways the platform opens DuckDB.

- the writer: the working warehouse, read-write, one process at a time;
- a reader: the published snapshot, read-only (dashboards, CLI `sql`);
- the sandbox: a reader that additionally cannot reach the file system and
  cannot change its own settings (ad-hoc SQL from analysts): warehouse.sandbox.open_sandbox.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from warehouse.paths import HomePaths


class SnapshotMissingError(RuntimeError):
    """No published snapshot exists yet."""


def connect_writer(paths: HomePaths) -> duckdb.DuckDBPyConnection:
    paths.home.mkdir(parents=True, exist_ok=True)
    return duckdb.connect(str(paths.warehouse))


def connect_reader(paths: HomePaths, city: str | None = None) -> duckdb.DuckDBPyConnection:
    """The published snapshot; with `city`, that municipality's own snapshot only."""
    return _connect_read_only(snapshot_path(paths, city))


def snapshot_path(paths: HomePaths, city: str | None) -> Path:
    return paths.serving if city is None else paths.city_snapshot(city)


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
