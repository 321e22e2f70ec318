"""Issue 6 acceptance: on sample cities from several seeds, the real pipeline (sample → run in
an empty CIVICPULSE_HOME) followed by `civicpulse ml evaluate` recovers the planted segments
(ARI ≥ 0.8 over ALL users, per seed), the planted campaign effects (interval coverage ≥ 90 %,
placebo false positives ≤ 10 %) and the planted A/B effects (coverage ≥ 90 %, false positives
on planted nulls ≤ 10 %), pooled over the seeds: a city has only 2–3 placebo campaigns, so one
seed alone cannot measure a 10 % rate.

Beside the fitted ARI, each seed's "Bayes ceiling" is printed: a classifier trained on the
planted labels with the same features (ml.evaluation.label_ceiling), read from the working
warehouse after the run.

The seeds' pipelines run side by side (one process each).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import numpy as np
import pytest

from ml.evaluation import label_ceiling, planted_by_key
from ml.features import build_user_features, model_view

pytestmark = pytest.mark.e2e
SEEDS = (1, 2, 3)
SCALE = "0.003"
CLI = [sys.executable, "-m", "civicpulse.cli"]
ML_CLI = [sys.executable, "-m", "civicpulse.ml_cli"]


def _env(home: Path) -> dict[str, str]:
    env = {**os.environ, "CIVICPULSE_HOME": str(home)}
    env.pop("CIVICPULSE_MUNICIPALITY_CODE", None)
    env.pop("CIVICPULSE_PSEUDONYM_KEY", None)
    return env


def _run_all(commands: list[tuple[list[str], Path]]) -> list[str]:
    """Run the commands concurrently; fail with their output if any fails."""
    procs = [
        subprocess.Popen(
            cmd, env=_env(home), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for cmd, home in commands
    ]
    outputs = []
    for (cmd, _), proc in zip(commands, procs, strict=True):
        out, err = proc.communicate(timeout=2400)  # three cities side by side on 2 cores
        if proc.returncode != 0:
            raise AssertionError(f"{' '.join(cmd[2:])} failed:\n{out}\n{err[-4000:]}")
        outputs.append(out)
    return outputs


@pytest.fixture(scope="module")
def homes(tmp_path_factory: pytest.TempPathFactory) -> dict[int, Path]:
    """One home per seed, each with a fixed pseudonym key: the fit visits users in the order of
    their keyed hashes, so a random key per run made k (chosen by BIC) vary from run to run."""
    homes = {seed: tmp_path_factory.mktemp(f"seed{seed}") / "home" for seed in SEEDS}
    for seed, home in homes.items():
        secret = home / "secrets" / "pseudonym.key"
        secret.parent.mkdir(parents=True, mode=0o700)
        secret.write_text(f"acceptance-key-seed-{seed}")
        secret.chmod(0o600)
    return homes


@pytest.fixture(scope="module")
def evaluations(homes: dict[int, Path]) -> dict[int, dict[str, object]]:
    _run_all(
        [
            ([*CLI, "sample", "--seed", str(s), "--scale", SCALE, "--out", str(h / "inbox")], h)
            for s, h in homes.items()
        ]
    )
    _run_all([([*CLI, "run"], h) for h in homes.values()])
    outputs = _run_all(
        [
            ([*ML_CLI, "evaluate", "--ground-truth", str(h / "ground_truth.json")], h)
            for h in homes.values()
        ]
    )
    results = {seed: json.loads(out) for seed, out in zip(homes, outputs, strict=True)}
    for seed, r in results.items():  # shown with `pytest -s` (and in failure reports)
        r["ceiling"] = _ceiling(homes[seed])
        by = r["segments"]["ari_by_min_sessions"]
        ab = r["ab_tests"]
        print(
            f"seed {seed}: ARI(all users) {r['adjusted_rand_index']:.3f}, "
            f"ARI(>=5 sessions) {by['5']['ari']:.3f}, "
            f"Bayes ceiling {r['ceiling']['ceiling_ari_all_users']:.3f}, "
            f"coverage {r['lift_coverage']:.2f} of {r['lift']['planted_campaigns']}, "
            f"placebo FP {r['placebo_false_positive_rate']:.2f} of "
            f"{r['lift']['placebo_campaigns']}, "
            f"A/B coverage {ab['ab_coverage']:.2f} of {ab['ab_planted_effects']}, "
            f"A/B FP {ab['ab_false_positive_rate']:.2f} of {ab['ab_planted_nulls']}"
        )
    return results


def _ceiling(home: Path) -> dict[str, object]:
    """Naive Bayes on the planted labels over the model's own features (working warehouse)."""
    truth = json.loads((home / "ground_truth.json").read_text(encoding="utf-8"))
    key = (home / "secrets" / "pseudonym.key").read_text(encoding="utf-8").strip()
    con = duckdb.connect(str(home / "warehouse.duckdb"), read_only=True)
    try:
        activity = con.sql("select * from intermediate.int_ml_web_user_activity").pl()
        users = con.sql("select * from intermediate.int_ml_web_users").pl()
    finally:
        con.close()
    features = model_view(build_user_features(activity, users, users["last_session_date"].max()))
    planted = planted_by_key(truth["user_segments"], set(features.user_keys), key)
    labels = np.array([planted[k] for k in features.user_keys])
    blocks = tuple((b.start, b.stop) for b in features.blocks)
    return label_ceiling(features.counts, blocks, labels, features.n_sessions)


def test_segments_recover_the_planted_audiences(evaluations: dict[int, dict]) -> None:
    for seed, result in evaluations.items():
        segments = result["segments"]
        assert segments["ari_min_sessions"] == 1  # the headline is over all users
        assert segments["users_matched"] == segments["users_planted"]
        assert result["adjusted_rand_index"] >= 0.8, (seed, segments)
        assert segments["ari_by_min_sessions"]["5"]["ari"] >= 0.8, (seed, segments)
        # k is chosen by BIC, not told: one segment more or fewer than planted is allowed (seed 2
        # splits one planted audience in two, at ARI 0.85); the ARI above judges the partition.
        assert abs(segments["fitted_segments"] - segments["planted_segments"]) <= 1, (
            seed,
            segments,
        )
        # the fit is close to what the planted labels themselves allow
        ceiling = result["ceiling"]["ceiling_ari_all_users"]
        assert result["adjusted_rand_index"] >= ceiling - 0.05, (seed, ceiling)


def test_ab_intervals_cover_planted_effects(evaluations: dict[int, dict]) -> None:
    items = [c for r in evaluations.values() for c in r["ab_tests"]["comparisons"]]
    real = [c for c in items if "covered" in c]
    nulls = [c for c in items if "covered" not in c]
    assert len(real) >= 30 and len(nulls) >= 30
    assert sum(c["covered"] for c in real) / len(real) >= 0.9, real
    assert sum(bool(c["is_significant"]) for c in nulls) / len(nulls) <= 0.1, nulls
    for result in evaluations.values():
        assert result["ab_coverage"] is not None and result["ab_false_positive_rate"] is not None


def test_lift_intervals_cover_planted_effects(evaluations: dict[int, dict]) -> None:
    planted = [c for r in evaluations.values() for c in r["lift"]["campaigns"] if "covered" in c]
    assert len(planted) >= 8
    coverage = sum(c["covered"] for c in planted) / len(planted)
    assert coverage >= 0.9, planted


def test_placebo_campaigns_are_rarely_flagged(evaluations: dict[int, dict]) -> None:
    placebos = [
        c for r in evaluations.values() for c in r["lift"]["campaigns"] if "covered" not in c
    ]
    assert len(placebos) >= 4
    rate = sum(bool(c["is_significant"]) for c in placebos) / len(placebos)
    assert rate <= 0.1, placebos


def test_evaluate_prints_the_three_headline_numbers(evaluations: dict[int, dict]) -> None:
    for result in evaluations.values():
        for key in ("adjusted_rand_index", "lift_coverage", "placebo_false_positive_rate"):
            assert key in result
        assert "ARI" in result["definitions"] or "adjusted" in result["definitions"]


def test_plan_ranks_channels_for_a_survey_segment_and_an_age_area_cell(
    evaluations: dict[int, dict], homes: dict[int, Path]
) -> None:
    home = homes[SEEDS[0]]
    args = ["--budget", "300000", "--start", "2026-05-01", "--end", "2026-05-31", "--json"]
    for target in ("survey:1", "web:1", "age=70-79|80+"):
        done = subprocess.run(
            [*ML_CLI, "plan", "--target", target, *args],
            env=_env(home),
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, done.stderr
        plan = json.loads(done.stdout)
        assert 0 < plan["total_spend_jpy"] <= 300_000
        assert 0 < plan["total_reach"] <= plan["audience_size"]
        assert plan["channels"] and plan["assumptions"] and plan["timing"]
    refused = subprocess.run(
        [*ML_CLI, "plan", "--target", "age=20-29,area=存在しない町", *args],
        env=_env(home),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert refused.returncode != 0 and "fewer than 10" in refused.stderr
