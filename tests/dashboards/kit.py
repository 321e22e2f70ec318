"""Helpers shared by the dashboard tests: users of every role, the app under waitress and a
browser-like HTTP client (cookies, Origin, the X-CSRFToken header dash-renderer sends)."""

from __future__ import annotations

import http.cookiejar
import json
import re
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from email.message import Message
from functools import cache
from typing import Any

from dashboards.config import DashboardConfig
from dashboards.server import create_server
from dashboards.users import User, dumps, hash_password
from warehouse.paths import HomePaths

CITY = "990019"
PASSWORD = "correct horse battery staple"
ROLE_USERS = {"admin": "admin", "ana": "analyst", "pr": "pr_staff", "exec": "executive"}
SECRET = "test-secret-key-0123456789abcdef-0123456789"


@cache
def users_toml() -> str:
    """users.toml for every role (hashed once, and cheaply: scrypt is slow on purpose)."""
    hashed = hash_password(PASSWORD, n=2**10)
    return dumps(
        {name: User(name, role, hashed, "2025-04-01") for name, role in ROLE_USERS.items()}
    )


def add_users(home: HomePaths) -> HomePaths:
    home.home.mkdir(parents=True, exist_ok=True)
    home.users.write_text(users_toml(), encoding="utf-8")
    home.users.chmod(0o600)
    return home


def make_config(home: HomePaths, **overrides: Any) -> DashboardConfig:
    return DashboardConfig(
        paths=home, municipality_code=CITY, **({"secret_key": SECRET} | overrides)
    )


@dataclass
class Reply:
    status: int
    headers: Message
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")

    def json(self) -> Any:
        return json.loads(self.body)

    @property
    def decoded(self) -> str:
        """The JSON body with non-ASCII as characters: Dash writes them as \\uXXXX escapes
        unless orjson happens to be installed, and tests must not depend on that."""
        return json.dumps(self.json(), ensure_ascii=False)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


class Client:
    """A browser-like HTTP client: cookies, Origin on POSTs, the X-CSRFToken header that
    dash-renderer sends; redirects are returned, not followed."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect()
        )

    def request(
        self,
        method: str,
        path: str,
        data: bytes | None = None,
        headers: dict[str, str] | None = None,
        origin: str | None = "same",
    ) -> Reply:
        sent = dict(headers or {})
        if method != "GET" and origin:
            sent.setdefault("Origin", self.base if origin == "same" else origin)
        request = urllib.request.Request(self.base + path, data=data, headers=sent, method=method)
        try:
            with self.opener.open(request, timeout=30) as response:
                return Reply(response.status, response.headers, response.read())
        except urllib.error.HTTPError as error:
            return Reply(error.code, error.headers, error.read())

    def get(self, path: str) -> Reply:
        return self.request("GET", path)

    def cookie(self, name: str) -> str | None:
        return next((c.value for c in self.jar if c.name == name), None)

    def login(self, name: str, password: str = PASSWORD, lang: str = "ja") -> Reply:
        page = self.get(f"/login?lang={lang}")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
        assert token, page.text
        form = {"csrf_token": token.group(1), "username": name, "password": password}
        return self.post_form("/login", form | {"next": "/", "lang": lang})

    def post_form(self, path: str, form: dict[str, str], **kwargs: Any) -> Reply:
        data = urllib.parse.urlencode(form).encode()
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        return self.request("POST", path, data, headers, **kwargs)

    def post_json(self, path: str, body: Any, csrf: bool = True, **kwargs: Any) -> Reply:
        headers = {"Content-Type": "application/json"}
        token = self.cookie("_csrf_token")
        if csrf and token:
            headers["X-CSRFToken"] = token
        return self.request("POST", path, json.dumps(body).encode(), headers, **kwargs)

    def callback_body(self, output_fragment: str, values: dict[str, Any]) -> dict[str, Any]:
        """The JSON the renderer posts for the callback whose output contains the fragment;
        ``values`` maps "id.prop" to a value."""
        deps = self.get("/_dash-dependencies").json()
        (dep,) = _matching(deps, output_fragment, values)
        outputs = [
            {"id": part.rsplit(".", 1)[0], "property": part.rsplit(".", 1)[1]}
            for part in dep["output"].strip(".").split("...")
        ]

        def wire(items: list[dict[str, str]]) -> list[dict[str, Any]]:
            return [{**i, "value": values.get(f"{i['id']}.{i['property']}")} for i in items]

        return {
            "output": dep["output"],
            "outputs": outputs if len(outputs) > 1 else outputs[0],
            "inputs": wire(dep["inputs"]),
            "state": wire(dep["state"]),
            "changedPropIds": [f"{i['id']}.{i['property']}" for i in dep["inputs"]],
        }

    def call(self, output_fragment: str, values: dict[str, Any]) -> Reply:
        return self.post_json(
            "/_dash-update-component", self.callback_body(output_fragment, values)
        )


def _matching(deps: list[dict[str, Any]], fragment: str, values: dict[str, Any]) -> list[dict]:
    """The callbacks whose output contains ``fragment``; when several do (pages share outputs
    such as ``url.search`` with allow_duplicate), those whose inputs all appear in ``values``."""
    found = [d for d in deps if fragment in d["output"]]
    if len(found) > 1:
        found = [
            d for d in found if all(f"{i['id']}.{i['property']}" in values for i in d["inputs"])
        ]
    return found


@contextmanager
def running(config: DashboardConfig) -> Iterator[str]:
    """The dashboard app under waitress on 127.0.0.1 and a free port; yields its base URL."""
    server = create_server(config, host="127.0.0.1", port=0, threads=8)
    thread = threading.Thread(target=server.run, name="dashboard-test-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.effective_port}"
    finally:
        # Stop the worker threads before closing the sockets, or a worker still answering
        # (e.g. a browser's last request) fails loudly on the closed trigger.
        server.task_dispatcher.shutdown(timeout=5)
        server.close()
        thread.join(timeout=5)


# --- Flask test-client helpers (fast: no server) -----------------------------------------

ORIGIN = "http://localhost"


def csrf_from(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, html
    return found.group(1)


def login(client, name: str, password: str, **extra: str):
    token = csrf_from(client.get("/login").get_data(as_text=True))
    form = {"csrf_token": token, "username": name, "password": password} | extra
    return client.post("/login", data=form, headers={"Origin": ORIGIN})


def dash_post(client, body: Any, *, csrf: bool = True, origin: str | None = ORIGIN):
    headers = {"Content-Type": "application/json"}
    if origin:
        headers["Origin"] = origin
    cookie = client.get_cookie("_csrf_token")
    if csrf and cookie is not None:
        headers["X-CSRFToken"] = cookie.value
    return client.post("/_dash-update-component", data=json.dumps(body), headers=headers)


def callback_body(client, fragment: str, values: dict[str, Any]) -> dict[str, Any]:
    """The body dash-renderer posts for the callback whose output contains ``fragment``."""
    deps = client.get("/_dash-dependencies").get_json()
    (dep,) = _matching(deps, fragment, values)
    outputs = [
        {"id": part.rsplit(".", 1)[0], "property": part.rsplit(".", 1)[1]}
        for part in dep["output"].strip(".").split("...")
    ]

    def wire(items: list[dict[str, str]]) -> list[dict[str, Any]]:
        return [{**i, "value": values.get(f"{i['id']}.{i['property']}")} for i in items]

    return {
        "output": dep["output"],
        "outputs": outputs if len(outputs) > 1 else outputs[0],
        "inputs": wire(dep["inputs"]),
        "state": wire(dep["state"]),
        "changedPropIds": [f"{i['id']}.{i['property']}" for i in dep["inputs"]],
    }


def router_body(pathname: str, search: str = "") -> dict[str, Any]:
    """The page router's request (its output string is fixed by Dash Pages)."""
    return {
        "output": ".._pages_content.children..._pages_store.data..",
        "outputs": [
            {"id": "_pages_content", "property": "children"},
            {"id": "_pages_store", "property": "data"},
        ],
        "inputs": [
            {"id": "_pages_location", "property": "pathname", "value": pathname},
            {"id": "_pages_location", "property": "search", "value": search},
        ],
        "state": [],
        "changedPropIds": ["_pages_location.pathname"],
    }


SQL_RUN = {
    "output": "..sql-grid.data...sql-grid.columns...sql-status.children...sql-error.children"
    "...sql-last.data..",
    "outputs": [
        {"id": "sql-grid", "property": "data"},
        {"id": "sql-grid", "property": "columns"},
        {"id": "sql-status", "property": "children"},
        {"id": "sql-error", "property": "children"},
        {"id": "sql-last", "property": "data"},
    ],
    "inputs": [{"id": "sql-run", "property": "n_clicks", "value": 1}],
    "state": [
        {"id": "sql-text", "property": "value", "value": "select 42 as answer"},
        {"id": "sql-state", "property": "data", "value": {"lang": "ja"}},
    ],
    "changedPropIds": ["sql-run.n_clicks"],
}
