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
    away_share: float = 0.0  # users seen from outside the prefecture (beyond geolocation noise)
    arrival: str = "uniform"  # "uniform" or "moving" (arrivals peak in March-April)


_RESIDENT_LANG = {"ja-jp": 0.82, "ja": 0.16, "en-us": 0.02}
# Each audience is planted with the cues a single visit shows on a real city site: what it
# reads (topic), when (weekday / day off × hour), from where (region: residents are mostly seen
# in the prefecture, visitors and people about to move in from elsewhere), on what (device),
# in which language, and how it arrives (search engine, the city's LINE, SNS, bookmarks).
_BASES: tuple[SegmentBase, ...] = (
    SegmentBase(
        "kosodate",
        "子育て世帯",
        0.20,
        {
            "kosodate": 0.8,
            "kenko": 0.05,
            "gomi": 0.04,
            "todokede": 0.02,
            "mynumber": 0.03,
            "bosai": 0.03,
            "shisei": 0.03,
        },
        {"mobile": 0.92, "desktop": 0.04, "tablet": 0.04},
        [(13.5, 1.0, 0.5), (21.8, 1.1, 1.6)],  # nap time, after the children sleep
        [(9.5, 1.5, 0.8), (21.5, 1.3, 1.0)],
        0.7,
        {"ja": 1.0},
        _RESIDENT_LANG,
        {
            "google": 0.35,
            "yahoo": 0.05,
            "direct": 0.1,
            "line": 0.35,  # the city's LINE carries childcare news every week
            "x": 0.03,
            "facebook": 0.02,
            "smartnews": 0.02,
            "email": 0.08,
        },
        7.0,
        0.45,
    ),
    SegmentBase(
        "korei",
        "高齢者・介護家族",
        0.15,
        {
            "kenko": 0.8,
            "gomi": 0.04,
            "zei": 0.04,
            "mynumber": 0.03,
            "bosai": 0.04,
            "shisei": 0.05,
        },
        {"mobile": 0.25, "desktop": 0.45, "tablet": 0.3},
        [(9.8, 1.3, 1.0), (14.0, 1.4, 0.9)],  # daytime
        [(10, 1.8, 1.0)],
        0.45,
        {"ja": 1.0},
        {"ja-jp": 0.85, "ja": 0.15},
        {
            "google": 0.2,
            "yahoo": 0.42,
            "direct": 0.27,
            "line": 0.02,
            "x": 0.0,
            "facebook": 0.02,
            "smartnews": 0.02,
            "email": 0.05,
        },
        4.0,
        0.5,
    ),
    SegmentBase(
        "gaikokujin",
        "外国人住民",
        0.05,
        {
            "todokede": 0.28,
            "mynumber": 0.14,
            "gomi": 0.24,
            "kosodate": 0.07,
            "bosai": 0.12,
            "zei": 0.06,
            "kenko": 0.07,
            "shisei": 0.02,
        },
        {"mobile": 0.9, "desktop": 0.08, "tablet": 0.02},
        [(12.5, 1.5, 0.5), (21, 1.8, 1.2)],
        [(11, 2, 0.8), (20.5, 2, 1.0)],
        0.85,
        {"en": 0.45, "easy": 0.4, "ja": 0.15},
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
            "google": 0.7,
            "yahoo": 0.01,
            "direct": 0.12,
            "line": 0.02,
            "x": 0.02,
            "facebook": 0.13,
            "smartnews": 0.0,
            "email": 0.0,
        },
        5.0,
        0.35,
    ),
    SegmentBase(
        "tennyu",
        "転入者",
        0.07,
        {
            "todokede": 0.66,
            "gomi": 0.12,
            "kosodate": 0.06,
            "mynumber": 0.08,
            "zei": 0.03,
            "shisei": 0.05,
        },
        {"mobile": 0.62, "desktop": 0.34, "tablet": 0.04},
        [(11, 2, 0.8), (20.5, 1.5, 0.8)],
        [(11, 2.5, 1.0), (15, 2, 0.8)],  # house hunting and moving on days off
        1.4,
        {"ja": 1.0},
        _RESIDENT_LANG,
        {
            "google": 0.62,
            "yahoo": 0.2,
            "direct": 0.1,
            "line": 0.02,
            "x": 0.02,
            "facebook": 0.01,
            "smartnews": 0.01,
            "email": 0.02,
        },
        5.0,
        0.05,
        away_share=0.5,  # still living where they move from
        arrival="moving",
    ),
    SegmentBase(
        "jigyosha",
        "事業者",
        0.08,
        {
            "zei": 0.58,
            "shisei": 0.34,  # 入札・契約, 職員採用, 統計
            "todokede": 0.02,
            "mynumber": 0.02,
            "gomi": 0.04,  # 事業系ごみ
        },
        {"mobile": 0.1, "desktop": 0.88, "tablet": 0.02},
        [(10, 1.2, 1.0), (14.5, 1.5, 1.0)],  # office hours
        [(11, 2, 1.0)],
        0.08,
        {"ja": 1.0},
        {"ja-jp": 0.7, "ja": 0.3},
        {
            "google": 0.38,
            "yahoo": 0.12,
            "direct": 0.44,  # bookmarked 入札 / 税 pages
            "line": 0.0,
            "x": 0.01,
            "facebook": 0.01,
            "smartnews": 0.0,
            "email": 0.04,
        },
        10.0,
        0.6,
        away_share=0.15,  # bidders and tax offices based elsewhere
    ),
    SegmentBase(
        "kankokyaku",
        "観光客",
        0.17,
        {"kanko": 0.94, "bosai": 0.02, "shisei": 0.04},
        {"mobile": 0.86, "desktop": 0.1, "tablet": 0.04},
        [(12.5, 1.5, 0.4), (21, 1.8, 1.0)],  # planning trips in the evening
        [(9, 1.5, 1.0), (14, 2, 0.9), (21, 1.5, 0.5)],  # on the trip
        2.6,
        {"ja": 0.93, "en": 0.07},
        {"ja-jp": 0.78, "ja": 0.14, "en-us": 0.04, "zh-tw": 0.02, "ko-kr": 0.02},
        {
            "google": 0.45,
            "yahoo": 0.1,
            "direct": 0.04,
            "line": 0.02,
            "x": 0.14,
            "facebook": 0.07,
            "smartnews": 0.17,
            "email": 0.01,
        },
        1.4,
        0.08,
        visitor=True,
        away_share=1.0,
    ),
    SegmentBase(
        "ippan",
        "一般市民",
        0.28,
        {
            "shisei": 0.24,
            "gomi": 0.34,
            "bosai": 0.2,
            "zei": 0.06,
            "mynumber": 0.1,
            "kenko": 0.02,
            "todokede": 0.02,
            "kanko": 0.02,
        },
        {"mobile": 0.72, "desktop": 0.2, "tablet": 0.08},
        [(7.5, 1.0, 0.8), (12.3, 0.8, 0.8), (19.5, 1.3, 1.0)],  # commute, lunch, after work
        [(10.5, 2, 1.0), (19.5, 2, 0.6)],
        0.6,
        {"ja": 1.0},
        _RESIDENT_LANG,
        {
            "google": 0.42,
            "yahoo": 0.16,
            "direct": 0.14,
            "line": 0.08,
            "x": 0.1,
            "facebook": 0.02,
            "smartnews": 0.04,
            "email": 0.04,
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
            "seen_from_outside_prefecture_share": self.base.away_share,
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
