"""The real GoogleAdsClient against the stand-in: batches, headers, retries, errors."""

from __future__ import annotations

import grpc
import pytest

from ingest.google_ads_api import queries
from ingest.google_ads_api.client import GoogleAdsApi, RetryPolicy
from ingest.google_ads_api.errors import (
    GoogleAdsAuthError,
    GoogleAdsPullError,
    GoogleAdsRetriesExhausted,
)
from tests.ingest.google_ads_api import rows as R
from tests.ingest.google_ads_api.fake_server import (
    ACCESS_TOKEN,
    DEVELOPER_TOKEN,
    LOGIN_CUSTOMER_ID,
    Fail,
    FakeGoogleAds,
    client_for,
    quota_exhausted,
    unavailable,
)

DAILY = queries.daily_query("campaign_daily", R.APR1, R.days(R.APR1, 5)[-1])


class Sleeps:
    """Records the waits instead of sleeping (tests stay fast)."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


def api(fake: FakeGoogleAds, sleeps: Sleeps, retry: RetryPolicy | None = None) -> GoogleAdsApi:
    return GoogleAdsApi(client_for(fake.port), sleep=sleeps, unit_random=lambda: 0.5, retry=retry)


@pytest.fixture
def seeded(fake_ads: FakeGoogleAds) -> FakeGoogleAds:
    R.seed_account(fake_ads, R.PR, "みどり市 広報課", [R.MYNUMBER, R.BOSAI_VIDEO])
    return fake_ads


def test_multi_batch_stream_returns_every_row_once(seeded: FakeGoogleAds) -> None:
    sleeps = Sleeps()
    client = api(seeded, sleeps)
    result = client.search(R.PR, DAILY)
    assert len(result) == 2 * 5 * 2  # campaigns × days × devices, in 10 batches of 2
    keys = {(r.campaign.id, r.segments.date, r.segments.device.name) for r in result}
    assert len(keys) == len(result)
    assert len(client.request_ids) == 10 and sleeps.waits == []


def test_headers_developer_token_login_customer_and_bearer(seeded: FakeGoogleAds) -> None:
    api(seeded, Sleeps()).search(R.PR, queries.dimension_query("customers"))
    [call] = seeded.calls
    assert call.metadata["developer-token"] == DEVELOPER_TOKEN
    assert call.metadata["login-customer-id"] == LOGIN_CUSTOMER_ID
    assert call.metadata["authorization"] == f"Bearer {ACCESS_TOKEN}"
    assert call.customer_id == R.PR and call.kind == "customers"


def test_quota_error_is_retried_with_backoff_then_succeeds(seeded: FakeGoogleAds) -> None:
    seeded.fail_next(R.PR, "campaign_daily", quota_exhausted(), quota_exhausted())
    sleeps = Sleeps()
    policy = RetryPolicy(max_attempts=4, base_delay_s=2.0, max_delay_s=60.0)
    result = api(seeded, sleeps, retry=policy).search(R.PR, DAILY)
    assert len(result) == 20
    assert len(seeded.calls_for("campaign_daily")) == 3
    assert sleeps.waits == [1.5, 3.0]  # caps 2 s and 4 s, jitter 0.5 → 3/4 of the cap


def test_stream_broken_midway_is_retried_without_keeping_partial_rows(
    seeded: FakeGoogleAds,
) -> None:
    seeded.fail_next(R.PR, "campaign_daily", unavailable(after_batches=3))
    sleeps = Sleeps()
    result = api(seeded, sleeps).search(R.PR, DAILY)
    assert len(result) == 20  # not 20 + the 6 rows of the broken attempt
    assert len(sleeps.waits) == 1


def test_retries_are_bounded_and_report_the_last_failure(seeded: FakeGoogleAds) -> None:
    failures = [quota_exhausted() for _ in range(3)]
    seeded.fail_next(R.PR, "campaign_daily", *failures)
    sleeps = Sleeps()
    policy = RetryPolicy(max_attempts=3, base_delay_s=10.0, max_delay_s=15.0)
    with pytest.raises(GoogleAdsRetriesExhausted) as caught:
        api(seeded, sleeps, retry=policy).search(R.PR, DAILY)
    assert sleeps.waits == [7.5, 11.25]  # the second cap is max_delay_s (15), not 20
    error = caught.value
    assert error.status == "RESOURCE_EXHAUSTED" and error.request_id == failures[-1].request_id
    assert "quota_error.RESOURCE_TEMPORARILY_EXHAUSTED" in str(error)


def test_jitter_spreads_waits_within_half_cap_and_cap() -> None:
    policy = RetryPolicy(max_attempts=8, base_delay_s=1.0, max_delay_s=8.0)
    assert [policy.delay(n, 0.0) for n in range(1, 6)] == [0.5, 1.0, 2.0, 4.0, 4.0]
    assert [policy.delay(n, 1.0) for n in range(1, 6)] == [1.0, 2.0, 4.0, 8.0, 8.0]


def test_authentication_failure_stops_with_message_and_request_id(seeded: FakeGoogleAds) -> None:
    failure = Fail(
        grpc.StatusCode.UNAUTHENTICATED,
        "Request had invalid authentication credentials.",
        ("authentication_error", "OAUTH_TOKEN_INVALID"),
        request_id="auth-req-0001",
    )
    seeded.fail_next(R.PR, "customers", failure)
    sleeps = Sleeps()
    with pytest.raises(GoogleAdsAuthError) as caught:
        api(seeded, sleeps).search(R.PR, queries.dimension_query("customers"))
    message = str(caught.value)
    assert "authentication_error.OAUTH_TOKEN_INVALID" in message
    assert "invalid authentication credentials" in message
    assert "request id auth-req-0001" in message and R.PR in message
    assert len(seeded.calls) == 1 and sleeps.waits == []  # never retried
    assert ACCESS_TOKEN not in message and DEVELOPER_TOKEN not in message


def test_permission_failure_stops_too(seeded: FakeGoogleAds) -> None:
    seeded.fail_next(
        R.PR,
        "campaigns",
        Fail(
            grpc.StatusCode.PERMISSION_DENIED,
            "User doesn't have permission to access customer.",
            ("authorization_error", "USER_PERMISSION_DENIED"),
        ),
    )
    with pytest.raises(GoogleAdsAuthError, match="USER_PERMISSION_DENIED"):
        api(seeded, Sleeps()).search(R.PR, queries.dimension_query("campaigns"))
    assert len(seeded.calls) == 1


def test_other_api_errors_are_not_retried(seeded: FakeGoogleAds) -> None:
    seeded.fail_next(
        R.PR,
        "campaigns",
        Fail(
            grpc.StatusCode.INVALID_ARGUMENT,
            "Error in SELECT clause.",
            ("query_error", "UNRECOGNIZED_FIELD"),
            request_id="bad-query-1",
        ),
    )
    with pytest.raises(GoogleAdsPullError) as caught:
        api(seeded, Sleeps()).search(R.PR, queries.dimension_query("campaigns"))
    assert not isinstance(caught.value, GoogleAdsAuthError)
    assert "query_error.UNRECOGNIZED_FIELD" in str(caught.value)
    assert caught.value.request_id == "bad-query-1"
