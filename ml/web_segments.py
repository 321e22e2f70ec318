"""Fit and score web audience segments end to end (pure: frames in, frames out).

fit_web_segments: features → k by BIC → latent-class fit on users with enough sessions →
every user scored → ids matched to the previous fit → Japanese names and profiles → card.
score_users: assign users with stored parameters (what ml_user_segments does).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

import numpy as np
import polars as pl
from scipy.special import logsumexp

from ml import privacy
from ml.features import (
    DESCRIPTIVE_FEATURES,
    OTHER,
    FeatureBlock,
    UserFeatures,
    model_view,
    select_blocks,
)
from ml.model_card import ModelCard
from ml.segment_ids import Params, match_ids
from ml.segment_naming import overall_params, segment_name, segment_profile, unique_names
from ml.segments import LatentClassMixture, select_k

MODEL_NAME = "web_segments"
METHOD = (
    "latent-class model (mixture of categorical distributions per feature block) fitted by "
    "EM from KMeans++ starts on Hellinger-transformed shares; k by BIC"
)


PROFILE_SCHEMA: dict[str, pl.DataType | type[pl.DataType]] = {
    "municipality_code": pl.String,
    "segment_id": pl.Int64,
    "segment_name": pl.String,
    "profile_ja": pl.String,
    "users": pl.Int64,
    "users_rounded": pl.Int64,
    "user_share": pl.Float64,
    "mixture_weight": pl.Float64,
    "mean_probability": pl.Float64,
    "parameters_json": pl.String,
    "matched_distance": pl.Float64,
    "is_suppressed": pl.Boolean,
}
ASSIGNMENT_SCHEMA: dict[str, pl.DataType | type[pl.DataType]] = {
    "user_key": pl.String,
    "segment_id": pl.Int64,
    "probability": pl.Float64,
    "n_sessions": pl.Int64,
    "is_fitted": pl.Boolean,
}


@dataclass(frozen=True)
class SegmentConfig:
    k_min: int = 3
    k_max: int = 10
    min_sessions: int = 2  # users fitted on; everyone is scored
    n_init: int = 4
    seed: int = 0
    threshold: int = privacy.DEFAULT_THRESHOLD
    selection_sample: int = 50_000
    fixed_k: int | None = None


@dataclass(frozen=True)
class WebSegmentFit:
    profiles: pl.DataFrame  # one row per segment
    assignments: pl.DataFrame  # user_key, segment_id, probability
    card: ModelCard


def _block_tuples(blocks: tuple[FeatureBlock, ...]) -> tuple[tuple[int, int], ...]:
    return tuple((b.start, b.stop) for b in blocks)


def params_of(theta: np.ndarray, blocks: tuple[FeatureBlock, ...]) -> list[Params]:
    return [
        {b.name: {lv: float(row[b.start + j]) for j, lv in enumerate(b.levels)} for b in blocks}
        for row in theta
    ]


def log_theta_for(params: list[Params], blocks: tuple[FeatureBlock, ...]) -> np.ndarray:
    """Stored parameters as a (k, columns) log-probability matrix for these blocks; a level
    the fit did not know takes its "other" probability (or a small floor)."""
    width = blocks[-1].stop if blocks else 0
    out = np.zeros((len(params), width))
    for i, p in enumerate(params):
        for b in blocks:
            dist = p.get(b.name, {})
            floor = dist.get(OTHER, 1e-4)
            for j, lv in enumerate(b.levels):
                out[i, b.start + j] = np.log(max(dist.get(lv, floor), 1e-12))
    return out


def score_users(
    features: UserFeatures, params: list[Params], weights: list[float]
) -> tuple[np.ndarray, np.ndarray]:
    """Index of the most probable segment per user and its posterior probability (the model's
    blocks only; descriptive features do not vote)."""
    view = model_view(features)
    log_theta = log_theta_for(params, view.blocks)
    joint = view.counts.astype(np.float64) @ log_theta.T + np.log(np.asarray(weights))
    post = np.exp(joint - logsumexp(joint, axis=1, keepdims=True))
    return post.argmax(axis=1), post.max(axis=1)


def add_descriptive(params: list[Params], features: UserFeatures, labels: np.ndarray) -> None:
    """Each segment's distribution over the descriptive features, from its members."""
    described = select_blocks(features, DESCRIPTIVE_FEATURES)
    for i, p in enumerate(params):
        member = described.counts[labels == i]
        for b in described.blocks:
            total = member[:, b.start : b.stop].sum(axis=0) + 0.5
            p[b.name] = {lv: float(v) for lv, v in zip(b.levels, total / total.sum(), strict=True)}


def fit_web_segments(
    features: UserFeatures,
    municipality_code: str,
    window: tuple[dt.date | None, dt.date | None],
    config: SegmentConfig | None = None,
    previous: dict[int, Params] | None = None,
) -> WebSegmentFit:
    config = config or SegmentConfig()
    modelled = model_view(features)
    blocks = _block_tuples(modelled.blocks)
    fit_rows = features.n_sessions >= config.min_sessions
    x_fit = modelled.counts[fit_rows]
    if x_fit.shape[0] < config.k_min * config.threshold:
        raise ValueError(
            f"only {x_fit.shape[0]} users with >= {config.min_sessions} sessions: too few to "
            f"fit {config.k_min}+ segments of >= {config.threshold} users"
        )
    selection = None
    if config.fixed_k is not None:
        k = config.fixed_k
        model = LatentClassMixture(k, blocks, n_init=config.n_init, random_state=config.seed)
        model.fit(x_fit)
    else:
        selection = select_k(
            x_fit,
            blocks,
            (config.k_min, config.k_max),
            min_size=config.threshold,
            selection_sample=config.selection_sample,
            n_init=config.n_init,
            random_state=config.seed,
        )
        k, model = selection.k, selection.model
        if selection.sampled:  # refine the subsample's fit on every fitting user
            start = (model.weights_, model.log_theta_)
            model = LatentClassMixture(k, blocks, random_state=config.seed, warm_start=start)
            model.fit(x_fit)
    params = params_of(model.theta(), modelled.blocks)
    weights = [float(w) for w in model.weights_]
    labels, prob = score_users(features, params, weights)
    sizes = np.bincount(labels, minlength=k).tolist()
    add_descriptive(params, features, labels)
    ids, distances = match_ids(previous or {}, params, sizes)
    overall = overall_params(params, sizes)
    names = unique_names([segment_name(p, overall) for p in params], ids)
    total = max(sum(sizes), 1)
    profiles = pl.DataFrame(
        {
            "municipality_code": [municipality_code] * k,
            "segment_id": ids,
            "segment_name": names,
            "profile_ja": [
                segment_profile(p, overall, privacy.round_count(s), s / total)
                for p, s in zip(params, sizes, strict=True)
            ],
            "users": sizes,
            "users_rounded": [privacy.round_count(s) for s in sizes],
            "user_share": [s / total for s in sizes],
            "mixture_weight": weights,
            "mean_probability": [
                float(prob[labels == i].mean()) if sizes[i] else None for i in range(k)
            ],
            "parameters_json": [json.dumps(p, ensure_ascii=False, sort_keys=True) for p in params],
            "matched_distance": distances,
        },
        schema_overrides={"matched_distance": pl.Float64, "mean_probability": pl.Float64},
    ).sort("segment_id")
    profiles = privacy.suppress(
        profiles, "users", ["users_rounded", "user_share"], config.threshold
    ).with_columns(
        pl.when(pl.col("is_suppressed"))
        .then(None)
        .otherwise(pl.col("profile_ja"))
        .alias("profile_ja")
    )
    profiles = profiles.select([pl.col(c).cast(t) for c, t in PROFILE_SCHEMA.items()])
    id_of = np.asarray(ids)
    assignments = pl.DataFrame(
        {
            "user_key": features.user_keys,
            "segment_id": id_of[labels],
            "probability": prob,
            "n_sessions": features.n_sessions,
            "is_fitted": fit_rows,
        },
        schema=ASSIGNMENT_SCHEMA,
    )
    card = ModelCard(
        model_name=MODEL_NAME,
        method=METHOD,
        municipality_code=municipality_code,
        data_window_start=window[0],
        data_window_end=window[1],
        n_training_rows=int(x_fit.shape[0]),
        features=modelled.column_names(),
        parameters={
            "k": k,
            "k_range": [config.k_min, config.k_max],
            "k_criterion": "bic" if selection else "fixed",
            "min_sessions": config.min_sessions,
            "n_init": config.n_init,
            "alpha": model.alpha,
            "selection_sample": config.selection_sample,
            "suppression_threshold": config.threshold,
            "descriptive_only": list(DESCRIPTIVE_FEATURES),
        },
        metrics={
            "mean_log_likelihood": float(model.lower_bound_),
            "bic": model.bic(x_fit),
            "em_iterations": int(model.n_iter_),
            "k_candidates": [
                {"k": c.k, "bic": c.bic, "smallest_segment": c.smallest_segment}
                for c in (selection.candidates if selection else ())
            ],
            "mean_assignment_probability": float(prob.mean()),
            "users_scored": features.n_users,
            "segments_matched_to_previous": sum(d is not None for d in distances),
        },
        random_seed=config.seed,
        notes="Every user is scored; fitted on users with >= min_sessions sessions.",
    )
    return WebSegmentFit(profiles, assignments, card)


def previous_params(profiles: pl.DataFrame) -> dict[int, Params]:
    """The stored parameters of a previous fit, by segment id."""
    return {
        int(i): json.loads(p)
        for i, p in profiles.select("segment_id", "parameters_json").iter_rows()
        if p is not None
    }
