"""Publish: copy what readers may see into a new file, then swap it in atomically.

Readers open serving.duckdb read-only; a reader that has the old file open keeps seeing it,
new readers see the new one. A crash before the swap leaves the old snapshot untouched.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import uuid
from dataclasses import dataclass

import duckdb

from warehouse.city_snapshots import write_city_snapshots
from warehouse.paths import HomePaths

PUBLISHED_SCHEMAS = ("marts",)


class PublishError(RuntimeError):
    pass


@dataclass(frozen=True)
class PublishOutcome:
    tables: int
    rows: int
    bytes: int


def publish(con: duckdb.DuckDBPyConnection, paths: HomePaths) -> PublishOutcome:
    """Snapshot the published schemas of the writer's database into serving.duckdb."""
    tables = con.execute(
        "SELECT table_schema, table_name FROM information_schema.tables "
        f"WHERE table_catalog = current_database() AND table_schema IN "
        f"({', '.join('?' for _ in PUBLISHED_SCHEMAS)}) ORDER BY 1, 2",
        list(PUBLISHED_SCHEMAS),
    ).fetchall()
    if not tables:
        raise PublishError("nothing to publish: the warehouse has no marts; run `civicpulse build`")
    _remove_crashed_snapshots(paths)
    tmp = paths.home / f".serving.{uuid.uuid4().hex}.tmp"
    source = con.execute("SELECT current_database()").fetchone()[0]  # type: ignore[index]
    rows = 0
    try:
        con.execute(f"ATTACH '{tmp}' AS snapshot")
        for schema in PUBLISHED_SCHEMAS:
            con.execute(f"CREATE SCHEMA IF NOT EXISTS snapshot.{schema}")
        for schema, name in tables:
            con.execute(
                f'CREATE TABLE snapshot.{schema}."{name}" AS SELECT * FROM "{source}".{schema}."{name}"'
            )
            rows += con.execute(f'SELECT count(*) FROM snapshot.{schema}."{name}"').fetchone()[0]  # type: ignore[index]
        con.execute("CREATE SCHEMA IF NOT EXISTS snapshot.meta")
        con.execute(
            "CREATE TABLE snapshot.meta.published AS SELECT ?::TIMESTAMP AS published_at, "
            "?::INTEGER AS tables, ?::BIGINT AS rows",
            [dt.datetime.now(dt.UTC).replace(tzinfo=None), len(tables), rows],
        )
        con.execute("DETACH snapshot")
        _fsync(tmp)
        os.replace(tmp, paths.serving)
        _fsync_dir(paths.home)
    except BaseException:
        with contextlib.suppress(duckdb.Error):
            con.execute("DETACH snapshot")
        tmp.unlink(missing_ok=True)
        tmp.with_name(tmp.name + ".wal").unlink(missing_ok=True)
        raise
    # After the swap: a crash here leaves each city file whole (old or new), never torn.
    write_city_snapshots(paths, con)
    return PublishOutcome(tables=len(tables), rows=rows, bytes=paths.serving.stat().st_size)


def _remove_crashed_snapshots(paths: HomePaths) -> None:
    """Delete temporary snapshots (and their WALs) left by a publish that was killed before it
    could clean up: each is a full copy of the marts. Only one publish runs at a time (it holds
    the warehouse's write lock), so any temporary snapshot found now is garbage."""
    for stale in paths.home.glob(".serving.*.tmp*"):
        stale.unlink(missing_ok=True)


def _fsync(path: os.PathLike[str]) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(path: os.PathLike[str]) -> None:
    _fsync(path)
