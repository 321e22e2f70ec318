"""Property: ingesting any selection of files, in any order, any number of times, leaves the
warehouse exactly as ingesting each distinct file once — duplicates load nothing new, bad files
change nothing, and files that do not restate each other commute."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import duckdb
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from civicpulse import pipeline
from civicpulse.settings import Settings
from tests.conftest import e_applications_csv, ga4_event, google_ads_ja_report
from warehouse.paths import HomePaths

T0 = 1_743_465_600_000_000


def _events(day: str, users: int) -> bytes:
    events = []
    for i in range(users):
        event = ga4_event(f"{day}.{i}", i, T0 + i, page_location=f"https://x.example.jp/{i}")
        event["event_date"] = day
        events.append(event)
    return "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in events).encode()


FILES: dict[str, bytes] = {
    "events_20250401.json": _events("20250401", 3),
    "events_20250402.json": _events("20250402", 2),
    "ads_april.csv": google_ads_ja_report(
        ["有効\tA\t検索\t2025-04-01\t携帯電話\tJPY\t100\t5\t300\t0.00\t --"],
        "合計: キャンペーン\t\t\t\t\tJPY\t100\t5\t300\t0.00\t --",
    ),
    "ads_may.csv": google_ads_ja_report(
        ["有効\tA\t検索\t2025-05-01\t携帯電話\tJPY\t200\t7\t400\t1.00\t --"],
        "合計: キャンペーン\t\t\t\t\tJPY\t200\t7\t400\t1.00\t --",
    ),
    "apps_p1.csv": e_applications_csv(["2025/04/01,P1,a,3,1", "2025/04/02,P1,a,4,0"]),
    "apps_p2.csv": e_applications_csv(["2025/04/01,P2,b,9,9"], "utf-8"),
    "broken.csv": e_applications_csv(["2025/04/01,P3,c,-1,0"]),
    "unknown.txt": b"nothing we know\n",
}


def state(home: HomePaths) -> dict[str, list[tuple[object, ...]]]:
    """Every raw table's rows without load metadata; refused rows by file and line."""
    con = duckdb.connect(str(home.warehouse), read_only=True)
    try:
        out: dict[str, list[tuple[object, ...]]] = {}
        for (table,) in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'raw' "
            "AND table_name NOT IN ('_loads', '_rejects', '_cursors')"
        ).fetchall():
            out[table] = con.execute(
                f'SELECT * EXCLUDE (_load_id) FROM raw."{table}" ORDER BY ALL'
            ).fetchall()
        out["_rejects"] = con.execute(
            "SELECT DISTINCT file_name, line, column_name, reason FROM raw._rejects ORDER BY ALL"
        ).fetchall()
        return out
    finally:
        con.close()


def ingest(order: list[str]) -> dict[str, list[tuple[object, ...]]]:
    with tempfile.TemporaryDirectory() as tmp:
        home = HomePaths(Path(tmp) / "home").ensure()
        settings_ = Settings(home, "990019", 0.01, "k")
        folder = Path(tmp) / "files"
        folder.mkdir()
        for name in order:
            path = folder / name
            path.write_bytes(FILES[name])
            pipeline.ingest_files(settings_, [path])
        return state(home)


REFERENCE: dict[str, list[tuple[object, ...]]] = {}


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(sorted(FILES)), min_size=1, max_size=12))
def test_any_order_any_repetition_gives_the_same_warehouse(order: list[str]) -> None:
    once = ingest(sorted(set(order)))
    assert ingest(order) == once
    if set(order) == set(FILES):
        REFERENCE.setdefault("all", once)
        assert once == REFERENCE["all"]


def test_everything_once_in_two_orders() -> None:
    names = sorted(FILES)
    assert ingest(names) == ingest(list(reversed(names))) == ingest(names + names)
