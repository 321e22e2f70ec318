from pathlib import Path

from warehouse.connections import WRITER_CHECKPOINT_THRESHOLD, connect_writer
from warehouse.paths import HomePaths


def test_the_writer_checkpoints_rarely(tmp_path: Path) -> None:
    # One commit per ingested file: at DuckDB's 16 MiB default nearly every commit checkpointed.
    con = connect_writer(HomePaths(tmp_path / "home").ensure())
    try:
        [(value,)] = con.execute("SELECT current_setting('checkpoint_threshold')").fetchall()
    finally:
        con.close()
    assert value == "256.0 MiB" and WRITER_CHECKPOINT_THRESHOLD == "256MiB"
