"""City scoping on a shared platform: a user bound to one municipality sees only its rows on
every page, in exports and in the SQL sandbox, enforced on the server; the prefecture role
sees every city and switches with ?city=. The fixture snapshot holds 990019 and a neighbour
990027 with huge numbers, so any leak shows."""

from __future__ import annotations

import base64
import importlib
import json

import pytest
from flask import g

from dashboards.context import current_config
from dashboards.users import User, dumps, hash_password, loads
from tests.dashboards.kit import PASSWORD, callback_body, dash_post, login, users_toml

SQL_CODES = "select distinct municipality_code from marts.fct_web_sessions_daily order by 1"


@pytest.fixture
def client(app, config):
    users = loads(users_toml())
    hashed = hash_password(PASSWORD, n=2**10)
    users |= {
        "nb_pr": User("nb_pr", "pr_staff", hashed, "2025-04-01", "990027"),
        "nb_ana": User("nb_ana", "analyst", hashed, "2025-04-01", "990027"),
        "pref": User("pref", "prefecture", hashed, "2025-04-01"),
    }
    config.paths.users.write_text(dumps(users), encoding="utf-8")
    return app.server.test_client()


def _sessions(client) -> str:
    state = {"lang": "ja", "first": "2025-04-01", "last": "2025-04-03"}
    body = callback_body(
        client,
        "kpi-sessions.children",
        {
            "start-date.value": "2025-04-01",
            "end-date.value": "2025-04-03",
            "page-state.data": state,
        },
    )
    reply = dash_post(client, body)
    assert reply.status_code == 200
    return reply.get_json()["response"]["kpi-sessions"]["children"]


def _sql(client, sql: str) -> dict:
    body = callback_body(
        client,
        "sql-grid.data",
        {"sql-run.n_clicks": 1, "sql-text.value": sql, "sql-state.data": {"lang": "ja"}},
    )
    reply = dash_post(client, body)
    assert reply.status_code == 200
    return reply.get_json()["response"]


def test_each_city_user_sees_only_their_city(client, app, snap):
    login(client, "pr", PASSWORD)
    assert _sessions(client) == snap.EXPECTED["all"]["sessions_text"]
    neighbour = app.server.test_client()
    login(neighbour, "nb_pr", PASSWORD)
    assert _sessions(neighbour) == f"{99999 + 88888:,}"


def test_a_city_user_cannot_switch_city(client, snap, config):
    login(client, "pr", PASSWORD)
    assert client.get("/?city=990027").status_code == 200
    assert _sessions(client) == snap.EXPECTED["all"]["sessions_text"]
    log = (config.paths.logs / "audit.log").read_text()
    assert "city-bound user asked for another city" in log


@pytest.mark.parametrize(("name", "codes"), [("ana", ["990019"]), ("nb_ana", ["990027"])])
def test_sql_sees_only_the_users_city(client, name, codes):
    login(client, name, PASSWORD)
    response = _sql(client, SQL_CODES)
    assert [row["c0"] for row in response["sql-grid"]["data"]] == codes


def test_sql_cannot_reach_the_whole_snapshot(client, config):
    login(client, "nb_ana", PASSWORD)
    escape = f"select * from read_text('{config.paths.serving}')"
    response = _sql(client, escape)
    assert not response["sql-grid"]["data"]
    assert response["sql-error"]["children"]


def test_prefecture_sees_every_city_and_switches(client, snap):
    login(client, "pref", PASSWORD)
    assert [row["c0"] for row in _sql(client, SQL_CODES)["sql-grid"]["data"]] == [
        "990019",
        "990027",
    ]
    assert _sessions(client) == snap.EXPECTED["all"]["sessions_text"]  # the default city
    page = client.get("/?city=990027")
    assert page.status_code == 200
    assert _sessions(client) == f"{99999 + 88888:,}"
    layout = json.dumps(
        dash_post(
            client,
            callback_body(client, "account.children", {"url.search": "", "url.pathname": "/"}),
        ).get_json(),
        ensure_ascii=False,
    )
    assert "990027" in layout and "city-select" in layout


def test_export_is_scoped(app, client, config):
    campaigns = importlib.import_module("dashboards.pages.campaigns")  # after the app exists
    for name, expected in (("pr", "2025-04-01,47"), ("nb_pr", "2025-04-01,5000")):
        user = loads(config.paths.users.read_text())[name]
        with app.server.test_request_context("/"):
            g.civicpulse_user = user
            values = ("2025-04-01", "2025-04-01", campaigns.ALL, campaigns.ALL, campaigns.ALL)
            data = campaigns.export_table(current_config(), "cmp-outcomes", "csv", values, "ja")
        assert data is not None
        lines = base64.b64decode(data["content"]).decode("utf-8-sig").splitlines()
        assert lines[1:] == [expected]
