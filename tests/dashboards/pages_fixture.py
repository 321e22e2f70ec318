"""Fixture rows for the executive, channels and web pages (added to the snapshot by
conftest._write_serving). Municipality 990027 (the neighbour) has huge numbers so a leak across
the tenancy filter shows."""

from __future__ import annotations

import duckdb

from tests.dashboards import audience_fixture

CITY = "990019"
NEIGHBOUR = "990027"

DDL = """
create table marts.rpt_kpi_monthly (
    municipality_code varchar, month_start_date date, fiscal_year integer,
    fiscal_month integer, kpi_id varchar, kpi_name_ja varchar, kpi_name_en varchar,
    kpi_value double, target_value double, unit varchar, direction varchar,
    is_on_target boolean, previous_year_value double);
create table marts.fct_channel_daily (
    municipality_code varchar, activity_date date, channel_family varchar, channel varchar,
    reach_basis varchar, reach_or_contacts bigint, engagements bigint, cost_jpy decimal(18, 2));
create table marts.fct_page_accessibility (
    municipality_code varchar, page_key varchar, page_url varchar, page_path varchar,
    department varchar, audit_date date, tool varchar, violation_rules integer,
    violation_nodes integer, jis_criteria integer, jis_fail_criteria integer,
    jis_review_criteria integer, jis_conform_criteria integer, failed_criteria varchar,
    is_latest_audit boolean, page_views bigint);
create table marts.fct_page_readability (
    municipality_code varchar, page_key varchar, page_path varchar, department varchar,
    audit_date date, is_japanese boolean, jreadability double, readability_band varchar,
    band_level integer, is_latest_analysis boolean, page_views bigint);
create table marts.dim_pages (
    municipality_code varchar, page_path varchar, page_title varchar, department varchar,
    topic varchar, language varchar, is_easy_japanese boolean, is_e_application_page boolean,
    has_easy_japanese_version boolean);
"""

_SESSIONS = ("web_sessions", "Webセッション数", "Web sessions", "count", "higher", 5000.0)
_ONLINE = ("online_procedure_rate", "オンライン手続利用率", "Online procedure rate", "ratio")
_COST = (
    "ad_cost_per_online_application",
    "オンライン申請1件あたり広告費",
    "Ad cost per online application",
)
# fiscal year, month, kpi id, ja, en, value, target, unit, direction, previous year
KPI_ROWS = [
    (2024, 1, *_SESSIONS[:4], 3000.0, 4000.0, "higher", None),
    (2024, 2, *_SESSIONS[:4], 3500.0, 4000.0, "higher", None),
    (2024, 3, *_SESSIONS[:4], 4000.0, 4000.0, "higher", None),
    (2025, 1, *_SESSIONS[:4], 4200.0, 5000.0, "higher", 3000.0),
    (2025, 2, *_SESSIONS[:4], 4800.0, 5000.0, "higher", 3500.0),
    (2025, 3, *_SESSIONS[:4], 5200.0, 5000.0, "higher", 4000.0),
    (2024, 1, *_ONLINE, 0.20, 0.25, "higher", None),
    (2024, 2, *_ONLINE, 0.22, 0.25, "higher", None),
    (2024, 3, *_ONLINE, 0.25, 0.25, "higher", None),
    (2025, 1, *_ONLINE, 0.26, 0.30, "higher", 0.20),
    (2025, 2, *_ONLINE, 0.28, 0.30, "higher", 0.22),
    (2025, 3, *_ONLINE, 0.29, 0.30, "higher", 0.25),
    (2025, 1, *_COST, "jpy", 600.0, 500.0, "lower", None),
    (2025, 2, *_COST, "jpy", 550.0, 500.0, "lower", None),
    (2025, 3, *_COST, "jpy", 480.0, 500.0, "lower", None),
]

# date, family, channel, basis, reach, engagements, cost
CHANNEL_ROWS = [
    ("2025-04-01", "web", "website", "sessions", 1700, 1000, None),
    ("2025-04-02", "web", "website", "sessions", 2300, 1350, None),
    ("2025-04-03", "web", "website", "sessions", 3400, 2000, None),
    ("2025-05-01", "web", "website", "sessions", 1000, 500, None),
    ("2025-04-01", "ads", "google_ads", "impressions", 33345, 471, "6867.50"),
    ("2025-04-02", "ads", "google_ads", "impressions", 10000, 300, "4000.00"),
    ("2025-04-03", "ads", "yahoo_ads", "impressions", 5000, 20, "300.00"),
    ("2025-04-01", "social", "x", "reach", 800, 40, None),
    ("2025-04-02", "social", "x", "reach", 900, 45, None),
    ("2025-04-02", "newsletter", "newsletter", "deliveries", 5000, 5, None),
    ("2025-04-01", "offline", "koho_shi", "copies", 90000, None, "300000.00"),
]

# path, department, audit date, rules, nodes, fail, review, conform, failed, latest, views
AUDIT_ROWS = [
    ("/", None, "2025-04-01", 3, 9, 3, 20, 15, "1.1.1,1.4.3,4.1.2", False, 5000),
    ("/", None, "2025-04-03", 1, 2, 1, 20, 17, "1.1.1", True, 5000),
    ("/kosodate/teate", "kosodate", "2025-04-03", 0, 0, 0, 22, 16, None, True, 1200),
    ("/kosodate/hoiku", "kosodate", "2025-04-03", 2, 5, 2, 20, 16, "1.4.3,4.1.2", True, 300),
    ("/bousai/hinan", "bousai", "2025-04-03", 0, 0, 0, 21, 17, None, True, 800),
    ("/en/", "en", "2025-04-03", 1, 1, 1, 20, 17, "3.1.1", True, 50),
]
# path, jreadability, band, level
READABILITY_ROWS = [
    ("/", 3.8, "中級前半", 4),
    ("/kosodate/teate", 4.6, "初級後半", 5),
    ("/kosodate/hoiku", 2.9, "中級後半", 3),
    ("/bousai/hinan", 5.7, "初級前半", 6),
    ("/en/", None, None, None),
]
# path, title, department, language, has easy version
PAGE_ROWS = [
    ("/", "みどり市トップ", None, "ja", False),
    ("/kosodate/teate", "児童手当", "kosodate", "ja", False),
    ("/kosodate/hoiku", "保育園", "kosodate", "ja", False),
    ("/bousai/hinan", "避難所", "bousai", "ja", True),
    ("/en/", "Midori City", "en", "en", False),
]
HOST = "https://www.city.midori.example.jp"


def add_tables(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(DDL)
    con.executemany(
        "insert into marts.rpt_kpi_monthly values "
        "(?, make_date(? + (? + 2) // 12, (? + 2) % 12 + 1, 1), ?, ?, ?, ?, ?, ?, ?, ?, ?, "
        "case when ? = 'higher' then ? >= ? else ? <= ? end, ?)",
        [
            (CITY, y, m, m, y, m, kid, ja, en, v, tv, unit, d, d, v, tv, v, tv, prev)
            for y, m, kid, ja, en, unit, v, tv, d, prev in KPI_ROWS
        ],
    )
    con.execute(
        "insert into marts.rpt_kpi_monthly values (?, '2025-04-01', 2025, 1, 'web_sessions', "
        "'Webセッション数', 'Web sessions', 99999, 5000, 'count', 'higher', true, null)",
        [NEIGHBOUR],
    )
    con.executemany(
        "insert into marts.fct_channel_daily values (?, ?, ?, ?, ?, ?, ?, ?)",
        [(CITY, *row) for row in CHANNEL_ROWS]
        + [(NEIGHBOUR, "2025-04-01", "web", "website", "sessions", 99999, 99999, None)],
    )
    audits = [(CITY, *row) for row in AUDIT_ROWS] + [
        (NEIGHBOUR, "/", None, "2025-04-03", 9, 99, 9, 20, 9, "9.9.9", True, 99999)
    ]
    con.executemany(
        "insert into marts.fct_page_accessibility values "
        "(?, ? || ?, ? || ?, ?, ?, ?, 'axe-core', ?, ?, 38, ?, ?, ?, ?, ?, ?)",
        [(c, HOST, p, HOST, p, p, *rest) for c, p, *rest in audits],
    )
    views = {row[0]: row[-1] for row in AUDIT_ROWS}
    departments = {row[0]: row[1] for row in AUDIT_ROWS}
    con.executemany(
        "insert into marts.fct_page_readability values "
        "(?, ? || ?, ?, ?, '2025-04-03', ? is not null, ?, ?, ?, true, ?)",
        [
            (CITY, HOST, p, p, departments[p], score, score, band, level, views[p])
            for p, score, band, level in READABILITY_ROWS
        ],
    )
    con.executemany(
        "insert into marts.dim_pages values (?, ?, ?, ?, '(未分類)', ?, false, false, ?)",
        [(CITY, *row) for row in PAGE_ROWS],
    )
    audience_fixture.add_tables(con)  # the audience page
