"""The app served by waitress, exercised over HTTP with urllib (no browser)."""

from __future__ import annotations

import importlib
import json
import re
from pathlib import Path
from typing import Any

import dash
import pytest

from dashboards.app import PAGES_DIR, create_app
from dashboards.context import current_config
from dashboards.i18n import t


@pytest.fixture(scope="module")
def missing_admin(missing_live_url, web):
    client = web.Client(missing_live_url)
    assert client.login("admin").status == 303
    return client


def get(client, path: str) -> tuple[int, str, str]:
    reply = client.get(path)
    return reply.status, reply.headers.get("Content-Type", ""), reply.text


def dependencies(client) -> list[dict[str, Any]]:
    return client.get("/_dash-dependencies").json()


def call(client, output_fragment: str, values: dict[str, Any]) -> dict[str, Any]:
    """POST one callback the way the renderer does; ``values`` maps "id.prop" to a value."""
    reply = client.call(output_fragment, values)
    assert reply.status == 200, reply.text
    return reply.json()["response"]


def test_create_app_is_configured_for_an_intranet(config):
    app = create_app(config)
    assert isinstance(app, dash.Dash)
    assert app.config.serve_locally is True
    assert Path(app.config.pages_folder).is_absolute()
    assert Path(app.config.pages_folder) == PAGES_DIR
    assert '<html lang="ja">' in app.index_string
    assert not app.config.external_stylesheets and not app.config.external_scripts
    assert any(page["path"] == "/" for page in dash.page_registry.values())


def test_create_app_reads_nothing_until_a_page_is_requested(missing_config):
    create_app(missing_config)  # no snapshot, no error


def test_index_is_japanese_and_loads_nothing_from_elsewhere(admin):
    status, content_type, html = get(admin, "/")
    assert status == 200 and content_type.startswith("text/html")
    assert '<html lang="ja">' in html
    assert "<title>civicpulse みどり市</title>" in html
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources, "the index loads scripts and styles"
    assert all(src.startswith("/") for src in sources), sources
    css = [src for src in sources if "civicpulse.css" in src]
    assert css, "the local stylesheet is linked"
    status, content_type, body = get(admin, css[0])
    assert status == 200 and "text/css" in content_type and ".kpi-value" in body


def test_layout_has_landmarks_and_the_page_container(admin):
    layout = get(admin, "/_dash-layout")[2]
    for component_id in ('"main-content"', '"_pages_content"', '"site-nav"', '"lang-link"'):
        assert component_id in layout
    assert '"type":"Main"' in layout.replace(" ", "")
    assert '"type":"Header"' in layout.replace(" ", "")


def test_dependencies_list_the_overview_callbacks(admin):
    outputs = " ".join(d["output"] for d in dependencies(admin))
    for expected in ("kpi-sessions.children", "sessions-graph.figure", "url.search", "status"):
        assert expected in outputs


def test_routing_renders_the_overview_in_japanese(admin):
    response = call(
        admin,
        "_pages_content.children",
        {"_pages_location.pathname": "/", "_pages_location.search": ""},
    )
    page = json.dumps(response["_pages_content"]["children"], ensure_ascii=False)
    assert "概要" in page and "start-date" in page and "セッション数" in page
    assert '"value": "2025-04-01"' in page and '"value": "2025-04-03"' in page


def test_routing_honours_lang_and_dates_from_the_url(admin):
    response = call(
        admin,
        "_pages_content.children",
        {
            "_pages_location.pathname": "/",
            "_pages_location.search": "?lang=en&start=2025-04-02&end=2025-04-02",
        },
    )
    page = json.dumps(response["_pages_content"]["children"], ensure_ascii=False)
    assert "Overview" in page and "Start date" in page
    assert '"value": "2025-04-02"' in page


def test_kpi_callback_returns_formatted_numbers(admin, snap):
    state = {"lang": "ja", "first": "2025-04-01", "last": "2025-04-03"}
    response = call(
        admin,
        "kpi-sessions.children",
        {
            "start-date.value": "2025-04-02",
            "end-date.value": "2025-04-02",
            "page-state.data": state,
        },
    )
    want = snap.EXPECTED["2025-04-02"]
    assert response["kpi-sessions"]["children"] == want["sessions_text"]
    assert response["kpi-ad-spend"]["children"] == want["spend_text"]
    assert response["kpi-clicks"]["children"] == want["clicks_text"]
    assert response["kpi-online-applications"]["children"] == "40"
    assert response["kpi-online-share"]["children"] == want["online_share_pct"]
    assert response["sessions-graph"]["figure"]["data"]


def test_missing_snapshot_routes_to_a_friendly_message_not_a_500(missing_admin):
    assert get(missing_admin, "/")[0] == 200
    response = call(
        missing_admin,
        "_pages_content.children",
        {"_pages_location.pathname": "/", "_pages_location.search": ""},
    )
    page = json.dumps(response["_pages_content"]["children"], ensure_ascii=False)
    assert "まだデータが公開されていません" in page
    assert "start-date" not in page


def test_two_apps_in_one_process_keep_their_own_config(admin, missing_admin):
    # Both servers run in this process; each page render must use its own app's config.
    ok = call(admin, "_pages_content.children", {"_pages_location.pathname": "/"})
    missing = call(missing_admin, "_pages_content.children", {"_pages_location.pathname": "/"})
    assert "start-date" in json.dumps(ok)
    assert "start-date" not in json.dumps(missing)


def test_current_config_is_the_app_config(config):
    app = create_app(config)
    with app.server.test_request_context("/"):
        assert current_config() == config


def test_current_config_follows_the_request_not_the_last_app(config, missing_config):
    first = create_app(config)
    create_app(missing_config)  # created later: dash.get_app() would now return this one
    with first.server.test_request_context("/"):
        assert current_config() == config


def test_current_config_needs_a_request():
    with pytest.raises(RuntimeError, match="create_app"):
        current_config()


def test_render_turns_bad_input_and_missing_data_into_messages(config, missing_config):
    create_app(config)  # Dash Pages imports the page module
    overview = importlib.import_module("dashboards.pages.overview")
    ok = overview.render(config, "2025-04-01", "2025-04-03", "ja")
    assert ok[:5] == ("7,400", "¥12,368", "871", "150", "29.4%")
    assert ok[-1] == "2025年4月1日 ～ 2025年4月3日 の数値を表示しています。"
    half_typed = overview.render(config, "", "2025-04-03", "en")
    assert half_typed[0] == "—" and half_typed[-1] == t("filter.invalid", "en")
    missing = overview.render(missing_config, "2025-04-01", "2025-04-03", "ja")
    assert missing[0] == "—" and missing[-1] == t("error.snapshot_missing", "ja")
