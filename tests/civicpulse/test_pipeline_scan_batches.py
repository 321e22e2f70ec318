"""`civicpulse ingest` loads GA4 day files in batches (one transaction, one multi-file insert),
small files' batches side by side (each in its own transaction): the result must be exactly
that of loading them one by one — row numbers, restatement in file order (also inside a batch
and across batches loaded at once), duplicates, quarantine of a bad file alone — and each batch
must really be one transaction."""

from __future__ import annotations

from pathlib import Path

import pytest

from civicpulse import pipeline
from civicpulse.settings import Settings
from tests.conftest import ga4_event, query_writer, write_ndjson
from warehouse.paths import HomePaths

T0 = 1_743_465_600_000_000  # 2025-04-01 00:00 UTC


def _day(tmp_path: Path, name: str, day: str, count: int, prefix: str = "u") -> Path:
    events = []
    for i in range(count):
        event = ga4_event(f"{prefix}{i % 3}.1", i % 4, T0 + i * 1_000_000)
        event["event_date"] = day
        events.append(event)
    return write_ndjson(tmp_path / name, events, gz=True)


def _settings(tmp_path: Path, name: str) -> Settings:
    return Settings(HomePaths(tmp_path / name).ensure(), "990019", 0.01, "test-key")


EVENTS = (
    "SELECT municipality_code, event_date, _source_file, _row_number, event_timestamp, "
    "user_pseudo_id FROM raw.ga4__events ORDER BY ALL"
)
LOADS = (
    "SELECT file_name, status, rows_in, rows_loaded, rows_replaced FROM raw._loads "
    "ORDER BY started_at, file_name"
)


def _files(tmp_path: Path) -> list[Path]:
    """Five days, then day 2 restated twice (the last one wins) and day 4 once more."""
    return [
        *[_day(tmp_path, f"d{d}.json.gz", f"2025040{d}", 2 + d) for d in range(1, 6)],
        _day(tmp_path, "d2_again.json.gz", "20250402", 6, prefix="a"),
        _day(tmp_path, "d4_again.json.gz", "20250404", 2, prefix="b"),
        _day(tmp_path, "d2_last.json.gz", "20250402", 4, prefix="c"),
    ]


# How batches load: "staged" one after another, "side_by_side" N at once (lanes); "direct"
# treats the test's small files as large ones, and "side_by_side_large" loads those N at once.
MODES = ["staged", "side_by_side_2", "side_by_side_3", "direct", "side_by_side_large_3"]


def _batches_of(monkeypatch: pytest.MonkeyPatch, files: int, mode: str) -> None:
    """Batches of `files`, loaded as `mode` says (whatever the machine's core count)."""
    lanes = int(mode.rsplit("_", 1)[1]) if mode.startswith("side_by_side") else 1
    monkeypatch.setattr(pipeline, "_scan_lanes", lambda _con: lanes)
    if mode == "direct" or "large" in mode:
        monkeypatch.setattr(pipeline, "SCAN_BATCH_FILES", files)
        monkeypatch.setattr(pipeline, "SMALL_SCAN_FILE_BYTES", 0)
    if mode != "direct":  # side by side, a batch has `files` per part
        monkeypatch.setattr(pipeline, "STAGED_BATCH_FILES", files)
        monkeypatch.setattr(pipeline, "LANE_BATCH_FILES", files)


def _one_by_one(tmp_path: Path, files: list[Path]) -> Settings:
    settings = _settings(tmp_path, "single")
    for path in files:
        pipeline.ingest_files(settings, [path])
    return settings


# 4: the second batch restates a day of the first one twice (the older rows are replaced by
# its first file that has the day, that file's rows by the next). Side by side, a part that
# holds a day of an earlier part of its batch is held back and loaded after it.
@pytest.mark.parametrize("batch_files", [2, 3, 4, 32])
@pytest.mark.parametrize("mode", MODES)
def test_batches_load_exactly_what_one_file_at_a_time_loads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, batch_files: int, mode: str
) -> None:
    files = _files(tmp_path)
    one_by_one = _one_by_one(tmp_path, files)
    batched = _settings(tmp_path, "batched")
    _batches_of(monkeypatch, batch_files, mode)
    outcomes = pipeline.ingest_files(batched, files)

    assert [o.status for o in outcomes] == ["loaded"] * len(files)
    assert [o.rows_loaded for o in outcomes] == [3, 4, 5, 6, 7, 6, 2, 4]
    assert query_writer(batched, EVENTS) == query_writer(one_by_one, EVENTS)
    days = query_writer(
        batched, "SELECT event_date, _source_file, count(*) FROM raw.ga4__events GROUP BY ALL"
    )
    assert sorted(days) == [
        ("20250401", "d1.json.gz", 3),
        ("20250402", "d2_last.json.gz", 4),
        ("20250403", "d3.json.gz", 5),
        ("20250404", "d4_again.json.gz", 2),
        ("20250405", "d5.json.gz", 7),
    ]
    replaced = "SELECT file_name, rows_replaced FROM raw._loads ORDER BY file_name"
    assert query_writer(batched, replaced) == query_writer(one_by_one, replaced)


@pytest.mark.parametrize("mode", MODES)
def test_each_batch_is_one_transaction(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, mode: str
) -> None:
    _batches_of(monkeypatch, 3, mode)
    settings = _settings(tmp_path, "home")
    files = [_day(tmp_path, f"d{d}.json.gz", f"2025040{d}", 3) for d in range(1, 8)]
    pipeline.ingest_files(settings, files)
    # Every load of one load_many call shares its start time.
    groups = query_writer(
        settings,
        "SELECT count(*) FROM raw._loads GROUP BY started_at ORDER BY min(file_name)",
    )
    # Side by side with three lanes, seven files are one batch in three parts of equal bytes.
    assert groups == ([(3,), (2,), (2,)] if mode.endswith("_3") else [(3,), (3,), (1,)])
    setting = "SELECT current_setting('preserve_insertion_order')"
    assert query_writer(settings, setting) == [(True,)]


def test_a_bad_file_in_a_batch_is_quarantined_alone_with_its_line(tmp_path: Path) -> None:
    settings = _settings(tmp_path, "home")
    good = [_day(tmp_path, f"d{d}.json.gz", f"2025040{d}", 4) for d in (1, 2, 4)]
    events = [ga4_event("u1.1", 1, T0 + i) for i in range(4)]
    events[2]["event_name"] = None
    bad = write_ndjson(tmp_path / "d3.json.gz", events, gz=True)
    outcomes = pipeline.ingest_files(settings, [good[0], good[1], bad, good[2]])
    assert [o.status for o in outcomes] == ["loaded", "loaded", "quarantined", "loaded"]
    assert "d3.json.gz, line 3: 1 event(s) lack event_name" in outcomes[2].message
    per_file = "SELECT _source_file, count(*) FROM raw.ga4__events GROUP BY 1 ORDER BY 1"
    assert query_writer(settings, per_file) == [(f"d{d}.json.gz", 4) for d in (1, 2, 4)]
    statuses = query_writer(settings, "SELECT file_name, status FROM raw._loads ORDER BY file_name")
    assert statuses == [
        ("d1.json.gz", "loaded"),
        ("d2.json.gz", "loaded"),
        ("d3.json.gz", "quarantined"),
        ("d4.json.gz", "loaded"),
    ]
    setting = "SELECT current_setting('preserve_insertion_order')"
    assert query_writer(settings, setting) == [(True,)]


def test_cities_and_repeated_files_are_never_mixed_into_one_batch(tmp_path: Path) -> None:
    settings = _settings(tmp_path, "home")
    other = tmp_path / "990027"
    other.mkdir()
    ours = _day(tmp_path, "d1.json.gz", "20250401", 3)
    theirs = _day(other, "d1.json.gz", "20250401", 5, prefix="t")
    outcomes = pipeline.ingest_files(settings, [ours, ours, theirs, ours])
    assert [o.status for o in outcomes] == ["loaded", "duplicate", "loaded", "duplicate"]
    per_city = query_writer(
        settings,
        "SELECT municipality_code, count(*) FROM raw.ga4__events GROUP BY 1 ORDER BY 1",
    )
    assert per_city == [("990019", 3), ("990027", 5)]


def test_batches_side_by_side_restate_earlier_loads_like_one_by_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both parts of a batch restate days loaded before it (none shared between them)."""
    first = [_day(tmp_path, f"d{d}.json.gz", f"2025040{d}", 3) for d in range(1, 5)]
    # Equal sizes: the batch splits into two parts of two files (parts are split by bytes).
    again = [_day(tmp_path, f"d{d}_again.json.gz", f"2025040{d}", 2, prefix="a") for d in (2, 1, 4, 3)]
    one_by_one = _one_by_one(tmp_path, [*first, *again])
    batched = _settings(tmp_path, "batched")
    _batches_of(monkeypatch, 2, "side_by_side_2")
    pipeline.ingest_files(batched, first)
    outcomes = pipeline.ingest_files(batched, again)

    assert [(o.status, o.rows_loaded) for o in outcomes] == [("loaded", 2)] * 4
    assert query_writer(batched, EVENTS) == query_writer(one_by_one, EVENTS)
    replaced = "SELECT file_name, rows_replaced FROM raw._loads ORDER BY file_name"
    assert query_writer(batched, replaced) == query_writer(one_by_one, replaced)
    # The second call's two parts ran side by side: two transactions, both committed.
    groups = "SELECT count(*) FROM raw._loads WHERE file_name LIKE '%again%' GROUP BY started_at"
    assert query_writer(batched, groups) == [(2,), (2,)]


@pytest.mark.parametrize("bad_at", [1, 2], ids=["first_batch", "second_batch"])
def test_a_bad_file_side_by_side_is_quarantined_alone_and_nothing_is_lost(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, bad_at: int
) -> None:
    settings = _settings(tmp_path, "home")
    _batches_of(monkeypatch, 2, "side_by_side_2")
    files = [_day(tmp_path, f"d{d}.json.gz", f"2025040{d}", 4) for d in (1, 2, 3, 4)]
    events = [ga4_event("u1.1", 1, T0 + i) for i in range(4)]
    events[2]["event_name"] = None
    files[bad_at] = write_ndjson(tmp_path / "bad.json.gz", events, gz=True)
    outcomes = pipeline.ingest_files(settings, files)
    expected = ["loaded"] * 4
    expected[bad_at] = "quarantined"
    assert [o.status for o in outcomes] == expected
    assert "bad.json.gz, line 3: 1 event(s) lack event_name" in outcomes[bad_at].message
    per_file = "SELECT _source_file, count(*) FROM raw.ga4__events GROUP BY 1 ORDER BY 1"
    good = sorted(f.name for f in files if f.name != "bad.json.gz")
    assert query_writer(settings, per_file) == [(name, 4) for name in good]
    setting = "SELECT current_setting('preserve_insertion_order')"
    assert query_writer(settings, setting) == [(True,)]


@pytest.mark.parametrize(
    ("sizes", "parts", "expected"),
    [
        ([1] * 8, 2, [4, 4]),
        ([1] * 7, 3, [3, 2, 2]),
        ([5, 1, 1, 1, 1, 1], 2, [1, 5]),  # by bytes, not by count
        ([1, 1, 1, 1, 1, 50], 3, [4, 1, 1]),  # a huge last file: every part still has a file
    ],
)
def test_a_batch_splits_into_runs_of_consecutive_files_of_about_equal_bytes(
    sizes: list[int], parts: int, expected: list[int]
) -> None:
    batch = [
        pipeline._ReadFile(Path(f"d{i}.json.gz"), str(i), "990019", size, [])
        for i, size in enumerate(sizes)
    ]
    runs = pipeline._split(batch, parts)
    assert [len(run) for run in runs] == expected
    assert [r for run in runs for r in run] == batch


def test_a_part_after_a_failed_one_waits_for_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first part fails (a bad file), so its good files load again one by one; the second
    part restates one of them, so it must load after them, not before."""
    settings = _settings(tmp_path, "home")
    _batches_of(monkeypatch, 2, "side_by_side_2")
    events = [ga4_event("u1.1", 1, T0 + i) for i in range(6)]
    events[1]["event_name"] = None
    bad = write_ndjson(tmp_path / "bad.json.gz", events, gz=True)
    d2 = _day(tmp_path, "d2.json.gz", "20250402", 3)
    d2_again = _day(tmp_path, "d2_again.json.gz", "20250402", 3, prefix="a")
    d3 = _day(tmp_path, "d3.json.gz", "20250403", 3)
    files = [bad, d2, d2_again, d3]
    parts = [[r.path for r in part] for part in pipeline._split(_reads(files), 2)]
    assert parts == [[bad, d2], [d2_again, d3]]
    outcomes = pipeline.ingest_files(settings, files)
    assert [o.status for o in outcomes] == ["quarantined", "loaded", "loaded", "loaded"]
    days = "SELECT event_date, _source_file, count(*) FROM raw.ga4__events GROUP BY ALL"
    assert sorted(query_writer(settings, days)) == [
        ("20250402", "d2_again.json.gz", 3),
        ("20250403", "d3.json.gz", 3),
    ]


def _reads(files: list[Path]) -> list[pipeline._ReadFile]:
    return [pipeline._ReadFile(f, f.name, "990019", f.stat().st_size, []) for f in files]


def test_a_part_of_one_file_loads_side_by_side_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Parts split by bytes: three small days, then a large one alone in the second part."""
    settings = _settings(tmp_path, "home")
    _batches_of(monkeypatch, 8, "side_by_side_2")
    files = [_day(tmp_path, f"d{d}.json.gz", f"2025040{d}", 2) for d in (1, 2, 3)]
    files.append(_day(tmp_path, "d4.json.gz", "20250404", 60))
    assert [len(p) for p in pipeline._split(_reads(files), 2)] == [3, 1]
    held_back: list[list[Path]] = []
    load_in_one = pipeline._load_in_one
    monkeypatch.setattr(
        pipeline,
        "_load_in_one",
        lambda con, s, batch: held_back.append([r.path for r in batch]) or load_in_one(con, s, batch),
    )
    outcomes = pipeline.ingest_files(settings, files)
    assert [(o.status, o.rows_loaded) for o in outcomes] == [
        ("loaded", 2), ("loaded", 2), ("loaded", 2), ("loaded", 60)
    ]
    assert held_back == []
