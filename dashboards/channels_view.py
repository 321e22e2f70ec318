"""What the channels page shows for one filter: figures, summaries and tables (pure).

reach_or_contacts counts something different per channel (its reach_basis: sessions,
impressions, copies …), so every figure and table keeps channels apart and names the basis;
nothing adds reach across channels as if it were people.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import plotly.graph_objects as go
import polars as pl

from dashboards import figures, tables
from dashboards.formatting import fmt_int
from dashboards.i18n import t
from dashboards.suppression import mask_frame, shown_count
from dashboards.tables import INT, NUMBER, TEXT, YEN, Column, TableData

CHARTS: tuple[tuple[str, str], ...] = (
    ("chn-reach", "channels.reach.title"),
    ("chn-per-yen", "channels.per_yen.title"),
    ("chn-trend", "channels.trend.title"),
)
TABLE_KEY = "chn-totals"
COUNTS = ("reach_or_contacts", "engagements")


def label(kind: str, value: str | None, lang: str) -> str:
    """A family, channel or basis code in the page language (the code itself when unknown)."""
    if value is None:
        return "—"
    try:
        return t(f"channels.{kind}.{value}", lang)
    except KeyError:
        return value


def channel_name(row: dict[str, Any], lang: str) -> str:
    """'Google 広告 (表示回数)': the channel with what its reach counts."""
    return t(
        "channels.channel_with_basis",
        lang,
        channel=label("channel", row["channel"], lang),
        basis=label("basis", row["reach_basis"], lang),
    )


@dataclass(frozen=True)
class ChannelData:
    totals: pl.DataFrame  # channel_family, channel, reach_basis, reach, engagements, cost, days
    monthly: pl.DataFrame  # month, channel_family, channel, reach_basis, reach, engagements


def _per_yen(reach: Any, cost: Any) -> float | None:
    return reach / cost if reach is not None and cost else None


def build_tables(data: ChannelData, threshold: int, lang: str) -> dict[str, TableData]:
    total_rows = [
        {
            "family": label("family", row["channel_family"], lang),
            "channel": label("channel", row["channel"], lang),
            "basis": label("basis", row["reach_basis"], lang),
            "reach_or_contacts": row["reach_or_contacts"],
            "engagements": row["engagements"],
            "cost": row["cost_jpy"],
            "per_yen": _per_yen(row["reach_or_contacts"], row["cost_jpy"]),
            "days": row["days"],
        }
        for row in data.totals.to_dicts()
    ]
    per_yen_rows = [row for row in total_rows if row["per_yen"] is not None]
    month_rows = [
        {
            "month": row["month"].strftime("%Y-%m"),
            "channel": channel_name(row, lang),
            "reach_or_contacts": row["reach_or_contacts"],
            "engagements": row["engagements"],
        }
        for row in data.monthly.to_dicts()
    ]
    totals_columns = [
        Column("family", "channels.col.family", TEXT),
        Column("channel", "channels.col.channel", TEXT),
        Column("basis", "channels.col.basis", TEXT),
        Column("reach_or_contacts", "channels.col.reach", INT),
        Column("engagements", "channels.col.engagements", INT),
        Column("cost", "channels.col.cost", YEN),
        Column("per_yen", "channels.col.per_yen", NUMBER),
        Column("days", "channels.col.days", INT),
    ]
    counts = list(COUNTS)
    derived = {"per_yen": ["reach_or_contacts"]}
    return {
        TABLE_KEY: tables.build(
            "channel_totals",
            t("channels.table.title", lang),
            totals_columns,
            total_rows,
            threshold=threshold,
            counts=counts,
            derived=derived,
        ),
        "chn-reach": tables.build(
            "channel_reach",
            t("channels.reach.title", lang),
            [totals_columns[1], totals_columns[2], totals_columns[3]],
            total_rows,
            threshold=threshold,
            counts=["reach_or_contacts"],
        ),
        "chn-per-yen": tables.build(
            "channel_reach_per_yen",
            t("channels.per_yen.title", lang),
            [totals_columns[1], totals_columns[2], totals_columns[5], totals_columns[6]],
            per_yen_rows,
            threshold=threshold,
            counts=["reach_or_contacts"],
            derived=derived,
        ),
        "chn-trend": tables.build(
            "channel_monthly",
            t("channels.trend.title", lang),
            [
                Column("month", "channels.col.month", TEXT),
                Column("channel", "channels.col.channel", TEXT),
                Column("reach_or_contacts", "channels.col.reach", INT),
                Column("engagements", "channels.col.engagements", INT),
            ],
            month_rows,
            threshold=threshold,
            counts=counts,
        ),
    }


def _bars(names: list[str], values: list[Any], title: str, axis: str, text: list[str]) -> go.Figure:
    fig = go.Figure(
        go.Bar(
            x=list(reversed(values)),
            y=[figures.plot_text(n) for n in reversed(names)],
            orientation="h",
            marker={"color": figures.OKABE_ITO[0]},
            text=list(reversed(text)),
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}: %{x:,}<extra></extra>",
        )
    )
    figures._base_layout(fig, title)
    fig.update_layout(showlegend=False, margin={"r": 110})
    fig.update_xaxes(title_text=axis, rangemode="tozero")
    fig.update_yaxes(automargin=True)
    return fig


def reach_figure(data: ChannelData, threshold: int, lang: str) -> go.Figure:
    title = t("channels.reach.title", lang)
    frame = mask_frame(data.totals, ["reach_or_contacts"], threshold)
    if frame.is_empty():
        return figures.empty_figure(title, lang)
    rows = frame.to_dicts()
    values = [row["reach_or_contacts"] for row in rows]
    return _bars(
        [channel_name(row, lang) for row in rows],
        values,
        title,
        t("channels.axis.reach", lang),
        [fmt_int(shown_count(v, threshold)) if v is not None else f"<{threshold}" for v in values],
    )


def per_yen_figure(data: ChannelData, threshold: int, lang: str) -> go.Figure:
    title = t("channels.per_yen.title", lang)
    frame = mask_frame(data.totals, ["reach_or_contacts"], threshold)
    rows = [
        row
        for row in frame.to_dicts()
        if _per_yen(row["reach_or_contacts"], row["cost_jpy"]) is not None
    ]
    if not rows:
        return figures.empty_figure(title, lang)
    values = [_per_yen(row["reach_or_contacts"], row["cost_jpy"]) for row in rows]
    return _bars(
        [channel_name(row, lang) for row in rows],
        values,
        title,
        t("channels.axis.per_yen", lang),
        [f"{v:,.2f}" for v in values if v is not None],
    )


def trend_figure(data: ChannelData, threshold: int, lang: str) -> go.Figure:
    """Monthly reach, one line per channel (grouped by family in the legend order)."""
    title = t("channels.trend.title", lang)
    frame = mask_frame(data.monthly, ["reach_or_contacts"], threshold, group_by=["channel"])
    if frame.is_empty():
        return figures.empty_figure(title, lang)
    fig = go.Figure()
    keys = frame.select("channel_family", "channel", "reach_basis").unique(maintain_order=True)
    for index, key in enumerate(keys.sort("channel_family", "channel").to_dicts()):
        rows = frame.filter(pl.col("channel") == key["channel"]).sort("month")
        colour, dash, marker = figures._style(index)
        name = f"{label('family', key['channel_family'], lang)}: {channel_name(key, lang)}"
        fig.add_trace(
            go.Scatter(
                x=rows["month"].to_list(),
                y=rows["reach_or_contacts"].to_list(),
                name=figures.plot_text(name),
                mode="lines+markers",
                line={"color": colour, "dash": dash, "width": 2.5},
                marker={"symbol": marker, "size": 9, "color": colour},
            )
        )
    figures._base_layout(fig, title)
    fig.update_layout(legend={"orientation": "v", "y": -0.3, "yanchor": "top"}, height=560)
    fig.update_xaxes(title_text=t("channels.col.month", lang), type="date", tickformat="%Y-%m")
    fig.update_yaxes(title_text=t("channels.axis.reach", lang), type="log")
    return fig


def summaries(data: ChannelData, threshold: int, lang: str) -> tuple[str, str, str]:
    if data.totals.is_empty():
        empty = t("summary.empty", lang)
        return empty, empty, empty
    rows = data.totals.to_dicts()
    top = max(rows, key=lambda r: r["reach_or_contacts"] or 0)
    reach = t(
        "channels.reach.summary",
        lang,
        n=len(rows),
        top=channel_name(top, lang),
        value=fmt_int(shown_count(top["reach_or_contacts"], threshold)),
    )
    costed = [r for r in rows if _per_yen(r["reach_or_contacts"], r["cost_jpy"]) is not None]
    if costed:
        best = max(costed, key=lambda r: _per_yen(r["reach_or_contacts"], r["cost_jpy"]) or 0)
        value = _per_yen(best["reach_or_contacts"], best["cost_jpy"]) or 0.0
        per_yen = t(
            "channels.per_yen.summary",
            lang,
            n=len(costed),
            top=channel_name(best, lang),
            value=f"{value:,.2f}",
        )
    else:
        per_yen = t("channels.per_yen.none", lang)
    months = data.monthly["month"].n_unique()
    trend = t("channels.trend.summary", lang, months=months, channels=len(rows))
    return reach, per_yen, trend
