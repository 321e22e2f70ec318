"""Pure aggregations and one-sentence summaries of the chart data.

Every chart on a page comes with a text summary (read by screen readers, useful to everyone)
and a table with the same numbers, so nothing is conveyed by the picture alone.
"""

from __future__ import annotations

import polars as pl

from dashboards.formatting import fmt_int, fmt_pct, fmt_yen
from dashboards.i18n import channel_label, t
from dashboards.suppression import shown_count


def sessions_by_channel(daily: pl.DataFrame) -> pl.DataFrame:
    """channel_group, sessions over the whole range, largest first (ties by name)."""
    return (
        daily.group_by("channel_group")
        .agg(pl.col("sessions").sum())
        .sort(["sessions", "channel_group"], descending=[True, False])
    )


def spend_by_campaign(daily: pl.DataFrame) -> pl.DataFrame:
    """campaign_name, spend_jpy (float), clicks, impressions over the range, largest spend first."""
    return (
        daily.with_columns(pl.col("spend_jpy").cast(pl.Float64))
        .group_by("campaign_name")
        .agg(pl.col("spend_jpy").sum(), pl.col("clicks").sum(), pl.col("impressions").sum())
        .sort(["spend_jpy", "campaign_name"], descending=[True, False])
    )


def applications_totals(daily: pl.DataFrame) -> tuple[int, int]:
    """(online, counter) application counts over the range."""
    if daily.is_empty():
        return 0, 0
    return int(daily["online_count"].sum()), int(daily["counter_count"].sum())


def online_share(online: int, counter: int) -> float | None:
    total = online + counter
    return online / total if total else None


def sessions_summary(daily: pl.DataFrame, lang: str, threshold: int = 1) -> str:
    """Counts below ``threshold`` (small-cell suppression) are written as "<threshold"."""
    totals = sessions_by_channel(daily)
    if totals.is_empty():
        return t("summary.empty", lang)
    top, top_value = totals.row(0)
    return t(
        "summary.sessions",
        lang,
        total=fmt_int(shown_count(totals["sessions"].sum(), threshold)),
        top=channel_label(top, lang),
        top_value=fmt_int(shown_count(top_value, threshold)),
    )


def ad_spend_summary(daily: pl.DataFrame, lang: str) -> str:
    totals = spend_by_campaign(daily)
    if totals.is_empty():
        return t("summary.empty", lang)
    top, top_value = totals.row(0)[:2]
    return t(
        "summary.ad_spend",
        lang,
        total=fmt_yen(totals["spend_jpy"].sum()),
        top=top,
        top_value=fmt_yen(top_value),
    )


def applications_summary(daily: pl.DataFrame, lang: str, threshold: int = 1) -> str:
    online, counter = applications_totals(daily)
    if online + counter == 0:
        return t("summary.empty", lang)
    small = min(online, counter) > 0 and min(online, counter) < threshold
    return t(
        "summary.applications",
        lang,
        total=fmt_int(shown_count(online + counter, threshold)),
        online=fmt_int(shown_count(online, threshold)),
        share=t("value.none", lang) if small else fmt_pct(online_share(online, counter)),
    )


def sessions_table_rows(daily: pl.DataFrame, lang: str) -> list[tuple[str, str]]:
    """(channel group, sessions) rows as display text."""
    return [
        (channel_label(name, lang), fmt_int(value))
        for name, value in sessions_by_channel(daily).iter_rows()
    ]


def ad_spend_table_rows(daily: pl.DataFrame) -> list[tuple[str, str, str]]:
    """(campaign, spend, clicks) rows as display text."""
    return [
        (name, fmt_yen(spend), fmt_int(clicks))
        for name, spend, clicks, _ in spend_by_campaign(daily).iter_rows()
    ]


def applications_table_rows(daily: pl.DataFrame) -> list[tuple[str, str, str, str]]:
    """(date, online, counter, online share) rows as display text, one per day."""
    return [
        (day.isoformat(), fmt_int(online), fmt_int(counter), fmt_pct(online_share(online, counter)))
        for day, online, counter in daily.select(
            "activity_date", "online_count", "counter_count"
        ).iter_rows()
    ]
