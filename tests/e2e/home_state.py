"""What must hold in a CIVICPULSE_HOME after any crash: checks on the files themselves, made
while no civicpulse process is running (the checker's read-only connections are closed before
the next writer starts)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from tests.e2e.process_kit import read_only, sha256
from warehouse.connections import connect_reader
from warehouse.paths import HomePaths


@dataclass(frozen=True)
class Snapshot:
    """What a published serving.duckdb holds: meta.published and each mart's row count."""

    published_at: object
    counts: dict[str, int]


def check_raw(home: Path) -> dict[tuple[str, str], str]:
    """Every load in raw._loads is in its raw table wholly (its recorded row count) or, if not
    recorded as loaded, not at all; no raw row belongs to a load the manifest does not list.
    Returns {(file name, sha256): status} of every recorded load."""
    paths = HomePaths(home)
    if not paths.warehouse.exists():
        return {}
    con = read_only(paths.warehouse)
    try:
        if not _exists(con, "raw", "_loads"):
            return {}
        loads = con.execute(
            "SELECT load_id, raw_table, file_name, sha256, rows_loaded, rows_replaced, status, "
            "started_at FROM raw._loads"
        ).fetchall()
        loaded = [row[:7] for row in loads if row[6] == "loaded"]
        # One file may fill a table from several of its parts, but in one load (one start).
        batches = {(row[1], row[3], row[7]) for row in loads if row[6] == "loaded"}
        twice = Counter(key[:2] for key in batches)
        assert max(twice.values(), default=1) == 1, [k for k, n in twice.items() if n > 1]
        tables = [
            name
            for (name,) in con.execute(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_schema = 'raw' AND NOT starts_with(table_name, '_')"
            ).fetchall()
        ]
        for table in tables:
            per_load = dict(
                con.execute(f'SELECT _load_id, count(*) FROM raw."{table}" GROUP BY 1').fetchall()
            )
            mine = [row for row in loaded if row[1] == f"raw.{table}"]
            stray = set(per_load) - {row[0] for row in mine}
            assert not stray, f"raw.{table} has rows of loads not in the manifest: {stray}"
            replaced = sum(row[5] or 0 for row in mine)
            assert sum(per_load.values()) == sum(row[4] for row in mine) - replaced, table
            for load_id, _, name, _, rows_loaded, _, _ in mine:
                found = per_load.get(load_id, 0)
                expected_ok = found == rows_loaded if not replaced else found <= rows_loaded
                assert expected_ok, f"raw.{table}: {name} has {found} of {rows_loaded} rows"
        return {(row[2], row[3]): row[6] for row in loads}
    finally:
        con.close()


def check_files(home: Path, originals: dict[str, str], loads: dict[tuple[str, str], str]) -> int:
    """Each original inbox file is in inbox/ (unchanged), or in archive/ or quarantine/ with
    its load recorded; none lost, none doubled. Returns how many are still in the inbox."""
    paths = HomePaths(home)
    waiting = 0
    moved: dict[str, list[Path]] = {}
    for folder in (paths.archive, paths.quarantine):
        for path in folder.rglob("*") if folder.exists() else []:
            if path.is_file():
                moved.setdefault(sha256(path), []).append(path)
    for relative, digest in originals.items():
        in_inbox = paths.inbox / relative
        if in_inbox.exists():
            assert sha256(in_inbox) == digest, f"{relative} changed in the inbox"
            assert digest not in moved, f"{relative} is both in the inbox and {moved[digest]}"
            waiting += 1
            continue
        assert digest in moved, f"{relative} is lost: neither in inbox/ nor archive/quarantine"
        (where,) = moved[digest]
        name = Path(relative).name
        assert where.name.startswith(Path(name).stem), (relative, where)
        status = loads.get((name, digest))
        assert status is not None, f"{relative} was moved to {where} without a recorded load"
        expected = "quarantine" if status == "quarantined" else "archive"
        assert where.is_relative_to(home / expected), (relative, status, where)
    everything = [p for p in paths.inbox.rglob("*") if p.is_file()] if paths.inbox.exists() else []
    assert len(everything) == waiting, "the inbox holds files that were not there before"
    return waiting


def read_snapshot(home: Path) -> Snapshot | None:
    """The published snapshot through the readers' own connection, checked complete:
    meta.published's table and row totals equal the marts it holds."""
    paths = HomePaths(home)
    if not paths.serving.exists():
        return None
    con = connect_reader(paths)
    try:
        [(published_at, tables, rows)] = con.execute(
            "SELECT published_at, tables, rows FROM meta.published"
        ).fetchall()
        names = [
            name
            for (name,) in con.execute(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_catalog = 'serving' AND table_schema = 'marts' ORDER BY 1"
            ).fetchall()
        ]
        counts = {
            name: int(con.execute(f'SELECT count(*) FROM marts."{name}"').fetchone()[0])  # type: ignore[index]
            for name in names
        }
    finally:
        con.close()
    assert tables == len(counts), f"meta.published says {tables} tables, snapshot has {counts}"
    assert rows == sum(counts.values()), f"meta.published says {rows} rows: {counts}"
    return Snapshot(published_at, counts)


def warehouse_mart_counts(home: Path) -> dict[str, int]:
    con = read_only(HomePaths(home).warehouse)
    try:
        names = con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'marts' "
            "AND table_catalog = current_database() ORDER BY 1"
        ).fetchall()
        return {
            name: int(con.execute(f'SELECT count(*) FROM marts."{name}"').fetchone()[0])  # type: ignore[index]
            for (name,) in names
        }
    finally:
        con.close()


def raw_counts(home: Path) -> dict[str, int]:
    """Rows per raw table, and files loaded per raw table (``files:<table>``)."""
    con = read_only(HomePaths(home).warehouse)
    try:
        counts: dict[str, int] = {}
        for (name,) in con.execute(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = 'raw' AND NOT starts_with(table_name, '_') ORDER BY 1"
        ).fetchall():
            counts[name] = int(con.execute(f'SELECT count(*) FROM raw."{name}"').fetchone()[0])  # type: ignore[index]
        for table, files in con.execute(
            "SELECT raw_table, count(*) FROM raw._loads WHERE status = 'loaded' GROUP BY 1"
        ).fetchall():
            counts[f"files:{table}"] = int(files)
        return counts
    finally:
        con.close()


def temp_snapshots(home: Path) -> list[Path]:
    """Publish's temporary snapshot files (and their WALs) lying in the home."""
    return sorted(home.glob(".serving.*"))


def _exists(con: object, schema: str, table: str) -> bool:
    row = con.execute(  # type: ignore[attr-defined]
        "SELECT count(*) FROM information_schema.tables WHERE table_schema = ? AND table_name = ?",
        [schema, table],
    ).fetchone()
    return bool(row and row[0])
