"""Tables shown on a page and exported from it, built once from the same (suppressed) rows.

A :class:`TableData` holds raw values per row (numbers stay numbers, hidden small counts are
:class:`~dashboards.suppression.Suppressed`). ``display_rows`` formats them for the HTML table;
``export`` gives the :class:`~dashboards.exports.ExportTable` with the raw values, so the
screen and the downloaded file always agree.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from dash.development.base_component import Component

from dashboards.components import data_table
from dashboards.exports import ExportTable
from dashboards.formatting import NONE, fmt_date, fmt_int, fmt_pct, fmt_yen
from dashboards.i18n import t
from dashboards.suppression import Suppressed, suppress_rows

TEXT, INT, YEN, PCT, DATE, NUMBER = "text", "int", "yen", "pct", "date", "number"
# Rows rendered on the page at most. A year of daily rows per platform is thousands of cells:
# the browser then stays busy for seconds to minutes rendering them (measured on /campaigns,
# bench/RESULTS.md), and nobody reads that on screen. Exports always hold every row.
SHOWN_ROWS = 200
NUMERIC_KINDS = frozenset({INT, YEN, PCT, NUMBER})


@dataclass(frozen=True)
class Column:
    key: str
    header: str  # i18n key
    kind: str = TEXT


@dataclass(frozen=True)
class TableData:
    name: str  # export file stem (ASCII)
    title: str  # already localised
    columns: Sequence[Column]
    rows: Sequence[Mapping[str, Any]]
    suppressed: bool = False
    notes: Sequence[str] = field(default_factory=tuple)

    def headers(self, lang: str) -> list[str]:
        return [t(column.header, lang) for column in self.columns]

    def display_rows(self, limit: int | None = None) -> list[list[str]]:
        rows = self.rows if limit is None else self.rows[:limit]
        return [[_display(row.get(c.key), c.kind) for c in self.columns] for row in rows]

    def export(self, lang: str) -> ExportTable:
        return ExportTable(
            name=self.name,
            title=self.title,
            headers=self.headers(lang),
            rows=[
                [_export_value(row.get(c.key), c.kind) for c in self.columns] for row in self.rows
            ],
            notes=self.notes,
            notes_title=t("export.notes", lang),
        )

    def component(self, lang: str) -> Component:
        """The HTML table: the first SHOWN_ROWS rows, the caption saying so when there are
        more (the export has them all)."""
        numeric = [column.kind in NUMERIC_KINDS for column in self.columns]
        caption = self.title
        if len(self.rows) > SHOWN_ROWS:
            total = len(self.rows)
            caption = t("table.truncated", lang, title=self.title, shown=SHOWN_ROWS, total=total)
        rows = self.display_rows(SHOWN_ROWS)
        return data_table(caption, self.headers(lang), rows, numeric=numeric)


def _display(value: Any, kind: str) -> str:
    if isinstance(value, Suppressed):
        return str(value) if kind in (INT, NUMBER) else NONE
    if value is None:
        return NONE
    if kind == INT:
        return fmt_int(value)
    if kind == YEN:
        return fmt_yen(value)
    if kind == PCT:
        return fmt_pct(value)
    if kind == NUMBER:
        if isinstance(value, Decimal):
            value = float(value)
        if isinstance(value, float) and not value.is_integer():
            return f"{value:,.3g}" if abs(value) < 1 else f"{value:,.2f}"
        return fmt_int(value)
    if kind == DATE and isinstance(value, date):
        return value.isoformat()
    return str(value)


def _export_value(value: Any, kind: str) -> Any:
    if isinstance(value, Suppressed):
        return value if kind in (INT, NUMBER) else None
    if kind == YEN and value is not None:
        return round(float(value), 2)
    if kind == PCT and value is not None:
        return round(float(value), 4)
    return value


def build(
    name: str,
    title: str,
    columns: Sequence[Column],
    rows: Sequence[Mapping[str, Any]],
    *,
    threshold: int,
    counts: Sequence[str] = (),
    derived: Mapping[str, Sequence[str]] | None = None,
    notes: Sequence[str] = (),
) -> TableData:
    """A table whose people-count columns ``counts`` are suppressed below ``threshold``."""
    shown = suppress_rows(rows, counts, threshold, derived) if counts else [dict(r) for r in rows]
    hidden = any(isinstance(v, Suppressed) for row in shown for v in row.values())
    return TableData(name, title, columns, shown, hidden, notes)


def export_notes(
    lang: str, start: date, end: date, municipality_code: str, threshold: int
) -> list[str]:
    return [
        t("export.note.period", lang, start=fmt_date(start, lang), end=fmt_date(end, lang)),
        t("export.note.municipality", lang, code=municipality_code),
        t("export.note.suppression", lang, n=threshold),
    ]
