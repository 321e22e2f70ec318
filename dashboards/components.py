"""Small accessible building blocks shared by the pages (pure: they only build components)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from dash import dcc, html
from dash.development.base_component import Component

from dashboards.i18n import t
from dashboards.queries import (
    DashboardDataError,
    MartMissingError,
    NoDataError,
    SnapshotUnavailableError,
)

# No mode bar: its icon buttons add nothing a summary and a table do not already give.
GRAPH_CONFIG: Any = {"displayModeBar": False, "responsive": True}


def aria(**attributes: str) -> dict[str, Any]:
    """``aria(labelledby="x")`` -> ``{"aria-labelledby": "x"}``, to splat into html components."""
    return {f"aria-{name}": value for name, value in attributes.items()}


def data_error_text(exc: DashboardDataError, lang: str) -> str:
    """A friendly sentence for a data error (the technical message goes to the log)."""
    if isinstance(exc, SnapshotUnavailableError):
        return t("error.snapshot_missing", lang)
    if isinstance(exc, MartMissingError):
        return t("error.mart_missing", lang, table=exc.table)
    if isinstance(exc, NoDataError):
        return t("error.no_data", lang, code=exc.municipality_code)
    return t("error.unreadable", lang)


def error_panel(exc: DashboardDataError, lang: str, heading_id: str) -> Component:
    """What a page shows instead of its content when the data cannot be read."""
    return html.Section(
        className="notice notice-error",
        role="alert",
        **aria(labelledby=heading_id),
        children=[
            html.H2(t("error.heading", lang), id=heading_id),
            html.P(data_error_text(exc, lang), className="notice-text"),
        ],
    )


def date_field(field_id: str, label: str, value: str, first: str, last: str) -> Component:
    """A native date input with a visible label (keyboard and screen-reader friendly)."""
    return html.Div(
        className="field",
        children=[
            html.Label(label, htmlFor=field_id),
            dcc.Input(
                id=field_id,
                type="date",  # type: ignore[arg-type]  # works; Dash's hints omit it
                value=value,
                min=first,
                max=last,
                required=True,
                className="date-input",
            ),
        ],
    )


def kpi_list(items: Sequence[tuple[str, str]], placeholder: str) -> Component:
    """Key figures as a description list: (label, value element id) pairs."""
    return html.Dl(
        className="kpis",
        children=[
            html.Div(
                className="kpi",
                children=[
                    html.Dt(label, className="kpi-label"),
                    html.Dd(placeholder, id=value_id, className="kpi-value"),
                ],
            )
            for label, value_id in items
        ],
    )


def chart_block(key: str, title: str, lang: str) -> Component:
    """A chart, its one-sentence summary and a collapsible table with the same numbers.

    Element ids: ``{key}-graph``, ``{key}-summary``, ``{key}-table``.
    """
    summary_id = f"{key}-summary"
    return html.Figure(
        className="chart",
        **aria(labelledby=f"{key}-heading"),
        children=[
            html.H3(title, id=f"{key}-heading", className="visually-hidden"),
            html.Div(
                role="img",
                className="graph-frame",
                **aria(labelledby=summary_id),
                children=dcc.Graph(id=f"{key}-graph", config=GRAPH_CONFIG, className="graph"),
            ),
            html.Figcaption(id=summary_id, className="chart-summary"),
            html.Details(
                className="chart-table",
                children=[
                    html.Summary(t("table.show", lang)),
                    html.Div(id=f"{key}-table", className="table-wrap"),
                ],
            ),
        ],
    )


def data_table(
    caption: str, headers: Sequence[str], rows: Sequence[Sequence[str]], numeric_from: int = 1
) -> Component:
    """A plain HTML table; columns from ``numeric_from`` on are right-aligned numbers."""

    def cell(index: int, value: str) -> Component:
        if index == 0:
            return html.Th(value, scope="row")
        return html.Td(value, className="num" if index >= numeric_from else None)

    return html.Table(
        className="data-table",
        children=[
            html.Caption(caption),
            html.Thead(
                html.Tr(
                    [
                        html.Th(h, scope="col", className="num" if i >= numeric_from else None)
                        for i, h in enumerate(headers)
                    ]
                )
            ),
            html.Tbody([html.Tr([cell(i, v) for i, v in enumerate(row)]) for row in rows]),
        ],
    )
