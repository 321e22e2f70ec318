"""Rendering + axe-core in real headless Chromium: the planted findings are found, clean pages
are clean, and what we store agrees with axe-core's own run on the same page."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator

import duckdb
import pytest
from axe_playwright_python.sync_playwright import Axe

from ingest.accessibility import tables
from ingest.accessibility.axe_rules import AXE_VERSION, KEPT_TAG, RULE_TAGS
from ingest.accessibility.axe_runner import AXE_OPTIONS, AxeRunner
from ingest.accessibility.findings import counts
from ingest.accessibility.page_audit import audit_from_render, readability_of
from ingest.accessibility.sources import Candidate
from ingest.accessibility.urls import page_key
from ingest.result import ReadResult
from warehouse import loader

from .browser import requires_chromium
from .pages import CLEAN, INCOMPLETE, VIOLATION_RULES, VIOLATIONS
from .site_server import Response, SiteServer

pytestmark = [pytest.mark.browser, requires_chromium]

STRICT_CSP = (("Content-Security-Policy", "default-src 'none'; script-src 'none'"),)


@pytest.fixture(scope="module")
def site() -> Iterator[SiteServer]:
    pages = {
        "/clean.html": Response(CLEAN),
        "/violations.html": Response(VIOLATIONS),
        "/incomplete.html": Response(INCOMPLETE),
        "/csp.html": Response(VIOLATIONS, headers=STRICT_CSP),
    }
    with SiteServer(pages) as server:
        yield server


@pytest.fixture(scope="module")
def runner() -> Iterator[AxeRunner]:
    with AxeRunner() as axe_runner:
        yield axe_runner


def _audit(runner: AxeRunner, site: SiteServer, path: str):  # noqa: ANN202
    url = site.base + path
    rendered = runner.audit(url)
    audit = audit_from_render(rendered, Candidate(url, url, "url", url), "127.0.0.1")
    return audit, rendered


def test_planted_violations_are_found(runner: AxeRunner, site: SiteServer) -> None:
    audit, rendered = _audit(runner, site, "/violations.html")
    assert audit.status == "audited" and audit.http_status == 200
    assert {r.rule for r in audit.of_type("violation")} == VIOLATION_RULES
    contrast = next(r for r in audit.of_type("violation") if r.rule == "color-contrast")
    assert len(contrast.nodes) == 2 and contrast.criteria == ("1.4.3",)
    assert audit.tool_version == AXE_VERSION and audit.lang is None
    status = {s.criterion.number: s.status for s in tables.jis_status(audit.findings())}
    assert {n for n, s in status.items() if s == "不適合"} == {"1.1.1", "1.4.3", "3.1.1", "4.1.2"}
    score = readability_of(audit, rendered)
    assert score is not None and score.is_japanese and score.jreadability is not None


def test_a_clean_page_has_no_violations(runner: AxeRunner, site: SiteServer) -> None:
    audit, _ = _audit(runner, site, "/clean.html")
    assert audit.of_type("violation") == [] and audit.of_type("incomplete") == []
    assert len(audit.of_type("pass")) >= 5
    status = {s.criterion.number: s.status for s in tables.jis_status(audit.findings())}
    assert status["1.4.3"] == status["3.1.1"] == "適合"
    assert set(status.values()) == {"適合", "要確認"}


def test_incomplete_results_are_kept_and_need_review(runner: AxeRunner, site: SiteServer) -> None:
    audit, _ = _audit(runner, site, "/incomplete.html")
    assert [r.rule for r in audit.of_type("incomplete")] == ["color-contrast"]
    status = {s.criterion.number: s.status for s in tables.jis_status(audit.findings())}
    assert status["1.4.3"] == "要確認"


def test_a_strict_content_security_policy_does_not_stop_the_audit(
    runner: AxeRunner, site: SiteServer
) -> None:
    audit, _ = _audit(runner, site, "/csp.html")
    assert {r.rule for r in audit.of_type("violation")} == VIOLATION_RULES


def test_a_missing_page_is_recorded_not_audited(runner: AxeRunner, site: SiteServer) -> None:
    audit, rendered = _audit(runner, site, "/gone.html")
    assert (audit.status, audit.http_status, audit.rules) == ("http_error", 404, ())
    assert readability_of(audit, rendered) is None


def _stored_counts(results: list[ReadResult]) -> Counter[tuple[str, str]]:
    """(result type, rule) → nodes, read back from a real DuckDB raw table."""
    con = duckdb.connect(":memory:")
    requests = [loader.LoadRequest(r, "audit", r.table) for r in results]
    loader.load_many(con, requests, municipality_code="990019")
    rows = con.execute(
        "select result_type, rule_id, count(node_index) from raw.accessibility__axe_results "
        "group by all"
    ).fetchall()
    con.close()
    return Counter({(kind, rule): n for kind, rule, n in rows})


def _direct_counts(runner: AxeRunner, url: str) -> Counter[tuple[str, str]]:
    """axe-core's own run (axe-playwright-python's helper) in a plain page, same options."""
    page = runner.browser.new_page()
    try:
        page.goto(url, wait_until="load")
        response = Axe().run(page, options=AXE_OPTIONS).response
    finally:
        page.close()
    kinds = {"violations": "violation", "incomplete": "incomplete", "passes": "pass"}
    return Counter(
        {(kinds[k], rule["id"]): len(rule["nodes"]) for k in kinds for rule in response[k]}
    )


@pytest.mark.parametrize("path", ["/violations.html", "/clean.html", "/incomplete.html"])
def test_stored_findings_agree_with_axe_run_directly(
    runner: AxeRunner, site: SiteServer, path: str
) -> None:
    audit, _ = _audit(runner, site, path)
    stored = _stored_counts(tables.audit_results([audit]))
    direct = _direct_counts(runner, site.base + path)
    assert stored == direct  # same rules, same result types, same node counts
    by_type = counts(audit)
    assert by_type["violation"][1] == sum(n for (k, _), n in direct.items() if k == "violation")


def test_the_rule_table_matches_the_bundled_axe(runner: AxeRunner, site: SiteServer) -> None:
    page = runner.new_page()
    try:
        page.goto(site.base + "/clean.html")
        version = page.evaluate("axe.version")
        rules = page.evaluate("axe.getRules()")
    finally:
        page.close()
    assert version == AXE_VERSION
    bundled = {r["ruleId"]: tuple(t for t in r["tags"] if re.fullmatch(KEPT_TAG, t)) for r in rules}
    assert bundled == RULE_TAGS


def test_page_key_of_an_audited_url() -> None:
    assert page_key("HTTPS://WWW.City.Example.JP/a/b/?x=1#top") == "https://www.city.example.jp/a/b"
    assert json.loads('["main > img"]') == ["main > img"]
