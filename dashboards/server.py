"""Serving the dashboards under waitress (a production WSGI server; no Flask dev server)."""

from __future__ import annotations

import logging

from waitress import create_server as _waitress_server  # type: ignore[import-untyped]
from waitress.server import (  # type: ignore[import-untyped]
    BaseWSGIServer,
    MultiSocketServer,
)

from dashboards.app import create_app
from dashboards.config import DashboardConfig

log = logging.getLogger(__name__)

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8050


def create_server(
    config: DashboardConfig,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    threads: int = 4,
) -> BaseWSGIServer | MultiSocketServer:
    """A bound, not yet running waitress server for the dashboard app (``port=0``: any free
    port; read it back from ``server.effective_port``). Call ``.run()`` to serve,
    ``.close()`` to stop."""
    app = create_app(config)
    return _waitress_server(
        app.server,
        host=host,
        port=port,
        threads=threads,
        ident="civicpulse",
        clear_untrusted_proxy_headers=True,
    )


def serve(
    config: DashboardConfig,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    threads: int = 4,
) -> None:
    """Serve the dashboards until interrupted (what ``civicpulse serve`` runs)."""
    server = create_server(config, host, port, threads)
    bound_port = getattr(server, "effective_port", port)
    log.info(
        "civicpulse dashboards on http://%s:%s/ (municipality %s)",
        host,
        bound_port,
        config.municipality_code,
    )
    try:
        server.run()
    finally:
        server.close()
