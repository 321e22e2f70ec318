"""`civicpulse audit` end to end: a local site over HTTP (robots.txt, another host, rate limit,
resume) and the sample city's saved pages, loaded into a real DuckDB with a JSON report."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import polars as pl
import pytest
from click.testing import CliRunner, Result

import civicpulse.audit as audit_module
from civicpulse.audit import audit
from ingest.accessibility.axe_runner import AxeRunner, RenderedPage
from samplecity.channels import site_html
from samplecity.channels.context import SampleContext
from samplecity.fiscal import fiscal_calendar

from .browser import requires_chromium
from .pages import CLEAN, INCOMPLETE, VIOLATIONS
from .site_server import Response, SiteServer

pytestmark = [pytest.mark.browser, requires_chromium]
PAGES = ("/index.html", "/kosodate/jidouteate.html", "/kanko/spots.html")


@pytest.fixture
def site() -> Iterator[SiteServer]:
    pages = {
        "/index.html": Response(CLEAN),
        "/kosodate/jidouteate.html": Response(VIOLATIONS),
        "/kanko/spots.html": Response(INCOMPLETE),
        "/private/draft.html": Response(CLEAN),
        "/robots.txt": Response("User-agent: *\nDisallow: /private/\n", content_type="text/plain"),
    }
    with SiteServer(pages) as server:
        urls = [server.base + p for p in (*PAGES, "/gone.html", "/private/draft.html")]
        urls.append(server.other_host + "/index.html")
        body = "".join(f"<url><loc>{u}</loc></url>" for u in urls)
        server.pages["/sitemap.xml"] = Response(
            f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{body}</urlset>',
            content_type="application/xml",
        )
        yield server


def _invoke(home: Path, *args: str) -> Result:
    env = {"CIVICPULSE_HOME": str(home), "CIVICPULSE_MUNICIPALITY_CODE": "990019"}
    return CliRunner().invoke(audit, list(args), env=env, catch_exceptions=False)


def _query(home: Path, sql: str) -> list[tuple[Any, ...]]:
    con = duckdb.connect(str(home / "warehouse.duckdb"), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_audit_a_site_over_http(site: SiteServer, tmp_path: Path) -> None:
    report_path = tmp_path / "report.json"
    result = _invoke(tmp_path, f"{site.base}/sitemap.xml", "--report", str(report_path),
                     "--rate", "8")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "3 pages audited (1 with violations" in result.output
    assert "1 failed" in result.output and "not audited:" in result.output
    # robots.txt and the other host were honoured: never requested.
    assert "/private/draft.html" not in site.paths()
    assert not [h for h in site.hits if h.host.startswith("localhost")]
    # Every request the site saw, robots.txt and sitemap included, ≥ 1/8 s apart.
    hits = [h for h in site.hits if h.path != "/favicon.ico"]
    assert [h.path for h in hits] == ["/robots.txt", "/sitemap.xml", *PAGES, "/gone.html"]
    gaps = [b.at - a.at for a, b in zip(hits, hits[1:], strict=False)]
    assert min(gaps) >= 1 / 8 - 0.02, gaps
    statuses = dict(
        _query(tmp_path, "select status, count(*) from raw.accessibility__pages group by 1")
    )
    assert statuses == {"audited": 3, "http_error": 1, "skipped_robots": 1, "skipped_host": 1}
    violations = _query(
        tmp_path,
        "select rule_id, count(*) from raw.accessibility__axe_results "
        "where result_type = 'violation' group by 1 order by 1",
    )
    assert violations == [
        ("color-contrast", 2),
        ("html-has-lang", 1),
        ("image-alt", 1),
        ("label", 1),
    ]
    assert _query(tmp_path, "select count(*) from raw.accessibility__jis_status") == [(3 * 38,)]
    assert _query(tmp_path, "select count(*) from raw.readability__pages") == [(3,)]
    report = json.loads(report_path.read_text(encoding="utf-8"))
    by_url = {p["url"].removeprefix(site.base): p for p in report["pages"]}
    assert set(by_url) == {*PAGES, "/gone.html"}
    assert by_url["/gone.html"]["status"] == "http_error" and by_url["/gone.html"]["jis"] == {}
    assert report["scope"]["pages_audited"] == 3
    assert [p["reason"] for p in report["scope"]["pages_not_audited"]] == ["HTTP 404"]
    bad = by_url["/kosodate/jidouteate.html"]
    assert {v["rule"] for v in bad["violations"]} == {
        "html-has-lang",
        "image-alt",
        "color-contrast",
        "label",
    }
    assert bad["jis"]["1.1.1"] == "不適合" and bad["readability"]["band"]
    assert by_url["/kanko/spots.html"]["incomplete"][0]["rule"] == "color-contrast"
    assert {s["reason"] for s in report["scope"]["pages_skipped"]} == {
        "skipped_robots",
        "skipped_host",
    }


class _Interrupting(AxeRunner):
    """Stops the run (as Ctrl+C would) when it reaches the page named `stop_at`."""

    stop_at = "/kanko/spots.html"

    def audit(self, url: str) -> RenderedPage:
        if url.endswith(self.stop_at):
            raise KeyboardInterrupt
        return super().audit(url)


def test_an_interrupted_audit_resumes_where_it_stopped(
    site: SiteServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sitemap = f"{site.base}/sitemap.xml"
    monkeypatch.setattr(audit_module, "BATCH_SIZE", 1)  # commit page by page
    monkeypatch.setattr(audit_module, "AxeRunner", _Interrupting)
    stopped = CliRunner().invoke(audit, [sitemap, "--rate", "50"],
                                 env={"CIVICPULSE_HOME": str(tmp_path)})  # fmt: skip
    assert stopped.exit_code != 0
    loaded = _query(
        tmp_path, "select count(*) from raw.accessibility__pages where status = 'audited'"
    )
    assert loaded == [(2,)]
    monkeypatch.setattr(audit_module, "AxeRunner", AxeRunner)
    site.hits.clear()
    report_path = tmp_path / "report.json"
    result = _invoke(tmp_path, sitemap, "--rate", "50", "--resume", "--report", str(report_path))
    assert result.exit_code == 0, result.output
    assert "2 already done, resuming" in result.output
    assert [p for p in site.paths() if p.endswith(".html")] == ["/kanko/spots.html", "/gone.html"]
    assert _query(tmp_path, "select count(distinct page_key) from raw.accessibility__pages "
                            "where status = 'audited'") == [(3,)]  # fmt: skip
    report = json.loads(report_path.read_text(encoding="utf-8"))
    # The report covers the pages of both runs (the missing page was retried and failed again).
    assert report["scope"]["pages_audited"] == 3 and len(report["pages"]) == 4


def test_audit_the_sample_city_pages_finds_what_was_planted(tmp_path: Path) -> None:
    out = tmp_path / "inbox"
    context = SampleContext(
        out=out, seed=5, scale=0.01, fiscal_year=2025, cal=fiscal_calendar(2025), city={},
        segments=[], campaigns=[], ads=pl.DataFrame(), typhoon=np.zeros(1),  # needs out, seed
    )  # fmt: skip
    written = site_html.write(context)
    folder = out.parent / "site_html"
    assert not out.exists()  # beside the ingested folder, never inside it
    report_path = tmp_path / "report.json"
    result = _invoke(tmp_path, str(folder), "--report", str(report_path))
    assert result.exit_code == 0, result.output
    truth = {p["url"]: p for p in written.truth["pages"]}
    report = json.loads(report_path.read_text(encoding="utf-8"))
    assert {p["url"] for p in report["pages"]} == set(truth)
    for page in report["pages"]:
        planted = set(truth[page["url"]]["planted_violations"])
        assert {v["rule"] for v in page["violations"]} == planted, page["url"]
        assert page["incomplete"] == []
    scores = {
        p["url"]: p["readability"]["jreadability"] for p in report["pages"] if p["readability"]
    }
    easy = [scores[u] for u, t in truth.items() if t["easy_japanese"]]
    normal = [scores[u] for u, t in truth.items() if t["lang"] == "ja"]
    assert min(easy) > max(normal)
    assert all(
        p["readability"]["ruby_coverage"] == 1.0
        for p in report["pages"]
        if truth[p["url"]]["easy_japanese"]
    )
    english = next(p for p in report["pages"] if truth[p["url"]]["lang"] == "en")
    assert english["readability"]["jreadability"] is None
