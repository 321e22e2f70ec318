"""`civicpulse pull google-ads` through click, the real client and the stand-in server."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import grpc
from click.testing import CliRunner, Result

from civicpulse.pull import API_FACTORY, pull
from ingest.google_ads_api.client import GoogleAdsApi
from ingest.google_ads_api.config import GoogleAdsConfig
from tests.ingest.google_ads_api import rows as R
from tests.ingest.google_ads_api.fake_server import Fail, FakeGoogleAds, client_for

SECRETS = {
    "GOOGLE_ADS_DEVELOPER_TOKEN": "cli-dev-token-123",
    "GOOGLE_ADS_CLIENT_ID": "cli-client.apps.googleusercontent.com",
    "GOOGLE_ADS_CLIENT_SECRET": "GOCSPX-cli-secret",
    "GOOGLE_ADS_REFRESH_TOKEN": "1//cli-refresh",
}


def invoke(
    home: Path, fake: FakeGoogleAds, *args: str, env: dict[str, str] | None = None
) -> Result:
    def factory(config: GoogleAdsConfig) -> GoogleAdsApi:
        # Production builds the client from `config` (and refreshes the OAuth token over the
        # network); here the real client gets a ready token and the stand-in's address.
        assert config.developer_token.reveal() == SECRETS["GOOGLE_ADS_DEVELOPER_TOKEN"]
        return GoogleAdsApi(client_for(fake.port), sleep=lambda _: None)

    environment = {
        "CIVICPULSE_HOME": str(home),
        "CIVICPULSE_PSEUDONYM_KEY": "k",
        "GOOGLE_ADS_CONFIGURATION_FILE_PATH": "",
        **SECRETS,
        **(env or {}),
    }
    return CliRunner().invoke(
        pull, ["google-ads", *args], obj={API_FACTORY: factory}, env=environment
    )


def test_pull_then_resume_from_the_cursor(tmp_path: Path, fake_ads: FakeGoogleAds) -> None:
    R.seed_account(fake_ads, R.PR, "みどり市 広報課", [R.MYNUMBER, R.BOSAI_VIDEO], day_count=20)
    R.seed_account(fake_ads, R.TOURISM, "みどり市 観光課", [R.KANKO], day_count=20)
    first = invoke(
        tmp_path,
        fake_ads,
        "--customer-id",
        R.PR,
        "--customer-id",
        "234-567-8901",
        "--since",
        "2025-04-01",
        "--until",
        "2025-04-05",
    )
    assert first.exit_code == 0, first.output
    assert "pull google-ads: 2 customers, 2025-04-01..2025-04-05" in first.stdout
    assert "customer 1234567890: 2025-04-01..2025-04-05" in first.stderr

    second = invoke(
        tmp_path,
        fake_ads,
        "--until",
        "2025-04-20",
        "--restatement-days",
        "3",
        env={"CIVICPULSE_GOOGLE_ADS_CUSTOMER_IDS": f"{R.PR},{R.TOURISM}"},
    )
    assert second.exit_code == 0, second.output
    assert "2025-04-02..2025-04-20" in second.stdout  # cursor 04-05 minus 3 days
    con = duckdb.connect(str(tmp_path / "warehouse.duckdb"), read_only=True)
    days = con.execute(
        "SELECT customer_id, count(DISTINCT date), count(*) "
        "FROM raw.google_ads_api__campaign_daily GROUP BY 1 ORDER BY 1"
    ).fetchall()
    cursors = con.execute("SELECT scope, last_date FROM raw._cursors ORDER BY 1").fetchall()
    con.close()
    assert days == [(int(R.PR), 20, 80), (int(R.TOURISM), 20, 40)]  # no duplicates
    assert cursors == [(R.PR, dt.date(2025, 4, 20)), (R.TOURISM, dt.date(2025, 4, 20))]
    for secret in SECRETS.values():
        assert secret not in first.output + second.output


def test_authentication_failure_exits_non_zero_with_the_reason(
    tmp_path: Path, fake_ads: FakeGoogleAds
) -> None:
    R.seed_account(fake_ads, R.PR, "みどり市 広報課", [R.MYNUMBER])
    fake_ads.fail_next(
        R.PR,
        "customers",
        Fail(
            grpc.StatusCode.UNAUTHENTICATED,
            "Request had invalid authentication credentials.",
            ("authentication_error", "OAUTH_TOKEN_REVOKED"),
            request_id="cli-req-42",
        ),
    )
    result = invoke(
        tmp_path, fake_ads, "--customer-id", R.PR, "--since", "2025-04-01", "--until", "2025-04-05"
    )
    assert result.exit_code == 1
    assert "nothing loaded" in result.output
    assert "authentication_error.OAUTH_TOKEN_REVOKED" in result.output
    assert "request id cli-req-42" in result.output
    assert not (tmp_path / "warehouse.duckdb").exists()


def test_missing_key_and_bad_window_are_explained(tmp_path: Path, fake_ads: FakeGoogleAds) -> None:
    missing = invoke(
        tmp_path, fake_ads, "--customer-id", R.PR, env={"GOOGLE_ADS_REFRESH_TOKEN": ""}
    )
    assert missing.exit_code == 1
    assert "missing 'refresh_token' (GOOGLE_ADS_REFRESH_TOKEN)" in missing.output
    future = invoke(tmp_path, fake_ads, "--customer-id", R.PR, "--until", "2999-01-01")
    assert future.exit_code == 2 and "after today" in future.output
    assert fake_ads.calls == []
