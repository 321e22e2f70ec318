"""Google Search Console "Performance → Export → CSV" files (English or Japanese UI).

The export is a set of CSVs, one per tab: Dates (chart: daily clicks / impressions / CTR /
position), Queries, Pages, Countries, Devices, Search appearance, plus Filters. Each is read on
its own; the first header cell says which one it is. CTR comes as "0.92%" (a decimal comma
such as "1,2%" is honoured only when the file itself shows that locale).

Natural keys: the chart by day. A dimension tab carries no date range inside the file, so a
new export of that tab replaces the previous one whole (key `dimension`); the Filters tab says
which period and search type the latest export covered.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from ingest.errors import IngestError
from ingest.export_common import (
    Field,
    find_header,
    frame_of,
    head_rows,
    load_rows,
    map_header,
    parse_table,
    present,
    schema_of,
)
from ingest.reader import Reader
from ingest.result import ReadResult, Reject
from ingest.text import header_key

SOURCE = "search_console"

METRICS: tuple[Field, ...] = (
    Field("clicks", ("Clicks", "クリック数"), "count"),
    Field("impressions", ("Impressions", "表示回数"), "count"),
    Field("ctr", ("CTR", "クリック率"), "ratio", bounds=True),
    Field("position", ("Position", "掲載順位", "平均掲載順位"), "number"),
)

# entity → (dimension column, its dimension label, header aliases)
TABS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "dates": ("date", "date", ("Date", "日付")),
    "queries": ("query", "query", ("Top queries", "Query", "Queries", "上位のクエリ", "クエリ")),
    "pages": ("page", "page", ("Top pages", "Page", "Pages", "上位のページ", "ページ")),
    "countries": ("country", "country", ("Country", "Countries", "国")),
    "devices": ("device", "device", ("Device", "Devices", "デバイス")),
    "search_appearances": (
        "search_appearance",
        "search_appearance",
        ("Search appearance", "Search Appearance", "検索での見え方"),
    ),
}
_FILTER = Field("filter", ("Filter", "フィルタ", "フィルター"), "name")
_VALUE = Field("value", ("Value", "値"), "name")
_FILTERS_SCHEMA = {"dimension": pl.String(), **schema_of((_FILTER, _VALUE))}
_FILTER_ROWS = {header_key(a) for a in ("Search type", "検索タイプ", "Date", "日付", "期間")}


def _tab_field(entity: str) -> Field:
    column, _, aliases = TABS[entity]
    return Field(column, aliases, "date" if entity == "dates" else "name")


def _fields(entity: str) -> tuple[Field, ...]:
    return (_tab_field(entity), *METRICS)


def _schema(entity: str) -> dict[str, pl.DataType]:
    schema = schema_of(_fields(entity))
    if entity != "dates":
        schema = {"dimension": pl.String(), **schema}
    return schema


def _entity_of(cells: list[str]) -> str | None:
    if not cells or not {"clicks", "impressions"} <= present(cells, METRICS):
        return None
    first = header_key(cells[0])
    for entity in TABS:
        if first in {header_key(a) for a in _tab_field(entity).aliases}:
            return entity
    return None


def _is_filters(rows: list[tuple[int, list[str]]]) -> bool:
    if not rows or len(rows[0][1]) < 2:
        return False
    head = [header_key(c) for c in rows[0][1][:2]]
    if head[0] not in {header_key(a) for a in _FILTER.aliases}:
        return False
    if head[1] not in {header_key(a) for a in _VALUE.aliases}:
        return False
    return any(cells and header_key(cells[0]) in _FILTER_ROWS for _, cells in rows[1:])


def looks_like(text_head: str) -> bool:
    rows = head_rows(text_head, 6)
    return bool(rows) and (_entity_of(rows[0][1]) is not None or _is_filters(rows))


def read(path: Path, data: bytes | None = None) -> ReadResult:
    rows = load_rows(path, data)
    if _is_filters(rows):
        return _read_filters(rows)
    at = find_header(rows, lambda cells: _entity_of(cells) is not None, limit=3)
    if at is None:
        raise IngestError(
            str(path),
            "not a Search Console export: expected a header like 'Top queries, Clicks, "
            "Impressions, CTR, Position' or '日付, クリック数, 表示回数, CTR, 掲載順位'",
        )
    header_line, header = rows[at]
    entity = _entity_of(header)
    assert entity is not None
    mapping = map_header(header, _fields(entity), keep_unknown=False)
    parsed = parse_table(rows[at + 1 :], header, mapping, totals=False)
    if entity != "dates":
        for record in parsed.records:
            record["dimension"] = TABS[entity][1]
    column = TABS[entity][0]
    missing = [r for r in parsed.records if r.get(column) is None]
    if missing:
        for record in missing:
            parsed.records.remove(record)
            line = int(str(record["_row_number"]))
            parsed.rejects.append(Reject(line, header[0], f"empty {column}"))
    frame = frame_of(parsed.records, _schema(entity))
    key = ("date",) if entity == "dates" else ("dimension",)
    rows_in = len(parsed.records) + len(parsed.rejects)
    return ReadResult(SOURCE, entity, frame, key, rows_in=rows_in, rejects=parsed.rejects)


def _read_filters(rows: list[tuple[int, list[str]]]) -> ReadResult:
    header = rows[0][1]
    mapping = map_header(header, (_FILTER, _VALUE), keep_unknown=False)
    parsed = parse_table(rows[1:], header, mapping, totals=False)
    for record in parsed.records:
        record["dimension"] = "filters"
    frame = frame_of(parsed.records, _FILTERS_SCHEMA)
    return ReadResult(
        SOURCE,
        "filters",
        frame,
        ("dimension",),
        rows_in=len(parsed.records) + len(parsed.rejects),
        rejects=parsed.rejects,
    )


def empty() -> list[ReadResult]:
    out = [
        ReadResult(
            SOURCE,
            entity,
            frame_of([], _schema(entity)),
            ("date",) if entity == "dates" else ("dimension",),
            rows_in=0,
        )
        for entity in TABS
    ]
    out.append(
        ReadResult(SOURCE, "filters", frame_of([], _FILTERS_SCHEMA), ("dimension",), rows_in=0)
    )
    return out


READER = Reader(
    "search_console",
    "Search Console Performance export CSV (Dates/Queries/Pages/Countries/Devices; ja/en UI)",
    looks_like,
    read,
    empty,
    priority=50,
)
