"""Shared machinery for ad-platform report downloads (Yahoo! 広告, Meta Ads Manager): typed
columns by kind, one parser per cell, rejects with the header as written, a fixed schema so
every file of a source lands in the same raw columns, and the check of a report's own total row.

Not a reader itself (no READER): the platform modules use it.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import polars as pl

from ingest.errors import IngestError
from ingest.text import header_key
from ingest.values import is_missing, parse_count, parse_date, parse_number

# Kinds of column a report holds. Anything not listed is kept as text, as written.
COUNT, AMOUNT, DATE, TEXT = "count", "amount", "date", "text"
_DTYPES: dict[str, pl.DataType] = {
    COUNT: pl.Int64(),
    AMOUNT: pl.Float64(),
    DATE: pl.Date(),
    TEXT: pl.String(),
}


def dtype(kind: str) -> pl.DataType:
    return _DTYPES[kind]


def keys_of(cells: Iterable[str]) -> set[str]:
    return {header_key(cell) for cell in cells}


def alias_keys(aliases: dict[str, tuple[str, ...]], *names: str) -> set[str]:
    """Comparison keys of every alias of the given canonical names."""
    return {header_key(a) for name in names for a in (name, *aliases[name])}


def parse_cell(kind: str, cell: str) -> object:
    """One cell by kind; ValueError (with what is accepted) when it cannot be read."""
    if kind == COUNT:
        return parse_count(cell)
    if kind == AMOUNT:
        return parse_number(cell)
    if kind == DATE:
        return parse_date(cell)
    # Text is stored as written (formula-like cells such as "=cmd|…" included): never evaluated.
    return None if is_missing(cell) else cell.strip()


def parse_row(
    cells: list[str],
    header: list[str],
    mapping: dict[int, str],
    kinds: dict[str, str],
    non_negative: Iterable[str],
) -> tuple[dict[str, object], tuple[str, str] | None]:
    """Parse a data row; the problem (if any) names the header cell as written."""
    record: dict[str, object] = {}
    for position, name in mapping.items():
        try:
            record[name] = parse_cell(kinds.get(name, TEXT), cells[position])
        except ValueError as error:
            return record, (header[position].strip(), str(error))
    for name in non_negative:
        value = record.get(name)
        if isinstance(value, (int, float)) and value < 0:
            position = next(p for p, n in mapping.items() if n == name)
            return record, (
                header[position].strip(),
                f"negative value ({value}); counts and costs are never negative",
            )
    return record, None


def schema_for(
    known: dict[str, str], mapping: dict[int, str], derived: dict[str, pl.DataType]
) -> dict[str, pl.DataType]:
    """Every known column (null when the file lacks it), the file's extra columns as text,
    then the derived columns and `_row_number`."""
    schema = {name: dtype(kind) for name, kind in known.items()}
    for name in mapping.values():
        schema.setdefault(name, pl.String())
    schema.update(derived)
    schema["_row_number"] = pl.Int64()
    return schema


def to_frame(records: list[dict[str, object]], schema: dict[str, pl.DataType]) -> pl.DataFrame:
    if not records:
        return pl.DataFrame(schema=schema)
    rows = [{name: record.get(name) for name in schema} for record in records]
    return pl.DataFrame(rows, schema=schema, orient="row")


def duplicated_known(mapping: dict[int, str], known: Iterable[str]) -> str | None:
    """A known column that appears twice in the header (match_columns renamed it name_2)."""
    names = set(known)
    for name in mapping.values():
        base, _, suffix = name.rpartition("_")
        if base in names and suffix.isdigit():
            return base
    return None


def check_totals(
    path: Path,
    frame: pl.DataFrame,
    expected: dict[str, float | None],
    label: str,
    tolerance: dict[str, float] | None = None,
) -> None:
    """A report's own total row must equal the sum of its rows; otherwise the file was cut
    short or edited and is refused whole."""
    tolerance = tolerance or {}
    for name, total in expected.items():
        if total is None or name not in frame.columns:
            continue
        actual = float(frame[name].fill_null(0).sum())
        allowed = max(tolerance.get(name, 0.0), 1e-6 * abs(total)) + 1e-9
        if abs(actual - total) > allowed:
            raise IngestError(
                str(path),
                f"rows sum to {actual:,.2f} {name} but the report's {label} row says "
                f"{total:,.2f}; the file looks truncated or edited",
            )


def totals_from(
    cells: list[str], mapping: dict[int, str], names: Iterable[str]
) -> dict[str, float | None]:
    """The numbers of a total row for the given columns (None where unreadable or absent)."""
    wanted = set(names)
    totals: dict[str, float | None] = {}
    for position, name in mapping.items():
        if name in wanted and position < len(cells):
            try:
                totals[name] = parse_number(cells[position])
            except ValueError:
                totals[name] = None
    return totals
