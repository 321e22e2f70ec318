"""HTTP hardening: session secret, cookie flags, security headers, CSRF and same-origin checks.

Content-Security-Policy (what Dash 4.4 + plotly.js need, measured in Chromium — see
tests/dashboards/test_dash_security.py, which fails on any CSP violation report):

- ``script-src 'self'`` plus the sha256 hashes of Dash's inline scripts (the renderer start-up
  line and the inline clientside callbacks, from ``app.csp_hashes()``). No 'unsafe-inline',
  no 'unsafe-eval': the renderer's one ``new Function`` is a dead fallback for browsers
  without ``globalThis``; plotly's WebGL traces (which would need eval) are not used.
- ``style-src 'self' 'unsafe-inline'``: plotly.js and Dash's components inject ``<style>``
  elements and style attributes at run time; without it the charts lose their layout.
- ``img-src 'self' data: blob:``: plotly's PNG export draws an SVG data: URL into a canvas.
- everything else ``'self'``; ``object-src 'none'``, ``base-uri 'self'``,
  ``form-action 'self'``, ``frame-ancestors 'none'`` (and X-Frame-Options DENY).
"""

from __future__ import annotations

import logging
import os
import secrets
from pathlib import Path
from urllib.parse import urlsplit

import dash
from flask import Flask, Request, Response, request
from flask.sessions import SecureCookieSessionInterface

from dashboards.config import DashboardConfig

log = logging.getLogger(__name__)

SECRET_ENV = "CIVICPULSE_SECRET_KEY"
COOKIE_SECURE_ENV = "CIVICPULSE_COOKIE_SECURE"
SESSION_COOKIE = "civicpulse_session"
CSRF_COOKIE = "_csrf_token"  # the name dash-renderer reads; it sends the value as X-CSRFToken
CSRF_HEADER = "X-CSRFToken"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def resolve_secret_key(config: DashboardConfig, environ: dict[str, str] | None = None) -> str:
    """The session-signing key: config, else $CIVICPULSE_SECRET_KEY, else a per-home file."""
    if config.secret_key:
        return config.secret_key
    env = os.environ if environ is None else environ
    configured = env.get(SECRET_ENV, "")
    if configured:
        if len(configured) < 32:
            raise ValueError(f"{SECRET_ENV} must have at least 32 characters")
        return configured
    path = config.paths.home / "secrets" / "dashboard_session.key"
    key = _read_or_create_secret(path)
    log.warning(
        "%s is not set: signing sessions with the key generated in %s; set %s "
        "(the same value on every server process) in production",
        SECRET_ENV,
        path,
        SECRET_ENV,
    )
    return key


def _read_or_create_secret(path: Path) -> str:
    if path.exists():
        return path.read_text(encoding="ascii").strip()
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    key = secrets.token_urlsafe(48)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process won the race
        return path.read_text(encoding="ascii").strip()
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(key)
    return key


def env_cookie_secure(environ: dict[str, str] | None = None) -> bool:
    env = os.environ if environ is None else environ
    return env.get(COOKIE_SECURE_ENV, "").strip().lower() in {"1", "true", "yes", "on"}


def cookie_secure(config: DashboardConfig) -> bool:
    """The Secure flag for cookies set while handling the current request."""
    if config.cookie_secure is not None:
        return config.cookie_secure
    return env_cookie_secure() or request.is_secure


class SessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie session with a Secure flag that follows :func:`cookie_secure`."""

    def __init__(self, config: DashboardConfig) -> None:
        self._config = config

    def get_cookie_secure(self, app: Flask) -> bool:
        return cookie_secure(self._config)


def configure_sessions(server: Flask, config: DashboardConfig) -> None:
    server.secret_key = resolve_secret_key(config)
    server.session_interface = SessionInterface(config)
    server.config.update(
        SESSION_COOKIE_NAME=SESSION_COOKIE,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        PERMANENT_SESSION_LIFETIME=int(config.session_hours * 3600),
        SESSION_REFRESH_EACH_REQUEST=False,
    )


def content_security_policy(app: dash.Dash) -> str:
    hashes = " ".join(app.csp_hashes())
    directives = {
        "default-src": "'self'",
        "script-src": f"'self' {hashes}".strip(),
        "style-src": "'self' 'unsafe-inline'",
        "img-src": "'self' data: blob:",
        "font-src": "'self' data:",
        "connect-src": "'self'",
        "object-src": "'none'",
        "base-uri": "'self'",
        "form-action": "'self'",
        "frame-ancestors": "'none'",
    }
    return "; ".join(f"{name} {value}" for name, value in directives.items())


def add_security_headers(response: Response, csp: str) -> Response:
    headers = response.headers
    headers["Content-Security-Policy"] = csp
    headers["X-Content-Type-Options"] = "nosniff"
    headers["X-Frame-Options"] = "DENY"
    headers["Referrer-Policy"] = "same-origin"
    headers["Cross-Origin-Opener-Policy"] = "same-origin"
    headers["Cross-Origin-Resource-Policy"] = "same-origin"
    headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()"
    if request.is_secure:
        headers["Strict-Transport-Security"] = "max-age=31536000"
    if not _is_static(request.path):
        headers["Cache-Control"] = "no-store"
    return response


def _is_static(path: str) -> bool:
    return path.startswith(("/assets/", "/_dash-component-suites/")) or path == "/_favicon.ico"


def same_origin(req: Request) -> bool:
    """True when the request's Origin (or, failing that, Referer) names this host.

    Browsers send Origin on every cross-site POST; one without Origin or Referer is refused.
    The host comparison ignores the scheme so TLS ended at a proxy still matches.
    """
    claimed = req.headers.get("Origin") or req.headers.get("Referer")
    if not claimed or claimed == "null":
        return False
    return urlsplit(claimed).netloc.lower() == req.host.lower()


def new_csrf_token() -> str:
    return secrets.token_urlsafe(32)


def tokens_match(sent: str | None, expected: str | None) -> bool:
    return bool(sent) and bool(expected) and secrets.compare_digest(str(sent), str(expected))
