"""Domain errors of the Google Ads API connector. Messages say what failed and what to do;
they never contain a secret."""

from __future__ import annotations


class GoogleAdsConfigError(ValueError):
    """The configuration is missing a key or has a malformed value (the message names it)."""


class GoogleAdsPullError(RuntimeError):
    """A pull failed; nothing was loaded.

    `request_id` is Google's request id (quote it to Google Ads API support); `messages` are the
    GoogleAdsFailure error messages, each prefixed with its error code.
    """

    def __init__(
        self,
        summary: str,
        *,
        status: str | None = None,
        messages: tuple[str, ...] = (),
        request_id: str | None = None,
        customer_id: str | None = None,
    ) -> None:
        self.summary = summary
        self.status = status
        self.messages = messages
        self.request_id = request_id
        self.customer_id = customer_id
        parts = [summary]
        if customer_id:
            parts.append(f"customer {customer_id}")
        if status:
            parts.append(f"status {status}")
        if messages:
            parts.append("; ".join(messages))
        parts.append(f"request id {request_id or 'unknown'}")
        super().__init__(" — ".join(parts))


class GoogleAdsAuthError(GoogleAdsPullError):
    """Authentication or permission failure: retrying cannot help, the credentials must change."""


class GoogleAdsRetriesExhausted(GoogleAdsPullError):
    """The API stayed over quota or unavailable through every allowed attempt."""


class GoogleAdsWindowError(ValueError):
    """The requested days cannot be pulled (e.g. --since after --until, or in the future)."""
