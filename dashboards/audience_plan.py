"""The channel planner behind the audience page: form validation (pure) and the plan itself.

``run_plan`` is ``civicpulse ml plan`` (civicpulse/ml_cli.py) without the command line: the
same rows from the published snapshot (dashboards.audience_queries), the same target syntax
(``ml.planner.parse_target``), the same audiences (``audience_from_reach`` /
``audience_from_cells``), the default channel catalogue with the search ads' unit cost taken
from the city's mean CPC, and ``ml.planner.make_plan``. The dashboard cannot import the CLI
(dependencies point civicpulse → dashboards), so the few lines that turn rows into an
audience are repeated here; tests check the plan equals the CLI's ``--json`` output.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace

import polars as pl

from dashboards import audience_queries as aq
from dashboards.config import DashboardConfig
from dashboards.queries import DashboardDataError
from dashboards.urlstate import parse_date
from ml.channel_catalogue import DEFAULT_CHANNELS, WEB_TO_PLANNED, ChannelSpec
from ml.planner import (
    Audience,
    Plan,
    PlanError,
    Target,
    audience_from_cells,
    audience_from_reach,
    make_plan,
    parse_target,
)

CELLS = "cells"
ALL_TARGET = "all"
_TARGET = re.compile(r"^(all|web:\d+|survey:\d+)$")
_TOO_SMALL = re.compile(r"only \d+ weighted survey respondents match the target")
_NO_SEGMENT = re.compile(r"no (web|survey) segment (\d+)")
_BUDGET_JUNK = re.compile(r"[,\s円¥￥]|JPY|jpy")


class PlanInputError(ValueError):
    """A form value the planner cannot use: ``key`` is the i18n message, ``values`` fill it."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values = values


@dataclass(frozen=True)
class PlanRequest:
    target: str  # planner syntax: all, web:<id>, survey:<id>, age=…|…,area=…
    budget_jpy: float
    start: dt.date
    end: dt.date


@dataclass(frozen=True)
class PlanResult:
    plan: Plan
    engagement: pl.DataFrame  # the timing history the plan used


def target_text(choice: object, ages: Sequence[str] | None, areas: Sequence[str] | None) -> str:
    """The planner's target string for the form's choice (and age bands × areas for
    ``cells``)."""
    if choice == CELLS:
        parts = []
        if ages:
            parts.append("age=" + "|".join(ages))
        if areas:
            parts.append("area=" + "|".join(areas))
        if not parts:
            raise PlanInputError("audience.plan.error.cells_empty")
        return ",".join(parts)
    if not isinstance(choice, str) or not _TARGET.match(choice):
        raise PlanInputError("audience.plan.error.target")
    return choice


def parse_budget(value: object) -> float:
    """A positive number of yen from the form: digits (full-width too) with optional thousands
    separators and ¥ / 円 / JPY, e.g. '300,000' or '３０００００円'."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        number = float(value)
    else:
        text = unicodedata.normalize("NFKC", str(value or "")).strip()
        if not text:
            raise PlanInputError("audience.plan.error.budget_missing")
        cleaned = _BUDGET_JUNK.sub("", text)
        try:
            number = float(cleaned)
        except ValueError:
            raise PlanInputError("audience.plan.error.budget_nan", value=text) from None
    if not math.isfinite(number):
        raise PlanInputError("audience.plan.error.budget_nan", value=str(value))
    if number <= 0:
        raise PlanInputError("audience.plan.error.budget_positive")
    return number


def parse_request(
    choice: object,
    ages: Sequence[str] | None,
    areas: Sequence[str] | None,
    budget: object,
    start: object,
    end: object,
) -> PlanRequest:
    """The form as a plan request, or PlanInputError (first problem found: target, budget,
    then the period)."""
    target = target_text(choice, ages, areas)
    budget_jpy = parse_budget(budget)
    start_day, end_day = parse_date(start), parse_date(end)
    if start_day is None or end_day is None:
        raise PlanInputError("audience.plan.error.dates")
    if end_day < start_day:
        raise PlanInputError("audience.plan.error.order")
    return PlanRequest(target, budget_jpy, start_day, end_day)


def plan_error(error: PlanError, threshold: int) -> PlanInputError:
    """The planner's refusal as a message for the page (too small a target, a segment that is
    not published, anything else with the planner's own words)."""
    text = str(error)
    small = _TOO_SMALL.search(text)
    if small:
        # the exact count is below the threshold, so it is not repeated
        return PlanInputError("audience.plan.error.too_small", threshold=threshold)
    segment = _NO_SEGMENT.search(text)
    if segment:
        return PlanInputError(
            "audience.plan.error.no_segment", source=segment.group(1), id=segment.group(2)
        )
    return PlanInputError("audience.plan.error.other", reason=text)


def _audience(config: DashboardConfig, target: Target) -> Audience:
    """As civicpulse.ml_cli._audience, through the dashboard's read-only queries."""
    if target.kind == "web" and target.segment_id is not None:
        seg = aq.web_segment_for_plan(config, target.segment_id)
        if seg.height == 0:
            raise PlanError(f"no web segment {target.segment_id} (see marts.ml_segment_profiles)")
        reach = aq.reach_for_plan(config, "web", target.segment_id)
        mapped = reach.with_columns(
            pl.col("channel").replace_strict(WEB_TO_PLANNED, default=None)
        ).drop_nulls("channel")
        mapped = pl.concat(
            [
                mapped.group_by("channel").agg(pl.col("reach_share").max()),
                pl.DataFrame({"channel": ["website"], "reach_share": [1.0]}),
            ]
        )
        name, users = seg.row(0)
        return audience_from_reach(
            mapped,
            float(users),
            f"ウェブセグメント{target.segment_id}「{name}」",
            "GA4の流入履歴（期間中に各経路から1回以上訪れた利用者の割合を到達可能率とみなす）",
            target.segment_id,
        )
    if target.kind == "survey" and target.segment_id is not None:
        seg = aq.survey_segment_for_plan(config, target.segment_id)
        if seg.height == 0:
            raise PlanError(f"no survey segment {target.segment_id} (see marts.ml_survey_segments)")
        reach = aq.reach_for_plan(config, "survey", target.segment_id)
        name, residents = seg.row(0)
        return audience_from_reach(
            reach,
            float(residents),
            f"市民セグメント{target.segment_id}「{name}」",
            "市民意識調査の重み付き集計（セグメント内で各媒体を使う住民の割合）",
        )
    return audience_from_cells(aq.respondents(config), target, config.suppression_threshold)


def _channels(config: DashboardConfig) -> tuple[ChannelSpec, ...]:
    """The default catalogue, search ads at the city's mean CPC when it has search campaigns."""
    try:
        cpc = aq.search_cpc(config)
    except DashboardDataError:
        cpc = None
    if cpc is None:
        return DEFAULT_CHANNELS
    return tuple(
        replace(c, unit_cost_jpy=round(cpc, 1), source_ja="広告実績の平均CPC")
        if c.code == "search_ads"
        else c
        for c in DEFAULT_CHANNELS
    )


def run_plan(config: DashboardConfig, request: PlanRequest) -> PlanResult:
    """The plan for a validated request; PlanError when the planner refuses the target,
    DashboardDataError when the snapshot cannot be read."""
    target = parse_target(request.target)
    audience = _audience(config, target)
    engagement = aq.engagement(config, audience.web_segment_id)
    plan = make_plan(
        audience, _channels(config), request.budget_jpy, request.start, request.end, engagement
    )
    return PlanResult(plan, engagement)
