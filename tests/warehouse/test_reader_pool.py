"""warehouse.connections.ReaderPool: one attachment per snapshot file, shared by threads, and
replaced when publish swaps the file in."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from tests.warehouse.test_publish_and_sandbox import build_marts
from warehouse import connections
from warehouse.connections import ReaderPool, SnapshotMissingError
from warehouse.paths import HomePaths


@pytest.fixture
def paths(tmp_path: Path) -> HomePaths:
    return HomePaths(tmp_path).ensure()


def _count(pool: ReaderPool, paths: HomePaths) -> int:
    cursor = pool.cursor(paths.serving)
    try:
        row = cursor.execute("SELECT count(*) FROM marts.t").fetchone()
    finally:
        cursor.close()
    assert row is not None
    return int(row[0])


def test_the_next_cursor_after_a_publish_reads_the_new_file(paths: HomePaths) -> None:
    pool = ReaderPool()
    build_marts(paths, 5)
    assert _count(pool, paths) == 5
    reading = pool.cursor(paths.serving)
    build_marts(paths, 7)
    assert _count(pool, paths) == 7
    assert reading.execute("SELECT count(*) FROM marts.t").fetchone() == (5,)
    reading.close()


def test_cursors_of_one_snapshot_share_its_attachment(paths: HomePaths, monkeypatch) -> None:
    attached: list[Path] = []
    original = connections._connect_read_only

    def attach(path: Path):
        attached.append(path)
        return original(path)

    monkeypatch.setattr(connections, "_connect_read_only", attach)
    pool = ReaderPool()
    build_marts(paths, 3)
    for _ in range(5):
        assert _count(pool, paths) == 3
    assert attached == [paths.serving]
    build_marts(paths, 4)
    assert _count(pool, paths) == 4 and _count(pool, paths) == 4
    assert attached == [paths.serving, paths.serving]


def test_no_snapshot_is_a_clear_error(paths: HomePaths) -> None:
    with pytest.raises(SnapshotMissingError, match="civicpulse run"):
        ReaderPool().cursor(paths.serving)
    build_marts(paths, 2)
    pool = ReaderPool()
    assert _count(pool, paths) == 2
    paths.serving.unlink()
    with pytest.raises(SnapshotMissingError):
        pool.cursor(paths.serving)


def test_threads_query_concurrently_through_a_publish(paths: HomePaths) -> None:
    pool = ReaderPool()
    build_marts(paths, 10)
    seen: list[int] = []
    errors: list[BaseException] = []

    def read() -> None:
        try:
            for _ in range(30):
                seen.append(_count(pool, paths))
        except BaseException as exc:  # noqa: BLE001 - asserted below
            errors.append(exc)

    threads = [threading.Thread(target=read) for _ in range(8)]
    for thread in threads:
        thread.start()
    build_marts(paths, 20)
    for thread in threads:
        thread.join()
    assert not errors
    assert set(seen) <= {10, 20} and len(seen) == 240
    assert _count(pool, paths) == 20
