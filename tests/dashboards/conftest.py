"""Fixtures for the dashboard tests: a small published snapshot with two municipalities, and
users of every role.

Municipality 990019 (みどり市) has three days, 2025-04-01..03; 990027 (a neighbour) has large
numbers on the same days, so any leak across the tenancy filter shows in the totals.
Expected totals for 990019 are spelled out in EXPECTED. Two ad rows carry hostile campaign
names (a script tag and a spreadsheet formula) with no spend or clicks, and one row is on a
second platform (yahoo_ads). marts.dim_campaigns maps both real campaigns to a theme and a
target procedure. Tests reach all of this through the ``snap`` fixture, and users, configs and the HTTP client
(tests/dashboards/kit.py) through the ``web`` fixture.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import duckdb
import pytest

from dashboards.config import DashboardConfig
from tests.dashboards import browser_kit, pages_fixture
from tests.dashboards.kit import (
    PASSWORD,
    ROLE_USERS,
    SECRET,
    Client,
    add_users,
    make_config,
    running,
)
from warehouse.city_snapshots import write_city_snapshots
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
SCRIPT_NAME = "<script>alert(1)</script>"
FORMULA_NAME = '=HYPERLINK("http://evil.example","x")'
EXTRA_AD_ROWS = [
    # code, platform, campaign, type, date, device, impressions, clicks, spend, conversions
    (
        CITY,
        "yahoo_ads",
        "子育て支援PR",
        "ディスプレイ",
        "2025-04-03",
        "mobile",
        5000,
        20,
        "300.00",
        1.0,
    ),
    (CITY, "google_ads", SCRIPT_NAME, "検索", "2025-04-02", "携帯電話", 100, 0, "0.00", 0.0),
    (CITY, "google_ads", FORMULA_NAME, "検索", "2025-04-02", "携帯電話", 100, 0, "0.00", 0.0),
]
CAMPAIGN_ROWS = [
    # code, campaign, theme, target procedure, name, start, end
    (
        CITY,
        "マイナンバーカード申請促進",
        "マイナンバー",
        "P001",
        "住民票の写し等交付申請",
        "2025-04-01",
        "2025-04-30",
    ),
    (CITY, "子育て支援PR", "子育て", "P002", "児童手当の認定請求", "2025-04-01", "2025-04-30"),
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
        "ad_spend_jpy": "12367.75",
        "ad_clicks": 871,
        "online_applications": 150,
        "counter_applications": 360,
        "online_share_pct": "29.4%",
        "sessions_text": "7,400",
        "spend_text": "¥12,368",
        "clicks_text": "871",
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
create table marts.dim_campaigns (
    municipality_code varchar, campaign_key varchar, campaign_name varchar, theme varchar,
    target_procedure_id varchar, target_procedure_name varchar, start_date date, end_date date);
create table marts.dim_date (
    date_day date, fiscal_year integer, fiscal_month integer, day_of_week integer,
    is_weekend boolean);
"""


_TEMPLATES: dict[tuple[str, ...], Path] = {}


def build_serving(path: Path, *, skip_tables: tuple[str, ...] = ()) -> Path:
    """Write the fixture snapshot to ``path`` (a serving.duckdb), leaving out ``skip_tables``
    (built once per variant and test session, then copied)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    template = _TEMPLATES.get(skip_tables)
    if template is None or not template.exists():
        folder = Path(tempfile.mkdtemp(prefix="civicpulse-dash-snapshot-"))
        template = _write_serving(folder / "serving.duckdb", skip_tables)
        _TEMPLATES[skip_tables] = template
    shutil.copyfile(template, path)
    home = HomePaths(path.parent)
    if path == home.serving:  # as `civicpulse publish` does: one snapshot per city
        write_city_snapshots(home)
    return path


def _write_serving(path: Path, skip_tables: tuple[str, ...]) -> Path:
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
            "insert into marts.fct_ad_performance_daily values "
            "(?, ?, 'みどり市 広報', ?, ?, ?, ?, ?, ?, ?, ?, null)",
            EXTRA_AD_ROWS,
        )
        con.executemany(
            "insert into marts.dim_campaigns values (?, md5(? || ?), ?, ?, ?, ?, ?, ?)",
            [(r[0], r[0], r[1], *r[1:]) for r in CAMPAIGN_ROWS],
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
        pages_fixture.add_tables(con)  # executive, channels and web pages
        for table in skip_tables:
            con.execute(f"drop table marts.{table}")
    finally:
        con.close()
    return path


@pytest.fixture(scope="session")
def web() -> SimpleNamespace:
    """HTTP helpers: web.Client(base), web.PASSWORD, web.USERS (name -> role), and
    web.config(home, **overrides) / web.add_users(home)."""
    return SimpleNamespace(
        Client=Client,
        PASSWORD=PASSWORD,
        USERS=ROLE_USERS,
        SECRET=SECRET,
        config=make_config,
        add_users=add_users,
    )


@pytest.fixture(scope="session")
def snap() -> SimpleNamespace:
    """The fixture data and builder: snap.CITY, snap.EXPECTED, snap.build(path, ...)."""
    return SimpleNamespace(
        CITY=CITY,
        NEIGHBOUR=NEIGHBOUR,
        FIRST_DAY=FIRST_DAY,
        LAST_DAY=LAST_DAY,
        EXPECTED=EXPECTED,
        SCRIPT_NAME=SCRIPT_NAME,
        FORMULA_NAME=FORMULA_NAME,
        build=build_serving,
    )


@pytest.fixture
def paths(tmp_path: Path) -> HomePaths:
    home = HomePaths(tmp_path / "home")
    build_serving(home.serving)
    return add_users(home)


@pytest.fixture
def config(paths: HomePaths) -> DashboardConfig:
    return make_config(paths)


@pytest.fixture
def missing_config(tmp_path: Path) -> DashboardConfig:
    """A home with no published snapshot (but with users)."""
    return make_config(add_users(HomePaths(tmp_path / "empty-home")))


@pytest.fixture(scope="module")
def live_home(tmp_path_factory: pytest.TempPathFactory) -> HomePaths:
    home = HomePaths(tmp_path_factory.mktemp("live") / "home")
    build_serving(home.serving)
    return add_users(home)


@pytest.fixture(scope="module")
def live_url(live_home: HomePaths) -> Iterator[str]:
    """A running app on the fixture snapshot (municipality 990019), users of every role."""
    with running(make_config(live_home)) as url:
        yield url


@pytest.fixture(scope="module")
def missing_live_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A running app whose home has no published snapshot."""
    home = add_users(HomePaths(tmp_path_factory.mktemp("missing") / "home"))
    with running(make_config(home)) as url:
        yield url


@pytest.fixture(scope="module")
def admin(live_url: str) -> Client:
    """A client logged in as the admin on the live app."""
    client = Client(live_url)
    assert client.login("admin").status == 303
    return client


# --- browser (used by test_dash_browser*.py; one browser and one logged-in context per module)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(browser_kit.CHROMIUM), args=browser_kit.CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def admin_context(browser, live_url, web):
    context = browser_kit.new_context(browser)
    browser_kit.log_in(context, live_url, "admin", web.PASSWORD)
    yield context
    context.close()


@pytest.fixture
def visit(admin_context, live_url) -> Iterator[object]:
    v = browser_kit.Visit(admin_context, live_url)
    yield v
    v.close()


# --- an app for Flask's test client


@pytest.fixture
def app(config):
    from dashboards.app import create_app

    return create_app(config)


@pytest.fixture
def client(app):
    return app.server.test_client()
