"""The I/O edge: GoogleAdsService.SearchStream through the official client, with retries.

RESOURCE_EXHAUSTED and UNAVAILABLE are retried with bounded exponential backoff and jitter
(the whole stream again: rows of a broken stream are discarded, never half-kept).
Authentication and permission failures raise GoogleAdsAuthError at once; other API errors raise
GoogleAdsPullError. Both carry the GoogleAdsFailure messages and Google's request id.
"""

from __future__ import annotations

import contextlib
import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import grpc
from google.ads.googleads.client import GoogleAdsClient
from google.ads.googleads.errors import GoogleAdsException
from google.ads.googleads.v26.errors.types.errors import GoogleAdsFailure
from google.api_core.exceptions import GoogleAPICallError
from google.auth.exceptions import GoogleAuthError

from ingest.google_ads_api.config import GoogleAdsConfig
from ingest.google_ads_api.errors import (
    GoogleAdsAuthError,
    GoogleAdsConfigError,
    GoogleAdsPullError,
    GoogleAdsRetriesExhausted,
)

API_VERSION = "v26"  # google-ads 34.0.0
FAILURE_KEY = f"google.ads.googleads.{API_VERSION}.errors.googleadsfailure-bin"
RETRYABLE = frozenset({grpc.StatusCode.RESOURCE_EXHAUSTED, grpc.StatusCode.UNAVAILABLE})
AUTH = frozenset({grpc.StatusCode.UNAUTHENTICATED, grpc.StatusCode.PERMISSION_DENIED})
AUTH_ERROR_KINDS = frozenset({"authentication_error", "authorization_error"})

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RetryPolicy:
    """At most `max_attempts` tries; the n-th wait is drawn from [cap/2, cap] with
    cap = min(max_delay_s, base_delay_s * 2**(n-1)) ("equal jitter": spreads clients out
    without ever retrying immediately)."""

    max_attempts: int = 5
    base_delay_s: float = 2.0
    max_delay_s: float = 60.0

    def delay(self, failed_attempt: int, unit_random: float) -> float:
        cap = min(self.max_delay_s, self.base_delay_s * 2 ** (failed_attempt - 1))
        return cap / 2 + cap / 2 * unit_random


@dataclass(frozen=True)
class _Failure:
    status: grpc.StatusCode | None
    kinds: frozenset[str]
    messages: tuple[str, ...]
    request_id: str | None


def build_client(config: GoogleAdsConfig) -> GoogleAdsClient:
    """The production client. load_from_dict refreshes the OAuth token here (a network call)."""
    try:
        return GoogleAdsClient.load_from_dict(config.library_dict(), version=API_VERSION)
    except GoogleAuthError as error:
        # google-auth's message is the token endpoint's error (e.g. invalid_grant), no secret.
        raise GoogleAdsAuthError(f"OAuth token refresh failed: {error}") from None
    except ValueError as error:
        raise GoogleAdsConfigError(f"google-ads configuration: {error}") from None


class GoogleAdsApi:
    """Runs GAQL for one customer at a time and returns every row, or raises."""

    def __init__(
        self,
        client: GoogleAdsClient,
        *,
        retry: RetryPolicy | None = None,
        sleep: Callable[[float], None] = time.sleep,
        unit_random: Callable[[], float] = random.random,
        timeout_s: float | None = 1800.0,
    ) -> None:
        self._service = client.get_service("GoogleAdsService", version=API_VERSION)
        self._retry = retry or RetryPolicy()
        self._sleep = sleep
        self._random = unit_random
        self._timeout_s = timeout_s
        self.request_ids: list[str] = []

    def search(self, customer_id: str, query: str) -> list[Any]:
        """All GoogleAdsRow messages of one SearchStream, retried as a whole when allowed."""
        for attempt in range(1, self._retry.max_attempts + 1):
            try:
                return self._stream(customer_id, query)
            except (
                GoogleAdsException,
                GoogleAPICallError,
                grpc.RpcError,
                GoogleAuthError,
            ) as error:
                failure = _describe(error)
            if failure.kinds & AUTH_ERROR_KINDS or failure.status in AUTH:
                raise _error(
                    GoogleAdsAuthError, "authentication or permission failure", failure, customer_id
                )
            if failure.status not in RETRYABLE:
                raise _error(
                    GoogleAdsPullError, "Google Ads API request failed", failure, customer_id
                )
            if attempt == self._retry.max_attempts:
                raise _error(
                    GoogleAdsRetriesExhausted,
                    f"still failing after {attempt} attempts",
                    failure,
                    customer_id,
                )
            wait = self._retry.delay(attempt, self._random())
            log.warning(
                "google-ads customer %s: %s (request id %s); retry %d/%d in %.1f s",
                customer_id,
                failure.status.name if failure.status else "error",
                failure.request_id or "unknown",
                attempt,
                self._retry.max_attempts - 1,
                wait,
            )
            self._sleep(wait)
        raise AssertionError("unreachable: the loop returns or raises")

    def _stream(self, customer_id: str, query: str) -> list[Any]:
        rows: list[Any] = []
        stream = self._service.search_stream(
            customer_id=customer_id, query=query, timeout=self._timeout_s
        )
        for batch in stream:
            rows.extend(batch.results)
            if batch.request_id:
                self.request_ids.append(batch.request_id)
        return rows


def _error(
    kind: type[GoogleAdsPullError], summary: str, failure: _Failure, customer_id: str
) -> GoogleAdsPullError:
    return kind(
        summary,
        status=failure.status.name if failure.status else None,
        messages=failure.messages,
        request_id=failure.request_id,
        customer_id=customer_id,
    )


def _describe(error: Exception) -> _Failure:
    """Status, error kinds, messages and request id of whatever the client raised."""
    if isinstance(error, GoogleAdsException):
        kinds, messages = _failure_details(error.failure)
        return _Failure(_code(error.error), kinds, messages, error.request_id or None)
    if isinstance(error, GoogleAuthError):
        return _Failure(grpc.StatusCode.UNAUTHENTICATED, frozenset(), (f"OAuth: {error}",), None)
    return _describe_rpc(error)


def _describe_rpc(error: Exception) -> _Failure:
    """Other statuses arrive as a plain RpcError, usually re-raised by google-api-core as a
    GoogleAPICallError around it; RESOURCE_EXHAUSTED never gets its GoogleAdsFailure parsed by
    the library, so it is read from the trailing metadata here."""
    call: object = error
    status = _code(error)
    details = str(error)
    if isinstance(error, GoogleAPICallError):
        status = error.grpc_status_code
        call = error.response if error.response is not None else error
        details = error.message
    elif isinstance(error, grpc.Call):
        details = error.details() or details
    metadata = _trailing(call)
    kinds: frozenset[str] = frozenset()
    messages: tuple[str, ...] = ()
    # A garbled failure must not hide the status we do have.
    with contextlib.suppress(Exception):
        if FAILURE_KEY in metadata:
            kinds, messages = _failure_details(GoogleAdsFailure.deserialize(metadata[FAILURE_KEY]))
    request_id = metadata.get("request-id")
    return _Failure(
        status,
        kinds,
        messages or ((str(details),) if details else ()),
        request_id if isinstance(request_id, str) else None,
    )


def _failure_details(failure: Any) -> tuple[frozenset[str], tuple[str, ...]]:
    kinds: set[str] = set()
    messages: list[str] = []
    for item in failure.errors:
        which = type(item.error_code).pb(item.error_code).WhichOneof("error_code")
        if which:
            kinds.add(which)
            value = getattr(item.error_code, which)
            messages.append(f"{which}.{getattr(value, 'name', value)}: {item.message}")
        else:
            messages.append(item.message)
    return frozenset(kinds), tuple(messages)


def _code(error: object) -> grpc.StatusCode | None:
    code = getattr(error, "code", None)
    try:
        value = code() if callable(code) else None
    except Exception:
        return None
    return value if isinstance(value, grpc.StatusCode) else None


def _trailing(error: object) -> dict[str, Any]:
    getter = getattr(error, "trailing_metadata", None)
    try:
        pairs = getter() if callable(getter) else None
    except Exception:
        return {}
    return {key: value for key, value in (pairs or ())}
