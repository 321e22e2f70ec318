"""Login, logout and the guard in front of every page and every Dash callback.

``install_auth(app, config)`` (called by ``create_app``) adds, on the Flask server:

- ``GET/POST /login`` (a plain HTML form, Japanese first, no JavaScript needed) and
  ``POST /logout``; both check a CSRF token bound to the session.
- a ``before_request`` guard, run before Dash's own hooks: every request except the static
  files (``/assets/``, ``/_dash-component-suites/``, the favicon) and the login page needs a
  valid session. Pages redirect to the login page; Dash's JSON endpoints answer 401.
  Unsafe methods must be same-origin (Origin/Referer) and Dash's POSTs must carry the
  ``X-CSRFToken`` header (dash-renderer copies it from the ``_csrf_token`` cookie).
  Role checks happen here, on the server: the pages in ``PAGE_ROLES`` and every callback that
  touches a component id with a prefix in ``CALLBACK_ID_ROLES`` answer 403 to other roles.
- an ``after_request`` hook adding the security headers to every response.

A session is valid while the user exists in users.toml with the same password and the login
is younger than ``config.session_hours``; the role is read from users.toml on every request.
"""

from __future__ import annotations

import logging
import time
from typing import Any
from urllib.parse import urlencode, urlsplit

import dash
from flask import Flask, Response, current_app, g, jsonify, redirect, request, session

from dashboards import login_page
from dashboards.auditlog import AuditLog
from dashboards.config import DashboardConfig
from dashboards.i18n import normalize_lang, t
from dashboards.response_cache import mark_uncacheable, mark_user_specific
from dashboards.scope import remember_city_choice, scoped_config
from dashboards.security import (
    CSRF_COOKIE,
    CSRF_HEADER,
    UNSAFE_METHODS,
    add_security_headers,
    configure_sessions,
    content_security_policy,
    cookie_secure,
    new_csrf_token,
    same_origin,
    tokens_match,
)
from dashboards.throttle import LoginThrottle
from dashboards.users import SQL_ROLES, User, UserStore

log = logging.getLogger(__name__)

AUTH_KEY = "CIVICPULSE_AUTH"
PUBLIC_PATHS = frozenset({"/login", "/_favicon.ico"})
PUBLIC_PREFIXES = ("/assets/", "/_dash-component-suites/")
# Pages and callbacks only some roles may use (checked on the server, not just hidden).
PAGE_ROLES: dict[str, frozenset[str]] = {"/sql": SQL_ROLES}
CALLBACK_ID_ROLES: dict[str, frozenset[str]] = {"sql-": SQL_ROLES}
PAGES_PATHNAME_ID = "_pages_location"


class Auth:
    """What the guard and the login views share for one app."""

    def __init__(self, app: dash.Dash, config: DashboardConfig) -> None:
        self.app = app
        self.config = config
        self.users = UserStore(config.paths.users)
        self.audit = AuditLog(config.paths.logs / "audit.log")
        self.throttle = LoginThrottle(config.login_max_failures, config.login_lockout_seconds)


def install_auth(app: dash.Dash, config: DashboardConfig) -> Auth:
    server: Flask = app.server
    configure_sessions(server, config)
    auth = Auth(app, config)
    server.config[AUTH_KEY] = auth
    server.before_request_funcs.setdefault(None, []).insert(0, _guard)
    server.after_request(_after)
    server.add_url_rule("/login", "civicpulse_login", _login, methods=["GET", "POST"])
    server.add_url_rule("/logout", "civicpulse_logout", _logout, methods=["POST"])
    if not auth.users.load():
        log.warning(
            "no dashboard users in %s: nobody can log in; add one with "
            "`civicpulse users add NAME --role admin`",
            config.paths.users,
        )
    return auth


def _auth() -> Auth:
    auth = current_app.config.get(AUTH_KEY)
    if not isinstance(auth, Auth):
        raise RuntimeError("this app has no authentication installed (use create_app)")
    return auth


def client_ip() -> str:
    return request.remote_addr or "unknown"


def current_user() -> User | None:
    """The logged-in user of this request (None outside a request or when logged out).

    An answer built from the user's identity is theirs alone: it is not reused for others.
    """
    user = g.get("civicpulse_user")
    if not isinstance(user, User):
        return None
    mark_user_specific()
    return user


def current_scope() -> tuple[DashboardConfig, str, str] | None:
    """What the current request's user may see (the narrowed config), their role and name; None
    when nobody is logged in. For the response cache: reading it does not make an answer
    user-specific."""
    user = g.get("civicpulse_user")
    if not isinstance(user, User):
        return None
    return scoped_config(_auth().config, user), user.role, user.name


def audit(event: str, **fields: object) -> None:
    """Record an event for the current request's user in the audit log (the answer that
    caused it is never served again from the response cache)."""
    mark_uncacheable()
    user = current_user()
    _auth().audit.write(event, user=user.name if user else None, ip=client_ip(), **fields)


def allowed(user: User | None, roles: frozenset[str]) -> bool:
    return user is not None and user.role in roles


def csrf_token() -> str:
    """The logged-in session's CSRF token (for forms such as the logout button)."""
    token = session.get("csrf")
    return token if isinstance(token, str) else ""


def _session_user(auth: Auth) -> User | None:
    name, fingerprint, issued = session.get("user"), session.get("fp"), session.get("iat")
    if not isinstance(name, str) or not isinstance(issued, (int, float)):
        return None
    if time.time() - issued > auth.config.session_hours * 3600:
        return None
    user = auth.users.get(name)
    if user is None or user.fingerprint != fingerprint:
        return None
    return user


def _json_error(status: int, message: str) -> Response:
    response = jsonify({"error": message})
    response.status_code = status
    return response


def _guard() -> Response | None:
    auth = _auth()
    path = request.path
    if request.method in UNSAFE_METHODS and not same_origin(request):
        auth.audit.write("access_denied", user=None, ip=client_ip(), path=path, reason="origin")
        return _json_error(403, "cross-origin request refused")
    if path in PUBLIC_PATHS or path.startswith(PUBLIC_PREFIXES):
        return None
    user = _session_user(auth)
    if user is None:
        if request.method == "GET" and not path.startswith("/_"):
            target = request.full_path.rstrip("?")
            lang = request.args.get("lang")
            params = {"next": target} | ({"lang": lang} if lang else {})
            return redirect(f"/login?{urlencode(params)}", code=302)  # type: ignore[return-value]
        return _json_error(401, "login required")
    g.civicpulse_user = user
    if request.method == "GET" and (refusal := remember_city_choice(user, auth.config.paths)):
        auth.audit.write(
            "access_denied", user=user.name, ip=client_ip(), path=path, reason=f"city: {refusal}"
        )
    if (
        request.method in UNSAFE_METHODS
        and path != "/logout"
        and not tokens_match(request.headers.get(CSRF_HEADER), session.get("csrf"))
    ):
        auth.audit.write("access_denied", user=user.name, ip=client_ip(), path=path, reason="csrf")
        return _json_error(403, "missing or wrong CSRF token; reload the page")
    return _check_roles(auth, user, path)


def _check_roles(auth: Auth, user: User, path: str) -> Response | None:
    needed = _page_roles(path.rstrip("/") or "/")
    if needed is not None and user.role not in needed:
        auth.audit.write("access_denied", user=user.name, ip=client_ip(), path=path)
        lang = normalize_lang(request.args.get("lang"), auth.config.default_language)
        return login_page.forbidden_page(lang)
    if path == "/_dash-update-component" and request.method == "POST":
        for roles in _callback_roles(request.get_json(silent=True)):
            if user.role not in roles:
                auth.audit.write(
                    "access_denied", user=user.name, ip=client_ip(), path=path, reason="callback"
                )
                return _json_error(403, "your role may not use this page")
    return None


def _page_roles(path: str) -> frozenset[str] | None:
    return PAGE_ROLES.get(path)


def _callback_roles(body: Any) -> list[frozenset[str]]:
    """The role sets a Dash callback request needs: by the ids it reads or writes, and by the
    page the router is asked to render."""
    if not isinstance(body, dict):
        return []
    output = str(body.get("output", "")).strip(".")
    ids: list[str] = [part.rsplit(".", 1)[0] for part in output.split("...")]
    needed: list[frozenset[str]] = []
    for group in ("inputs", "state"):
        for item in _flatten(body.get(group)):
            component = item.get("id")
            if isinstance(component, dict):
                component = component.get("type", "")
            ids.append(str(component))
            if component == PAGES_PATHNAME_ID and item.get("property") == "pathname":
                path = str(item.get("value") or "/").rstrip("/") or "/"
                if (roles := _page_roles(path)) is not None:
                    needed.append(roles)
    for component in ids:
        for prefix, roles in CALLBACK_ID_ROLES.items():
            if component.lstrip("{").startswith(prefix) or f'"{prefix}' in component:
                needed.append(roles)
    return needed


def _flatten(items: Any) -> list[dict[str, Any]]:
    if isinstance(items, dict):
        return [items]
    if isinstance(items, list):
        return [leaf for item in items for leaf in _flatten(item)]
    return []


def _after(response: Response) -> Response:
    auth = _auth()
    add_security_headers(response, content_security_policy(auth.app))
    token = session.get("csrf")
    if isinstance(token, str) and request.cookies.get(CSRF_COOKIE) != token:
        # Read by dash-renderer (so not HttpOnly) and sent back as the X-CSRFToken header.
        response.set_cookie(
            CSRF_COOKIE,
            token,
            secure=cookie_secure(auth.config),
            httponly=False,
            samesite="Strict",
            path="/",
        )
    return response


def safe_next(target: str | None) -> str:
    """Only paths on this site: '/x?y' is kept; 'https://evil', '//evil', '/\\evil' become '/'."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or target == "/login" or parts.path == "/login":
        return "/"
    return target


def _login() -> Response:
    auth = _auth()
    form = request.form if request.method == "POST" else {}
    lang = normalize_lang(
        form.get("lang") or request.args.get("lang"), auth.config.default_language
    )
    target = safe_next(form.get("next") or request.args.get("next"))
    if request.method == "GET":
        if _session_user(auth) is not None:
            return redirect(target, code=303)  # type: ignore[return-value]
        return _login_form(lang, target)
    name = str(form.get("username", "")).strip()
    password = str(form.get("password", ""))
    if not tokens_match(form.get("csrf_token"), session.get("login_csrf")):
        return _login_form(lang, target, name, t("login.error.expired", lang), 400)
    ip = client_ip()
    known = auth.users.get(name) is not None if name else False
    wait = auth.throttle.locked_for(name, ip)
    if wait > 0:
        auth.audit.write("login_locked", user=name if known else None, ip=ip)
        minutes = max(1, round(wait / 60))
        return _login_form(lang, target, name, t("login.error.locked", lang, minutes=minutes), 429)
    user = auth.users.authenticate(name, password) if name and password else None
    if user is None:
        locked = auth.throttle.failure(name, ip)
        auth.audit.write(
            "login_failure", user=name if known else None, ip=ip, unknown_user=not known
        )
        if locked:
            minutes = max(1, round(auth.config.login_lockout_seconds / 60))
            message = t("login.error.locked", lang, minutes=minutes)
            return _login_form(lang, target, name, message, 429)
        return _login_form(lang, target, name, t("login.error.invalid", lang), 401)
    auth.throttle.success(name, ip)
    session.clear()
    session.permanent = True
    session.update(user=user.name, fp=user.fingerprint, iat=time.time(), csrf=new_csrf_token())
    auth.audit.write("login_success", user=user.name, ip=ip, role=user.role)
    if lang != auth.config.default_language and "lang=" not in target:
        target += ("&" if "?" in target else "?") + urlencode({"lang": lang})
    return redirect(target, code=303)  # type: ignore[return-value]


def _login_form(
    lang: str, target: str, name: str = "", error: str | None = None, status: int = 200
) -> Response:
    token = session.get("login_csrf")
    if not isinstance(token, str):
        token = new_csrf_token()
        session["login_csrf"] = token
    return login_page.login_page(lang, target, token, name, error, status)


def _logout() -> Response:
    auth = _auth()
    user = _session_user(auth)
    lang = normalize_lang(request.form.get("lang"), auth.config.default_language)
    if user is not None and not tokens_match(request.form.get("csrf_token"), session.get("csrf")):
        auth.audit.write("access_denied", user=user.name, ip=client_ip(), path="/logout")
        return _json_error(403, "missing or wrong CSRF token; reload the page")
    if user is not None:
        auth.audit.write("logout", user=user.name, ip=client_ip())
    session.clear()
    query = f"?{urlencode({'lang': lang})}" if lang != auth.config.default_language else ""
    response = redirect(f"/login{query}", code=303)
    response.delete_cookie(CSRF_COOKIE, path="/")
    return response  # type: ignore[return-value]
