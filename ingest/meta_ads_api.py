"""Meta Marketing API tables as CSV, in the shape connectors land them (Fivetran's
facebook_ads schema): basic_ad (daily ad insights), basic_ad_actions (actions by type) and
campaign_history (campaign versions). One file = one table, recognised by its snake_case
header on line 1.

These carry ids, not names: basic_ad has ad_id only, and ads map to campaigns through
ad_history, which these files do not include. So the rows stay in staging and do not feed the
ad mart (which would otherwise double count the same delivery as the Ads Manager export).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from ingest import report_table as rt
from ingest.errors import IngestError
from ingest.reader import Reader
from ingest.result import ReadResult, Reject
from ingest.text import column_name, decode_text, read_rows
from ingest.values import is_missing

SOURCE = "meta_ads_api"
TIMESTAMP = "timestamp"


@dataclass(frozen=True)
class Table:
    entity: str
    required: frozenset[str]  # header cells (exact API field names) that identify the table
    columns: dict[str, tuple[str, str]]  # header as written → (column name, kind)
    natural_key: tuple[str, ...]
    non_negative: tuple[str, ...] = ()
    excluded: frozenset[str] = frozenset()  # cells that mean another table (ad_history …)


_ATTRIBUTION_WINDOWS = ("_1_d_view", "_1_d_click", "_7_d_click", "_28_d_click", "_28_d_view")
TABLES = (
    Table(
        "basic_ad",
        frozenset({"ad_id", "date", "impressions", "spend", "inline_link_clicks"}),
        {
            "ad_id": ("ad_id", rt.TEXT),
            "date": ("date", rt.DATE),
            "account_id": ("account_id", rt.TEXT),
            "impressions": ("impressions", rt.COUNT),
            "inline_link_clicks": ("inline_link_clicks", rt.COUNT),
            "spend": ("spend", rt.AMOUNT),
            "reach": ("reach", rt.COUNT),
            "frequency": ("frequency", rt.AMOUNT),
            "_fivetran_synced": ("fivetran_synced_at", TIMESTAMP),
        },
        ("ad_id", "date"),
        ("impressions", "inline_link_clicks", "spend", "reach"),
    ),
    Table(
        "basic_ad_actions",
        frozenset({"ad_id", "date", "action_type", "value"}),
        {
            "_fivetran_id": ("fivetran_id", rt.TEXT),
            "ad_id": ("ad_id", rt.TEXT),
            "date": ("date", rt.DATE),
            "index": ("action_index", rt.COUNT),
            "action_type": ("action_type", rt.TEXT),
            "_fivetran_synced": ("fivetran_synced_at", TIMESTAMP),
            "value": ("value", rt.AMOUNT),
            "inline": ("value_inline", rt.AMOUNT),
            # attribution windows: "_7_d_click" → value_7d_click
            **{c: ("value" + c.replace("_d_", "d_"), rt.AMOUNT) for c in _ATTRIBUTION_WINDOWS},
        },
        ("ad_id", "date", "action_type"),
    ),
    Table(
        "campaign_history",
        frozenset({"id", "account_id", "name", "updated_time"}),
        {
            "id": ("campaign_id", rt.TEXT),
            "account_id": ("account_id", rt.TEXT),
            "name": ("campaign_name", rt.TEXT),
            "updated_time": ("updated_at", TIMESTAMP),
            "_fivetran_synced": ("fivetran_synced_at", TIMESTAMP),
            "status": ("status", rt.TEXT),
            "objective": ("objective", rt.TEXT),
        },
        ("campaign_id", "updated_at"),
        # ad_set_history and ad_history share id/account_id/name/updated_time: not campaigns
        excluded=frozenset({"campaign_id", "ad_set_id", "adset_id", "creative_id"}),
    ),
)


def _table_for(cells: list[str]) -> Table | None:
    names = {cell.strip() for cell in cells}
    return next((t for t in TABLES if t.required <= names and not t.excluded & names), None)


def looks_like(text_head: str) -> bool:
    rows = read_rows(text_head)
    return bool(rows) and _table_for(rows[0][1]) is not None


def _timestamp(cell: str) -> dt.datetime | None:
    """ISO timestamps as the API/connectors write them ('2021-03-04T14:20:41.962',
    '2023-05-18 18:41:01.193000', '+0000' offsets); returned as naive UTC."""
    if is_missing(cell):
        return None
    text = cell.strip().replace("Z", "+00:00")
    if len(text) > 5 and text[-5] in "+-" and text[-4:].isdigit():
        text = f"{text[:-2]}:{text[-2:]}"
    try:
        value = dt.datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{cell!r} is not a timestamp (accepted: 2021-03-04T14:20:41)") from None
    return value.astimezone(dt.UTC).replace(tzinfo=None) if value.tzinfo else value


def _dtype(kind: str) -> pl.DataType:
    return pl.Datetime("us") if kind == TIMESTAMP else rt.dtype(kind)


def _schema(table: Table, extra: list[str]) -> dict[str, pl.DataType]:
    schema = {name: _dtype(kind) for name, kind in table.columns.values()}
    schema.update({name: pl.String() for name in extra})
    schema["_row_number"] = pl.Int64()
    return schema


def read(path: Path, data: bytes | None = None) -> ReadResult:
    rows = read_rows(decode_text(path.read_bytes() if data is None else data))
    table = _table_for(rows[0][1]) if rows else None
    if table is None:
        wanted = "; ".join(", ".join(sorted(t.required)) for t in TABLES)
        raise IngestError(str(path), f"not a Meta API table; line 1 must hold one of: {wanted}")
    header = [cell.strip() for cell in rows[0][1]]
    if len(set(header)) != len(header):
        raise IngestError(str(path), "a column appears twice in the header", line=1)
    names = [table.columns.get(cell, (column_name(cell), rt.TEXT))[0] for cell in header]
    kinds = [table.columns.get(cell, ("", rt.TEXT))[1] for cell in header]
    records: list[dict[str, object]] = []
    rejects: list[Reject] = []
    seen: dict[tuple[object, ...], int] = {}  # natural key → first line (duplicates refused)
    for line, cells in rows[1:]:
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(header):
            found = f"expected {len(header)} cells, found {len(cells)}"
            rejects.append(Reject(line, None, found, ",".join(cells)))
            continue
        record: dict[str, object] = {"_row_number": line}
        problem: tuple[str, str] | None = None
        for cell, written, name, kind in zip(cells, header, names, kinds, strict=True):
            try:
                value = _timestamp(cell) if kind == TIMESTAMP else rt.parse_cell(kind, cell)
            except ValueError as error:
                problem = (written, str(error))
                break
            if name in table.non_negative and isinstance(value, (int, float)) and value < 0:
                problem = (written, f"negative value ({value}); never negative")
                break
            record[name] = value
        if problem is None and any(record.get(k) is None for k in table.natural_key):
            problem = (
                table.natural_key[0],
                f"a key column ({', '.join(table.natural_key)}) is empty",
            )
        key = tuple(record.get(k) for k in table.natural_key)
        if problem is None and key in seen:
            problem = (
                table.natural_key[0],
                f"same {', '.join(table.natural_key)} as line {seen[key]}",
            )
        seen.setdefault(key, line)
        if problem:
            rejects.append(Reject(line, problem[0], problem[1], ",".join(cells)))
            continue
        records.append(record)
    extra = [n for n in names if n not in {name for name, _ in table.columns.values()}]
    frame = rt.to_frame(records, _schema(table, extra))
    return ReadResult(
        SOURCE, table.entity, frame, table.natural_key, len(records) + len(rejects), rejects
    )


def empty() -> list[ReadResult]:
    return [
        ReadResult(SOURCE, t.entity, pl.DataFrame(schema=_schema(t, [])), t.natural_key, 0)
        for t in TABLES
    ]


READER = Reader(
    "meta_ads_api",
    "Meta Marketing API tables as connectors land them (basic_ad, basic_ad_actions, "
    "campaign_history; snake_case header)",
    looks_like,
    read,
    empty,
    priority=40,
)
