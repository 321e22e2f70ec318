"""The composition root wired for real: readers → loader → dbt build (with data tests) →
publish, on small files written here, checking mart numbers against the inputs."""

from __future__ import annotations

from pathlib import Path

import pytest

from civicpulse import pipeline
from civicpulse.settings import Settings, SettingsError, check_municipality_code
from tests.conftest import (
    e_applications_csv,
    ga4_event,
    google_ads_ja_report,
    query_writer,
    write_ndjson,
)
from warehouse.connections import connect_reader
from warehouse.paths import HomePaths

T0 = 1_743_465_600_000_000  # 2025-04-01 00:00 UTC (09:00 in Tokyo)
HOUR = 3_600_000_000


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    home = tmp_path_factory.mktemp("home")
    settings = Settings(HomePaths(home).ensure(), "990019", 0.01, "test-key")
    inbox = settings.paths.inbox
    write_ndjson(
        inbox / "events_20250401.json",
        [
            ga4_event(
                "u1.1",
                1,
                T0,
                page_location="https://www.city.midori.example.jp/a",
                page_referrer="https://search.yahoo.co.jp/",
                source="yahoo",
                medium="organic",
            ),
            ga4_event(
                "u1.1",
                1,
                T0 + 60_000_000,
                page_location="https://www.city.midori.example.jp/b",
                session_engaged="1",
            ),
            ga4_event(
                "u1.1", 2, T0 + 2 * HOUR, page_location="https://www.city.midori.example.jp/c"
            ),
            ga4_event(
                "u2.2",
                3,
                T0 + 3 * HOUR,
                page_location="https://www.city.midori.example.jp/d?gclid=x",
                gclid="x",
                campaign="マイナンバー",
            ),
            ga4_event(
                "u3.3", 4, T0 + 16 * HOUR, page_location="https://www.city.midori.example.jp/e"
            ),
        ],
    )
    (inbox / "ads.csv").write_bytes(
        google_ads_ja_report(
            [
                '有効\tマイナンバー\t検索\t2025-04-01\t携帯電話\tJPY\t"1,000"\t10\t"2,000"\t1.00\t --',
                "有効\tマイナンバー\t検索\t2025-04-01\tパソコン\tJPY\t500\t5\t700\t0.00\t --",
            ],
            '合計: キャンペーン\t\t\t\t\tJPY\t"1,500"\t15\t"2,700"\t1.00\t --',
        )
    )
    (inbox / "apps.csv").write_bytes(
        e_applications_csv(["2025/04/01,P001,住民票,3,10", "2025/04/02,P001,住民票,4,0"])
    )
    (inbox / "notes.txt").write_text("not an export\n")
    outcomes = pipeline.ingest_files(settings, pipeline.inbox_files(settings), from_inbox=True)
    assert sorted(o.status for o in outcomes) == ["loaded", "loaded", "loaded", "quarantined"]
    pipeline.build(settings)
    pipeline.publish_snapshot(settings)
    return settings


def rows(settings: Settings, sql: str) -> list[tuple[object, ...]]:
    con = connect_reader(settings.paths)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_inbox_is_emptied_into_archive_and_quarantine(built: Settings) -> None:
    assert not list(built.paths.inbox.rglob("*.*"))
    assert [p.name for p in built.paths.quarantine.rglob("*.txt")] == ["notes.txt"]
    assert len(list(built.paths.archive.rglob("*.*"))) == 3


def test_sessions_mart(built: Settings) -> None:
    sessions = rows(
        built,
        "SELECT session_channel_group, channel_group, session_date::VARCHAR "
        "FROM marts.fct_web_sessions ORDER BY session_start_at",
    )
    assert sessions == [
        ("Organic Search", "Organic Search", "2025-04-01"),
        ("Direct", "Organic Search", "2025-04-01"),  # last non-direct: the yahoo visit
        ("Paid Search", "Paid Search", "2025-04-01"),
        ("Direct", "Direct", "2025-04-02"),  # 16:00 UTC is the next day in Tokyo
    ]
    daily = rows(
        built,
        "SELECT sum(sessions), sum(page_views), sum(engaged_sessions) "
        "FROM marts.fct_web_sessions_daily",
    )
    assert daily == [(4, 5, 1)]


def test_no_raw_ids_in_marts(built: Settings) -> None:
    keys = rows(built, "SELECT DISTINCT user_key FROM marts.fct_web_sessions")
    assert len(keys) == 3 and all(len(str(k[0])) == 64 and "." not in str(k[0]) for k in keys)


def test_ad_mart_reconciles_to_the_report(built: Settings) -> None:
    assert rows(
        built,
        "SELECT sum(impressions), sum(clicks), sum(spend_jpy), count(*) "
        "FROM marts.fct_ad_performance_daily",
    ) == [(1500, 15, 2700, 2)]


def test_outcomes_and_calendar(built: Settings) -> None:
    assert rows(
        built, "SELECT sum(online_count), sum(total_count) FROM marts.fct_civic_outcomes_daily"
    ) == [(7, 17)]
    assert rows(built, "SELECT min(fiscal_year), count(*) FROM marts.dim_date") == [(2025, 2)]


def test_reingesting_archived_files_changes_nothing(built: Settings) -> None:
    outcomes = pipeline.ingest_files(built, sorted(built.paths.archive.rglob("*.*")))
    assert {o.status for o in outcomes} == {"duplicate"}


def test_municipality_code_check_digit() -> None:
    assert check_municipality_code("222101") == "222101"
    with pytest.raises(SettingsError, match="check digit"):
        check_municipality_code("222102")
    with pytest.raises(SettingsError, match="6 digits"):
        Settings.from_env({"CIVICPULSE_HOME": "/tmp/x", "CIVICPULSE_MUNICIPALITY_CODE": "12"})


def test_every_path_derives_from_home(tmp_path: Path) -> None:
    paths = HomePaths.from_env({"CIVICPULSE_HOME": str(tmp_path / "h")})
    assert paths.serving.parent == paths.warehouse.parent == tmp_path / "h"


def _page_views(settings: Settings) -> list[tuple[object, ...]]:
    return query_writer(
        settings, "SELECT page_view_key, page_path, page_date FROM marts.fct_page_views ORDER BY 1"
    )


def test_incremental_and_full_refresh_agree(built: Settings) -> None:
    first = _page_views(built)
    assert len(first) == 5
    pipeline.build(built, ["fct_page_views"])
    assert _page_views(built) == first
    pipeline.build(built, ["fct_page_views"], full_refresh=True)
    assert _page_views(built) == first


def test_pages_and_conversions(built: Settings) -> None:
    pipeline.publish_snapshot(built)
    assert rows(built, "SELECT page_path, language FROM marts.dim_pages ORDER BY 1") == [
        ("/a", "ja"),
        ("/b", "ja"),
        ("/c", "ja"),
        ("/d", "ja"),
        ("/e", "ja"),
    ]
    assert rows(built, "SELECT sum(page_views) FROM marts.fct_pages_daily") == [(5,)]


def test_docs_generate_offline_and_every_column_is_described(built: Settings) -> None:
    import json

    from warehouse.dbt_runner import run_dbt

    outcome = run_dbt(built.paths, ["docs", "generate"])
    assert outcome.success, outcome.failures
    manifest = json.loads((built.paths.dbt_target / "manifest.json").read_text())
    catalog = json.loads((built.paths.dbt_target / "catalog.json").read_text())
    undocumented: list[str] = []
    for node_id, node in manifest["nodes"].items():
        if node["resource_type"] != "model":
            continue
        if not node["description"].strip():
            undocumented.append(node_id)
        documented = {name for name, col in node["columns"].items() if col["description"].strip()}
        built_columns = catalog["nodes"].get(node_id, {}).get("columns", {})
        undocumented += [f"{node_id}.{c}" for c in built_columns if c not in documented]
    assert undocumented == []
    exposed = {ref for e in manifest["exposures"].values() for ref in e["depends_on"]["nodes"]}
    assert "model.civicpulse.fct_web_sessions_daily" in exposed
