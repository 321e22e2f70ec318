"""Wiring: readers hand frames to the loader; dbt builds; publish swaps the snapshot in."""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

from civicpulse import build_plan
from civicpulse.files import move_into, sha256_of
from civicpulse.settings import Settings, SettingsError, check_municipality_code
from ingest import registry
from ingest.errors import IngestError
from ingest.google_ads_api.transform import empty_results as google_ads_api_empty_results
from ingest.result import ReadResult
from warehouse import loader
from warehouse.connections import connect_writer
from warehouse.dbt_runner import PROJECT_DIR, DbtError, DbtOutcome, run_dbt
from warehouse.publish import PublishOutcome, publish

if TYPE_CHECKING:
    from warehouse.spark_build import SparkBuildOutcome

Progress = Callable[[str], None]


@dataclass(frozen=True)
class FileOutcome:
    path: Path
    status: str  # loaded | duplicate | quarantined
    source: str
    rows_loaded: int
    rows_rejected: int
    message: str = ""
    moved_to: Path | None = None


# Files DuckDB reads itself (a reader's SqlScan: GA4 day exports) load in batches. A batch
# loads in parts side by side, one per core, each part one ordered insert in its own
# transaction (loader.load_side_by_side), which writes whole row groups: a plain parallel
# insert leaves partial ones that later checkpoints merge at ~40 s per 25 row groups at 1x
# (DECISIONLOG "small GA4 day files load side by side", "every GA4 batch side by side").
# A part held back, or a batch with one core or too few files, loads in one transaction
# whose scans run side by side (warehouse/loader.py _insert_scans): files under
# SMALL_SCAN_FILE_BYTES (well under a row group of events) through a staging table in memory,
# in batches bounded more tightly in bytes; larger ones straight in. A batch that fails is
# loaded again file by file, so a bad file is still quarantined alone with its own line and
# reason.
SCAN_BATCH_FILES = 32
SCAN_BATCH_BYTES = 1 << 30
SMALL_SCAN_FILE_BYTES = 4 << 20
LANE_BATCH_FILES = 256  # per part
LANE_BATCH_BYTES = 256 << 20
STAGED_BATCH_FILES = 256
STAGED_BATCH_BYTES = 64 << 20
MAX_SCAN_LANES = 4


def ingest_files(
    settings: Settings,
    files: list[Path],
    *,
    source: str | None = None,
    from_inbox: bool = False,
    progress: Progress = lambda _: None,
) -> list[FileOutcome]:
    """Load each file whole or not at all, in file order (a later file restates an earlier
    one); quarantine what cannot be read."""
    # Readers that pseudonymise identifiers at ingest (the survey) take the key from here.
    os.environ["CIVICPULSE_PSEUDONYM_KEY"] = settings.pseudonym_key
    outcomes: list[FileOutcome] = []

    def finish(outcome: FileOutcome) -> None:
        if from_inbox:
            folder = (
                settings.paths.archive
                if outcome.status in ("loaded", "duplicate")
                else settings.paths.quarantine
            )
            moved = move_into(outcome.path, folder, settings.paths.inbox)
            outcome = FileOutcome(**{**outcome.__dict__, "moved_to": moved})
        outcomes.append(outcome)
        progress(f"[{len(outcomes)}/{len(files)}] {outcome.path.name}: {_describe(outcome)}")

    con = connect_writer(settings.paths)
    try:
        lanes = _scan_lanes(con)
        batch: list[_ReadFile] = []
        for path in files:
            read = _read_file(con, settings, path, source)
            if batch and not _joins(batch, read, lanes):
                for outcome in _load_batch(con, settings, batch, lanes):
                    finish(outcome)
                batch = []
            if read.refused is not None:
                finish(read.refused)
            elif read.scan_table is not None:
                batch.append(read)
            else:
                finish(_load_file(con, settings, read))
        for outcome in _load_batch(con, settings, batch, lanes):
            finish(outcome)
    finally:
        con.close()
    return outcomes


def city_code_of(path: Path, default: str) -> str:
    """共同利用: a file under a folder named by a valid municipality code (e.g.
    inbox/990027/ga4/…) belongs to that city; any other file to the configured one."""
    for folder in path.parent.parts[::-1]:
        if len(folder) == 6 and folder.isdigit():
            try:
                return check_municipality_code(folder)
            except SettingsError:
                continue
    return default


@dataclass(frozen=True)
class _ReadFile:
    """A file read for loading (or refused), with its content hash, city and size."""

    path: Path
    digest: str
    city: str
    size: int
    results: list[ReadResult]
    refused: FileOutcome | None = None

    @property
    def small(self) -> bool:
        """Staged when loaded in one transaction (see SMALL_SCAN_FILE_BYTES)."""
        return self.size < SMALL_SCAN_FILE_BYTES

    @property
    def scan_table(self) -> str | None:
        """The raw table, when the whole file is one scan DuckDB runs itself."""
        if len(self.results) == 1 and self.results[0].scan is not None:
            return self.results[0].table
        return None


def _read_file(
    con: duckdb.DuckDBPyConnection, settings: Settings, path: Path, source: str | None
) -> _ReadFile:
    city = city_code_of(path, settings.municipality_code)
    size = path.stat().st_size
    # The content hash (for idempotency) runs beside the parse: hashlib releases the GIL.
    with ThreadPoolExecutor(max_workers=1) as pool:
        hashing = pool.submit(sha256_of, path)
        try:
            results = registry.read_for_loading(path, source)
        except IngestError as error:
            refused = _refuse(con, settings, path, source, hashing.result(), error)
            return _ReadFile(path, hashing.result(), city, size, [], refused)
        return _ReadFile(path, hashing.result(), city, size, results)


def _batch_caps(first: _ReadFile, lanes: int) -> tuple[int, int]:
    """Most files and bytes in a batch that starts with `first`: `lanes` parts side by side;
    with one lane, small files staged and large ones straight in."""
    if lanes >= 2:
        return LANE_BATCH_FILES * lanes, LANE_BATCH_BYTES * lanes
    if first.small:
        return STAGED_BATCH_FILES, STAGED_BATCH_BYTES
    return SCAN_BATCH_FILES, SCAN_BATCH_BYTES


def _joins(batch: list[_ReadFile], read: _ReadFile, lanes: int) -> bool:
    first = batch[0]
    files, limit = _batch_caps(first, lanes)
    return (
        read.scan_table is not None
        and (read.scan_table, read.city, read.small) == (first.scan_table, first.city, first.small)
        and len(batch) < files
        and read.digest not in {r.digest for r in batch}  # the same file twice: loaded once
        and sum(r.size for r in [*batch, read]) <= limit
    )


def _scan_lanes(con: duckdb.DuckDBPyConnection) -> int:
    """How many parts of a batch load side by side: one per DuckDB thread, at most
    MAX_SCAN_LANES."""
    row = con.execute("SELECT current_setting('threads')").fetchone()
    return max(1, min(int(row[0]) if row else 1, MAX_SCAN_LANES))


def _load_batch(
    con: duckdb.DuckDBPyConnection, settings: Settings, batch: list[_ReadFile], lanes: int
) -> list[FileOutcome]:
    """Scanned files of one city and table: in `lanes` parts side by side, each part in its own
    transaction (loader.load_side_by_side), and a part held back in one-lane batches after
    them; with one lane or fewer than two files per part, in one transaction."""
    if lanes < 2 or len(batch) < 2 * lanes:
        return _load_in_one(con, settings, batch)
    parts = _split(batch, lanes)
    loaded = loader.load_side_by_side(
        con,
        [
            loader.ScanBatch(
                [loader.LoadRequest(r.results[0], r.path.name, r.digest) for r in part],
                part[0].city,
            )
            for part in parts
        ],
        reject_threshold=settings.reject_threshold,
    )
    outcomes: list[FileOutcome] = []
    for part, part_outcomes in zip(parts, loaded, strict=True):
        if part_outcomes is None:
            for one_lane in _one_lane_batches(part):
                outcomes += _load_in_one(con, settings, one_lane)
        else:
            outcomes += [_file_outcome(r, [o]) for r, o in zip(part, part_outcomes, strict=True)]
    return outcomes


def _split(batch: list[_ReadFile], parts: int) -> list[list[_ReadFile]]:
    """`parts` runs of consecutive files, of about equal bytes (each at least one file)."""
    total = sum(r.size for r in batch)
    runs: list[list[_ReadFile]] = [[]]
    done = 0
    for index, read in enumerate(batch):
        left = len(batch) - index
        due = (
            len(runs) < parts
            and bool(runs[-1])
            and (done >= total * len(runs) / parts or left == parts - len(runs))
        )
        if due:
            runs.append([])
        runs[-1].append(read)
        done += read.size
    return runs


def _one_lane_batches(part: list[_ReadFile]) -> list[list[_ReadFile]]:
    """A part held back from loading side by side, in the batches one lane would have made."""
    runs: list[list[_ReadFile]] = []
    for read in part:
        if not runs or not _joins(runs[-1], read, lanes=1):
            runs.append([])
        runs[-1].append(read)
    return runs


def _load_in_one(
    con: duckdb.DuckDBPyConnection, settings: Settings, batch: list[_ReadFile]
) -> list[FileOutcome]:
    """Several scanned files in one transaction; if any breaks it, each on its own."""
    if len(batch) < 2:
        return [_load_file(con, settings, read) for read in batch]
    try:
        outcomes = loader.load_many(
            con,
            [loader.LoadRequest(r.results[0], r.path.name, r.digest) for r in batch],
            municipality_code=batch[0].city,
            reject_threshold=settings.reject_threshold,
            stage_scans=batch[0].small,
        )
    except loader.ScanBatchFailed:
        return [_load_file(con, settings, read) for read in batch]
    return [_file_outcome(read, [outcome]) for read, outcome in zip(batch, outcomes, strict=True)]


def _load_file(con: duckdb.DuckDBPyConnection, settings: Settings, read: _ReadFile) -> FileOutcome:
    try:
        outcomes = loader.load_many(
            con,
            [loader.LoadRequest(result, read.path.name, read.digest) for result in read.results],
            municipality_code=read.city,
            reject_threshold=settings.reject_threshold,
        )
    except IngestError as error:  # a streamed file that stopped on bad input: rolled back
        return _refuse(con, settings, read.path, read.results[0].source, read.digest, error)
    return _file_outcome(read, outcomes)


def _file_outcome(read: _ReadFile, outcomes: list[loader.LoadOutcome]) -> FileOutcome:
    statuses = {o.status for o in outcomes}
    status = (
        "quarantined"
        if "quarantined" in statuses
        else "loaded"
        if "loaded" in statuses
        else "duplicate"
    )
    message = next((o.message for o in outcomes if o.status == status), "")
    if status == "quarantined":
        message = f"{read.path}: {message}"
    rows_loaded = sum(o.rows_loaded for o in outcomes)
    rows_rejected = sum(o.rows_rejected for o in outcomes)
    source = read.results[0].source
    return FileOutcome(read.path, status, source, rows_loaded, rows_rejected, message)


def _refuse(
    con: duckdb.DuckDBPyConnection,
    settings: Settings,
    path: Path,
    source: str | None,
    digest: str,
    error: IngestError,
) -> FileOutcome:
    loader.record_failure(
        con,
        municipality_code=city_code_of(path, settings.municipality_code),
        source=source or "unknown",
        file_name=path.name,
        sha256=digest,
        error=str(error),
    )
    return FileOutcome(path, "quarantined", source or "unknown", 0, 0, str(error))


def _describe(outcome: FileOutcome) -> str:
    if outcome.status == "loaded":
        extra = f", {outcome.rows_rejected} rejected" if outcome.rows_rejected else ""
        return f"{outcome.rows_loaded:,} rows into {outcome.source}{extra}"
    if outcome.status == "duplicate":
        return "already loaded, nothing new"
    return f"QUARANTINED — {outcome.message}"


def prepare_raw_tables(settings: Settings) -> None:
    """Make every known raw table exist so that dbt builds whatever has been ingested so far."""
    con = connect_writer(settings.paths)
    try:
        for reader in registry.READERS:
            empties = reader.empty()
            for empty in empties if isinstance(empties, list) else [empties]:
                loader.ensure_table(con, empty)
        for empty in google_ads_api_empty_results():
            loader.ensure_table(con, empty)
    finally:
        con.close()


def build(
    settings: Settings,
    select: list[str] | None = None,
    full_refresh: bool = False,
    complete: bool = False,
) -> BuildOutcome:
    """dbt build: the given selection as asked, else the plan of civicpulse/build_plan.py."""
    prepare_raw_tables(settings)
    os.environ["CIVICPULSE_PSEUDONYM_KEY"] = settings.pseudonym_key
    if select:
        args = ["build", "--select", *select] + (["--full-refresh"] if full_refresh else [])
        plan = build_plan.BuildPlan("selected", args, "selection given")
        return BuildOutcome(plan, _run_build(settings, args))
    state_path = settings.paths.dbt_target.parent / "build_state.json"
    state = build_plan.read_state(state_path)
    project = build_plan.project_fingerprint(PROJECT_DIR)
    key = build_plan.key_identity(settings.pseudonym_key)
    loads = _loaded_files(settings)
    if full_refresh:
        plan = build_plan.BuildPlan("full_refresh", ["build", "--full-refresh"], "requested")
    else:
        plan = build_plan.plan_build(
            state,
            project=project,
            key=key,
            now=_utc_now(),
            new_loads={
                i: t for i, t in loads.items() if state is None or i not in state.built_loads
            },
            sources=_source_selectors(settings),
            complete=complete,
        )
    if plan.kind == "nothing":
        return BuildOutcome(plan, DbtOutcome(success=True, nodes=0, failures=[]))
    started = _utc_now()
    outcome = _run_build(settings, plan.args)
    # A daily build keeps the last complete build's date; every other kind is a complete one.
    daily_after = state if plan.kind == "daily" else None
    build_plan.write_state(
        state_path,
        build_plan.BuildState(
            project=project,
            key=key,
            complete_at=daily_after.complete_at if daily_after else started,
            built_loads=frozenset(loads)
            | (daily_after.built_loads if daily_after else frozenset()),
        ),
    )
    return BuildOutcome(plan, outcome)


@dataclass(frozen=True)
class BuildOutcome:
    plan: build_plan.BuildPlan
    dbt: DbtOutcome

    @property
    def nodes(self) -> int:
        return self.dbt.nodes


def _run_build(settings: Settings, args: list[str]) -> DbtOutcome:
    outcome = run_dbt(settings.paths, args)
    if not outcome.success:
        raise DbtError("dbt build failed:\n  " + "\n  ".join(outcome.failures[:20]))
    return outcome


def _loaded_files(settings: Settings) -> dict[str, str]:
    """load id → raw table of every file loaded so far (read before the build starts)."""
    con = connect_writer(settings.paths)
    try:
        rows = con.execute(
            "SELECT load_id, raw_table FROM raw._loads WHERE status = 'loaded' "
            "AND raw_table IS NOT NULL"
        ).fetchall()
    finally:
        con.close()
    return {str(load_id): str(table) for load_id, table in rows}


def _source_selectors(settings: Settings) -> dict[str, str]:
    """From the last build's manifest; none yet means a complete build (unknown sources)."""
    try:
        manifest = json.loads((settings.paths.dbt_target / "manifest.json").read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return build_plan.source_selectors(manifest)


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def build_spark(settings: Settings, full_refresh: bool = False) -> SparkBuildOutcome:
    """The same marts built on Apache Spark (warehouse/spark_build.py), loaded back."""
    from warehouse.spark_build import build_on_spark

    prepare_raw_tables(settings)
    os.environ["CIVICPULSE_PSEUDONYM_KEY"] = settings.pseudonym_key
    return build_on_spark(settings.paths, full_refresh=full_refresh)


def publish_snapshot(settings: Settings) -> PublishOutcome:
    con = connect_writer(settings.paths)
    try:
        return publish(con, settings.paths)
    finally:
        con.close()


def inbox_files(settings: Settings) -> list[Path]:
    from civicpulse.files import expand

    settings.paths.ensure()
    return expand([str(settings.paths.inbox)])
