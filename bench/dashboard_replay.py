"""The moving parts of bench/dashboard_latency.py: the `civicpulse serve` process, logged-in
HTTP clients, the browser pass that records the callbacks the pages fire, the in-process
replay that records each callback's DuckDB queries, the query floor, and the concurrent load."""

from __future__ import annotations

import json
import os
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import requests

CLI = str(Path(sys.executable).with_name("civicpulse"))
# /campaigns last: on the 1× data its renderer stays busy for minutes after loading (see
# bench/RESULTS.md), which would hold up the next navigation.
PAGES = ("/", "/executive", "/channels", "/audience", "/web", "/sql", "/campaigns")
USER, PASSWORD = "bench", "bench-password-0123456789"
CHROMIUM = "/usr/bin/chromium"
UPDATE = "/_dash-update-component"


@dataclass
class Call:
    page: str
    body: dict[str, Any]
    output: str = field(init=False)

    def __post_init__(self) -> None:
        self.output = str(self.body.get("output", ""))[:60]


def env(home: Path) -> dict[str, str]:
    return os.environ | {"CIVICPULSE_HOME": str(home), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}


# --- the server --------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(
    home: Path, cache_mb: int = 64, threads: int | None = None
) -> tuple[subprocess.Popen[bytes], str, float]:
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    started = time.perf_counter()
    proc = subprocess.Popen(
        [CLI, "serve", "--port", str(port), "--cache-mb", str(cache_mb)]
        + ([] if threads is None else ["--threads", str(threads)]),
        env=env(home),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    while time.perf_counter() - started < 120:
        try:
            if requests.get(f"{base}/login", timeout=2).status_code == 200:
                return proc, base, time.perf_counter() - started
        except requests.RequestException:
            time.sleep(0.1)
    proc.terminate()
    raise RuntimeError("civicpulse serve did not answer within 120 s")


def login(base: str, user: str = USER) -> requests.Session:
    session = requests.Session()
    page = session.get(f"{base}/login", timeout=30).text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert token, "no CSRF token on the login page"
    form = {"csrf_token": token.group(1), "username": user, "password": PASSWORD, "next": "/"}
    reply = session.post(
        f"{base}/login", data=form, headers={"Origin": base}, allow_redirects=False, timeout=60
    )
    assert reply.status_code == 303, f"login failed: {reply.status_code}"
    session.headers.update(
        {"Origin": base, "X-CSRFToken": session.cookies.get("_csrf_token") or ""}
    )
    return session


def post(session: requests.Session, base: str, body: dict[str, Any]) -> float:
    return post_seen(session, base, body)[0]


def post_seen(session: requests.Session, base: str, body: dict[str, Any]) -> tuple[float, bool]:
    """Seconds to answer, and whether the answer came from the server's response cache."""
    started = time.perf_counter()
    reply = session.post(base + UPDATE, json=body, timeout=120)
    elapsed = time.perf_counter() - started
    if reply.status_code not in (200, 204):
        raise RuntimeError(f"{body.get('output')}: HTTP {reply.status_code} {reply.text[:200]}")
    return elapsed, reply.headers.get("X-Civicpulse-Cache") == "hit"


# --- the browser: cold loads, navigation timing, the bodies to replay --------------------

_SETTLED_JS = """() => {
  const nav = performance.getEntriesByType('navigation')[0];
  const calls = performance.getEntriesByType('resource')
    .filter(e => e.name.includes('/_dash-update-component'));
  const ends = calls.map(e => e.responseEnd);
  return {load: nav.loadEventEnd, settled: Math.max(nav.loadEventEnd, ...ends)};
}"""


def _idle(page: Any) -> None:
    """Wait until no request has been open for 0.5 s (Playwright's networkidle), at most 60 s."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_load_state("networkidle", timeout=60_000)
    except PlaywrightTimeout:
        print(f"  {page.url}: still busy after 60 s", file=sys.stderr)


def browse(base: str, sink: Path | None = None) -> tuple[list[Call], dict[str, dict[str, float]]]:
    """Open every page (cold, then warm); the recorded callbacks and the timings per page."""
    from playwright.sync_api import sync_playwright

    calls: list[Call] = []
    timings: dict[str, dict[str, float]] = {}
    current = {"page": ""}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"]
        )
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ja-JP")
        context.set_default_timeout(120_000)
        login_page = context.new_page()
        login_page.goto(f"{base}/login")
        login_page.fill("#username", USER)
        login_page.fill("#password", PASSWORD)
        login_page.click("button[type=submit]")
        login_page.wait_for_url(f"{base}/")
        login_page.close()

        def record(request: Any) -> None:
            if request.method == "POST" and UPDATE in request.url and current["page"]:
                calls.append(Call(current["page"], json.loads(request.post_data or "{}")))

        state = context.storage_state()
        context.close()
        # A fresh context (same login cookie) per visit: nothing of the previous page can
        # delay the next navigation.
        context = browser.new_context(
            storage_state=state,
            locale="ja-JP",
            viewport={"width": 1280, "height": 900},
            bypass_csp=True,  # wait_for_function evaluates a string
        )
        context.set_default_timeout(120_000)
        context.on("request", record)
        page = context.new_page()
        page.goto(base + "/audience")
        _idle(page)
        current["page"] = "/audience (plan)"
        page.click("#aud-run")
        page.wait_for_function(
            "document.querySelector('#aud-plan-status')?.textContent.includes('計画を作成しました')"
        )
        _idle(page)
        context.close()
        for path in PAGES:  # cold: the first visit of each page after the server started
            current["page"] = path
            started = time.perf_counter()
            context = browser.new_context(
                storage_state=state,
                locale="ja-JP",
                viewport={"width": 1280, "height": 900},
                bypass_csp=True,  # wait_for_function evaluates a string
            )
            context.set_default_timeout(120_000)
            context.on("request", record)
            page = context.new_page()
            page.goto(base + path)
            _idle(page)
            got = page.evaluate(_SETTLED_JS)
            timings[path] = {
                "load_ms": round(got["load"], 1),
                "settled_ms": round(got["settled"], 1),
            }
            print(
                f"  {path}: {time.perf_counter() - started:.1f} s {timings[path]}", file=sys.stderr
            )
            if sink is not None:
                sink.write_text(
                    json.dumps(
                        {"calls": [[c.page, c.body] for c in calls], "timings": timings},
                        ensure_ascii=False,
                    )
                )
            if path != PAGES[-1]:
                context.close()
        current["page"] = ""
    return calls, timings


def browse_in_child(base: str, sink: Path, timeout: float = 600) -> tuple[list[Call], dict]:
    """:func:`browse` in a child process (killed with its browser after ``timeout``): what it
    recorded up to then is read back from ``sink``."""
    code = f"from bench.dashboard_replay import browse; browse({base!r}, __import__('pathlib').Path({str(sink)!r}))"
    proc = subprocess.Popen([sys.executable, "-c", code], start_new_session=True)
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        print(f"  browser pass stopped after {timeout:.0f} s", file=sys.stderr)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, 15)
            proc.wait(timeout=30)
    data = json.loads(sink.read_text()) if sink.exists() else {"calls": [], "timings": {}}
    return [Call(page, body) for page, body in data["calls"]], data["timings"]


# --- floor: the same queries without Dash or HTTP -----------------------------------------


class _Recorder:
    """A snapshot cursor that remembers every query (sql, params, snapshot path) it runs."""

    def __init__(self, con: duckdb.DuckDBPyConnection, log: list, path: Path) -> None:
        self.con, self.log, self.path = con, log, path

    def sql(self, sql: str, params: Any = None) -> Any:
        self.log.append((sql, params, self.path))
        return self.con.sql(sql, params=params)

    def close(self) -> None:
        self.con.close()


def in_process(home: Path, calls: list[Call], reps: int) -> tuple[list[list], list[float]]:
    """Per call: the queries it ran, and its median time through Flask's test client."""
    from dashboards import queries
    from dashboards.app import create_app
    from dashboards.config import DashboardConfig
    from warehouse.paths import HomePaths

    paths = HomePaths(home)
    # The cache off: each replay is the callback's own work.
    app = create_app(DashboardConfig(paths=paths, municipality_code="990019", response_cache_mb=0))
    client = app.server.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    form = {"csrf_token": token, "username": USER, "password": PASSWORD}
    client.post("/login", data=form, headers={"Origin": "http://localhost"})
    headers = {
        "Origin": "http://localhost",
        "X-CSRFToken": client.get_cookie("_csrf_token").value,  # type: ignore[union-attr]
    }
    pool = queries.READERS
    original = pool.cursor
    recorded: list[list] = []
    times: list[float] = []
    try:
        for call in calls:
            log: list[tuple[str, Any, Path]] = []
            pool.cursor = lambda p, log=log: _Recorder(original(p), log, p)  # type: ignore[method-assign,assignment]  # noqa: E501
            reply = client.post(UPDATE, json=call.body, headers=headers)
            if reply.status_code not in (200, 204):
                raise RuntimeError(f"in-process {call.output}: HTTP {reply.status_code}")
            recorded.append(log)
            pool.cursor = original  # type: ignore[method-assign]
            samples = []
            for _ in range(reps):
                started = time.perf_counter()
                client.post(UPDATE, json=call.body, headers=headers)
                samples.append(time.perf_counter() - started)
            times.append(statistics.median(samples))
    finally:
        pool.cursor = original  # type: ignore[method-assign]
    return recorded, times


def floor(recorded: list[list], reps: int) -> list[float]:
    """Per call: median time of its queries run directly on an attached snapshot (a cursor
    each, as the dashboards take them), to a polars frame: no Dash, no HTTP."""
    from warehouse.connections import ReaderPool

    pool = ReaderPool()
    out = []
    for log in recorded:
        samples = []
        for _ in range(reps):
            started = time.perf_counter()
            for sql, params, path in log:
                con = pool.cursor(path)
                try:
                    con.sql(sql, params=params).pl()
                finally:
                    con.close()
            samples.append(time.perf_counter() - started)
        out.append(statistics.median(samples))
    return out


# --- load -------------------------------------------------------------------------------


@dataclass
class Sample:
    page: str
    round: int
    seconds: float
    hit: bool


def client_user(index: int) -> str:
    return f"{USER}{index:02d}"


def hammer(base: str, calls: list[Call], clients: int, rounds: int) -> list[Sample]:
    """``clients`` threads, each logged in as its own user, replay every call ``rounds`` times
    back to back (closed loop, no think time)."""
    sessions = [login(base, client_user(i)) for i in range(clients)]
    results: list[Sample] = []
    lock = threading.Lock()
    barrier = threading.Barrier(clients)
    errors: list[BaseException] = []

    def work(index: int) -> None:
        mine = []
        barrier.wait()
        try:
            for rnd in range(rounds):
                offset = (index + rnd) % len(calls)  # clients do not march in step
                for call in calls[offset:] + calls[:offset]:
                    seconds, hit = post_seen(sessions[index], base, call.body)
                    mine.append(Sample(call.page, rnd, seconds, hit))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        with lock:
            results.extend(mine)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise RuntimeError(f"{len(errors)} clients failed: {errors[0]}")
    return results


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered) + 0.5) - 1))]


def summarise(samples: list[float]) -> dict[str, float]:
    ms = [s * 1000 for s in samples]
    return {
        "n": len(ms),
        "p50": round(pct(ms, 50), 1),
        "p95": round(pct(ms, 95), 1),
        "p99": round(pct(ms, 99), 1),
        "max": round(max(ms), 1),
    }
