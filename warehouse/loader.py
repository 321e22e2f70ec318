"""Load a reader's frame into raw.<source>__<entity>: whole or not at all, idempotent,
latest load wins on the natural key, every load and every refused row recorded."""

from __future__ import annotations

import datetime as dt
import secrets
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Literal

import duckdb
import polars as pl

from ingest.result import ReadResult
from warehouse.raw_schema import ensure_raw_schema

DEFAULT_REJECT_THRESHOLD = 0.01


class LoadError(RuntimeError):
    """The load was rolled back; the warehouse is as it was."""


@dataclass(frozen=True)
class LoadOutcome:
    load_id: str
    status: str  # loaded | duplicate | quarantined
    raw_table: str
    rows_in: int
    rows_loaded: int
    rows_rejected: int
    rows_replaced: int
    message: str = ""


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


_last_id_ns = 0
_id_lock = threading.Lock()


def _new_load_id() -> str:
    """32 hex digits like a uuid4, but ordered by time (nanoseconds, then 64 random bits).

    A new load's id sorts after every older one, so DuckDB's min/max statistics skip the old
    row groups when the loader looks up `_load_id = ?` (the restated keys of the new file).
    """
    global _last_id_ns
    with _id_lock:
        _last_id_ns = max(time.time_ns(), _last_id_ns + 1)
        return f"{_last_id_ns:016x}{secrets.token_hex(8)}"


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


@dataclass(frozen=True)
class LoadRequest:
    """One parsed file (or one API response set) and where it came from."""

    result: ReadResult
    file_name: str
    sha256: str


def load(
    con: duckdb.DuckDBPyConnection,
    result: ReadResult,
    *,
    file_name: str,
    sha256: str,
    municipality_code: str,
    reject_threshold: float = DEFAULT_REJECT_THRESHOLD,
) -> LoadOutcome:
    """Load one file whole, or not at all."""
    [outcome] = load_many(
        con,
        [LoadRequest(result, file_name, sha256)],
        municipality_code=municipality_code,
        reject_threshold=reject_threshold,
    )
    return outcome


def load_many(
    con: duckdb.DuckDBPyConnection,
    requests: list[LoadRequest],
    *,
    municipality_code: str,
    reject_threshold: float = DEFAULT_REJECT_THRESHOLD,
    after_load: Callable[[duckdb.DuckDBPyConnection], None] | None = None,
    stage_scans: bool = False,
) -> list[LoadOutcome]:
    """Load several results in ONE transaction: all of them, or none (e.g. an API pull's
    tables plus its cursor, run by `after_load` inside the same transaction).

    A request whose content was loaded before is recorded as a duplicate and skipped; one over
    the reject threshold is recorded as quarantined and loads nothing, and neither do the others.
    Several files' scans into one table run as one insert (_insert_scans; through a staging
    table with `stage_scans`); if it fails, ScanBatchFailed says so and nothing is loaded.
    """
    ensure_raw_schema(con)
    started = _now()
    con.execute("BEGIN")
    try:
        plans = [_plan(con, request, municipality_code, reject_threshold) for request in requests]
        refused = [p for p in plans if p.status == "quarantined"]
        scanned = (
            {}
            if refused
            else _insert_scans(
                con, plans, municipality_code, mode="staged" if stage_scans else "direct"
            ).loaded
        )
        outcomes = _finish(con, plans, scanned, municipality_code, started)
        if after_load is not None and not refused:
            after_load(con)
        con.execute("COMMIT")
    except BaseException as error:
        con.execute("ROLLBACK")
        failure = _stream_failure(requests)
        if failure is not None:
            raise failure from None
        if isinstance(error, duckdb.Error):
            names = ", ".join(r.file_name for r in requests)
            raise LoadError(f"{names}: load failed and was rolled back: {error}") from None
        raise
    finally:
        # Set by _insert_scans; an aborted transaction refuses SET, so it is reset only here.
        con.execute("RESET preserve_insertion_order")
    return outcomes


def _finish(
    con: duckdb.DuckDBPyConnection,
    plans: list[_Plan],
    scanned: dict[str, tuple[int, int]],
    municipality_code: str,
    started: dt.datetime,
) -> list[LoadOutcome]:
    """Insert what is not inserted yet (`scanned`: {load id: (loaded, replaced)} of the batch
    scans) and record every plan's load; a quarantined plan keeps the others out."""
    refused = [p for p in plans if p.status == "quarantined"]
    outcomes: list[LoadOutcome] = []
    for plan in plans:
        status = plan.status
        if refused and status == "loaded":
            status, plan.message = "quarantined", f"not loaded: {refused[0].message}"
        if plan.load_id in scanned:
            loaded, replaced = scanned[plan.load_id]
            plan.rows_in = loaded
        elif status == "loaded":
            loaded, replaced = _insert(con, plan, municipality_code)
            result = plan.request.result
            if result.stream is not None or result.scan is not None:
                plan.rows_in = loaded  # counted by the insert
        else:
            loaded, replaced = 0, 0
        if status != "duplicate":
            _insert_rejects(con, plan.load_id, municipality_code, plan.request)
        _record(con, plan, municipality_code, started, status, loaded, replaced)
        outcomes.append(
            LoadOutcome(
                load_id=plan.load_id,
                status=status,
                raw_table=f"raw.{plan.request.result.table}",
                rows_in=plan.rows_in,
                rows_loaded=loaded,
                rows_rejected=len(plan.request.result.rejects) if status != "duplicate" else 0,
                rows_replaced=replaced,
                message=plan.message,
            )
        )
    return outcomes


@dataclass(frozen=True)
class ScanBatch:
    """A batch for load_side_by_side: one city's file scans into one raw table, in file order."""

    requests: list[LoadRequest]
    municipality_code: str


def load_side_by_side(
    con: duckdb.DuckDBPyConnection,
    batches: list[ScanBatch],
    *,
    reject_threshold: float = DEFAULT_REJECT_THRESHOLD,
) -> list[list[LoadOutcome] | None]:
    """Load batches of scans at once, each in its own transaction on its own cursor (one
    ordered insert per batch keeps one core busy), then commit them in order: each batch's
    outcomes, or None where it was rolled back, for the caller to load after the ones before.

    No batch sees another's rows, so a batch commits only if every batch before it did, all its
    files loaded (or were duplicates) and it holds no natural key an earlier batch of the group
    holds: its restatement is then what loading one after another would have done. The first
    batch is never held back by the others.
    """
    ensure_raw_schema(con)
    for batch in batches:  # DDL before the lanes: concurrent catalog changes conflict
        _create_like(con, batch.requests[0].result, batch.municipality_code)
    con.execute("SET preserve_insertion_order = true")  # global in DuckDB: for every lane
    cursors = [con.cursor() for _ in batches]
    try:
        with ThreadPoolExecutor(max_workers=len(batches)) as pool:
            lanes = list(pool.map(lambda c, b: _lane(c, b, reject_threshold), cursors, batches))
        results: list[list[LoadOutcome] | None] = []
        held: set[tuple[object, ...]] = set()
        for cursor, lane in zip(cursors, lanes, strict=True):
            if lane is None:  # rolled back by _lane
                results.append(None)
                continue
            in_order = (not results or results[-1] is not None) and held.isdisjoint(lane.keys)
            if not in_order:
                cursor.execute("ROLLBACK")
            results.append(lane.outcomes if in_order and _commit(cursor) else None)
            held |= lane.keys
        return results
    finally:
        for cursor in cursors:
            cursor.close()  # rolls back a transaction still open (an error above)
        con.execute("RESET preserve_insertion_order")


@dataclass(frozen=True)
class _Lane:
    """A batch loaded in its still-open transaction."""

    outcomes: list[LoadOutcome]
    keys: frozenset[tuple[object, ...]]


def _lane(
    cursor: duckdb.DuckDBPyConnection, batch: ScanBatch, reject_threshold: float
) -> _Lane | None:
    """Load one batch on its cursor and leave the transaction open; None (rolled back) when it
    failed or is not all scans loaded in one insert: the caller loads it on its own."""
    started = _now()
    code = batch.municipality_code
    cursor.execute("BEGIN")
    try:
        plans = [_plan(cursor, request, code, reject_threshold) for request in batch.requests]
        loading = {p.load_id for p in plans if p.status == "loaded"}
        if any(p.status == "quarantined" for p in plans):
            raise _NotSideBySide
        scanned = _insert_scans(cursor, plans, code, mode="ordered") if loading else None
        if scanned is not None and set(scanned.loaded) != loading:
            raise _NotSideBySide  # not all scans into one table: not a batch
        outcomes = _finish(cursor, plans, scanned.loaded if scanned else {}, code, started)
    except (_NotSideBySide, ScanBatchFailed, duckdb.Error):
        cursor.execute("ROLLBACK")
        return None
    return _Lane(outcomes, scanned.keys if scanned else frozenset())


class _NotSideBySide(Exception):
    """A batch that load_side_by_side leaves to the caller."""


def _commit(cursor: duckdb.DuckDBPyConnection) -> bool:
    try:
        cursor.execute("COMMIT")
    except duckdb.Error:
        return False  # DuckDB has rolled the transaction back
    return True


@dataclass
class _Plan:
    request: LoadRequest
    load_id: str
    status: str
    message: str = ""
    rows_in: int = -1

    def __post_init__(self) -> None:
        if self.rows_in < 0:
            self.rows_in = self.request.result.rows_in


def _stream_failure(requests: list[LoadRequest]) -> Exception | None:
    """The reader's own error (file, line, column) if a streamed file stopped on bad input."""
    for request in requests:
        stream = request.result.stream
        if stream is not None and stream.failure is not None:
            return stream.failure
    return None


def _plan(
    con: duckdb.DuckDBPyConnection,
    request: LoadRequest,
    municipality_code: str,
    reject_threshold: float,
) -> _Plan:
    load_id = _new_load_id()
    seen = con.execute(
        "SELECT load_id FROM raw._loads WHERE sha256 = ? AND municipality_code = ? "
        "AND raw_table = ? AND status = 'loaded' LIMIT 1",
        [request.sha256, municipality_code, f"raw.{request.result.table}"],
    ).fetchone()
    if seen:
        return _Plan(request, load_id, "duplicate", f"already loaded (load {seen[0]})")
    result = request.result
    rejected = len(result.rejects)
    if rejected and rejected > reject_threshold * max(result.rows_in, 1):
        first = result.rejects[0]
        column = f", column {first.column!r}" if first.column else ""
        return _Plan(
            request,
            load_id,
            "quarantined",
            (
                f"{rejected} of {result.rows_in} rows rejected, over the {reject_threshold:.0%} "
                f"threshold; first: line {first.line}{column}: {first.reason}"
            ),
        )
    return _Plan(request, load_id, "loaded")


def _insert(con: duckdb.DuckDBPyConnection, plan: _Plan, municipality_code: str) -> tuple[int, int]:
    result = plan.request.result
    if result.scan is not None:
        return _insert_scan(con, plan, municipality_code)
    if result.stream is not None:
        return _insert_stream(con, plan, municipality_code)
    table = f"raw.{_quote(result.table)}"
    frame = result.frame.with_columns(
        pl.lit(municipality_code).alias("municipality_code"),
        pl.lit(plan.load_id).alias("_load_id"),
        pl.lit(plan.request.file_name).alias("_source_file"),
    )
    con.register("_incoming", _arrow(frame))
    try:
        con.execute(f"CREATE TABLE IF NOT EXISTS {table} AS SELECT * FROM _incoming LIMIT 0")
        _add_new_columns(con, result.table)
        replaced = _delete_restated(con, table, result.natural_key, municipality_code)
        con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM _incoming")
    finally:
        con.unregister("_incoming")
    return frame.height, replaced


def _insert_stream(
    con: duckdb.DuckDBPyConnection, plan: _Plan, municipality_code: str
) -> tuple[int, int]:
    """Insert a streamed file batch by batch, then delete what it restates (same transaction).

    The natural-key values are known only once the rows are in, so restated rows are found by
    the new load id rather than from the incoming frame.
    """
    result = plan.request.result
    assert result.stream is not None
    table = f"raw.{_quote(result.table)}"
    _create_like(con, result, municipality_code)
    con.register("_incoming_stream", result.stream.batches())
    try:
        row = con.execute(
            f"INSERT INTO {table} BY NAME SELECT *, ? AS municipality_code, ? AS _load_id, "
            "? AS _source_file FROM _incoming_stream",
            [municipality_code, plan.load_id, plan.request.file_name],
        ).fetchone()
    finally:
        con.unregister("_incoming_stream")
    loaded = int(row[0]) if row else 0
    return loaded, _delete_restated_by(con, table, result.natural_key, municipality_code, plan)


def _insert_scan(
    con: duckdb.DuckDBPyConnection, plan: _Plan, municipality_code: str
) -> tuple[int, int]:
    """DuckDB reads the file straight into the raw table (no Python, no second database in
    between), then deletes what it restates — all inside the caller's transaction."""
    result = plan.request.result
    assert result.scan is not None
    table = f"raw.{_quote(result.table)}"
    _create_like(con, result, municipality_code)
    try:
        row = con.execute(
            f"INSERT INTO {table} BY NAME SELECT *, ? AS municipality_code, ? AS _load_id, "
            f"? AS _source_file FROM ({result.scan.select}) AS incoming",
            [municipality_code, plan.load_id, plan.request.file_name],
        ).fetchall()
    except duckdb.Error as error:
        raise result.scan.explain(error) from None  # the file's own error; load_many rolls back
    loaded = int(row[0][0]) if row else 0
    return loaded, _delete_restated_by(con, table, result.natural_key, municipality_code, plan)


class ScanBatchFailed(LoadError):
    """A multi-file scan failed and was rolled back; which file broke it is found by loading
    each file on its own (its reader then names the file, line and reason)."""


def _insert_scans(
    con: duckdb.DuckDBPyConnection, plans: list[_Plan], municipality_code: str, *, mode: ScanMode
) -> _ScannedBatch:
    """Several files' scans as ONE batch — or nothing when the plans are not all scans into
    one table (then each is inserted on its own).

    One file's scan runs on one thread (a gzip stream, numbered in file order). As branches of
    one UNION ALL without insertion order ("direct", "staged"), DuckDB runs them side by side
    on every core; each branch still numbers its own file's rows in order.

    "staged" (small files): the branches land in a temporary table, and one insert moves them
    on. Inserted straight into the raw table, a file of fewer rows than a row group went into
    the transaction's own storage uncompressed, and the commit compressed the lot on one
    thread: with day files of a few thousand events, the batch took twice DuckDB's own read.
    With files near a row group (~110 k events) the extra copy costs more than it saves
    (DECISIONLOG "small GA4 day files are staged").

    "ordered" (load_side_by_side): insertion order kept, so the branches run one after another
    on one core and DuckDB packs their rows into whole row groups as they come, compressing
    each as it fills: no copy, no single-threaded commit. Other batches use the other cores.
    """
    loading = [p for p in plans if p.status == "loaded"]
    results = [p.request.result for p in loading]
    # A lone file is a batch only for load_side_by_side (elsewhere it loads on its own).
    if len(loading) < (1 if mode == "ordered" else 2) or any(r.scan is None for r in results):
        return _ScannedBatch({}, frozenset())
    if len({r.table for r in results}) > 1:
        return _ScannedBatch({}, frozenset())
    first = results[0]
    table = f"raw.{_quote(first.table)}"
    _create_like(con, first, municipality_code)
    branches = []
    values: list[object] = []
    for plan in loading:
        scan = plan.request.result.scan
        assert scan is not None
        branches.append(
            f"SELECT *, ? AS municipality_code, ? AS _load_id, ? AS _source_file "
            f"FROM ({scan.select}) AS incoming"
        )
        values += [municipality_code, plan.load_id, plan.request.file_name]
    union = " UNION ALL ".join(branches)
    staged = mode == "staged"
    if mode != "ordered":
        con.execute("SET preserve_insertion_order = false")  # load_many resets it
    try:
        if staged:
            con.execute(f"CREATE OR REPLACE TEMP TABLE {_STAGE} AS {union}", values)
        else:
            con.execute(f"INSERT INTO {table} BY NAME {union}", values)
    except duckdb.Error as error:
        names = ", ".join(p.request.file_name for p in loading)
        raise ScanBatchFailed(f"{names}: {error}") from None
    ids = [p.load_id for p in loading]
    batch = (
        _BatchRows(_STAGE, "TRUE", [], ids)
        if staged
        else _BatchRows(
            table,
            "_load_id BETWEEN ? AND ? AND _load_id IN (SELECT unnest(?))",
            [ids[0], ids[-1], ids],
            ids,
        )
    )
    counts, replaced, keys = _restate_batch(con, table, first.natural_key, municipality_code, batch)
    if staged:
        con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM {_STAGE}")
        con.execute(f"DROP TABLE {_STAGE}")
    return _ScannedBatch(
        {i: (counts.get(i, 0), replaced.get(i, 0)) for i in ids},
        frozenset((municipality_code, *k) for k in keys),
    )


ScanMode = Literal["direct", "staged", "ordered"]


@dataclass(frozen=True)
class _ScannedBatch:
    """{load id: (rows loaded, rows replaced)} of a batch's files, and the (municipality,
    natural key) values its rows hold."""

    loaded: dict[str, tuple[int, int]]
    keys: frozenset[tuple[object, ...]]


# A staged batch's table (temporary: it lives in memory and goes with the transaction).
_STAGE = "temp.main._scan_batch"


@dataclass(frozen=True)
class _BatchRows:
    """Where a batch's rows are: the staging table, or the raw table filtered by load id.
    `ids` are the batch's load ids in file order (they sort in that order)."""

    source: str
    where: str
    params: list[object]
    ids: list[str]

    def select(self, what: str) -> str:
        return f"SELECT {what} FROM {self.source} WHERE {self.where}"


def _restate_batch(
    con: duckdb.DuckDBPyConnection,
    table: str,
    key: tuple[str, ...],
    municipality_code: str,
    batch: _BatchRows,
) -> tuple[dict[str, int], dict[str, int], list[tuple[object, ...]]]:
    """Settle restatement for a batch as if its files were loaded one by one: {load id: rows
    it loaded}, {load id: rows it replaced}, and the natural-key values of its rows.

    For each natural key, the last file of the batch that has it wins: the batch's earlier
    rows with that key are deleted (replaced by the next file that has the key), and so are
    the table's older rows (replaced by the first). Load ids sort in file order, so "last" is
    the greatest id.
    """
    if not key:
        per_file = con.execute(batch.select("_load_id, count(*)") + " GROUP BY ALL", batch.params)
        return {str(i): int(n) for i, n in per_file.fetchall()}, {}, []
    columns = ", ".join(_quote(k) for k in key)
    per_file_key = con.execute(
        batch.select(f"_load_id, {columns}, count(*)") + " GROUP BY ALL", batch.params
    ).fetchall()
    counts: dict[str, int] = {}
    files_by_key: dict[tuple[object, ...], list[tuple[str, int]]] = {}
    for load_id, *values, rows in per_file_key:
        counts[load_id] = counts.get(load_id, 0) + int(rows)
        files_by_key.setdefault(tuple(values), []).append((load_id, int(rows)))
    replaced: dict[str, int] = {}
    for files in files_by_key.values():
        files.sort()
        for (_, rows), (successor, _) in zip(files, files[1:], strict=False):
            replaced[successor] = replaced.get(successor, 0) + rows
    matches = " AND ".join(f"s.{_quote(k)} IS NOT DISTINCT FROM k.{_quote(k)}" for k in key)
    if any(len(files) > 1 for files in files_by_key.values()):
        winners = batch.select(f"{columns}, max(_load_id) AS winner") + " GROUP BY ALL"
        con.execute(
            f"DELETE FROM {batch.source} AS s USING ({winners}) AS k "
            f"WHERE s._load_id IN (SELECT unnest(?)) AND s._load_id < k.winner AND {matches}",
            [*batch.params, batch.ids],
        )
    older = _delete_older(con, table, key, municipality_code, batch, list(files_by_key))
    for key_values, rows in older.items():
        first_file = files_by_key[key_values][0][0]
        replaced[first_file] = replaced.get(first_file, 0) + rows
    return counts, replaced, list(files_by_key)


def _delete_older(
    con: duckdb.DuckDBPyConnection,
    table: str,
    key: tuple[str, ...],
    municipality_code: str,
    batch: _BatchRows,
    batch_keys: list[tuple[object, ...]],
) -> dict[tuple[object, ...], int]:
    """Delete the table's rows of earlier loads that the batch restates: {key: rows deleted}.

    The batch keys' range (constant filters) lets DuckDB skip the row groups of other days;
    usually nothing matches, and the count finds that without a DELETE.
    """
    columns = ", ".join(_quote(k) for k in key)
    ranges: list[str] = []
    values: list[object] = []
    for index, name in enumerate(key):
        column = [k[index] for k in batch_keys]
        if column and None not in column:  # a NULL key is matched by the join alone
            ranges.append(f" AND t.{_quote(name)} BETWEEN ? AND ?")
            values += [min(column), max(column)]  # type: ignore[type-var]
    matches = " AND ".join(f"t.{_quote(k)} IS NOT DISTINCT FROM k.{_quote(k)}" for k in key)
    keys = f"({batch.select(f'DISTINCT {columns}')}) AS k"
    where = (
        f"t.municipality_code = ? AND t._load_id NOT IN (SELECT unnest(?)) "
        f"AND {matches}{''.join(ranges)}"
    )
    params = [*batch.params, municipality_code, batch.ids, *values]
    found = con.execute(
        f"SELECT {', '.join(f't.{_quote(k)}' for k in key)}, count(*) "
        f"FROM {table} AS t, {keys} WHERE {where} GROUP BY ALL",
        params,
    ).fetchall()
    if found:
        con.execute(f"DELETE FROM {table} AS t USING {keys} WHERE {where}", params)
    return {tuple(row[:-1]): int(row[-1]) for row in found}


def _delete_restated_by(
    con: duckdb.DuckDBPyConnection,
    table: str,
    key: tuple[str, ...],
    municipality_code: str,
    plan: _Plan,
) -> int:
    """Delete older rows that the rows just inserted by `plan` restate (same municipality and
    natural key); they are known only once inserted, so they are found by the load id.

    Both scans stay small as the table grows: the time-ordered load id lets DuckDB skip every
    older row group when finding the new keys, and the keys' own range (a constant filter)
    lets it skip the row groups of other days when deleting.
    """
    if not key:
        return 0
    columns = ", ".join(_quote(k) for k in key)
    bounds = con.execute(
        "SELECT "
        + ", ".join(
            f"min({_quote(k)}), max({_quote(k)}), bool_or({_quote(k)} IS NULL)" for k in key
        )
        + f" FROM {table} WHERE _load_id = ?",
        [plan.load_id],
    ).fetchall()[0]
    if bounds[2] is None:
        return 0  # the load inserted no rows (bool_or over none is NULL)
    ranges: list[str] = []
    values: list[object] = []
    for index, name in enumerate(key):
        low, high, has_null = bounds[3 * index : 3 * index + 3]
        if low is not None and not has_null:  # a NULL key is matched by the join alone
            ranges.append(f" AND t.{_quote(name)} BETWEEN ? AND ?")
            values += [low, high]
    matches = " AND ".join(f"t.{_quote(k)} IS NOT DISTINCT FROM k.{_quote(k)}" for k in key)
    deleted = con.execute(
        f"DELETE FROM {table} AS t USING (SELECT DISTINCT {columns} FROM {table} "
        f"WHERE _load_id = ?) AS k WHERE t.municipality_code = ? "
        f"AND t._load_id <> ? AND {matches}{''.join(ranges)}",
        [plan.load_id, municipality_code, plan.load_id, *values],
    ).fetchall()
    return int(deleted[0][0]) if deleted else 0


def _create_like(
    con: duckdb.DuckDBPyConnection, result: ReadResult, municipality_code: str
) -> None:
    # Once the table has every column (every load but the first), one catalog lookup suffices.
    existing = {
        row[0]
        for row in con.execute(
            "SELECT column_name FROM duckdb_columns() WHERE database_name = current_database() "
            "AND schema_name = 'raw' AND table_name = ?",
            [result.table],
        ).fetchall()
    }
    if existing.issuperset(
        [*result.frame.columns, "municipality_code", "_load_id", "_source_file"]
    ):
        return
    frame = result.frame.with_columns(
        pl.lit(municipality_code).alias("municipality_code"),
        pl.lit("").alias("_load_id"),
        pl.lit("").alias("_source_file"),
    )
    con.register("_incoming", _arrow(frame))
    try:
        table = f"raw.{_quote(result.table)}"
        con.execute(f"CREATE TABLE IF NOT EXISTS {table} AS SELECT * FROM _incoming LIMIT 0")
        _add_new_columns(con, result.table)
    finally:
        con.unregister("_incoming")


def _arrow(frame: pl.DataFrame) -> object:
    """The frame as Arrow in polars' own layout (string views, its chunks): no copy.

    Registering the polars frame itself makes DuckDB ask for `to_arrow()` in the oldest
    compatible layout, which copies every string (a GA4 export is mostly strings).
    """
    return frame.to_arrow(compat_level=pl.CompatLevel.newest())


def _add_new_columns(con: duckdb.DuckDBPyConnection, raw_table: str) -> None:
    existing = {
        row[0]
        for row in con.execute(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_schema = 'raw' AND table_name = ?",
            [raw_table],
        ).fetchall()
    }
    incoming = con.execute("DESCRIBE _incoming").fetchall()
    for name, kind, *_ in incoming:
        if name not in existing:
            con.execute(f"ALTER TABLE raw.{_quote(raw_table)} ADD COLUMN {_quote(name)} {kind}")


def _delete_restated(
    con: duckdb.DuckDBPyConnection, table: str, key: tuple[str, ...], municipality_code: str
) -> int:
    """Delete rows that the incoming frame restates (same municipality and natural key)."""
    if not key:
        return 0
    columns = ", ".join(_quote(k) for k in key)
    matches = " AND ".join(f"t.{_quote(k)} IS NOT DISTINCT FROM k.{_quote(k)}" for k in key)
    row = con.execute(
        f"DELETE FROM {table} AS t USING (SELECT DISTINCT {columns} FROM _incoming) AS k "
        f"WHERE t.municipality_code = ? AND {matches}",
        [municipality_code],
    ).fetchone()
    return int(row[0]) if row else 0


def _insert_rejects(
    con: duckdb.DuckDBPyConnection, load_id: str, municipality_code: str, request: LoadRequest
) -> None:
    result = request.result
    if not result.rejects:
        return
    con.executemany(
        "INSERT INTO raw._rejects VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            [
                load_id,
                municipality_code,
                result.source,
                request.file_name,
                r.line,
                r.column,
                r.reason,
                r.raw[:2000],
            ]
            for r in result.rejects
        ],
    )


def _record(
    con: duckdb.DuckDBPyConnection,
    plan: _Plan,
    municipality_code: str,
    started: dt.datetime,
    status: str,
    loaded: int,
    replaced: int,
) -> None:
    result = plan.request.result
    rejected = len(result.rejects) if status != "duplicate" else 0
    con.execute(
        "INSERT INTO raw._loads VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            plan.load_id,
            municipality_code,
            result.source,
            f"raw.{result.table}",
            plan.request.file_name,
            plan.request.sha256,
            plan.rows_in,
            loaded,
            rejected,
            replaced,
            status,
            started,
            _now(),
            plan.message or None,
        ],
    )


def record_failure(
    con: duckdb.DuckDBPyConnection,
    *,
    municipality_code: str,
    source: str,
    file_name: str,
    sha256: str,
    error: str,
) -> str:
    """Record a file that could not be read at all (it goes to quarantine)."""
    ensure_raw_schema(con)
    load_id = _new_load_id()
    now = _now()
    con.execute(
        "INSERT INTO raw._loads VALUES (?, ?, ?, NULL, ?, ?, NULL, 0, NULL, 0, 'quarantined', ?, ?, ?)",
        [load_id, municipality_code, source, file_name, sha256, now, now, error],
    )
    return load_id


def ensure_table(con: duckdb.DuckDBPyConnection, empty: ReadResult) -> None:
    """Create raw.<table> with the reader's schema if no file has been loaded yet."""
    ensure_raw_schema(con)
    frame = empty.frame.with_columns(
        pl.lit(None, dtype=pl.String()).alias("municipality_code"),
        pl.lit(None, dtype=pl.String()).alias("_load_id"),
        pl.lit(None, dtype=pl.String()).alias("_source_file"),
    )
    con.register("_incoming", _arrow(frame))
    try:
        con.execute(
            f"CREATE TABLE IF NOT EXISTS raw.{_quote(empty.table)} AS SELECT * FROM _incoming LIMIT 0"
        )
        _add_new_columns(con, empty.table)
    finally:
        con.unregister("_incoming")
