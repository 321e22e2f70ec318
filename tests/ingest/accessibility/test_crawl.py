"""The crawl plan against a local HTTP server: robots.txt, same host, rate limit, page limit,
sitemaps (index, gzip), URL lists, saved folders, and resumable state."""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from pathlib import Path

import pytest

from ingest.accessibility.crawl import (
    SKIPPED_DUPLICATE,
    SKIPPED_HOST,
    SKIPPED_LIMIT,
    SKIPPED_ROBOTS,
    HttpClient,
    RateLimiter,
    plan_crawl,
)
from ingest.accessibility.sources import SourceError
from ingest.accessibility.state import AuditState, run_key

from .site_server import Response, SiteServer

ROBOTS = "User-agent: *\nDisallow: /private/\n"


def _sitemap(urls: list[str], index: bool = False) -> str:
    tag, item = ("sitemapindex", "sitemap") if index else ("urlset", "url")
    body = "".join(f"<{item}><loc>{u}</loc></{item}>" for u in urls)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<{tag} xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{body}</{tag}>'
    )


@pytest.fixture
def site() -> Iterator[SiteServer]:
    pages = {f"/page{i}.html": Response(f"<html><body>{i}</body></html>") for i in range(5)}
    pages["/private/secret.html"] = Response("<html><body>secret</body></html>")
    pages["/robots.txt"] = Response(ROBOTS, content_type="text/plain")
    with SiteServer(pages) as server:
        urls = [f"{server.base}/page{i}.html" for i in range(5)]
        urls += [
            f"{server.base}/private/secret.html",
            f"{server.other_host}/page9.html",  # same server, another host name
            f"{server.base}/page1.html?utm_source=x",  # the same page as page1
        ]
        server.pages["/sitemap.xml"] = Response(_sitemap(urls), content_type="application/xml")
        yield server


def _client(interval: float = 0.0) -> HttpClient:
    return HttpClient(RateLimiter(interval))


def test_same_host_robots_and_duplicates(site: SiteServer) -> None:
    plan = plan_crawl([f"{site.base}/sitemap.xml"], _client(), rate=100)
    assert plan.host == "127.0.0.1"
    assert [t.url for t in plan.targets] == [f"{site.base}/page{i}.html" for i in range(5)]
    assert {(s.url.replace(site.base, "").replace(site.other_host, "~"), s.reason)
            for s in plan.skipped} == {
        ("/private/secret.html", SKIPPED_ROBOTS),
        ("~/page9.html", SKIPPED_HOST),
        ("/page1.html?utm_source=x", SKIPPED_DUPLICATE),
    }  # fmt: skip
    # robots.txt first, then the sitemap; nothing else was requested, and never the other host.
    assert site.paths() == ["/robots.txt", "/sitemap.xml"]
    assert not [h for h in site.hits if h.host.startswith("localhost")]


def test_rate_limit_spaces_every_request_the_site_sees(site: SiteServer) -> None:
    client = _client()
    plan = plan_crawl([f"{site.base}/sitemap.xml"], client, rate=5)  # one request per 0.2 s
    assert client.limiter.interval == pytest.approx(0.2)
    for target in plan.targets:
        status, _, _ = client.get(target.fetch_url)
        assert status == 200
    hits = [h for h in site.hits if h.host.startswith("127.0.0.1")]
    assert len(hits) == 2 + len(plan.targets)
    gaps = [b.at - a.at for a, b in zip(hits, hits[1:], strict=False)]
    # Measured by the server between request arrivals (a little timer slack allowed).
    assert min(gaps) >= 0.2 - 0.02, gaps


def test_page_limit_keeps_the_first_pages(site: SiteServer) -> None:
    plan = plan_crawl([f"{site.base}/sitemap.xml"], _client(), rate=100, max_pages=2)
    assert [t.url.rsplit("/", 1)[1] for t in plan.targets] == ["page0.html", "page1.html"]
    assert sum(s.reason == SKIPPED_LIMIT for s in plan.skipped) == 3


def test_crawl_delay_in_robots_lowers_the_rate(site: SiteServer) -> None:
    site.pages["/robots.txt"] = Response(
        "User-agent: *\nCrawl-delay: 2\nDisallow: /private/\n", content_type="text/plain"
    )
    client = _client()
    plan = plan_crawl([f"{site.base}/page0.html"], client, rate=10)  # no request after robots
    assert client.limiter.interval == 2.0
    assert "2 s" in plan.robots_note


@pytest.mark.parametrize(
    ("status", "allowed"), [(404, True), (410, True), (403, False), (503, False)]
)
def test_robots_txt_status(site: SiteServer, status: int, allowed: bool) -> None:
    site.pages["/robots.txt"] = Response("x", status, "text/plain")
    plan = plan_crawl([f"{site.base}/page0.html"], _client(), rate=100)
    assert bool(plan.targets) is allowed
    if not allowed:
        assert [s.reason for s in plan.skipped] == [SKIPPED_ROBOTS]


def test_sitemap_index_with_gzip_sitemaps(site: SiteServer) -> None:
    first = _sitemap([f"{site.base}/page0.html"])
    second = gzip.compress(_sitemap([f"{site.base}/page1.html"]).encode(), mtime=0)
    site.pages["/s1.xml"] = Response(first, content_type="application/xml")
    site.pages["/s2.xml.gz"] = Response(second, content_type="application/gzip")
    site.pages["/sitemap_index.xml"] = Response(
        _sitemap([f"{site.base}/s1.xml", f"{site.base}/s2.xml.gz", f"{site.other_host}/s3.xml"],
                 index=True),
        content_type="application/xml",
    )  # fmt: skip
    plan = plan_crawl([f"{site.base}/sitemap_index.xml"], _client(), rate=100)
    assert [t.url for t in plan.targets] == [f"{site.base}/page0.html", f"{site.base}/page1.html"]
    assert "/s3.xml" not in site.paths("localhost")


def test_a_sitemap_with_a_doctype_is_refused(site: SiteServer) -> None:
    site.pages["/evil.xml"] = Response(
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><urlset><url><loc>&a;</loc>'
        "</url></urlset>",
        content_type="application/xml",
    )
    with pytest.raises(SourceError, match="DOCTYPE"):
        plan_crawl([f"{site.base}/evil.xml"], _client(), rate=100)


def test_url_list_file(site: SiteServer, tmp_path: Path) -> None:
    listing = tmp_path / "urls.txt"
    listing.write_text(
        f"# pages to audit\n\n{site.base}/page2.html\n{site.base}/private/secret.html\n"
        f"{site.other_host}/page3.html\n",
        encoding="utf-8",
    )
    plan = plan_crawl([str(listing)], _client(), rate=100)
    assert [t.url for t in plan.targets] == [f"{site.base}/page2.html"]
    assert sorted(s.reason for s in plan.skipped) == [SKIPPED_HOST, SKIPPED_ROBOTS]
    listing.write_text(f"{site.base}/page2.html\nnot a url\n", encoding="utf-8")
    with pytest.raises(SourceError, match="line 2"):
        plan_crawl([str(listing)], _client(), rate=100)


def test_unknown_source_says_what_is_accepted(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="sitemap URL"):
        plan_crawl([str(tmp_path / "missing")], _client(), rate=1)


def test_folder_pages_take_their_canonical_address(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "one.html").write_text(
        '<html><head><link rel="canonical" href="https://www.city.example.jp/a/one.html">'
        "</head></html>",
        encoding="utf-8",
    )
    (tmp_path / "two.htm").write_text("<html></html>", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not a page", encoding="utf-8")
    plan = plan_crawl([str(tmp_path)], _client(), rate=1, base_url="https://www.city.example.jp/")
    assert [t.url for t in plan.targets] == [
        "https://www.city.example.jp/a/one.html",
        "https://www.city.example.jp/two.htm",
    ]
    assert all(t.fetch_url.startswith("file://") for t in plan.targets)
    assert plan.host == "www.city.example.jp"


def test_state_resumes_only_when_asked(tmp_path: Path) -> None:
    key = run_key(["https://x.jp/sitemap.xml"], {"max_pages": None})
    assert key == run_key(["https://x.jp/sitemap.xml"], {"max_pages": None})
    folder = tmp_path / "audit" / key
    state = AuditState.open(folder, resume=False, sources=["s"], options={})
    at = "2025-06-01T00:00:00+00:00"
    state.record([
        ("https://x.jp/a", at, {"url": "https://x.jp/a", "status": "audited"}, True),
        ("https://x.jp/b", at, {"url": "https://x.jp/b", "status": "error"}, False),
    ])  # fmt: skip
    resumed = AuditState.open(folder, resume=True, sources=["s"], options={})
    assert resumed.is_done("https://x.jp/a") and not resumed.is_done("https://x.jp/b")
    resumed.record([("https://x.jp/b", at, {"url": "https://x.jp/b", "status": "audited"}, True)])
    assert resumed.entries() == [
        {"url": "https://x.jp/a", "status": "audited"},
        {"url": "https://x.jp/b", "status": "audited"},  # the retry replaced the failure
    ]
    fresh = AuditState.open(folder, resume=False, sources=["s"], options={})
    assert not fresh.is_done("https://x.jp/a") and fresh.entries() == []
