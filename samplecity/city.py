"""みどり市: towns (町丁) and their population by five-year age band and sex."""

from __future__ import annotations

from typing import Any

import numpy as np

MUNICIPALITY_CODE = "990019"
AGE_BANDS: tuple[str, ...] = tuple(f"{a}-{a + 4}" for a in range(0, 85, 5)) + ("85+",)

# Japan, 2020 census, thousands (male, female) by band: the shape of an average city.
_PYRAMID = np.array(
    [
        (2342, 2233),
        (2588, 2465),
        (2737, 2606),
        (2887, 2737),
        (3142, 3000),
        (3073, 2939),
        (3324, 3199),
        (3788, 3679),
        (4282, 4183),
        (4972, 4868),
        (4355, 4307),
        (3878, 3888),
        (3692, 3779),
        (4110, 4346),
        (4348, 4871),
        (3024, 3662),
        (2096, 2937),
        (1618, 3712),
    ],
    dtype=float,
)

# (town code, name, character: >0 young family suburb, <0 old town centre)
TOWNS: tuple[tuple[str, str, float], ...] = (
    ("001", "中央町", -0.2),
    ("002", "本町", -0.6),
    ("003", "緑ケ丘", 0.3),
    ("004", "桜台", 0.5),
    ("005", "若葉町", 0.7),
    ("006", "旭町", -0.1),
    ("007", "栄町", 0.0),
    ("008", "東町", -0.3),
    ("009", "西町", -0.4),
    ("010", "南町", 0.1),
    ("011", "北町", -0.2),
    ("012", "山手町", -0.7),
    ("013", "川端町", -0.5),
    ("014", "港町", -0.6),
    ("015", "松原", 0.0),
    ("016", "青葉台", 0.8),
    ("017", "日の出町", 0.2),
    ("018", "富士見町", 0.1),
    ("019", "柳町", -0.3),
    ("020", "駅前", 0.4),
    ("021", "新町", 0.6),
)
TARGET_POPULATION = 250_000


def draw_city(rng: np.random.Generator) -> dict[str, Any]:
    """Towns with population by age band x sex, summing to about 250,000."""
    centres = np.array([2.5 + 5 * i for i in range(len(AGE_BANDS))])
    sizes = rng.dirichlet(np.full(len(TOWNS), 6.0))
    total_target = TARGET_POPULATION * rng.uniform(0.99, 1.01)
    towns = []
    for (code, name, young), size in zip(TOWNS, sizes, strict=True):
        # young towns: more children and 30-44; old towns: more 65+
        tilt = np.exp(
            young
            * (
                0.5 * np.exp(-0.5 * ((centres - 35) / 12) ** 2)
                + 0.35 * (centres < 15)
                - 0.6 * (centres > 65)
            )
        )
        shape = _PYRAMID * tilt[:, None] * rng.lognormal(0, 0.05, size=_PYRAMID.shape)
        counts = rng.poisson(shape / shape.sum() * size * total_target)
        towns.append(
            {
                "town_code": code,
                "town_name": name,
                "population_total": int(counts.sum()),
                "male": [int(v) for v in counts[:, 0]],
                "female": [int(v) for v in counts[:, 1]],
            }
        )
    return {
        "name": "みどり市",
        "name_en": "Midori City",
        "municipality_code": MUNICIPALITY_CODE,
        "as_of": None,  # set by the caller (start of the fiscal year)
        "population_total": sum(t["population_total"] for t in towns),
        "age_bands": list(AGE_BANDS),
        "towns": towns,
    }
