"""Shared machinery for the documented templates city staff fill in (Japanese headers with
English aliases): find the header, map columns, parse each cell, collect rejects."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from ingest.errors import IngestError
from ingest.result import ReadResult, Reject
from ingest.text import decode_text, header_key, match_columns, read_rows
from ingest.values import latest_plausible_date

Parser = Callable[[str], object]


@dataclass(frozen=True)
class TemplateColumn:
    name: str
    aliases: tuple[str, ...]
    parse: Parser
    dtype: pl.DataType
    required: bool = True
    not_future: bool = False  # a date after tomorrow (Asia/Tokyo) is a typo, not data


@dataclass(frozen=True)
class Template:
    source: str
    entity: str
    columns: tuple[TemplateColumn, ...]
    natural_key: tuple[str, ...]

    def aliases(self) -> dict[str, tuple[str, ...]]:
        return {column.name: (column.name, *column.aliases) for column in self.columns}

    def header_matches(self, cells: list[str]) -> bool:
        keys = {header_key(cell) for cell in cells}
        required = [c for c in self.columns if c.required]
        return all(keys & {header_key(a) for a in (c.name, *c.aliases)} for c in required)


def looks_like(template: Template, text_head: str) -> bool:
    return any(template.header_matches(cells) for _, cells in read_rows(text_head)[:5])


def read_template(template: Template, path: Path, data: bytes | None = None) -> ReadResult:
    text = decode_text(path.read_bytes() if data is None else data)
    rows = read_rows(text)
    header_at = next(
        (i for i, (_, cells) in enumerate(rows[:10]) if template.header_matches(cells)), None
    )
    if header_at is None:
        expected = ", ".join(f"{c.aliases[0]} ({c.name})" for c in template.columns if c.required)
        raise IngestError(str(path), f"header not found; expected columns: {expected}")
    header_line, header = rows[header_at]
    mapping = match_columns([cell.strip() for cell in header], template.aliases())
    by_name = {column.name: column for column in template.columns}
    positions = {name: pos for pos, name in mapping.items() if name in by_name}
    duplicates = [
        name
        for name in mapping.values()
        if name.rsplit("_", 1)[0] in by_name and name not in by_name
    ]
    if duplicates:
        raise IngestError(str(path), f"duplicated column {duplicates[0]!r}", line=header_line)

    records: list[dict[str, object]] = []
    rejects: list[Reject] = []
    for line, cells in rows[header_at + 1 :]:
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(header):
            rejects.append(
                Reject(
                    line, None, f"expected {len(header)} cells, found {len(cells)}", ",".join(cells)
                )
            )
            continue
        record: dict[str, object] = {"_row_number": line}
        problem: tuple[str, str] | None = None
        for name, column in by_name.items():
            if name not in positions:
                record[name] = None
                continue
            try:
                record[name] = column.parse(cells[positions[name]])
            except ValueError as error:
                problem = (header[positions[name]], str(error))
                break
            if record[name] is None and column.required:
                problem = (header[positions[name]], "required value is empty")
                break
            if (
                column.not_future
                and isinstance(record[name], dt.date)
                and (record[name] > latest_plausible_date())
            ):
                problem = (header[positions[name]], f"{record[name]} is in the future")
                break
        if problem:
            rejects.append(Reject(line, problem[0], problem[1], ",".join(cells)))
            continue
        records.append(record)

    schema = {column.name: column.dtype for column in template.columns}
    schema["_row_number"] = pl.Int64()
    frame = (
        pl.DataFrame(records, schema=schema, orient="row")
        if records
        else pl.DataFrame(schema=schema)
    )
    return ReadResult(
        template.source,
        template.entity,
        frame,
        template.natural_key,
        rows_in=len(records) + len(rejects),
        rejects=rejects,
    )


def empty_template(template: Template) -> ReadResult:
    schema = {column.name: column.dtype for column in template.columns}
    schema["_row_number"] = pl.Int64()
    return ReadResult(
        template.source,
        template.entity,
        pl.DataFrame(schema=schema),
        template.natural_key,
        rows_in=0,
    )
