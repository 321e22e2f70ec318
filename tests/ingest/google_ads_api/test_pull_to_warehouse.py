"""A whole pull through the real client and the stand-in into a DuckDB file with load_many:
several customers, restatement, cursors, and failures that leave the warehouse unchanged."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import duckdb
import grpc
import pytest

from civicpulse.pull import PullSummary, run_google_ads_pull
from civicpulse.settings import Settings
from ingest.google_ads_api.client import GoogleAdsApi, RetryPolicy
from ingest.google_ads_api.config import GoogleAdsConfig, Secret
from ingest.google_ads_api.errors import GoogleAdsAuthError, GoogleAdsPullError
from tests.ingest.google_ads_api import rows as R
from tests.ingest.google_ads_api.fake_server import (
    DEVELOPER_TOKEN,
    Fail,
    FakeGoogleAds,
    client_for,
    unavailable,
)
from warehouse.cursors import read_cursor
from warehouse.paths import HomePaths

TODAY = dt.date(2025, 6, 1)
APR5 = dt.date(2025, 4, 5)


def settings_in(tmp_path: Path) -> Settings:
    return Settings(HomePaths(tmp_path / "home").ensure(), "990019", 0.01, "test-key")


def config(*customer_ids: str) -> GoogleAdsConfig:
    return GoogleAdsConfig(
        developer_token=Secret(DEVELOPER_TOKEN),
        client_id=Secret("cid"),
        client_secret=Secret("csecret"),
        refresh_token=Secret("rtoken"),
        login_customer_id="9990001111",
        customer_ids=customer_ids,
    )


def pull(
    settings: Settings, fake: FakeGoogleAds, *customer_ids: str, **window: object
) -> PullSummary:
    api = GoogleAdsApi(
        client_for(fake.port), sleep=lambda _: None, retry=RetryPolicy(max_attempts=3)
    )
    return run_google_ads_pull(settings, config(*customer_ids), api, today=TODAY, **window)  # type: ignore[arg-type]


def query(settings: Settings, sql: str) -> list[tuple[Any, ...]]:
    con = duckdb.connect(str(settings.paths.warehouse), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def snapshot(settings: Settings) -> dict[str, list[tuple[object, ...]]]:
    """Every raw table's rows (sorted), the manifest and the cursors."""
    if not settings.paths.warehouse.exists():
        return {}
    tables = query(
        settings,
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'raw' ORDER BY 1",
    )
    return {
        str(t): sorted(query(settings, f'SELECT * FROM raw."{t}"'), key=repr) for (t,) in tables
    }


@pytest.fixture
def two_accounts(fake_ads: FakeGoogleAds) -> FakeGoogleAds:
    R.seed_account(fake_ads, R.PR, "みどり市 広報課", [R.MYNUMBER, R.BOSAI_VIDEO])
    R.seed_account(fake_ads, R.TOURISM, "みどり市 観光課", [R.KANKO])
    return fake_ads


def test_several_customers_in_one_pull(tmp_path: Path, two_accounts: FakeGoogleAds) -> None:
    settings = settings_in(tmp_path)
    summary = pull(settings, two_accounts, R.PR, R.TOURISM, since=R.APR1, until=APR5)
    per_customer = query(
        settings,
        "SELECT customer_id, count(*), sum(cost_micros), "
        "min(currency_code) FROM raw.google_ads_api__campaign_daily "
        "GROUP BY 1 ORDER BY 1",
    )
    assert per_customer == [
        (int(R.PR), 20, 20 * 3_000_123_456, "JPY"),
        (int(R.TOURISM), 10, 10 * 3_000_123_456, "JPY"),
    ]
    counts = {t: n for t, n in query(settings, "SELECT raw_table, rows_loaded FROM raw._loads")}
    assert counts["raw.google_ads_api__customers"] == 2
    assert counts["raw.google_ads_api__age_range_daily"] == 30
    assert counts["raw.google_ads_api__ad_daily"] == 30
    assert summary.rows_loaded == sum(counts.values())
    assert query(settings, "SELECT DISTINCT municipality_code FROM raw.google_ads_api__ads") == [
        ("990019",)
    ]
    con = duckdb.connect(str(settings.paths.warehouse))
    assert read_cursor(con, "google_ads_api", "990019", R.PR) == APR5
    assert read_cursor(con, "google_ads_api", "990019", R.TOURISM) == APR5
    con.close()
    assert {c.customer_id for c in two_accounts.calls} == {R.PR, R.TOURISM}


def test_restatement_replaces_the_recent_days(tmp_path: Path, fake_ads: FakeGoogleAds) -> None:
    settings = settings_in(tmp_path)
    R.seed_account(fake_ads, R.PR, "みどり市 広報課", [R.MYNUMBER], day_count=5)
    pull(settings, fake_ads, R.PR, since=R.APR1, until=APR5)
    # The platform revises every day (doubled numbers) and adds five more; 04-04 desktop drops
    # out entirely. The next pull resumes at the cursor (04-05) minus 2 restatement days.
    R.seed_account(fake_ads, R.PR, "みどり市 広報課", [R.MYNUMBER], day_count=10, scale=2)
    fake_ads.set_rows(
        R.PR,
        "campaign_daily",
        [
            r
            for r in fake_ads.rows[(R.PR, "campaign_daily")]
            if not (r.segments.date == "2025-04-04" and r.segments.device.name == "DESKTOP")
        ],
    )
    pull(settings, fake_ads, R.PR, until=dt.date(2025, 4, 10), restatement_days=2)
    [last_call] = [c for c in fake_ads.calls_for("campaign_daily")][-1:]
    assert "BETWEEN '2025-04-03' AND '2025-04-10'" in last_call.query
    clicks = query(
        settings,
        "SELECT date::VARCHAR, device, clicks, count(*) OVER "
        "(PARTITION BY date, device) FROM raw.google_ads_api__campaign_daily "
        "WHERE device = 'DESKTOP' ORDER BY date",
    )
    assert clicks == [
        ("2025-04-01", "DESKTOP", 20, 1),  # outside the window: first pull's numbers stay
        ("2025-04-02", "DESKTOP", 20, 1),
        ("2025-04-03", "DESKTOP", 40, 1),  # restated
        # 04-04 desktop is gone: the platform no longer reports it
        ("2025-04-05", "DESKTOP", 40, 1),
        *[(f"2025-04-{d:02d}", "DESKTOP", 40, 1) for d in range(6, 11)],
    ]
    con = duckdb.connect(str(settings.paths.warehouse))
    assert read_cursor(con, "google_ads_api", "990019", R.PR) == dt.date(2025, 4, 10)
    con.close()


def test_backfill_does_not_move_the_cursor_back(tmp_path: Path, fake_ads: FakeGoogleAds) -> None:
    settings = settings_in(tmp_path)
    R.seed_account(fake_ads, R.PR, "広報課", [R.MYNUMBER], day_count=10)
    pull(settings, fake_ads, R.PR, since=dt.date(2025, 4, 8), until=dt.date(2025, 4, 10))
    pull(settings, fake_ads, R.PR, since=R.APR1, until=dt.date(2025, 4, 3))
    con = duckdb.connect(str(settings.paths.warehouse))
    assert read_cursor(con, "google_ads_api", "990019", R.PR) == dt.date(2025, 4, 10)
    con.close()
    days = query(settings, "SELECT count(DISTINCT date) FROM raw.google_ads_api__campaign_daily")
    assert days == [(6,)]


def test_stream_breaking_midway_leaves_the_warehouse_unchanged(
    tmp_path: Path, two_accounts: FakeGoogleAds
) -> None:
    settings = settings_in(tmp_path)
    pull(settings, two_accounts, R.PR, R.TOURISM, since=R.APR1, until=dt.date(2025, 4, 2))
    before = snapshot(settings)
    # The second customer's ad report breaks after two batches on every attempt; by then the
    # first customer and several reports of the second have streamed fine.
    two_accounts.fail_next(R.TOURISM, "ad_daily", *[unavailable(after_batches=2)] * 3)
    with pytest.raises(GoogleAdsPullError, match="still failing after 3 attempts"):
        pull(settings, two_accounts, R.PR, R.TOURISM, since=R.APR1, until=APR5)
    assert snapshot(settings) == before


def test_non_retryable_break_midway_also_commits_nothing(
    tmp_path: Path, two_accounts: FakeGoogleAds
) -> None:
    settings = settings_in(tmp_path)
    two_accounts.fail_next(
        R.PR,
        "gender_daily",
        Fail(grpc.StatusCode.INTERNAL, "Internal error encountered.", after_batches=1),
    )
    with pytest.raises(GoogleAdsPullError, match="INTERNAL"):
        pull(settings, two_accounts, R.PR, R.TOURISM, since=R.APR1, until=APR5)
    assert not settings.paths.warehouse.exists()  # a first pull that fails creates nothing


def test_authentication_failure_commits_nothing(
    tmp_path: Path, two_accounts: FakeGoogleAds
) -> None:
    settings = settings_in(tmp_path)
    pull(settings, two_accounts, R.PR, since=R.APR1, until=APR5)
    before = snapshot(settings)
    two_accounts.fail_next(
        R.PR,
        "customers",
        Fail(
            grpc.StatusCode.UNAUTHENTICATED,
            "Request had invalid authentication credentials.",
            ("authentication_error", "OAUTH_TOKEN_EXPIRED"),
            request_id="req-expired-1",
        ),
    )
    with pytest.raises(GoogleAdsAuthError, match="request id req-expired-1"):
        pull(settings, two_accounts, R.PR, until=dt.date(2025, 4, 9))
    assert snapshot(settings) == before


def test_no_secret_reaches_the_warehouse(tmp_path: Path, two_accounts: FakeGoogleAds) -> None:
    settings = settings_in(tmp_path)
    pull(settings, two_accounts, R.PR, R.TOURISM, since=R.APR1, until=APR5)
    dump = repr(snapshot(settings))
    for secret in (DEVELOPER_TOKEN, "csecret", "rtoken", "ya29"):
        assert secret not in dump
