"""Fixture rows for the audience page: the ML marts and the survey respondents (added to the
snapshot by pages_fixture.add_tables). Municipality 990027 (the neighbour) has huge numbers so
a leak across the tenancy filter shows. Small cells are planted on purpose: a suppressed web
segment, suppressed reach rows, engaged sessions below 10, and an age band × area cell with
3 respondents."""

from __future__ import annotations

import duckdb

CITY = "990019"
NEIGHBOUR = "990027"
CARD = '{"model_name": "x"}'

DDL = """
create table marts.ml_segment_profiles (
    municipality_code varchar, segment_id bigint, segment_name varchar, profile_ja varchar,
    users bigint, users_rounded bigint, user_share double, mixture_weight double,
    mean_probability double, parameters_json varchar, matched_distance double,
    is_suppressed boolean, model_card_json varchar);
create table marts.ml_survey_segments (
    municipality_code varchar, survey_name varchar, segment_id bigint, segment_name varchar,
    profile_ja varchar, respondents bigint, estimated_residents bigint, population_share double,
    mean_age_lower double, mixture_weight double, channel_reach_json varchar,
    parameters_json varchar, matched_distance double, is_suppressed boolean,
    model_card_json varchar);
create table marts.ml_channel_reach_by_segment (
    municipality_code varchar, segment_source varchar, segment_id bigint, segment_name varchar,
    channel varchar, base_count bigint, reached_count bigint, reach_share double,
    estimated_residents_reached double, is_suppressed boolean);
create table marts.ml_segment_engagement_by_hour (
    municipality_code varchar, segment_scope varchar, segment_id bigint, day_of_week integer,
    hour_of_day integer, sessions bigint, engaged_sessions bigint, engagement_rate double);
create table marts.ml_model_cards (
    municipality_code varchar, model_name varchar, model_version varchar, method varchar,
    data_window_start date, data_window_end date, n_training_rows bigint, random_seed bigint,
    features_json varchar, parameters_json varchar, metrics_json varchar, versions_json varchar,
    notes varchar, model_card_json varchar);
create table marts.fct_survey_respondents (
    municipality_code varchar, survey_name varchar, respondent_key varchar, age_band varchar,
    sex varchar, town_name varchar, town_key varchar, channels varchar, uses_line boolean,
    uses_koho_shi boolean, uses_website boolean, uses_instagram boolean,
    uses_bosai_musen boolean, is_weighted boolean, weight double);
"""

# id, name, profile, users, share, mean probability, suppressed
WEB_SEGMENTS = [
    (1, "子育て関心層", "推定ユーザー数 約1,200人。よく見る分野: 子育て。", 1200, 0.6, 0.8, False),
    (
        2,
        "観光関心・市外から層",
        "推定ユーザー数 約800人。よく見る分野: 観光。",
        800,
        0.4,
        0.7,
        False,
    ),
    (3, "少数層", None, None, None, 0.9, True),
]
# id, name, respondents, residents, share, mean age
SURVEY_SEGMENTS = [
    (1, "LINE中心の若い世代", 60, 50000, 0.55, 32.0),
    (2, "広報紙中心の高齢世代", 70, 40000, 0.45, 64.0),
]
# source, id, name, channel, base, reached, share, residents, suppressed
REACH_ROWS = [
    ("web", 1, "子育て関心層", "search", 1200, 960, 0.8, None, False),
    ("web", 1, "子育て関心層", "line", 1200, 300, 0.25, None, False),
    ("web", 1, "子育て関心層", "email", 1200, 60, 0.05, None, False),
    ("web", 1, "子育て関心層", "x", 1200, None, None, None, True),
    ("web", 2, "観光関心・市外から層", "search", 800, 560, 0.7, None, False),
    ("web", 2, "観光関心・市外から層", "facebook", 800, 80, 0.1, None, False),
    ("survey", 1, "LINE中心の若い世代", "line", 60, 48, 0.8, 40000.0, False),
    ("survey", 1, "LINE中心の若い世代", "koho_shi", 60, 24, 0.4, 20000.0, False),
    ("survey", 1, "LINE中心の若い世代", "website", 60, 30, 0.5, 25000.0, False),
    ("survey", 2, "広報紙中心の高齢世代", "koho_shi", 70, 63, 0.9, 36000.0, False),
    ("survey", 2, "広報紙中心の高齢世代", "kairanban", 70, 42, 0.6, 24000.0, False),
    ("survey", 2, "広報紙中心の高齢世代", "line", 70, 21, 0.3, 12000.0, False),
    ("survey", 2, "広報紙中心の高齢世代", "instagram", 70, None, None, None, True),
]
# scope, segment id, day of week, hour, sessions, engaged
ENGAGEMENT_ROWS = [
    ("all", None, 2, 9, 100, 60),
    ("all", None, 2, 21, 80, 50),
    ("all", None, 6, 10, 40, 30),
    ("all", None, 3, 12, 12, 5),
    ("segment", 1, 2, 21, 50, 40),
    ("segment", 1, 4, 9, 30, 20),
    ("segment", 1, 1, 12, 11, 3),
    ("segment", 2, 6, 10, 20, 15),
]
CARDS = [
    (
        "web_segments",
        "web_segments-abc123",
        "latent-class model",
        "2025-04-01",
        "2025-05-01",
        2000,
        '{"k": 3}',
    ),
    (
        "survey_segments",
        "survey_segments-def456",
        "weighted latent-class analysis",
        None,
        None,
        130,
        '{"k": 2}',
    ),
]
SURVEY = "令和7年度 みどり市市民意識調査"


def respondents() -> list[tuple[object, ...]]:
    """40 weighted respondents: 25 aged 30-39 and 15 aged 60-69; every fourth lives in 港町,
    the rest in 中央町 (so 60-69 × 港町 has 3 respondents: refused by the planner)."""
    rows = []
    for i in range(40):
        age = "30-39" if i < 25 else "60-69"
        town = "港町" if i % 4 == 0 else "中央町"
        uses = (i % 2 == 0, i >= 20, i % 3 == 0, i % 5 == 0, i % 7 == 0)
        rows.append((CITY, SURVEY, f"r{i:02d}", age, "female", town, town, "", *uses, True, 100.0))
    rows.append(
        (NEIGHBOUR, SURVEY, "n0", "30-39", "male", "港町", "港町", "", *[True] * 5, True, 99999.0)
    )
    return rows


def add_tables(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(DDL)
    con.executemany(
        "insert into marts.ml_segment_profiles values "
        "(?, ?, ?, ?, ?, round(?, -1), ?, ?, ?, '{}', null, ?, ?)",
        [
            (CITY, i, n, p, u, u, s, s or 0.01, m, sup, CARD)
            for i, n, p, u, s, m, sup in WEB_SEGMENTS
        ]
        + [(NEIGHBOUR, 1, "隣町層", "x", 99999, 99999, 1.0, 1.0, 1.0, False, CARD)],
    )
    con.executemany(
        "insert into marts.ml_survey_segments values "
        "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '{}', '{}', null, false, ?)",
        [
            (CITY, SURVEY, i, n, f"推定 約{r:,}人。", c, r, s, a, s, CARD)
            for i, n, c, r, s, a in SURVEY_SEGMENTS
        ],
    )
    con.executemany(
        "insert into marts.ml_channel_reach_by_segment values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(CITY, *row) for row in REACH_ROWS]
        + [(NEIGHBOUR, "web", 1, "隣町層", "search", 99999, 99999, 1.0, None, False)],
    )
    con.executemany(
        "insert into marts.ml_segment_engagement_by_hour values (?, ?, ?, ?, ?, ?, ?, ? / ?)",
        [(CITY, sc, i, d, h, s, e, e, s) for sc, i, d, h, s, e in ENGAGEMENT_ROWS]
        + [(NEIGHBOUR, "all", None, 2, 9, 99999, 99999, 1, 1)],
    )
    con.executemany(
        "insert into marts.ml_model_cards values "
        "(?, ?, ?, ?, ?, ?, ?, 0, '[]', ?, '{}', '{}', null, '{}')",
        [(CITY, *row) for row in CARDS],
    )
    con.executemany(
        "insert into marts.fct_survey_respondents values "
        "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        respondents(),
    )
