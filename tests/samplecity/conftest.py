"""Small sample cities generated once per test session (tiny scale keeps them fast)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

import samplecity

SEED = 11
SCALE = 0.002


@dataclass(frozen=True)
class City:
    out: Path
    summary: dict[str, Any]

    @property
    def ground_truth(self) -> Path:
        return self.out.parent / "ground_truth.json"


def _make(root: Path, seed: int, scale: float) -> City:
    out = root / "inbox"
    return City(out, samplecity.generate(out, seed=seed, scale=scale))


@pytest.fixture(scope="session")
def city(tmp_path_factory: pytest.TempPathFactory) -> City:
    return _make(tmp_path_factory.mktemp("city_a"), SEED, SCALE)


@pytest.fixture(scope="session")
def city_again(tmp_path_factory: pytest.TempPathFactory) -> City:
    return _make(tmp_path_factory.mktemp("city_b"), SEED, SCALE)


@pytest.fixture(scope="session")
def city_other_seed(tmp_path_factory: pytest.TempPathFactory) -> City:
    return _make(tmp_path_factory.mktemp("city_c"), SEED + 1, 0.001)
