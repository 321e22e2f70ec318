"""GA4 web UI report downloads ("Download file → CSV"): Pages and screens, Traffic acquisition,
Reports snapshot … in the English or Japanese UI.

Shape: a "# ----" comment preamble (report title, account, property, segment, start and end
date) and then one or more tables. A multi-table export (Reports snapshot, or a chart table
"Nth day, …" before the detail table) is split: every table is its own ReadResult, never one
table. Rows land in one long-lived shape: the table's leading dimensions (up to two, plus a
Date / Nth day column that becomes `activity_date`) and its metrics as typed columns. A Total
row, when present, is dropped; event-scoped metrics (views, events) may not add up to more
than it says.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from ingest.errors import IngestError
from ingest.export_common import (
    Field,
    frame_of,
    lookup,
    parse_table,
    schema_of,
    sums_exceed,
    totals_of,
)
from ingest.reader import Reader
from ingest.result import ReadResult, Reject
from ingest.text import column_name, decode_text, header_key, read_rows
from ingest.values import clean, parse_date

SOURCE = "ga4_ui"
ENTITY = "report_rows"

METRICS: tuple[Field, ...] = (
    Field("views", ("Views", "表示回数", "ページビュー数", "Screen page views"), "count"),
    Field(
        "active_users",
        (
            "Active users",
            "Users",
            "アクティブ ユーザー",
            "アクティブ ユーザー数",
            "ユーザー",
            "ユーザー数",
        ),
        "count",
    ),
    Field("total_users", ("Total users", "総ユーザー数"), "count"),
    Field("new_users", ("New users", "新規ユーザー数", "新規ユーザー"), "count"),
    Field("sessions", ("Sessions", "セッション", "セッション数"), "count"),
    Field("engaged_sessions", ("Engaged sessions", "エンゲージのあったセッション数"), "count"),
    Field("engagement_rate", ("Engagement rate", "エンゲージメント率"), "ratio", bounds=True),
    Field("bounce_rate", ("Bounce rate", "直帰率"), "ratio", bounds=True),
    Field(
        "views_per_active_user",
        (
            "Views per active user",
            "Views per user",
            "アクティブ ユーザーあたりのビュー",
            "ユーザーあたりのビュー",
            "ユーザーあたりの表示回数",
        ),
        "number",
    ),
    Field(
        "average_engagement_time_sec",
        (
            "Average engagement time per active user",
            "Average engagement time",
            "アクティブ ユーザーあたりの平均エンゲージメント時間",
            "ユーザーあたりの平均エンゲージメント時間",
            "平均エンゲージメント時間",
        ),
        "duration",
    ),
    Field("event_count", ("Event count", "イベント数"), "count"),
    Field("key_events", ("Key events", "Conversions", "キーイベント", "コンバージョン"), "number"),
    Field("total_revenue", ("Total revenue", "合計収益", "総収益"), "real"),
)
# Event-scoped metrics add up across any dimension, so rows can never exceed the Total row.
_ADDITIVE = ("views", "event_count", "key_events")

DIMENSIONS: dict[str, tuple[str, ...]] = {
    "page_path": (
        "Page path and screen class",
        "Page path + query string and screen class",
        "ページ パスとスクリーン クラス",
        "ページ パス + クエリ文字列とスクリーン クラス",
        "Page path",
        "ページ パス",
    ),
    "page_title": (
        "Page title and screen class",
        "Page title and screen name",
        "Page title",
        "ページ タイトルとスクリーン クラス",
        "ページ タイトルとスクリーン名",
        "ページ タイトル",
    ),
    "landing_page": ("Landing page", "Landing page + query string", "ランディング ページ"),
    "session_default_channel_group": (
        "Session default channel group",
        "Session primary channel group (Default channel group)",
        "セッションのデフォルト チャネル グループ",
        "セッションのメインのチャネル グループ（デフォルト チャネル グループ）",
    ),
    "session_source_medium": ("Session source / medium", "セッションの参照元 / メディア"),
    "first_user_default_channel_group": (
        "First user default channel group",
        "First user primary channel group (Default channel group)",
        "最初のユーザーのデフォルト チャネル グループ",
    ),
    "country": ("Country", "国"),
    "city": ("City", "市区町村"),
    "region": ("Region", "地域"),
    "device_category": ("Device category", "デバイス カテゴリ"),
    "event_name": ("Event name", "イベント名"),
    "language": ("Language", "言語"),
}
_DATE_DIMS = {header_key(a): "date" for a in ("Date", "日付")} | {
    header_key(a): "nth_day" for a in ("Nth day", "N 日目", "N日目", "Nth Day")
}
_DIM_LOOKUP = {header_key(a): name for name, aliases in DIMENSIONS.items() for a in aliases}

_META = {
    "account": ("account", "アカウント"),
    "property": ("property", "プロパティ"),
    "start_date": ("start date", "開始日"),
    "end_date": ("end date", "終了日"),
}
_CONTEXT: dict[str, pl.DataType] = {
    "report_title": pl.String(),
    "report_name": pl.String(),
    "account": pl.String(),
    "property": pl.String(),
    "segment": pl.String(),
    "start_date": pl.Date(),
    "end_date": pl.Date(),
    "table_index": pl.Int64(),
    "activity_date": pl.Date(),
    "dimension_1_name": pl.String(),
    "dimension_1_value": pl.String(),
    "dimension_2_name": pl.String(),
    "dimension_2_value": pl.String(),
}
SCHEMA = {**_CONTEXT, **schema_of(METRICS)}
KEY = (
    "property",
    "report_title",
    "segment",
    "start_date",
    "end_date",
    "table_index",
    "activity_date",
    "dimension_1_value",
    "dimension_2_value",
)
_DASHES = re.compile(r"#\s*-{5,}")


@dataclass
class _Block:
    meta: dict[str, object]
    lines: list[tuple[int, str]] = field(default_factory=list)


def looks_like(text_head: str) -> bool:
    lines = [line for line in text_head.splitlines() if line.strip()]
    if not lines or not _DASHES.match(lines[0].lstrip("\ufeff")):
        return False
    metric_keys = set(lookup(METRICS))
    for line in lines[1:80]:
        if not line.startswith("#"):
            cells = next(iter(read_rows(line)), (0, []))[1]
            if any(header_key(cell) in metric_keys for cell in cells):
                return True
    return False


def _split(text: str) -> list[_Block]:
    """Tables separated by blank lines or "#" comment blocks, each with the metadata above it."""
    meta: dict[str, object] = {"segments": []}
    state = {"inside": False, "fresh": False}
    blocks: list[_Block] = []
    current: _Block | None = None
    in_quote = False
    for number, line in enumerate(re.split(r"\r\n|\r|\n", text), start=1):
        if not in_quote and (
            _is_break(line) if current else line.startswith("#") or not line.strip(" ,\t")
        ):
            current = None
            if line.startswith("#"):
                _comment(line, meta, state)
            continue
        if current is None:
            current = _Block({**meta, "segments": list(meta["segments"])})  # type: ignore[call-overload]
            blocks.append(current)
            state["fresh"] = False
        current.lines.append((number, line))
        in_quote ^= line.count('"') % 2 == 1
    return blocks


def _is_break(line: str) -> bool:
    """Inside a table only a blank line, a dashes line or an empty "#" ends it: a row whose
    first cell begins with "#" (a page title "#1 …") is data."""
    return not line.strip(" ,\t") or bool(_DASHES.match(line)) or line.strip() == "#"


def _comment(line: str, meta: dict[str, object], state: dict[str, bool]) -> None:
    """One preamble line: a dashes line opens/closes the title block; "Label: value" lines are
    account, property and dates; other lines are the title (inside) or segments (outside)."""
    if _DASHES.match(line):
        state["inside"] = not state["inside"]
        if state["inside"]:
            meta["title"] = None
        return
    body = line.lstrip("#").strip()
    if not body:
        return
    label, _, value = _label_value(body)
    for name, labels in _META.items():
        if value and header_key(label) in {header_key(x) for x in labels}:
            meta[name] = value
            return
    if state["inside"]:
        if not meta.get("title"):
            meta["title"] = body
        return
    if not state["fresh"]:
        meta["segments"] = []
        state["fresh"] = True
    meta["segments"].append(body)  # type: ignore[attr-defined]


def _label_value(body: str) -> tuple[str, str, str]:
    parts = re.split(r"[:：]", body, maxsplit=1)
    return (parts[0], ":", parts[1].strip()) if len(parts) == 2 else (body, "", "")


def _meta_date(meta: dict[str, object], name: str, path: Path) -> dt.date | None:
    value = meta.get(name)
    if not value:
        return None
    try:
        return parse_date(str(value))
    except ValueError as error:
        raise IngestError(str(path), f"preamble {name.replace('_', ' ')}: {error}") from None


def read(path: Path, data: bytes | None = None) -> list[ReadResult]:
    text = decode_text(path.read_bytes() if data is None else data)
    blocks = [b for b in _split(text) if b.lines]
    if not blocks:
        raise IngestError(str(path), "no table after the '# ----' preamble")
    results = []
    for index, block in enumerate(blocks, start=1):
        results.append(_read_block(path, block, index))
    return results


def _read_block(path: Path, block: _Block, index: int) -> ReadResult:
    first_line = block.lines[0][0]
    rows = [
        (first_line + start - 1, cells)
        for start, cells in read_rows("\n".join(line for _, line in block.lines))
    ]
    header_line, header = rows[0]
    metric_of = lookup(METRICS)
    first_metric = next((i for i, c in enumerate(header) if header_key(c) in metric_of), None)
    if first_metric is None:
        raise IngestError(
            str(path),
            "table header has no GA4 metric (Views/表示回数, Active users/アクティブ ユーザー, "
            "Sessions/セッション, Event count/イベント数 …)",
            line=header_line,
        )
    date_dim = next((i for i in range(first_metric) if header_key(header[i]) in _DATE_DIMS), None)
    dims = [i for i in range(first_metric) if i != date_dim]
    if len(dims) > 2:
        raise IngestError(
            str(path),
            f"{len(dims)} dimensions before the metrics; export with at most two "
            "(plus Date / Nth day)",
            line=header_line,
        )
    mapping: dict[int, Field] = {}
    for position in range(first_metric, len(header)):
        known = metric_of.get(header_key(header[position]))
        if known is not None and known not in mapping.values():
            mapping[position] = known
        elif header[position].strip():
            mapping[position] = Field(column_name(header[position]), (), "real")
    for slot, position in enumerate(dims, start=1):
        mapping[position] = Field(f"dimension_{slot}_value", (), "name")
    if date_dim is not None:
        mapping[date_dim] = Field("_when", (), "name")
    parsed = parse_table(rows[1:], header, mapping)
    start = _meta_date(block.meta, "start_date", path)
    end = _meta_date(block.meta, "end_date", path)
    kept = []
    for record in parsed.records:
        try:
            record["activity_date"] = _activity_date(
                record.pop("_when", None), date_dim, header, start
            )
        except ValueError as error:
            line = int(str(record["_row_number"]))
            parsed.rejects.append(Reject(line, header[date_dim or 0], str(error)))
            continue
        kept.append(record)
    parsed.records = kept
    context = {
        "report_title": block.meta.get("title"),
        "report_name": str(block.meta.get("title") or "").split(":")[0].strip() or None,
        "account": block.meta.get("account"),
        "property": block.meta.get("property"),
        "segment": " / ".join(block.meta["segments"]) or None,  # type: ignore[arg-type]
        "start_date": start,
        "end_date": end,
        "table_index": index,
    }
    for slot, position in enumerate(dims, start=1):
        key = header_key(header[position])
        context[f"dimension_{slot}_name"] = _DIM_LOOKUP.get(key) or column_name(header[position])
    extra = {f.name: pl.Float64() for f in mapping.values() if f.name not in SCHEMA}
    extra.pop("_when", None)
    schema = {**SCHEMA, **extra}
    for record in parsed.records:
        record.update({k: v for k, v in context.items() if k not in record})
        for name in ("dimension_1_name", "dimension_2_name"):
            record.setdefault(name, context.get(name))
    frame = frame_of(parsed.records, schema)
    if dims:
        totals = totals_of(parsed, header, mapping, _ADDITIVE)
        over = sums_exceed(frame, totals)
        if over:
            name, actual, expected = over
            raise IngestError(
                str(path),
                f"table {index}: rows add up to {actual:,.0f} {name}, more than its Total row "
                f"({expected:,.0f}); the file was edited",
                line=parsed.totals[0][0],
            )
    rows_in = len(parsed.records) + len(parsed.rejects)
    return ReadResult(SOURCE, ENTITY, frame, KEY, rows_in=rows_in, rejects=parsed.rejects)


def _activity_date(
    when: object, date_dim: int | None, header: list[str], start: dt.date | None
) -> dt.date | None:
    if date_dim is None or when is None:
        return None
    text = clean(str(when))
    if _DATE_DIMS[header_key(header[date_dim])] == "date":
        return parse_date(text)
    if start is None or not text.isdigit():
        raise ValueError(
            f"'Nth day' value {text!r} needs a whole number and the preamble's start date"
        )
    return start + dt.timedelta(days=int(text))


def empty() -> ReadResult:
    return ReadResult(SOURCE, ENTITY, frame_of([], SCHEMA), KEY, rows_in=0)


READER = Reader(
    "ga4_ui",
    "GA4 UI report CSV ('# ----' preamble; Pages and screens, Reports snapshot …; ja/en UI)",
    looks_like,
    read,
    empty,
    priority=30,
)
