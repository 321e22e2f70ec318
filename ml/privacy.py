"""Small-cell suppression: no count below the threshold leaves the warehouse's ML outputs.

A suppressed cell keeps its row (so totals can say "some cells suppressed") with the count and
every value derived from it set to null and `is_suppressed` true. Shares computed from a
suppressed count are nulled too.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

DEFAULT_THRESHOLD = 10


def round_count(value: float, base: int = 10) -> int:
    """Counts published as estimates are rounded to the nearest `base` (never to 0 when >0)."""
    if value <= 0:
        return 0
    return max(int(round(value / base)) * base, base)


def suppress(
    frame: pl.DataFrame,
    count_column: str,
    derived: Sequence[str] = (),
    threshold: int = DEFAULT_THRESHOLD,
    flag: str = "is_suppressed",
) -> pl.DataFrame:
    """Null `count_column` and `derived` where the count is below `threshold`; add `flag`."""
    small = pl.col(count_column).is_null() | (pl.col(count_column) < threshold)
    nulled = [
        pl.when(small).then(None).otherwise(pl.col(c)).alias(c) for c in (count_column, *derived)
    ]
    return frame.with_columns(small.alias(flag)).with_columns(nulled)


def drop_small(
    frame: pl.DataFrame, count_column: str, threshold: int = DEFAULT_THRESHOLD
) -> pl.DataFrame:
    """Rows whose count is below the threshold removed altogether."""
    return frame.filter(pl.col(count_column) >= threshold)


def check_no_small_cells(
    frame: pl.DataFrame, count_columns: Sequence[str], threshold: int = DEFAULT_THRESHOLD
) -> list[str]:
    """Problems found: columns with a non-null value in 1..threshold-1 (0 is allowed)."""
    problems = []
    for column in count_columns:
        bad = frame.filter(
            pl.col(column).is_not_null() & (pl.col(column) > 0) & (pl.col(column) < threshold)
        )
        if bad.height:
            problems.append(f"{column}: {bad.height} cells below {threshold}")
    return problems
