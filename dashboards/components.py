"""Small accessible building blocks shared by the pages (pure: they only build components)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import dash
from dash import ALL, ClientsideFunction, Input, Output, State, ctx, dcc, html, no_update
from dash.development.base_component import Component

from dashboards.i18n import t
from dashboards.queries import (
    DashboardDataError,
    MartMissingError,
    NoDataError,
    SnapshotUnavailableError,
)

# No mode bar (its icon links sit inside the chart's role="img" frame, which axe reports as
# nested-interactive, and cannot be reached by keyboard). Instead each chart has a "PNG"
# button that runs plotly's own toImage in the browser (assets/civicpulse.js; offline, no
# CDN), with the same toImageButtonOptions.
GRAPH_CONFIG: Any = {"displayModeBar": False, "displaylogo": False, "responsive": True}


def graph_config(filename: str) -> Any:
    return {
        **GRAPH_CONFIG,
        "modeBarButtons": [["toImage"]],
        "toImageButtonOptions": {"format": "png", "filename": filename, "scale": 2},
    }


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


def export_buttons(key: str, title: str, lang: str, png: bool = True) -> Component:
    """CSV / Excel (and PNG) download buttons: ids ``{key}-csv``, ``{key}-xlsx``, ``{key}-png``."""
    buttons: list[Component] = [
        html.Button(t("export.csv", lang), id=f"{key}-csv", className="button", type="button"),
        html.Button(t("export.xlsx", lang), id=f"{key}-xlsx", className="button", type="button"),
    ]
    if png:
        buttons.append(
            html.Button(t("export.png", lang), id=f"{key}-png", className="button", type="button")
        )
        buttons.append(dcc.Store(id=f"{key}-png-done"))
    return html.Div(
        className="export-buttons",
        role="group",
        **aria(label=t("export.group", lang, title=title)),
        children=buttons,
    )


def register_png_downloads(app: dash.Dash, keys: Sequence[str]) -> None:
    """Each ``{key}-png`` button saves the ``{key}-graph`` chart as a PNG, in the browser."""
    for key in keys:
        app.clientside_callback(
            ClientsideFunction(namespace="civicpulse", function_name="downloadPng"),
            Output(f"{key}-png-done", "data"),
            Input(f"{key}-png", "n_clicks"),
            prevent_initial_call=True,
        )


def chart_block(key: str, title: str, lang: str) -> Component:
    """A chart, its one-sentence summary, download buttons and a collapsible table with the
    same numbers.

    Element ids: ``{key}-graph``, ``{key}-summary``, ``{key}-table``, ``{key}-csv``,
    ``{key}-xlsx``, ``{key}-png``.
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
                children=dcc.Graph(
                    id=f"{key}-graph", config=graph_config(f"civicpulse_{key}"), className="graph"
                ),
            ),
            html.Figcaption(id=summary_id, className="chart-summary"),
            export_buttons(key, title, lang),
            html.Details(
                className="chart-table",
                children=[
                    html.Summary(t("table.show", lang)),
                    scroll_region(f"{key}-table", f"{key}-heading"),
                ],
            ),
        ],
    )


def data_table(
    caption: str,
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    numeric_from: int = 1,
    numeric: Sequence[bool] | None = None,
) -> Component:
    """A plain HTML table; columns from ``numeric_from`` on (or those flagged in ``numeric``)
    are right-aligned numbers. The first cell of each row is its header."""
    flags = (
        list(numeric) if numeric is not None else [i >= numeric_from for i in range(len(headers))]
    )

    def cell(index: int, value: str) -> Component:
        if index == 0:
            return html.Th(value, scope="row")
        return html.Td(value, className="num" if flags[index] else None)

    return html.Table(
        className="data-table",
        children=[
            html.Caption(caption),
            html.Thead(
                html.Tr(
                    [
                        html.Th(h, scope="col", className="num" if flags[i] else None)
                        for i, h in enumerate(headers)
                    ]
                )
            ),
            html.Tbody([html.Tr([cell(i, v) for i, v in enumerate(row)]) for row in rows]),
        ],
    )


def scroll_region(
    region_id: str, labelled_by: str | None, children: Any = None, label: str | None = None
) -> Component:
    """A wrapper that scrolls a wide table sideways; focusable (tabIndex 0) and named (by the
    element ``labelled_by`` or by ``label``), so keyboard users can scroll it (WCAG 2.1.1)."""
    name = aria(labelledby=labelled_by) if labelled_by else aria(label=label or "")
    return html.Div(
        id=region_id,
        className="table-wrap",
        role="region",
        tabIndex="0",
        **name,
        children=children,
    )


def table_block(key: str, title: str, lang: str) -> Component:
    """A titled table (filled by a callback into ``{key}-table``) with CSV / Excel buttons.
    (A plain div: the scroll region inside is the landmark named by the heading.)"""
    return html.Div(
        className="table-block",
        children=[
            html.H3(title, id=f"{key}-heading"),
            export_buttons(key, title, lang, png=False),
            scroll_region(f"{key}-table", f"{key}-heading"),
        ],
    )


def choice_field(
    field_id: str,
    label: str,
    options: Sequence[tuple[str, str]],
    value: str,
) -> Component:
    """A single choice as a group of toggle buttons (aria-pressed) under a legend; the chosen
    value is kept in ``dcc.Store(id=field_id)`` (read its ``data``). Dash 4's dropdown and
    radio items are not used: axe reports their ARIA (a listbox of options wrapping radio
    inputs; a focus target hidden from screen readers). Wire it with :func:`register_choice`.
    """
    return html.Fieldset(
        className="field choice",
        children=[
            html.Legend(label, id=f"{field_id}-legend"),
            dcc.Store(id=field_id, data=value),
            html.Div(
                className="choice-items",
                children=[
                    html.Button(
                        text,
                        id={"type": f"{field_id}-option", "value": option},
                        type="button",
                        className="choice-button",
                        **aria(pressed="true" if option == value else "false"),
                    )
                    for option, text in options
                ],
            ),
        ],
    )


def register_choice(app: dash.Dash, field_id: str) -> None:
    """Pressing an option of :func:`choice_field` ``field_id`` stores it and marks it pressed."""
    option = {"type": f"{field_id}-option", "value": ALL}

    @app.callback(
        Output(field_id, "data"),
        Output(option, "aria-pressed"),
        Input(option, "n_clicks"),
        State(option, "id"),
        prevent_initial_call=True,
    )
    def choose(clicks: list[int | None], ids: list[dict[str, str]]) -> tuple[Any, ...]:
        trigger = ctx.triggered_id
        if not isinstance(trigger, dict) or not any(clicks):
            return no_update, [no_update] * len(ids)
        chosen = trigger["value"]
        return chosen, ["true" if item["value"] == chosen else "false" for item in ids]
