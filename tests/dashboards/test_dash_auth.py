"""Authentication on every route, the login page, login throttling, CSRF and sessions, through
Flask's test client on an app from create_app (fast). Roles and headers: test_dash_roles.py."""

from __future__ import annotations

import json
import re
import stat

import pytest

from dashboards.app import create_app
from dashboards.auth import safe_next
from dashboards.users import UserStore
from tests.dashboards.kit import ORIGIN, csrf_from, dash_post, login, router_body

# --- authentication on every route ----------------------------------------------------------


@pytest.mark.parametrize("path", ["/", "/campaigns", "/sql", "/anything/else", "/?lang=en"])
def test_pages_redirect_to_the_login_page(client, path):
    reply = client.get(path)
    assert reply.status_code == 302
    assert reply.headers["Location"].startswith("/login?next=")


def test_redirect_keeps_the_language(client):
    location = client.get("/campaigns?lang=en").headers["Location"]
    assert "lang=en" in location and "next=%2Fcampaigns%3Flang%3Den" in location


@pytest.mark.parametrize("path", ["/_dash-layout", "/_dash-dependencies", "/_reload-hash"])
def test_dash_endpoints_answer_401_without_a_session(client, path):
    reply = client.get(path)
    assert reply.status_code == 401
    assert reply.get_json() == {"error": "login required"}


def test_callbacks_answer_401_without_a_session(client):
    reply = dash_post(client, router_body("/"))
    assert reply.status_code == 401


def test_static_assets_are_public(client):
    assert client.get("/assets/civicpulse.css").status_code == 200
    assert client.get("/_favicon.ico").status_code == 200


def test_every_route_is_guarded(app):
    """A new route must be added to the guard's public list on purpose, or it is protected."""
    client = app.server.test_client()
    public = {"/login", "/assets/<path:filename>", "/_favicon.ico"}
    for rule in app.server.url_map.iter_rules():
        path = re.sub(r"<[^>]+>", "x", rule.rule)
        if rule.rule in public or rule.rule.startswith("/_dash-component-suites/"):
            continue
        if "GET" in rule.methods:
            assert client.get(path).status_code in (302, 401), rule.rule
        if "POST" in rule.methods and rule.rule != "/logout":
            reply = client.post(path, headers={"Origin": ORIGIN})
            assert reply.status_code in (302, 401), rule.rule


# --- login page and login -------------------------------------------------------------------


def test_login_page_is_japanese_first_and_accessible(client):
    reply = client.get("/login")
    html = reply.get_data(as_text=True)
    assert reply.status_code == 200
    assert '<html lang="ja">' in html and "<h1>ログイン</h1>" in html
    assert '<label for="username">ユーザー名</label>' in html
    assert '<label for="password">パスワード</label>' in html
    assert 'autocomplete="current-password"' in html and "<main" in html
    assert 'hreflang="en"' in html and "English" in html
    english = client.get("/login?lang=en").get_data(as_text=True)
    assert '<html lang="en">' in english and "User name" in english and "日本語" in english


def test_wrong_password_is_announced_and_audited(client, config, web):
    reply = login(client, "admin", "not the password at all")
    html = reply.get_data(as_text=True)
    assert reply.status_code == 401
    assert 'role="alert"' in html and "ユーザー名またはパスワードが正しくありません" in html
    assert 'aria-invalid="true" aria-describedby="login-error"' in html
    assert 'value="admin"' in html  # the name is kept, the password is not
    login(client, "nobody", "whatever password")
    events = [
        json.loads(line) for line in (config.paths.logs / "audit.log").read_text().splitlines()
    ]
    assert events[0]["event"] == "login_failure" and events[0]["user"] == "admin"
    assert events[1]["user"] is None and events[1]["unknown_user"] is True
    text = (config.paths.logs / "audit.log").read_text()
    assert "not the password" not in text and "whatever" not in text and "nobody" not in text
    assert stat.S_IMODE((config.paths.logs / "audit.log").stat().st_mode) == 0o600


def test_login_needs_the_form_token(client):
    client.get("/login")
    reply = client.post(
        "/login",
        data={"username": "admin", "password": "x", "csrf_token": "forged"},
        headers={"Origin": ORIGIN},
    )
    assert reply.status_code == 400
    assert "有効期限" in reply.get_data(as_text=True)


def test_cross_origin_posts_are_refused(client):
    token = csrf_from(client.get("/login").get_data(as_text=True))
    form = {"csrf_token": token, "username": "admin", "password": "x"}
    assert (
        client.post("/login", data=form, headers={"Origin": "https://evil.example"}).status_code
        == 403
    )
    assert client.post("/login", data=form).status_code == 403  # neither Origin nor Referer


def test_login_sets_hardened_cookies_and_redirects(client, web, config):
    reply = login(client, "admin", web.PASSWORD, next="/campaigns?start=2025-04-02")
    assert reply.status_code == 303
    assert reply.headers["Location"] == "/campaigns?start=2025-04-02"
    cookies = reply.headers.getlist("Set-Cookie")
    session = next(c for c in cookies if c.startswith("civicpulse_session="))
    assert "HttpOnly" in session and "SameSite=Lax" in session and "Secure" not in session
    csrf = next(c for c in cookies if c.startswith("_csrf_token="))
    assert "SameSite=Strict" in csrf and "HttpOnly" not in csrf
    events = [
        json.loads(line) for line in (config.paths.logs / "audit.log").read_text().splitlines()
    ]
    assert events[-1] == events[-1] | {"event": "login_success", "user": "admin", "role": "admin"}


def test_cookies_are_secure_when_configured_or_over_https(config, web, monkeypatch):
    forced = create_app(web.config(config.paths, cookie_secure=True)).server.test_client()
    reply = login(forced, "admin", web.PASSWORD)
    assert all("Secure" in c for c in reply.headers.getlist("Set-Cookie"))
    monkeypatch.setenv("CIVICPULSE_COOKIE_SECURE", "1")
    by_env = create_app(config).server.test_client()
    assert "Secure" in by_env.get("/login").headers["Set-Cookie"]
    monkeypatch.delenv("CIVICPULSE_COOKIE_SECURE")
    https = create_app(config).server.test_client()
    reply = https.get("/login", base_url="https://localhost")
    assert "Secure" in reply.headers["Set-Cookie"]
    assert reply.headers["Strict-Transport-Security"].startswith("max-age=")


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/campaigns?x=1", "/campaigns?x=1"),
        ("https://evil.example/", "/"),
        ("//evil.example/", "/"),
        ("/\\evil.example", "/"),
        ("javascript:alert(1)", "/"),
        ("/login", "/"),
        (None, "/"),
    ],
)
def test_next_only_goes_to_this_site(target, expected):
    assert safe_next(target) == expected


def test_login_rate_limit_locks_the_name_and_address(client, web, config):
    for attempt in range(4):
        assert login(client, "ana", f"wrong password {attempt}").status_code == 401
    locked = login(client, "ana", "wrong password 5")
    assert locked.status_code == 429
    assert "5 分後" in locked.get_data(as_text=True)
    # While locked even the right password is refused ...
    assert login(client, "ana", web.PASSWORD).status_code == 429
    # ... but the same name from another address, and other names, still work.
    other = create_app(config).server.test_client()
    assert login(other, "ana", web.PASSWORD).status_code == 303
    assert login(client, "admin", web.PASSWORD).status_code == 303
    log = (config.paths.logs / "audit.log").read_text()
    assert '"event": "login_locked"' in log


def test_login_rate_limit_is_per_address(app, web):
    first = app.server.test_client()
    for attempt in range(5):
        login(first, "pr", f"wrong password {attempt}")
    elsewhere = app.server.test_client()
    elsewhere.environ_base["REMOTE_ADDR"] = "192.0.2.7"
    assert login(elsewhere, "pr", web.PASSWORD).status_code == 303


# --- sessions -------------------------------------------------------------------------------


def test_a_session_reaches_pages_and_callbacks(client, web):
    login(client, "pr", web.PASSWORD)
    assert client.get("/").status_code == 200
    assert client.get("/_dash-layout").status_code == 200
    reply = dash_post(client, router_body("/campaigns"))
    assert reply.status_code == 200
    # Dash escapes non-ASCII as \uXXXX unless orjson is installed: compare decoded JSON.
    assert "キャンペーン効果" in json.dumps(reply.get_json(), ensure_ascii=False)


def test_callbacks_need_the_csrf_header_and_same_origin(client, web):
    login(client, "admin", web.PASSWORD)
    assert dash_post(client, router_body("/"), csrf=False).status_code == 403
    assert dash_post(client, router_body("/"), origin="https://evil.example").status_code == 403
    assert dash_post(client, router_body("/")).status_code == 200


def test_logout_ends_the_session(client, web, config):
    login(client, "exec", web.PASSWORD)
    layout = json.dumps(client.get("/_dash-layout").get_json(), ensure_ascii=False)
    assert "exec (幹部)" in layout and "/logout" in layout
    token = client.get_cookie("_csrf_token").value
    client.get("/logout")  # a GET (e.g. a link or an <img> on another site) does not log out
    assert client.get("/").status_code == 200
    assert client.post("/logout", data={}, headers={"Origin": ORIGIN}).status_code == 403
    reply = client.post("/logout", data={"csrf_token": token}, headers={"Origin": ORIGIN})
    assert reply.status_code == 303 and reply.headers["Location"] == "/login"
    assert client.get("/").status_code == 302
    assert '"event": "logout"' in (config.paths.logs / "audit.log").read_text()


def test_removing_a_user_or_changing_the_password_ends_their_sessions(client, web, config):
    login(client, "ana", web.PASSWORD)
    assert client.get("/").status_code == 200
    store = UserStore(config.paths.users)
    store.add("ana", "analyst", "a brand new password", replace=True)
    assert client.get("/").status_code == 302
    login(client, "ana", "a brand new password")
    assert client.get("/").status_code == 200
    store.remove("ana")
    assert client.get("/_dash-layout").status_code == 401


def test_sessions_expire(client, web):
    login(client, "admin", web.PASSWORD)
    with client.session_transaction() as session:
        session["iat"] -= 9 * 3600
    assert client.get("/").status_code == 302


def test_a_forged_session_cookie_is_ignored(client, web):
    client.set_cookie("civicpulse_session", "eyJ1c2VyIjoiYWRtaW4ifQ.forged.signature")
    assert client.get("/").status_code == 302
