"""The response cache (dashboards/response_cache.py): a repeated callback is answered without
running its queries; a publish, another scope or a side effect means no reuse; the guard still
runs first."""

from __future__ import annotations

import json
import os
import threading

import duckdb
import pytest

from dashboards import queries
from dashboards.app import create_app
from dashboards.response_cache import CACHE_HEADER, ENTRY_OVERHEAD, ResponseCache
from dashboards.users import User, dumps, hash_password, loads
from tests.dashboards.kit import PASSWORD, callback_body, dash_post, login, make_config, users_toml
from warehouse.city_snapshots import write_city_snapshots

RANGE = {"start-date.value": "2025-04-01", "end-date.value": "2025-04-03"}
STATE = {"page-state.data": {"lang": "ja", "first": "2025-04-01", "last": "2025-04-03"}}


@pytest.fixture
def counted(monkeypatch):
    """How many queries ran (cursors taken from the reader pool)."""
    calls = {"n": 0}
    original = queries.READERS.cursor

    def cursor(path):
        calls["n"] += 1
        return original(path)

    monkeypatch.setattr(queries.READERS, "cursor", cursor)
    return calls


@pytest.fixture
def users(config):
    hashed = hash_password(PASSWORD, n=2**10)
    everyone = loads(users_toml()) | {
        "pr2": User("pr2", "pr_staff", hashed, "2025-04-01"),
        "nb_pr": User("nb_pr", "pr_staff", hashed, "2025-04-01", "990027"),
    }
    config.paths.users.write_text(dumps(everyone), encoding="utf-8")
    return config


def _client(app, name: str):
    client = app.server.test_client()
    assert login(client, name, PASSWORD).status_code == 303
    return client


def _kpi_body(client) -> dict:
    return callback_body(client, "kpi-sessions.children", RANGE | STATE)


def _sessions(reply) -> str:
    assert reply.status_code == 200, reply.get_data(as_text=True)
    return reply.get_json()["response"]["kpi-sessions"]["children"]


def test_a_repeated_callback_runs_no_query(app, users, counted):
    client = _client(app, "pr")
    body = _kpi_body(client)
    first = dash_post(client, body)
    ran = counted["n"]
    second = dash_post(client, body)
    assert ran > 0 and counted["n"] == ran
    assert second.get_data() == first.get_data()
    assert (first.headers.get(CACHE_HEADER), second.headers.get(CACHE_HEADER)) == (None, "hit")
    assert second.headers["Content-Security-Policy"] == first.headers["Content-Security-Policy"]
    assert _sessions(second) == "7,400"


def test_another_user_with_the_same_scope_shares_the_answer(app, users, counted):
    body = _kpi_body(_client(app, "pr"))
    dash_post(_client(app, "pr"), body)
    ran = counted["n"]
    assert _sessions(dash_post(_client(app, "pr2"), body)) == "7,400"
    assert counted["n"] == ran


def test_a_publish_is_seen_by_the_next_request(app, users, tmp_path, snap):
    client = _client(app, "pr")
    body = _kpi_body(client)
    assert _sessions(dash_post(client, body)) == "7,400"
    fresh = tmp_path / "next.duckdb"
    snap.build(fresh)
    con = duckdb.connect(str(fresh))
    con.execute("delete from marts.fct_web_sessions_daily where activity_date = '2025-04-03'")
    con.close()
    os.replace(fresh, users.paths.serving)
    write_city_snapshots(users.paths)
    assert _sessions(dash_post(client, body)) == "4,000"


def test_a_city_bound_user_never_gets_another_citys_answer(app, users):
    mine = _client(app, "pr")
    body = _kpi_body(mine)
    assert _sessions(dash_post(mine, body)) == "7,400"
    neighbour = _client(app, "nb_pr")
    theirs = _sessions(dash_post(neighbour, body))
    assert theirs != "7,400"
    assert _sessions(dash_post(mine, body)) == "7,400"


def test_exports_are_audited_every_time(app, users, counted):
    client = _client(app, "pr")
    values = RANGE | STATE | {"sessions-csv.n_clicks": 1}
    body = callback_body(client, "overview-download.data", values)
    body["changedPropIds"] = ["sessions-csv.n_clicks"]
    for _ in range(2):
        reply = dash_post(client, body)
        assert reply.status_code == 200
        assert reply.get_json()["response"]["overview-download"]["data"]["filename"]
    audit = [json.loads(line) for line in users.paths.logs.joinpath("audit.log").open()]
    assert [e["event"] for e in audit].count("export") == 2


def test_sql_queries_are_never_reused(app, users):
    client = _client(app, "ana")
    values = {"sql-run.n_clicks": 1, "sql-text.value": "select 42 as x", "sql-state.data": {}}
    body = callback_body(client, "sql-grid.data", values)
    for _ in range(2):
        assert dash_post(client, body).status_code == 200
    audit = [json.loads(line) for line in users.paths.logs.joinpath("audit.log").open()]
    assert [e["event"] for e in audit].count("sql_query") == 2


def test_the_guard_runs_before_the_cache(app, users):
    client = _client(app, "pr")
    body = _kpi_body(client)
    assert dash_post(client, body).status_code == 200
    stranger = app.server.test_client()
    assert dash_post(stranger, body).status_code == 401
    assert dash_post(client, body, csrf=False).status_code == 403
    assert dash_post(client, body, origin="https://evil.example").status_code == 403


def test_the_header_names_each_user_not_the_first(app, users):
    first, second = _client(app, "pr"), _client(app, "pr2")
    values = {"url.search": "", "url.pathname": "/"}
    body = callback_body(first, "account.children", values)
    assert "pr2" not in dash_post(first, body).get_data(as_text=True)
    again = dash_post(first, body)
    assert again.headers.get(CACHE_HEADER) == "hit"  # reused for the same user
    assert "pr2" not in again.get_data(as_text=True)
    theirs = dash_post(second, body)
    assert theirs.headers.get(CACHE_HEADER) is None and "pr2" in theirs.get_data(as_text=True)


def test_identical_requests_arriving_together_are_computed_once(app, users, counted):
    clients = [_client(app, "pr") for _ in range(6)]
    body = _kpi_body(clients[0])
    replies: list = []
    gate = threading.Barrier(len(clients))

    def ask(client) -> None:
        gate.wait()
        replies.append(dash_post(client, body))

    threads = [threading.Thread(target=ask, args=(c,)) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    once = counted["n"]
    assert {_sessions(r) for r in replies} == {"7,400"}
    assert sum(r.headers.get(CACHE_HEADER) == "hit" for r in replies) == len(clients) - 1
    dash_post(clients[0], body)
    assert counted["n"] == once


def test_the_cache_can_be_turned_off(paths, counted):
    config = make_config(paths, response_cache_mb=0)
    app = create_app(config)
    client = _client(app, "pr")
    body = _kpi_body(client)
    dash_post(client, body)
    ran = counted["n"]
    dash_post(client, body)
    assert counted["n"] == 2 * ran


def test_memory_is_bounded_least_recently_used_first():
    entry = ENTRY_OVERHEAD + 10
    cache = ResponseCache(max_bytes=4 * entry)
    cache.put("a", b"x" * 10)
    cache.put("b", b"y" * 10)
    assert cache.get("a") == b"x" * 10  # now "b" is the least recently used
    cache.put("c", b"z" * 10)
    cache.put("d", b"w" * 10)
    cache.put("e", b"v" * 10)
    assert cache.get("b") is None and cache.get("a") is not None
    cache.put("huge", b"h" * 11)  # over a quarter of the budget: not kept
    assert cache.get("huge") is None
    assert (cache.hits, cache.misses, len(cache)) == (2, 2, 4)


def test_an_answer_that_met_a_data_error_is_not_reused(tmp_path, counted):
    from tests.dashboards.conftest import build_serving
    from tests.dashboards.kit import add_users
    from warehouse.paths import HomePaths

    home = add_users(HomePaths(tmp_path / "home"))
    build_serving(home.serving, skip_tables=("fct_ad_performance_daily",))
    client = _client(create_app(make_config(home)), "pr")
    body = _kpi_body(client)
    first = dash_post(client, body)
    assert "fct_ad_performance_daily" in first.get_data(as_text=True)
    ran = counted["n"]
    second = dash_post(client, body)
    assert second.headers.get(CACHE_HEADER) is None and counted["n"] > ran
