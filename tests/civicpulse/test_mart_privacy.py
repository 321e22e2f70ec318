"""Privacy of the published snapshot of the sample city (built once through the real CLI, see
tests/civicpulse/city_home.py): EVERY column of EVERY mart is scanned for contact data and
names, pseudonymous ids are HMAC-SHA256 digests of the raw ids with the installation's key, no
raw GA4 id is published, and the audience/ML marts have no people-count cell below 10.

The sample generator plants contact data and names on purpose: call-centre notes
("山田様より折り返し希望 / 連絡先 090-1234-5678 or yamada12@example.jp",
samplecity/channels/offline_channels.py) and survey comments ("連絡先: 090-…",
samplecity/channels/survey.py). ground_truth.json counts them, so the test also checks that
they really reached the raw layer (a scan that finds nothing because nothing was planted
would prove nothing)."""

from __future__ import annotations

import json

import duckdb
import pytest

from ingest.pii import keyed_hash
from samplecity.channels.offline_channels import NAMES
from tests.civicpulse.city_home import SECRETS, City, built_city

KEY = SECRETS["CIVICPULSE_PSEUDONYM_KEY"]
THRESHOLD = 10

EMAIL = r"[A-Za-z0-9._%+\-]+\s?[@＠]\s?[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)+"
# 090-1234-5678, 03-1234-5678, (03)1234-5678, 0312345678, 09012345678, +81 90 1234 5678, ０９０…
PHONE = (
    r"(^|[^0-9０-９A-Za-z.])("
    r"[+＋][8８][1１][ \-－]?[0-9０-９]{1,4}[ \-－]?[0-9０-９]{1,4}[ \-－]?[0-9０-９]{3,4}"
    r"|[(（]?[0０][0-9０-９]{1,4}[)）\-－ ][0-9０-９]{1,4}[\-－ ][0-9０-９]{3,4}"
    r"|[0０][0-9０-９]{9,10}"
    r")($|[^0-9０-９A-Za-z])"
)
SURNAMES = [kanji for kanji, _ in NAMES] + [
    "小林", "加藤", "吉田", "山本", "佐々木", "山口", "松本", "井上", "木村", "林", "斎藤", "清水",
]  # fmt: skip
HONORIFIC = r"(" + "|".join(SURNAMES) + r")\s?(様|さん|氏|殿)"
ROMAJI = r"\b(" + "|".join(romaji for _, romaji in NAMES) + r")[0-9]*@"
PATTERNS = {"e-mail": EMAIL, "phone": PHONE, "name": HONORIFIC, "romaji name": ROMAJI}
HEX64 = r"^[0-9a-f]{64}$"
PSEUDONYM_COLUMNS = {"user_key", "respondent_key"}
# Counts of people (or of their sessions) that small-cell suppression covers in the ML and
# audience marts; counts derived from a cell (engaged sessions, successes) are checked apart.
PEOPLE_COUNTS = {"users", "respondents", "sessions", "base_count", "reached_count"}
SUBSET_COUNTS = {"engaged_sessions", "control_successes", "variant_successes"}


@pytest.mark.parametrize(
    ("kind", "value"),
    [
        ("e-mail", "連絡先 yamada12@example.jp"),
        ("e-mail", "ｍａｉｌ a.b+c@mail.example.com"),
        ("phone", "連絡先 090-1234-5678"),
        ("phone", "03-1234-5678"),
        ("phone", "(03)1234-5678"),
        ("phone", "+81 90 1234 5678"),
        ("phone", "+81-3-1234-5678"),
        ("phone", "０９０－１２３４－５６７８"),
        ("phone", "09012345678"),
        ("name", "山田様より折り返し希望"),
        ("name", "佐藤さん"),
        ("romaji name", "suzuki7@example.jp"),
    ],
)
def test_the_scanner_finds_planted_forms(kind: str, value: str) -> None:
    """The patterns (DuckDB's RE2, as the scan runs them) catch what the generator plants."""
    con = duckdb.connect()
    assert con.execute("select regexp_matches(?, ?)", [value, PATTERNS[kind]]).fetchone() == (True,)
    not_phones = [keyed_hash("090-1234-5678", "k"), '{"population": 206585.00000000015}']
    for text in not_phones:  # hex digests and decimal fractions are not phone numbers
        assert con.execute("select regexp_matches(?, ?)", [text, PHONE]).fetchone() == (False,)


@pytest.fixture(scope="module")
def city(tmp_path_factory: pytest.TempPathFactory) -> City:
    return built_city(tmp_path_factory.getbasetemp() / "city")


@pytest.fixture(scope="module")
def con(city: City) -> duckdb.DuckDBPyConnection:
    """Both files read-only: the published snapshot as `serving`, the warehouse as `w`."""
    con = duckdb.connect()
    con.execute(f"ATTACH '{city.home / 'serving.duckdb'}' AS serving (READ_ONLY)")
    con.execute(f"ATTACH '{city.home / 'warehouse.duckdb'}' AS w (READ_ONLY)")
    return con


def columns(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str, str]]:
    """(table, column, type) of every column of every table in the published snapshot."""
    return con.execute(
        "select table_name, column_name, data_type from duckdb_columns() "
        "where database_name = 'serving' and schema_name = 'marts' order by 1, 2"
    ).fetchall()


def test_the_snapshot_has_the_marts_and_nothing_else(con: duckdb.DuckDBPyConnection) -> None:
    schemas = {
        r[0]
        for r in con.execute(
            "select distinct schema_name from duckdb_tables() where database_name = 'serving'"
        ).fetchall()
    }
    assert schemas <= {"marts", "meta"}  # meta.published: when and what was published
    tables = {t for t, _, _ in columns(con)}
    assert {"fct_web_sessions", "fct_survey_respondents", "fct_offline_channel_daily"} <= tables
    assert len(tables) >= 20


def test_pii_was_planted_and_reached_raw_only_scrubbed(city: City, con) -> None:
    truth = json.loads((city.home / "ground_truth.json").read_text())["channels"]
    assert truth["offline_channels"]["pii_notes_planted"] > 0
    assert truth["survey"]["pii_comments_planted"] > 0
    notes = con.execute(
        "select count(*) filter (where notes like '%[phone]%' or notes like '%[email]%'), "
        f"count(*) filter (where regexp_matches(notes, '{HONORIFIC}')) "
        "from w.raw.offline__channel_activities"
    ).fetchone()
    assert notes is not None and notes[0] > 0 and notes[1] > 0  # scrubbed contacts, names kept
    comments = con.execute(
        "select count(*) from w.raw.survey__respondents where comment like '%[phone]%'"
    ).fetchone()
    assert comments is not None and comments[0] > 0


@pytest.mark.parametrize("kind", sorted(PATTERNS))
def test_no_mart_value_looks_like_personal_data(con, kind: str) -> None:
    pattern = PATTERNS[kind].replace("'", "''")
    found = []
    for table, column, _ in columns(con):
        hits = con.execute(
            f'select distinct "{column}"::varchar from serving.marts."{table}" '
            f"where regexp_matches(\"{column}\"::varchar, '{pattern}') limit 3"
        ).fetchall()
        found += [(table, column, value) for (value,) in hits]
    assert found == [], f"{kind}-like values published: {found}"


def test_the_planted_names_and_contacts_are_in_no_mart(con) -> None:
    """Every name the generator plants, as plain text anywhere in any published value."""
    names = [kanji for kanji, _ in NAMES]
    found = []
    for table, column, _ in columns(con):
        for name in names:
            hit = con.execute(
                f'select "{column}"::varchar from serving.marts."{table}" '
                f'where contains("{column}"::varchar, ?) and contains("{column}"::varchar, \'様\') '
                "limit 1",
                [name],
            ).fetchall()
            found += [(table, column, v) for (v,) in hit]
    assert found == []


def test_pseudonymous_ids_are_hmac_digests_of_the_raw_ids(con) -> None:
    pseudonyms = [(t, c) for t, c, _ in columns(con) if c in PSEUDONYM_COLUMNS]
    assert ("fct_web_sessions", "user_key") in pseudonyms
    assert ("fct_survey_respondents", "respondent_key") in pseudonyms
    for table, column in pseudonyms:
        bad = con.execute(
            f'select count(*) from serving.marts."{table}" '
            f'where "{column}" is not null and not regexp_matches("{column}", \'{HEX64}\')'
        ).fetchone()
        assert bad == (0,), (table, column)
    raw = [
        r[0]
        for r in con.execute("select distinct user_pseudo_id from w.raw.ga4__events").fetchall()
    ]
    expected = {keyed_hash(u, KEY) for u in raw}
    query = "select distinct user_key from serving.marts.fct_web_sessions"
    published = {r[0] for r in con.execute(query).fetchall()}
    assert published and published <= expected
    assert len(published) > 0.9 * len(expected)


def test_no_raw_ga4_id_appears_in_any_mart(con) -> None:
    con.execute(
        "create temp table raw_ids as select distinct user_pseudo_id as id from w.raw.ga4__events"
    )
    assert con.execute("select count(*) from raw_ids").fetchone()[0] > 100
    found = []
    for table, column, kind in columns(con):
        if kind != "VARCHAR":
            continue
        hits = con.execute(
            f'select distinct m."{column}" from serving.marts."{table}" m '
            f'join raw_ids r on contains(m."{column}", r.id) limit 3'
        ).fetchall()
        found += [(table, column, v) for (v,) in hits]
    assert found == []


def small_cells(con, names: set[str]) -> tuple[list, list]:
    """(checked (table, column), cells between 1 and THRESHOLD - 1) in ml_ and audience marts."""
    checked, small = [], []
    for table, column, kind in columns(con):
        audience = table.startswith("ml_") or table in ("dim_towns", "fct_survey_respondents")
        if not audience or column not in names or kind not in ("BIGINT", "INTEGER"):
            continue
        checked.append((table, column))
        rows = con.execute(
            f'select "{column}" from serving.marts."{table}" '
            f'where "{column}" > 0 and "{column}" < {THRESHOLD} limit 3'
        ).fetchall()
        small += [(table, column, v) for (v,) in rows]
    return checked, small


def test_no_small_people_counts_in_audience_and_ml_marts(con) -> None:
    checked, small = small_cells(con, PEOPLE_COUNTS)
    assert {("ml_segment_profiles", "users"), ("ml_survey_segments", "respondents")} <= set(checked)
    assert ("ml_segment_engagement_by_hour", "sessions") in checked
    assert small == []


def test_no_small_subset_counts_in_ml_marts(con) -> None:
    checked, small = small_cells(con, SUBSET_COUNTS)
    assert ("ml_segment_engagement_by_hour", "engaged_sessions") in checked
    assert small == []


def test_ml_segments_below_the_threshold_are_suppressed(con) -> None:
    for table, count in (("ml_segment_profiles", "users"), ("ml_survey_segments", "respondents")):
        rows = con.execute(f"select {count}, is_suppressed from serving.marts.{table}").fetchall()
        assert rows, table
        for value, suppressed in rows:
            assert (value is None) == bool(suppressed), (table, value, suppressed)
