"""Benchmark: web audience segmentation of N synthetic users (default 1 million).

Synthetic users belong to 7 planted segments with their own distributions over topics,
dayparts, channels, device, browser language, page language and region; sessions per user
are geometric (mean ~5). The long activity table (what int_ml_web_user_activity holds) goes
through the same code as the dbt models: build_user_features → fit_web_segments (k by BIC on
a 50,000-user subsample in [3, 10], final fit on users with >= 2 sessions, every user scored).

Prints one row: users, k, seconds per stage, total seconds, peak RSS, ARI (users >= 5 sessions).

    .venv/bin/python bench/ml_segmentation.py [--users 1000000] [--seed 0]
"""

from __future__ import annotations

import argparse
import datetime as dt
import resource
import sys
import time
from pathlib import Path

import numpy as np
import polars as pl
from sklearn.metrics import adjusted_rand_score

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ml.features import build_user_features  # noqa: E402
from ml.web_segments import SegmentConfig, fit_web_segments  # noqa: E402

FEATURES = {  # feature: (levels, per session)
    "topic": (10, True),
    "daypart": (14, True),
    "channel": (9, True),
    "device": (3, False),
    "device_language": (6, False),
    "page_language": (3, False),
    "region": (2, False),
}
K = 7
WINDOW_END = dt.date(2026, 3, 31)


def synthetic(n: int, seed: int) -> tuple[pl.DataFrame, pl.DataFrame, np.ndarray]:
    rng = np.random.default_rng(seed)
    segment = rng.choice(K, size=n, p=rng.dirichlet(np.full(K, 8.0)))
    sessions = np.minimum(rng.geometric(0.2, n), 200)
    keys = np.char.add("u", np.arange(n).astype(str))
    parts = []
    for name, (levels, per_session) in FEATURES.items():
        profiles = rng.dirichlet(np.full(levels, 0.6), size=K)
        counts = np.zeros((n, levels), dtype=np.int64)
        for g in range(K):
            rows = np.flatnonzero(segment == g)
            if per_session:
                counts[rows] = rng.multinomial(sessions[rows], profiles[g])
            else:
                counts[rows, rng.choice(levels, size=len(rows), p=profiles[g])] = sessions[rows]
        r, c = np.nonzero(counts)
        parts.append(
            pl.DataFrame(
                {
                    "user_key": keys[r],
                    "feature": np.full(len(r), name),
                    "level": np.char.add("l", c.astype(str)),
                    "n": counts[r, c],
                }
            )
        )
    last = np.array([WINDOW_END], dtype="datetime64[D]") - rng.integers(0, 365, n)
    users = pl.DataFrame(
        {
            "user_key": keys,
            "n_sessions": sessions,
            "first_session_number": rng.integers(1, 3, n),
            "last_session_date": last,
        }
    )
    return pl.concat(parts), users, segment


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    t0 = time.perf_counter()
    activity, users, planted = synthetic(args.users, args.seed)
    t1 = time.perf_counter()
    features = build_user_features(activity, users, WINDOW_END)
    del activity
    t2 = time.perf_counter()
    fit = fit_web_segments(features, "990019", (None, WINDOW_END), SegmentConfig(seed=args.seed))
    t3 = time.perf_counter()
    order = np.argsort(users["user_key"].to_numpy())  # features are sorted by user_key
    many = features.n_sessions >= 5
    ari = adjusted_rand_score(planted[order][many], fit.assignments["segment_id"].to_numpy()[many])
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        "users,k,generate_s,features_s,fit_and_score_s,total_s,peak_rss_mb,ari_5plus\n"
        f"{args.users},{fit.card.parameters['k']},{t1 - t0:.1f},{t2 - t1:.1f},{t3 - t2:.1f},"
        f"{t3 - t1:.1f},{peak_mb:.0f},{ari:.3f}"
    )


if __name__ == "__main__":
    main()
