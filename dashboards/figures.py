"""Pure chart builders: polars DataFrame (from dashboards.queries) -> plotly Figure.

Colours come from the Okabe–Ito palette (safe for the common colour-vision deficiencies), and
no series is told apart by colour alone: lines also differ in dash pattern and marker, bars
carry their value as a text label. Titles and axes follow the page language.
"""

from __future__ import annotations

import html

import plotly.graph_objects as go
import polars as pl

from dashboards.formatting import fmt_yen
from dashboards.i18n import channel_label, t
from dashboards.summaries import sessions_by_channel, spend_by_campaign

# Okabe & Ito (2008), ordered for contrast on white; yellow last (too light for thin lines).
OKABE_ITO: tuple[str, ...] = (
    "#0072B2",  # blue
    "#D55E00",  # vermillion
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#E69F00",  # orange
    "#56B4E9",  # sky blue
    "#000000",  # black
    "#F0E442",  # yellow
)
DASHES: tuple[str, ...] = ("solid", "dash", "dot", "dashdot", "longdash", "longdashdot")
MARKERS: tuple[str, ...] = (
    "circle",
    "square",
    "diamond",
    "triangle-up",
    "x",
    "cross",
    "star",
    "triangle-down",
)
DAY_MS = 86_400_000
DAILY_TICKS_UP_TO = 14
FONT_FAMILY = '"Noto Sans CJK JP", "Noto Sans JP", "Hiragino Sans", "Yu Gothic", Meiryo, sans-serif'


def plot_text(text: object) -> str:
    """Text from the data made literal for plotly, which would otherwise read a subset of HTML
    in labels (a campaign called "<b>x</b>" shows as typed; nothing is interpreted)."""
    return html.escape(str(text), quote=False)


def _style(index: int) -> tuple[str, str, str]:
    """(colour, dash, marker) for the index-th series; all three vary together."""
    return (
        OKABE_ITO[index % len(OKABE_ITO)],
        DASHES[index % len(DASHES)],
        MARKERS[index % len(MARKERS)],
    )


_GRID = {
    "gridcolor": "#EBF0F8",
    "linecolor": "#EBF0F8",
    "zerolinecolor": "#EBF0F8",
    "zerolinewidth": 2,
    "ticks": "",
    "automargin": True,
    "title": {"standoff": 15},
}
# plotly_white's look for the cartesian charts drawn here, without its defaults for ~25 other
# trace types: building and encoding those cost ~50-90 ms per figure (bench/RESULTS.md).
LIGHT_TEMPLATE = go.layout.Template(
    layout={
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
        "hovermode": "closest",
        "hoverlabel": {"align": "left"},
        "colorway": list(OKABE_ITO),
        "xaxis": _GRID,
        "yaxis": _GRID,
    }
)


def _base_layout(fig: go.Figure, title: str) -> go.Figure:
    fig.update_layout(
        title={"text": title, "x": 0, "xanchor": "left", "y": 0.98, "yanchor": "top"},
        template=LIGHT_TEMPLATE,
        font={"family": FONT_FAMILY, "size": 14, "color": "#1a1a1a"},
        margin={"l": 72, "r": 24, "t": 104, "b": 64},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.03, "x": 0},
        hoverlabel={"font": {"family": FONT_FAMILY}},
        separators=".,",
    )
    return fig


def _date_axis(fig: go.Figure, lang: str, days: pl.Series) -> None:
    fig.update_xaxes(
        title_text=t("axis.date", lang),
        type="date",
        tickformat="%-m月%-d日" if lang == "ja" else "%-d %b",
        hoverformat="%Y-%m-%d",
    )
    if days.n_unique() <= DAILY_TICKS_UP_TO:
        # Few days: one tick per day (plotly would otherwise add half-day ticks).
        fig.update_xaxes(dtick=DAY_MS, tick0=days.min())


def empty_figure(title: str, lang: str) -> go.Figure:
    """A blank chart that says there is nothing to show."""
    fig = _base_layout(go.Figure(), title)
    fig.add_annotation(
        text=t("chart.empty", lang),
        x=0.5,
        y=0.5,
        xref="paper",
        yref="paper",
        showarrow=False,
        font={"size": 16},
    )
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return fig


def sessions_by_channel_figure(daily: pl.DataFrame, lang: str) -> go.Figure:
    """Daily sessions, one line per channel group (largest group first in the legend).

    Input columns: activity_date, channel_group, sessions (web_sessions_daily).
    """
    title = t("chart.sessions.title", lang)
    if daily.is_empty():
        return empty_figure(title, lang)
    order = sessions_by_channel(daily)["channel_group"].to_list()
    fig = go.Figure()
    for index, group in enumerate(order):
        rows = daily.filter(pl.col("channel_group") == group).sort("activity_date")
        colour, dash, marker = _style(index)
        fig.add_trace(
            go.Scatter(
                x=rows["activity_date"].to_list(),
                y=rows["sessions"].to_list(),
                name=plot_text(channel_label(group, lang)),
                mode="lines+markers",
                line={"color": colour, "dash": dash, "width": 2.5},
                marker={"symbol": marker, "size": 8, "color": colour},
                hovertemplate="%{x|%Y-%m-%d}: %{y:,d}<extra>%{fullData.name}</extra>",
            )
        )
    _base_layout(fig, title)
    _date_axis(fig, lang, daily["activity_date"])
    fig.update_yaxes(title_text=t("axis.sessions", lang), tickformat=",d", rangemode="tozero")
    fig.update_layout(legend_title_text=t("legend.channel", lang))
    return fig


def ad_spend_by_campaign_figure(daily: pl.DataFrame, lang: str) -> go.Figure:
    """Total spend per campaign over the range as labelled horizontal bars, largest on top.

    Input columns: campaign_name, spend_jpy, clicks, impressions (ad_performance_daily).
    """
    title = t("chart.ad_spend.title", lang)
    if daily.is_empty():
        return empty_figure(title, lang)
    totals = spend_by_campaign(daily).reverse()  # plotly draws the first bar at the bottom
    spend = totals["spend_jpy"].to_list()
    fig = go.Figure(
        go.Bar(
            x=spend,
            y=[plot_text(name) for name in totals["campaign_name"].to_list()],
            orientation="h",
            marker={"color": OKABE_ITO[0]},
            text=[fmt_yen(value) for value in spend],
            textposition="outside",
            cliponaxis=False,
            name=t("axis.spend", lang),
            hovertemplate="%{y}: ¥%{x:,.0f}<extra></extra>",
        )
    )
    _base_layout(fig, title)
    fig.update_layout(showlegend=False, margin={"r": 96})
    fig.update_xaxes(title_text=t("axis.spend", lang), tickprefix="¥", tickformat=",.0f")
    fig.update_yaxes(title_text=t("axis.campaign", lang), automargin=True)
    return fig


def applications_figure(daily: pl.DataFrame, lang: str) -> go.Figure:
    """Daily e-applications: online (solid, circles) against counter (dashed, squares).

    Input columns: activity_date, online_count, counter_count (civic_outcomes_daily).
    """
    title = t("chart.applications.title", lang)
    if daily.is_empty():
        return empty_figure(title, lang)
    rows = daily.sort("activity_date")
    fig = go.Figure()
    for index, (column, key) in enumerate(
        (("online_count", "series.online"), ("counter_count", "series.counter"))
    ):
        colour, dash, marker = _style(index)
        fig.add_trace(
            go.Scatter(
                x=rows["activity_date"].to_list(),
                y=rows[column].to_list(),
                name=t(key, lang),
                mode="lines+markers",
                line={"color": colour, "dash": dash, "width": 2.5},
                marker={"symbol": marker, "size": 8, "color": colour},
                hovertemplate="%{x|%Y-%m-%d}: %{y:,d}<extra>%{fullData.name}</extra>",
            )
        )
    _base_layout(fig, title)
    _date_axis(fig, lang, rows["activity_date"])
    fig.update_yaxes(title_text=t("axis.applications", lang), tickformat=",d", rangemode="tozero")
    return fig


def spend_by_platform_figure(daily: pl.DataFrame, lang: str, labels: dict[str, str]) -> go.Figure:
    """Daily ad spend, one line per platform (colour, dash and marker differ together).

    Input columns: activity_date, platform, spend_jpy; ``labels`` maps platform -> display name.
    """
    title = t("chart.platform_spend.title", lang)
    if daily.is_empty():
        return empty_figure(title, lang)
    order = (
        daily.group_by("platform")
        .agg(pl.col("spend_jpy").sum())
        .sort(["spend_jpy", "platform"], descending=[True, False])["platform"]
        .to_list()
    )
    fig = go.Figure()
    for index, platform in enumerate(order):
        rows = daily.filter(pl.col("platform") == platform).sort("activity_date")
        colour, dash, marker = _style(index)
        fig.add_trace(
            go.Scatter(
                x=rows["activity_date"].to_list(),
                y=rows["spend_jpy"].to_list(),
                name=plot_text(labels.get(platform, platform)),
                mode="lines+markers",
                line={"color": colour, "dash": dash, "width": 2.5},
                marker={"symbol": marker, "size": 8, "color": colour},
                hovertemplate="%{x|%Y-%m-%d}: ¥%{y:,.0f}<extra>%{fullData.name}</extra>",
            )
        )
    _base_layout(fig, title)
    _date_axis(fig, lang, daily["activity_date"])
    fig.update_yaxes(
        title_text=t("axis.spend", lang), tickprefix="¥", tickformat=",.0f", rangemode="tozero"
    )
    return fig


def outcomes_figure(daily: pl.DataFrame, lang: str) -> go.Figure:
    """Daily online applications as one line (hidden small counts leave gaps).

    Input columns: activity_date, online_count.
    """
    title = t("chart.outcomes.title", lang)
    if daily.is_empty():
        return empty_figure(title, lang)
    rows = daily.sort("activity_date")
    colour, dash, marker = _style(2)
    fig = go.Figure(
        go.Scatter(
            x=rows["activity_date"].to_list(),
            y=rows["online_count"].to_list(),
            name=t("series.online", lang),
            mode="lines+markers",
            line={"color": colour, "dash": dash, "width": 2.5},
            marker={"symbol": marker, "size": 8, "color": colour},
            hovertemplate="%{x|%Y-%m-%d}: %{y:,d}<extra></extra>",
        )
    )
    _base_layout(fig, title)
    fig.update_layout(showlegend=False)
    _date_axis(fig, lang, rows["activity_date"])
    fig.update_yaxes(title_text=t("axis.applications", lang), tickformat=",d", rangemode="tozero")
    return fig
