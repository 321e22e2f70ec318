"""`civicpulse ingest` of GA4 exports: DuckDB reads each file straight into the raw table (the
reader's SqlScan). Row numbers, required fields, restatement and quarantine must be exactly
those of the whole-file read, for every accepted layout."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from civicpulse import pipeline
from civicpulse.settings import Settings
from ingest import ga4_export
from tests.conftest import ga4_event, query_writer, write_ndjson
from warehouse.paths import HomePaths

T0 = 1_743_465_600_000_000  # 2025-04-01 00:00 UTC


def _events(count: int, day: str | None = "20250401", prefix: str = "u") -> list[dict[str, object]]:
    events = []
    for i in range(count):
        event = ga4_event(f"{prefix}{i % 3}.1", i % 4, T0 + i * 1_000_000)
        event["event_date"] = day
        events.append(event)
    return events


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(HomePaths(tmp_path / "home").ensure(), "990019", 0.01, "test-key")


def _write(tmp_path: Path, layout: str, events: list[dict[str, object]]) -> Path:
    if layout == "ndjson.gz":
        return write_ndjson(tmp_path / "events.json.gz", events, gz=True)
    if layout == "array":
        path = tmp_path / "events.json"
        path.write_text(json.dumps(events), encoding="utf-8")
        return path
    source = write_ndjson(tmp_path / "plain.json", events)
    path = tmp_path / "events.parquet"
    # Small row groups: DuckDB reads them on several threads; rows keep their file numbers.
    row_groups = {"row_group_size": 7} if layout == "parquet_row_groups" else {}
    ga4_export.read(source).frame.drop("_row_number").write_parquet(path, **row_groups)
    return path


@pytest.mark.parametrize("layout", ["ndjson.gz", "array", "parquet", "parquet_row_groups"])
def test_every_layout_loads_what_the_whole_file_read_gives(
    tmp_path: Path, settings: Settings, layout: str
) -> None:
    path = _write(tmp_path, layout, _events(40))
    [outcome] = pipeline.ingest_files(settings, [path])
    assert (outcome.status, outcome.rows_loaded) == ("loaded", 40)
    loaded = query_writer(
        settings,
        "SELECT event_timestamp, user_pseudo_id, _row_number FROM raw.ga4__events "
        "ORDER BY _row_number",
    )
    whole = ga4_export.read(path).frame.select("event_timestamp", "user_pseudo_id", "_row_number")
    assert loaded == list(whole.iter_rows())
    assert [row[2] for row in loaded] == list(range(1, 41))


def test_missing_fields_name_the_first_line_and_count_them(
    tmp_path: Path, settings: Settings
) -> None:
    events = _events(20)
    events[7]["event_name"] = None
    events[15]["user_pseudo_id"] = None
    path = write_ndjson(tmp_path / "bad.json.gz", events, gz=True)
    [outcome] = pipeline.ingest_files(settings, [path])
    assert outcome.status == "quarantined"
    assert "bad.json.gz, line 8: 2 event(s) lack event_name" in outcome.message
    loads = query_writer(settings, "SELECT status, rows_loaded FROM raw._loads")
    assert loads == [("quarantined", 0)]


def test_a_bad_file_among_good_ones_is_quarantined_alone(
    tmp_path: Path, settings: Settings
) -> None:
    first = write_ndjson(tmp_path / "d1.json.gz", _events(5, "20250401"), gz=True)
    bad_events = _events(5, "20250402")
    bad_events[3]["event_timestamp"] = None
    bad = write_ndjson(tmp_path / "d2.json.gz", bad_events, gz=True)
    third = write_ndjson(tmp_path / "d3.json.gz", _events(6, "20250403"), gz=True)
    outcomes = pipeline.ingest_files(settings, [first, bad, third])
    assert [o.status for o in outcomes] == ["loaded", "quarantined", "loaded"]
    assert "d2.json.gz, line 4" in outcomes[1].message
    per_file = query_writer(
        settings, "SELECT _source_file, count(*) FROM raw.ga4__events GROUP BY 1 ORDER BY 1"
    )
    assert per_file == [("d1.json.gz", 5), ("d3.json.gz", 6)]


def test_a_restated_day_replaces_only_that_day(tmp_path: Path, settings: Settings) -> None:
    days = [f"202504{d:02d}" for d in range(1, 6)]
    files = [
        write_ndjson(tmp_path / f"{day}.json.gz", _events(3 + i, day), gz=True)
        for i, day in enumerate(days)
    ]
    undated = write_ndjson(tmp_path / "undated.json", _events(2, None, prefix="n"))
    pipeline.ingest_files(settings, [*files, undated])
    restated = write_ndjson(tmp_path / "again.json.gz", _events(9, "20250403", prefix="r"), gz=True)
    undated_again = write_ndjson(tmp_path / "undated2.json", _events(4, None, prefix="m"))
    outcomes = pipeline.ingest_files(settings, [restated, undated_again])
    assert [o.status for o in outcomes] == ["loaded", "loaded"]
    per_day = query_writer(
        settings,
        "SELECT event_date, _source_file, count(*) FROM raw.ga4__events GROUP BY ALL ORDER BY 1",
    )
    assert per_day == [
        ("20250401", "20250401.json.gz", 3),
        ("20250402", "20250402.json.gz", 4),
        ("20250403", "again.json.gz", 9),
        ("20250404", "20250404.json.gz", 6),
        ("20250405", "20250405.json.gz", 7),
        (None, "undated2.json", 4),  # a NULL key is restated too (IS NOT DISTINCT FROM)
    ]
    replaced = query_writer(
        settings,
        "SELECT file_name, rows_replaced FROM raw._loads "
        "WHERE file_name IN ('again.json.gz', 'undated2.json') ORDER BY 1",
    )
    assert replaced == [("again.json.gz", 5), ("undated2.json", 2)]


def test_a_json_export_in_a_folder_named_like_a_parquet_read_loads(
    tmp_path: Path, settings: Settings
) -> None:
    # The Parquet row numbering is chosen by the file's magic bytes, not by its path's text.
    folder = tmp_path / "read_parquet('x')"
    folder.mkdir()
    path = write_ndjson(folder / "events.json.gz", _events(5), gz=True)
    [outcome] = pipeline.ingest_files(settings, [path])
    assert (outcome.status, outcome.rows_loaded) == ("loaded", 5)
    numbers = query_writer(settings, "SELECT _row_number FROM raw.ga4__events ORDER BY 1")
    assert [row[0] for row in numbers] == [1, 2, 3, 4, 5]
