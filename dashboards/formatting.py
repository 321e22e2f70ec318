"""Numbers and dates written the way Japanese public documents write them.

Thousands separators (1,234), yen with a leading ¥ and no decimals (¥1,234), shares as
percentages with one decimal (29.4%). Missing values show as an em dash.
"""

from __future__ import annotations

import math
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from dashboards.suppression import Suppressed

NONE = "—"


def _is_missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _to_decimal(value: int | float | Decimal) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


Number = int | float | Decimal | Suppressed | None


def fmt_int(value: Number) -> str:
    """1234 -> '1,234' (rounded half up to a whole number); a suppressed count -> '<10'."""
    if isinstance(value, Suppressed):
        return str(value)
    if _is_missing(value):
        return NONE
    assert value is not None and not isinstance(value, Suppressed)
    whole = _to_decimal(value).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return f"{int(whole):,}"


def fmt_yen(value: Number) -> str:
    """1234.5 -> '¥1,235' (yen have no subunit in reports; rounded half up)."""
    if isinstance(value, Suppressed):
        return NONE
    if _is_missing(value):
        return NONE
    text = fmt_int(value)
    return f"-¥{text[1:]}" if text.startswith("-") else f"¥{text}"


def fmt_pct(share: float | Decimal | Suppressed | None) -> str:
    """0.2941 -> '29.4%'."""
    if isinstance(share, Suppressed):
        return NONE
    if _is_missing(share):
        return NONE
    assert share is not None
    pct = (_to_decimal(share) * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{pct}%"


def fmt_date(day: date, lang: str) -> str:
    """date(2025, 4, 1) -> '2025年4月1日' (ja) or '1 Apr 2025' (en)."""
    if lang == "ja":
        return f"{day.year}年{day.month}月{day.day}日"
    return f"{day.day} {day.strftime('%b')} {day.year}"
