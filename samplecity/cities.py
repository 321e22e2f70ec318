"""Several sample cities in one inbox, for a platform shared by many municipalities (共同利用).

    generate_cities(out, seed=1, scale=0.01, cities=3)

writes each city's exports into out/<municipality_code>/ (the folder name tells `civicpulse
ingest` which city a file belongs to) and its ground_truth.json (and site_html/) into
out/../cities/<municipality_code>/. City k (0-based) has municipality code 99 + (k+1 as three
digits) + check digit (990019, 990027, 990035, …: the fictional prefecture 99), seed
`seed + 1000·k` and a share of the web traffic that shrinks with k (cities differ in size).
The single-city `generate` is untouched: its output stays byte-identical.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from samplecity.generator import SampleCityError, generate

SIZE_FACTORS = (1.0, 0.6, 0.35, 0.25, 0.15)
MAX_CITIES = 99


def municipality_code(index: int) -> str:
    """The k-th fictional city of prefecture 99 with its check digit (weights 6..2, mod 11)."""
    body = f"99{index + 1:03d}"
    total = sum(int(d) * w for d, w in zip(body, (6, 5, 4, 3, 2), strict=True))
    return body + str((11 - total % 11) % 10)


def city_scale(index: int, scale: float) -> float:
    return scale * SIZE_FACTORS[index % len(SIZE_FACTORS)]


def generate_cities(
    out: Path, seed: int, scale: float = 0.01, cities: int = 2, fiscal_year: int = 2025
) -> dict[str, Any]:
    """Write `cities` sample cities into out/<code>/; returns {code: generate()'s summary}."""
    if not (1 <= cities <= MAX_CITIES):
        raise SampleCityError(f"cities must be between 1 and {MAX_CITIES}, got {cities!r}")
    out = Path(out).resolve()
    beside = out.parent / "cities"
    summaries: dict[str, Any] = {}
    for index in range(cities):
        code = municipality_code(index)
        work = beside / code / "exports"
        shutil.rmtree(work, ignore_errors=True)
        summaries[code] = generate(
            work, seed=seed + 1000 * index, scale=city_scale(index, scale), fiscal_year=fiscal_year
        )
        target = out / code
        shutil.rmtree(target, ignore_errors=True)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(work), str(target))
    return summaries
