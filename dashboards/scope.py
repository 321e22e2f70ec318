"""Whose data a request may see: the municipality a user belongs to, enforced on the server.

A city-bound user's config points every query at that city's own snapshot file
(`snapshot_city`), so pages, exports and the SQL sandbox cannot reach another city's rows even
with hand-written SQL. Cross-city roles (prefecture, admin) read the whole snapshot and choose
the city shown with `?city=CODE` on any page (remembered in the session).
"""

from __future__ import annotations

import dataclasses
from typing import Any, cast

from flask import g, has_request_context, request, session

from dashboards.config import DashboardConfig
from dashboards.users import CITY_PATTERN, User
from warehouse.paths import HomePaths

CITY_SESSION_KEY = "city"


def scoped_config(config: DashboardConfig, user: User | None) -> DashboardConfig:
    """The config narrowed to what `user` may see (unchanged when nobody is logged in)."""
    if user is None:
        return config
    if not user.sees_every_city:
        code = user.city or config.municipality_code
        return dataclasses.replace(config, municipality_code=code, snapshot_city=code)
    chosen = session.get(CITY_SESSION_KEY) if has_request_context() else None
    code = chosen if isinstance(chosen, str) else (user.city or config.municipality_code)
    return dataclasses.replace(config, municipality_code=code, snapshot_city=None)


class _RequestScopedConfig:
    """Stands in for the app's DashboardConfig in callbacks: every attribute is read from the
    config narrowed to the current request's user, so no callback can forget the scope."""

    def __init__(self, base: DashboardConfig) -> None:
        self._base = base

    def __getattr__(self, name: str) -> Any:
        if not has_request_context():
            return getattr(self._base, name)
        user = g.get("civicpulse_user")
        return getattr(scoped_config(self._base, user if isinstance(user, User) else None), name)


def request_scoped(config: DashboardConfig) -> DashboardConfig:
    return cast(DashboardConfig, _RequestScopedConfig(config))


def remember_city_choice(user: User, paths: HomePaths) -> str | None:
    """Take `?city=CODE` from a cross-city user; return a refusal reason for anyone else."""
    wanted = request.args.get("city")
    if wanted is None:
        return None
    if not user.sees_every_city:
        return "city-bound user asked for another city"
    if CITY_PATTERN.match(wanted) and wanted in available_cities(paths):
        session[CITY_SESSION_KEY] = wanted
        return None
    return "unknown municipality code"


def available_cities(paths: HomePaths) -> list[str]:
    """The municipalities present in the published snapshot (one file each)."""
    if not paths.city_snapshots.exists():
        return []
    return sorted(p.stem for p in paths.city_snapshots.glob("*.duckdb") if p.stem.isdigit())
