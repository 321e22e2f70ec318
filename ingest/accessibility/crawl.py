"""A polite crawl plan: one host, robots.txt honoured, a rate limit, a page limit.

The crawler does not follow links: the sitemap, URL list or folder says which pages belong to
the audit (a city's conformance report names its 対象ページ up front). robots.txt, sitemaps
and every page navigation of the browser go through one RateLimiter, so the site sees at most
`rate` page requests per second (fewer when robots.txt asks for a Crawl-delay). A page's own
stylesheets and scripts load with it, as in any browser; images, media and fonts are not
fetched at all (axe_runner.py).
"""

from __future__ import annotations

import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

from ingest.accessibility.sources import Candidate, Fetch, SourceError, candidates, is_url
from ingest.accessibility.urls import page_key, same_host

USER_AGENT = "civicpulse-audit/0.1 (accessibility audit; +https://github.com/civicpulse)"
ROBOTS_AGENT = "civicpulse-audit"  # the token robots.txt rules are matched against
TIMEOUT_S = 30.0

_DISALLOW_ALL = ["User-agent: *", "Disallow: /"]

SKIPPED_ROBOTS = "skipped_robots"
SKIPPED_HOST = "skipped_host"
SKIPPED_DUPLICATE = "skipped_duplicate"
SKIPPED_LIMIT = "skipped_limit"


class RateLimiter:
    """At most one request per `interval` seconds, measured between request starts."""

    def __init__(self, interval: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.interval = interval
        self._clock = clock
        self._last: float | None = None
        self._lock = threading.Lock()

    def wait(self) -> None:
        with self._lock:
            now = self._clock()
            if self._last is not None:
                delay = self._last + self.interval - now
                if delay > 0:
                    time.sleep(delay)
                    now = self._clock()
            self._last = now


class HttpClient:
    """GETs for robots.txt and sitemaps, through the shared rate limiter."""

    def __init__(self, limiter: RateLimiter, user_agent: str = USER_AGENT) -> None:
        self.limiter = limiter
        self.user_agent = user_agent

    def get(self, url: str) -> tuple[int, bytes, str]:
        self.limiter.wait()
        request = urllib.request.Request(url, headers={"User-Agent": self.user_agent})
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT_S) as response:  # noqa: S310
                return response.status, response.read(), response.geturl()
        except urllib.error.HTTPError as error:
            return error.code, error.read() if error.fp else b"", url
        except urllib.error.URLError as error:
            raise OSError(f"cannot reach {url}: {error.reason}") from None


@dataclass(frozen=True)
class Skipped:
    url: str
    reason: str  # skipped_robots | skipped_host | skipped_duplicate | skipped_limit
    source: str


@dataclass
class Plan:
    host: str | None
    targets: list[Candidate]
    skipped: list[Skipped] = field(default_factory=list)
    robots_note: str = ""


def load_robots(host_url: str, fetch: Fetch) -> tuple[RobotFileParser, str]:
    """robots.txt of the site. Missing (404 and other 4xx): everything allowed; 401/403 and
    server errors: nothing allowed, as search engines treat them (a broken site is not an
    invitation)."""
    parts = urlsplit(host_url)
    robots_url = f"{parts.scheme}://{parts.netloc}/robots.txt"
    parser = RobotFileParser(robots_url)
    try:
        status, body, _ = fetch(robots_url)
    except OSError as error:
        parser.parse(_DISALLOW_ALL)
        return parser, f"robots.txt unreachable ({error}); nothing is fetched"
    if status in (401, 403) or status >= 500:
        parser.parse(_DISALLOW_ALL)
        return parser, f"robots.txt answered HTTP {status}; nothing is fetched"
    if status >= 400:
        parser.parse([])  # no rules: everything allowed
        return parser, f"no robots.txt (HTTP {status}); everything allowed"
    parser.parse(body.decode("utf-8", errors="replace").splitlines())
    return parser, "robots.txt honoured"


def plan_crawl(
    sources: Sequence[str],
    client: HttpClient,
    *,
    rate: float,
    max_pages: int | None = None,
    base_url: str | None = None,
) -> Plan:
    """Which pages to audit, in source order, and which were left out and why.

    The site's host is the host of the first source that names one; pages on any other host
    are skipped. robots.txt is read once (before the sitemap) and its Crawl-delay, when longer
    than 1/rate, becomes the interval between requests.
    """
    if rate <= 0:
        raise SourceError(f"rate must be a positive number of requests per second, got {rate}")
    client.limiter.interval = 1.0 / rate
    host: str | None = None
    robots: RobotFileParser | None = None
    note = ""
    found: list[Candidate] = []
    for source in sources:
        if is_url(source) and robots is None:
            robots, note = _robots_for(source, client)
        listed, source_host = candidates(source, client.get, base_url=base_url)
        host = host or source_host
        if robots is None and any(is_url(c.fetch_url) for c in listed):
            robots, note = _robots_for(next(c.url for c in listed if is_url(c.url)), client)
        found.extend(listed)
    plan = Plan(host, [], robots_note=note)
    seen: set[str] = set()
    for candidate in found:
        key = page_key(candidate.url)
        reason = None
        if key in seen:
            reason = SKIPPED_DUPLICATE
        elif host and is_url(candidate.url) and not same_host(candidate.url, host):
            reason = SKIPPED_HOST
        elif (
            robots is not None
            and is_url(candidate.fetch_url)
            and not robots.can_fetch(ROBOTS_AGENT, candidate.fetch_url)
        ):
            reason = SKIPPED_ROBOTS
        elif max_pages is not None and len(plan.targets) >= max_pages:
            reason = SKIPPED_LIMIT
        seen.add(key)
        if reason:
            plan.skipped.append(Skipped(candidate.url, reason, candidate.source))
        else:
            plan.targets.append(candidate)
    return plan


def _robots_for(url: str, client: HttpClient) -> tuple[RobotFileParser, str]:
    parser, note = load_robots(url, client.get)
    delay = parser.crawl_delay(ROBOTS_AGENT)
    rate = parser.request_rate(ROBOTS_AGENT)
    interval = client.limiter.interval
    if delay:
        interval = max(interval, float(delay))
    if rate and rate.requests:
        interval = max(interval, rate.seconds / rate.requests)
    if interval > client.limiter.interval:
        note += f"; robots.txt asks for one request every {interval:g} s"
        client.limiter.interval = interval
    return parser, note
