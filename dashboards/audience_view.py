"""What the audience page shows about segments, channel reach and timing (pure).

Segment names and profiles are generated in Japanese by the ML models (ml/segment_naming.py)
and are shown as they are in both languages. Counts of people (users, respondents, residents,
reached people, sessions) below the suppression threshold are never shown: tables print
``<N``, heat maps leave the cell blank and write ``<N`` in it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import polars as pl

from dashboards import tables
from dashboards.formatting import fmt_int, fmt_pct
from dashboards.i18n import t
from dashboards.suppression import Suppressed, is_small
from dashboards.tables import DATE, INT, NUMBER, PCT, TEXT, Column, TableData

WEB_KEY, SURVEY_KEY, CARDS_KEY = "aud-web", "aud-survey", "aud-cards"
CHARTS: tuple[tuple[str, str], ...] = (
    ("aud-reach", "audience.reach.title"),
    ("aud-timing", "audience.timing.title"),
)
SOURCES = ("web", "survey")
HOURS = tuple(range(24))
# Sequential, perceptually uniform and designed for colour-vision deficiencies (cividis);
# every cell also carries its value as text.
HEAT_SCALE = "Cividis"


@dataclass(frozen=True)
class AudienceData:
    web: pl.DataFrame  # audience_queries.web_segments
    survey: pl.DataFrame | None  # audience_queries.survey_segments (None: not published)
    reach: pl.DataFrame  # audience_queries.reach
    cards: pl.DataFrame | None  # audience_queries.model_cards (None: not published)
    engagement: pl.DataFrame  # audience_queries.engagement for the chosen segment


def channel_label(code: str | None, lang: str) -> str:
    if code is None:
        return "—"
    try:
        return t(f"audience.channel.{code}", lang)
    except KeyError:
        return code


def weekday(day: int, lang: str) -> str:
    return t(f"audience.weekday.{day}", lang)


def hour_label(hour: int, lang: str) -> str:
    return t("audience.hour", lang, hour=hour)


def segment_label(source: str, segment_id: int, name: str | None) -> str:
    prefix = "W" if source == "web" else "S"
    return f"{prefix}{segment_id} {name or ''}".strip()


def _k(parameters_json: str | None) -> Any:
    try:
        return json.loads(parameters_json or "{}").get("k")
    except (json.JSONDecodeError, AttributeError):
        return None


def _shown(value: Any, suppressed: bool, threshold: int) -> Any:
    return Suppressed(threshold) if suppressed or is_small(value, threshold) else value


def build_tables(data: AudienceData, threshold: int, lang: str) -> dict[str, TableData]:
    web_rows = [
        {
            "segment_id": row["segment_id"],
            "name": row["segment_name"],
            "users": _shown(row["users"], row["is_suppressed"], threshold),
            "share": None if row["is_suppressed"] else row["user_share"],
            "confidence": row["mean_probability"],
            "profile": None if row["is_suppressed"] else row["profile_ja"],
        }
        for row in data.web.to_dicts()
    ]
    survey_rows = [
        {
            "segment_id": row["segment_id"],
            "name": row["segment_name"],
            "respondents": _shown(row["respondents"], row["is_suppressed"], threshold),
            "residents": _shown(row["estimated_residents"], row["is_suppressed"], threshold),
            "share": None if row["is_suppressed"] else row["population_share"],
            "age": row["mean_age_lower"],
            "profile": None if row["is_suppressed"] else row["profile_ja"],
        }
        for row in (data.survey.to_dicts() if data.survey is not None else [])
    ]
    card_rows = [
        {
            "model": t(f"audience.model.{row['model_name']}", lang)
            if row["model_name"] in ("web_segments", "survey_segments", "campaign_lift")
            else row["model_name"],
            "version": row["model_version"],
            "k": _k(row["parameters_json"]),
            "start": row["data_window_start"],
            "end": row["data_window_end"],
            "rows": row["n_training_rows"],
            "method": row["method"],
        }
        for row in (data.cards.to_dicts() if data.cards is not None else [])
    ]
    reach_rows = [
        {
            "source": t(f"audience.source.{row['segment_source']}", lang),
            "segment": segment_label(row["segment_source"], row["segment_id"], row["segment_name"]),
            "channel": channel_label(row["channel"], lang),
            "base": row["base_count"],
            "reached": _shown(row["reached_count"], row["is_suppressed"], threshold),
            "share": None if row["is_suppressed"] else row["reach_share"],
            "residents": _shown(
                row["estimated_residents_reached"], row["is_suppressed"], threshold
            ),
        }
        for row in data.reach.to_dicts()
    ]
    segment, name = (
        Column("segment_id", "audience.col.id", INT),
        Column("name", "audience.col.name"),
    )
    profile = Column("profile", "audience.col.profile")
    build = tables.build
    return {
        WEB_KEY: build(
            "web_segments",
            t("audience.web.title", lang),
            [
                segment,
                name,
                Column("users", "audience.col.users", INT),
                Column("share", "audience.col.user_share", PCT),
                Column("confidence", "audience.col.confidence", PCT),
                profile,
            ],
            web_rows,
            threshold=threshold,
            counts=["users"],
            derived={"share": ["users"]},
        ),
        SURVEY_KEY: build(
            "survey_segments",
            t("audience.survey.title", lang),
            [
                segment,
                name,
                Column("respondents", "audience.col.respondents", INT),
                Column("residents", "audience.col.residents", INT),
                Column("share", "audience.col.population_share", PCT),
                Column("age", "audience.col.mean_age", NUMBER),
                profile,
            ],
            survey_rows,
            threshold=threshold,
            counts=["respondents", "residents"],
            derived={"share": ["residents"]},
        ),
        CARDS_KEY: build(
            "model_cards",
            t("audience.cards.title", lang),
            [
                Column("model", "audience.col.model"),
                Column("version", "audience.col.version"),
                Column("k", "audience.col.k", INT),
                Column("start", "audience.col.window_start", DATE),
                Column("end", "audience.col.window_end", DATE),
                Column("rows", "audience.col.training_rows", INT),
                Column("method", "audience.col.method"),
            ],
            card_rows,
            threshold=threshold,
        ),
        "aud-reach": build(
            "channel_reach_by_segment",
            t("audience.reach.title", lang),
            [
                Column("source", "audience.col.source"),
                Column("segment", "audience.col.segment"),
                Column("channel", "audience.col.channel"),
                Column("base", "audience.col.base", INT),
                Column("reached", "audience.col.reached", INT),
                Column("share", "audience.col.reach_share", PCT),
                Column("residents", "audience.col.residents_reached", INT),
            ],
            reach_rows,
            threshold=threshold,
            counts=["base", "reached", "residents"],
            derived={"share": ["reached"]},
        ),
        "aud-timing": timing_table(data.engagement, threshold, lang),
    }


def timing_table(engagement: pl.DataFrame, threshold: int, lang: str) -> TableData:
    rows = [
        {
            "day": weekday(row["day_of_week"], lang),
            "hour": hour_label(row["hour_of_day"], lang),
            "sessions": row["sessions"],
            "engaged": row["engaged_sessions"],
            "rate": row["engagement_rate"],
        }
        for row in engagement.to_dicts()
    ]
    return tables.build(
        "engagement_by_hour",
        t("audience.timing.title", lang),
        [
            Column("day", "audience.col.weekday", TEXT),
            Column("hour", "audience.col.hour", TEXT),
            Column("sessions", "audience.col.sessions", INT),
            Column("engaged", "audience.col.engaged", INT),
            Column("rate", "audience.col.engagement_rate", PCT),
        ],
        rows,
        threshold=threshold,
        counts=["sessions", "engaged"],
        derived={"rate": ["engaged"]},
    )


def reach_summary(data: AudienceData, source: str, threshold: int, lang: str) -> str:
    rows = data.reach.filter((pl.col("segment_source") == source) & ~pl.col("is_suppressed"))
    rows = rows.filter(pl.col("reach_share").is_not_null())
    if rows.is_empty():
        return t("summary.empty", lang)
    parts = []
    for segment_id in sorted(set(rows["segment_id"].to_list())):
        seg = rows.filter(pl.col("segment_id") == segment_id).sort(
            ["reach_share", "channel"], descending=[True, False]
        )
        best = seg.row(0, named=True)
        parts.append(
            t(
                "audience.reach.part",
                lang,
                segment=segment_label(source, segment_id, best["segment_name"]),
                channel=channel_label(best["channel"], lang),
                share=fmt_pct(best["reach_share"]),
            )
        )
    return (
        t("audience.reach.summary", lang, source=t(f"audience.source.{source}", lang))
        + (t("audience.list_sep", lang).join(parts))
        + t("audience.list_end", lang)
    )


def top_slots(
    engagement: pl.DataFrame, threshold: int, n: int = 3, days: set[int] | None = None
) -> list[dict[str, Any]]:
    """The n weekday × hour cells with the most engaged sessions (ties: earlier day, hour),
    optionally among ``days``: the rule of ml.planner.best_slots. engaged_sessions below the
    threshold come back as Suppressed."""
    frame = engagement
    if days is not None:
        frame = frame.filter(pl.col("day_of_week").is_in(sorted(days)))
    top = frame.sort(
        ["engaged_sessions", "day_of_week", "hour_of_day"], descending=[True, False, False]
    ).head(n)
    return [
        {
            "day": row["day_of_week"],
            "hour": row["hour_of_day"],
            "engaged": _shown(row["engaged_sessions"], False, threshold),
            "rate": row["engagement_rate"],
        }
        for row in top.to_dicts()
    ]


def slot_text(slot: dict[str, Any], lang: str) -> str:
    """One slot as ml.planner.best_slots writes it (Japanese: the count unformatted) or in
    English; a suppressed count prints as ``<N``."""
    engaged = slot["engaged"]
    shown = str(engaged) if lang == "ja" or isinstance(engaged, Suppressed) else fmt_int(engaged)
    return t(
        "audience.slot",
        lang,
        day=weekday(slot["day"], lang),
        hour=slot["hour"],
        engaged=shown,
        rate=f"{slot['rate']:.0%}",
    )


def timing_summary(engagement: pl.DataFrame, segment: str, threshold: int, lang: str) -> str:
    if engagement.is_empty():
        return t("summary.empty", lang)
    slots = top_slots(engagement, threshold)
    return t(
        "audience.timing.summary",
        lang,
        segment=segment,
        slots=t("audience.slot_sep", lang).join(slot_text(s, lang) for s in slots),
    )
