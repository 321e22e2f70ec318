"""Automatic Japanese names and profiles for segments, from their parameters.

A name is the most over-represented topic (the segment's share against the whole audience's)
plus up to two traits that set the segment apart (device, language, region, time of day,
channel, frequency), e.g. 「観光関心・市外から・休日層」. A trait must cover at least
TRAIT_MIN_SHARE of the segment and be at least TRAIT_MIN_LIFT times as common as overall;
traits are ranked by p·log(p/p_all) (their share of the KL divergence from the audience).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ml import labels_ja

Params = dict[str, dict[str, float]]

TRAIT_MIN_SHARE = 0.3
TRAIT_MIN_LIFT = 1.5
TOPIC_MIN_LIFT = 1.3

# trait family -> (feature, levels pooled, phrase in a name)
_TRAITS: tuple[tuple[str, str, tuple[str, ...], str], ...] = (
    ("device", "device", ("desktop",), "PC中心"),
    ("device", "device", ("tablet",), "タブレット利用"),
    ("device", "device", ("mobile",), "スマホ中心"),
    ("language", "page_language", ("easy",), "やさしい日本語"),
    ("language", "page_language", ("en",), "英語ページ"),
    ("region", "region", ("away",), "市外から"),
    ("time", "daypart", ("wd_09-12", "wd_12-15", "wd_15-18"), "平日日中"),
    ("time", "daypart", ("wd_18-21", "wd_21-24", "we_18-21", "we_21-24"), "夜間"),
    ("time", "daypart", tuple(f"we_{h}" for h in ("06-09", "09-12", "12-15", "15-18")), "休日"),
    ("frequency", "frequency", ("9-16", "17+"), "高頻度"),
    ("frequency", "frequency", ("1",), "単発訪問"),
    ("returning", "returning", ("no",), "新規"),
)


@dataclass(frozen=True)
class Trait:
    family: str
    phrase: str
    share: float
    overall: float

    @property
    def lift(self) -> float:
        return self.share / self.overall if self.overall > 0 else math.inf

    @property
    def score(self) -> float:
        return self.share * math.log(max(self.lift, 1e-12))


def overall_params(params: list[Params], sizes: list[int]) -> Params:
    """The whole audience's distributions: the segments' mixed by size."""
    total = max(sum(sizes), 1)
    out: Params = {}
    for p, size in zip(params, sizes, strict=True):
        for feature, dist in p.items():
            into = out.setdefault(feature, {})
            for level, prob in dist.items():
                into[level] = into.get(level, 0.0) + prob * size / total
    return out


def _pooled(p: Params, feature: str, levels: tuple[str, ...]) -> float:
    dist = p.get(feature, {})
    return sum(dist.get(lv, 0.0) for lv in levels)


def _foreign_browser(p: Params) -> float:
    dist = p.get("device_language", {})
    return sum(v for lv, v in dist.items() if lv not in ("ja", "other", "(不明)"))


def traits(p: Params, overall: Params) -> list[Trait]:
    """Qualifying traits, best first, at most one per family."""
    found = [
        Trait(family, phrase, _pooled(p, feature, levels), _pooled(overall, feature, levels))
        for family, feature, levels, phrase in _TRAITS
    ]
    found.append(
        Trait("language", "外国語ブラウザ", _foreign_browser(p), _foreign_browser(overall))
    )
    for level, share in p.get("channel", {}).items():
        if level != "other":
            label = labels_ja.channel(level)
            found.append(Trait("channel", f"{label}経由", share, overall["channel"][level]))
    good = [t for t in found if t.share >= TRAIT_MIN_SHARE and t.lift >= TRAIT_MIN_LIFT]
    best: dict[str, Trait] = {}
    for t in sorted(good, key=lambda t: -t.score):
        best.setdefault(t.family, t)
    return sorted(best.values(), key=lambda t: -t.score)


def top_topic(p: Params, overall: Params) -> str | None:
    dist = p.get("topic", {})
    scored = [
        (share * math.log(share / overall["topic"][lv]), lv)
        for lv, share in dist.items()
        if lv != "other"
        and share > 0
        and overall["topic"].get(lv, 0) > 0
        and share / overall["topic"][lv] >= TOPIC_MIN_LIFT
    ]
    return max(scored)[1] if scored else None


def segment_name(p: Params, overall: Params) -> str:
    topic = top_topic(p, overall)
    head = f"{topic}関心" if topic else "幅広い関心"
    parts = [head, *(t.phrase for t in traits(p, overall)[:2])]
    return "・".join(parts) + "層"


def _top(p: Params, feature: str, n: int, overall: Params | None = None) -> str:
    dist = sorted(p.get(feature, {}).items(), key=lambda kv: (-kv[1], kv[0]))[:n]
    out = []
    for level, share in dist:
        text = f"{labels_ja.level_label(feature, level)} {share:.0%}"
        if overall is not None:
            text += f"（全体 {overall.get(feature, {}).get(level, 0.0):.0%}）"
        out.append(text)
    return "、".join(out)


def segment_profile(p: Params, overall: Params, size: int, share: float) -> str:
    """A short Japanese description; `size` should already be rounded for publication."""
    lines = [
        f"推定ユーザー数 約{size:,}人（全体の{share:.0%}）。",
        f"よく見る分野: {_top(p, 'topic', 3, overall)}。",
        f"端末: {_top(p, 'device', 2)}。",
        f"よく訪れる時間帯: {_top(p, 'daypart', 3)}。",
        f"主な流入経路: {_top(p, 'channel', 3)}。",
        f"ブラウザの言語: {_top(p, 'device_language', 2)}。",
        f"訪問頻度: {_top(p, 'frequency', 2)}。",
    ]
    if p.get("page_language", {}).get("ja", 1.0) < 0.9:
        lines.append(f"ページの言語: {_top(p, 'page_language', 3)}。")
    found = traits(p, overall)
    if found:
        lines.append(
            "特徴: "
            + "、".join(f"{t.phrase}（{t.share:.0%}、全体の{t.lift:.1f}倍）" for t in found[:3])
            + "。"
        )
    return "".join(lines)


def unique_names(names: list[str], ids: list[int]) -> list[str]:
    """Suffix duplicates with their segment id so every name is distinct."""
    counts: dict[str, int] = {}
    for name in names:
        counts[name] = counts.get(name, 0) + 1
    return [f"{n}（{i}）" if counts[n] > 1 else n for n, i in zip(names, ids, strict=True)]
