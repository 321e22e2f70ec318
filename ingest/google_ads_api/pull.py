"""One pull: which days to ask for, the queries per customer, and the ReadResults to load.

Ingest never opens the warehouse: the caller reads the cursors, passes them in as `last_date`,
loads the returned results and moves the cursors in the same transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from ingest.google_ads_api import queries
from ingest.google_ads_api.errors import GoogleAdsWindowError
from ingest.google_ads_api.transform import DAILY_ENTITIES, DIMENSION_ENTITIES, build_results
from ingest.result import ReadResult

DEFAULT_RESTATEMENT_DAYS = 14
FIRST_PULL_DAYS = 90  # without a cursor or --since: the fiscal year so far, at least this long


class SearchApi(Protocol):
    def search(self, customer_id: str, query: str) -> list[Any]: ...


@dataclass(frozen=True)
class DateWindow:
    since: dt.date
    until: dt.date

    def __str__(self) -> str:
        return f"{self.since}..{self.until}"


def plan_window(
    last_date: dt.date | None,
    *,
    today: dt.date,
    since: dt.date | None = None,
    until: dt.date | None = None,
    restatement_days: int = DEFAULT_RESTATEMENT_DAYS,
) -> DateWindow:
    """The days to (re)pull for one customer.

    Explicit `since` wins (a backfill). Otherwise resume at the last loaded day minus the
    restatement window, because the platform keeps revising recent days (conversions arrive
    late, invalid clicks are refunded). Default `until` is yesterday: today is still moving.
    """
    if restatement_days < 0:
        raise GoogleAdsWindowError(f"restatement days must be 0 or more, not {restatement_days}")
    end = until or today - dt.timedelta(days=1)
    if end > today:
        raise GoogleAdsWindowError(
            f"--until {end} is after today ({today}); the API has no future data"
        )
    if since is not None:
        start = since
    elif last_date is not None:
        start = min(last_date - dt.timedelta(days=restatement_days), end)
    else:
        fiscal_start = dt.date(end.year if end.month >= 4 else end.year - 1, 4, 1)
        start = min(fiscal_start, end - dt.timedelta(days=FIRST_PULL_DAYS - 1))
    if start > end:
        raise GoogleAdsWindowError(f"--since {start} is after --until {end}")
    return DateWindow(start, end)


def pull_reports(
    api: SearchApi,
    windows: Mapping[str, DateWindow],
    progress: Callable[[str], None] = lambda _: None,
) -> list[ReadResult]:
    """Every entity for every customer (customer id → its window); raises on the first failure,
    so a partial pull never reaches the loader."""
    rows: dict[str, list[Any]] = {name: [] for name in (*DIMENSION_ENTITIES, *DAILY_ENTITIES)}
    for index, (customer_id, window) in enumerate(windows.items(), start=1):
        progress(f"[{index}/{len(windows)}] customer {customer_id}: {window}")
        for name in DIMENSION_ENTITIES:
            rows[name].extend(api.search(customer_id, queries.dimension_query(name)))
        for name in DAILY_ENTITIES:
            query = queries.daily_query(name, window.since, window.until)
            rows[name].extend(api.search(customer_id, query))
    return build_results(rows)
