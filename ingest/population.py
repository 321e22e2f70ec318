"""地域・年齢別人口 (住民基本台帳) in the open-data layout cities publish (e.g. takamatsu-city
/opendata): "#" metadata lines, the header as a "#property" line with English keys (prefCode,
regionCode, prefName, cityName, surveyDate, regionName, totalPopulation, male, woman,
man1..man18, woman1..woman18, numberOfHouseholds, note, location), M/D/YYYY dates and
"lat,lon" in one quoted field. A plain header line (no "#") and Japanese headers
(地域名, 調査年月日, 総人口, 男性0～4歳 / 0-4歳女性 …) are accepted too.

Two tables: one row per town (totals, households, location) and the long format
town × age band (0-4 … 85+) × sex. Each row must add up: the age bands to the male/female
totals, male + female to the total; a "合計" row, when present, must equal the sum of the towns.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import polars as pl

from ingest.errors import IngestError
from ingest.fields import identifier, non_negative_count, text, town_key
from ingest.reader import Reader
from ingest.result import ReadResult, Reject
from ingest.text import decode_text, header_key, read_rows
from ingest.values import clean, is_missing, parse_date

N_BANDS = 18
AGE_BANDS = tuple(f"{5 * i}-{5 * i + 4}" for i in range(N_BANDS - 1)) + ("85+",)
_FIXED: dict[str, tuple[str, ...]] = {
    "row_id": ("#property", "property", "id", "no", "番号"),
    "pref_code": ("prefCode", "都道府県コード", "全国地方公共団体コード"),
    "town_code": ("regionCode", "地域コード", "町丁コード"),
    "pref_name": ("prefName", "都道府県名"),
    "city_name": ("cityName", "市区町村名"),
    "survey_date": ("surveyDate", "調査年月日", "基準日", "調査日"),
    "town_name": ("regionName", "地域名", "町丁名", "町名"),
    "total_population": ("totalPopulation", "総人口", "人口総数", "人口"),
    "male": ("male", "man", "男性", "男", "男計"),
    "female": ("woman", "female", "女性", "女", "女計"),
    "households": ("numberOfHouseholds", "世帯数"),
    "note": ("note", "備考"),
    "location": ("location", "位置情報", "緯度経度"),
}
_LOOKUP = {header_key(alias): name for name, aliases in _FIXED.items() for alias in aliases}
_TOTAL_ROWS = {"合計", "計", "総数", "総計", "市計", "全市", "total"}
_EN_AGE = re.compile(r"^(man|male|woman|female)(\d{1,2})$")
_JA_AGE = re.compile(r"(\d{1,3})(?:歳)?(?:[-~〜～](\d{1,3})歳?|歳以上)")
TOWNS_SCHEMA = {
    "survey_date": pl.Date(),
    "pref_code": pl.String(),
    "city_name": pl.String(),
    "town_code": pl.String(),
    "town_name": pl.String(),
    "town_key": pl.String(),
    "total_population": pl.Int64(),
    "male": pl.Int64(),
    "female": pl.Int64(),
    "households": pl.Int64(),
    "note": pl.String(),
    "latitude": pl.Float64(),
    "longitude": pl.Float64(),
    "_row_number": pl.Int64(),
}
AGES_SCHEMA = {
    "survey_date": pl.Date(),
    "town_code": pl.String(),
    "town_name": pl.String(),
    "town_key": pl.String(),
    "age_band": pl.String(),
    "age_lower": pl.Int64(),
    "age_upper": pl.Int64(),
    "sex": pl.String(),
    "population": pl.Int64(),
    "_row_number": pl.Int64(),
}
NATURAL_KEY = ("survey_date", "town_name")
T = TypeVar("T")


def _age_column(cell: str) -> tuple[str, int] | None:
    """('male'|'female', band index 0..17) for an age-band header, else None."""
    key = header_key(cell)
    if m := _EN_AGE.match(key):
        sex = "male" if m[1] in ("man", "male") else "female"
        return (sex, int(m[2]) - 1) if 1 <= int(m[2]) <= N_BANDS else None
    ja_sex = "female" if "女" in key else "male" if "男" in key else None
    if ja_sex and (m := _JA_AGE.search(key)):
        lower = int(m[1])
        if lower % 5 == 0 and (m[2] is None or int(m[2]) == lower + 4):
            return ja_sex, min(lower // 5, N_BANDS - 1)
    return None


def header_map(cells: list[str]) -> dict[str, int] | None:
    """Column positions by canonical name ('male_3' = male band index 3), or None if this is
    not the population header."""
    positions: dict[str, int] = {}
    for position, cell in enumerate(cells):
        name = _LOOKUP.get(header_key(cell))
        if name is None and (age := _age_column(cell)):
            name = f"{age[0]}_{age[1]}"
        if name and name not in positions:
            positions[name] = position
    ages = [f"{s}_{i}" for s in ("male", "female") for i in range(N_BANDS)]
    if "town_name" not in positions or not all(a in positions for a in ages):
        return None
    return positions


def looks_like(text_head: str) -> bool:
    return any(header_map(cells) for _, cells in read_rows(text_head)[:20])


def _count(cell: str) -> int:
    """Population counts: '-' means 0 in Japanese statistics tables; masked cells are refused."""
    if clean(cell) in ("-", "－", "―"):
        return 0
    if clean(cell).lower() in ("x", "*", "…", "秘匿"):
        raise ValueError(f"{cell!r} is a masked value; the file must give every count")
    value = non_negative_count(cell)
    if value is None:
        raise ValueError("required value is empty")
    return value


def _location(cell: str) -> tuple[float | None, float | None]:
    if is_missing(cell):
        return None, None
    parts = clean(cell).replace("、", ",").split(",")
    try:
        lat, lon = (float(p) for p in parts)
    except ValueError:
        raise ValueError(f"{cell!r} is not 'latitude,longitude'") from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise ValueError(f"{cell!r} is not 'latitude,longitude'")
    return lat, lon


def _parse(name: str, parse: Callable[[str], T], cell: str) -> T:
    try:
        return parse(cell)
    except ValueError as error:
        raise _RowError(name, str(error)) from None


def _town(
    cells: list[str], pos: dict[str, int], line: int
) -> tuple[dict[str, object], list[dict[str, object]]]:
    def cell(name: str) -> str:
        return cells[pos[name]] if name in pos else ""

    name = text(cell("town_name"))
    if name is None:
        raise _RowError("town_name", "required value is empty")
    bands = {
        sex: [_parse(f"{sex}_{i}", _count, cell(f"{sex}_{i}")) for i in range(N_BANDS)]
        for sex in ("male", "female")
    }
    parts = {"male": sum(bands["male"]), "female": sum(bands["female"])}
    parts["total_population"] = parts["male"] + parts["female"]
    for key, expected in parts.items():
        written = _parse(key, non_negative_count, cell(key))
        if written is not None and written != expected:
            raise _RowError(key, f"is {written:,} but its parts add up to {expected:,}")
    survey_date = _parse("survey_date", parse_date, cell("survey_date"))
    lat, lon = _parse("location", _location, cell("location"))
    town: dict[str, object] = {
        "survey_date": survey_date,
        "pref_code": identifier(cell("pref_code")),
        "city_name": text(cell("city_name")),
        "town_code": identifier(cell("town_code")),
        "town_name": name,
        "town_key": town_key(name),
        **parts,
        "households": _parse("households", non_negative_count, cell("households")),
        "note": text(cell("note")),
        "latitude": lat,
        "longitude": lon,
        "_row_number": line,
    }
    ages: list[dict[str, object]] = [
        {
            "survey_date": survey_date,
            "town_code": town["town_code"],
            "town_name": name,
            "town_key": town["town_key"],
            "age_band": AGE_BANDS[i],
            "age_lower": 5 * i,
            "age_upper": None if i == N_BANDS - 1 else 5 * i + 4,
            "sex": sex,
            "population": values[i],
            "_row_number": line,
        }
        for sex, values in bands.items()
        for i in range(N_BANDS)
    ]
    return town, ages


class _RowError(ValueError):
    def __init__(self, column: str, reason: str):
        super().__init__(reason)
        self.column = column


def read(path: Path) -> list[ReadResult]:
    rows = read_rows(decode_text(path.read_bytes()))
    found = next(
        ((i, m) for i, (_, cells) in enumerate(rows[:30]) if (m := header_map(cells))), None
    )
    if found is None:
        raise IngestError(
            str(path),
            "population header not found; expected regionName (地域名) and man1..man18 / "
            "woman1..woman18 (男性0～4歳 … 女性85歳以上)",
        )
    header_at, pos = found
    header = rows[header_at][1]
    written = {name: header[p].strip() for name, p in pos.items()}
    towns: list[dict[str, object]] = []
    ages: list[dict[str, object]] = []
    totals: list[tuple[int, dict[str, object]]] = []
    rejects: list[Reject] = []
    seen: set[tuple[object, object]] = set()
    for line, cells in rows[header_at + 1 :]:
        if not any(c.strip() for c in cells) or cells[0].lstrip().startswith("#"):
            continue
        if len(cells) < len(header):
            reason = f"expected {len(header)} cells, found {len(cells)}"
            rejects.append(Reject(line, None, reason, ",".join(cells)))
            continue
        try:
            town, town_ages = _town(cells, pos, line)
        except _RowError as error:
            rejects.append(Reject(line, written.get(error.column), str(error), ",".join(cells)))
            continue
        if header_key(str(town["town_name"])) in _TOTAL_ROWS:
            totals.append((line, town))
            continue
        if (town["survey_date"], town["town_name"]) in seen:
            reason = "repeats an earlier row's town for the same date"
            rejects.append(Reject(line, written.get("town_name"), reason, ",".join(cells)))
            continue
        seen.add((town["survey_date"], town["town_name"]))
        towns.append(town)
        ages.extend(town_ages)
    for line, total in totals:
        summed = sum(int(str(t["total_population"])) for t in towns)
        if total["total_population"] != summed:
            raise IngestError(
                str(path),
                f"the total row says {total['total_population']:,} but the towns add up to "
                f"{summed:,} (file truncated or edited?)",
                line=line,
            )
    return [
        ReadResult(
            "population",
            "towns",
            _frame(towns, TOWNS_SCHEMA),
            NATURAL_KEY,
            len(towns) + len(rejects),
            rejects,
        ),
        ReadResult("population", "town_ages", _frame(ages, AGES_SCHEMA), NATURAL_KEY, len(ages)),
    ]


def _frame(records: list[dict[str, object]], schema: dict[str, pl.DataType]) -> pl.DataFrame:
    return (
        pl.DataFrame(records, schema=schema, orient="row")
        if records
        else pl.DataFrame(schema=schema)
    )


def empty() -> list[ReadResult]:
    return [
        ReadResult("population", "towns", pl.DataFrame(schema=TOWNS_SCHEMA), NATURAL_KEY, 0),
        ReadResult("population", "town_ages", pl.DataFrame(schema=AGES_SCHEMA), NATURAL_KEY, 0),
    ]


READER = Reader(
    "population",
    "地域・年齢別人口 open data (regionName, man1..man18, woman1..woman18)",
    looks_like,
    read,
    empty,
    priority=80,
)
