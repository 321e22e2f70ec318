"""Weighted survey segments, the channel planner, privacy, model cards and evaluation."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json

import duckdb
import numpy as np
import polars as pl
import pytest

from ml import privacy
from ml.channel_catalogue import DEFAULT_CHANNELS, with_overrides
from ml.evaluation import (
    lift_agreement,
    planted_by_key,
    pseudonymise,
    pseudonymise_legacy,
    segment_agreement,
)
from ml.model_card import ModelCard, card_row
from ml.planner import (
    Audience,
    PlanError,
    audience_from_cells,
    best_slots,
    make_plan,
    parse_target,
)
from ml.survey_segments import SurveyConfig, fit_survey_segments, memberships_from_params

CHANNELS = ("line", "koho_shi", "website", "kairanban", "instagram")


def respondents(n: int = 600, seed: int = 0) -> pl.DataFrame:
    """Young respondents use LINE / Instagram, old ones 広報紙 / 回覧板; the old are
    over-represented among respondents, so their weights are smaller."""
    rng = np.random.default_rng(seed)
    young = rng.random(n) < 0.35
    probs = {
        "line": (0.85, 0.3),
        "koho_shi": (0.25, 0.85),
        "website": (0.5, 0.25),
        "kairanban": (0.1, 0.6),
        "instagram": (0.45, 0.03),
    }
    chosen = {
        c: np.where(young, rng.random(n) < p[0], rng.random(n) < p[1]) for c, p in probs.items()
    }
    channels = ["|".join(c for c in CHANNELS if chosen[c][i]) or None for i in range(n)]
    return pl.DataFrame(
        {
            "respondent_key": [f"r{i:04d}" for i in range(n)],
            "weight": np.where(young, 300.0, 120.0),
            "age_band": np.where(young, "30-39", "70-79"),
            "age_lower": np.where(young, 30, 70),
            "town_name": np.where(rng.random(n) < 0.5, "中央町", "緑ヶ丘"),
            "town_key": "k",
            "channels": channels,
            "topics": np.where(young, "子育て", "健康・福祉・介護"),
            **{f"uses_{c}": chosen[c] for c in CHANNELS},
        }
    )


def test_survey_segments_are_weighted_to_the_population() -> None:
    frame = respondents()
    segments, members, card = fit_survey_segments(frame, "990019", "R7", SurveyConfig(k_max=4))
    assert 2 <= segments.height <= 4
    total = float(frame["weight"].sum())
    assert segments["estimated_residents"].sum() == pytest.approx(total, rel=0.01)
    young_share = float(frame.filter(pl.col("age_band") == "30-39")["weight"].sum()) / total
    line_seg = segments.sort("mean_age_lower").row(0, named=True)
    assert line_seg["population_share"] == pytest.approx(young_share, abs=0.08)
    assert json.loads(line_seg["channel_reach_json"])["line"] > 0.7
    assert "LINE" in line_seg["segment_name"] and "若い世代" in line_seg["segment_name"]
    assert card.parameters["k_criterion"] == "weighted bic"
    params = {
        int(i): json.loads(p)
        for i, p in segments.select("segment_id", "parameters_json").iter_rows()
    }
    weights = dict(segments.select("segment_id", "mixture_weight").iter_rows())
    again = memberships_from_params(frame, params, weights, 10)
    assert (again["segment_id"] == members["segment_id"]).mean() > 0.99


def test_parse_target() -> None:
    assert parse_target("web:3").segment_id == 3
    assert parse_target("survey:2").kind == "survey"
    t = parse_target("age=30-39|40-49,area=中央町")
    assert t.age_bands == ("30-39", "40-49") and t.areas == ("中央町",)
    assert parse_target("all").kind == "all"
    with pytest.raises(PlanError):
        parse_target("segment=3")


def test_plan_ranks_spends_within_budget_and_states_assumptions() -> None:
    audience = audience_from_cells(respondents(), parse_target("age=30-39"))
    engagement = pl.DataFrame(
        {
            "day_of_week": [2, 2, 6],
            "hour_of_day": [21, 9, 10],
            "engaged_sessions": [50, 20, 40],
            "engagement_rate": [0.9, 0.8, 0.7],
        }
    )
    start, end = dt.date(2026, 5, 1), dt.date(2026, 5, 31)
    plan = make_plan(audience, DEFAULT_CHANNELS, 200_000, start, end, engagement)
    assert 0 < plan.total_spend <= 200_000
    assert plan.ranking["people_per_1000_jpy"].is_sorted(descending=True, nulls_last=True)
    assert plan.ranking.row(0, named=True)["channel"] in ("line", "instagram", "website")
    assert plan.total_reach <= audience.size
    assert plan.timing[0].startswith("火曜 21時台")
    assert any("LINE" in a and "円" in a for a in plan.assumptions)
    bigger = make_plan(audience, DEFAULT_CHANNELS, 800_000, start, end, engagement)
    assert bigger.total_reach >= plan.total_reach
    free_line = with_overrides(DEFAULT_CHANNELS, {"line": {"unit_cost_jpy": 0.1}})
    cheap = make_plan(audience, free_line, 200_000, start, end)
    assert cheap.total_reach >= plan.total_reach
    with pytest.raises(PlanError):
        make_plan(audience, DEFAULT_CHANNELS, 0, start, end)


def test_small_target_cells_are_refused() -> None:
    with pytest.raises(PlanError, match="fewer than 10"):
        audience_from_cells(respondents(n=20), parse_target("age=30-39,area=中央町"))


def test_plan_from_reach_shares_only_uses_reachable_channels() -> None:
    audience = Audience("test", 1000.0, {"line": 0.5, "bosai_musen": 0.3}, "synthetic")
    plan = make_plan(audience, DEFAULT_CHANNELS, 10_000, dt.date(2026, 1, 1), dt.date(2026, 1, 14))
    assert plan.ranking["channel"].to_list() == ["line"]
    assert any("防災無線" in a for a in plan.assumptions)


def test_best_slots_only_weekdays_in_the_period() -> None:
    engagement = pl.DataFrame(
        {
            "day_of_week": [1, 3],
            "hour_of_day": [9, 20],
            "engaged_sessions": [99, 5],
            "engagement_rate": [1.0, 1.0],
        }
    )
    # 2026-01-07 is a Wednesday: a one-day period has only that weekday
    assert best_slots(engagement, dt.date(2026, 1, 7), dt.date(2026, 1, 7))[0].startswith(
        "水曜 20時台"
    )


def test_suppression_nulls_small_cells() -> None:
    frame = pl.DataFrame({"n": [3, 12, None], "share": [0.1, 0.2, 0.3]})
    out = privacy.suppress(frame, "n", ["share"])
    assert out["is_suppressed"].to_list() == [True, False, True]
    assert out["share"].to_list() == [None, 0.2, None]
    assert privacy.check_no_small_cells(out, ["n"]) == []
    assert privacy.check_no_small_cells(frame, ["n"]) == ["n: 1 cells below 10"]
    assert privacy.round_count(4) == 10 and privacy.round_count(0) == 0


def test_model_card_version_is_a_content_hash() -> None:
    def card(seed: int) -> ModelCard:
        return ModelCard(
            "m",
            "method",
            "990019",
            dt.date(2025, 4, 1),
            dt.date(2026, 3, 31),
            10,
            ["a"],
            {"k": 3},
            {"bic": 1.0},
            seed,
        )

    assert card(0).model_version == card(0).model_version
    assert card(0).model_version != card(1).model_version
    body = json.loads(card(0).to_json())
    assert body["data_window_start"] == "2025-04-01" and body["versions"]["scikit-learn"]
    assert card_row(card(0))["parameters_json"] == '{"k": 3}'


def test_pseudonymise_matches_the_dbt_macro() -> None:
    # macros/pseudonymise.sql: HMAC-SHA256(key, id) as lowercase hex
    expected = hmac.new(b"secret", b"123.456", hashlib.sha256).hexdigest()
    assert pseudonymise("123.456", "secret") == expected
    # warehouses built before the HMAC macro: sha256(key || ':' || id)
    legacy = duckdb.sql("select sha256('secret' || ':' || '123.456')").fetchall()[0][0]
    assert pseudonymise_legacy("123.456", "secret") == legacy
    truth = {"123.456": "a", "789.012": "b"}
    for scheme in (pseudonymise, pseudonymise_legacy):
        keys = {scheme(u, "secret") for u in truth}
        assert set(planted_by_key(truth, keys, "secret")) == keys


def test_evaluation_definitions() -> None:
    truth = {f"u{i}": ("a" if i < 20 else "b") for i in range(40)}
    assigned = pl.DataFrame(
        {
            "user_key": [pseudonymise(u, "k") for u in truth],
            "segment_id": [1 if i < 20 else 2 for i in range(40)],
            "n_sessions": [1 if i % 2 else 6 for i in range(40)],
        }
    )
    seg = segment_agreement(truth, assigned, "k", min_sessions=5)
    assert seg["adjusted_rand_index"] == pytest.approx(1.0) and seg["ari_users"] == 20
    campaigns = [
        {
            "campaign_name": "A",
            "start_date": "2025-05-01",
            "target_procedure_id": "P1",
            "is_placebo": False,
            "planted_effect_per_day": 5.0,
        },
        {
            "campaign_name": "B",
            "start_date": "2025-06-01",
            "target_procedure_id": "P2",
            "is_placebo": True,
            "planted_effect_per_day": 0.0,
        },
        {
            "campaign_name": "C",
            "start_date": "2025-07-01",
            "target_procedure_id": None,
            "is_placebo": False,
            "planted_effect_per_day": 0.0,
        },
    ]
    lift = pl.DataFrame(
        {
            "campaign_name": ["A", "B"],
            "start_date": [dt.date(2025, 5, 1), dt.date(2025, 6, 1)],
            "status": ["estimated", "estimated"],
            "effect_per_day": [4.0, 1.0],
            "ci_low": [2.0, 0.5],
            "ci_high": [6.0, 1.5],
            "is_significant": [True, True],
        }
    )
    out = lift_agreement(campaigns, lift)
    assert out["lift_coverage"] == 1.0 and out["planted_campaigns"] == 1
    assert out["placebo_false_positive_rate"] == 1.0 and out["placebo_campaigns"] == 1
