import csv
import datetime as dt
import io
from pathlib import Path

import pytest

from ingest import population, registry
from ingest.errors import IngestError
from tests.ingest.civic_quirks import ENCODINGS, encode, write

KEYS = [
    "prefCode",
    "regionCode",
    "prefName",
    "cityName",
    "surveyDate",
    "regionName",
    "totalPopulation",
    "male",
    "woman",
    *[f"{s}{i}" for i in range(1, 19) for s in ("man", "woman")],
    "numberOfHouseholds",
    "note",
    "location",
]


def lod_file(
    towns: list[tuple[str, list[int], list[int]]], extra: list[str] | None = None
) -> list[str]:
    """The open-data layout: 9 '#' lines (the keys on '#property'), then one row per town."""
    pad = "," * len(KEYS)
    lines = [
        f"#LINK{pad}",
        f"#lang,ja{pad[1:]}",
        f"#attribution_name,みどり市{pad[1:]}",
        f"#license,CC BY{pad[1:]}",
        f"#file_name,0066{pad[1:]}",
        f"#download_from,x{pad[1:]}",
        "#property," + ",".join(KEYS),
        "#object_type_xsd" + ",string" * len(KEYS),
        "#property_context" + ",Assertion" * len(KEYS),
    ]
    for n, (name, men, women) in enumerate(towns, start=1):
        bands = [str(v) for pair in zip(men, women, strict=True) for v in pair]
        lines.append(
            ",".join(
                [
                    str(n),
                    "99001",
                    "",
                    "みどり県",
                    "みどり市",
                    "4/1/2025",
                    name,
                    str(sum(men) + sum(women)),
                    str(sum(men)),
                    str(sum(women)),
                    *bands,
                    "100",
                    "",
                    '"35.1,137.2"',
                ]
            )
        )
    return lines + (extra or [])


MEN = list(range(1, 19))
WOMEN = [2 * v for v in range(1, 19)]


@pytest.mark.parametrize("encoding", ENCODINGS)
@pytest.mark.parametrize("newline", ["\r\n", "\n"])
def test_open_data_layout(tmp_path: Path, encoding: str, newline: str) -> None:
    path = write(
        tmp_path,
        encode(lod_file([("中央町", MEN, WOMEN), ("緑ヶ丘１丁目", WOMEN, MEN)]), encoding, newline),
    )
    assert registry.detect(path).name == "population"
    towns, ages = population.read(path)
    assert (towns.table, ages.table) == ("population__towns", "population__town_ages")
    assert towns.frame["town_name"].to_list() == ["中央町", "緑ヶ丘１丁目"]
    assert towns.frame["town_key"][1] == "緑ケ丘1丁目"
    assert towns.frame["total_population"].to_list() == [513, 513]
    assert towns.frame.select("latitude", "longitude").row(0) == (35.1, 137.2)
    assert towns.frame["survey_date"][0] == dt.date(2025, 4, 1)
    assert towns.frame["_row_number"].to_list() == [10, 11]
    assert ages.frame.height == 2 * 2 * 18
    first = ages.frame.row(0, named=True)
    assert (
        first["age_band"],
        first["age_lower"],
        first["age_upper"],
        first["sex"],
        first["population"],
    ) == ("0-4", 0, 4, "male", 1)
    last = ages.frame.filter(town_name="中央町", sex="female", age_band="85+").row(0, named=True)
    assert (last["age_upper"], last["population"]) == (None, 36)
    assert ages.frame["population"].sum() == towns.frame["total_population"].sum() == 1026


def test_japanese_headers_plain_header_and_dash_as_zero(tmp_path: Path) -> None:
    bands = [f"{5 * i}～{5 * i + 4}歳" for i in range(17)] + ["85歳以上"]
    header = (
        ["地域名", "調査年月日", "総人口", "世帯数"]
        + [f"男性{b}" for b in bands]
        + [f"{b}女性" for b in bands]
    )
    men = ["-"] + ["1"] * 17
    data = encode(
        [",".join(header), ",".join(["本町", "2025/04/01", "35", "-", *men, *["1"] * 18])], "cp932"
    )
    towns, ages = population.read(write(tmp_path, data))
    assert towns.frame.select("total_population", "male", "households").row(0) == (35, 17, None)
    assert ages.frame["population"].sum() == 35


def test_inconsistent_and_masked_rows_are_rejected(tmp_path: Path) -> None:
    lines = lod_file([("a", MEN, WOMEN), ("b", MEN, WOMEN), ("c", MEN, WOMEN)])
    lines[10] = lines[10].replace(",513,171,342,", ",514,171,342,")
    lines[11] = lines[11].replace(",513,171,342,1,", ",513,171,342,x,")
    towns, ages = population.read(write(tmp_path, encode(lines)))
    assert towns.frame["town_name"].to_list() == ["a"]
    assert [(r.line, r.column) for r in towns.rejects] == [(11, "totalPopulation"), (12, "man1")]
    assert "masked" in towns.rejects[1].reason
    assert ages.frame["town_name"].unique().to_list() == ["a"]


def test_total_row_is_a_checksum(tmp_path: Path) -> None:
    total = ",".join(
        [
            "",
            "99001",
            "",
            "",
            "",
            "4/1/2025",
            "合計",
            "1026",
            "342",
            "684",
            *[str(v) for m, w in zip(MEN, WOMEN, strict=True) for v in (2 * m, 2 * w)],
            "",
            "",
            "",
        ]
    )
    lines = lod_file([("a", MEN, WOMEN), ("b", MEN, WOMEN)], [total])
    towns, _ = population.read(write(tmp_path, encode(lines)))
    assert towns.frame["town_name"].to_list() == ["a", "b"]
    with pytest.raises(IngestError, match="total row"):
        population.read(write(tmp_path, encode(lod_file([("a", MEN, WOMEN)], [total]))))


def test_not_population(tmp_path: Path) -> None:
    assert not population.looks_like("日付,手続ID,手続名,オンライン申請件数\n2025/04/01,P001,a,1\n")
    path = write(tmp_path, encode(["regionName,man1,woman1", "a,1,1"]))
    with pytest.raises(IngestError, match="header not found"):
        population.read(path)


def test_real_open_data_file_loads_whole(real_fixtures: Path) -> None:
    path = real_fixtures / "population" / "takamatsu_population_by_town_age_202303.csv"
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    keys = next(r for r in rows if r[0] == "#property")
    data = [r for r in rows if r and not r[0].startswith("#")]
    file_total = sum(int(r[keys.index("totalPopulation")]) for r in data)
    assert registry.detect(path).name == "population"
    towns, ages = population.read(path)
    assert not towns.rejects and towns.frame.height == len(data)
    assert ages.frame.height == len(data) * 36
    assert ages.frame["population"].sum() == towns.frame["total_population"].sum() == file_total
    assert towns.frame["male"].sum() == sum(int(r[keys.index("male")]) for r in data)


def test_a_repeated_town_is_refused(tmp_path: Path) -> None:
    towns, ages = population.read(
        write(tmp_path, encode(lod_file([("a", MEN, WOMEN), ("a", WOMEN, MEN)])))
    )
    assert towns.frame.height == 1 and ages.frame.height == 36
    assert [(r.line, r.column) for r in towns.rejects] == [(11, "regionName")]
