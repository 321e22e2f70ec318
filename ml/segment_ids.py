"""Stable segment ids across retrains: match the new fit's segments to the previous fit's by
their parameters (the "centroids": each segment's distribution over every feature's levels)
with the Hungarian algorithm on the Hellinger distance.

Parameters travel as plain dicts {feature: {level: probability}} (stored as JSON in the
warehouse), so fits with different level sets still compare: a level one fit lacks counts as
probability 0 there.
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import linear_sum_assignment

Params = dict[str, dict[str, float]]

# Two fits' segments are "the same" when their mean squared Hellinger distance over features
# is below this (0 = identical, 1 = disjoint supports on every feature).
MAX_MATCH_DISTANCE = 0.25


def hellinger_distance(a: Params, b: Params) -> float:
    """Mean over the features both have of the squared Hellinger distance."""
    features = sorted(set(a) & set(b))
    if not features:
        return 1.0
    total = 0.0
    for feature in features:
        pa, pb = a[feature], b[feature]
        levels = set(pa) | set(pb)
        bc = sum(np.sqrt(max(pa.get(lv, 0.0), 0.0) * max(pb.get(lv, 0.0), 0.0)) for lv in levels)
        total += max(1.0 - bc, 0.0)
    return total / len(features)


def distance_matrix(previous: list[Params], current: list[Params]) -> np.ndarray:
    return np.array([[hellinger_distance(p, c) for c in current] for p in previous])


def initial_ids(sizes: list[int]) -> list[int]:
    """First fit: ids 1..k by decreasing size (ties by position)."""
    order = sorted(range(len(sizes)), key=lambda i: (-sizes[i], i))
    ids = [0] * len(sizes)
    for rank, i in enumerate(order, start=1):
        ids[i] = rank
    return ids


def match_ids(
    previous: dict[int, Params],
    current: list[Params],
    sizes: list[int],
    max_distance: float = MAX_MATCH_DISTANCE,
) -> tuple[list[int], list[float | None]]:
    """Ids for the current segments and each one's distance to the segment it inherited from.

    Matched pairs (Hungarian, minimum total distance) within max_distance keep the previous
    id; the others get new ids above every id used before, by decreasing size.
    """
    if not previous:
        return initial_ids(sizes), [None] * len(current)
    prev_ids = sorted(previous)
    cost = distance_matrix([previous[i] for i in prev_ids], current)
    rows, cols = linear_sum_assignment(cost)
    ids: list[int | None] = [None] * len(current)
    dist: list[float | None] = [None] * len(current)
    for r, c in zip(rows, cols, strict=True):
        if cost[r, c] <= max_distance:
            ids[c] = prev_ids[r]
            dist[c] = float(cost[r, c])
    next_id = max(prev_ids) + 1
    for i in sorted((i for i in range(len(current)) if ids[i] is None), key=lambda i: -sizes[i]):
        ids[i] = next_id
        next_id += 1
    return [int(i) for i in ids if i is not None], dist
