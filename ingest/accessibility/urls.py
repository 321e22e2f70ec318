"""Page URLs: the join key shared with GA4's page_location, and the department a path implies."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit


def page_key(url: str) -> str:
    """The URL as the marts join it to GA4 page_location: scheme and host lower-cased, query
    and fragment dropped, trailing slashes dropped (``https://h/a/`` and ``https://h/a`` are one
    page). The dbt staging models apply the same rule to page_location."""
    parts = urlsplit(url.strip())
    path = parts.path.rstrip("/")
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, "", ""))


def host_of(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def same_host(url: str, host: str) -> bool:
    """Same host name exactly: www.city.example.jp and city.example.jp are different sites."""
    return host_of(url) == host.lower()


def department_of(url: str) -> str | None:
    """The first folder of the path, which on most Japanese city sites is the department or
    theme (/kosodate/…, /bosai/…); None for pages at the top level."""
    segments = [s for s in urlsplit(url).path.split("/") if s]
    return segments[0] if len(segments) > 1 else None


def path_of(url: str) -> str:
    return urlsplit(url).path or "/"
