"""Channel planner: given a target audience, a budget and a period, rank channels by reach
per yen and recommend a mix and timing, stating every assumption.

Reach model, per channel c: the target's people reachable through c are A_c = N × share_c
(share from the survey segment, the survey cells of the target, or the web segment's
acquisition history). One unit (a LINE send, a spot, 1,000 impressions …) exposes each
reachable person with probability e_c = notice_rate × min(contacts_per_unit / A_c, 1);
after u units, reach_c = A_c × (1 − (1 − e_c)^u). Channels combine as if independent:
total = N × (1 − Π (1 − reach_c / N)). The mix is built greedily: one unit at a time, to
the channel adding the most people per yen, within the budget and each channel's units per
week. Timing: the weekday × hour slots with the most engaged sessions of the target
(its web segment, or all users) in the engagement history.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import polars as pl

from ml import labels_ja
from ml.channel_catalogue import NOT_PLANNED_JA, ChannelSpec


class PlanError(ValueError):
    """The target or inputs cannot give a plan; the message says why and what is accepted."""


@dataclass(frozen=True)
class Target:
    kind: str  # web | survey | cells | all
    segment_id: int | None = None
    age_bands: tuple[str, ...] = ()
    areas: tuple[str, ...] = ()


def parse_target(text: str) -> Target:
    """'web:3', 'survey:2', 'age=30-39|40-49,area=中央町', 'area=緑ヶ丘' or 'all'."""
    text = text.strip()
    if text == "all":
        return Target("all")
    kind, sep, rest = text.partition(":")
    if sep and kind in ("web", "survey"):
        if not rest.strip().isdigit():
            raise PlanError(f"target {text!r}: the segment id must be a number, e.g. {kind}:3")
        return Target(kind, int(rest))
    ages: tuple[str, ...] = ()
    areas: tuple[str, ...] = ()
    for part in text.split(","):
        key, eq, value = part.partition("=")
        values = tuple(v.strip() for v in value.split("|") if v.strip())
        if not eq or not values or key.strip() not in ("age", "area"):
            raise PlanError(
                f"target {text!r} not understood; use web:<id>, survey:<id>, "
                "age=30-39|40-49,area=<town> or all"
            )
        if key.strip() == "age":
            ages = values
        else:
            areas = values
    return Target("cells", None, ages, areas)


@dataclass(frozen=True)
class Audience:
    label_ja: str
    size: float
    reach_share: dict[str, float]
    basis_ja: str
    web_segment_id: int | None = None


def audience_from_cells(respondents: pl.DataFrame, target: Target, threshold: int = 10) -> Audience:
    """Weighted survey respondents of the age bands × areas (all when not given)."""
    frame = respondents.filter(pl.col("weight").is_not_null())
    if target.age_bands:
        frame = frame.filter(pl.col("age_band").is_in(list(target.age_bands)))
    if target.areas:
        frame = frame.filter(
            pl.col("town_name").is_in(list(target.areas))
            | pl.col("town_key").is_in(list(target.areas))
        )
    if frame.height < threshold:
        raise PlanError(
            f"only {frame.height} weighted survey respondents match the target (fewer than "
            f"{threshold}): widen the age bands or areas"
        )
    total = float(frame["weight"].sum())
    shares: dict[str, float] = {}
    for column in frame.columns:
        if column.startswith("uses_"):
            shares[column[5:]] = float(frame.filter(pl.col(column))["weight"].sum()) / total
    ages = "・".join(target.age_bands) or "全年齢"
    areas = "・".join(target.areas) or "市内全域"
    return Audience(
        f"{ages}歳 × {areas}",
        total,
        shares,
        f"市民意識調査の重み付き回答者{frame.height}人（年齢×性別・地区で事後層化）",
    )


def audience_from_reach(
    reach: pl.DataFrame, size: float, label: str, basis: str, web_segment_id: int | None = None
) -> Audience:
    """From ml_channel_reach_by_segment rows of one segment (suppressed rows are skipped)."""
    shares = {
        str(c): float(s)
        for c, s in reach.filter(pl.col("reach_share").is_not_null())
        .select("channel", "reach_share")
        .iter_rows()
    }
    return Audience(label, size, shares, basis, web_segment_id)


@dataclass(frozen=True)
class Plan:
    ranking: pl.DataFrame
    total_reach: float
    total_spend: float
    timing: list[str]
    assumptions: list[str]
    audience: Audience


def _exposure(spec: ChannelSpec, reachable: float) -> float:
    if spec.contacts_per_unit is None:
        return spec.notice_rate
    return spec.notice_rate * min(spec.contacts_per_unit / max(reachable, 1.0), 1.0)


def _unit_cost(spec: ChannelSpec, reachable: float) -> float:
    return spec.unit_cost_jpy * reachable if spec.per_recipient else spec.unit_cost_jpy


def _max_units(spec: ChannelSpec, days: int) -> int:
    weeks = days / 7
    return max(int(math.floor(spec.max_units_per_week * weeks)), 1 if days >= 7 else 0)


def best_slots(engagement: pl.DataFrame, start: dt.date, end: dt.date, n: int = 3) -> list[str]:
    """Top weekday × hour slots by engaged sessions, among weekdays inside the period."""
    days = {
        (start + dt.timedelta(days=i)).isoweekday() for i in range(min((end - start).days + 1, 7))
    }
    top = (
        engagement.filter(pl.col("day_of_week").is_in(sorted(days)))
        .sort(["engaged_sessions", "day_of_week", "hour_of_day"], descending=[True, False, False])
        .head(n)
    )
    return [
        f"{labels_ja.WEEKDAY[d - 1]}曜 {h}時台（エンゲージしたセッション {e}件、率 {r:.0%}）"
        for d, h, e, r in top.select(
            "day_of_week", "hour_of_day", "engaged_sessions", "engagement_rate"
        ).iter_rows()
    ]


def make_plan(
    audience: Audience,
    channels: tuple[ChannelSpec, ...],
    budget_jpy: float,
    start: dt.date,
    end: dt.date,
    engagement: pl.DataFrame | None = None,
) -> Plan:
    if budget_jpy <= 0:
        raise PlanError(f"budget must be positive, got {budget_jpy}")
    if end < start:
        raise PlanError(f"the period ends ({end}) before it starts ({start})")
    days = (end - start).days + 1
    n = max(audience.size, 1.0)
    usable = [c for c in channels if audience.reach_share.get(c.code, 0.0) > 0]
    reachable = {c.code: n * audience.reach_share[c.code] for c in usable}
    units = {c.code: 0 for c in usable}
    spend = {c.code: 0.0 for c in usable}
    miss = {c.code: 1.0 for c in usable}  # per channel: share of its reachable not yet reached
    left = budget_jpy
    while True:
        best: tuple[float, str] | None = None
        not_reached = math.prod(1 - reachable[c] * (1 - miss[c]) / n for c in miss)
        for c in usable:
            cost = _unit_cost(c, reachable[c.code])
            if cost > left or units[c.code] >= _max_units(c, days) or cost <= 0:
                continue
            e = _exposure(c, reachable[c.code])
            before = 1 - reachable[c.code] * (1 - miss[c.code]) / n
            after = 1 - reachable[c.code] * (1 - miss[c.code] * (1 - e)) / n
            gain = n * not_reached * (1 - after / before) if before > 0 else 0.0
            if best is None or gain / cost > best[0]:
                best = (gain / cost, c.code)
        if best is None or best[0] <= 0:
            break
        spec = next(c for c in usable if c.code == best[1])
        cost = _unit_cost(spec, reachable[spec.code])
        units[spec.code] += 1
        spend[spec.code] += cost
        miss[spec.code] *= 1 - _exposure(spec, reachable[spec.code])
        left -= cost
    rows = []
    for c in usable:
        a = reachable[c.code]
        cost = _unit_cost(c, a)
        rows.append(
            {
                "channel": c.code,
                "channel_ja": c.name_ja,
                "reach_share": audience.reach_share[c.code],
                "reachable_people": round(a),
                "unit_ja": c.unit_ja,
                "unit_cost_jpy": round(cost),
                "people_per_1000_jpy": a * _exposure(c, a) / cost * 1000 if cost > 0 else None,
                "units": units[c.code],
                "spend_jpy": round(spend[c.code]),
                "expected_reach": round(a * (1 - miss[c.code])),
            }
        )
    ranking = pl.DataFrame(rows).sort("people_per_1000_jpy", descending=True, nulls_last=True)
    total = n * (1 - math.prod(1 - reachable[c] * (1 - miss[c]) / n for c in miss))
    assumptions = [
        f"対象: {audience.label_ja}、推定 {round(audience.size):,}人（{audience.basis_ja}）。",
        "到達モデル: 1単位で到達可能者の各人が「注目率 ×（接触数 ÷ 到達可能者、最大1）」の確率で"
        "接触し、媒体どうしは独立と仮定して重複を除いた到達人数を計算。",
        f"期間 {start}〜{end}（{days}日）、予算 {budget_jpy:,.0f}円。1単位ずつ、1円あたりの"
        "新規到達が最大の媒体に配分。",
    ]
    assumptions += [
        f"{c.name_ja}: {c.unit_ja} {c.unit_cost_jpy:,.1f}円{'/人' if c.per_recipient else ''}、"
        f"注目率 {c.notice_rate:.0%}、上限 週{c.max_units_per_week:g}単位（{c.source_ja}）。"
        for c in usable
        if c.max_units_per_week < 1e8
    ] + [
        f"{c.name_ja}: {c.unit_ja} {c.unit_cost_jpy:,.1f}円、注目率 {c.notice_rate:.0%}（{c.source_ja}）。"
        for c in usable
        if c.max_units_per_week >= 1e8
    ]
    assumptions += [text for code, text in NOT_PLANNED_JA.items() if code in audience.reach_share]
    timing = best_slots(engagement, start, end) if engagement is not None else []
    if timing:
        assumptions.append(
            "配信・掲載のタイミング: 対象のウェブ閲覧履歴でエンゲージしたセッションが多い曜日×時間帯。"
        )
    return Plan(ranking, total, float(sum(spend.values())), timing, assumptions, audience)
