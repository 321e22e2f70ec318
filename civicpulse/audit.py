"""`civicpulse audit`: crawl → headless Chromium + axe-core → readability → raw tables (+ report).

Pages are loaded in batches, each batch in one transaction; the resumable state (under
CIVICPULSE_HOME/audit/<run key>/) marks a page done only once its rows are committed. The
writer connection is opened per batch, so the warehouse is not locked while pages render.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import click

from civicpulse.settings import Settings, SettingsError
from ingest.accessibility import tables
from ingest.accessibility.axe_runner import AxeRunner, BrowserUnavailableError
from ingest.accessibility.crawl import (
    SKIPPED_HOST,
    SKIPPED_ROBOTS,
    HttpClient,
    Plan,
    RateLimiter,
    plan_crawl,
)
from ingest.accessibility.findings import AUDITED, PageAudit
from ingest.accessibility.page_audit import (
    audit_from_render,
    readability_of,
    skipped_audit,
)
from ingest.accessibility.readability import Readability
from ingest.accessibility.report import build_report, page_entry, write_report
from ingest.accessibility.sources import SourceError, is_url
from ingest.accessibility.state import AuditState, run_key
from ingest.accessibility.urls import page_key
from ingest.result import ReadResult
from warehouse import loader
from warehouse.connections import connect_writer

BATCH_SIZE = 20  # pages per load: an interruption costs at most this many re-audits


@dataclass
class AuditTotals:
    audited: int = 0
    failed: int = 0
    with_violations: int = 0
    violation_nodes: int = 0
    rows_loaded: int = 0
    batches: int = 0
    errors: list[str] = field(default_factory=list)


def _fingerprint(name: str, results: Sequence[ReadResult]) -> str:
    digest = hashlib.sha256(name.encode())
    for result in results:
        buffer = io.BytesIO()
        result.frame.write_ipc(buffer)
        digest.update(result.table.encode() + buffer.getvalue())
    return digest.hexdigest()


def load_batch(
    settings: Settings,
    state: AuditState,
    batch: list[tuple[PageAudit, Readability | None]],
    name: str,
) -> int:
    """One transaction for the batch's four tables; then the pages are recorded in the state
    (audited ones as done)."""
    audits = [audit for audit, _ in batch]
    scored = [(audit, score) for audit, score in batch if score is not None]
    results = tables.results(audits, scored)
    digest = _fingerprint(name, results)
    requests = [loader.LoadRequest(r, name, digest) for r in results]
    con = connect_writer(settings.paths)
    try:
        outcomes = loader.load_many(
            con,
            requests,
            municipality_code=settings.municipality_code,
            reject_threshold=settings.reject_threshold,
        )
    finally:
        con.close()
    state.record(
        (a.url, a.audited_at.isoformat(), page_entry(a, s), a.status == AUDITED)
        for a, s in batch
        if a.source_kind != "skipped"  # left-out pages are in the report's scope instead
    )
    return sum(o.rows_loaded for o in outcomes)


def run_audit(
    settings: Settings,
    plan: Plan,
    state: AuditState,
    limiter: RateLimiter,
    *,
    run_name: str,
) -> AuditTotals:
    totals = AuditTotals()
    pending = [t for t in plan.targets if not state.is_done(t.url)]
    batch: list[tuple[PageAudit, Readability | None]] = [
        (skipped_audit(s.url, s.reason, "skipped", s.source), None)
        for s in plan.skipped
        if s.reason in (SKIPPED_ROBOTS, SKIPPED_HOST)
    ]

    def flush() -> None:
        if batch:
            totals.batches += 1
            totals.rows_loaded += load_batch(
                settings, state, batch, f"{run_name} batch {totals.batches}"
            )
            batch.clear()

    seen: dict[str, str] = {}  # page_key → the listed URL that reached it
    with AxeRunner() as runner:
        for index, target in enumerate(pending, start=1):
            if is_url(target.fetch_url):
                limiter.wait()  # the same limiter paced robots.txt and the sitemap
            rendered = runner.audit(target.fetch_url)
            page = audit_from_render(rendered, target, plan.host)
            key = page_key(page.url)
            if key in seen:  # two listed URLs redirecting to one page: audit it once
                click.echo(
                    f"[{index}/{len(pending)}] {target.url}: same page as {seen[key]}", err=True
                )
                continue
            seen[key] = target.url
            score = readability_of(page, rendered)
            batch.append((page, score))
            _count(totals, page)
            click.echo(f"[{index}/{len(pending)}] {_describe(page, score)}", err=True)
            if sum(a.status == AUDITED for a, _ in batch) >= BATCH_SIZE:
                flush()
    flush()
    return totals


def _count(totals: AuditTotals, audit: PageAudit) -> None:
    if audit.status != AUDITED:
        totals.failed += 1
        totals.errors.append(f"{audit.url}: {audit.status} — {audit.error}")
        return
    totals.audited += 1
    violations = audit.of_type("violation")
    totals.with_violations += bool(violations)
    totals.violation_nodes += sum(len(r.nodes) for r in violations)


def _describe(audit: PageAudit, score: Readability | None) -> str:
    if audit.status != AUDITED:
        return f"{audit.url}: NOT AUDITED ({audit.status}: {audit.error})"
    rules = sorted(r.rule for r in audit.of_type("violation"))
    found = f"{len(rules)} violated rules ({', '.join(rules)})" if rules else "no violations"
    easy = f", jReadability {score.jreadability:.2f} {score.band}" if score and score.band else ""
    return f"{audit.url}: {found}{easy}"


def _normalise(sources: Sequence[str]) -> list[str]:
    """URLs as given; paths made absolute so that --resume finds the same run from anywhere."""
    return [s if is_url(s) else str(Path(s).expanduser().resolve()) for s in sources]


@click.command()
@click.argument("sources", nargs=-1, required=True)
@click.option(
    "--report",
    "report_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write the JSON report (対象ページ, 達成基準チェックリスト, findings per page) here.",
)
@click.option(
    "--max-pages", type=click.IntRange(min=1), default=None, help="Audit at most N pages."
)
@click.option(
    "--rate",
    type=click.FloatRange(min=0.01),
    default=1.0,
    show_default=True,
    help="Requests per second to the site (robots.txt Crawl-delay may lower it).",
)
@click.option("--resume", is_flag=True, help="Continue the previous run of the same sources.")
@click.option(
    "--base-url",
    default=None,
    help="For a folder of saved pages without <link rel=canonical>: the site URL it mirrors.",
)
def audit(
    sources: tuple[str, ...],
    report_path: Path | None,
    max_pages: int | None,
    rate: float,
    resume: bool,
    base_url: str | None,
) -> None:
    """Audit web pages for accessibility (axe-core → JIS X 8341-3 AA) and readability
    (jReadability, やさしい日本語 indicators).

    SOURCES: a sitemap URL (https://…/sitemap.xml), page URLs, a text file with one URL per
    line, a sitemap.xml file, or a folder of saved HTML pages. Only pages on the first
    source's host are audited; robots.txt is honoured. Run `civicpulse build` afterwards to
    update the marts (fct_page_accessibility, fct_page_readability).
    """
    started = time.perf_counter()
    try:
        settings = Settings.from_env()
    except SettingsError as error:
        raise click.ClickException(str(error)) from None
    settings.paths.ensure()
    normalised = _normalise(sources)
    options = {"max_pages": max_pages, "base_url": base_url}
    key = run_key(normalised, options)
    state = AuditState.open(
        settings.paths.home / "audit" / key, resume=resume, sources=normalised, options=options
    )
    limiter = RateLimiter(1.0 / rate)
    try:
        plan = plan_crawl(
            normalised, HttpClient(limiter), rate=rate, max_pages=max_pages, base_url=base_url
        )
    except (SourceError, OSError) as error:
        raise click.ClickException(f"audit: {error}") from None
    done = sum(state.is_done(t.url) for t in plan.targets)
    skipped = ", ".join(
        f"{reason}: {sum(s.reason == reason for s in plan.skipped)}"
        for reason in sorted({s.reason for s in plan.skipped})
    )
    click.echo(
        f"audit: {len(plan.targets)} pages on {plan.host or 'the saved folder'}"
        + (f" ({done} already done, resuming)" if done else "")
        + (f"; left out — {skipped}" if skipped else "")
        + (f"; {plan.robots_note}" if plan.robots_note else ""),
        err=True,
    )
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    try:
        totals = run_audit(settings, plan, state, limiter, run_name=f"audit {key} {stamp}")
    except BrowserUnavailableError as error:
        raise click.ClickException(str(error)) from None
    except loader.LoadError as error:
        raise click.ClickException(
            f"audit: {error} (pages already loaded stay; use --resume)"
        ) from None
    if report_path is not None:
        report = build_report(
            state.entries(),
            sources=normalised,
            host=plan.host,
            skipped=[{"url": s.url, "reason": s.reason} for s in plan.skipped],
        )
        write_report(report_path, report)
    for problem in totals.errors:
        click.echo(f"not audited: {problem}", err=True)
    click.echo(
        f"audit: {totals.audited} pages audited ({totals.with_violations} with violations, "
        f"{totals.violation_nodes} violation nodes), {done} resumed, {totals.failed} failed, "
        f"{len(plan.skipped)} left out, {totals.rows_loaded:,} rows loaded in "
        f"{time.perf_counter() - started:.1f} s"
        + (f"; report: {report_path}" if report_path else "")
        + "; run `civicpulse build` to update the marts"
    )
    if plan.targets and totals.audited == 0 and done == 0:
        raise click.ClickException("audit: no page could be audited (see 'not audited' above)")
