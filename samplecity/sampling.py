"""Vectorised sampling helpers and per-purpose random streams."""

from __future__ import annotations

import numpy as np

# Named sub-streams: the same seed always gives the same draws for the same purpose, whatever
# else changes (adding a draw to one stream does not shift the others).
STREAMS = {
    "segments": 1,
    "city": 2,
    "season": 3,
    "campaigns": 4,
    "ads": 5,
    "eapps": 6,
    "users": 7,
    "sessions": 8,
    "cpc": 9,
    "day": 10,
}


def stream(seed: int, name: str, *extra: int) -> np.random.Generator:
    return np.random.default_rng([seed, STREAMS[name], *extra])


def grouped_choice(rng: np.random.Generator, probs: np.ndarray, group: np.ndarray) -> np.ndarray:
    """For each element, draw an index in [0, K) from row `group[i]` of probs (G x K).

    Rows need not be normalised; a row of zeros is not allowed for a group that is drawn.
    """
    probs = np.asarray(probs, dtype=float)
    n_groups, k = probs.shape
    cdf = np.cumsum(probs, axis=1)
    cdf = cdf / cdf[:, -1:]
    flat = (cdf + np.arange(n_groups)[:, None]).ravel()
    u = rng.random(len(group))
    pos = np.searchsorted(flat, group + np.minimum(u, 1 - 1e-12), side="right")
    return (pos - group * k).clip(0, k - 1)


def inverse_cdf_days(rng: np.random.Generator, cdf: np.ndarray, lo: np.ndarray) -> np.ndarray:
    """One day index per element of `lo`, drawn from a cumulative distribution (ending at 1)
    conditioned on cdf[day] > lo; len(cdf) where nothing is left above lo."""
    u = lo + rng.random(len(lo)) * (1.0 - lo)
    return np.searchsorted(cdf, u, side="right")
