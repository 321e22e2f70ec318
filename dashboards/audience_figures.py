"""The audience page's heat maps (pure): segments × channels reach, weekday × hour engagement.

Colour is a sequential, perceptually uniform scale designed for colour-vision deficiencies
(cividis), and every cell also carries its value as text, so nothing is told by colour alone.
Counts below the suppression threshold are left blank and written ``<N``.
"""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl

from dashboards import figures
from dashboards.audience_view import (
    HEAT_SCALE,
    HOURS,
    AudienceData,
    channel_label,
    segment_label,
    weekday,
)
from dashboards.formatting import fmt_int, fmt_pct
from dashboards.i18n import t
from dashboards.suppression import is_small, mask_frame


def _heat_layout(fig: go.Figure, title: str, height: int) -> go.Figure:
    figures._base_layout(fig, title)
    fig.update_layout(height=height, margin={"l": 24, "r": 24, "t": 96, "b": 64})
    fig.update_yaxes(automargin=True, autorange="reversed")
    fig.update_xaxes(automargin=True, side="bottom")
    return fig


def reach_figure(data: AudienceData, source: str, threshold: int, lang: str) -> go.Figure:
    """Segments × channels of one source: the share reached, written in every cell."""
    title = t("audience.reach.title", lang)
    rows = data.reach.filter(pl.col("segment_source") == source)
    if rows.is_empty():
        return figures.empty_figure(title, lang)
    segments = (
        rows.select("segment_id", "segment_name").unique(maintain_order=True).sort("segment_id")
    )
    channels = sorted(set(rows["channel"].to_list()))
    lookup = {(r["segment_id"], r["channel"]): r for r in rows.to_dicts()}
    z: list[list[float | None]] = []
    text: list[list[str]] = []
    for seg in segments.iter_rows(named=True):
        z_row, text_row = [], []
        for channel in channels:
            cell = lookup.get((seg["segment_id"], channel))
            if cell is None:
                z_row.append(None)
                text_row.append("—")
            elif cell["is_suppressed"] or is_small(cell["reached_count"], threshold):
                z_row.append(None)
                text_row.append(f"<{threshold}")
            else:
                z_row.append(round(cell["reach_share"] * 100, 1))
                text_row.append(fmt_pct(cell["reach_share"]))
        z.append(z_row)
        text.append(text_row)
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=[figures.plot_text(channel_label(c, lang)) for c in channels],
            y=[
                figures.plot_text(segment_label(source, s["segment_id"], s["segment_name"]))
                for s in segments.iter_rows(named=True)
            ],
            text=text,
            texttemplate="%{text}",
            colorscale=HEAT_SCALE,
            zmin=0,
            zmax=100,
            colorbar={"title": {"text": t("audience.axis.reach_pct", lang)}, "ticksuffix": "%"},
            hovertemplate="%{y}<br>%{x}: %{text}<extra></extra>",
            xgap=2,
            ygap=2,
        )
    )
    _heat_layout(fig, title, 160 + 48 * segments.height)
    fig.update_xaxes(title_text=t("audience.col.channel", lang), tickangle=-30)
    return fig


def timing_figure(engagement: pl.DataFrame, threshold: int, lang: str) -> go.Figure:
    """Weekday × hour: engaged sessions, written in every cell (blank = fewer sessions than
    the threshold, not published)."""
    title = t("audience.timing.title", lang)
    if engagement.is_empty():
        return figures.empty_figure(title, lang)
    masked = mask_frame(engagement, ["engaged_sessions"], threshold)
    lookup = {(r["day_of_week"], r["hour_of_day"]): r for r in masked.to_dicts()}
    raw = {(r["day_of_week"], r["hour_of_day"]): r for r in engagement.to_dicts()}
    z: list[list[float | None]] = []
    text: list[list[str]] = []
    for day in range(1, 8):
        z_row, text_row = [], []
        for hour in HOURS:
            cell = lookup.get((day, hour))
            value = cell["engaged_sessions"] if cell else None
            z_row.append(value)
            if cell is None:
                text_row.append("")
            elif value is None:
                small = raw[(day, hour)]["engaged_sessions"]
                text_row.append(f"<{threshold}" if small else "")
            else:
                text_row.append(fmt_int(value))
        z.append(z_row)
        text.append(text_row)
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=[str(h) for h in HOURS],
            y=[weekday(d, lang) for d in range(1, 8)],
            text=text,
            texttemplate="%{text}",
            textfont={"size": 10},
            colorscale=HEAT_SCALE,
            zmin=0,
            colorbar={"title": {"text": t("audience.col.engaged", lang)}},
            hovertemplate="%{y} %{x}:00 — %{text}<extra></extra>",
            xgap=1,
            ygap=1,
        )
    )
    _heat_layout(fig, title, 420)
    fig.update_xaxes(title_text=t("audience.axis.hour", lang), dtick=1, type="category")
    return fig
