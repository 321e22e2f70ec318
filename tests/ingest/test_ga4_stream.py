"""The GA4 load used by `civicpulse ingest` (the reader's SqlScan, run by the loader inside its
transaction) must give exactly what the whole-file read gives, keep latest-load-wins, and stay
whole-or-nothing when a late event is bad. The whole-file read's Arrow batches are made tiny
here so every file spans several of them."""

from __future__ import annotations

from pathlib import Path

import pytest

from civicpulse import pipeline
from civicpulse.settings import Settings
from ingest import ga4_export
from tests.conftest import ga4_event, write_ndjson
from warehouse import loader
from warehouse.connections import connect_writer
from warehouse.paths import HomePaths

T0 = 1_743_465_600_000_000  # 2025-04-01 00:00 UTC
DAY = 86_400_000_000


def _events(count: int, day: str = "20250401", prefix: str = "u") -> list[dict[str, object]]:
    events = []
    for i in range(count):
        event = ga4_event(f"{prefix}{i % 7}.1", i % 5, T0 + i * 1_000_000, entrances=i % 2)
        event["event_date"] = day
        events.append(event)
    return events


@pytest.fixture(autouse=True)
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ga4_export, "BATCH_ROWS", 4)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(HomePaths(tmp_path / "home").ensure(), "990019", 0.01, "test-key")


def _rows(settings: Settings) -> list[tuple[object, ...]]:
    con = connect_writer(settings.paths)
    try:
        return con.execute(
            "SELECT * EXCLUDE (_load_id) FROM raw.ga4__events ORDER BY _source_file, _row_number"
        ).fetchall()
    finally:
        con.close()


def test_streamed_load_equals_whole_file_load(tmp_path: Path, settings: Settings) -> None:
    path = write_ndjson(tmp_path / "events_20250401.json", _events(23))
    [outcome] = pipeline.ingest_files(settings, [path])
    assert (outcome.status, outcome.rows_loaded) == ("loaded", 23)

    eager = Settings(HomePaths(tmp_path / "eager").ensure(), "990019", 0.01, "test-key")
    con = connect_writer(eager.paths)
    try:
        loader.load(
            con,
            ga4_export.read(path),
            file_name=path.name,
            sha256="x",
            municipality_code="990019",
        )
    finally:
        con.close()
    streamed, whole = _rows(settings), _rows(eager)
    assert streamed == whole and len(streamed) == 23
    assert [row[-3] for row in streamed][:5] == [1, 2, 3, 4, 5]  # _row_number continues

    con = connect_writer(settings.paths)
    try:
        recorded = con.execute("SELECT rows_in, rows_loaded, status FROM raw._loads").fetchall()
    finally:
        con.close()
    assert recorded == [(23, 23, "loaded")]


def test_same_file_twice_loads_nothing_new(tmp_path: Path, settings: Settings) -> None:
    path = write_ndjson(tmp_path / "e.json", _events(9))
    first, second = pipeline.ingest_files(settings, [path, path])
    assert (first.status, second.status) == ("loaded", "duplicate")
    assert len(_rows(settings)) == 9


def test_a_re_export_replaces_its_day(tmp_path: Path, settings: Settings) -> None:
    both = _events(10, "20250401") + _events(6, "20250402", prefix="v")
    pipeline.ingest_files(settings, [write_ndjson(tmp_path / "a.json", both)])
    restated = _events(5, "20250402", prefix="w")
    [outcome] = pipeline.ingest_files(settings, [write_ndjson(tmp_path / "b.json", restated)])
    assert outcome.status == "loaded"
    con = connect_writer(settings.paths)
    try:
        per_day = con.execute(
            "SELECT event_date, _source_file, count(*) FROM raw.ga4__events GROUP BY ALL ORDER BY 1"
        ).fetchall()
        replaced = con.execute(
            "SELECT rows_replaced FROM raw._loads WHERE file_name = 'b.json'"
        ).fetchone()
    finally:
        con.close()
    assert per_day == [("20250401", "a.json", 10), ("20250402", "b.json", 5)]
    assert replaced == (6,)


def test_a_bad_event_in_a_later_batch_refuses_the_whole_file(
    tmp_path: Path, settings: Settings
) -> None:
    pipeline.ingest_files(settings, [write_ndjson(tmp_path / "a.json", _events(6))])
    before = _rows(settings)
    events = _events(15, "20250401", prefix="z")
    events[12]["user_pseudo_id"] = None  # line 13, in the fourth batch of four
    [outcome] = pipeline.ingest_files(settings, [write_ndjson(tmp_path / "bad.json", events)])
    assert outcome.status == "quarantined"
    assert "bad.json" in outcome.message and "line 13" in outcome.message
    assert _rows(settings) == before  # nothing of the bad file, nothing of a.json replaced


def test_a_broken_line_late_in_the_file_is_refused_whole(
    tmp_path: Path, settings: Settings
) -> None:
    path = write_ndjson(tmp_path / "broken.json", _events(30))
    text = path.read_text().splitlines()
    text[25] = text[25][:30]
    path.write_text("\n".join(text) + "\n")
    [outcome] = pipeline.ingest_files(settings, [path])
    assert outcome.status == "quarantined" and "broken.json" in outcome.message
    con = connect_writer(settings.paths)
    try:
        tables = con.execute(
            "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'ga4__events'"
        ).fetchone()
        loads = con.execute("SELECT status, rows_loaded FROM raw._loads").fetchall()
    finally:
        con.close()
    assert tables == (0,)  # the table created for it was rolled back with the rows
    assert loads == [("quarantined", 0)]
