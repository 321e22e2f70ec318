"""Real `civicpulse` processes for the end-to-end reliability tests.

Every process runs in its own session (``start_new_session``) so that a test can SIGKILL the
whole process group — the CLI and dbt's worker threads — exactly like a power cut or the OOM
killer would. Output lines are collected as they arrive, so a test can wait for a phase
marker the CLI prints (``inbox: N files``, ``dbt build …``, ``publish …``) and kill inside
that phase.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

REPO = Path(__file__).resolve().parents[2]
CLI = [sys.executable, "-m", "civicpulse.cli"]
# One pseudonym key for every home: pseudonymous ids (and so anything ordered or clustered by
# them) are then identical across homes built from the same files.
PSEUDONYM_KEY = "e2e-process-kit-pseudonym-key-0123456789abcdef"
SAMPLE_SEED = "7"
SAMPLE_SCALE = "0.002"

# Phase markers the CLI prints on stderr.
INGEST_MARKER = re.compile(r"^inbox: \d+ files")
FILE_DONE = re.compile(r"^\[(\d+)/(\d+)\] ")
BUILD_MARKER = re.compile(r"^dbt build")
PUBLISH_MARKER = re.compile(r"^publish …")
_DBT_PROGRESS = re.compile(r"\b(\d+) of (\d+) (?:START|OK|PASS|ERROR|FAIL|WARN|SKIP)")


def cli_env(home: Path) -> dict[str, str]:
    env = {
        **os.environ,
        "CIVICPULSE_HOME": str(home),
        "CIVICPULSE_PSEUDONYM_KEY": PSEUDONYM_KEY,
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("CIVICPULSE_MUNICIPALITY_CODE", None)
    return env


def cli(
    home: Path, *args: str, stdin: str | None = None, check: bool = True, timeout: float = 900
) -> subprocess.CompletedProcess[str]:
    """Run one `civicpulse` command to completion."""
    done = subprocess.run(
        [*CLI, *args],
        env=cli_env(home),
        cwd=REPO,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if check and done.returncode != 0:
        raise AssertionError(
            f"civicpulse {' '.join(args)} exited {done.returncode}:\n{done.stdout}\n{done.stderr}"
        )
    return done


@dataclass
class Line:
    at: float
    stream: str
    text: str


@dataclass
class Proc:
    """A `civicpulse` process in its own process group, with its output lines collected."""

    args: tuple[str, ...]
    home: Path
    lines: list[Line] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.started = time.monotonic()
        self._cond = threading.Condition()
        self.popen = subprocess.Popen(
            [*CLI, *self.args],
            env=cli_env(self.home),
            cwd=REPO,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            bufsize=1,
            start_new_session=True,
        )
        self._readers = [
            threading.Thread(target=self._read, args=(self.popen.stdout, "out"), daemon=True),
            threading.Thread(target=self._read, args=(self.popen.stderr, "err"), daemon=True),
        ]
        for reader in self._readers:
            reader.start()

    def _read(self, pipe: Iterable[str], stream: str) -> None:
        for text in pipe:
            with self._cond:
                self.lines.append(Line(time.monotonic(), stream, text.rstrip("\n")))
                self._cond.notify_all()
        with self._cond:
            self._cond.notify_all()

    @property
    def alive(self) -> bool:
        return self.popen.poll() is None

    def wait_for(self, pattern: re.Pattern[str], timeout: float = 600) -> Line | None:
        """The first line matching ``pattern``; None if the process ended without one."""
        deadline = time.monotonic() + timeout
        seen = 0
        with self._cond:
            while True:
                for line in self.lines[seen:]:
                    if pattern.search(line.text):
                        return line
                seen = len(self.lines)
                if not self.alive and not any(r.is_alive() for r in self._readers):
                    return None
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"no line matching {pattern.pattern!r}:\n{self.output}")
                self._cond.wait(min(left, 0.2))

    def kill(self) -> bool:
        """SIGKILL the whole process group; True if the kill landed (the process was running)."""
        if self.popen.poll() is None:  # not reaped yet, so the group id cannot be reused
            os.killpg(self.popen.pid, signal.SIGKILL)
        self.popen.wait(timeout=60)
        self._join()
        return self.popen.returncode == -signal.SIGKILL

    def wait(self, timeout: float = 900) -> int:
        try:
            code = self.popen.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            raise
        self._join()
        return code

    def _join(self) -> None:
        for reader in self._readers:
            reader.join(timeout=10)

    @property
    def output(self) -> str:
        return "\n".join(f"[{line.stream}] {line.text}" for line in self.lines)


class DbtProgress:
    """How far dbt has got, read from its log file (``N of TOTAL`` lines) as it writes it."""

    def __init__(self, home: Path) -> None:
        self.path = home / "dbt" / "logs" / "dbt.log"
        self.offset = self.path.stat().st_size if self.path.exists() else 0
        self.done = 0
        self.total = 0
        self._tail = ""

    def poll(self) -> int:
        if not self.path.exists():
            return self.done
        if self.path.stat().st_size < self.offset:  # dbt rotated its log (at 10 MB)
            self.offset, self._tail = 0, ""
        with self.path.open("rb") as handle:
            handle.seek(self.offset)
            chunk = handle.read()
        self.offset += len(chunk)
        text = self._tail + chunk.decode("utf-8", "replace")
        text, _, self._tail = text.rpartition("\n")
        for match in _DBT_PROGRESS.finditer(text):
            self.done = max(self.done, int(match.group(1)))
            self.total = int(match.group(2))
        return self.done


def make_sample(folder: Path, last_ga4_day: str) -> Path:
    """The sample city (seed 7, scale 0.002) in ``folder/inbox``, GA4 days up to
    ``last_ga4_day`` (YYYYMMDD) only: every source and every mart, fewer files to ingest."""
    cli(folder, "sample", "--seed", SAMPLE_SEED, "--scale", SAMPLE_SCALE, "--out",
        str(folder / "inbox"))  # fmt: skip
    for path in (folder / "inbox" / "ga4").glob("events_*.json.gz"):
        if path.name.removeprefix("events_")[:8] > last_ga4_day:
            path.unlink()
    return folder / "inbox"


def copy_inbox(template: Path, home: Path, only: Iterable[str] | None = None) -> dict[str, str]:
    """Copy the template's files (relative paths, all or ``only``) into home/inbox; returns
    {relative path: sha256} of what was copied."""
    wanted = set(only) if only is not None else None
    copied: dict[str, str] = {}
    for path in sorted(template.rglob("*")):
        relative = path.relative_to(template).as_posix()
        if path.is_file() and (wanted is None or relative in wanted):
            target = home / "inbox" / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
            copied[relative] = sha256(target)
    return copied


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read_only(path: Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection (close it before the next writer starts)."""
    return duckdb.connect(str(path), read_only=True)


def mart_summary(path: Path, skip: frozenset[str] = frozenset()) -> dict[str, tuple[object, ...]]:
    """Per table of the snapshot's ``marts`` schema: (row count, sum of each numeric column
    but those in ``skip``, rounded to 6 significant digits), plus meta.published's table and
    row totals."""
    con = read_only(path)
    try:
        summary: dict[str, tuple[object, ...]] = {}
        tables = con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'marts' "
            "ORDER BY 1"
        ).fetchall()
        for (table,) in tables:
            numeric = [
                name
                for name, kind in con.execute(
                    "SELECT column_name, data_type FROM information_schema.columns "
                    "WHERE table_schema = 'marts' AND table_name = ? ORDER BY ordinal_position",
                    [table],
                ).fetchall()
                if re.match(r"(BIG|SMALL|TINY|HUGE)?INT|INTEGER|DECIMAL|DOUBLE|FLOAT|REAL", kind)
                and name not in skip
            ]
            sums = "".join(f', sum("{c}")::DOUBLE' for c in numeric)
            row = con.execute(f'SELECT count(*){sums} FROM marts."{table}"').fetchone()
            assert row is not None
            summary[table] = (row[0], *(_round(v) for v in row[1:]))
        published = con.execute("SELECT tables, rows FROM meta.published").fetchall()
        summary["meta.published"] = tuple(published)
        return summary
    finally:
        con.close()


def _round(value: object) -> object:
    if not isinstance(value, float):
        return value
    return float(f"{value:.6g}")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
