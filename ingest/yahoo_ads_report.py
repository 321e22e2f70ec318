"""Yahoo! JAPAN Ads (Yahoo!広告) performance report downloads: 検索広告 (search) and
ディスプレイ広告 (display, YDA), campaign or ad-group grain, with or without Day/Device.

Quirks handled: CP932, UTF-8 with or without BOM, UTF-16; comma or TAB; a report title and a
period line (集計期間：2025/04/01～2025/04/30) before the header; a 合計 / Total row at the end
that must equal the sum of the rows (a mismatch, or a UI download without it, means a
truncated file and is refused); "--" placeholders; "1,234"; Japanese UI headers and English
UI / API names (CAMPAIGN_NAME, IMPS …). The network (search / display) is read from the
title, or from network-only columns (動画の再生数 → display, キーワード → search).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import polars as pl

from ingest import report_table as rt
from ingest.errors import IngestError
from ingest.reader import Reader
from ingest.result import ReadResult, Reject
from ingest.text import decode_text, header_key, match_columns, read_rows
from ingest.values import clean, parse_date_range

SOURCE = "yahoo_ads"
ENTITY = "performance_report"

ALIASES: dict[str, tuple[str, ...]] = {
    "day": ("日", "日別", "日付", "Day", "Date"),
    "account_id": ("アカウントID", "Account ID"),
    "account_name": ("アカウント名", "Account name"),
    "campaign_id": ("キャンペーンID", "Campaign ID"),
    "campaign_name": ("キャンペーン名", "Campaign name"),
    "campaign_type": ("キャンペーンタイプ", "Campaign type"),
    "ad_group_id": ("広告グループID", "Ad group ID", "ADGROUP_ID"),
    "ad_group_name": ("広告グループ名", "Ad group name", "ADGROUP_NAME"),
    "device": ("デバイス", "Device"),
    "impressions": ("インプレッション数", "Impressions", "Imps", "Impr."),
    "viewable_impressions": ("ビューアブルインプレッション数", "Viewable impressions", "vImps"),
    "clicks": ("クリック数", "Clicks"),
    "cost": ("コスト", "Cost"),
    "conversions": ("コンバージョン数", "Conversions", "Conv."),
    "conversion_value": ("コンバージョンの価値", "Conversion value", "Conv. value"),
    "video_views": ("動画の再生数", "動画の再生回数", "Video views", "Video plays"),
    "ctr": ("クリック率", "CTR"),
    "avg_cpc": ("平均CPC", "Avg. CPC", "AVG_CPC"),
    "keyword": ("キーワード", "Keyword"),
}
KNOWN: dict[str, str] = {
    **{name: rt.TEXT for name in ALIASES},
    "day": rt.DATE,
    "impressions": rt.COUNT,
    "viewable_impressions": rt.COUNT,
    "clicks": rt.COUNT,
    "video_views": rt.COUNT,
    "cost": rt.AMOUNT,
    "conversions": rt.AMOUNT,
    "conversion_value": rt.AMOUNT,
    "avg_cpc": rt.AMOUNT,
    # ctr stays text: "1.23%" and bounds such as "< 10%" are kept as written.
}
DERIVED: dict[str, pl.DataType] = {
    "ad_network": pl.String(),
    "report_start_date": pl.Date(),
    "report_end_date": pl.Date(),
    "period_start_date": pl.Date(),
    "period_end_date": pl.Date(),
}
NON_NEGATIVE = ("impressions", "viewable_impressions", "clicks", "video_views", "cost")
NATURAL_KEY = (
    "ad_network",
    "campaign_name",
    "ad_group_name",
    "device",
    "period_start_date",
    "period_end_date",
)
_TOTAL_CHECKED = ("impressions", "clicks", "cost")
_TOTAL_WORDS = ("合計", "総計", "total")
_NETWORK_WORDS = {
    "search": ("検索広告", "スポンサードサーチ", "searchads", "sponsoredsearch"),
    "display": ("ディスプレイ広告", "yda", "ydn", "displayads"),
}
# Columns that only one network's reports have.
_DISPLAY_ONLY = ("video_views", "viewable_impressions")
_SEARCH_ONLY = ("keyword",)
# Meta Ads Manager headers share "Campaign name"/"Impressions": never take their files.
_META_MARKERS = {
    header_key(a)
    for a in ("Amount spent", "消化金額", "Reporting starts", "レポート開始日", "Ad set name")
    + ("広告セット名",)
}


def _is_header(cells: list[str]) -> bool:
    keys = rt.keys_of(cells)
    if any(key.startswith(marker) for key in keys for marker in _META_MARKERS):
        return False
    return all(
        keys & rt.alias_keys(ALIASES, name) for name in ("campaign_name", "impressions", "cost")
    )


def looks_like(text_head: str) -> bool:
    return any(_is_header(cells) for _, cells in read_rows(text_head)[:12])


def read(path: Path, data: bytes | None = None) -> ReadResult:
    rows = read_rows(decode_text(path.read_bytes() if data is None else data))
    header_at = next((i for i, (_, cells) in enumerate(rows[:12]) if _is_header(cells)), None)
    if header_at is None:
        raise IngestError(
            str(path),
            "no header row with キャンペーン名, インプレッション数 and コスト "
            "(or Campaign name, Impressions, Cost)",
        )
    preamble = [",".join(cells) for _, cells in rows[:header_at]]
    header_line, raw_header = rows[header_at]
    header = [cell.strip() for cell in raw_header]
    mapping = match_columns(header, ALIASES)
    duplicate = rt.duplicated_known(mapping, KNOWN)
    if duplicate:
        raise IngestError(str(path), f"column {duplicate!r} appears twice", line=header_line)

    records: list[dict[str, object]] = []
    rejects: list[Reject] = []
    totals: dict[str, float | None] | None = None
    for line, cells in rows[header_at + 1 :]:
        if not any(cell.strip() for cell in cells):
            continue
        if _is_total(cells):
            totals = totals or rt.totals_from(cells, mapping, _TOTAL_CHECKED)
            continue
        if len(cells) != len(header):
            found = f"expected {len(header)} cells, found {len(cells)}"
            rejects.append(Reject(line, None, found, ",".join(cells)))
            continue
        record, problem = rt.parse_row(cells, header, mapping, KNOWN, NON_NEGATIVE)
        if problem is None and record.get("campaign_name") is None:
            problem = (header[_position(mapping, "campaign_name")], "campaign name is empty")
        if problem is not None:
            rejects.append(Reject(line, problem[0], problem[1], ",".join(cells)))
            continue
        record["_row_number"] = line
        records.append(record)

    network = _network(preamble, set(mapping.values()))
    start, end = _report_range(preamble)
    for record in records:
        record.update(ad_network=network, report_start_date=start, report_end_date=end)
        day = record.get("day")
        record["period_start_date"] = day if day is not None else start
        record["period_end_date"] = day if day is not None else end
    frame = rt.to_frame(records, rt.schema_for(KNOWN, mapping, DERIVED))

    if totals is None and preamble:
        raise IngestError(
            str(path),
            "no 合計 (total) row at the end: report downloads always end with one, "
            "so the file looks truncated",
        )
    if totals is not None and not rejects:
        rt.check_totals(path, frame, totals, "合計", {"cost": 0.005 * max(frame.height, 1)})
    return ReadResult(
        SOURCE, ENTITY, frame, NATURAL_KEY, rows_in=len(records) + len(rejects), rejects=rejects
    )


def _position(mapping: dict[int, str], name: str) -> int:
    return next(p for p, n in mapping.items() if n == name)


def _is_total(cells: list[str]) -> bool:
    first = clean(cells[0]).strip('"').lower() if cells else ""
    return any(first == w or first.startswith((w + ":", w + " ")) for w in _TOTAL_WORDS)


def _network(preamble: list[str], columns: set[str]) -> str | None:
    """search / display from the title (or file name in it), else from network-only columns."""
    text = header_key(" ".join(preamble))
    for network, words in _NETWORK_WORDS.items():
        if any(header_key(word) in text for word in words):
            return network
    if columns & set(_DISPLAY_ONLY):
        return "display"
    if columns & set(_SEARCH_ONLY):
        return "search"
    return None


def _report_range(preamble: list[str]) -> tuple[dt.date | None, dt.date | None]:
    """The period line: '集計期間：2025/04/01～2025/04/30', '期間: 2025年4月1日～…', or bare."""
    for line in preamble:
        text = clean(line).strip('",')
        for candidate in (text, re.split(r"[:：]", text, maxsplit=1)[-1]):
            found = parse_date_range(candidate.strip(' ",'))
            if found:
                return found
    return None, None


def empty() -> ReadResult:
    """Zero rows with every known column (so the staging view builds before any download)."""
    schema = rt.schema_for(KNOWN, {}, DERIVED)
    return ReadResult(SOURCE, ENTITY, pl.DataFrame(schema=schema), NATURAL_KEY, rows_in=0)


READER = Reader(
    "yahoo_ads",
    "Yahoo! JAPAN Ads performance report, 検索広告 / ディスプレイ広告 "
    "(キャンペーン名, インプレッション数, コスト; ja/en)",
    looks_like,
    read,
    empty,
    priority=35,
)
