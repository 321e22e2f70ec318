"""Bounded load on loopback: 20 logged-in clients read the dashboards (`civicpulse serve`, a
real process) and `civicpulse sql` while a background driver ingests new GA4 days, rebuilds
and publishes, cycle after cycle, with real `civicpulse` processes.

Every answer must come from exactly ONE published snapshot: the SQL page's query reads
meta.published and the web-sessions mart in one statement on one connection, so a reader that
saw half of a publish would pair one snapshot's id with another's numbers. Each snapshot's
facts are recorded by the driver right after its publish; every observation must equal them.
"""

from __future__ import annotations

import json
import random
import re
import threading
import time
import urllib.error
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.dashboards.kit import SQL_RUN, Client
from tests.e2e.home_state import read_snapshot
from tests.e2e.process_kit import Proc, cli, copy_inbox, free_port, make_sample, read_only

pytestmark = pytest.mark.e2e

SEED = 20261128
CLIENTS = 20
CLI_CLIENTS = 3  # of the 20, these also run `civicpulse sql` processes
CYCLES = 3
DAYS_PER_CYCLE = 4
LAST_BASE_DAY = "20250430"  # the first snapshot: April; each cycle adds the next 4 days
LAST_CYCLE_DAY = "20250512"
PASSWORD = "load-test password 0123"
USERS = {"ana1": "analyst", "ana2": "analyst", "boss": "admin"}
# Where the selective cycles rebuild: the web-sessions mart and everything it needs.
CYCLE_SELECT = "+fct_web_sessions_daily"
FACTS_SQL = (
    "select p.published_at, p.tables, p.rows, "
    "(select count(*) from marts.fct_web_sessions_daily) as web_rows, "
    "(select sum(sessions) from marts.fct_web_sessions_daily) as sessions, "
    "(select max(activity_date) from marts.fct_web_sessions_daily) as last_day "
    "from meta.published p"
)


def facts(row: dict[str, Any]) -> tuple[str, int, int, int, int, str]:
    """One snapshot's identity and numbers, normalised across JSON producers."""
    return (
        str(row["published_at"]).replace("T", " "),
        int(row["tables"]),
        int(row["rows"]),
        int(row["web_rows"]),
        int(row["sessions"]),
        str(row["last_day"])[:10],
    )


@dataclass
class Tally:
    """What the clients did and saw (thread-safe)."""

    requests: Counter[str] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    seen: dict[tuple[object, ...], int] = field(default_factory=dict)
    kpis: Counter[int] = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)
    observed: threading.Condition = field(init=False)

    def __post_init__(self) -> None:
        self.observed = threading.Condition(self.lock)

    def count(self, kind: str) -> None:
        with self.observed:
            self.requests[kind] += 1
            self.observed.notify_all()

    def error(self, message: str) -> None:
        with self.lock:
            self.errors.append(message[:500])

    def see(self, observation: tuple[object, ...]) -> None:
        with self.observed:
            self.seen[observation] = self.seen.get(observation, 0) + 1
            self.observed.notify_all()

    def wait_count(self, kind: str, count: int, timeout: float) -> bool:
        with self.observed:
            return self.observed.wait_for(
                lambda: self.requests[kind] >= count or bool(self.errors), timeout
            )

    def wait_seen(self, published_at: str, timeout: float) -> bool:
        with self.observed:
            return self.observed.wait_for(
                lambda: any(o[0] == published_at for o in self.seen), timeout
            )


def snapshot_facts(home: Path) -> tuple[str, int, int, int, int, str]:
    """The serving snapshot's facts, read directly (and checked complete) by the driver."""
    assert read_snapshot(home) is not None
    con = read_only(home / "serving.duckdb")
    try:
        cursor = con.execute(FACTS_SQL)
        names = [d[0] for d in cursor.description or []]
        [row] = cursor.fetchall()
    finally:
        con.close()
    return facts(dict(zip(names, row, strict=True)))


def sql_page(client: Client, tally: Tally) -> None:
    body = json.loads(json.dumps(SQL_RUN))
    body["state"][0]["value"] = FACTS_SQL
    reply = client.post_json("/_dash-update-component", body)
    tally.count("sql_page")
    if reply.status != 200:
        tally.error(f"SQL page HTTP {reply.status}: {reply.text}")
        return
    response = reply.json()["response"]
    grid = response["sql-grid"]["data"]
    if response["sql-error"]["children"] or len(grid) != 1:
        tally.error(f"SQL page error: {response['sql-error']['children']!r} {grid!r}")
        return
    cells = grid[0]
    names = ("published_at", "tables", "rows", "web_rows", "sessions", "last_day")
    tally.see(facts({name: cells[f"c{i}"] for i, name in enumerate(names)}))


def overview(client: Client, body: dict[str, Any], tally: Tally) -> None:
    reply = client.post_json("/_dash-update-component", body)
    tally.count("overview")
    if reply.status != 200:
        tally.error(f"overview HTTP {reply.status}: {reply.text}")
        return
    text = reply.json()["response"]["kpi-sessions"]["children"]
    digits = re.sub(r"\D", "", str(text))
    if not digits:
        tally.error(f"overview shows no sessions KPI: {reply.decoded[:300]}")
        return
    with tally.lock:
        tally.kpis[int(digits)] += 1


def sql_process(home: Path, tally: Tally) -> None:
    done = cli(home, "sql", FACTS_SQL, "--format", "json", check=False, timeout=300)
    tally.count("civicpulse_sql")
    if done.returncode != 0:
        tally.error(f"civicpulse sql exited {done.returncode}: {done.stderr}")
        return
    [row] = json.loads(done.stdout)
    tally.see(facts(row))


def client_loop(index: int, base: str, home: Path, tally: Tally, stop: threading.Event) -> None:
    rng = random.Random(SEED + index)
    names = sorted(USERS)
    try:
        client = Client(base)
        login = client.login(names[index % len(names)], PASSWORD)
        tally.count("login")
        if login.status not in (302, 303):
            tally.error(f"login HTTP {login.status}")
            return
        overview_body = client.callback_body(
            "kpi-sessions.children",
            {
                "start-date.value": "2025-04-01",
                "end-date.value": "2026-03-31",
                "page-state.data": {"lang": "ja"},
            },
        )
        tally.count("dependencies")
        first = True
        while True:
            last = stop.is_set()  # one more round after the driver's last publish
            sql_page(client, tally)
            overview(client, overview_body, tally)
            if index < CLI_CLIENTS and (first or last or rng.random() < 0.3):
                sql_process(home, tally)
            if first:
                tally.count("first_round")
                first = False
            if last:
                return
            time.sleep(rng.uniform(0.05, 0.3))  # pacing of a bounded load, not an assertion
    except Exception as error:  # every failure is a finding: record it, do not lose it
        tally.error(f"client {index}: {type(error).__name__}: {error}")


def test_readers_see_one_whole_snapshot_while_the_pipeline_publishes(tmp_path: Path) -> None:
    began = time.monotonic()
    template = make_sample(tmp_path / "sample", LAST_CYCLE_DAY)
    later = sorted(p for p in (template / "ga4").glob("events_*") if p.name[7:15] > LAST_BASE_DAY)
    assert len(later) == CYCLES * DAYS_PER_CYCLE
    home = tmp_path / "home"
    base = [p.relative_to(template).as_posix() for p in template.rglob("*") if p.is_file()]
    copy_inbox(template, home, only=set(base) - {f"ga4/{p.name}" for p in later})
    cli(home, "run")
    for name, role in USERS.items():
        cli(home, "users", "add", name, "--role", role, "--password-stdin", stdin=PASSWORD + "\n")
    snapshots = {snapshot_facts(home)}
    setup_seconds = time.monotonic() - began

    port = free_port()
    server = Proc(("serve", "--port", str(port)), home)
    tally = Tally()
    stop = threading.Event()
    threads = []
    try:
        assert server.wait_for(re.compile(r"^serving civicpulse at")) is not None, server.output
        url = f"http://127.0.0.1:{port}"
        _wait_until_up(url, server)
        threads = [
            threading.Thread(target=client_loop, args=(i, url, home, tally, stop))
            for i in range(CLIENTS)
        ]
        for thread in threads:
            thread.start()
        # Every client has read the first snapshot before the first publish.
        tally.wait_count("first_round", CLIENTS, timeout=600)
        assert tally.requests["first_round"] == CLIENTS, tally.errors[:5]
        load_began = time.monotonic()
        for cycle in range(CYCLES):
            days = later[cycle * DAYS_PER_CYCLE : (cycle + 1) * DAYS_PER_CYCLE]
            drop = tmp_path / f"cycle{cycle}"  # a folder of new exports, like a download
            copy_inbox(template, drop, only={f"ga4/{p.name}" for p in days})
            done = cli(home, "ingest", str(drop / "inbox"))
            assert f"ingest: {DAYS_PER_CYCLE} loaded" in done.stdout, done.stdout
            cli(home, "build", "--select", CYCLE_SELECT)
            cli(home, "publish")
            new = snapshot_facts(home)
            day = days[-1].name[7:15]
            assert new not in snapshots and new[5] == f"{day[:4]}-{day[4:6]}-{day[6:]}", new
            snapshots.add(new)
            # Let the readers meet this snapshot before the next publish replaces it.
            assert tally.wait_seen(new[0], timeout=300), f"no client saw snapshot {new}"
        stop.set()
        for thread in threads:
            thread.join(timeout=600)
        load_seconds = time.monotonic() - load_began
    finally:
        stop.set()
        if server.alive:
            server.kill()

    log = server.output
    print(
        f"\nconcurrent load: {dict(tally.requests)} requests, {len(tally.errors)} errors, "
        f"{len(snapshots)} snapshots, {sum(tally.seen.values())} snapshot observations "
        f"({len({o[0] for o in tally.seen})} distinct), setup {setup_seconds:.0f} s, "
        f"load {load_seconds:.0f} s, total {time.monotonic() - began:.0f} s"
    )
    assert not [t for t in threads if t.is_alive()]
    assert tally.errors == [], tally.errors[:10]
    assert "Traceback" not in log and " ERROR " not in log, log[-3000:]
    # Every observation is exactly one published snapshot's facts: none half-published.
    assert set(tally.seen) <= snapshots, set(tally.seen) - snapshots
    assert {o[0] for o in tally.seen} == {s[0] for s in snapshots}
    assert set(tally.kpis) <= {s[4] for s in snapshots}, (tally.kpis, snapshots)
    assert tally.requests["login"] == CLIENTS
    assert tally.requests["civicpulse_sql"] >= 2 * CLI_CLIENTS


def _wait_until_up(url: str, server: Proc) -> None:
    """Poll the login page until the freshly started server answers (bounded)."""
    probe = Client(url)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        assert server.alive, server.output
        try:
            if probe.get("/login").status == 200:
                return
        except (OSError, urllib.error.URLError):
            pass
        time.sleep(0.2)
    raise AssertionError(f"server did not answer:\n{server.output}")
