"""What a channel writer gets from the generator, and what it gives back."""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from samplecity.campaigns import Campaign
from samplecity.fiscal import FiscalCalendar
from samplecity.segments import Segment


@dataclass(frozen=True)
class SampleContext:
    out: Path  # the folder being written (files go under out/<source>/)
    seed: int
    scale: float  # GA4 sampling rate; channel files are the whole city unless they say so
    fiscal_year: int
    cal: FiscalCalendar  # cal.dates: every day of the fiscal year; holidays; office closures
    city: dict[str, Any]  # towns with population by sex × 18 age bands (ground truth "city")
    segments: list[Segment]  # planted audience segments
    campaigns: list[Campaign]  # planted campaigns (theme, window, target procedure, effect)
    ads: pl.DataFrame  # Google Ads daily rows (campaign_name, date, device, clicks, cost_jpy …)
    typhoon: np.ndarray  # per-day typhoon intensity (0 most days)
    mailmag_days: list[int] = field(default_factory=list)  # day indexes newsletters went out

    def rng(self, name: str) -> np.random.Generator:
        return np.random.default_rng([self.seed, 9001, zlib.crc32(name.encode())])


@dataclass(frozen=True)
class ChannelOutput:
    files: dict[str, int]  # path relative to out → data rows written
    truth: dict[str, Any] = field(default_factory=dict)  # what was planted, for ground_truth.json
