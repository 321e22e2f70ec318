"""The social / search channel writers (x, line, meta_insights, youtube, search_console, ga4_ui):
their files are read back by the project's own readers without a single reject, and what was
planted (typhoon spikes, Friday and typhoon-day LINE messages, the 観光PR動画) is in the data."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import polars as pl
import pytest

from ingest import registry

from .conftest import City

FOLDERS = {
    "ga4_ui": "ga4_ui",
    "search_console": "search_console",
    "x": "x",
    "line": "line",
    "meta_insights": "meta_insights",
    "youtube": "youtube",
}


def _read(path: Path) -> list[pl.DataFrame]:
    results = registry.read(path)
    assert all(not r.rejects for r in results), path.name
    return [r.frame for r in results]


def _frames(city: City, folder: str) -> dict[str, pl.DataFrame]:
    out: dict[str, list[pl.DataFrame]] = {}
    for path in sorted((city.out / folder).glob("*.csv")):
        for result in registry.read(path):
            out.setdefault(result.entity, []).append(result.frame)
    return {entity: pl.concat(frames) for entity, frames in out.items()}


def _truth(city: City) -> dict:
    return json.loads(city.ground_truth.read_text(encoding="utf-8"))["channels"]


@pytest.mark.parametrize("folder", sorted(FOLDERS))
def test_every_file_is_read_whole_by_its_reader(city: City, folder: str) -> None:
    files = {k: v for k, v in city.summary["files"].items() if k.startswith(f"{folder}/")}
    assert files, folder
    for relpath, rows in files.items():
        path = city.out / relpath
        assert registry.detect(path).name == FOLDERS[folder]
        assert sum(f.height for f in _read(path)) == rows, relpath


def test_x_typhoon_days_spike(city: City) -> None:
    truth = _truth(city)["x"]
    days = _frames(city, "x")["account_days"]
    median = days["impressions"].median()
    for day in truth["typhoon_dates"]:
        on_day = days.filter(pl.col("date") == dt.date.fromisoformat(day))
        assert on_day["impressions"][0] > 5 * median
    posts = _frames(city, "x")["posts"]
    assert posts.height == truth["posts"] and posts["post_id"].n_unique() == posts.height
    assert posts["text"].str.contains("\n").any()


def test_line_messages_on_fridays_and_typhoon_days(city: City) -> None:
    truth = _truth(city)["line"]
    messages = _frames(city, "line")["messages"]
    local = messages["sent_at"].dt.offset_by("9h")
    fridays = messages.filter((local.dt.weekday() == 5) & (local.dt.hour() == 18))
    # one row per broadcast, except the monthly A/B tests: one row per pattern (A and B)
    assert fridays.height == truth["friday_messages"] + truth["ab_tests"]
    assert truth["friday_messages"] >= 48 and truth["ab_tests"] >= 10
    patterns = fridays.filter(pl.col("variant").is_not_null())
    assert patterns.height == 2 * truth["ab_tests"]
    assert sorted(set(patterns["variant"].to_list())) == ["A", "B"]
    # each pattern goes to about half of the friends a plain Friday broadcast reaches
    plain = fridays.filter(pl.col("variant").is_null())["delivered"].median()
    halves = patterns["delivered"] / plain
    assert halves.min() > 0.4 and halves.max() < 0.6
    storm_days = {dt.date.fromisoformat(d) for d in truth["typhoon_dates"]}
    on_storm_days = messages.filter(local.dt.date().is_in(sorted(storm_days)))
    assert on_storm_days.height >= 2 * len(storm_days)
    urgent = messages.filter(pl.col("text").str.contains("^【(緊急|防災)】"))
    assert urgent.height == truth["typhoon_messages"]
    assert (urgent["opened"] / urgent["delivered"]).min() > (
        fridays["opened"] / fridays["delivered"]
    ).max()


def test_follower_stocks_are_consistent(city: City) -> None:
    days = _frames(city, "meta_insights")["account_days"].sort("platform", "date")
    for _, group in days.group_by("platform"):
        change = group["followers"].diff().drop_nulls()
        flows = (group["new_followers"] - group["unfollows"])[1:]
        assert change.to_list() == flows.to_list()
    friends = _frames(city, "line")["friend_days"]
    assert (friends["target_reach"] < friends["friends"]).all()


def test_the_tourism_video_follows_the_ad_campaign(city: City) -> None:
    truth = _truth(city)["youtube"]
    table = _frames(city, "youtube")["table_rows"]
    videos = table.filter(pl.col("dimension") == "content").sort("views", descending=True)
    assert videos["dimension_value"][0] == truth["pr_video"]["id"]
    assert "観光PR動画" in videos["video_title"][0]
    ads = _read(city.out / "google_ads" / "campaign_report_FY2025.csv")[0]
    assert ads["video_views"].sum() == truth["pr_video_ad_views"] > 0
    assert videos["views"][0] >= truth["pr_video_ad_views"]
    channel = _frames(city, "youtube")["channel_days"]
    assert channel["views"].sum() == videos["views"].sum()


def test_search_console_and_ga4_ui(city: City) -> None:
    truth = _truth(city)["search_console"]
    gsc = _frames(city, "search_console")
    assert gsc["dates"]["clicks"].sum() == truth["clicks"]
    assert gsc["queries"]["query"].str.contains("みどり市|midori").all()
    assert gsc["queries"]["clicks"].sum() < truth["clicks"]
    ga4 = _frames(city, "ga4_ui")["report_rows"]
    pages = ga4.filter(pl.col("report_name") == "ページとスクリーン")
    assert pages["views"].sum() == _truth(city)["ga4_ui"]["page_views"]
    assert ga4["table_index"].max() == 2  # the snapshot's two tables
