"""マイナンバーカード: applications and issuance per day — the city's documented template.

Template (CSV, UTF-8 ± BOM / CP932 / UTF-16; Japanese or English headers; header on line 1):
    日付 (date), 申請件数 (applications), うちオンライン申請 (online_applications, optional),
    交付件数 (issued), 累計交付枚数 (cumulative_issued, optional), 人口 (population, optional)

A separate template from キャッシュレス決済 (ingest/cashless_payments.py): the two have different
measures, and one wide template with an outcome-type column would leave most cells empty.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from ingest.fields import non_negative_count, refuse_duplicates, refuse_rows
from ingest.reader import Reader
from ingest.result import ReadResult
from ingest.template_csv import Template, TemplateColumn, empty_template, read_template
from ingest.template_csv import looks_like as _looks_like
from ingest.values import parse_date

TEMPLATE = Template(
    source="outcomes",
    entity="my_number_cards",
    columns=(
        TemplateColumn("activity_date", ("日付", "date", "集計日"), parse_date, pl.Date()),
        TemplateColumn(
            "applications",
            ("申請件数", "交付申請件数", "申請数", "applications"),
            non_negative_count,
            pl.Int64(),
        ),
        TemplateColumn(
            "online_applications",
            ("うちオンライン申請", "うちオンライン", "オンライン申請", "online applications"),
            non_negative_count,
            pl.Int64(),
            required=False,
        ),
        TemplateColumn(
            "issued",
            ("交付件数", "交付数", "交付枚数", "issued", "cards issued"),
            non_negative_count,
            pl.Int64(),
        ),
        TemplateColumn(
            "cumulative_issued",
            ("累計交付枚数", "累計交付件数", "累計交付数", "cumulative issued"),
            non_negative_count,
            pl.Int64(),
            required=False,
        ),
        TemplateColumn(
            "population",
            ("人口", "住民基本台帳人口", "population"),
            non_negative_count,
            pl.Int64(),
            required=False,
        ),
    ),
    natural_key=("activity_date",),
)


def looks_like(text_head: str) -> bool:
    return _looks_like(TEMPLATE, text_head)


def read(path: Path) -> ReadResult:
    result = refuse_duplicates(read_template(TEMPLATE, path), TEMPLATE.natural_key, "日付")
    return refuse_rows(
        result,
        pl.col("online_applications") > pl.col("applications"),
        "うちオンライン申請",
        "online applications exceed all applications",
    )


def empty() -> ReadResult:
    return empty_template(TEMPLATE)


READER = Reader(
    "my_number_card",
    "マイナンバーカード template (日付, 申請件数, 交付件数, 累計交付枚数, 人口)",
    looks_like,
    read,
    empty,
    priority=220,
)
