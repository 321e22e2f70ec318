"""dashboards.queries against a real (small) serving.duckdb."""

from __future__ import annotations

import os
from datetime import date
from decimal import Decimal

import duckdb
import pytest

from dashboards import queries
from dashboards.config import DashboardConfig
from warehouse.paths import HomePaths

APR1, APR2, APR3 = date(2025, 4, 1), date(2025, 4, 2), date(2025, 4, 3)


def test_date_bounds_cover_the_city_only(config, snap):
    bounds = queries.date_bounds(config)
    assert (bounds.start, bounds.end) == (snap.FIRST_DAY, snap.LAST_DAY)


def test_kpi_totals_whole_range(config, snap):
    want = snap.EXPECTED["all"]
    row = queries.kpi_totals(config, APR1, APR3).row(0, named=True)
    assert row["sessions"] == want["sessions"]
    assert row["users"] == want["users"]
    assert row["page_views"] == want["page_views"]
    assert row["ad_spend_jpy"] == Decimal(want["ad_spend_jpy"])
    assert row["ad_clicks"] == want["ad_clicks"]
    assert row["online_applications"] == want["online_applications"]
    assert row["counter_applications"] == want["counter_applications"]
    assert row["online_share"] == pytest.approx(150 / 510)


def test_kpi_totals_one_day(config, snap):
    want = snap.EXPECTED["2025-04-02"]
    row = queries.kpi_totals(config, APR2, APR2).row(0, named=True)
    assert row["sessions"] == want["sessions"]
    assert row["ad_spend_jpy"] == Decimal(want["ad_spend_jpy"])
    assert row["ad_clicks"] == want["ad_clicks"]
    assert row["online_applications"] == want["online_applications"]
    assert row["online_share"] == pytest.approx(40 / 140)


def test_kpi_totals_empty_range_is_zero_with_null_share(config):
    row = queries.kpi_totals(config, date(2025, 5, 1), date(2025, 5, 31)).row(0, named=True)
    assert row["sessions"] == 0 and row["ad_clicks"] == 0 and row["online_applications"] == 0
    assert row["ad_spend_jpy"] == Decimal("0")
    assert row["online_share"] is None


def test_other_municipality_sees_only_its_rows(paths, snap):
    neighbour = DashboardConfig(paths=paths, municipality_code=snap.NEIGHBOUR)
    row = queries.kpi_totals(neighbour, APR1, APR3).row(0, named=True)
    assert row["sessions"] == 99999 + 88888
    assert row["ad_clicks"] == 99999
    assert row["online_applications"] == 5000


def test_web_sessions_daily_groups_devices_and_filters_dates(config):
    frame = queries.web_sessions_daily(config, APR1, APR2)
    assert frame.columns == [
        "activity_date",
        "channel_group",
        "sessions",
        "engaged_sessions",
        "users",
        "page_views",
    ]
    assert frame.rows() == [
        (APR1, "Direct", 200, 100, 180, 400),
        (APR1, "Organic Search", 1500, 900, 1350, 3900),
        (APR2, "Direct", 300, 150, 280, 600),
        (APR2, "Organic Search", 2000, 1200, 1800, 5000),
    ]


def test_ad_performance_daily_by_date_and_campaign(config):
    frame = queries.ad_performance_daily(config, APR1, APR1)
    assert frame.columns == [
        "activity_date",
        "campaign_name",
        "impressions",
        "clicks",
        "spend_jpy",
        "conversions",
    ]
    assert frame.rows() == [
        (APR1, "マイナンバーカード申請促進", 13345, 371, Decimal("5367.50"), 14.0),
        (APR1, "子育て支援PR", 20000, 100, Decimal("1500.00"), 1.0),
    ]


def test_civic_outcomes_daily_sums_procedures(config):
    frame = queries.civic_outcomes_daily(config, APR1, APR3)
    assert frame.columns == ["activity_date", "online_count", "counter_count"]
    assert frame.rows() == [(APR1, 47, 150), (APR2, 40, 100), (APR3, 63, 110)]


def test_start_after_end_is_rejected(config):
    with pytest.raises(ValueError, match="after"):
        queries.web_sessions_daily(config, APR3, APR1)


def test_missing_snapshot_is_a_domain_error(missing_config):
    with pytest.raises(queries.SnapshotUnavailableError, match="civicpulse run"):
        queries.date_bounds(missing_config)
    with pytest.raises(queries.DashboardDataError):
        queries.kpi_totals(missing_config, APR1, APR3)


def test_missing_mart_names_the_table(tmp_path, snap):
    home = HomePaths(tmp_path / "partial")
    snap.build(home.serving, skip_tables=("fct_ad_performance_daily",))
    config = DashboardConfig(paths=home, municipality_code=snap.CITY)
    with pytest.raises(queries.MartMissingError) as caught:
        queries.kpi_totals(config, APR1, APR3)
    assert caught.value.table == "marts.fct_ad_performance_daily"
    # The other marts still answer.
    assert queries.web_sessions_daily(config, APR1, APR3).height == 6


def test_no_rows_for_the_municipality(paths):
    stranger = DashboardConfig(paths=paths, municipality_code="131016")
    with pytest.raises(queries.NoDataError, match="131016"):
        queries.date_bounds(stranger)


def test_each_query_sees_a_newly_published_snapshot(tmp_path, config, snap):
    before = queries.kpi_totals(config, APR1, APR3).row(0, named=True)["sessions"]
    # Publish swaps a new file in with os.replace; the next query must see it.
    fresh = tmp_path / "next.duckdb"
    snap.build(fresh)
    con = duckdb.connect(str(fresh))
    con.execute("delete from marts.fct_web_sessions_daily where activity_date = '2025-04-03'")
    con.close()
    os.replace(fresh, config.paths.serving)
    after = queries.kpi_totals(config, APR1, APR3).row(0, named=True)["sessions"]
    assert (before, after) == (7400, 4000)


def test_the_shared_reader_is_read_only(config):
    queries.kpi_totals(config, APR1, APR3)
    cursor = queries.READERS.cursor(config.paths.serving)
    with pytest.raises(duckdb.Error, match="read-only"):
        cursor.execute("delete from marts.fct_web_sessions_daily")
    cursor.close()
    assert queries.kpi_totals(config, APR1, APR3).row(0, named=True)["sessions"] == 7400


def test_a_reader_in_use_survives_a_publish(tmp_path, config, snap):
    # A query still reading the old snapshot when publish swaps the file keeps its data; the
    # next query reads the new file (the pool attaches it beside the old one).
    old = queries.READERS.cursor(config.paths.serving)
    fresh = tmp_path / "next.duckdb"
    snap.build(fresh)
    con = duckdb.connect(str(fresh))
    con.execute("delete from marts.fct_web_sessions_daily")
    con.close()
    os.replace(fresh, config.paths.serving)
    assert queries.web_sessions_daily(config, APR1, APR3).height == 0
    total = old.execute("select count(*) from marts.fct_web_sessions_daily").fetchone()
    old.close()
    assert total is not None and total[0] > 0


def test_config_rejects_bad_codes_and_languages(paths):
    with pytest.raises(ValueError, match="6 ASCII digits"):
        DashboardConfig(paths=paths, municipality_code="99001")
    with pytest.raises(ValueError, match="default_language"):
        DashboardConfig(paths=paths, municipality_code="990019", default_language="fr")
