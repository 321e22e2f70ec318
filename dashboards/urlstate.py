"""The page state that lives in the URL query (deep links): ``lang``, ``start`` and ``end``.

Parsing never raises: a bad or missing value falls back to the default, so a hand-edited link
still opens the page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from urllib.parse import parse_qs, urlencode

from dashboards.i18n import DEFAULT_LANGUAGE, normalize_lang


@dataclass(frozen=True)
class DateRange:
    """An inclusive range of calendar days (Asia/Tokyo dates, as the marts store them)."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.start > self.end:
            raise ValueError(f"start {self.start} is after end {self.end}")


def parse_date(value: object) -> date | None:
    """An ISO date (YYYY-MM-DD) or None when the value is missing or malformed."""
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or len(value.strip()) != 10:
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        return None


def parse_search(search: str | None) -> dict[str, str]:
    """'?lang=en&start=2025-04-01' -> {'lang': 'en', 'start': '2025-04-01'} (first value wins)."""
    query = (search or "").lstrip("?")
    return {key: values[0] for key, values in parse_qs(query).items() if values}


def lang_from_search(search: str | None, default: str = DEFAULT_LANGUAGE) -> str:
    return normalize_lang(parse_search(search).get("lang"), default)


def build_search(
    lang: str,
    start: date | str | None = None,
    end: date | str | None = None,
    default_lang: str = DEFAULT_LANGUAGE,
) -> str:
    """The query string for a deep link; the default language is left out of it."""
    params: dict[str, str] = {}
    if lang != default_lang:
        params["lang"] = lang
    if start is not None:
        params["start"] = str(start)
    if end is not None:
        params["end"] = str(end)
    return f"?{urlencode(params)}" if params else ""


def with_lang(search: str | None, lang: str, default_lang: str = DEFAULT_LANGUAGE) -> str:
    """The same query with ``lang`` switched (left out when it is the default), every other
    parameter kept in its order: the language link keeps a page's filters."""
    params = {key: value for key, value in parse_search(search).items() if key != "lang"}
    if lang != default_lang:
        params = {"lang": lang, **params}
    return f"?{urlencode(params)}" if params else ""


def replace_params(
    search: str | None, changes: dict[str, str | None], default_lang: str = DEFAULT_LANGUAGE
) -> str:
    """The query with ``changes`` applied (None or "" removes a key); the default language is
    left out."""
    params = parse_search(search)
    for key, value in changes.items():
        if value:
            params[key] = value
        else:
            params.pop(key, None)
    if params.get("lang") == default_lang:
        params.pop("lang")
    return f"?{urlencode(params)}" if params else ""


def search_after_change(
    search: str | None,
    lang: str,
    start: object,
    end: object,
    defaults: DateRange,
    default_lang: str = DEFAULT_LANGUAGE,
) -> str | None:
    """The query string to push after the user picked ``start``..``end``, or None when the
    URL already means that range (so loading a page does not add a history entry) or a date
    is not a valid ISO date yet."""
    start_day, end_day = parse_date(start), parse_date(end)
    if start_day is None or end_day is None:
        return None
    query = parse_search(search)
    shown = (
        parse_date(query.get("start")) or defaults.start,
        parse_date(query.get("end")) or defaults.end,
    )
    if (start_day, end_day) == shown:
        return None
    return build_search(lang, start_day, end_day, default_lang)
