"""The Dash app factory: ``create_app(config)``.

All assets are served by the app itself (``serve_locally=True``; CSS in dashboards/assets/):
no CDN, as on a city intranet. The shell (skip link, header, navigation, language switch,
``<main>``) lives here; pages live in dashboards/pages/ and are found by Dash Pages.
Language: Japanese by default, English with ``?lang=en`` (the page re-renders; the header
and ``<html lang>`` follow the URL).
"""

from __future__ import annotations

import importlib
from pathlib import Path

import dash
from dash import Input, Output, State, dcc, html

from dashboards.components import aria
from dashboards.config import DashboardConfig
from dashboards.context import attach_config
from dashboards.i18n import t
from dashboards.urlstate import build_search, lang_from_search, parse_search

PACKAGE_DIR = Path(__file__).resolve().parent
PAGES_DIR = PACKAGE_DIR / "pages"
ASSETS_DIR = PACKAGE_DIR / "assets"
TITLE = "civicpulse みどり市"
PAGE_MODULES: tuple[str, ...] = ("dashboards.pages.overview",)

INDEX_STRING = """<!DOCTYPE html>
<html lang="ja">
    <head>
        {%metas%}
        <title>{%title%}</title>
        {%favicon%}
        {%css%}
    </head>
    <body>
        {%app_entry%}
        {%config%}
        {%scripts%}
        {%renderer%}
    </body>
</html>"""

# Keeps <html lang> in step with the language in the URL (Dash cannot render <html> itself).
_SYNC_LANG_JS = """
function(search, fallback) {
    var lang = new URLSearchParams(search || "").get("lang");
    lang = (lang === "en" || lang === "ja") ? lang : fallback;
    document.documentElement.lang = lang;
    return lang;
}
"""


def create_app(config: DashboardConfig) -> dash.Dash:
    """Build the dashboard app for one municipality; reads nothing until a page is requested."""
    app = dash.Dash(
        "dashboards",
        use_pages=True,
        pages_folder=str(PAGES_DIR),
        assets_folder=str(ASSETS_DIR),
        serve_locally=True,
        title=TITLE,
        update_title=None,  # type: ignore[arg-type]  # None keeps the title while loading
        suppress_callback_exceptions=True,
        meta_tags=[
            {"name": "viewport", "content": "width=device-width, initial-scale=1"},
        ],
    )
    app.index_string = INDEX_STRING
    attach_config(app, config)
    app.layout = _shell(config.default_language)
    _register_shell_callbacks(app, config)
    for module_name in PAGE_MODULES:
        # Dash Pages has just (re)imported the module; its callbacks are attached per app.
        importlib.import_module(module_name).register_callbacks(app, config)
    return app


def _shell(lang: str) -> html.Div:
    return html.Div(
        className="shell",
        children=[
            dcc.Location(id="url", refresh=False),
            dcc.Store(id="doc-lang", data=lang),
            dcc.Store(id="default-lang", data=lang),
            html.A(
                t("site.skip", lang), href="#main-content", id="skip-link", className="skip-link"
            ),
            html.Header(
                className="site-header",
                children=[
                    html.P(
                        dcc.Link(t("site.title", lang), href="/", id="site-title"),
                        className="site-title",
                    ),
                    html.Nav(
                        id="site-nav",
                        className="site-nav",
                        **aria(label=t("nav.label", lang)),
                        children=_nav_items(lang, lang),
                    ),
                    html.P(
                        dcc.Link(id="lang-link", href="?lang=en", children=_lang_link_text(lang)),
                        className="lang-switch",
                    ),
                ],
            ),
            html.Main(id="main-content", tabIndex="-1", children=dash.page_container),
        ],
    )


def _nav_items(lang: str, default_lang: str) -> html.Ul:
    query = build_search(lang, default_lang=default_lang)
    return html.Ul(
        [
            html.Li(
                dcc.Link(
                    t(page["nav_key"], lang) if "nav_key" in page else page["name"],
                    href=f"{page['relative_path']}{query}",
                )
            )
            for page in dash.page_registry.values()
        ]
    )


def _lang_link_text(lang: str) -> html.Span:
    return html.Span(t("lang.switch", lang), lang=t("lang.switch_code", lang))


def _register_shell_callbacks(app: dash.Dash, config: DashboardConfig) -> None:
    default = config.default_language

    @app.callback(
        Output("site-title", "children"),
        Output("site-title", "href"),
        Output("site-nav", "children"),
        Output("site-nav", "aria-label"),
        Output("lang-link", "children"),
        Output("lang-link", "href"),
        Output("skip-link", "children"),
        Input("url", "search"),
        State("url", "pathname"),
    )
    def header(search: str | None, pathname: str | None) -> tuple[object, ...]:
        lang = lang_from_search(search, default)
        other = t("lang.switch_code", lang)
        query = parse_search(search)
        switch = build_search(other, query.get("start"), query.get("end"), default)
        return (
            t("site.title", lang),
            f"/{build_search(lang, default_lang=default)}",
            _nav_items(lang, default),
            t("nav.label", lang),
            _lang_link_text(lang),
            f"{pathname or '/'}{switch}",
            t("site.skip", lang),
        )

    app.clientside_callback(
        _SYNC_LANG_JS,
        Output("doc-lang", "data"),
        Input("url", "search"),
        Input("default-lang", "data"),
    )
