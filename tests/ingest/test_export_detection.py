"""The platform-export readers (export_*.py) claim their own files and nobody else's."""

from pathlib import Path

import pytest

from ingest import registry
from tests.conftest import e_applications_csv, ga4_event, google_ads_ja_report, write_ndjson

OURS = {"ga4_ui", "search_console", "x", "meta_insights", "youtube", "line"}
REAL = {
    "ga4/ui_pages_and_screens.csv": "ga4_ui",
    "search_console/gsc_chart_daily.csv": "search_console",
    "search_console/gsc_queries.csv": "search_console",
    "x/tweet_activity_metrics_ADHOrg_20210401_20210501_en.csv": "x",
    "x/daily_tweet_activity_metrics_ADHOrg_20210401_20210501_en.csv": "x",
    "facebook/page_fans_gender_age_utf16le.csv": "meta_insights",
    "youtube/wholebrainhealth_totals_daily_views.csv": "youtube",
    "youtube/wholebrainhealth_traffic_source_table_data.csv": "youtube",
}


def _claimants(path: Path) -> set[str]:
    text = registry.head_text(path)
    return {r.name for r in registry.READERS if r.name in OURS and r.looks_like(text)}


@pytest.mark.parametrize(("name", "expected"), sorted(REAL.items()))
def test_real_samples_are_claimed_by_exactly_their_reader(
    real_fixtures: Path, name: str, expected: str
) -> None:
    path = real_fixtures / name
    assert registry.detect(path).name == expected
    assert _claimants(path) == {expected}


def test_other_real_files_are_not_ours(real_fixtures: Path) -> None:
    others = [
        p for p in real_fixtures.rglob("*.csv") if str(p.relative_to(real_fixtures)) not in REAL
    ]
    assert len(others) >= 6
    for path in others:
        assert _claimants(path) == set(), path.name


def test_the_foundation_formats_are_not_ours(tmp_path: Path) -> None:
    ads = tmp_path / "ads.csv"
    ads.write_bytes(
        google_ads_ja_report(["有効\tA\t動画\t2025-04-01\t携帯電話\tJPY\t1\t1\t1\t0\t1"], None)
    )
    apps = tmp_path / "apps.csv"
    apps.write_bytes(e_applications_csv(["2025/04/01,P001,a,1,1"]))
    ga4 = write_ndjson(tmp_path / "e.json", [ga4_event("u", 1, 1)])
    for path in (ads, apps, ga4):
        assert _claimants(path) == set()
