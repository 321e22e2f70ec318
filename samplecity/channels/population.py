"""地域・年齢別人口 of みどり市 at the start of the fiscal year, in the open-data layout real
cities publish (see ingest/population.py): UTF-8 with BOM, LF, 9 "#" metadata lines with the
English keys on "#property", M/D/YYYY dates, "lat,lon" in one quoted field.

The counts are ctx.city exactly (the ground truth "city"), so the loaded total is checkable.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from samplecity.channels.context import ChannelOutput, SampleContext

KEYS = (
    "prefCode,regionCode,prefName,cityName,surveyDate,regionName,totalPopulation,male,woman,"
    + ",".join(f"man{i},woman{i}" for i in range(1, 19))
    + ",numberOfHouseholds,note,location"
).split(",")
PREF_NAME = "みどり県"


def _preamble(ctx: SampleContext) -> list[list[str]]:
    pad = [""] * len(KEYS)
    return [
        ["#LINK", *pad],
        ["#lang", "ja", *pad[1:]],
        ["#attribution_name", ctx.city["name"], *pad[1:]],
        ["#license", "http://creativecommons.org/licenses/by/4.0/deed.ja", *pad[1:]],
        ["#file_name", "0066", *pad[1:]],
        ["#download_from", "https://www.city.midori.example.jp/opendata/", *pad[1:]],
        ["#property", *KEYS],
        ["#object_type_xsd", *(["string"] * len(KEYS))],
        ["#property_context", *(["Assertion"] * len(KEYS))],
    ]


def write(ctx: SampleContext) -> ChannelOutput:
    rng = ctx.rng("population")
    as_of = ctx.cal.dates[0]
    city_code = ctx.city["municipality_code"][:5]
    rows = _preamble(ctx)
    households_total = 0
    for n, town in enumerate(ctx.city["towns"], start=1):
        male, female = town["male"], town["female"]
        households = int(round(town["population_total"] / rng.uniform(2.0, 2.45)))
        households_total += households
        lat = 35.10 + rng.uniform(-0.06, 0.06)
        lon = 137.20 + rng.uniform(-0.08, 0.08)
        rows.append(
            [
                str(n),
                city_code,
                town["town_code"],
                PREF_NAME,
                ctx.city["name"],
                f"{as_of.month}/{as_of.day}/{as_of.year}",
                town["town_name"],
                str(town["population_total"]),
                str(sum(male)),
                str(sum(female)),
                *[str(v) for pair in zip(male, female, strict=True) for v in pair],
                str(households),
                "",
                f"{lat:.6f},{lon:.6f}",
            ]
        )
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    name = f"population/population_by_town_age_{as_of:%Y%m}.csv"
    path = ctx.out / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8"))
    truth: dict[str, Any] = {
        "file": name,
        "survey_date": as_of.isoformat(),
        "towns": len(ctx.city["towns"]),
        "population_total": ctx.city["population_total"],
        "households_total": households_total,
        "note": "town x age band x sex counts are ground_truth.city exactly",
    }
    return ChannelOutput(files={name: len(ctx.city["towns"])}, truth=truth)
