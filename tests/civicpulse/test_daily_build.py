"""The daily build (civicpulse/build_plan.py and the incremental web models) on a small sample
city, through pipeline.build as `civicpulse build` runs it: after new GA4 days, a restated day
and a session crossing midnight, every web table equals what a full refresh builds."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import duckdb
import pytest

import samplecity
from civicpulse import pipeline
from civicpulse.settings import Settings
from warehouse.paths import HomePaths

FIRST_DAYS = 12
# Every table downstream of the GA4 events except the ML fits (refitted only by the complete
# build, so they legitimately differ from a full refresh's) and the page-audit marts (no audits
# in the sample; they read their traffic from int_page_traffic).
WEB_TABLES = (
    "intermediate.int_page_traffic_daily",
    "intermediate.int_page_traffic",
    "intermediate.int_sessions_aggregated",
    "intermediate.int_sessions_attributed",
    "marts.fct_page_views",
    "marts.fct_pages_daily",
    "marts.fct_web_sessions",
    "marts.fct_web_sessions_daily",
    "marts.fct_web_conversions",
    "marts.dim_pages",
    "marts.fct_channel_daily",
    "marts.rpt_kpi_monthly",
)


def _events(path: Path) -> list[dict[str, object]]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def _write(path: Path, events: list[dict[str, object]]) -> Path:
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        handle.writelines(json.dumps(e, ensure_ascii=False) + "\n" for e in events)
    return path


def _crossing_midnight(day_before: list[dict[str, object]], date: str) -> dict[str, object]:
    """The day before's last event repeated 10 minutes later, past midnight, on `date`: its
    session crosses midnight (GA4 exports such an event in the next day's table)."""
    last = max(day_before, key=lambda e: int(str(e["event_timestamp"])))
    crossing = json.loads(json.dumps(last))
    crossing["event_date"] = date
    crossing["event_name"] = "user_engagement"
    midnight_utc = int(str(last["event_timestamp"])) // 86_400_000_000 * 86_400_000_000
    # 00:05 the next day in Tokyo (UTC+9) = 15:05 UTC on the day before's UTC date.
    crossing["event_timestamp"] = str(midnight_utc + 15 * 3_600_000_000 + 5 * 60_000_000)
    return crossing


@pytest.fixture(scope="module")
def city(tmp_path_factory: pytest.TempPathFactory) -> tuple[Settings, Path]:
    root = tmp_path_factory.mktemp("daily")
    settings = Settings(HomePaths(root / "home").ensure(), "990019", 0.01, "daily-test-key")
    samplecity.generate(settings.paths.inbox, seed=11, scale=0.002)
    later = root / "later"
    later.mkdir()
    for path in sorted((settings.paths.inbox / "ga4").glob("events_*"))[FIRST_DAYS:]:
        path.rename(later / path.name)
    pipeline.ingest_files(settings, pipeline.inbox_files(settings), from_inbox=True)
    first = pipeline.build(settings)
    assert first.plan.kind == "complete"
    return settings, later


def _ingest(settings: Settings, *paths: Path) -> None:
    outcomes = pipeline.ingest_files(settings, list(paths))
    assert [o.status for o in outcomes] == ["loaded"] * len(paths), outcomes


def _differences(con: duckdb.DuckDBPyConnection, table: str) -> tuple[int, int, int]:
    rows = con.execute(f"SELECT count(*) FROM {table}").fetchone()
    extra = con.execute(
        f"SELECT count(*) FROM (SELECT * FROM daily.{table} EXCEPT ALL SELECT * FROM {table})"
    ).fetchone()
    missing = con.execute(
        f"SELECT count(*) FROM (SELECT * FROM {table} EXCEPT ALL SELECT * FROM daily.{table})"
    ).fetchone()
    assert rows and extra and missing
    return int(rows[0]), int(extra[0]), int(missing[0])


def test_daily_builds_equal_a_full_refresh(city: tuple[Settings, Path], tmp_path: Path) -> None:
    settings, later = city
    days = sorted(later.glob("events_*"))
    _ingest(settings, days[0], days[1])
    daily = pipeline.build(settings)
    assert daily.plan.kind == "daily"
    assert daily.plan.args == [
        "build",
        "--select",
        "source:ga4.ga4__events+",
        "--exclude",
        "tag:complete_only",
    ]
    results = json.loads((settings.paths.dbt_target / "run_results.json").read_text())
    ran = {r["unique_id"].split(".")[-1] for r in results["results"]}
    assert "fct_web_sessions" in ran and "ml_segment_profiles" not in ran
    assert "fct_social_posts" not in ran  # not downstream of GA4

    # GA4 re-exports a recent day (fewer events now) and the next day opens with a session
    # that began before midnight.
    day = _events(days[1])
    restated = day[: len(day) * 3 // 4]
    _write(tmp_path / f"restated_{days[1].name}", restated)
    next_day = _events(days[2])
    date = str(next_day[0]["event_date"])
    _write(tmp_path / days[2].name, [_crossing_midnight(restated, date), *next_day])
    _ingest(settings, tmp_path / f"restated_{days[1].name}", tmp_path / days[2].name)
    assert pipeline.build(settings).plan.kind == "daily"

    copy = tmp_path / "daily.duckdb"
    con = duckdb.connect(str(settings.paths.warehouse))
    try:
        con.execute(f"ATTACH '{copy}' AS daily")
        for table in WEB_TABLES:
            schema = table.split(".")[0]
            con.execute(f"CREATE SCHEMA IF NOT EXISTS daily.{schema}")
            con.execute(f"CREATE TABLE daily.{table} AS SELECT * FROM {table}")
    finally:
        con.close()

    assert pipeline.build(settings, full_refresh=True).plan.kind == "full_refresh"
    con = duckdb.connect(str(settings.paths.warehouse), read_only=True)
    try:
        con.execute(f"ATTACH '{copy}' AS daily (READ_ONLY)")
        compared = {table: _differences(con, table) for table in WEB_TABLES}
        [[crossing]] = con.execute(
            "SELECT count(*) FROM intermediate.int_sessions_aggregated "
            "WHERE first_event_date < CAST(session_end_at + INTERVAL 9 HOUR AS DATE)"
        ).fetchall()
    finally:
        con.close()
    assert [table for table, (rows, _, _) in compared.items() if rows == 0] == []
    assert {t: d for t, d in compared.items() if d[1] or d[2]} == {}
    assert crossing >= 1  # the crossing session is there, counted once


def test_nothing_loaded_builds_nothing(city: tuple[Settings, Path]) -> None:
    settings, _ = city
    outcome = pipeline.build(settings)
    assert outcome.plan.kind == "nothing" and outcome.nodes == 0
    assert pipeline.build(settings, complete=True).plan.kind == "complete"
