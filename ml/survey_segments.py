"""Citizen segments from the survey: latent-class analysis of channel use and interests,
weighted to the population (post-stratification weights from fct_survey_respondents).

Every channel and topic is a yes/no item (a two-level block of the latent-class model in
ml/segments.py); the fit maximises the weighted likelihood, so a segment's share and profile
describe residents, not respondents. k by weighted BIC within a range, among fits whose every
segment has at least `threshold` respondents. Each segment gets an estimated number of
residents (sum of its members' weights) and a channel reach (weighted share of its members
who use each channel).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import numpy as np
import polars as pl

from ml import labels_ja, privacy
from ml.model_card import ModelCard
from ml.segment_ids import Params, match_ids
from ml.segments import LatentClassMixture

MODEL_NAME = "survey_segments"
METHOD = "weighted latent-class analysis (yes/no items: channels used, topics of interest); k by weighted BIC"


@dataclass(frozen=True)
class SurveyConfig:
    k_min: int = 2
    k_max: int = 6
    n_init: int = 4
    seed: int = 0
    threshold: int = privacy.DEFAULT_THRESHOLD


@dataclass(frozen=True)
class SurveyItems:
    keys: list[str]  # respondent_key per row
    x: np.ndarray  # (n, 2 * items) counts: [no, yes] per item
    items: list[tuple[str, str]]  # (kind "channel" | "topic", code)
    weights: np.ndarray
    age_lower: np.ndarray

    @property
    def blocks(self) -> tuple[tuple[int, int], ...]:
        return tuple((2 * i, 2 * i + 2) for i in range(len(self.items)))


def _split(value: str | None) -> list[str]:
    return [v for v in (value or "").split("|") if v]


def survey_items(respondents: pl.DataFrame, threshold: int) -> SurveyItems:
    """Weighted respondents with a channel answer (their weights scaled up to the whole
    weighted population); items ticked by at least `threshold` respondents and left by at
    least `threshold` (otherwise they carry no information)."""
    weighted = respondents.filter(pl.col("weight").is_not_null() & (pl.col("weight") > 0))
    frame = weighted.filter(pl.col("channels").is_not_null()).sort("respondent_key")
    # item non-response: the answering respondents stand for the whole weighted population
    scale = float(weighted["weight"].sum()) / max(float(frame["weight"].sum() or 0.0), 1e-9)
    chosen = {
        "channel": [_split(v) for v in frame["channels"].to_list()],
        "topic": [_split(v) for v in frame["topics"].to_list()],
    }
    items: list[tuple[str, str]] = []
    columns: list[np.ndarray] = []
    n = frame.height
    for kind, lists in chosen.items():
        codes = sorted({c for row in lists for c in row})
        for code in codes:
            yes = np.array([code in row for row in lists], dtype=np.float32)
            if threshold <= yes.sum() <= n - threshold:
                items.append((kind, code))
                columns.extend([1.0 - yes, yes])
    x = np.column_stack(columns) if columns else np.zeros((n, 0), dtype=np.float32)
    ages = frame["age_lower"].cast(pl.Float64).fill_null(strategy="mean").fill_null(50.0)
    return SurveyItems(
        frame["respondent_key"].to_list(),
        x.astype(np.float32),
        items,
        frame["weight"].cast(pl.Float64).to_numpy() * scale,
        ages.to_numpy(),
    )


def _params(model: LatentClassMixture, items: list[tuple[str, str]]) -> list[Params]:
    theta = model.theta()
    return [
        {
            f"{kind}:{code}": {"yes": float(row[2 * i + 1]), "no": float(row[2 * i])}
            for i, (kind, code) in enumerate(items)
        }
        for row in theta
    ]


def _label(kind: str, code: str) -> str:
    return labels_ja.SURVEY_CHANNEL.get(code, code) if kind == "channel" else code


def survey_segment_name(p: Params, overall: Params, mean_age: float) -> str:
    def lifted(kind: str) -> list[tuple[float, str]]:
        out = []
        for key, dist in p.items():
            k, _, code = key.partition(":")
            share, base = dist["yes"], overall[key]["yes"]
            if k == kind and share >= 0.35 and base > 0 and share / base >= 1.2:
                out.append((share * np.log(share / base), _label(k, code)))
        return sorted(out, reverse=True)

    channels = [label for _, label in lifted("channel")[:2]]
    topics = [label for _, label in lifted("topic")[:1]]
    head = "・".join(channels) + "中心" if channels else "情報接触の少ない"
    topic = f"・{topics[0]}関心" if topics else ""
    return f"{head}{topic}の{labels_ja.age_group(mean_age)}"


def fit_survey_segments(
    respondents: pl.DataFrame,
    municipality_code: str,
    survey_name: str,
    config: SurveyConfig | None = None,
    previous: dict[int, Params] | None = None,
) -> tuple[pl.DataFrame, pl.DataFrame, ModelCard]:
    """(segments, memberships, card). Memberships: respondent_key, segment_id, weight."""
    config = config or SurveyConfig()
    data = survey_items(respondents, config.threshold)
    n = len(data.keys)
    if n < config.k_min * config.threshold or not data.items:
        raise ValueError(f"{n} weighted respondents with {len(data.items)} usable items: too few")
    fits = []
    for k in range(config.k_min, config.k_max + 1):
        model = LatentClassMixture(k, data.blocks, n_init=config.n_init, random_state=config.seed)
        model.fit(data.x, sample_weight=data.weights)
        smallest = int(np.bincount(model.labels_, minlength=k).min())
        fits.append((model.bic(data.x, data.weights), k, smallest, model))
    admissible = [f for f in fits if f[2] >= config.threshold] or fits[:1]
    bic, k, _, model = min(admissible, key=lambda f: f[0])
    labels = model.predict(data.x)
    params = _params(model, data.items)
    w_sizes = [float(data.weights[labels == i].sum()) for i in range(k)]
    counts = np.bincount(labels, minlength=k)
    ids, distances = match_ids(previous or {}, params, [int(round(s)) for s in w_sizes])
    total_w = float(data.weights.sum())
    overall = {
        f"{kind}:{code}": {"yes": float(np.average(data.x[:, 2 * i + 1], weights=data.weights))}
        for i, (kind, code) in enumerate(data.items)
    }
    rows = []
    for i in range(k):
        member = labels == i
        mean_age = float(np.average(data.age_lower[member], weights=data.weights[member]))
        reach = {
            code: float(np.average(data.x[member, 2 * j + 1], weights=data.weights[member]))
            for j, (kind, code) in enumerate(data.items)
            if kind == "channel"
        }
        top = sorted(reach.items(), key=lambda kv: -kv[1])[:4]
        profile = (
            f"推定 約{privacy.round_count(w_sizes[i], 100):,}人（対象人口の{w_sizes[i] / total_w:.0%}、"
            f"回答者{int(counts[i])}人）。主な情報入手手段: "
            + "、".join(f"{labels_ja.SURVEY_CHANNEL.get(c, c)} {v:.0%}" for c, v in top)
            + f"。平均的な年代: {int(mean_age // 10 * 10)}代前後。"
        )
        rows.append(
            {
                "municipality_code": municipality_code,
                "survey_name": survey_name,
                "segment_id": ids[i],
                "segment_name": survey_segment_name(params[i], overall, mean_age),
                "profile_ja": profile,
                "respondents": int(counts[i]),
                "estimated_residents": privacy.round_count(w_sizes[i], 10),
                "population_share": w_sizes[i] / total_w,
                "mean_age_lower": mean_age,
                "mixture_weight": float(model.weights_[i]),
                "channel_reach_json": json.dumps(reach, ensure_ascii=False, sort_keys=True),
                "parameters_json": json.dumps(params[i], ensure_ascii=False, sort_keys=True),
                "matched_distance": distances[i],
            }
        )
    segments = pl.DataFrame(rows, schema_overrides={"matched_distance": pl.Float64}).sort(
        "segment_id"
    )
    segments = privacy.suppress(
        segments, "respondents", ["estimated_residents", "population_share"], config.threshold
    )
    memberships = pl.DataFrame(
        {
            "respondent_key": data.keys,
            "segment_id": np.asarray(ids)[labels],
            "probability": model.predict_proba(data.x).max(axis=1),
            "weight": data.weights,
        }
    )
    card = ModelCard(
        model_name=MODEL_NAME,
        method=METHOD,
        municipality_code=municipality_code,
        data_window_start=None,
        data_window_end=None,
        n_training_rows=n,
        features=[f"{kind}:{code}" for kind, code in data.items],
        parameters={
            "k": k,
            "k_range": [config.k_min, config.k_max],
            "k_criterion": "weighted bic",
            "n_init": config.n_init,
            "survey_name": survey_name,
            "suppression_threshold": config.threshold,
        },
        metrics={
            "bic": bic,
            "k_candidates": [{"k": f[1], "bic": f[0], "smallest_segment": f[2]} for f in fits],
            "weighted_population": total_w,
            "mean_assignment_probability": float(model.predict_proba(data.x).max(axis=1).mean()),
        },
        random_seed=config.seed,
        notes="Respondents without a weight (unknown age, sex or town) are left out.",
    )
    return segments, memberships, card


def memberships_from_params(
    respondents: pl.DataFrame,
    params: dict[int, Params],
    weights_by_id: dict[int, float],
    threshold: int,
) -> pl.DataFrame:
    """Assign respondents with stored parameters (what ml_survey_respondent_segments does)."""
    data = survey_items(respondents, threshold)
    ids = sorted(params)
    log_prior = np.log(np.array([max(weights_by_id.get(i, 1e-9), 1e-9) for i in ids]))
    ll = np.tile(log_prior, (len(data.keys), 1))
    for j, (kind, code) in enumerate(data.items):
        key = f"{kind}:{code}"
        yes = np.array([params[i].get(key, {}).get("yes", 0.5) for i in ids])
        yes = np.clip(yes, 1e-6, 1 - 1e-6)
        ll += np.outer(data.x[:, 2 * j + 1], np.log(yes)) + np.outer(
            data.x[:, 2 * j], np.log(1 - yes)
        )
    post = np.exp(ll - ll.max(axis=1, keepdims=True))
    post /= post.sum(axis=1, keepdims=True)
    return pl.DataFrame(
        {
            "respondent_key": data.keys,
            "segment_id": np.asarray(ids)[post.argmax(axis=1)],
            "probability": post.max(axis=1),
            "weight": data.weights,
        }
    )
