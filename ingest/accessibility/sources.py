"""What to audit: a sitemap (URL or file, sitemap index and .gz included), a URL list file, a
single page URL, or a folder of saved HTML pages."""

from __future__ import annotations

import gzip
import re
import xml.etree.ElementTree as ElementTree
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

from ingest.accessibility.urls import host_of

SITEMAP = "sitemap"
URL_LIST = "url_list"
FOLDER = "folder"
PAGE = "url"
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
MAX_SITEMAP_DEPTH = 3  # a sitemap index of indexes of sitemaps is as deep as real sites go

# (status, body, final URL) for a GET; raises OSError when the host cannot be reached.
Fetch = Callable[[str], tuple[int, bytes, str]]


class SourceError(ValueError):
    """An input that is not a sitemap, URL list, page URL or folder; says what is accepted."""


@dataclass(frozen=True)
class Candidate:
    url: str  # the page's address (what the marts join on)
    fetch_url: str  # what the browser opens: the URL itself, or file:// for a saved page
    source_kind: str  # sitemap | url_list | url | folder
    source: str


def is_url(text: str) -> bool:
    return bool(re.match(r"https?://", text, re.IGNORECASE))


def candidates(
    source: str, fetch: Fetch, *, base_url: str | None = None
) -> tuple[list[Candidate], str | None]:
    """The pages a source names, and the host it belongs to (None when it cannot tell)."""
    if is_url(source):
        if re.search(r"sitemap|\.xml(\.gz)?$", source.rsplit("/", 1)[-1], re.IGNORECASE):
            urls = sitemap_urls(source, fetch)
            return [Candidate(u, u, SITEMAP, source) for u in urls], host_of(source)
        return [Candidate(source, source, PAGE, source)], host_of(source)
    path = Path(source)
    if path.is_dir():
        found = folder_pages(path, base_url)
        host = host_of(base_url) if base_url else next((host_of(c.url) for c in found), None)
        return found, host or None
    if path.is_file():
        raw = path.read_bytes()
        text = _decode(raw)
        if re.search(r"<(\w+:)?(urlset|sitemapindex)\b", text[:4096]):
            urls = _parse_sitemap(text, source, fetch, depth=0)
            return [Candidate(u, u, SITEMAP, source) for u in urls], None
        urls = url_list(text, source)
        return [Candidate(u, u, URL_LIST, source) for u in urls], (
            host_of(urls[0]) if urls else None
        )
    raise SourceError(
        f"{source}: not found. Give a sitemap URL (https://…/sitemap.xml), a page URL, a text "
        "file with one URL per line, a sitemap.xml file, or a folder of saved .html pages"
    )


def _decode(raw: bytes) -> str:
    if raw[:2] == b"\x1f\x8b":
        raw = gzip.decompress(raw)
    return raw.decode("utf-8-sig", errors="replace")


def url_list(text: str, source: str) -> list[str]:
    """One URL per line; blank lines and lines starting with # are ignored."""
    urls = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if not is_url(line):
            raise SourceError(f"{source}, line {number}: {line!r} is not an http(s) URL")
        urls.append(line)
    return urls


def sitemap_urls(url: str, fetch: Fetch, depth: int = 0) -> list[str]:
    status, body, _ = fetch(url)
    if status != 200:
        raise SourceError(f"{url}: the sitemap answered HTTP {status}")
    return _parse_sitemap(_decode(body), url, fetch, depth)


def _parse_sitemap(text: str, where: str, fetch: Fetch, depth: int) -> list[str]:
    # Sitemaps never need a DTD; refusing one rules out entity-expansion tricks.
    if re.search(r"<!(DOCTYPE|ENTITY)", text, re.IGNORECASE):
        raise SourceError(f"{where}: a sitemap must not contain a DOCTYPE or ENTITY declaration")
    try:
        root = ElementTree.fromstring(text)
    except ElementTree.ParseError as error:
        raise SourceError(f"{where}: not a readable sitemap ({error})") from None
    locs = [
        (element.text or "").strip()
        for element in root.iter()
        if element.tag.rsplit("}", 1)[-1] == "loc" and (element.text or "").strip()
    ]
    if root.tag.rsplit("}", 1)[-1] != "sitemapindex":
        return locs
    if depth >= MAX_SITEMAP_DEPTH:
        raise SourceError(f"{where}: sitemap indexes nested deeper than {MAX_SITEMAP_DEPTH}")
    urls: list[str] = []
    for child in locs:
        # A sitemap index may only point at sitemaps on its own host (the sitemaps protocol).
        if not is_url(where) or host_of(child) == host_of(where):
            urls.extend(sitemap_urls(child, fetch, depth + 1))
    return urls


_CANONICAL = re.compile(r"<link\b[^>]*\brel=[\"']?canonical[\"']?[^>]*>", re.IGNORECASE | re.DOTALL)
_HREF = re.compile(r"\bhref=[\"']?([^\"'\s>]+)", re.IGNORECASE)


def folder_pages(folder: Path, base_url: str | None) -> list[Candidate]:
    """Saved pages under a folder, in path order. The page's address is its
    <link rel="canonical">, else base_url + the relative path, else the file's own URI."""
    out = []
    for path in sorted(p for p in folder.rglob("*") if p.suffix.lower() in HTML_SUFFIXES):
        if not path.is_file():
            continue
        head = path.read_bytes()[:65536].decode("utf-8", errors="replace")
        canonical = _CANONICAL.search(head)
        href = _HREF.search(canonical.group(0)) if canonical else None
        relative = path.relative_to(folder).as_posix()
        if href and is_url(href.group(1)):
            url = href.group(1)
        elif base_url:
            url = urljoin(base_url.rstrip("/") + "/", relative)
        else:
            url = path.resolve().as_uri()
        out.append(Candidate(url, path.resolve().as_uri(), FOLDER, str(folder)))
    return out
