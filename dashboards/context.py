"""How a page finds the configuration of the app that is serving the current request.

The config is kept in the Flask app's config and read back through ``flask.current_app``,
which is bound to the request. (``dash.get_app()`` is not used: during callback dispatch it
returns whichever app last set its context on that worker thread, or the last app created,
which is wrong when two apps share a process, as in the tests.)
"""

from __future__ import annotations

import dash
from flask import current_app, g, has_app_context, has_request_context

from dashboards.config import DashboardConfig
from dashboards.scope import scoped_config
from dashboards.users import User

CONFIG_KEY = "CIVICPULSE_DASHBOARD"


def attach_config(app: dash.Dash, config: DashboardConfig) -> None:
    app.server.config[CONFIG_KEY] = config


def current_config() -> DashboardConfig:
    """The DashboardConfig of the app handling this request, narrowed to the municipality the
    logged-in user may see (dashboards.scope)."""
    user = g.get("civicpulse_user") if has_request_context() else None
    return scoped_config(app_config(), user if isinstance(user, User) else None)


def app_config() -> DashboardConfig:
    """The app's own DashboardConfig, not narrowed to a user."""
    if not has_app_context():
        raise RuntimeError("current_config() needs a request of an app from create_app()")
    config = current_app.config.get(CONFIG_KEY)
    if not isinstance(config, DashboardConfig):
        raise RuntimeError("this Dash app was not built by dashboards.app.create_app")
    return config
