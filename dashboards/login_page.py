"""The server-rendered pages outside Dash: the login form and the 403 page.

Plain HTML (Jinja with autoescaping), no JavaScript and no inline script or style, so they work
under the strict CSP and with assistive technology: every input has a visible label, an error
is announced (role="alert") and tied to the inputs (aria-describedby, aria-invalid).
"""

from __future__ import annotations

from urllib.parse import urlencode

from flask import Response, render_template_string
from markupsafe import Markup

from dashboards.i18n import t

_BASE = """<!DOCTYPE html>
<html lang="{{ lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }} | {{ site }}</title>
<link rel="stylesheet" href="/assets/civicpulse.css">
</head>
<body>
<div class="shell">
<a class="skip-link" href="#main-content">{{ skip }}</a>
<header class="site-header">
<p class="site-title">{{ site }}</p>
<p class="lang-switch"><a id="lang-link" href="{{ switch_href }}" hreflang="{{ other }}"
 lang="{{ other }}">{{ switch_text }}</a></p>
</header>
<main id="main-content" tabindex="-1" class="narrow">
{{ body }}
</main>
</div>
</body>
</html>
"""

_LOGIN = """<h1>{{ heading }}</h1>
<p class="intro">{{ intro }}</p>
{% if error %}<div class="notice notice-error" role="alert" id="login-error">
<p class="notice-text">{{ error }}</p></div>{% endif %}
<form method="post" action="/login" class="login-form">
<input type="hidden" name="csrf_token" value="{{ csrf }}">
<input type="hidden" name="next" value="{{ next }}">
<input type="hidden" name="lang" value="{{ lang }}">
<div class="field">
<label for="username">{{ username_label }}</label>
<input id="username" name="username" type="text" class="text-input" required
 autocomplete="username" autocapitalize="none" spellcheck="false" value="{{ username }}"
 {% if error %}aria-invalid="true" aria-describedby="login-error"{% endif %}>
</div>
<div class="field">
<label for="password">{{ password_label }}</label>
<input id="password" name="password" type="password" class="text-input" required
 autocomplete="current-password"
 {% if error %}aria-invalid="true" aria-describedby="login-error"{% endif %}>
</div>
<button type="submit" class="button button-primary">{{ submit }}</button>
</form>
<p class="hint">{{ help }}</p>
"""

_FORBIDDEN = """<h1>{{ heading }}</h1>
<div class="notice notice-error" role="alert"><p class="notice-text">{{ text }}</p></div>
<p><a href="{{ home }}">{{ back }}</a></p>
"""


def _page(lang: str, title: str, body: str, switch_query: dict[str, str], status: int) -> Response:
    other = t("lang.switch_code", lang)
    html = render_template_string(
        _BASE,
        lang=lang,
        title=title,
        site=t("site.title", lang),
        skip=t("site.skip", lang),
        other=other,
        switch_text=t("lang.switch", lang),
        switch_href="?" + urlencode({"lang": other, **switch_query}),
        body=Markup(body),  # already rendered (and escaped) by Jinja
    )
    return Response(html, status=status, mimetype="text/html")


def login_page(
    lang: str,
    target: str,
    csrf: str,
    username: str = "",
    error: str | None = None,
    status: int = 200,
) -> Response:
    body = render_template_string(
        _LOGIN,
        heading=t("login.heading", lang),
        intro=t("login.intro", lang),
        error=error,
        csrf=csrf,
        next=target,
        lang=lang,
        username_label=t("login.username", lang),
        password_label=t("login.password", lang),
        username=username,
        submit=t("login.submit", lang),
        help=t("login.help", lang),
    )
    query = {"next": target} if target != "/" else {}
    return _page(lang, t("login.title", lang), body, query, status)


def forbidden_page(lang: str) -> Response:
    body = render_template_string(
        _FORBIDDEN,
        heading=t("forbidden.heading", lang),
        text=t("forbidden.text", lang),
        back=t("forbidden.back", lang),
        home="/" if lang == "ja" else f"/?lang={lang}",
    )
    return _page(lang, t("forbidden.heading", lang), body, {}, 403)
