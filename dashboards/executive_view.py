"""What the executive page shows for one fiscal year and KPI: cards, figures, summaries and
tables (pure: query results in, components and figures out)."""

from __future__ import annotations

from datetime import date
from typing import Any

import plotly.graph_objects as go
import polars as pl
from dash import html
from dash.development.base_component import Component

from dashboards import figures, tables
from dashboards.formatting import NONE, fmt_int, fmt_pct, fmt_yen
from dashboards.i18n import t
from dashboards.suppression import Suppressed, is_small
from dashboards.tables import INT, NUMBER, PCT, TEXT, YEN, Column, TableData

CHARTS: tuple[tuple[str, str], ...] = (
    ("exe-trend", "executive.trend.title"),
    ("exe-compare", "executive.compare.title"),
)
TABLE_KEY = "exe-kpis"


def month_label(fiscal_month: int, lang: str) -> str:
    """Fiscal month 1 -> '4月' / 'Apr'."""
    month = (fiscal_month + 2) % 12 + 1
    return f"{month}月" if lang == "ja" else date(2000, month, 1).strftime("%b")


def shown(value: float | None, unit: str, threshold: int) -> float | Suppressed | None:
    """A KPI value as it may be shown: counts between 1 and threshold-1 are hidden."""
    if unit == "count" and is_small(value, threshold):
        return Suppressed(threshold)
    return value


def fmt_value(value: Any, unit: str) -> str:
    if isinstance(value, Suppressed):
        return str(value)
    if value is None:
        return NONE
    if unit == "ratio":
        return fmt_pct(value)
    if unit == "jpy":
        return fmt_yen(value)
    return fmt_int(value)


def kpi_name(row: dict[str, Any], lang: str) -> str:
    return str(row.get(f"kpi_name_{lang}") or row.get("kpi_name_ja") or row["kpi_id"])


def status_text(on_target: bool | None, lang: str) -> str:
    """Target status in words and a symbol (never colour alone)."""
    if on_target is None:
        return t("executive.status.none", lang)
    return t("executive.status.met" if on_target else "executive.status.missed", lang)


def latest_rows(months: pl.DataFrame) -> list[dict[str, Any]]:
    """The latest month's row of each KPI, in KPI order."""
    if months.is_empty():
        return []
    latest = months.sort("fiscal_month").group_by("kpi_id", maintain_order=True).last()
    return latest.sort("kpi_id").to_dicts()


def cards(months: pl.DataFrame, threshold: int, lang: str) -> Component:
    rows = latest_rows(months)
    if not rows:
        return html.P(t("summary.empty", lang))
    items = []
    for row in rows:
        unit = row["unit"]
        value = fmt_value(shown(row["kpi_value"], unit, threshold), unit)
        detail = t(
            "executive.card.detail",
            lang,
            month=month_label(row["fiscal_month"], lang),
            target=fmt_value(row["target_value"], unit),
        )
        items.append(
            html.Div(
                className="kpi",
                children=[
                    html.Dt(kpi_name(row, lang), className="kpi-label"),
                    html.Dd(value, className="kpi-value"),
                    html.Dd(detail, className="kpi-detail"),
                    html.Dd(status_text(row["is_on_target"], lang), className="kpi-status"),
                ],
            )
        )
    return html.Dl(className="kpis", children=items)


def kpi_table(months: pl.DataFrame, threshold: int, lang: str) -> TableData:
    rows = [
        {
            "kpi": kpi_name(row, lang),
            "month": month_label(row["fiscal_month"], lang),
            "value": fmt_value(shown(row["kpi_value"], row["unit"], threshold), row["unit"]),
            "target": fmt_value(row["target_value"], row["unit"]),
            "status": status_text(row["is_on_target"], lang),
            "previous": fmt_value(
                shown(row["previous_year_value"], row["unit"], threshold), row["unit"]
            ),
        }
        for row in latest_rows(months)
    ]
    return tables.build(
        "kpis_latest_month",
        t("executive.table.title", lang),
        [
            Column("kpi", "executive.col.kpi", TEXT),
            Column("month", "executive.col.month", TEXT),
            Column("value", "executive.col.value", TEXT),
            Column("target", "executive.col.target", TEXT),
            Column("status", "executive.col.status", TEXT),
            Column("previous", "executive.col.previous", TEXT),
        ],
        rows,
        threshold=threshold,
    )


def one_kpi(months: pl.DataFrame, kpi_id: str | None) -> pl.DataFrame:
    if kpi_id is None or months.is_empty():
        return months.clear()
    return months.filter(pl.col("kpi_id") == kpi_id).sort("fiscal_month")


def _plain(value: Any) -> float | None:
    return None if isinstance(value, Suppressed) else value


def _axis(fig: go.Figure, unit: str, title: str) -> None:
    if unit == "ratio":
        fig.update_yaxes(title_text=title, tickformat=".0%", rangemode="tozero")
    elif unit == "jpy":
        fig.update_yaxes(title_text=title, tickprefix="¥", tickformat=",.0f", rangemode="tozero")
    else:
        fig.update_yaxes(title_text=title, tickformat=",d", rangemode="tozero")


def _line(x: list[str], y: list[Any], name: str, index: int) -> go.Scatter:
    colour, dash, marker = figures._style(index)
    return go.Scatter(
        x=x,
        y=y,
        name=figures.plot_text(name),
        mode="lines+markers",
        line={"color": colour, "dash": dash, "width": 2.5},
        marker={"symbol": marker, "size": 9, "color": colour},
        connectgaps=False,
    )


def trend_figure(kpi: pl.DataFrame, threshold: int, lang: str) -> go.Figure:
    """The KPI by fiscal month with its target as a dashed line."""
    title = t("executive.trend.title", lang)
    if kpi.is_empty():
        return figures.empty_figure(title, lang)
    unit = kpi["unit"][0]
    x = [month_label(m, lang) for m in kpi["fiscal_month"].to_list()]
    values = [_plain(shown(v, unit, threshold)) for v in kpi["kpi_value"].to_list()]
    fig = go.Figure([_line(x, values, t("executive.series.value", lang), 0)])
    if kpi["target_value"].drop_nulls().len():
        fig.add_trace(
            _line(x, kpi["target_value"].to_list(), t("executive.series.target", lang), 1)
        )
    figures._base_layout(fig, f"{title}: {kpi_name(kpi.row(0, named=True), lang)}")
    fig.update_xaxes(title_text=t("executive.axis.month", lang), type="category")
    _axis(fig, unit, t("executive.col.value", lang))
    return fig


def compare_figure(kpi: pl.DataFrame, year: int, threshold: int, lang: str) -> go.Figure:
    """This fiscal year against the previous one, month by month."""
    title = t("executive.compare.title", lang)
    if kpi.is_empty():
        return figures.empty_figure(title, lang)
    unit = kpi["unit"][0]
    x = [month_label(m, lang) for m in kpi["fiscal_month"].to_list()]
    this = [_plain(shown(v, unit, threshold)) for v in kpi["kpi_value"].to_list()]
    prev = [_plain(shown(v, unit, threshold)) for v in kpi["previous_year_value"].to_list()]
    fig = go.Figure(
        [
            _line(x, this, t("executive.fy", lang, year=year), 0),
            _line(x, prev, t("executive.fy", lang, year=year - 1), 1),
        ]
    )
    figures._base_layout(fig, f"{title}: {kpi_name(kpi.row(0, named=True), lang)}")
    fig.update_xaxes(title_text=t("executive.axis.month", lang), type="category")
    _axis(fig, unit, t("executive.col.value", lang))
    return fig


def trend_summary(kpi: pl.DataFrame, threshold: int, lang: str) -> str:
    if kpi.is_empty():
        return t("summary.empty", lang)
    row = kpi.row(-1, named=True)
    unit = row["unit"]
    return t(
        "executive.trend.summary",
        lang,
        kpi=kpi_name(row, lang),
        month=month_label(row["fiscal_month"], lang),
        value=fmt_value(shown(row["kpi_value"], unit, threshold), unit),
        target=fmt_value(row["target_value"], unit),
        status=status_text(row["is_on_target"], lang),
    )


def compare_summary(kpi: pl.DataFrame, year: int, threshold: int, lang: str) -> str:
    if kpi.is_empty():
        return t("summary.empty", lang)
    row = kpi.row(-1, named=True)
    unit = row["unit"]
    return t(
        "executive.compare.summary",
        lang,
        kpi=kpi_name(row, lang),
        month=month_label(row["fiscal_month"], lang),
        year=year,
        value=fmt_value(shown(row["kpi_value"], unit, threshold), unit),
        previous=fmt_value(shown(row["previous_year_value"], unit, threshold), unit),
    )


def chart_tables(kpi: pl.DataFrame, year: int, threshold: int, lang: str) -> dict[str, TableData]:
    unit = kpi["unit"][0] if kpi.height else "count"
    kind = {"count": INT, "ratio": PCT, "jpy": YEN}.get(unit, NUMBER)
    rows = [
        {
            "month": month_label(row["fiscal_month"], lang),
            "value": shown(row["kpi_value"], unit, threshold),
            "target": row["target_value"],
            "previous": shown(row["previous_year_value"], unit, threshold),
        }
        for row in kpi.to_dicts()
    ]
    month = Column("month", "executive.col.month", TEXT)
    return {
        "exe-trend": tables.build(
            "kpi_trend",
            t("executive.trend.title", lang),
            [
                month,
                Column("value", "executive.col.value", kind),
                Column("target", "executive.col.target", kind),
            ],
            rows,
            threshold=threshold,
        ),
        "exe-compare": tables.build(
            "kpi_fiscal_year_comparison",
            t("executive.compare.title", lang),
            [
                month,
                Column("value", "executive.col.this_fy", kind),
                Column("previous", "executive.col.previous_fy", kind),
            ],
            rows,
            threshold=threshold,
        ),
    }
