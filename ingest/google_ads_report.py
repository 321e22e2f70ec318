"""Google Ads UI / Editor report downloads (campaign grain).

Quirks handled: UTF-16LE TSV (the UI default) or UTF-8 CSV; a title line and a date-range line
before the header; "Total: …" / "合計: …" rows at the end; " --" placeholders; "1,356,884";
"< 10%" bounds (kept as text); English and Japanese UI headers; with or without a Day segment.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl

from ingest.errors import IngestError
from ingest.reader import Reader
from ingest.result import ReadResult, Reject
from ingest.text import (
    decode_text,
    duplicated_known_columns,
    header_key,
    match_columns,
    read_rows,
)
from ingest.values import (
    is_missing,
    latest_plausible_date,
    parse_date,
    parse_date_range,
    parse_number,
)

SOURCE = "google_ads"
ENTITY = "campaign_report"

ALIASES: dict[str, tuple[str, ...]] = {
    "campaign_status": ("Campaign status", "キャンペーンのステータス", "キャンペーンの状態"),
    "campaign": ("Campaign", "キャンペーン"),
    "campaign_id": ("Campaign ID", "キャンペーン ID"),
    "campaign_type": ("Campaign type", "キャンペーン タイプ", "キャンペーンタイプ"),
    "day": ("Day", "Date", "日", "日付"),
    "device": ("Device", "デバイス"),
    "currency_code": ("Currency code", "Currency", "通貨コード", "通貨"),
    "status": ("Status", "ステータス"),
    "budget": ("Budget", "予算"),
    "impressions": ("Impr.", "Impressions", "表示回数"),
    "clicks": ("Clicks", "クリック数"),
    "cost": ("Cost", "費用"),
    "conversions": ("Conversions", "コンバージョン"),
    "conversion_value": ("Conv. value", "Conversion value", "コンバージョン値"),
    "video_views": ("Views", "Video views", "視聴回数", "動画の視聴回数"),
    "interactions": ("Interactions", "インタラクション"),
    "ctr": ("CTR", "クリック率"),
    "avg_cpc": ("Avg. CPC", "平均クリック単価"),
    "search_impression_share": ("Search impr. share", "検索インプレッション シェア"),
}

_COUNTS = ("impressions", "clicks", "video_views", "interactions")
_AMOUNTS = ("budget", "cost", "conversions", "conversion_value", "avg_cpc")
_RATIOS = ("ctr", "search_impression_share")
_TOTAL_PREFIXES = ("total:", "合計:", "総計:")
_KEY = ("campaign", "day", "device", "report_start_date", "report_end_date")


def looks_like(text_head: str) -> bool:
    """True when a header row among the first lines has a campaign and impressions/clicks."""
    for line in text_head.splitlines()[:6]:
        keys = {header_key(cell.strip('"')) for cell in line.replace("\t", ",").split(",")}
        wanted = {header_key(a) for a in ALIASES["campaign"]}
        metrics = {header_key(a) for a in ALIASES["impressions"] + ALIASES["clicks"]}
        if keys & wanted and keys & metrics:
            return True
    return False


def read(path: Path, data: bytes | None = None) -> ReadResult:
    data = path.read_bytes() if data is None else data
    text = decode_text(data)
    rows = read_rows(text)
    header_index = _find_header(rows)
    if header_index is None:
        raise IngestError(
            str(path),
            "no header row with 'Campaign' and 'Clicks'/'Impr.' (or キャンペーン/クリック数)",
        )
    date_range = _date_range(rows[:header_index])
    header_line, header = rows[header_index]
    mapping = match_columns([cell.strip() for cell in header], ALIASES)
    repeated = duplicated_known_columns(mapping, ALIASES)
    if repeated:
        raise IngestError(
            str(path), f"duplicated column {repeated[0]!r} in header", line=header_line
        )

    records: list[dict[str, object]] = []
    rejects: list[Reject] = []
    total_row: dict[str, float | None] | None = None
    for line, cells in rows[header_index + 1 :]:
        if not any(cell.strip() for cell in cells):
            continue
        first = cells[0].strip().lower()
        if any(first.startswith(p) for p in _TOTAL_PREFIXES):
            if total_row is None:
                total_row = _totals(cells, mapping)
            continue
        if len(cells) != len(header):
            rejects.append(
                Reject(
                    line,
                    None,
                    f"expected {len(header)} cells, found {len(cells)}",
                    "\t".join(cells),
                )
            )
            continue
        record, problem = _parse_row(cells, mapping)
        if problem is not None:
            column, reason = problem
            rejects.append(Reject(line, column, reason, "\t".join(cells)))
            continue
        record["_row_number"] = line
        records.append(record)

    frame = _frame(records, mapping, date_range)
    if total_row is not None and not rejects:
        _check_totals(path, frame, total_row)
    return ReadResult(
        SOURCE, ENTITY, frame, _KEY, rows_in=len(records) + len(rejects), rejects=rejects
    )


def _find_header(rows: list[tuple[int, list[str]]]) -> int | None:
    campaign = {header_key(a) for a in ALIASES["campaign"]}
    metrics = {header_key(a) for a in ALIASES["impressions"] + ALIASES["clicks"]}
    for index, (_, cells) in enumerate(rows[:10]):
        keys = {header_key(cell) for cell in cells}
        if keys & campaign and keys & metrics:
            return index
    return None


def _date_range(preamble: list[tuple[int, list[str]]]) -> tuple[dt.date, dt.date] | None:
    for _, cells in preamble:
        found = parse_date_range(",".join(cells))
        if found:
            return found
    return None


def _parse_row(
    cells: list[str], mapping: dict[int, str]
) -> tuple[dict[str, object], tuple[str, str] | None]:
    record: dict[str, object] = {}
    for position, name in mapping.items():
        cell = cells[position]
        try:
            if name in _COUNTS:
                value = parse_number(cell)
                record[name] = None if value is None else int(round(value))
            elif name in _AMOUNTS:
                record[name] = parse_number(cell)
            elif name in _RATIOS:
                # Bounds such as "< 10%" stay text; plain ratios become fractions.
                record[name] = None if is_missing(cell) else cell.strip()
            elif name == "day":
                record[name] = parse_date(cell)
                if record[name] is not None and record[name] > latest_plausible_date():  # type: ignore[operator]
                    return record, (name, f"{record[name]} is in the future")
            else:
                record[name] = None if is_missing(cell) else cell.strip()
        except ValueError as error:
            return record, (name, str(error))
    if record.get("campaign") is None:
        return record, ("campaign", "campaign name is empty")
    for name in _COUNTS + ("cost",):
        value = record.get(name)
        if isinstance(value, (int, float)) and value < 0:
            return record, (name, f"negative {name} ({value}); counts and costs are never negative")
    return record, None


def _totals(cells: list[str], mapping: dict[int, str]) -> dict[str, float | None]:
    totals: dict[str, float | None] = {}
    for position, name in mapping.items():
        if name in ("impressions", "clicks", "cost") and position < len(cells):
            try:
                totals[name] = parse_number(cells[position])
            except ValueError:
                totals[name] = None
    return totals


def _frame(
    records: list[dict[str, object]],
    mapping: dict[int, str],
    date_range: tuple[dt.date, dt.date] | None,
) -> pl.DataFrame:
    schema: dict[str, pl.DataType] = {}
    for name in mapping.values():
        if name in _COUNTS:
            schema[name] = pl.Int64()
        elif name in _AMOUNTS:
            schema[name] = pl.Float64()
        elif name == "day":
            schema[name] = pl.Date()
        else:
            schema[name] = pl.String()
    schema["_row_number"] = pl.Int64()
    frame = (
        pl.DataFrame(records, schema=schema, orient="row")
        if records
        else pl.DataFrame(schema=schema)
    )
    for name in ("day", "device"):
        if name not in frame.columns:
            frame = frame.with_columns(
                pl.lit(None, dtype=schema.get(name, pl.String())).alias(name)
            )
    start, end = date_range if date_range else (None, None)
    return frame.with_columns(
        pl.lit(start, dtype=pl.Date()).alias("report_start_date"),
        pl.lit(end, dtype=pl.Date()).alias("report_end_date"),
    )


def _check_totals(path: Path, frame: pl.DataFrame, totals: dict[str, float | None]) -> None:
    """The report's own Total row must equal the sum of its rows: a truncated file fails here."""
    for name, expected in totals.items():
        if expected is None or name not in frame.columns:
            continue
        actual = float(frame[name].fill_null(0).sum())
        if abs(actual - expected) > max(0.01, 1e-6 * abs(expected)) + 0.005 * (name == "cost"):
            raise IngestError(
                str(path),
                f"rows sum to {actual:,.2f} {name} but the report's Total row says {expected:,.2f}; "
                "the file looks truncated or edited",
            )


def empty() -> ReadResult:
    """A zero-row frame with every known column (so marts build before the first download)."""
    mapping = dict(enumerate(ALIASES))
    return ReadResult(SOURCE, ENTITY, _frame([], mapping, None), _KEY, rows_in=0)


READER = Reader(
    "google_ads",
    "Google Ads UI campaign report (UTF-16LE TSV or CSV, ja/en UI)",
    looks_like,
    read,
    empty,
    priority=20,
)
