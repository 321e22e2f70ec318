"""Secrets are never logged or stored: the real CLI (sample → users add → run, sql, users list,
pull google-ads, serve with logins and an SQL query) runs with canary values in
CIVICPULSE_PSEUDONYM_KEY, CIVICPULSE_SECRET_KEY, a user's password (--password-stdin) and the
Google Ads developer/refresh tokens and client secret; then every byte of every file under
CIVICPULSE_HOME (logs, audit log, dbt logs and target/, users.toml, both DuckDB files) and of
every command's stdout and stderr is searched for each value."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from tests.civicpulse.city_home import CLI, PASSWORD, SECRETS, USER, City, built_city
from tests.dashboards.kit import Client

CANARIES = {**SECRETS, "password": PASSWORD}


@pytest.fixture(scope="module")
def city(tmp_path_factory: pytest.TempPathFactory) -> City:
    city = built_city(tmp_path_factory.getbasetemp() / "city")
    city.cli("sql", "select count(*) as n from marts.fct_web_sessions", "--format", "json")
    city.cli("sql", "select * from read_text('/etc/passwd')", check=False)
    city.cli("users", "list")
    without_refresh = {k: v for k, v in city.env.items() if k != "GOOGLE_ADS_REFRESH_TOKEN"}
    missing = subprocess.run(
        [*CLI, "pull", "google-ads"], env=without_refresh, capture_output=True, text=True,
        timeout=300,
    )  # fmt: skip
    city.outputs.append(("pull google-ads (no refresh token)", missing.stdout, missing.stderr))
    assert missing.returncode != 0 and "GOOGLE_ADS_REFRESH_TOKEN" in missing.stderr
    # With every credential: the OAuth refresh cannot reach Google here and fails.
    assert city.cli("pull", "google-ads", check=False, timeout=600).returncode != 0
    serve_and_use(city)
    return city


def serve_and_use(city: City) -> None:
    """`civicpulse serve` on a free port; a failed login with the password typed as the user
    name, a good login, the SQL page, then stop the server (only the process we started)."""
    server = subprocess.Popen(
        [*CLI, "serve", "--port", "0"],
        env=city.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert server.stderr is not None
    seen: list[str] = []
    try:
        port = None
        for line in server.stderr:
            seen.append(line)
            found = re.search(r"dashboards on http://127\.0\.0\.1:(\d+)/", line)
            if found:
                port = int(found.group(1))
                break
        assert port, "".join(seen)
        client = Client(f"http://127.0.0.1:{port}")
        assert client.login(PASSWORD, PASSWORD).status in (200, 401, 403)
        assert client.login(USER, "wrong-" + PASSWORD).status in (200, 401, 403)
        assert client.login(USER, PASSWORD).status in (200, 302, 303)
        reply = client.call(
            "sql-grid.data",
            {
                "sql-run.n_clicks": 1,
                "sql-text.value": "select count(*) from marts.dim_date",
                "sql-state.data": {"lang": "en"},
            },
        )
        assert reply.status == 200
    finally:
        server.terminate()
        out, err = server.communicate(timeout=60)
    city.outputs.append(("serve", out, "".join(seen) + err))


def files_under(home: Path) -> list[Path]:
    return sorted(p for p in home.rglob("*") if p.is_file())


def test_the_run_wrote_logs_and_dbt_artefacts(city: City) -> None:
    names = {p.name for p in files_under(city.home)}
    assert {"audit.log", "users.toml", "warehouse.duckdb", "serving.duckdb"} <= names
    assert any(p.suffix == ".sql" for p in (city.home / "dbt").rglob("*"))
    assert "dbt.log" in names and "manifest.json" in names
    audit = (city.home / "logs" / "audit.log").read_text()
    assert "login_failure" in audit and "login_success" in audit and "sql_query" in audit


@pytest.mark.parametrize("name", sorted(CANARIES))
def test_no_file_under_home_holds_the_secret(city: City, name: str) -> None:
    value = CANARIES[name].encode()
    leaked = [p for p in files_under(city.home) if value in p.read_bytes()]
    assert leaked == [], f"{name} found in {leaked}"


@pytest.mark.parametrize("name", sorted(CANARIES))
def test_no_output_holds_the_secret(city: City, name: str) -> None:
    value = CANARIES[name]
    leaked = [cmd for cmd, out, err in city.outputs if value in out or value in err]
    assert leaked == [], f"{name} printed by {leaked}"
    assert len(city.outputs) >= 9
