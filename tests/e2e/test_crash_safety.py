"""Crash safety: `kill -9` real `civicpulse` processes at seeded-random points in every phase
(ingest, dbt build, publish), check the home after each kill, let the next run resume, and
require the end result to equal an uninterrupted run on a separate home.

A kill point is found from what the process itself reports — the CLI's phase markers on
stderr, the ``[k/N]`` line after each inbox file, dbt's ``N of TOTAL`` lines in its log — plus
a seeded random delay, so the kills are real crashes at reproducible places: nothing in the
product knows it is being tested. The reference run works on its own home beside the chain.
"""

from __future__ import annotations

import random
import re
import time
from collections import Counter
from pathlib import Path

import pytest

from tests.e2e.home_state import (
    Snapshot,
    check_files,
    check_raw,
    raw_counts,
    read_snapshot,
    temp_snapshots,
    warehouse_mart_counts,
)
from tests.e2e.process_kit import (
    BUILD_MARKER,
    INGEST_MARKER,
    PUBLISH_MARKER,
    DbtProgress,
    Proc,
    cli,
    copy_inbox,
    make_sample,
    mart_summary,
)

pytestmark = pytest.mark.e2e

SEED = 20261127
KILLS = {"ingest": 8, "build": 5, "publish": 7}
# Columns that depend on earlier builds, not on the data: the segment models match their
# segments to the previous build's (ml_*_segments.matched_distance is NULL on a first build).
HISTORY = frozenset({"matched_distance"})
LAST_GA4_DAY = "20250531"  # two months of GA4 days plus every other source: ~125 files


class Chain:
    """The crash home: its original inbox files, the last good snapshot and the kill log."""

    def __init__(self, home: Path, originals: dict[str, str], rng: random.Random) -> None:
        self.home = home
        self.originals = originals
        self.rng = rng
        self.snapshot: Snapshot | None = None
        self.kills: list[tuple[str, str]] = []  # (phase, where)
        self.misses = 0

    def phase_of(self, proc: Proc) -> str:
        texts = [line.text for line in proc.lines]
        for phase, marker in (
            ("publish", PUBLISH_MARKER),
            ("build", BUILD_MARKER),
            ("ingest", INGEST_MARKER),
        ):
            if any(marker.search(text) for text in texts):
                return phase
        return "startup"

    def kill(self, proc: Proc, where: str) -> bool:
        phase = self.phase_of(proc)
        if not proc.kill():
            self.misses += 1
            assert proc.popen.returncode == 0, proc.output
            self.check(published_now=phase == "publish")
            return False
        self.kills.append((phase, where))
        self.check(published_now=phase == "publish")
        return True

    def check(self, published_now: bool) -> None:
        """Everything that must hold after a crash (or a completed command)."""
        loads = check_raw(self.home)
        check_files(self.home, self.originals, loads)
        snapshot = read_snapshot(self.home)
        if snapshot != self.snapshot:
            # Not the old snapshot: then a complete new one of the warehouse's marts, which
            # only a publish can have swapped in.
            assert published_now, f"serving.duckdb changed outside publish: {snapshot}"
            assert snapshot is not None, "a publish removed serving.duckdb"
            assert snapshot.counts == warehouse_mart_counts(self.home)
            self.snapshot = snapshot

    def pause(self, low: float, high: float) -> None:
        # When the crash happens inside the phase (a seeded delay, not an assertion).
        time.sleep(self.rng.uniform(low, high))


def kill_during_ingest(chain: Chain, count: int) -> None:
    """Kill `run` after a seeded-random number of inbox files, a few ms into the next one."""
    total = len(chain.originals)
    targets = sorted(int(chain.rng.uniform(i, i + 1) * total / (count + 1)) for i in range(count))
    for target in targets:
        waiting = sum((chain.home / "inbox" / r).exists() for r in chain.originals)
        done = total - waiting
        proc = Proc(("run",), chain.home)
        assert proc.wait_for(INGEST_MARKER) is not None, proc.output
        step = target - done
        if step > 0:  # the line printed once the step-th file is loaded and moved
            proc.wait_for(re.compile(rf"^\[{step}/\d+\] "))
        chain.pause(0.0, 0.15)
        chain.kill(proc, f"file {max(target, done)}/{total}")


def kill_during_build(chain: Chain, count: int) -> None:
    """Kill `run` when dbt has reached a seeded-random node (stratified over the build)."""
    for i in range(count):
        fraction = chain.rng.uniform(i / count, (i + 1) / count)
        progress = DbtProgress(chain.home)
        proc = Proc(("run",), chain.home)
        assert proc.wait_for(BUILD_MARKER) is not None, proc.output
        while proc.alive and not (progress.poll() and progress.done >= fraction * progress.total):
            time.sleep(0.05)
        chain.pause(0.0, 0.2)
        chain.kill(proc, f"dbt node {progress.poll()}/{progress.total or '?'}")


def kill_during_publish(chain: Chain, count: int) -> None:
    """Kill `publish` just after it starts, then when its temporary snapshot has reached a
    seeded-random share of the previous snapshot's size (copying marts, checkpointing)."""
    proc = Proc(("publish",), chain.home)
    assert proc.wait() == 0, proc.output  # the old snapshot every crash below must keep
    chain.check(published_now=True)
    size = (chain.home / "serving.duckdb").stat().st_size
    i, scale = 0, 1.0
    while i < count:
        assert chain.misses < 3 * count, "publish ends before the kills"
        before = set(temp_snapshots(chain.home))
        proc = Proc(("publish",), chain.home)
        assert proc.wait_for(PUBLISH_MARKER) is not None, proc.output
        if i == 0:
            chain.pause(0.0, 0.05)
            where = "at its start"
        else:
            target = chain.rng.uniform((i - 1) / (count - 1), i / (count - 1)) * size * scale
            written = 0
            while proc.alive and written < target:
                written = sum(_size(p) for p in temp_snapshots(chain.home) if p not in before)
                time.sleep(0.002)
            where = f"{written:,} bytes of a ~{size:,}-byte snapshot written"
        if chain.kill(proc, where):
            i += 1
        else:
            scale *= 0.8  # it finished first (a new snapshot): aim lower next time


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except FileNotFoundError:  # renamed or removed between listing and stat
        return 0


def test_kill_9_at_twenty_points_then_resume_equals_an_uninterrupted_run(
    tmp_path: Path,
) -> None:
    began = time.monotonic()
    template = make_sample(tmp_path / "sample", LAST_GA4_DAY)
    reference_home, home = tmp_path / "reference", tmp_path / "crash"
    copy_inbox(template, reference_home)
    chain = Chain(home, copy_inbox(template, home), random.Random(SEED))
    reference = Proc(("run",), reference_home)  # uninterrupted, beside the chain
    try:
        kill_during_ingest(chain, KILLS["ingest"])
        kill_during_build(chain, KILLS["build"])
        kill_during_publish(chain, KILLS["publish"])
        final = cli(home, "run")
        assert final.stdout.startswith("run:"), final.stdout
        chain.check(published_now=True)
        assert reference.wait() == 0, reference.output
    finally:
        if reference.alive:
            reference.kill()

    phases = Counter(phase for phase, _ in chain.kills)
    print(f"\ncrash safety: {len(chain.kills)} kills {dict(phases)}, {chain.misses} missed, "
          f"{time.monotonic() - began:.0f} s")  # fmt: skip
    for phase, where in chain.kills:
        print(f"  kill -9 during {phase}: {where}")
    assert len(chain.kills) >= 20
    assert phases["ingest"] >= 5 and phases["build"] >= 5 and phases["publish"] >= 5, phases

    # Resumed = uninterrupted: same raw rows and files, same marts, nothing left behind.
    assert raw_counts(home) == raw_counts(reference_home)
    marts = mart_summary(home / "serving.duckdb", HISTORY)
    assert marts == mart_summary(reference_home / "serving.duckdb", HISTORY)
    assert len(marts) > 30 and marts["meta.published"][0][1] > 0, marts
    assert check_files(home, chain.originals, check_raw(home)) == 0
    assert not [p for p in (home / "quarantine").rglob("*") if p.is_file()]
    assert temp_snapshots(home) == [], "a crashed publish left its temporary snapshot behind"
