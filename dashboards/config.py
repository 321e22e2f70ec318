"""What one dashboard process needs to know: where the snapshot is, whose data to show, and how
to protect it (sessions, login throttling, small-cell suppression, SQL limits)."""

from __future__ import annotations

from dataclasses import dataclass, field

from dashboards.i18n import LANGUAGES
from warehouse.paths import HomePaths


@dataclass(frozen=True)
class DashboardConfig:
    """Settings of one dashboard app. Every field after ``municipality_code`` has a safe default.

    paths: the CIVICPULSE_HOME layout; reads ``serving`` (read-only) and ``users``, writes
        ``logs/audit.log`` and, when no secret key is configured, ``secrets/``.
    municipality_code: 全国地方公共団体コード (6 digits); every query filters by it.
    default_language: the language used when the URL has no ``lang`` ("ja" or "en").
    secret_key: signs session cookies. None: $CIVICPULSE_SECRET_KEY, else a key generated once
        per home under CIVICPULSE_HOME/secrets/ (with a warning in the log).
    cookie_secure: the Secure flag on cookies. None: on when $CIVICPULSE_COOKIE_SECURE=1 or the
        request came over HTTPS; True/False force it.
    session_hours: a login lasts this long (absolute, not idle, time).
    login_max_failures / login_lockout_seconds: failed logins per user name and address before
        that pair is locked out, and for how long.
    suppression_threshold: counts of people (sessions, users, applications, conversions)
        below this are shown as "<N" in tables, charts and exports (0 is shown as 0).
    sql_max_rows / sql_timeout_seconds: limits of the analysts' SQL page.
    snapshot_city: when set, every query opens that municipality's own snapshot file instead
        of the whole serving.duckdb (set per request for city-bound users by dashboards.scope).
    response_cache_mb: memory for callback answers reused until the next publish
        (dashboards.response_cache); 0 turns the cache off.
    """

    paths: HomePaths
    municipality_code: str
    default_language: str = "ja"
    secret_key: str | None = field(default=None, repr=False)
    cookie_secure: bool | None = None
    session_hours: float = 8.0
    login_max_failures: int = 5
    login_lockout_seconds: float = 300.0
    suppression_threshold: int = 10
    sql_max_rows: int = 10_000
    sql_timeout_seconds: float = 30.0
    snapshot_city: str | None = None
    response_cache_mb: int = 64

    def __post_init__(self) -> None:
        code = self.municipality_code
        if len(code) != 6 or not code.isascii() or not code.isdigit():
            raise ValueError(
                f"municipality_code must be 6 ASCII digits (全国地方公共団体コード), got {code!r}"
            )
        if self.default_language not in LANGUAGES:
            raise ValueError(
                f"default_language must be one of {', '.join(LANGUAGES)}, "
                f"got {self.default_language!r}"
            )
        if self.secret_key is not None and len(self.secret_key) < 32:
            raise ValueError("secret_key must have at least 32 characters")
        if self.suppression_threshold < 1:
            raise ValueError("suppression_threshold must be at least 1 (1 turns it off)")
        if self.login_max_failures < 1 or self.login_lockout_seconds <= 0:
            raise ValueError("login_max_failures must be >= 1 and login_lockout_seconds > 0")
        if self.sql_max_rows < 1 or self.sql_timeout_seconds <= 0:
            raise ValueError("sql_max_rows must be >= 1 and sql_timeout_seconds > 0")
        if self.response_cache_mb < 0:
            raise ValueError("response_cache_mb must be >= 0 (0 turns the cache off)")
        if self.session_hours <= 0:
            raise ValueError("session_hours must be > 0")
