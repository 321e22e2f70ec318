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


def ingest_files(
    settings: Settings,
    files: list[Path],
    *,
    source: str | None = None,
    from_inbox: bool = False,
    progress: Progress = lambda _: None,
) -> list[FileOutcome]:
    """Read and load each file in its own transaction; quarantine what cannot be read."""
    # Readers that pseudonymise identifiers at ingest (the survey) take the key from here.
    os.environ["CIVICPULSE_PSEUDONYM_KEY"] = settings.pseudonym_key
    outcomes: list[FileOutcome] = []
    con = connect_writer(settings.paths)
    try:
        for index, path in enumerate(files, start=1):
            outcome = _ingest_one(con, settings, path, source)
            if from_inbox:
                folder = (
                    settings.paths.archive
                    if outcome.status in ("loaded", "duplicate")
                    else settings.paths.quarantine
                )
                moved = move_into(path, folder, settings.paths.inbox)
                outcome = FileOutcome(**{**outcome.__dict__, "moved_to": moved})
            progress(f"[{index}/{len(files)}] {path.name}: {_describe(outcome)}")
            outcomes.append(outcome)
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


def _ingest_one(
    con: duckdb.DuckDBPyConnection, settings: Settings, path: Path, source: str | None
) -> FileOutcome:
    # The content hash (for idempotency) runs beside the parse: hashlib releases the GIL.
    with ThreadPoolExecutor(max_workers=1) as pool:
        hashing = pool.submit(sha256_of, path)
        try:
            results = registry.read_for_loading(path, source)
        except IngestError as error:
            return _refuse(con, settings, path, source, hashing.result(), error)
        digest = hashing.result()
    try:
        outcomes = loader.load_many(
            con,
            [loader.LoadRequest(result, path.name, digest) for result in results],
            municipality_code=city_code_of(path, settings.municipality_code),
            reject_threshold=settings.reject_threshold,
        )
    except IngestError as error:  # a streamed file that stopped on bad input: rolled back
        return _refuse(con, settings, path, results[0].source, digest, error)
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
        message = f"{path}: {message}"
    rows_loaded = sum(o.rows_loaded for o in outcomes)
    rows_rejected = sum(o.rows_rejected for o in outcomes)
    return FileOutcome(path, status, results[0].source, rows_loaded, rows_rejected, message)


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
