"""The sample city's Yahoo! 広告, Meta ads and メールマガジン files: read back by the real
readers, they give what the ground truth says was planted."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from ingest import registry
from tests.samplecity.conftest import City


def _truth(city: City, module: str) -> dict[str, Any]:
    return json.loads(city.ground_truth.read_text(encoding="utf-8"))["channels"][module]


def _read(path: Path, reader: str):  # type: ignore[no-untyped-def]
    assert registry.detect(path).name == reader, path
    [result] = registry.read(path)
    assert not result.rejects, result.rejects[:3]
    return result


def test_yahoo_reports_match_the_truth(city: City) -> None:
    truth = _truth(city, "yahoo_ads")
    files = sorted((city.out / "yahoo_ads").glob("*.csv"))
    assert [f.name for f in files] == [
        "display_adgroup_report_FY2025.csv",
        "search_campaign_report_FY2025.csv",
    ]
    assert files[1].read_bytes().decode("cp932").startswith('"検索広告')
    assert files[0].read_bytes().startswith(b"\xef\xbb\xbf")
    for path, network in zip(files, ("display", "search"), strict=True):
        frame = _read(path, "yahoo_ads").frame
        assert set(frame["ad_network"]) == {network}
        by_campaign = frame.group_by("campaign_name").agg(pl.sum("impressions", "cost"))
        planted = truth[network]
        assert set(by_campaign["campaign_name"]) == set(planted)
        for name, impressions, cost in by_campaign.iter_rows():
            assert impressions == planted[name]["impressions"]
            assert cost == pytest.approx(planted[name]["cost_jpy"])


def test_yahoo_campaigns_mirror_google_themes_and_windows(city: City) -> None:
    truth = json.loads(city.ground_truth.read_text(encoding="utf-8"))
    google = {c["campaign_name"]: c for c in truth["campaigns"]}
    frame = _read(city.out / "yahoo_ads" / "search_campaign_report_FY2025.csv", "yahoo_ads").frame
    for name, first, last in (
        frame.group_by("campaign_name")
        .agg(pl.col("day").min().alias("first"), pl.col("day").max().alias("last"))
        .iter_rows()
    ):
        assert (str(first), str(last)) == (google[name]["start_date"], google[name]["end_date"])


def test_meta_exports_match_the_truth_and_have_a_no_data_file(city: City) -> None:
    truth = _truth(city, "meta_ads")
    [no_data] = truth["no_data_files"]
    assert (city.out / no_data).read_bytes() == b"No data available.\r\n"
    impressions: dict[str, int] = {}
    spend: dict[str, float] = {}
    for path in sorted((city.out / "meta_ads").glob("*.csv")):
        result = _read(path, "meta_ads")
        assert (result.frame.height == 0) == (str(path.relative_to(city.out)) == no_data)
        for name, imp, cost in (
            result.frame.group_by("campaign_name")
            .agg(pl.sum("impressions", "amount_spent"))
            .iter_rows()
        ):
            impressions[name] = impressions.get(name, 0) + imp
            spend[name] = spend.get(name, 0.0) + cost
        frame = result.frame
        assert frame.filter(frame["reach"] > frame["impressions"]).height == 0
    planted = truth["campaigns"]
    assert impressions == {n: c["impressions"] for n, c in planted.items()}
    assert spend == pytest.approx({n: c["spend_jpy"] for n, c in planted.items()})


def test_newsletter_issues_on_the_1st_and_15th(city: City) -> None:
    truth = _truth(city, "newsletter")
    frame = _read(city.out / "newsletter" / "mailmag_stats_FY2025.csv", "newsletter").frame
    assert frame.height == truth["issues"] == 24
    assert {d.day for d in frame["sent_at"].to_list()} == {1, 15}
    assert frame["sent_count"].sum() == truth["total_sent"]
    assert frame["open_count"].sum() == truth["total_opens"]
    assert frame["sent_count"].min() > 14_000 and frame["sent_count"].max() < 16_500
    open_rate = frame["open_count"].sum() / frame["delivered_count"].sum()
    assert 0.15 < open_rate < 0.4
