"""User-level features for web audience segments, as count blocks for a latent-class model.

Input (built in SQL by models/ml/int_ml_web_user_activity.sql and int_ml_web_users.sql):

- `activity`: one row per (user_key, feature, level) with `n` = sessions showing that level.
  Features observed once per session (SESSION_FEATURES) keep their counts: every session is a
  fresh draw from the user's habits. Features that describe the user rather than a session
  (USER_FEATURES: device, browser language, page language, region) are reduced to the user's
  dominant level and counted once, so a consistent attribute does not outvote the rest.
- `users`: one row per user_key with n_sessions, first_session_number (GA4's
  ga_session_number of the first session in the window: > 1 means the user had visited before)
  and last_session_date; `window_end` is the last day of the data window.

Output: a `UserFeatures` with a float32 count matrix whose columns are grouped in blocks (one
block per feature, one column per level). Rare levels (seen by fewer than `min_users` users)
are pooled into "other", so no level describes fewer users than the suppression threshold.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import polars as pl

SESSION_FEATURES: tuple[str, ...] = ("topic", "daypart", "channel")
USER_FEATURES: tuple[str, ...] = ("device", "device_language", "page_language", "region")
DERIVED_FEATURES: tuple[str, ...] = ("returning", "frequency", "recency")
OTHER = "other"

FREQUENCY_BINS: tuple[tuple[int, str], ...] = (
    (1, "1"),
    (2, "2"),
    (4, "3-4"),
    (8, "5-8"),
    (16, "9-16"),
    (10**9, "17+"),
)
RECENCY_BINS: tuple[tuple[int, str], ...] = (
    (30, "0-30d"),
    (90, "31-90d"),
    (180, "91-180d"),
    (10**9, "181d+"),
)


@dataclass(frozen=True)
class FeatureBlock:
    """One feature's columns in the count matrix: [start, stop)."""

    name: str
    levels: tuple[str, ...]
    start: int
    per_session: bool

    @property
    def stop(self) -> int:
        return self.start + len(self.levels)


@dataclass(frozen=True)
class UserFeatures:
    user_keys: list[str]  # or the integers standing for them (build_user_features)
    counts: np.ndarray  # (n_users, n_columns) float32
    blocks: tuple[FeatureBlock, ...]
    n_sessions: np.ndarray  # (n_users,) int64

    @property
    def n_users(self) -> int:
        return len(self.user_keys)

    def column_names(self) -> list[str]:
        return [f"{b.name}:{lv}" for b in self.blocks for lv in b.levels]

    def block(self, name: str) -> FeatureBlock:
        return next(b for b in self.blocks if b.name == name)


def bin_label(value: int, bins: tuple[tuple[int, str], ...]) -> str:
    """The label of the first bin whose upper bound is >= value."""
    return next(label for upper, label in bins if value <= upper)


def derived_levels(users: pl.DataFrame, window_end: dt.date) -> pl.DataFrame:
    """Long rows (_row, feature, level, n=1) for returning / frequency / recency; `users` has
    `_row`, the user's row in the count matrix."""
    freq = [bin_label(int(v), FREQUENCY_BINS) for v in users["n_sessions"].to_list()]
    rec = [
        bin_label(max((window_end - d).days, 0), RECENCY_BINS)
        for d in users["last_session_date"].to_list()
    ]
    ret = ["yes" if int(v) > 1 else "no" for v in users["first_session_number"].to_list()]
    rows = users["_row"]
    n = len(rows)
    return pl.DataFrame(
        {
            "_row": pl.concat([rows, rows, rows]),
            "feature": ["returning"] * n + ["frequency"] * n + ["recency"] * n,
            "level": ret + freq + rec,
            "n": [1] * (3 * n),
        },
        schema=_LONG,
    )


# The long rows the blocks are counted from. The user is its row in the count matrix, not its
# key, and feature and level are categorical (they sort as text): at 1x the activity is 14.6 M
# rows, and carrying a 64-character keyed hash and two strings through every step below took
# this function to a 6.5 GB peak, 4.2 GB with these types (same counts, bench/RESULTS.md).
_LONG = {"_row": pl.UInt32, "feature": pl.Categorical, "level": pl.Categorical, "n": pl.Int64}


def _dominant(activity: pl.DataFrame) -> pl.DataFrame:
    """Per user and user-level feature, the level seen in most sessions (ties: by name)."""
    return (
        activity.sort(["_row", "feature", "n", "level"], descending=[False, False, True, False])
        .group_by(["_row", "feature"], maintain_order=True)
        .first()
        .with_columns(pl.lit(1, pl.Int64).alias("n"))
    )


def _kept_levels(long: pl.DataFrame, min_users: int, max_levels: int) -> dict[str, list[str]]:
    """Levels kept per feature: seen by >= min_users users, at most max_levels, by users."""
    users = long.group_by(["feature", "level"]).agg(pl.col("_row").n_unique().alias("u"))
    kept: dict[str, list[str]] = {}
    for feature, frame in users.sort(["u", "level"], descending=[True, False]).group_by(
        "feature", maintain_order=True
    ):
        name = str(feature[0])
        levels = [lv for lv, u in frame.select("level", "u").iter_rows() if u >= min_users]
        kept[name] = sorted(levels[:max_levels])
    return kept


def build_user_features(
    activity: pl.DataFrame,
    users: pl.DataFrame,
    window_end: dt.date,
    *,
    min_users: int = 10,
    max_levels: int = 16,
) -> UserFeatures:
    """Count blocks per user; users are ordered by user_key (deterministic).

    user_key is text, or an integer standing for it (e.g. the key's rank, which sorts the same
    and takes a fraction of the memory): the same type in both frames.
    """
    key_type = pl.Int64 if users.schema["user_key"].is_integer() else pl.String
    users = (
        users.with_columns(pl.col("user_key").cast(key_type))
        .sort("user_key")
        .with_row_index("_row")
    )
    rows_of = users.select("user_key", "_row")
    activity = activity.select(
        pl.col("user_key").cast(key_type),
        pl.col("feature").cast(pl.String).cast(pl.Categorical),
        pl.col("level").cast(pl.String).fill_null(OTHER),
        pl.col("n").cast(pl.Int64),
    )
    # Each user's key becomes its row once; a user absent from `users` has no row.
    activity = activity.join(rows_of, on="user_key", how="inner").select(*_LONG).cast(_LONG)
    per_session = activity.filter(pl.col("feature").is_in(list(SESSION_FEATURES)))
    per_user = _dominant(activity.filter(pl.col("feature").is_in(list(USER_FEATURES))))
    del activity
    long = pl.concat([per_session, per_user, derived_levels(users, window_end)])
    del per_session, per_user
    kept = _kept_levels(long, min_users, max_levels)
    order = [f for f in (*SESSION_FEATURES, *USER_FEATURES, *DERIVED_FEATURES) if f in kept]
    blocks: list[FeatureBlock] = []
    start = 0
    for name in order:
        levels = kept[name]
        has_rare = long.filter((pl.col("feature") == name) & ~pl.col("level").is_in(levels)).height
        full = tuple(levels + ([OTHER] if has_rare and OTHER not in levels else []))
        blocks.append(FeatureBlock(name, full, start, name in SESSION_FEATURES))
        start += len(full)
    col_of = {(b.name, lv): b.start + j for b in blocks for j, lv in enumerate(b.levels)}
    counts = np.zeros((users.height, start), dtype=np.float32)
    for block in blocks:
        part = long.filter(pl.col("feature") == block.name).with_columns(
            pl.when(pl.col("level").is_in(list(block.levels)))
            .then(pl.col("level"))
            .otherwise(pl.lit(OTHER))
            .alias("level")
        )
        rows = part["_row"].to_numpy()
        level_col = {lv: col_of[(block.name, lv)] for lv in block.levels}
        cols = part["level"].cast(pl.String).replace_strict(level_col, return_dtype=pl.Int64)
        cols = cols.to_numpy()
        np.add.at(counts, (rows, cols), part["n"].to_numpy().astype(np.float32))
    n_sessions = users["n_sessions"].to_numpy().astype(np.int64)
    return UserFeatures(users["user_key"].to_list(), counts, tuple(blocks), n_sessions)


def align_features(features: UserFeatures, blocks: tuple[FeatureBlock, ...]) -> np.ndarray:
    """The count matrix re-indexed to another fit's blocks (levels it lacks go to "other", or
    are dropped when that fit has no "other" level)."""
    width = blocks[-1].stop if blocks else 0
    out = np.zeros((features.n_users, width), dtype=np.float32)
    mine = {b.name: b for b in features.blocks}
    for target in blocks:
        source = mine.get(target.name)
        if source is None:
            continue
        for j, level in enumerate(source.levels):
            if level in target.levels:
                dest = target.start + target.levels.index(level)
            elif OTHER in target.levels:
                dest = target.start + target.levels.index(OTHER)
            else:
                continue
            out[:, dest] += features.counts[:, source.start + j]
    return out


# Described per segment but not modelled: visit counts are heavy-tailed inside every audience
# (a few users visit weekly), so a likelihood over them splits segments by activity level
# instead of by who the users are. The same holds for the user's lifecycle in the window
# (returning or new, days since the last visit): it varies inside every audience and, modelled,
# split one audience into its new and its returning users (sample cities, seeds 1 and 5: k = 8
# and 9 instead of 7). They are summarised from the assignments instead.
DESCRIPTIVE_FEATURES: tuple[str, ...] = ("frequency", "returning", "recency")


def select_blocks(features: UserFeatures, names: tuple[str, ...]) -> UserFeatures:
    """The same users with only the named blocks (columns re-based)."""
    keep = [b for b in features.blocks if b.name in names]
    columns = [np.arange(b.start, b.stop) for b in keep]
    counts = features.counts[:, np.concatenate(columns)] if columns else features.counts[:, :0]
    blocks: list[FeatureBlock] = []
    start = 0
    for b in keep:
        blocks.append(FeatureBlock(b.name, b.levels, start, b.per_session))
        start += len(b.levels)
    return UserFeatures(features.user_keys, counts, tuple(blocks), features.n_sessions)


def model_view(features: UserFeatures) -> UserFeatures:
    """The blocks the segment model uses (all but DESCRIPTIVE_FEATURES)."""
    names = tuple(b.name for b in features.blocks if b.name not in DESCRIPTIVE_FEATURES)
    return select_blocks(features, names)
