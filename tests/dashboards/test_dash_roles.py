"""Who may do what, and what every response carries: roles enforced on the server (pages and
callbacks), security headers, the session-signing key, and the same checks over the wire."""

from __future__ import annotations

import json
import logging
import re
import stat

import pytest

from dashboards.security import resolve_secret_key
from dashboards.users import UserStore
from tests.dashboards.kit import SQL_RUN, dash_post, login, router_body

# --- roles ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["pr", "exec"])
def test_sql_page_is_forbidden_to_other_roles(client, web, name, config):
    login(client, name, web.PASSWORD)
    page = client.get("/sql")
    assert page.status_code == 403
    assert "表示する権限がありません" in page.get_data(as_text=True)
    assert dash_post(client, router_body("/sql")).status_code == 403
    assert dash_post(client, SQL_RUN).status_code == 403
    layout = client.get("/_dash-layout").get_data(as_text=True)
    assert 'href":"/sql' not in layout.replace(" ", "")
    assert "sql_query" not in (config.paths.logs / "audit.log").read_text()


@pytest.mark.parametrize("name", ["ana", "admin"])
def test_sql_page_is_open_to_analysts_and_admins(client, web, name, config):
    login(client, name, web.PASSWORD)
    assert client.get("/sql").status_code == 200
    reply = dash_post(client, router_body("/sql"))
    # Dash escapes non-ASCII as \uXXXX unless orjson is installed: compare decoded JSON.
    assert "SQL 分析" in json.dumps(reply.get_json(), ensure_ascii=False)
    reply = dash_post(client, SQL_RUN)
    assert reply.status_code == 200
    assert reply.get_json()["response"]["sql-grid"]["data"] == [{"c0": 42}]
    events = [
        json.loads(line) for line in (config.paths.logs / "audit.log").read_text().splitlines()
    ]
    assert events[-1] | {"ts": None} == {
        "ts": None,
        "event": "sql_query",
        "user": name,
        "ip": "127.0.0.1",
        "sql": "select 42 as answer",
        "ok": True,
        "rows": 1,
        "truncated": False,
        "seconds": events[-1]["seconds"],
    }


def test_the_role_is_read_on_every_request(client, web, config):
    login(client, "pr", web.PASSWORD)
    assert client.get("/sql").status_code == 403
    store = UserStore(config.paths.users)
    users = store.load()
    users["pr"] = users["pr"].__class__("pr", "analyst", users["pr"].password_hash, "x")
    store._write(users)  # same password: the session survives, with the new role
    assert client.get("/sql").status_code == 200


# --- headers --------------------------------------------------------------------------------


def check_headers(headers) -> None:
    csp = headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "object-src 'none'" in csp and "form-action 'self'" in csp
    script = re.search(r"script-src ([^;]+)", csp).group(1)
    assert "'unsafe-inline'" not in script and "'unsafe-eval'" not in script
    assert "http" not in csp  # nothing from another site, no CDN
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "same-origin"


@pytest.mark.parametrize(
    "path", ["/login", "/", "/_dash-layout", "/assets/civicpulse.css", "/nope", "/_dash-x"]
)
def test_security_headers_on_every_response(client, path):
    check_headers(client.get(path).headers)


def test_security_headers_when_logged_in(client, web):
    login(client, "pr", web.PASSWORD)
    for reply in (client.get("/"), client.get("/sql"), dash_post(client, router_body("/"))):
        check_headers(reply.headers)
        assert reply.headers["Cache-Control"] == "no-store"
    assert "no-store" not in client.get("/assets/civicpulse.css").headers.get("Cache-Control", "")


def test_csp_allows_exactly_the_inline_scripts_of_the_index(client, web, app):
    login(client, "admin", web.PASSWORD)
    reply = client.get("/")
    html = reply.get_data(as_text=True)
    inline = re.findall(r"<script(?: [^>]*)?>([^<]+)</script>", html)
    executable = [body for body in inline if "application/json" not in html.split(body)[0][-80:]]
    assert executable, "Dash's renderer start-up is inline"
    csp = reply.headers["Content-Security-Policy"]
    assert all(h in csp for h in app.csp_hashes())


# --- secret key -----------------------------------------------------------------------------


def test_secret_key_comes_from_config_env_or_a_generated_file(config, caplog, monkeypatch):
    assert resolve_secret_key(config) == config.secret_key
    bare = config.__class__(paths=config.paths, municipality_code=config.municipality_code)
    monkeypatch.setenv("CIVICPULSE_SECRET_KEY", "k" * 40)
    assert resolve_secret_key(bare) == "k" * 40
    monkeypatch.setenv("CIVICPULSE_SECRET_KEY", "short")
    with pytest.raises(ValueError, match="32"):
        resolve_secret_key(bare)
    monkeypatch.delenv("CIVICPULSE_SECRET_KEY")
    with caplog.at_level(logging.WARNING):
        generated = resolve_secret_key(bare)
    assert "CIVICPULSE_SECRET_KEY is not set" in caplog.text
    path = config.paths.home / "secrets" / "dashboard_session.key"
    assert path.read_text() == generated and len(generated) >= 32
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert resolve_secret_key(bare) == generated  # stable across restarts


# --- the same over the wire (waitress) ------------------------------------------------------


def test_over_http_unauthenticated_callbacks_are_refused(live_url, web):
    anonymous = web.Client(live_url)
    reply = anonymous.post_json("/_dash-update-component", router_body("/"))
    assert reply.status == 401
    assert anonymous.get("/campaigns").status == 302


def test_over_http_pr_staff_gets_403_from_the_sql_callback(live_url, web):
    pr = web.Client(live_url)
    assert pr.login("pr").status == 303
    assert pr.post_json("/_dash-update-component", SQL_RUN).status == 403
    assert pr.post_json("/_dash-update-component", router_body("/sql")).status == 403
    assert pr.get("/sql").status == 403
    ok = pr.post_json("/_dash-update-component", router_body("/campaigns"))
    assert ok.status == 200
