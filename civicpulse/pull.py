"""`civicpulse pull google-ads`: config → API (with retries) → ReadResults → one load.

Everything a pull fetched is loaded in ONE transaction together with the cursor moves, so a
failed pull (API error, broken stream, failed load) leaves the warehouse exactly as it was.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

import click
import duckdb

from civicpulse.settings import Settings, SettingsError
from ingest.google_ads_api.client import GoogleAdsApi, build_client
from ingest.google_ads_api.config import GoogleAdsConfig, load_config
from ingest.google_ads_api.errors import (
    GoogleAdsConfigError,
    GoogleAdsPullError,
    GoogleAdsWindowError,
)
from ingest.google_ads_api.pull import (
    DEFAULT_RESTATEMENT_DAYS,
    DateWindow,
    SearchApi,
    plan_window,
    pull_reports,
)
from ingest.google_ads_api.transform import DAILY_ENTITIES, ENTITIES, SOURCE
from ingest.result import ReadResult
from warehouse import loader
from warehouse.connections import connect_writer
from warehouse.cursors import delete_window_rows, read_cursor, write_cursor

TOKYO = ZoneInfo("Asia/Tokyo")
# ctx.obj key: tests hand in a factory whose GoogleAdsClient talks to a local stand-in server.
API_FACTORY = "google_ads_api_factory"
ApiFactory = Callable[[GoogleAdsConfig], SearchApi]


def _default_api(config: GoogleAdsConfig) -> SearchApi:
    return GoogleAdsApi(build_client(config))


@dataclass(frozen=True)
class PullSummary:
    windows: dict[str, DateWindow]
    outcomes: list[loader.LoadOutcome]
    stale_rows_removed: int

    @property
    def rows_loaded(self) -> int:
        return sum(o.rows_loaded for o in self.outcomes)

    @property
    def rows_replaced(self) -> int:
        return sum(o.rows_replaced for o in self.outcomes) + self.stale_rows_removed


def run_google_ads_pull(
    settings: Settings,
    config: GoogleAdsConfig,
    api: SearchApi,
    *,
    today: dt.date,
    since: dt.date | None = None,
    until: dt.date | None = None,
    restatement_days: int = DEFAULT_RESTATEMENT_DAYS,
    progress: Callable[[str], None] = lambda _: None,
) -> PullSummary:
    """Pull every configured customer and load it all, or raise with nothing committed."""
    cursors = read_cursors(settings, config.customer_ids)
    windows = {
        cid: plan_window(
            cursors[cid], today=today, since=since, until=until, restatement_days=restatement_days
        )
        for cid in config.customer_ids
    }
    results = pull_reports(api, windows, progress)
    return store_pull(settings, results, windows, cursors)


def read_cursors(settings: Settings, customer_ids: tuple[str, ...]) -> dict[str, dt.date | None]:
    """Each customer's cursor; the connection is closed again so that the writer lock is not
    held during the network calls, and no warehouse file is created by merely looking."""
    if not settings.paths.warehouse.exists():
        return dict.fromkeys(customer_ids)
    con = connect_writer(settings.paths)
    try:
        code = settings.municipality_code
        return {cid: read_cursor(con, SOURCE, code, cid) for cid in customer_ids}
    finally:
        con.close()


def store_pull(
    settings: Settings,
    results: list[ReadResult],
    windows: Mapping[str, DateWindow],
    cursors: Mapping[str, dt.date | None],
) -> PullSummary:
    """Load the results, clear what the platform no longer reports for the pulled days, and
    move the cursors: one transaction."""
    code = settings.municipality_code
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    file_name = f"google-ads-api pull {stamp}-{uuid.uuid4().hex[:8]}"
    requests = [loader.LoadRequest(r, file_name, _fingerprint(file_name, r)) for r in results]
    removed = 0

    def after_load(con: duckdb.DuckDBPyConnection) -> None:
        nonlocal removed
        for cid, window in windows.items():
            for name in DAILY_ENTITIES:
                removed += delete_window_rows(
                    con,
                    ENTITIES[name].table,
                    municipality_code=code,
                    scope_column="customer_id",
                    scope=int(cid),
                    date_column="date",
                    since=window.since,
                    until=window.until,
                    except_source_file=file_name,
                )
            previous = cursors.get(cid)
            # A backfill of old days must not move the cursor back.
            write_cursor(con, SOURCE, code, cid, max(previous or window.until, window.until))

    con = connect_writer(settings.paths)
    try:
        outcomes = loader.load_many(
            con,
            requests,
            municipality_code=code,
            reject_threshold=settings.reject_threshold,
            after_load=after_load,
        )
    finally:
        con.close()
    return PullSummary(dict(windows), outcomes, removed)


def _fingerprint(file_name: str, result: ReadResult) -> str:
    """Content hash, salted with the pull: every pull is its own load (a repeat pull is a new
    observation of the same days, not a duplicate file)."""
    buffer = io.BytesIO()
    result.frame.write_ipc(buffer)
    return hashlib.sha256(f"{file_name}|{result.entity}|".encode() + buffer.getvalue()).hexdigest()


@click.group()
def pull() -> None:
    """Fetch reports from ad platform APIs into the raw layer (then run `civicpulse build`)."""


@pull.command("google-ads")
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="google-ads.yaml (default: GOOGLE_ADS_CONFIGURATION_FILE_PATH; GOOGLE_ADS_* "
    "environment variables override it).",
)
@click.option(
    "--customer-id",
    "customer_ids",
    multiple=True,
    help="Account to pull (repeatable; default: customer_ids in the config or "
    "CIVICPULSE_GOOGLE_ADS_CUSTOMER_IDS).",
)
@click.option(
    "--since",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    help="First day (backfill). Default: last loaded day minus the restatement window.",
)
@click.option(
    "--until",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    help="Last day. Default: yesterday (Asia/Tokyo).",
)
@click.option(
    "--restatement-days",
    type=click.IntRange(min=0),
    default=DEFAULT_RESTATEMENT_DAYS,
    show_default=True,
    help="Recent days pulled again because the platform revises them.",
)
@click.pass_context
def google_ads(
    ctx: click.Context,
    config_path: Path | None,
    customer_ids: tuple[str, ...],
    since: dt.datetime | None,
    until: dt.datetime | None,
    restatement_days: int,
) -> None:
    """Pull customers, campaigns, ad groups, ads, daily performance and viewer attributes
    (age range, gender) from the Google Ads API."""
    started = time.perf_counter()
    try:
        settings = Settings.from_env()
        config = load_config(config_path, customer_ids=customer_ids)
    except (SettingsError, GoogleAdsConfigError) as error:
        raise click.ClickException(str(error)) from None
    factory: ApiFactory = (ctx.obj or {}).get(API_FACTORY, _default_api)
    try:
        summary = run_google_ads_pull(
            settings,
            config,
            factory(config),
            today=dt.datetime.now(TOKYO).date(),
            since=since.date() if since else None,
            until=until.date() if until else None,
            restatement_days=restatement_days,
            progress=lambda message: click.echo(message, err=True),
        )
    except GoogleAdsWindowError as error:
        raise click.BadParameter(str(error)) from None
    except (GoogleAdsPullError, GoogleAdsConfigError, loader.LoadError) as error:
        raise click.ClickException(f"pull google-ads: nothing loaded — {error}") from None
    first = min(w.since for w in summary.windows.values())
    last = max(w.until for w in summary.windows.values())
    click.echo(
        f"pull google-ads: {len(summary.windows)} customers, {first}..{last}, "
        f"{summary.rows_loaded:,} rows into {len(summary.outcomes)} tables "
        f"({summary.rows_replaced:,} earlier rows replaced) in "
        f"{time.perf_counter() - started:.1f} s; run `civicpulse build` to update the marts"
    )
