"""Parsing of the cell values platforms emit: numbers with separators, placeholders, dates.

Each parser returns None for a missing value and raises ValueError (with what is accepted)
for a value it cannot read, so readers can turn it into a reject with line and column.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

MISSING = {"", "-", "--", "—", "n/a", "na", "null", "none", "(not set)"}

_WAREKI_ERAS = {"令和": 2018, "平成": 1988, "昭和": 1925, "R": 2018, "H": 1988, "S": 1925}
_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}


def clean(cell: str) -> str:
    return unicodedata.normalize("NFKC", cell).strip()


def is_missing(cell: str) -> bool:
    return clean(cell).lower() in MISSING


def parse_number(cell: str, decimal_comma: bool = False) -> float | None:
    """'1,356,884' → 1356884; '２．５' → 2.5; '12.5%' → 0.125; '--' → None.

    Bounds such as '< 10%' raise ValueError: they are not numbers and must be kept as text.
    """
    text = clean(cell)
    if text.lower() in MISSING:
        return None
    if text[:1] in "<>" or text[:1] in "≤≥":
        raise ValueError(f"{cell!r} is a bound, not a number")
    percent = text.endswith("%")
    text = text.rstrip("%").strip().replace("¥", "").replace("￥", "").replace(" ", "")
    text = text.replace(".", "").replace(",", ".") if decimal_comma else text.replace(",", "")
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"{cell!r} is not a number (accepted: 1234, 1,234, 12.5%, --)") from None
    return value / 100 if percent else value


def parse_count(cell: str) -> int | None:
    value = parse_number(cell)
    if value is None:
        return None
    if value != int(value):
        raise ValueError(f"{cell!r} is not a whole number")
    return int(value)


def parse_date(cell: str, day_first: bool = False) -> dt.date | None:
    """Dates as the platforms and Japanese offices write them.

    YYYY-MM-DD, YYYY/MM/DD, YYYYMMDD, YYYY年M月D日, 令和6年4月1日 / R6.4.1, M/D/YYYY
    (or D/M/YYYY with day_first), DD-MM-YYYY, 'Aug 28, 2025', '28 August 2025'.
    A time part after the date is ignored (dates are local calendar days).
    """
    text = clean(cell)
    if text.lower() in MISSING:
        return None
    text = re.split(r"[ T](?=\d{1,2}:\d{2})", text)[0].strip()
    try:
        return _parse_date_text(text, day_first)
    except ValueError:
        raise ValueError(
            f"{cell!r} is not a date (accepted: 2025-04-01, 2025/04/01, 令和7年4月1日, "
            "4/1/2025, Apr 1, 2025)"
        ) from None


def _parse_date_text(text: str, day_first: bool) -> dt.date:
    if m := re.fullmatch(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})", text):
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    if m := re.fullmatch(r"(\d{4})(\d{2})(\d{2})", text):
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    if m := re.fullmatch(r"(\d{4})年(\d{1,2})月(\d{1,2})日", text):
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    if m := re.fullmatch(
        r"(令和|平成|昭和|[RHS])\s*(\d{1,2}|元)[年.](\d{1,2})[月.](\d{1,2})日?", text
    ):
        year = 1 if m[2] == "元" else int(m[2])
        return dt.date(_WAREKI_ERAS[m[1]] + year, int(m[3]), int(m[4]))
    if m := re.fullmatch(r"(\d{1,2})[/-](\d{1,2})[/-](\d{4})", text):
        first, second, year = int(m[1]), int(m[2]), int(m[3])
        dash = "-" in text
        if day_first or dash or first > 12:
            return dt.date(year, second, first)
        return dt.date(year, first, second)
    if m := re.fullmatch(r"([A-Za-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})", text):
        return dt.date(int(m[3]), _MONTHS[m[1].lower()], int(m[2]))
    if m := re.fullmatch(r"(\d{1,2})\s+([A-Za-z]+)\.?,?\s+(\d{4})", text):
        return dt.date(int(m[3]), _MONTHS[m[2].lower()], int(m[1]))
    raise ValueError(text)


def parse_date_range(line: str) -> tuple[dt.date, dt.date] | None:
    """A report's date-range line: '27 January 2026 - 23 February 2026', '2025年4月1日～2026年3月31日'."""
    text = clean(line).strip('"').strip(",\t ")
    parts = re.split(r"\s+[-–~〜～]\s+|\s*[～〜~]\s*", text)
    if len(parts) != 2:
        return None
    try:
        start, end = parse_date(parts[0]), parse_date(parts[1])
    except ValueError:
        return None
    if start is None or end is None:
        return None
    return start, end


def latest_plausible_date() -> dt.date:
    """Tomorrow in Asia/Tokyo: activity reported for a later day is a typo (e.g. 2052 for 2025)."""
    tokyo = dt.timezone(dt.timedelta(hours=9))
    return dt.datetime.now(tokyo).date() + dt.timedelta(days=1)
