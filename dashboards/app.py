"""The Dash app factory: ``create_app(config)``.

Every page and callback needs a login (dashboards.auth); the header shows the user, the
pages their role may open and a logout button. All assets are served by the app itself (``serve_locally=True``; CSS in dashboards/assets/):
no CDN, as on a city intranet. The shell (skip link, header, navigation, language switch,
``<main>``) lives here; pages live in dashboards/pages/ and are found by Dash Pages.
Language: Japanese by default, English with ``?lang=en`` (the page re-renders; the header
and ``<html lang>`` follow the URL).
"""

from __future__ import annotations

import importlib
from pathlib import Path

import dash
from dash import Input, Output, dcc, html
from dash.development.base_component import Component

from dashboards.auth import (
    PAGE_ROLES,
    allowed,
    csrf_token,
    current_scope,
    current_user,
    install_auth,
)
from dashboards.components import aria
from dashboards.config import DashboardConfig
from dashboards.context import attach_config, current_config
from dashboards.i18n import t
from dashboards.response_cache import install_response_cache
from dashboards.scope import available_cities, request_scoped
from dashboards.urlstate import build_search, lang_from_search, with_lang
from dashboards.users import User

PACKAGE_DIR = Path(__file__).resolve().parent
PAGES_DIR = PACKAGE_DIR / "pages"
ASSETS_DIR = PACKAGE_DIR / "assets"
TITLE = "civicpulse みどり市"
PAGE_MODULES: tuple[str, ...] = (
    "dashboards.pages.overview",
    "dashboards.pages.campaigns",
    "dashboards.pages.executive",
    "dashboards.pages.channels",
    "dashboards.pages.audience",
    "dashboards.pages.web",
    "dashboards.pages.sql",
)

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
    install_auth(app, config)
    install_response_cache(app.server, current_scope, config.response_cache_mb * 1024 * 1024)
    # A function: evaluated per request, so the header shows this session's user and role.
    app.layout = lambda: _shell(config.default_language, _request_user())
    _register_shell_callbacks(app, config)
    scoped = request_scoped(config)
    for module_name in PAGE_MODULES:
        # Dash Pages has just (re)imported the module; its callbacks are attached per app and
        # see the config narrowed to each request's user (dashboards.scope).
        importlib.import_module(module_name).register_callbacks(app, scoped)
    return app


def _request_user() -> User | None:
    return current_user()


def _shell(lang: str, user: User | None) -> html.Div:
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
                        children=_nav_items(lang, lang, user),
                    ),
                    html.P(
                        dcc.Link(id="lang-link", href="?lang=en", children=_lang_link_text(lang)),
                        className="lang-switch",
                    ),
                    _account(lang, user),
                ],
            ),
            html.Main(id="main-content", tabIndex="-1", children=dash.page_container),
        ],
    )


def _nav_items(lang: str, default_lang: str, user: User | None) -> html.Ul:
    """Links to the pages this user's role may open (the server enforces it too)."""
    query = build_search(lang, default_lang=default_lang)
    pages = [
        page
        for page in dash.page_registry.values()
        if page["path"] not in PAGE_ROLES or allowed(user, PAGE_ROLES[page["path"]])
    ]
    return html.Ul(
        [
            html.Li(
                dcc.Link(
                    t(page["nav_key"], lang) if "nav_key" in page else page["name"],
                    href=f"{page['relative_path']}{query}",
                )
            )
            for page in pages
        ]
    )


def _account(lang: str, user: User | None) -> html.Div:
    """Who is signed in, which municipality is shown, and a logout button (a plain POST form
    with the CSRF token)."""
    if user is None:
        return html.Div(id="account", className="account")
    return html.Div(
        id="account",
        className="account",
        children=[
            html.Span(
                t("header.user", lang, name=user.name, role=t(f"role.{user.role}", lang)),
                id="account-name",
            ),
            *_city(lang, user),
            html.Form(
                method="post",
                action="/logout",
                children=[
                    dcc.Input(type="hidden", name="csrf_token", value=csrf_token()),
                    dcc.Input(id="logout-lang", type="hidden", name="lang", value=lang),
                    html.Button(
                        t("header.logout", lang),
                        id="logout-button",
                        className="button",
                        type="submit",
                    ),
                ],
            ),
        ],
    )


def _city(lang: str, user: User) -> list[Component]:
    """The municipality shown; cross-city roles get a plain GET form to switch (the server
    checks the choice, see dashboards.scope)."""
    config = current_config()
    shown = html.Span(t("header.city", lang, code=config.municipality_code), id="account-city")
    cities = available_cities(config.paths)
    if not user.sees_every_city or len(cities) < 2:
        return [shown]
    switch = html.Form(
        method="get",
        action="",
        id="city-switch",
        **aria(label=t("header.city_switch", lang)),
        children=[
            html.Label(t("header.city_label", lang), htmlFor="city-select"),
            html.Select(
                id="city-select",
                name="city",
                children=[
                    html.Option(code, value=code, selected=code == config.municipality_code)
                    for code in cities
                ],
            ),
            dcc.Input(type="hidden", name="lang", value=lang),
            html.Button(t("header.city_apply", lang), type="submit", className="button"),
        ],
    )
    return [shown, switch]


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
        Output("account", "children"),
        Input("url", "search"),
        Input("url", "pathname"),
    )
    def header(search: str | None, pathname: str | None) -> tuple[object, ...]:
        lang = lang_from_search(search, default)
        user = _request_user()
        other = t("lang.switch_code", lang)
        switch = with_lang(search, other, default)
        return (
            t("site.title", lang),
            f"/{build_search(lang, default_lang=default)}",
            _nav_items(lang, default, user),
            t("nav.label", lang),
            _lang_link_text(lang),
            f"{pathname or '/'}{switch}",
            t("site.skip", lang),
            _account(lang, user).children,
        )

    app.clientside_callback(
        _SYNC_LANG_JS,
        Output("doc-lang", "data"),
        Input("url", "search"),
        Input("default-lang", "data"),
    )
