"""YouTube Studio advanced-mode exports ("Table data.csv", "Chart data.csv", "Totals.csv").

- table_rows: one row per value of the report's dimension (Content = one video, Traffic source,
  Geography, Device type …) with the metrics over the chosen period. The "Total"/"合計" row
  that follows the header is dropped and checked: the rows must add up to it (YouTube caps a
  table at 500 rows, and only then may they add up to less).
- chart_rows: the same per day (Date, dimension, metrics).
- channel_days: Totals.csv, the channel per day (Date and metrics only).
English or Japanese Studio headers (視聴回数, 総再生時間（単位: 時間）, チャンネル登録者,
インプレッション数, インプレッションのクリック率 (%), 平均視聴時間 …). "Subscribers" is the net
change (gained minus lost), so it may be negative.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from ingest.errors import IngestError
from ingest.export_common import (
    Field,
    Parsed,
    find_header,
    frame_of,
    head_rows,
    load_rows,
    map_header,
    parse_table,
    present,
    schema_of,
    sums_differ,
    sums_exceed,
    totals_of,
)
from ingest.reader import Reader
from ingest.result import ReadResult, Reject
from ingest.text import column_name, header_key

SOURCE = "youtube"
ROW_CAP = 500

METRICS: tuple[Field, ...] = (
    Field("views", ("Views", "視聴回数"), "count"),
    Field(
        "watch_time_hours",
        (
            "Watch time (hours)",
            "総再生時間（単位: 時間）",
            "総再生時間 (時間)",
            "再生時間（単位: 時間）",
        ),
        "number",
    ),
    Field("average_view_duration_sec", ("Average view duration", "平均視聴時間"), "duration"),
    Field(
        "average_percentage_viewed",
        ("Average percentage viewed (%)", "平均再生率 (%)", "平均再生率"),
        "points",
    ),
    Field("subscriber_change", ("Subscribers", "チャンネル登録者", "チャンネル登録者数"), "signed"),
    Field(
        "subscribers_gained",
        ("Subscribers gained", "獲得したチャンネル登録者", "チャンネル登録者の増加数"),
        "count",
    ),
    Field(
        "subscribers_lost",
        ("Subscribers lost", "失ったチャンネル登録者", "チャンネル登録者の減少数"),
        "count",
    ),
    Field("impressions", ("Impressions", "インプレッション数"), "count"),
    Field(
        "impressions_ctr",
        ("Impressions click-through rate (%)", "インプレッションのクリック率 (%)"),
        "points",
        bounds=True,
    ),
    Field("unique_viewers", ("Unique viewers", "ユニーク視聴者数"), "count"),
    Field("likes", ("Likes", "高評価", "高評価数"), "count"),
    Field("dislikes", ("Dislikes", "低評価", "低評価数"), "count"),
    Field("comments", ("Comments added", "Comments", "追加されたコメント", "コメント"), "count"),
    Field("shares", ("Shares", "共有", "共有数"), "count"),
    Field(
        "estimated_revenue",
        ("Your estimated revenue (JPY)", "推定収益 (JPY)", "Estimated revenue (JPY)"),
        "real",
    ),
)
VIDEO: tuple[Field, ...] = (
    Field("video_title", ("Video title", "動画のタイトル", "動画タイトル"), "text"),
    Field(
        "video_published_on",
        ("Video publish time", "動画公開時刻", "動画の公開時刻", "公開日"),
        "date",
    ),
    Field("duration_sec", ("Duration", "長さ", "動画の長さ"), "duration"),
)
DATE = Field("date", ("Date", "日付"), "date")
DIMENSIONS: dict[str, tuple[str, ...]] = {
    "content": ("Content", "コンテンツ", "Video", "動画"),
    "traffic_source": ("Traffic source", "トラフィック ソース", "トラフィックソース"),
    "geography": ("Geography", "地域", "国"),
    "device_type": ("Device type", "デバイスの種類"),
    "operating_system": ("Operating system", "オペレーティング システム"),
    "subscription_status": ("Subscription status", "登録状況"),
    "viewer_age": ("Viewer age", "視聴者の年齢"),
    "viewer_gender": ("Viewer gender", "視聴者の性別"),
    "playlist": ("Playlist", "再生リスト"),
    "sharing_service": ("Sharing service", "共有サービス"),
}
_DIM_LOOKUP = {header_key(a): name for name, aliases in DIMENSIONS.items() for a in aliases}
_ADDITIVE = ("views", "watch_time_hours", "subscriber_change", "impressions", "likes", "shares")

_DIM_SCHEMA: dict[str, pl.DataType] = {"dimension": pl.String(), "dimension_value": pl.String()}
SCHEMAS: dict[str, dict[str, pl.DataType]] = {
    "table_rows": {**_DIM_SCHEMA, **schema_of(VIDEO + METRICS)},
    "chart_rows": {**schema_of((DATE,)), **_DIM_SCHEMA, **schema_of(VIDEO + METRICS)},
    "channel_days": schema_of((DATE, *METRICS)),
}
KEYS = {
    "table_rows": ("dimension", "dimension_value"),
    "chart_rows": ("date", "dimension", "dimension_value"),
    "channel_days": ("date",),
}


def _shape(cells: list[str]) -> str | None:
    """table_rows / chart_rows / channel_days, judged from a header row."""
    if not cells or "views" not in present(cells, METRICS):
        return None
    metric_keys = {header_key(a) for f in METRICS for a in (f.name, *f.aliases)}
    video_keys = {header_key(a) for f in VIDEO for a in f.aliases}
    first = header_key(cells[0])
    if first in {header_key(a) for a in DATE.aliases}:
        rest = [header_key(c) for c in cells[1:]]
        if all(k in metric_keys for k in rest):
            return "channel_days"
        if rest and rest[0] not in metric_keys:
            return "chart_rows" if all(k in metric_keys | video_keys for k in rest[1:]) else None
        return None
    if first in _DIM_LOOKUP or "watch_time_hours" in present(cells, METRICS):
        others = {header_key(c) for c in cells[1:]} - metric_keys - video_keys
        return "table_rows" if len(others) == 0 else None
    return None


def looks_like(text_head: str) -> bool:
    rows = head_rows(text_head, 3)
    return bool(rows) and _shape(rows[0][1]) is not None


def read(path: Path, data: bytes | None = None) -> ReadResult:
    rows = load_rows(path, data)
    at = find_header(rows, lambda cells: _shape(cells) is not None, limit=3)
    if at is None:
        raise IngestError(
            str(path),
            "not a YouTube Studio export: expected 'Content/Traffic source …, Views, …', "
            "'Date, Content …, Views' or 'Date, Views …' (視聴回数)",
        )
    header_line, header = rows[at]
    entity = str(_shape(header))
    dim_at = 1 if entity == "chart_rows" else 0
    mapping = map_header(header, (DATE, *VIDEO, *METRICS), keep_unknown=False)
    if entity != "channel_days":
        mapping[dim_at] = Field("dimension_value", (), "name")
    parsed = parse_table(rows[at + 1 :], header, mapping)
    dimension = None
    if entity != "channel_days":
        dimension = _DIM_LOOKUP.get(header_key(header[dim_at])) or column_name(header[dim_at])
    kept = []
    for record in parsed.records:
        line = int(str(record["_row_number"]))
        if entity != "table_rows" and record.get("date") is None:
            parsed.rejects.append(Reject(line, header[0], "empty date"))
            continue
        if entity != "channel_days":
            if record.get("dimension_value") is None:
                parsed.rejects.append(Reject(line, header[dim_at], "empty dimension value"))
                continue
            record["dimension"] = dimension
        kept.append(record)
    frame = frame_of(kept, SCHEMAS[entity])
    if entity == "table_rows" and parsed.totals:
        _check_total(path, frame, totals_of(parsed, header, mapping, _ADDITIVE), parsed)
    return ReadResult(
        SOURCE,
        entity,
        frame,
        KEYS[entity],
        rows_in=len(kept) + len(parsed.rejects),
        rejects=parsed.rejects,
    )


def _check_total(path: Path, frame: pl.DataFrame, totals: dict[str, float], parsed: Parsed) -> None:
    """Rows must add up to the Total row; less is allowed only for a table cut at 500 rows."""
    line = parsed.totals[0][0]
    if parsed.rejects:
        return  # refused rows are missing from the sum; the reject threshold decides
    over = sums_exceed(frame, {k: v for k, v in totals.items() if k != "subscriber_change"})
    differ = over or (frame.height < ROW_CAP and sums_differ(frame, totals))
    if differ:
        name, actual, expected = differ
        raise IngestError(
            str(path),
            f"rows add up to {actual:,.4g} {name} but the Total row says {expected:,.4g}; "
            "the file looks truncated or edited",
            line=line,
        )


def empty() -> list[ReadResult]:
    return [
        ReadResult(SOURCE, entity, frame_of([], schema), KEYS[entity], rows_in=0)
        for entity, schema in SCHEMAS.items()
    ]


READER = Reader(
    "youtube",
    "YouTube Studio advanced-mode export: Table data / Chart data / Totals CSV (ja/en)",
    looks_like,
    read,
    empty,
    priority=70,
)
