from pathlib import Path

from warehouse.connections import WRITER_CHECKPOINT_THRESHOLD, connect_writer
from warehouse.paths import HomePaths


def test_the_writer_checkpoints_rarely_and_bounds_its_memory(tmp_path: Path) -> None:
    # One commit per ingested file: at DuckDB's 16 MiB default nearly every commit checkpointed.
    # DuckDB's default memory_limit (80 % of RAM) let a 1x ingest hold 6.5 GB.
    con = connect_writer(HomePaths(tmp_path / "home").ensure())
    try:
        [(threshold, memory)] = con.execute(
            "SELECT current_setting('checkpoint_threshold'), current_setting('memory_limit')"
        ).fetchall()
    finally:
        con.close()
    assert threshold == "256.0 MiB" and WRITER_CHECKPOINT_THRESHOLD == "256MiB"
    assert memory == "3.7 GiB"  # 4GB
