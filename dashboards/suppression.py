"""Small-cell suppression for counts of people.

Counts of people (sessions, users, engaged sessions, e-applications, ad conversions) between 1
and ``threshold - 1`` are never shown: tables and exports show ``<threshold`` instead, charts
leave the point out. Zero is shown (it discloses no one). When a group (a column of a table,
one series of a chart) has exactly one suppressed cell, the next smallest positive cell is
suppressed too (complementary suppression), so the hidden value cannot be recovered from a
published total by subtraction. Values computed from a suppressed cell (a share, a cost per
conversion) are suppressed with it.

Known limit: differencing across different views (e.g. a daily chart against a range total of
another page) is not prevented; the threshold is about single small groups, as in the
statistics offices' primary + complementary rule.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from numbers import Real
from typing import Any

import polars as pl

DEFAULT_THRESHOLD = 10
PEOPLE_COUNT_COLUMNS: frozenset[str] = frozenset(
    {
        "sessions",
        "engaged_sessions",
        "users",
        "online_count",
        "counter_count",
        "total_count",
        "online_applications",
        "counter_applications",
        "conversions",
    }
)


@dataclass(frozen=True)
class Suppressed:
    """A hidden small count; prints as ``<threshold``."""

    threshold: int

    def __str__(self) -> str:
        return f"<{self.threshold}"


def is_small(value: object, threshold: int) -> bool:
    """True for a count that must not be shown (0 < value < threshold)."""
    if isinstance(value, bool) or not isinstance(value, Real):
        return False
    return 0 < float(value) < threshold


def suppressed_mask(values: Sequence[object], threshold: int) -> list[bool]:
    """Which cells of one group to hide: the small ones, plus one complementary cell when
    exactly one is small (the smallest other positive count)."""
    mask = [is_small(value, threshold) for value in values]
    if threshold > 1 and sum(mask) == 1 and len(values) > 1:
        others = [
            (float(value), index)  # type: ignore[arg-type]
            for index, value in enumerate(values)
            if not mask[index] and isinstance(value, Real) and float(value) > 0
        ]
        if others:
            mask[min(others)[1]] = True
    return mask


def suppress_rows(
    rows: Sequence[Mapping[str, Any]],
    columns: Iterable[str],
    threshold: int,
    derived: Mapping[str, Sequence[str]] | None = None,
) -> list[dict[str, Any]]:
    """Rows (dicts) with hidden cells replaced by :class:`Suppressed`.

    ``columns``: the people-count columns, each treated as one group; ``derived``: column ->
    the count columns it is computed from (hidden when any of them is).
    """
    out = [dict(row) for row in rows]
    for column in columns:
        if not out or column not in out[0]:
            continue
        flags = suppressed_mask([row[column] for row in out], threshold)
        for row, hide in zip(out, flags, strict=True):
            if hide:
                row[column] = Suppressed(threshold)
    for column, sources in (derived or {}).items():
        for row in out:
            if column in row and any(isinstance(row.get(s), Suppressed) for s in sources):
                row[column] = Suppressed(threshold)
    return out


def mask_frame(
    frame: pl.DataFrame,
    columns: Iterable[str],
    threshold: int,
    group_by: Sequence[str] = (),
) -> pl.DataFrame:
    """The frame with hidden cells set to null (for charts: the point is left out). Each
    series (``group_by``) is one group for the complementary rule."""
    if frame.is_empty():
        return frame
    indexed = frame.with_row_index("_row")
    groups = (
        [part for _, part in indexed.group_by(list(group_by), maintain_order=True)]
        if group_by
        else [indexed]
    )
    for column in columns:
        if column not in frame.columns:
            continue
        hidden: list[int] = []
        for part in groups:
            flags = suppressed_mask(part[column].to_list(), threshold)
            hidden += [row for row, hide in zip(part["_row"].to_list(), flags, strict=True) if hide]
        indexed = indexed.with_columns(
            pl.when(pl.col("_row").is_in(hidden)).then(None).otherwise(pl.col(column)).alias(column)
        )
    return indexed.drop("_row")


def shown_count(value: Any, threshold: int) -> Any:
    """A single total as it may be shown."""
    return Suppressed(threshold) if is_small(value, threshold) else value
