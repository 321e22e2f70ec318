"""Features, the latent-class model, k selection, stable ids and Japanese names."""

from __future__ import annotations

import json

import numpy as np
import polars as pl
import pytest
from sklearn.metrics import adjusted_rand_score

from ml.features import (
    FREQUENCY_BINS,
    OTHER,
    bin_label,
    build_user_features,
    model_view,
)
from ml.segment_ids import hellinger_distance, initial_ids, match_ids
from ml.segment_naming import overall_params, segment_name, unique_names
from ml.segments import LatentClassMixture, select_k
from ml.web_segments import SegmentConfig, fit_web_segments, previous_params, score_users
from tests.ml.synthetic import WINDOW_END, web_activity


@pytest.fixture(scope="module")
def data() -> tuple[pl.DataFrame, pl.DataFrame, dict[str, str]]:
    return web_activity()


def test_user_features_count_sessions_and_reduce_user_attributes(data) -> None:
    activity, users, _ = data
    f = build_user_features(activity, users, WINDOW_END)
    assert f.user_keys == sorted(f.user_keys)
    device = f.block("device")
    # a user-level feature is counted once: its dominant level
    assert np.all(f.counts[:, device.start : device.stop].sum(axis=1) == 1)
    topic = f.block("topic")
    assert topic.per_session and not device.per_session
    assert np.allclose(f.counts[:, topic.start : topic.stop].sum(axis=1) >= f.n_sessions, True)
    assert {b.name for b in f.blocks} >= {"topic", "daypart", "returning", "frequency", "recency"}
    assert "frequency" not in {b.name for b in model_view(f).blocks}


def test_integer_ranks_for_keys_give_the_same_features(data) -> None:
    """What the dbt models hand over (warehouse.dbt_python.city_user_frames): each key as its
    rank, in the keys' order. Counts, blocks and user order must be those of the keys."""
    activity, users, _ = data
    by_key = build_user_features(activity, users, WINDOW_END)
    keys = sorted(users["user_key"].to_list())
    rank = pl.DataFrame({"user_key": keys, "rank": range(len(keys))})

    def ranked(frame: pl.DataFrame) -> pl.DataFrame:
        return frame.join(rank, on="user_key").drop("user_key").rename({"rank": "user_key"})

    by_rank = build_user_features(ranked(activity), ranked(users), WINDOW_END)
    assert [keys[r] for r in by_rank.user_keys] == by_key.user_keys
    assert by_rank.blocks == by_key.blocks
    assert np.array_equal(by_rank.counts, by_key.counts)
    assert np.array_equal(by_rank.n_sessions, by_key.n_sessions)


def test_rare_levels_are_pooled_into_other() -> None:
    activity = pl.DataFrame(
        {
            "user_key": [f"u{i}" for i in range(25)],
            "feature": ["device_language"] * 25,
            "level": ["ja"] * 20 + ["pt"] * 3 + ["ne"] * 2,
            "n": [1] * 25,
        }
    )
    users = pl.DataFrame(
        {
            "user_key": [f"u{i}" for i in range(25)],
            "n_sessions": [1] * 25,
            "first_session_number": [1] * 25,
            "last_session_date": [WINDOW_END] * 25,
        }
    )
    f = build_user_features(activity, users, WINDOW_END, min_users=10)
    assert f.block("device_language").levels == ("ja", OTHER)


def test_bins() -> None:
    assert bin_label(1, FREQUENCY_BINS) == "1"
    assert bin_label(4, FREQUENCY_BINS) == "3-4"
    assert bin_label(1000, FREQUENCY_BINS) == "17+"


def test_latent_class_mixture_recovers_planted_groups(data) -> None:
    activity, users, truth = data
    f = model_view(build_user_features(activity, users, WINDOW_END))
    blocks = tuple((b.start, b.stop) for b in f.blocks)
    model = LatentClassMixture(3, blocks, n_init=2, random_state=0).fit(f.counts)
    y = [truth[k] for k in f.user_keys]
    assert adjusted_rand_score(y, model.labels_) > 0.95
    proba = model.predict_proba(f.counts)
    assert np.allclose(proba.sum(axis=1), 1.0)
    # same seed, same fit
    again = LatentClassMixture(3, blocks, n_init=2, random_state=0).fit(f.counts)
    assert np.array_equal(again.labels_, model.labels_)
    assert model.bic(f.counts) < LatentClassMixture(1, blocks).fit(f.counts).bic(f.counts)


def test_select_k_by_bic_finds_three(data) -> None:
    activity, users, _ = data
    f = model_view(build_user_features(activity, users, WINDOW_END))
    blocks = tuple((b.start, b.stop) for b in f.blocks)
    chosen = select_k(f.counts, blocks, (2, 5), n_init=2)
    assert chosen.k == 3
    assert chosen.criterion == "bic" and len(chosen.candidates) == 4


def test_sample_weights_shift_the_mixture_weights(data) -> None:
    activity, users, truth = data
    f = model_view(build_user_features(activity, users, WINDOW_END))
    blocks = tuple((b.start, b.stop) for b in f.blocks)
    w = np.array([5.0 if truth[k] == "tourist" else 1.0 for k in f.user_keys])
    model = LatentClassMixture(3, blocks, n_init=2).fit(f.counts, sample_weight=w)
    assert model.weights_.max() == pytest.approx(5 / 7, abs=0.02)


def test_ids_follow_the_segments_across_refits(data) -> None:
    activity, users, _ = data
    f = build_user_features(activity, users, WINDOW_END)
    first = fit_web_segments(f, "990019", (None, WINDOW_END), SegmentConfig(fixed_k=3, seed=0))
    second = fit_web_segments(
        f,
        "990019",
        (None, WINDOW_END),
        SegmentConfig(fixed_k=3, seed=11),
        previous=previous_params(first.profiles),
    )
    a = first.assignments.select("user_key", "segment_id")
    b = second.assignments.select("user_key", pl.col("segment_id").alias("again"))
    joined = a.join(b, on="user_key")
    assert (joined["segment_id"] == joined["again"]).mean() > 0.98
    assert second.profiles["matched_distance"].null_count() == 0


def test_fit_outputs_names_profiles_cards_and_no_small_segments(data) -> None:
    activity, users, truth = data
    f = build_user_features(activity, users, WINDOW_END)
    fit = fit_web_segments(f, "990019", (None, WINDOW_END), SegmentConfig(k_min=2, k_max=4))
    assert fit.profiles.height == 3
    assert fit.profiles["users"].min() >= 10
    names = fit.profiles["segment_name"].to_list()
    assert len(set(names)) == 3 and all(n.endswith("層") for n in names)
    assert any("観光" in n and "市外から" in n for n in names)
    assert any("税" in n and "PC中心" in n for n in names)
    assert all("推定ユーザー数" in p for p in fit.profiles["profile_ja"].to_list())
    card = fit.card
    assert card.parameters["k"] == 3 and card.parameters["k_criterion"] == "bic"
    assert card.model_version == fit.card.model_version
    # scoring with the stored parameters gives the fit's own assignment
    params = [json.loads(p) for p in fit.profiles["parameters_json"].to_list()]
    index, _ = score_users(f, params, fit.profiles["mixture_weight"].to_list())
    ids = fit.profiles["segment_id"].to_numpy()[index]
    assert np.array_equal(ids, fit.assignments["segment_id"].to_numpy())


def test_match_ids_hungarian_and_new_ids() -> None:
    a = {"topic": {"x": 0.9, "y": 0.1}}
    b = {"topic": {"x": 0.1, "y": 0.9}}
    c = {"topic": {"z": 1.0}}
    assert hellinger_distance(a, a) == pytest.approx(0.0)
    assert hellinger_distance(a, c) == pytest.approx(1.0)
    ids, dist = match_ids({4: a, 9: b}, [b, c, a], sizes=[10, 50, 20])
    assert ids == [9, 10, 4]
    assert dist[1] is None
    assert initial_ids([5, 30, 10]) == [3, 1, 2]


def test_names_are_unique() -> None:
    assert unique_names(["A層", "A層", "B層"], [1, 2, 3]) == ["A層（1）", "A層（2）", "B層"]


def test_name_mentions_foreign_language_trait() -> None:
    foreign = {"topic": {"住民票": 0.6, "観光": 0.4}, "device_language": {"ja": 0.1, "en": 0.9}}
    local = {"topic": {"住民票": 0.2, "観光": 0.8}, "device_language": {"ja": 1.0, "en": 0.0}}
    overall = overall_params([foreign, local], [100, 900])
    assert segment_name(foreign, overall).startswith("住民票関心・外国語ブラウザ")
