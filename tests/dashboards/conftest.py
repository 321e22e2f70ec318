"""Fixtures for the dashboard tests: a small published snapshot with two municipalities.

Municipality 990019 (みどり市) has three days, 2025-04-01..03; 990027 (a neighbour) has large
numbers on the same days, so any leak across the tenancy filter shows in the totals.
Expected totals for 990019 are spelled out in EXPECTED. Tests reach all of this through the
``snap`` fixture (no imports from conftest, which is not a unique module name).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import duckdb
import pytest

from dashboards.config import DashboardConfig
from dashboards.server import create_server
from warehouse.paths import HomePaths

CITY = "990019"
NEIGHBOUR = "990027"
FIRST_DAY = date(2025, 4, 1)
LAST_DAY = date(2025, 4, 3)

WEB_ROWS = [
    # code, date, channel_group, device, sessions, engaged, users, page_views
    (CITY, "2025-04-01", "Organic Search", "mobile", 1000, 600, 900, 2500),
    (CITY, "2025-04-01", "Organic Search", "desktop", 500, 300, 450, 1400),
    (CITY, "2025-04-01", "Direct", "mobile", 200, 100, 180, 400),
    (CITY, "2025-04-02", "Organic Search", "mobile", 2000, 1200, 1800, 5000),
    (CITY, "2025-04-02", "Direct", "desktop", 300, 150, 280, 600),
    (CITY, "2025-04-03", "Organic Search", "mobile", 3000, 1800, 2700, 7500),
    (CITY, "2025-04-03", "Direct", "mobile", 400, 200, 360, 800),
    (NEIGHBOUR, "2025-04-01", "Organic Search", "mobile", 99999, 1, 99999, 99999),
    (NEIGHBOUR, "2025-04-02", "Direct", "mobile", 88888, 1, 88888, 88888),
]
AD_ROWS = [
    # code, campaign, type, date, device, impressions, clicks, spend, conversions, video_views
    (
        CITY,
        "マイナンバーカード申請促進",
        "検索",
        "2025-04-01",
        "携帯電話",
        12345,
        321,
        "4567.00",
        12.0,
    ),
    (CITY, "マイナンバーカード申請促進", "検索", "2025-04-01", "パソコン", 1000, 50, "800.50", 2.0),
    (CITY, "子育て支援PR", "ディスプレイ", "2025-04-01", "携帯電話", 20000, 100, "1500.00", 1.0),
    (
        CITY,
        "マイナンバーカード申請促進",
        "検索",
        "2025-04-02",
        "携帯電話",
        10000,
        300,
        "4000.00",
        10.0,
    ),
    (CITY, "子育て支援PR", "ディスプレイ", "2025-04-03", "携帯電話", 15000, 80, "1200.25", 0.0),
    (NEIGHBOUR, "隣町キャンペーン", "検索", "2025-04-01", "携帯電話", 1, 99999, "999999.00", 0.0),
]
OUTCOME_ROWS = [
    # code, date, procedure_id, procedure_name, online, counter
    (CITY, "2025-04-01", "P001", "住民票の写し等交付申請", 37, 120),
    (CITY, "2025-04-01", "P002", "児童手当の認定請求", 10, 30),
    (CITY, "2025-04-02", "P001", "住民票の写し等交付申請", 40, 100),
    (CITY, "2025-04-03", "P001", "住民票の写し等交付申請", 50, 90),
    (CITY, "2025-04-03", "P002", "児童手当の認定請求", 13, 20),
    (NEIGHBOUR, "2025-04-01", "P001", "住民票の写し等交付申請", 5000, 5000),
]

# Totals for CITY over the whole fixture and over 2025-04-02 alone.
EXPECTED = {
    "all": {
        "sessions": 7400,
        "users": 6670,
        "page_views": 18200,
        "ad_spend_jpy": "12067.75",
        "ad_clicks": 851,
        "online_applications": 150,
        "counter_applications": 360,
        "online_share_pct": "29.4%",
        "sessions_text": "7,400",
        "spend_text": "¥12,068",
        "clicks_text": "851",
    },
    "2025-04-02": {
        "sessions": 2300,
        "ad_spend_jpy": "4000.00",
        "ad_clicks": 300,
        "online_applications": 40,
        "counter_applications": 100,
        "online_share_pct": "28.6%",
        "sessions_text": "2,300",
        "spend_text": "¥4,000",
        "clicks_text": "300",
    },
}

DDL = """
create schema marts;
create table marts.fct_web_sessions_daily (
    municipality_code varchar, activity_date date, channel_group varchar,
    device_category varchar, sessions bigint, engaged_sessions bigint, users bigint,
    page_views bigint);
create table marts.fct_ad_performance_daily (
    municipality_code varchar, platform varchar, account_name varchar, campaign_name varchar,
    campaign_type varchar, activity_date date, device varchar, impressions bigint,
    clicks bigint, spend_jpy decimal(18, 2), conversions double, video_views bigint);
create table marts.fct_civic_outcomes_daily (
    municipality_code varchar, activity_date date, outcome_type varchar, procedure_id varchar,
    procedure_name varchar, online_count bigint, counter_count bigint, total_count bigint);
create table marts.dim_date (
    date_day date, fiscal_year integer, fiscal_month integer, day_of_week integer,
    is_weekend boolean);
"""


def build_serving(path: Path, *, skip_tables: tuple[str, ...] = ()) -> Path:
    """Write the fixture snapshot to ``path`` (a serving.duckdb), leaving out ``skip_tables``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path))
    try:
        con.execute(DDL)
        con.executemany(
            "insert into marts.fct_web_sessions_daily values (?, ?, ?, ?, ?, ?, ?, ?)", WEB_ROWS
        )
        con.executemany(
            "insert into marts.fct_ad_performance_daily values "
            "(?, 'google_ads', 'みどり市 広報', ?, ?, ?, ?, ?, ?, ?, ?, null)",
            AD_ROWS,
        )
        con.executemany(
            "insert into marts.fct_civic_outcomes_daily values "
            "(?, ?, 'e_application', ?, ?, ?, ?, null)",
            OUTCOME_ROWS,
        )
        con.execute(
            "update marts.fct_civic_outcomes_daily set total_count = online_count + counter_count"
        )
        con.execute(
            """
            insert into marts.dim_date
            select d::date, 2025, 1, isodow(d), isodow(d) >= 6
            from range(date '2025-04-01', date '2025-04-04', interval 1 day) t(d)
            """
        )
        for table in skip_tables:
            con.execute(f"drop table marts.{table}")
    finally:
        con.close()
    return path


@pytest.fixture(scope="session")
def snap() -> SimpleNamespace:
    """The fixture data and builder: snap.CITY, snap.EXPECTED, snap.build(path, ...)."""
    return SimpleNamespace(
        CITY=CITY,
        NEIGHBOUR=NEIGHBOUR,
        FIRST_DAY=FIRST_DAY,
        LAST_DAY=LAST_DAY,
        EXPECTED=EXPECTED,
        build=build_serving,
    )


@pytest.fixture
def paths(tmp_path: Path) -> HomePaths:
    home = HomePaths(tmp_path / "home")
    build_serving(home.serving)
    return home


@pytest.fixture
def config(paths: HomePaths) -> DashboardConfig:
    return DashboardConfig(paths=paths, municipality_code=CITY)


@pytest.fixture
def missing_config(tmp_path: Path) -> DashboardConfig:
    """A home with no published snapshot."""
    return DashboardConfig(paths=HomePaths(tmp_path / "empty-home"), municipality_code=CITY)


@contextmanager
def running(config: DashboardConfig) -> Iterator[str]:
    """The dashboard app under waitress on 127.0.0.1 and a free port; yields its base URL."""
    server = create_server(config, host="127.0.0.1", port=0, threads=8)
    thread = threading.Thread(target=server.run, name="dashboard-test-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.effective_port}"
    finally:
        server.close()
        thread.join(timeout=5)


@pytest.fixture(scope="module")
def live_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A running app on the fixture snapshot (municipality 990019)."""
    home = HomePaths(tmp_path_factory.mktemp("live") / "home")
    build_serving(home.serving)
    with running(DashboardConfig(paths=home, municipality_code=CITY)) as url:
        yield url


@pytest.fixture(scope="module")
def missing_live_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A running app whose home has no published snapshot."""
    home = HomePaths(tmp_path_factory.mktemp("missing") / "home")
    with running(DashboardConfig(paths=home, municipality_code=CITY)) as url:
        yield url
