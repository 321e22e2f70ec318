"""A corpus of malformed files: each is refused whole with a message that names the file (and
the line/column when one is to blame), goes to quarantine, and leaves the warehouse unchanged."""

from __future__ import annotations

import gzip
import io
import json
import zipfile
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest

from civicpulse import pipeline
from civicpulse.settings import Settings
from tests.conftest import e_applications_csv, ga4_event, google_ads_ja_report
from warehouse.paths import HomePaths

GOOD_ADS_ROW = '有効\tA\t検索\t2025-04-01\t携帯電話\tJPY\t"1,000"\t10\t"2,000"\t1.00\t --'
GOOD_ADS_TOTAL = '合計: キャンペーン\t\t\t\t\tJPY\t"1,000"\t10\t"2,000"\t1.00\t --'


def ndjson(events: list[dict[str, object]]) -> bytes:
    return "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in events).encode()


def good_events() -> list[dict[str, object]]:
    return [ga4_event(f"u{i}.1", i, 1_743_465_600_000_000 + i) for i in range(5)]


def _bad_type() -> bytes:
    events = good_events()
    events[2]["event_timestamp"] = "yesterday"
    return ndjson(events)


def _no_user() -> bytes:
    events = good_events()
    events[3]["user_pseudo_id"] = None
    return ndjson(events)


def _zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("report.csv", "Campaign,Clicks\nA,1\n")
    return buffer.getvalue()


def _ads(rows: list[str], total: str | None = GOOD_ADS_TOTAL) -> bytes:
    return google_ads_ja_report(rows, total)


def _apps(rows: list[str], encoding: str = "cp932") -> bytes:
    return e_applications_csv(rows, encoding)


CASES: dict[str, tuple[str, Callable[[], bytes], str]] = {
    # name: (file name, content, text the message must contain)
    "empty": ("empty.csv", lambda: b"", "empty"),
    "whitespace only": ("blank.csv", lambda: b"   \r\n\r\n  ", "not recognised"),
    "bom only": ("bom.csv", lambda: b"\xef\xbb\xbf", "not recognised"),
    "binary garbage": ("noise.bin", lambda: bytes(range(256)) * 40, "not recognised"),
    "png renamed csv": (
        "chart.csv",
        lambda: b"\x89PNG\r\n\x1a\n" + b"\x00" * 500,
        "not recognised",
    ),
    "xlsx renamed csv": ("report.csv", _zip, "not recognised"),
    "html page": (
        "page.csv",
        lambda: b"<!doctype html><html><body>hi</body></html>",
        "not recognised",
    ),
    "10 MB single line": ("line.csv", lambda: b"a" * 10_000_000, "not recognised"),
    "unknown csv": ("other.csv", lambda: b"foo,bar,baz\n1,2,3\n", "Known formats"),
    "semicolon template": (
        "apps.csv",
        lambda: "日付;手続ID;手続名;オンライン申請件数\n2025/04/01;P1;a;1\n".encode(),
        "not recognised",
    ),
    "truncated gzip": (
        "events.json.gz",
        lambda: gzip.compress(ndjson(good_events()), mtime=0)[:80],
        "events.json.gz",
    ),
    "gzip bomb-like (zeros)": (
        "bomb.json.gz",
        lambda: gzip.compress(b"\x00" * 50_000_000, mtime=0),
        "not recognised",
    ),
    "ga4 broken last line": ("e1.json", lambda: ndjson(good_events())[:-30] + b"\n", "GA4"),
    "ga4 broken middle line": (
        "e2.json",
        lambda: (
            ndjson(good_events()[:2])
            + b'{"event_name": "page_view", "event_timestamp": \n'
            + ndjson(good_events()[2:])
        ),
        "GA4",
    ),
    "ga4 wrong type": ("e3.json", _bad_type, "GA4"),
    "ga4 no user": ("e4.json", _no_user, "line 4"),
    "ga4 truncated json array": (
        "e5.json",
        lambda: json.dumps(good_events()).encode()[:-200],
        "GA4",
    ),
    "ga4 10 MB invalid line": (
        "e6.json",
        lambda: (
            ndjson(good_events()[:1])
            + b'{"event_name": "x", "event_timestamp": "'
            + b"9" * 10_000_000
        ),
        "e6.json",
    ),
    "ads total mismatch": ("ads1.csv", lambda: _ads([GOOD_ADS_ROW, GOOD_ADS_ROW]), "Total row"),
    "ads negative cost": (
        "ads2.csv",
        lambda: _ads([GOOD_ADS_ROW.replace('"2,000"', "-2000")], None),
        "negative",
    ),
    "ads negative clicks": (
        "ads3.csv",
        lambda: _ads([GOOD_ADS_ROW.replace("\t10\t", "\t-10\t")], None),
        "negative",
    ),
    "ads bad number": (
        "ads4.csv",
        lambda: _ads([GOOD_ADS_ROW.replace("\t10\t", "\tten\t")], None),
        "not a number",
    ),
    "ads bad date": (
        "ads5.csv",
        lambda: _ads([GOOD_ADS_ROW.replace("2025-04-01", "2025-02-30")], None),
        "not a date",
    ),
    "ads future date": (
        "ads6.csv",
        lambda: _ads([GOOD_ADS_ROW.replace("2025-04-01", "2099-04-01")], None),
        "future",
    ),
    "ads short rows": ("ads7.csv", lambda: _ads(["有効\tA\t検索"], None), "expected 11 cells"),
    "ads empty campaign": (
        "ads8.csv",
        lambda: _ads([GOOD_ADS_ROW.replace("\tA\t", "\t\t")], None),
        "campaign",
    ),
    "ads duplicated column": (
        "ads9.csv",
        lambda: (
            b"\xff\xfe" + "Campaign\tClicks\tClicks\tImpr.\r\nA\t1\t1\t1\r\n".encode("utf-16-le")
        ),
        "duplicated",
    ),
    "apps negative count": ("a1.csv", lambda: _apps(["2025/04/01,P1,a,-3,1"]), "negative"),
    "apps bad date": ("a2.csv", lambda: _apps(["2025/13/01,P1,a,3,1"]), "not a date"),
    "apps future date": ("a3.csv", lambda: _apps(["2099/04/01,P1,a,3,1"]), "future"),
    "apps wareki typo": ("a4.csv", lambda: _apps(["令和7年13月1日,P1,a,3,1"]), "not a date"),
    "apps fraction": ("a5.csv", lambda: _apps(["2025/04/01,P1,a,2.5,1"]), "whole number"),
    "apps missing id": ("a6.csv", lambda: _apps(["2025/04/01,,a,3,1"]), "required value is empty"),
    "apps short row": ("a7.csv", lambda: _apps(["2025/04/01,P1"]), "expected 5 cells"),
    "apps missing column": (
        "a8.csv",
        lambda: "日付,手続ID,手続名\n2025/04/01,P1,a\n".encode(),
        "not recognised",
    ),
    "apps duplicated column": (
        "a9.csv",
        lambda: (
            "日付,手続ID,手続名,オンライン申請件数,オンライン申請件数\n2025/04/01,P1,a,1,1\n".encode()
        ),
        "duplicated",
    ),
    "apps invalid cp932": (
        "a10.csv",
        lambda: _apps(["2025/04/01,P1,a,3,1"]) + b"\x81\x00\xff\xfe\x80",
        "a10.csv",
    ),
    "apps all rows bad": (
        "a11.csv",
        lambda: _apps([f"2025/04/{d:02d},P1,a,x,1" for d in range(1, 29)]),
        "28 of 28",
    ),
    "apps over threshold": (
        "a12.csv",
        lambda: _apps(
            [f"2025/04/{d:02d},P1,a,1,1" for d in range(1, 29)] + ["2025/05/01,P1,a,-1,1"]
        ),
        "threshold",
    ),
    "parquet truncated": ("events.parquet", lambda: b"PAR1" + b"\x00" * 100, "events.parquet"),
}


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    home = tmp_path_factory.mktemp("corpus")
    settings = Settings(HomePaths(home).ensure(), "990019", 0.01, "k")
    seed = home / "seed.csv"
    seed.write_bytes(_apps(["2025/04/01,P1,a,3,1"]))
    assert pipeline.ingest_files(settings, [seed])[0].status == "loaded"
    return settings


def snapshot(settings: Settings) -> dict[str, list[tuple[object, ...]]]:
    con = duckdb.connect(str(settings.paths.warehouse), read_only=True)
    try:
        tables = con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'raw' "
            "AND table_name NOT IN ('_loads', '_rejects') ORDER BY 1"
        ).fetchall()
        return {
            t: con.execute(f'SELECT * FROM raw."{t}" ORDER BY ALL').fetchall() for (t,) in tables
        }
    finally:
        con.close()


def test_the_corpus_is_large_enough() -> None:
    assert len(CASES) >= 40


@pytest.mark.parametrize("case", sorted(CASES))
def test_malformed_file_is_refused_whole(settings: Settings, tmp_path: Path, case: str) -> None:
    name, content, expected = CASES[case]
    path = tmp_path / name
    path.write_bytes(content())
    before = snapshot(settings)
    [outcome] = pipeline.ingest_files(settings, [path])
    assert outcome.status == "quarantined", (case, outcome)
    assert name in outcome.message and expected in outcome.message, outcome.message
    assert snapshot(settings) == before


def test_formula_like_cells_are_kept_as_text(settings: Settings, tmp_path: Path) -> None:
    path = tmp_path / "formula.csv"
    path.write_bytes(
        _apps(["2025/04/02,P9,\"=cmd|' /C calc'!A0\",1,1", "2025/04/03,P9,@SUM(A1),1,1"])
    )
    [outcome] = pipeline.ingest_files(settings, [path])
    assert outcome.status == "loaded"
    con = duckdb.connect(str(settings.paths.warehouse), read_only=True)
    names = con.execute(
        "SELECT procedure_name FROM raw.civic__e_applications WHERE procedure_id = 'P9' ORDER BY 1"
    ).fetchall()
    con.close()
    assert names == [("=cmd|' /C calc'!A0",), ("@SUM(A1)",)]
