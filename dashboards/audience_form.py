"""The planner form of the audience page: accessible fields (visible labels with their hints)
and multiple choices as toggle buttons (aria-pressed), like
``components.choice_field`` but with several values kept in ``dcc.Store(id=field_id)``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import dash
from dash import ALL, Input, Output, State, ctx, dcc, html, no_update
from dash.development.base_component import Component

from dashboards.components import aria


def multi_choice_field(
    field_id: str,
    label: str,
    options: Sequence[tuple[str, str]],
    values: Sequence[str],
    hint: str | None = None,
) -> Component:
    """Toggle buttons under a legend; the pressed values are in ``dcc.Store(id=field_id)``."""
    chosen = [value for value, _ in options if value in values]
    hint_children = [html.P(hint, id=f"{field_id}-hint", className="hint")] if hint else []
    return html.Fieldset(
        className="field choice",
        **(aria(describedby=f"{field_id}-hint") if hint else {}),
        children=[
            html.Legend(label, id=f"{field_id}-legend"),
            *hint_children,
            dcc.Store(id=field_id, data=chosen),
            html.Div(
                className="choice-items",
                children=[
                    html.Button(
                        text,
                        id={"type": f"{field_id}-option", "value": value},
                        type="button",
                        className="choice-button",
                        **aria(pressed="true" if value in chosen else "false"),
                    )
                    for value, text in options
                ],
            ),
        ],
    )


def register_multi_choice(app: dash.Dash, field_id: str) -> None:
    """Pressing an option of :func:`multi_choice_field` adds it to or removes it from the
    stored values (kept in the options' order)."""
    option = {"type": f"{field_id}-option", "value": ALL}

    @app.callback(
        Output(field_id, "data"),
        Output(option, "aria-pressed"),
        Input(option, "n_clicks"),
        State(option, "id"),
        State(option, "aria-pressed"),
        prevent_initial_call=True,
    )
    def toggle(
        clicks: list[int | None], ids: list[dict[str, str]], pressed: list[str | None]
    ) -> tuple[Any, ...]:
        trigger = ctx.triggered_id
        if not isinstance(trigger, dict) or not any(clicks):
            return no_update, [no_update] * len(ids)
        state = [
            (item["value"] == trigger["value"]) != (flag == "true")
            for item, flag in zip(ids, pressed, strict=True)
        ]
        chosen = [item["value"] for item, on in zip(ids, state, strict=True) if on]
        return chosen, ["true" if on else "false" for on in state]


def text_field(
    field_id: str, label: str, value: str, hint: str, numeric: bool = False
) -> Component:
    """A text input whose visible label includes the hint (dcc.Input takes no aria-*
    attributes, so the hint is part of the accessible name instead)."""
    return html.Div(
        className="field",
        children=[
            html.Label(
                [label, html.Span(hint, className="hint field-hint")],
                htmlFor=field_id,
            ),
            dcc.Input(
                id=field_id,
                type="text",
                value=value,
                inputMode="numeric" if numeric else "text",
                autoComplete="off",
                className="text-input",
            ),
        ],
    )


def plain_date_field(field_id: str, label: str, value: str) -> Component:
    """A native date input without bounds (a plan's period may lie in the future)."""
    return html.Div(
        className="field",
        children=[
            html.Label(label, htmlFor=field_id),
            dcc.Input(
                id=field_id,
                type="date",  # type: ignore[arg-type]  # works; Dash's hints omit it
                value=value,
                required=True,
                className="date-input",
            ),
        ],
    )
