"""広報計画 (campaign plan) master — the city's documented template: which campaign (as named
in the ad platforms) serves which policy theme, which procedure it should move, for whom, when,
with what budget, and whether it is a placebo/control campaign for the lift analysis.

Template (CSV, UTF-8 ± BOM / CP932 / UTF-16; Japanese or English headers; header on line 1):
    キャンペーン名 (campaign_name), テーマ (theme / 事業), 手続ID (target_procedure_id, optional),
    成果指標 (target_outcome_type, optional), ターゲット (target_audience, optional),
    対象年齢 (target_age, optional), 対象地域 (target_area, optional), 開始日 (start_date),
    終了日 (end_date), 予算 (budget_jpy, optional), プラセボ (is_placebo, optional),
    媒体 (platform, optional), 備考 (notes, optional)
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from ingest.fields import (
    code_lookup,
    flag,
    identifier,
    refuse_duplicates,
    refuse_rows,
    scrub_rejects,
    scrubbed_text,
    text,
    yen,
)
from ingest.reader import Reader
from ingest.result import ReadResult
from ingest.template_csv import Template, TemplateColumn, empty_template, read_template
from ingest.template_csv import looks_like as _looks_like
from ingest.values import parse_date

OUTCOME_TYPES: dict[str, tuple[str, ...]] = {
    "e_application": ("電子申請", "オンライン申請", "e-application"),
    "my_number_application": (
        "マイナンバーカード申請",
        "マイナンバー申請",
        "my number application",
    ),
    "my_number_issuance": ("マイナンバーカード交付", "マイナンバー交付", "my number issuance"),
    "cashless_payment": ("キャッシュレス決済", "cashless payment"),
}
_outcome = code_lookup(OUTCOME_TYPES)


def _placebo(cell: str) -> bool | None:
    return flag(cell, ("プラセボ", "対照", "対照群", "placebo", "control"))


TEMPLATE = Template(
    source="campaign_plan",
    entity="campaigns",
    columns=(
        TemplateColumn(
            "campaign_name",
            ("キャンペーン名", "キャンペーン", "広告キャンペーン名", "campaign", "campaign name"),
            text,
            pl.String(),
        ),
        TemplateColumn(
            "theme",
            ("テーマ", "事業", "事業名", "施策テーマ", "theme", "policy theme"),
            text,
            pl.String(),
        ),
        TemplateColumn(
            "target_procedure_id",
            ("手続ID", "対象手続ID", "目標手続ID", "target procedure", "procedure id"),
            identifier,
            pl.String(),
            required=False,
        ),
        TemplateColumn(
            "target_outcome_type",
            ("成果指標", "目標指標", "target outcome", "outcome type"),
            _outcome,
            pl.String(),
            required=False,
        ),
        TemplateColumn(
            "target_audience",
            ("ターゲット", "対象者", "ターゲット層", "セグメント", "target audience", "audience"),
            text,
            pl.String(),
            required=False,
        ),
        TemplateColumn("target_age", ("対象年齢", "target age"), text, pl.String(), required=False),
        TemplateColumn(
            "target_area",
            ("対象地域", "対象エリア", "target area"),
            text,
            pl.String(),
            required=False,
        ),
        TemplateColumn(
            "start_date",
            ("開始日", "掲載開始日", "配信開始日", "start date", "start"),
            parse_date,
            pl.Date(),
        ),
        TemplateColumn(
            "end_date",
            ("終了日", "掲載終了日", "配信終了日", "end date", "end"),
            parse_date,
            pl.Date(),
        ),
        TemplateColumn(
            "budget_jpy",
            ("予算", "予算額", "予算(円)", "予算（円）", "budget", "budget (jpy)"),
            yen,
            pl.Float64(),
            required=False,
        ),
        TemplateColumn(
            "is_placebo",
            ("プラセボ", "対照", "対照群", "placebo", "is placebo", "control"),
            _placebo,
            pl.Boolean(),
            required=False,
        ),
        TemplateColumn(
            "platform", ("媒体", "広告媒体", "platform"), text, pl.String(), required=False
        ),
        TemplateColumn(
            "notes", ("備考", "メモ", "notes"), scrubbed_text, pl.String(), required=False
        ),
    ),
    natural_key=("campaign_name", "start_date"),
)


def looks_like(text_head: str) -> bool:
    return _looks_like(TEMPLATE, text_head)


def read(path: Path) -> ReadResult:
    result = scrub_rejects(read_template(TEMPLATE, path))
    result = refuse_duplicates(result, TEMPLATE.natural_key, "キャンペーン名")
    return refuse_rows(
        result,
        pl.col("end_date") < pl.col("start_date"),
        "終了日",
        "the end date is before the start date",
    )


def empty() -> ReadResult:
    return empty_template(TEMPLATE)


READER = Reader(
    "campaign_plan",
    "広報計画 template (キャンペーン名, テーマ, 手続ID, ターゲット, 開始日, 終了日, 予算)",
    looks_like,
    read,
    empty,
    priority=250,
)
