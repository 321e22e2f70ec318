"""Planted audience segments: base profiles and the per-seed draw of their sizes and profiles."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from samplecity.site import TOPICS
from samplecity.traffic import CHANNELS

DEVICES: tuple[str, ...] = ("mobile", "desktop", "tablet")


def hour_curve(bumps: list[tuple[float, float, float]], floor: float = 0.04) -> np.ndarray:
    """24 hourly weights (sum 1) from Gaussian bumps (centre hour, width, weight) plus a floor."""
    h = np.arange(24) + 0.5
    w = np.full(24, floor)
    for centre, width, weight in bumps:
        w += weight * np.exp(-0.5 * ((h - centre) / width) ** 2)
    w[1:6] *= 0.25  # the night is quiet for everyone
    return w / w.sum()


@dataclass(frozen=True)
class SegmentBase:
    segment_id: str
    name: str
    base_share: float  # expected share of users
    topics: dict[str, float]
    devices: dict[str, float]
    hours_weekday: list[tuple[float, float, float]]
    hours_weekend: list[tuple[float, float, float]]
    weekend_factor: float  # visits per weekend day relative to a weekday
    readers: dict[str, float]  # page language read: ja / easy / en
    device_languages: dict[str, float]
    channels: dict[str, float]
    visits_per_year: float
    returning_share: float  # users whose first visit was before the fiscal year
    visitor: bool = False  # lives outside the city (geo)
    arrival: str = "uniform"  # "uniform" or "moving" (arrivals peak in March-April)


_RESIDENT_LANG = {"ja-jp": 0.82, "ja": 0.16, "en-us": 0.02}
_BASES: tuple[SegmentBase, ...] = (
    SegmentBase(
        "kosodate",
        "子育て世帯",
        0.20,
        {
            "kosodate": 0.46,
            "kenko": 0.08,
            "gomi": 0.1,
            "todokede": 0.08,
            "mynumber": 0.06,
            "bosai": 0.06,
            "zei": 0.04,
            "kanko": 0.05,
            "shisei": 0.07,
        },
        {"mobile": 0.84, "desktop": 0.1, "tablet": 0.06},
        [(10, 1.5, 1.0), (14, 1.5, 0.6), (21.5, 1.3, 1.2)],
        [(10, 2, 1.0), (21, 1.5, 0.9)],
        0.7,
        {"ja": 1.0},
        _RESIDENT_LANG,
        {
            "google": 0.42,
            "yahoo": 0.1,
            "direct": 0.17,
            "line": 0.15,
            "x": 0.04,
            "facebook": 0.03,
            "smartnews": 0.03,
            "email": 0.06,
        },
        7.0,
        0.45,
    ),
    SegmentBase(
        "korei",
        "高齢者・介護家族",
        0.17,
        {
            "kenko": 0.42,
            "gomi": 0.14,
            "zei": 0.09,
            "todokede": 0.07,
            "mynumber": 0.1,
            "bosai": 0.07,
            "kanko": 0.03,
            "shisei": 0.08,
        },
        {"mobile": 0.46, "desktop": 0.34, "tablet": 0.2},
        [(9, 1.5, 1.0), (13.5, 2, 0.9), (19.5, 1.5, 0.5)],
        [(10, 2, 1.0), (15, 2, 0.6)],
        0.6,
        {"ja": 1.0},
        {"ja-jp": 0.85, "ja": 0.15},
        {
            "google": 0.3,
            "yahoo": 0.28,
            "direct": 0.25,
            "line": 0.05,
            "x": 0.01,
            "facebook": 0.02,
            "smartnews": 0.03,
            "email": 0.06,
        },
        4.0,
        0.5,
    ),
    SegmentBase(
        "gaikokujin",
        "外国人住民",
        0.06,
        {
            "todokede": 0.24,
            "mynumber": 0.14,
            "gomi": 0.2,
            "kosodate": 0.1,
            "bosai": 0.1,
            "zei": 0.08,
            "kenko": 0.1,
            "shisei": 0.04,
        },
        {"mobile": 0.82, "desktop": 0.14, "tablet": 0.04},
        [(12.5, 1.5, 0.5), (20.5, 1.8, 1.2)],
        [(11, 2, 0.8), (20.5, 2, 1.0)],
        0.85,
        {"en": 0.45, "easy": 0.35, "ja": 0.2},
        {
            "en-us": 0.3,
            "zh-cn": 0.18,
            "vi-vn": 0.18,
            "pt-br": 0.1,
            "ko-kr": 0.08,
            "tl-ph": 0.06,
            "ne-np": 0.05,
            "en-gb": 0.05,
        },
        {
            "google": 0.62,
            "yahoo": 0.02,
            "direct": 0.2,
            "line": 0.04,
            "x": 0.02,
            "facebook": 0.09,
            "smartnews": 0.0,
            "email": 0.01,
        },
        5.0,
        0.35,
    ),
    SegmentBase(
        "tennyu",
        "転入者",
        0.07,
        {
            "todokede": 0.42,
            "gomi": 0.16,
            "kosodate": 0.11,
            "mynumber": 0.12,
            "zei": 0.05,
            "bosai": 0.04,
            "kenko": 0.04,
            "shisei": 0.06,
        },
        {"mobile": 0.72, "desktop": 0.22, "tablet": 0.06},
        [(11, 2, 1.0), (21, 1.5, 0.9)],
        [(11, 2, 1.0), (20, 2, 0.7)],
        0.75,
        {"ja": 1.0},
        _RESIDENT_LANG,
        {
            "google": 0.55,
            "yahoo": 0.15,
            "direct": 0.18,
            "line": 0.04,
            "x": 0.02,
            "facebook": 0.02,
            "smartnews": 0.02,
            "email": 0.02,
        },
        5.0,
        0.05,
        arrival="moving",
    ),
    SegmentBase(
        "jigyosha",
        "事業者",
        0.08,
        {
            "zei": 0.55,
            "shisei": 0.2,
            "todokede": 0.08,
            "mynumber": 0.07,
            "gomi": 0.05,
            "bosai": 0.05,
        },
        {"mobile": 0.22, "desktop": 0.74, "tablet": 0.04},
        [(10, 1.3, 1.0), (14.5, 1.6, 1.0)],
        [(11, 2, 1.0)],
        0.15,
        {"ja": 1.0},
        {"ja-jp": 0.7, "ja": 0.3},
        {
            "google": 0.42,
            "yahoo": 0.2,
            "direct": 0.31,
            "line": 0.0,
            "x": 0.01,
            "facebook": 0.01,
            "smartnews": 0.0,
            "email": 0.05,
        },
        10.0,
        0.6,
    ),
    SegmentBase(
        "kankokyaku",
        "観光客",
        0.16,
        {"kanko": 0.86, "bosai": 0.04, "shisei": 0.06, "kenko": 0.02, "gomi": 0.02},
        {"mobile": 0.78, "desktop": 0.16, "tablet": 0.06},
        [(12, 2, 0.6), (21, 2, 1.0)],
        [(10, 2, 1.0), (16, 2.5, 0.8), (21, 1.5, 0.7)],
        1.9,
        {"ja": 0.93, "en": 0.07},
        {"ja-jp": 0.78, "ja": 0.14, "en-us": 0.04, "zh-tw": 0.02, "ko-kr": 0.02},
        {
            "google": 0.48,
            "yahoo": 0.14,
            "direct": 0.08,
            "line": 0.05,
            "x": 0.08,
            "facebook": 0.05,
            "smartnews": 0.1,
            "email": 0.02,
        },
        1.4,
        0.08,
        visitor=True,
    ),
    SegmentBase(
        "ippan",
        "一般市民",
        0.26,
        {
            "shisei": 0.18,
            "gomi": 0.18,
            "bosai": 0.1,
            "zei": 0.1,
            "mynumber": 0.1,
            "kenko": 0.12,
            "todokede": 0.1,
            "kosodate": 0.04,
            "kanko": 0.08,
        },
        {"mobile": 0.66, "desktop": 0.26, "tablet": 0.08},
        [(9.5, 1.5, 0.8), (13, 1.5, 0.6), (21, 1.6, 1.0)],
        [(11, 2.5, 1.0), (20.5, 2, 0.8)],
        0.65,
        {"ja": 1.0},
        _RESIDENT_LANG,
        {
            "google": 0.44,
            "yahoo": 0.18,
            "direct": 0.22,
            "line": 0.06,
            "x": 0.03,
            "facebook": 0.02,
            "smartnews": 0.02,
            "email": 0.03,
        },
        3.0,
        0.4,
    ),
)


@dataclass
class Segment:
    """One segment as drawn for a seed. Arrays are indexed like TOPICS / DEVICES / CHANNELS."""

    index: int
    base: SegmentBase
    share: float
    topic_pref: np.ndarray
    device_mix: np.ndarray
    hours_weekday: np.ndarray
    hours_weekend: np.ndarray
    weekend_factor: float
    reader_langs: dict[str, float]
    channel_mix: np.ndarray
    visits_per_year: float
    n_users: int = 0

    @property
    def segment_id(self) -> str:
        return self.base.segment_id

    def profile(self) -> dict[str, Any]:
        r = 4
        return {
            "topic_preferences": {
                t: round(float(v), r) for t, v in zip(TOPICS, self.topic_pref, strict=True)
            },
            "device_mix": {
                d: round(float(v), r) for d, v in zip(DEVICES, self.device_mix, strict=True)
            },
            "hour_of_day_weekday": [round(float(v), r) for v in self.hours_weekday],
            "hour_of_day_weekend": [round(float(v), r) for v in self.hours_weekend],
            "weekend_propensity": round(self.weekend_factor, r),
            "page_language": self.reader_langs,
            "device_language": self.base.device_languages,
            "channel_mix": {
                c.channel_id: round(float(v), r)
                for c, v in zip(CHANNELS[:-1], self.channel_mix, strict=True)
            },
            "visits_per_user_year": round(self.visits_per_year, r),
            "returning_user_share": self.base.returning_share,
            "lives_in_city": not self.base.visitor,
            "arrivals": self.base.arrival,
        }


def _vec(d: dict[str, float], keys: tuple[str, ...]) -> np.ndarray:
    v = np.array([d.get(k, 0.0) for k in keys], dtype=float)
    return v / v.sum()


def draw_segments(rng: np.random.Generator) -> list[Segment]:
    """Draw shares (Dirichlet) and jittered profiles of every segment."""
    base_share = np.array([b.base_share for b in _BASES])
    shares = rng.dirichlet(base_share * 40)
    channel_ids = tuple(c.channel_id for c in CHANNELS[:-1])  # all but cpc
    out = []
    for i, b in enumerate(_BASES):
        topic = _vec(b.topics, TOPICS)
        topic = np.where(topic > 0, rng.dirichlet(topic * 300 + 1e-9), 0.0)
        chan = _vec(b.channels, channel_ids)
        chan = np.where(chan > 0, rng.dirichlet(chan * 400 + 1e-9), 0.0)
        out.append(
            Segment(
                index=i,
                base=b,
                share=float(shares[i]),
                topic_pref=topic / topic.sum(),
                device_mix=_vec(b.devices, DEVICES),
                hours_weekday=hour_curve(b.hours_weekday),
                hours_weekend=hour_curve(b.hours_weekend),
                weekend_factor=float(b.weekend_factor * rng.uniform(0.9, 1.1)),
                reader_langs=b.readers,
                channel_mix=chan / chan.sum(),
                visits_per_year=float(b.visits_per_year * rng.uniform(0.85, 1.15)),
            )
        )
    return out
