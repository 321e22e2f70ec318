"""The real CLI, as a user runs it: sample → run → sql in an empty CIVICPULSE_HOME."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e
CLI = [sys.executable, "-m", "civicpulse.cli"]
SCALE = "0.002"


def cli(home: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CIVICPULSE_HOME": str(home)}
    env.pop("CIVICPULSE_MUNICIPALITY_CODE", None)
    done = subprocess.run([*CLI, *args], env=env, capture_output=True, text=True, timeout=900)
    if check and done.returncode != 0:
        raise AssertionError(f"civicpulse {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("cp") / "home"
    cli(home, "sample", "--seed", "7", "--scale", SCALE, "--out", str(home / "inbox"))
    done = cli(home, "run")
    assert done.stdout.strip().startswith("run:"), done.stdout
    return home


def test_help_lists_every_command() -> None:
    done = subprocess.run([*CLI, "--help"], capture_output=True, text=True, check=True)
    for command in ("sample", "ingest", "build", "publish", "run", "serve", "sql", "demo"):
        assert command in done.stdout
        sub = subprocess.run([*CLI, command, "--help"], capture_output=True, text=True)
        assert sub.returncode == 0 and "Usage" in sub.stdout


def test_ground_truth_is_beside_the_inbox(home: Path) -> None:
    assert (home / "ground_truth.json").exists()
    assert not list(home.glob("inbox/**/ground_truth.json"))
    assert not [p for p in (home / "inbox").rglob("*") if p.is_file()]
    assert not [p for p in (home / "quarantine").rglob("*") if p.is_file()]


def test_sql_returns_rows_from_every_mart(home: Path) -> None:
    for mart in ("fct_web_sessions_daily", "fct_ad_performance_daily", "fct_civic_outcomes_daily",
                 "fct_web_sessions", "dim_date"):
        done = cli(home, "sql", f"select count(*) as n from marts.{mart}", "--format", "json")
        assert json.loads(done.stdout)[0]["n"] > 0, mart


def test_sample_totals_survive_the_pipeline(home: Path) -> None:
    truth = json.loads((home / "ground_truth.json").read_text())
    done = cli(home, "sql", "select sum(sessions) as s from marts.fct_web_sessions_daily",
               "--format", "json")
    sessions = json.loads(done.stdout)[0]["s"]
    assert sessions == truth["totals"]["sessions"]


def test_sql_formats(home: Path) -> None:
    table = cli(home, "sql", "select 'みどり市' as city, 1 as n").stdout
    assert "city" in table.splitlines()[0] and "みどり市" in table
    csv_out = cli(home, "sql", "select 1 as n", "--format", "csv").stdout
    assert csv_out == "n\n1\n"


def test_sql_refuses_file_access(home: Path) -> None:
    done = cli(home, "sql", "select * from read_csv('/etc/passwd')", check=False)
    assert done.returncode != 0 and "disabled" in done.stderr


def test_sql_works_while_another_process_writes(home: Path) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import duckdb, time
            con = duckdb.connect({str(home / 'warehouse.duckdb')!r})
            con.execute("CREATE OR REPLACE TABLE raw.held AS SELECT 1")
            print("holding", flush=True)
            time.sleep(60)
        """)],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        done = cli(home, "sql", "select count(*) as n from marts.fct_web_sessions", "--format",
                   "json")
        assert json.loads(done.stdout)[0]["n"] > 0
    finally:
        holder.kill()
        holder.wait()


def test_running_again_loads_nothing_new(home: Path) -> None:
    before = cli(home, "sql", "select sum(sessions) as s from marts.fct_web_sessions_daily",
                 "--format", "json").stdout
    for path in sorted((home / "archive").rglob("*")):
        if path.is_file():
            target = home / "inbox" / path.name
            target.write_bytes(path.read_bytes())
    done = cli(home, "run")
    assert "0 files loaded" in done.stdout
    after = cli(home, "sql", "select sum(sessions) as s from marts.fct_web_sessions_daily",
                "--format", "json").stdout
    assert before == after


def test_a_bad_file_is_quarantined_with_a_reason(home: Path, tmp_path: Path) -> None:
    bad = tmp_path / "broken.csv"
    bad.write_text("日付,手続ID,手続名,オンライン申請件数\n2025/04/01,P001,a,abc\n", encoding="utf-8")
    done = cli(home, "ingest", str(bad), check=False)
    assert done.returncode == 1
    assert "broken.csv" in done.stderr and "line 2" in done.stderr and "abc" in done.stderr
