"""Shared machinery for the platform UI exports (GA4 UI, Search Console, X, Meta Business Suite,
YouTube Studio, LINE Official Account Manager).

A reader declares its columns as `Field`s (canonical name, Japanese and English header aliases,
a value kind); this module finds the header, maps the cells, parses every value into typed
columns and turns bad rows into rejects with line and column. Bounds such as "< 10%" or
"20人未満" are kept as text in a `<name>_bound` column where a field allows them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from ingest.result import Reject
from ingest.text import column_name, decode_text, header_key, read_rows
from ingest.values import clean, is_missing, parse_date, parse_number

JST = dt.timezone(dt.timedelta(hours=9))
Row = tuple[int, list[str]]

# count: whole number >= 0; signed: whole number (net changes); number: real >= 0; real: any real;
# ratio: "12%" or 0.12 -> 0.12; points: percent points "2.13" or "2.13%" -> 0.0213;
# text: kept verbatim (posts, titles); name: trimmed text; id: trimmed, spreadsheet-mangled ids
# refused; date; moment: date with an optional time -> <name>_at (UTC) or <name>_on (date);
# duration: "0:09:02", "1m 23s", "542" -> seconds.
_DTYPES: dict[str, pl.DataType] = {
    "count": pl.Int64(),
    "signed": pl.Int64(),
    "number": pl.Float64(),
    "real": pl.Float64(),
    "ratio": pl.Float64(),
    "points": pl.Float64(),
    "text": pl.String(),
    "name": pl.String(),
    "id": pl.String(),
    "date": pl.Date(),
    "duration": pl.Float64(),
}
_TOTAL_KEYS = {"total", "totals", "grandtotal", "合計", "総計", "合計値"}


@dataclass(frozen=True)
class Field:
    name: str
    aliases: tuple[str, ...]
    kind: str = "name"
    bounds: bool = False  # a bound ("< 10%") is kept as text in <name>_bound

    def columns(self) -> dict[str, pl.DataType]:
        if self.kind == "moment":
            out: dict[str, pl.DataType] = {
                f"{self.name}_at": pl.Datetime("us"),
                f"{self.name}_on": pl.Date(),
            }
        else:
            out = {self.name: _DTYPES[self.kind]}
        if self.bounds:
            out[f"{self.name}_bound"] = pl.String()
        return out


def schema_of(fields: Iterable[Field]) -> dict[str, pl.DataType]:
    schema: dict[str, pl.DataType] = {}
    for f in fields:
        schema.update(f.columns())
    return schema


def alias_keys(f: Field) -> set[str]:
    return {header_key(a) for a in (f.name, *f.aliases)}


def lookup(fields: Iterable[Field]) -> dict[str, Field]:
    return {key: f for f in fields for key in alias_keys(f)}


def present(cells: Sequence[str], fields: Iterable[Field]) -> set[str]:
    """Canonical names of the fields whose header appears among `cells`."""
    table = lookup(fields)
    return {table[k].name for k in (header_key(c) for c in cells) if k in table}


def find_header(
    rows: list[Row], accept: Callable[[list[str]], bool], limit: int = 12
) -> int | None:
    for index, (_, cells) in enumerate(rows[:limit]):
        if accept(cells):
            return index
    return None


def load_rows(path: Path, data: bytes | None = None) -> list[Row]:
    """Decode (BOM / UTF-16 / CP932) and split into rows; Excel's "sep=," line is dropped."""
    return text_rows(decode_text(path.read_bytes() if data is None else data))


def text_rows(text: str) -> list[Row]:
    first = text.split("\n", 1)[0].strip().strip('"')
    if first.lower().startswith("sep=") and len(first) <= 6:
        text = text.split("\n", 1)[1] if "\n" in text else ""
        return [(line + 1, cells) for line, cells in read_rows(text)]
    return read_rows(text)


def head_rows(text_head: str, lines: int = 12) -> list[Row]:
    """The first rows of a detection head (a partial last line is harmless)."""
    return text_rows("\n".join(text_head.splitlines()[:lines]))


def is_total(cell: str) -> bool:
    key = header_key(cell)
    return key in _TOTAL_KEYS or key.startswith(("total:", "合計:", "総計:"))


def is_bound(cell: str) -> bool:
    text = clean(cell)
    return text[:1] in "<>≤≥" or text.endswith(("未満", "以下", "以上"))


_MOMENT = re.compile(
    r"(?P<date>.+?)[ T]+(?P<h>\d{1,2}):(?P<m>\d{2})(?::(?P<s>\d{2})(?:\.\d+)?)?"
    r"\s*(?P<ampm>[AaPp][Mm])?\s*(?P<tz>Z|UTC|GMT|[+-]\d{2}:?\d{2})?"
)


def _without_weekday(cell: str) -> str:
    """'Sat, Mar 01, 2025' → 'Mar 01, 2025'; '2025/04/04(金) 18:00' → '2025/04/04 18:00'."""
    text = re.sub(r"^[A-Za-z]{3},\s*", "", clean(cell))
    return re.sub(r"\s*[(（][月火水木金土日][)）]\s*", " ", text).strip()


def parse_day(cell: str) -> dt.date | None:
    return parse_date(_without_weekday(cell))


def parse_moment(cell: str) -> tuple[dt.datetime | None, dt.date | None]:
    """'2021-04-30 09:32 +0000' → (UTC time, None); '2025/04/04 18:00' (Asia/Tokyo when no
    offset is written) → (UTC time, None); 'Sat, Mar 01, 2025' → (None, date)."""
    text = _without_weekday(cell)
    if text.lower() in ("", "-", "--"):
        return None, None
    m = _MOMENT.fullmatch(text)
    if not m:
        return None, parse_date(text)
    day = parse_date(m["date"])
    if day is None:
        raise ValueError(f"{cell!r} has a time but no date")
    hour = int(m["h"])
    if m["ampm"]:
        hour = hour % 12 + (12 if m["ampm"].lower() == "pm" else 0)
    tz = JST
    if m["tz"]:
        offset = m["tz"].replace(":", "")
        if offset in ("Z", "UTC", "GMT"):
            tz = dt.UTC
        else:
            sign = -1 if offset[0] == "-" else 1
            tz = dt.timezone(sign * dt.timedelta(hours=int(offset[1:3]), minutes=int(offset[3:])))
    try:
        local = dt.datetime(day.year, day.month, day.day, hour, int(m["m"]), int(m["s"] or 0))
    except ValueError:
        raise ValueError(f"{cell!r} is not a valid time") from None
    return local.replace(tzinfo=tz).astimezone(dt.UTC).replace(tzinfo=None), None


_UNITS = re.compile(r"(?:(\d+)\s*(?:h|時間))?\s*(?:(\d+)\s*(?:m|分))?\s*(?:([\d.]+)\s*(?:s|秒))?")


def parse_duration(cell: str) -> float | None:
    text = clean(cell)
    if is_missing(text):
        return None
    if m := re.fullmatch(r"(?:(\d+):)?(\d{1,2}):(\d{2}(?:\.\d+)?)", text):
        return int(m[1] or 0) * 3600 + int(m[2]) * 60 + float(m[3])
    m = _UNITS.fullmatch(text)
    if m and any(m.groups()):
        return int(m[1] or 0) * 3600 + int(m[2] or 0) * 60 + float(m[3] or 0)
    value = parse_number(text)
    if value is not None and value < 0:
        raise ValueError(f"{cell!r} is a negative duration")
    return value


def parse_id(cell: str) -> str | None:
    text = clean(cell)
    if is_missing(text):
        return None
    if re.fullmatch(r"\d(\.\d+)?[eE]\+?\d+", text):
        raise ValueError(
            f"{cell!r} is an id a spreadsheet turned into a rounded number; "
            "use the file as downloaded"
        )
    return text


def parse_field(f: Field, cell: str, decimal_comma: bool = False) -> dict[str, object]:
    """The column values one cell gives; ValueError says what is accepted."""
    out: dict[str, object] = {}
    if f.bounds:
        out[f"{f.name}_bound"] = None
        if is_bound(cell):
            out[f.name] = None
            out[f"{f.name}_bound"] = cell.strip()
            return out
    kind = f.kind
    if kind == "moment":
        out[f"{f.name}_at"], out[f"{f.name}_on"] = parse_moment(cell)
    elif kind == "text":
        # kept as written (formula-like "=…", "+…", "@…" included); only line ends unified
        text = cell.replace("\r\n", "\n")
        out[f.name] = None if text.strip() == "" or is_missing(text) else text
    elif kind == "name":
        out[f.name] = None if is_missing(cell) else cell.strip()
    elif kind == "id":
        out[f.name] = parse_id(cell)
    elif kind == "date":
        out[f.name] = parse_day(cell)
    elif kind == "duration":
        out[f.name] = parse_duration(cell)
    else:
        out[f.name] = _number(kind, cell, decimal_comma)
    return out


def _number(kind: str, cell: str, decimal_comma: bool) -> float | int | None:
    value = parse_number(cell, decimal_comma=decimal_comma)
    if value is None:
        return None
    if kind == "points" and "%" not in cell:
        value = value / 100
    if kind in ("count", "signed"):
        if value != int(value):
            raise ValueError(f"{cell!r} is not a whole number")
        value = int(value)
    if value < 0 and kind not in ("signed", "real"):
        raise ValueError(f"{cell!r} is negative; counts and amounts are 0 or more")
    return value


_COMMA_PERCENT = re.compile(r"-?\d+,\d{1,2}\s*%")
_COMMA_DECIMAL = re.compile(r"-?\d{1,3}(\.\d{3})+,\d+")


def decimal_comma_locale(rows: list[Row], positions: Iterable[int]) -> bool:
    """True when the file's own numbers show a decimal comma ("1,2%", "1.234,5")."""
    wanted = list(positions)
    for _, cells in rows:
        for p in wanted:
            if p < len(cells):
                text = clean(cells[p])
                if _COMMA_PERCENT.fullmatch(text) or _COMMA_DECIMAL.fullmatch(text):
                    return True
    return False


@dataclass
class Parsed:
    records: list[dict[str, object]] = field(default_factory=list)
    rejects: list[Reject] = field(default_factory=list)
    totals: list[Row] = field(default_factory=list)


def map_header(
    header: list[str], fields: Sequence[Field], keep_unknown: bool = True
) -> dict[int, Field]:
    """Header positions → fields; unknown headers become text fields of their own name."""
    table = lookup(fields)
    taken = {name for f in fields for name in f.columns()}
    mapping: dict[int, Field] = {}
    for position, cell in enumerate(header):
        known = table.get(header_key(cell))
        if known is not None and known not in mapping.values():
            mapping[position] = known
        elif keep_unknown and cell.strip():
            name = base = column_name(cell)
            suffix = 2
            while name in taken:
                name, suffix = f"{base}_{suffix}", suffix + 1
            taken.add(name)
            mapping[position] = Field(name, (), "name")
    return mapping


def parse_table(
    rows: list[Row],
    header: list[str],
    mapping: dict[int, Field],
    *,
    totals: bool = True,
    decimal_comma: bool | None = None,
) -> Parsed:
    """Parse data rows: blank rows skipped, Total rows set aside, bad rows rejected."""
    if decimal_comma is None:
        numeric = [p for p, f in mapping.items() if f.kind not in ("text", "name", "id", "date")]
        decimal_comma = decimal_comma_locale(rows, numeric)
    parsed = Parsed()
    width = len(header)
    for line, cells in rows:
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) > width and not any(c.strip() for c in cells[width:]):
            cells = cells[:width]
        if totals and cells and is_total(cells[0]):
            parsed.totals.append((line, cells))
            continue
        raw = ",".join(cells)
        if len(cells) != width:
            parsed.rejects.append(
                Reject(line, None, f"expected {width} cells, found {len(cells)}", raw)
            )
            continue
        record: dict[str, object] = {"_row_number": line}
        try:
            for position, f in mapping.items():
                column = header[position]
                record.update(parse_field(f, cells[position], decimal_comma))
        except ValueError as error:
            parsed.rejects.append(Reject(line, column, str(error), raw))
            continue
        parsed.records.append(record)
    return parsed


def frame_of(records: list[dict[str, object]], schema: dict[str, pl.DataType]) -> pl.DataFrame:
    full = {**schema, "_row_number": pl.Int64()}
    if not records:
        return pl.DataFrame(schema=full)
    rows = [{name: record.get(name) for name in full} for record in records]
    return pl.DataFrame(rows, schema=full, orient="row")


def totals_of(
    parsed: Parsed, header: list[str], mapping: dict[int, Field], names: Iterable[str]
) -> dict[str, float]:
    """Numeric values of the first Total row for the named fields (unparseable cells skipped)."""
    if not parsed.totals:
        return {}
    _, cells = parsed.totals[0]
    out: dict[str, float] = {}
    wanted = set(names)
    for position, f in mapping.items():
        if f.name in wanted and position < len(cells):
            try:
                value = parse_number(cells[position])
            except ValueError:
                continue
            if value is not None:
                out[f.name] = value
    return out


def sums_exceed(frame: pl.DataFrame, totals: dict[str, float]) -> tuple[str, float, float] | None:
    """The first column whose rows add up to more than the Total row says (with rounding slack)."""
    for name, expected in totals.items():
        if name in frame.columns:
            actual = float(frame[name].fill_null(0).sum())
            if actual > expected + max(0.01, 1e-6 * abs(expected)) + 0.0001 * frame.height:
                return name, actual, expected
    return None


def sums_differ(frame: pl.DataFrame, totals: dict[str, float]) -> tuple[str, float, float] | None:
    for name, expected in totals.items():
        if name in frame.columns:
            actual = float(frame[name].fill_null(0).sum())
            if abs(actual - expected) > max(0.01, 1e-6 * abs(expected)) + 0.0001 * frame.height:
                return name, actual, expected
    return None
