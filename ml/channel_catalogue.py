"""The channels the planner can buy or use, with their cost and attention assumptions.

Every number here is an assumption a city should replace with its own (the planner prints them
beside every plan; `civicpulse ml plan --costs FILE.json` overrides them). Defaults are rough
public price levels for a city of about 250,000 people in 2025.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from pathlib import Path


@dataclass(frozen=True)
class ChannelSpec:
    code: str
    name_ja: str
    unit_ja: str  # what one unit is
    unit_cost_jpy: float  # per unit, or per recipient when per_recipient
    per_recipient: bool  # the unit goes to every reachable person; cost scales with them
    contacts_per_unit: int | None  # people one unit exposes; None = every reachable person
    notice_rate: float  # chance a person exposed by one unit notices it
    max_units_per_week: float
    source_ja: str  # where the numbers come from


DEFAULT_CHANNELS: tuple[ChannelSpec, ...] = (
    ChannelSpec(
        "line", "LINE公式アカウント", "1配信", 3.0, True, None, 0.6, 2, "従量課金の目安 1通3円"
    ),
    ChannelSpec("email", "メール配信", "1配信", 0.5, True, None, 0.25, 2, "配信システム従量の目安"),
    ChannelSpec(
        "koho_shi",
        "広報紙",
        "1号に1ページ掲載",
        150_000,
        False,
        None,
        0.5,
        0.25,
        "制作・印刷費の按分",
    ),
    ChannelSpec(
        "kairanban", "回覧板チラシ", "1回の回覧", 5.0, True, None, 0.4, 0.5, "印刷費 1人あたり5円"
    ),
    ChannelSpec(
        "community_fm",
        "コミュニティFM",
        "20秒CM 1本",
        8_000,
        False,
        None,
        0.08,
        21,
        "地域FMの料金表の目安",
    ),
    ChannelSpec(
        "cable_tv",
        "ケーブルテレビ",
        "15秒CM 1本",
        20_000,
        False,
        None,
        0.06,
        14,
        "地域局の料金表の目安",
    ),
    ChannelSpec(
        "website",
        "市ウェブサイト",
        "トップページ掲載 1週",
        5_000,
        False,
        None,
        0.3,
        1,
        "職員作業の人件費換算",
    ),
    ChannelSpec(
        "x", "X（旧Twitter）広告", "1,000インプレッション", 500, False, 1000, 0.15, 1e9, "CPMの目安"
    ),
    ChannelSpec(
        "instagram",
        "Instagram広告",
        "1,000インプレッション",
        600,
        False,
        1000,
        0.15,
        1e9,
        "CPMの目安",
    ),
    ChannelSpec(
        "facebook",
        "Facebook広告",
        "1,000インプレッション",
        600,
        False,
        1000,
        0.12,
        1e9,
        "CPMの目安",
    ),
    ChannelSpec("youtube", "YouTube広告", "1,000回表示", 700, False, 1000, 0.2, 1e9, "CPMの目安"),
    ChannelSpec("search_ads", "検索広告", "1クリック", 80, False, 1, 1.0, 1e9, "CPCの目安"),
    ChannelSpec(
        "mass_media", "新聞広告", "地域版 1回", 300_000, False, None, 0.2, 1, "地方紙の料金表の目安"
    ),
)
NOT_PLANNED_JA = {
    "bosai_musen": "防災無線は緊急放送用のため広報計画には含めません",
    "search": "自然検索は費用で増やせないため含めません",
    "direct": "直接訪問は費用で増やせないため含めません",
    "word_of_mouth": "口コミは費用で買えないため含めません",
}
# Web acquisition channels that stand for a plannable channel (web segments' reach).
WEB_TO_PLANNED = {
    "line": "line",
    "email": "email",
    "x": "x",
    "facebook": "facebook",
    "instagram": "instagram",
    "youtube": "youtube",
    "search": "search_ads",
    "search_ads": "search_ads",
}


def with_overrides(
    channels: tuple[ChannelSpec, ...], overrides: dict[str, dict[str, object]]
) -> tuple[ChannelSpec, ...]:
    """Replace fields per channel code, e.g. {"line": {"unit_cost_jpy": 0}}."""
    known = {c.code for c in channels}
    unknown = sorted(set(overrides) - known)
    if unknown:
        raise ValueError(f"unknown channel codes {unknown}; known: {sorted(known)}")
    return tuple(replace(c, **overrides.get(c.code, {})) for c in channels)  # type: ignore[arg-type]


def load_overrides(path: Path) -> dict[str, dict[str, object]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a JSON object {{channel: {{field: value}}}}")
    return data
