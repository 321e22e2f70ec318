"""Every escape attempt in the corpus (tests/warehouse/sandbox_attacks.py), run three ways on a
real published snapshot: the sandbox API, the `civicpulse sql` CLI in a subprocess, and the
dashboard SQL page's callback over HTTP (Flask test client, logged in as an analyst).

Each must be refused or stopped with a message that says what was refused or which limit
stopped it (never a traceback), leave the snapshot byte-identical, create no file anywhere we
watch, leak no secret or file content, and leave the sandbox answering a normal SELECT."""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.warehouse.sandbox_attacks import ATTACKS, Attack
from warehouse.connections import connect_writer
from warehouse.paths import HomePaths
from warehouse.publish import publish
from warehouse.sandbox import QueryRefused, run_query

CLI = [sys.executable, "-m", "civicpulse.cli"]
ROWS = 1000
KEY = "sandbox-canary-pseudonym-key-5f1e"
USERS_CANARY = "users-toml-canary-7c2d"
RAW_CANARY = "raw-canary-taro@example.jp"
LEAKS = (KEY, USERS_CANARY, RAW_CANARY, "root:x:0:0", "Traceback")


class Home:
    def __init__(self, root: Path) -> None:
        self.paths = HomePaths(root / "home").ensure()
        self.outside = root / "outside"
        self.cwd = root / "cwd"
        self.outside.mkdir()
        self.cwd.mkdir()

    def sql(self, attack: Attack) -> str:
        return attack.sql.format(home=self.paths.home, outside=self.outside)

    def files(self) -> set[Path]:
        """Every file we watch; the dashboard's audit log is the one file allowed to grow."""
        audit = self.paths.logs / "audit.log"
        found = {p for d in (self.paths.home, self.outside, self.cwd) for p in d.rglob("*")}
        return found - {audit}

    def snapshot_digest(self) -> str:
        return hashlib.sha256(self.paths.serving.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Home:
    home = Home(tmp_path_factory.mktemp("sandbox"))
    con = connect_writer(home.paths)
    con.execute("CREATE SCHEMA marts; CREATE SCHEMA raw")
    # municipality_code: publish also cuts the city's own snapshot, which the dashboard's
    # city-bound analyst reads.
    con.execute(
        f"CREATE TABLE marts.t AS SELECT range AS x, '990019' AS municipality_code "
        f"FROM range({ROWS})"
    )
    con.execute(f"CREATE TABLE raw.secret AS SELECT '{RAW_CANARY}' AS email")
    publish(con, home.paths)
    con.close()
    home.paths.users.write_text(f'[users.ana]\nrole = "analyst"\nnote = "{USERS_CANARY}"\n')
    home.digest = home.snapshot_digest()  # type: ignore[attr-defined]
    home.before = home.files()  # type: ignore[attr-defined]
    return home


def assert_contained(home: Home, message: str) -> None:
    for leak in LEAKS:
        assert leak not in message
    assert home.snapshot_digest() == home.digest  # type: ignore[attr-defined]
    assert home.files() == home.before  # type: ignore[attr-defined]


def test_the_corpus_is_large_and_distinct() -> None:
    assert len(ATTACKS) >= 30
    assert len({a.id for a in ATTACKS}) == len({a.sql for a in ATTACKS}) == len(ATTACKS)


@pytest.mark.parametrize("attack", ATTACKS, ids=[a.id for a in ATTACKS])
def test_api_refuses(attack: Attack, home: Home, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(home.cwd)  # a relative path or a spill file would land here
    with pytest.raises(QueryRefused) as refused:
        run_query(home.paths, home.sql(attack), timeout_s=attack.timeout_s)
    message = str(refused.value)
    assert re.search(attack.expect, message), message
    assert "\n" not in message
    assert_contained(home, message)
    healthy = run_query(home.paths, "select count(*) as n, sum(x) as s from marts.t")
    assert healthy.rows == [(ROWS, ROWS * (ROWS - 1) // 2)]


@pytest.fixture(scope="module")
def cli_runs(home: Home) -> dict[str, subprocess.CompletedProcess[str]]:
    """Every attack through the real CLI (two at a time: each is its own process)."""
    env = {**os.environ, "CIVICPULSE_HOME": str(home.paths.home), "CIVICPULSE_PSEUDONYM_KEY": KEY}

    def run(attack: Attack) -> subprocess.CompletedProcess[str]:
        args = [
            *CLI,
            "sql",
            home.sql(attack),
            "--timeout",
            str(attack.timeout_s),
            "--format",
            "json",
        ]
        return subprocess.run(
            args, env=env, cwd=home.cwd, capture_output=True, text=True, timeout=300
        )

    with ThreadPoolExecutor(max_workers=2) as pool:
        done = dict(zip([a.id for a in ATTACKS], pool.map(run, ATTACKS), strict=True))
    done["_healthy"] = run(Attack("healthy", "select count(*) as n from marts.t", ""))
    return done


@pytest.mark.parametrize("attack", ATTACKS, ids=[a.id for a in ATTACKS])
def test_cli_refuses(
    attack: Attack, home: Home, cli_runs: dict[str, subprocess.CompletedProcess[str]]
) -> None:
    done = cli_runs[attack.id]
    assert done.returncode == 1, done
    assert done.stdout == ""
    (line,) = done.stderr.strip().splitlines()
    assert line.startswith("Error: ") and re.search(attack.expect, line), line
    assert_contained(home, done.stdout + done.stderr)


def test_cli_still_answers_after_the_corpus(
    home: Home, cli_runs: dict[str, subprocess.CompletedProcess[str]]
) -> None:
    done = cli_runs["_healthy"]
    assert done.returncode == 0 and json.loads(done.stdout) == [{"n": ROWS}]
    assert_contained(home, done.stdout + done.stderr)


@pytest.fixture(scope="module")
def analysts(home: Home) -> dict[float, object]:
    """A logged-in analyst's client per SQL time limit the corpus uses (it is app config)."""
    from dashboards.app import create_app
    from tests.dashboards.kit import PASSWORD, add_users, login, make_config

    add_users(home.paths)
    clients: dict[float, object] = {}
    for timeout_s in sorted({a.timeout_s for a in ATTACKS}):
        config = make_config(home.paths, sql_timeout_seconds=timeout_s)
        clients[timeout_s] = client = create_app(config).server.test_client()
        login(client, "ana", PASSWORD)
    home.paths.users.write_text(home.paths.users.read_text() + f"\n# {USERS_CANARY}\n")
    home.before = home.files()  # type: ignore[attr-defined]
    return clients


def _page_run(client, sql: str):
    from tests.dashboards.kit import callback_body, dash_post, router_body

    assert dash_post(client, router_body("/sql")).status_code == 200
    body = callback_body(
        client,
        "sql-grid.data",
        {"sql-run.n_clicks": 1, "sql-text.value": sql, "sql-state.data": {"lang": "en"}},
    )
    return dash_post(client, body)


@pytest.mark.parametrize("attack", ATTACKS, ids=[a.id for a in ATTACKS])
def test_dashboard_page_answers_with_the_reason(attack: Attack, home: Home, analysts) -> None:
    analyst = analysts[attack.timeout_s]
    reply = _page_run(analyst, home.sql(attack))
    assert reply.status_code == 200
    outputs = reply.get_json()["response"]
    error = outputs["sql-error"]["children"]
    assert error.startswith("The query could not be run: ") and re.search(attack.expect, error)
    assert outputs["sql-grid"]["data"] == []
    assert_contained(home, json.dumps(outputs, ensure_ascii=False))
    healthy = _page_run(analyst, "select count(*) as n from marts.t").get_json()["response"]
    assert healthy["sql-grid"]["data"] == [{"c0": ROWS}]
