"""A rendered page (browser + axe) → the PageAudit and Readability that get stored."""

from __future__ import annotations

import datetime as dt

from ingest.accessibility.axe_runner import RenderedPage
from ingest.accessibility.findings import AUDITED, PageAudit, axe_rule_results
from ingest.accessibility.readability import Readability, score_html
from ingest.accessibility.sources import Candidate, is_url
from ingest.accessibility.urls import same_host

TOOL = "axe-core"
REDIRECTED_OFF_HOST = "redirected_off_host"


def audit_from_render(rendered: RenderedPage, candidate: Candidate, host: str | None) -> PageAudit:
    """The page is recorded under its own address: the URL the browser ended on when it stayed
    on the site (that is what GA4 records as page_location), else the listed URL; a saved page
    keeps its canonical address."""
    url = candidate.url
    if is_url(candidate.fetch_url) and is_url(rendered.final_url):
        if host and not same_host(rendered.final_url, host):
            return _not_audited(
                candidate,
                rendered,
                REDIRECTED_OFF_HOST,
                f"redirected to {rendered.final_url}, another host: not audited",
            )
        url = rendered.final_url
    if rendered.axe is None:
        status = "http_error" if (rendered.http_status or 0) >= 400 else "error"
        return _not_audited(candidate, rendered, status, rendered.error or "not audited")
    engine = rendered.axe.get("testEngine") or {}
    return PageAudit(
        url=url,
        audited_at=rendered.audited_at,
        tool=TOOL,
        tool_version=str(engine.get("version") or ""),
        status=AUDITED,
        source_kind=candidate.source_kind,
        source=candidate.source,
        title=rendered.title,
        lang=rendered.lang,
        http_status=rendered.http_status,
        rules=axe_rule_results(rendered.axe),
    )


def _not_audited(
    candidate: Candidate, rendered: RenderedPage, status: str, error: str
) -> PageAudit:
    return PageAudit(
        url=candidate.url,
        audited_at=rendered.audited_at,
        tool=TOOL,
        tool_version="",
        status=status,
        source_kind=candidate.source_kind,
        source=candidate.source,
        title=rendered.title,
        lang=rendered.lang,
        http_status=rendered.http_status,
        error=error,
    )


def skipped_audit(url: str, reason: str, source_kind: str, source: str) -> PageAudit:
    """A page the crawl left out (robots.txt, another host): recorded so staff see why."""
    return PageAudit(
        url=url,
        audited_at=dt.datetime.now(dt.UTC),
        tool=TOOL,
        tool_version="",
        status=reason,
        source_kind=source_kind,
        source=source,
    )


def readability_of(audit: PageAudit, rendered: RenderedPage) -> Readability | None:
    if audit.status != AUDITED or not rendered.html:
        return None
    return score_html(rendered.html)
