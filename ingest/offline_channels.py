"""Offline channels (広報紙, コミュニティFM, ケーブルテレビ, 防災行政無線, コールセンター, 窓口):
what went out or came in per day — the city's documented template.

Template (CSV, UTF-8 ± BOM / CP932 / UTF-16; Japanese or English headers; header on line 1):
    日付 (date), チャネル (channel), 番組・号 (programme, optional), テーマ (topic, optional),
    リーチ・接触数 (reach), 費用 (cost_jpy, optional), 備考 (notes, optional)

リーチ・接触数 is copies for 広報紙, estimated listeners/viewers for FM/CATV, households covered
for 防災行政無線 and contacts for コールセンター/窓口. A bound such as "< 1,000" or "1000未満" is
kept as text in `reach_bound` (reach null). 備考 is free text: e-mail addresses and phone
numbers are replaced by [email] / [phone] at ingest (call-centre notes quote residents).
"""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl

from ingest.fields import (
    code_lookup,
    empty_flat,
    scrub_rejects,
    scrubbed_text,
    text,
    yen,
)
from ingest.reader import Reader
from ingest.result import ReadResult
from ingest.template_csv import Template, TemplateColumn, read_template
from ingest.template_csv import looks_like as _looks_like
from ingest.values import clean, is_missing, parse_date, parse_number

CHANNELS: dict[str, tuple[str, ...]] = {
    "koho_shi": ("広報紙", "広報誌", "市報", "広報", "newsletter", "public relations magazine"),
    "community_fm": (
        "コミュニティFM",
        "FM",
        "コミュニティエフエム",
        "ラジオ",
        "community fm",
        "radio",
    ),
    "cable_tv": ("ケーブルテレビ", "CATV", "ケーブルTV", "cable tv", "cable television"),
    "bosai_musen": ("防災行政無線", "防災無線", "同報系防災行政無線", "disaster radio"),
    "call_center": ("コールセンター", "電話問合せ", "call center", "call centre"),
    "counter": ("窓口", "総合案内", "counter", "front desk"),
}
_channel_code = code_lookup(CHANNELS, default="other")
_UNITS = re.compile(r"(部|人|件|世帯|回|copies|contacts)$", re.IGNORECASE)
_BOUND = re.compile(r"^[<>≤≥]|(未満|以上|以下|超)$")


def _channel(cell: str) -> dict[str, str | None]:
    if is_missing(cell):
        raise ValueError(
            "required value is empty (accepted: " + ", ".join(v[0] for v in CHANNELS.values()) + ")"
        )
    return {"channel_code": _channel_code(cell), "channel_name": text(cell)}


def _reach(cell: str) -> dict[str, object]:
    """12,345 / 10万 / 100,000部 → reach; '< 1,000' / '1000未満' → reach_bound (text)."""
    value = _UNITS.sub("", clean(cell)).strip()
    if _BOUND.search(value):
        return {"reach": None, "reach_bound": cell.strip()}
    factor = 10_000 if value.endswith("万") else 1
    number = parse_number(value.removesuffix("万"))
    if number is not None and (number < 0 or number * factor != int(number * factor)):
        raise ValueError(f"{cell!r} is not a count (accepted: 12,345, 10万, 100,000部, < 1,000)")
    return {"reach": None if number is None else int(number * factor), "reach_bound": None}


REACH = pl.Struct({"reach": pl.Int64(), "reach_bound": pl.String()})
CHANNEL = pl.Struct({"channel_code": pl.String(), "channel_name": pl.String()})

TEMPLATE = Template(
    source="offline",
    entity="channel_activities",
    columns=(
        TemplateColumn(
            "activity_date",
            ("日付", "date", "実施日", "放送日", "発行日", "配信日"),
            parse_date,
            pl.Date(),
        ),
        TemplateColumn(
            "channel", ("チャネル", "媒体", "広報媒体", "channel", "medium"), _channel, CHANNEL
        ),
        TemplateColumn(
            "programme",
            ("番組・号", "番組", "号", "番組名", "号数", "programme", "program", "issue"),
            text,
            pl.String(),
            required=False,
        ),
        TemplateColumn(
            "topic", ("テーマ", "内容", "特集", "topic", "theme"), text, pl.String(), required=False
        ),
        TemplateColumn(
            "reach",
            (
                "リーチ・接触数",
                "リーチ",
                "接触数",
                "リーチ数",
                "reach",
                "contacts",
                "reach/contacts",
            ),
            _reach,
            REACH,
        ),
        TemplateColumn(
            "cost_jpy",
            ("費用", "費用(円)", "費用（円）", "cost", "cost (jpy)", "金額"),
            yen,
            pl.Float64(),
            required=False,
        ),
        TemplateColumn(
            "notes", ("備考", "メモ", "notes", "memo", "remarks"), scrubbed_text, pl.String(), False
        ),
    ),
    natural_key=("activity_date", "channel_code", "programme", "topic"),
)


def looks_like(text_head: str) -> bool:
    return _looks_like(TEMPLATE, text_head)


def read(path: Path) -> ReadResult:
    return scrub_rejects(read_template(TEMPLATE, path))


def empty() -> ReadResult:
    return empty_flat(TEMPLATE)


READER = Reader(
    "offline_channels",
    "offline channels template (日付, チャネル, 番組・号, テーマ, リーチ・接触数, 費用, 備考)",
    looks_like,
    read,
    empty,
    priority=210,
)
