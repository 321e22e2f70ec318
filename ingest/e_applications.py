"""電子申請 (online application) counts per procedure and day — the city's documented template.

Template (CSV, any of UTF-8/CP932/UTF-16; Japanese or English headers):
    日付 (date), 手続ID (procedure_id), 手続名 (procedure_name),
    オンライン申請件数 (online_count), 窓口申請件数 (counter_count, optional)
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from ingest.reader import Reader
from ingest.result import ReadResult
from ingest.template_csv import (
    Template,
    TemplateColumn,
    empty_template,
    read_template,
)
from ingest.template_csv import looks_like as _looks_like
from ingest.values import clean, is_missing, parse_count, parse_date


def _identifier(cell: str) -> str | None:
    """Ids are compared, so full-width letters and digits are folded (ＰＯＯ１ → P001)."""
    return None if is_missing(cell) else clean(cell)


def _text(cell: str) -> str | None:
    """Names are shown to people: kept as written (only surrounding spaces removed)."""
    return None if is_missing(cell) else cell.strip()


def _non_negative(cell: str) -> int | None:
    value = parse_count(cell)
    if value is not None and value < 0:
        raise ValueError(f"{cell!r} is negative; counts are 0 or more")
    return value


TEMPLATE = Template(
    source="civic",
    entity="e_applications",
    columns=(
        TemplateColumn(
            "application_date", ("日付", "date", "申請日"), parse_date, pl.Date(), not_future=True
        ),
        TemplateColumn(
            "procedure_id", ("手続ID", "procedure id", "手続きID"), _identifier, pl.String()
        ),
        TemplateColumn("procedure_name", ("手続名", "procedure", "手続き名"), _text, pl.String()),
        TemplateColumn(
            "online_count",
            ("オンライン申請件数", "online", "電子申請件数"),
            _non_negative,
            pl.Int64(),
        ),
        TemplateColumn(
            "counter_count",
            ("窓口申請件数", "counter", "窓口件数"),
            _non_negative,
            pl.Int64(),
            required=False,
        ),
    ),
    natural_key=("application_date", "procedure_id"),
)


def looks_like(text_head: str) -> bool:
    return _looks_like(TEMPLATE, text_head)


def read(path: Path) -> ReadResult:
    return read_template(TEMPLATE, path)


def empty() -> ReadResult:
    return empty_template(TEMPLATE)


READER = Reader(
    "e_applications",
    "電子申請 counts template (日付, 手続ID, 手続名, オンライン申請件数)",
    looks_like,
    read,
    empty,
    priority=200,
)
