"""Tests of the dashboards (Dash app, auth, pages, exports)."""
