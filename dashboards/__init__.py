"""The civicpulse dashboards: a Dash app that reads the published snapshot read-only.

Public API: :class:`dashboards.config.DashboardConfig`, :func:`dashboards.app.create_app`
and :func:`dashboards.server.serve`.
"""
