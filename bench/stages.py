"""One benchmark stage, run in a process of its own so that peak RSS belongs to that stage:

    python -m bench.stages STAGE FILE WORKDIR

loads FILE into a fresh DuckDB file under WORKDIR and prints one JSON line: the wall and CPU
seconds of the load itself (imports excluded, the same for every stage), rows in the table.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path

import duckdb

from ingest.ga4_export import _ALTERNATIVES, COLUMNS

Stage = Callable[[Path, Path], dict[str, object]]


def _literal(path: Path) -> str:
    return str(path).replace("'", "''")


def _declared() -> str:
    return "{" + ", ".join(f"'{k}': '{v}'" for k, v in (COLUMNS | _ALTERNATIVES).items()) + "}"


def _ctas(work: Path, select: str) -> dict[str, object]:
    con = duckdb.connect(str(work / "floor.duckdb"))
    try:
        con.execute("SET enable_progress_bar = false")
        con.execute(f"CREATE TABLE events AS {select}")
        [(rows,)] = con.execute("SELECT count(*) FROM events").fetchall()
    finally:
        con.close()
    return {"rows": rows}


def floor_json_declared(path: Path, work: Path) -> dict[str, object]:
    return _ctas(
        work,
        f"SELECT * FROM read_json('{_literal(path)}', format = 'newline_delimited', "
        f"columns = {_declared()})",
    )


def floor_json_auto(path: Path, work: Path) -> dict[str, object]:
    return _ctas(work, f"SELECT * FROM read_json('{_literal(path)}', format = 'newline_delimited')")


def floor_parquet(path: Path, work: Path) -> dict[str, object]:
    return _ctas(work, f"SELECT * FROM read_parquet('{_literal(path)}')")


def ours(path: Path, work: Path) -> dict[str, object]:
    """Exactly what `civicpulse ingest FILE` does: detect, read, sha256, load with manifest."""
    from civicpulse.pipeline import ingest_files
    from civicpulse.settings import Settings

    settings = Settings.from_env({"CIVICPULSE_HOME": str(work / "home")})
    [outcome] = ingest_files(settings, [path])
    if outcome.status != "loaded":
        raise RuntimeError(f"ingest did not load the file: {outcome.status} {outcome.message}")
    return {"rows": outcome.rows_loaded}


def _dlt_run(work: Path, name: str, data: object) -> dict[str, object]:
    import dlt

    pipeline = dlt.pipeline(
        pipeline_name=name,
        destination=dlt.destinations.duckdb(str(work / "dlt.duckdb")),
        dataset_name="raw",
        pipelines_dir=str(work / "dlt_pipelines"),
        progress=None,
    )
    info = pipeline.run(data, table_name="ga4_events", loader_file_format="parquet")
    info.raise_on_failed_jobs()
    con = duckdb.connect(str(work / "dlt.duckdb"), read_only=True)
    try:
        [(rows,)] = con.execute("SELECT count(*) FROM raw.ga4_events").fetchall()
        [(tables,)] = con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'raw' "
            "AND table_name LIKE 'ga4_events%'"
        ).fetchall()
    finally:
        con.close()
    return {"rows": rows, "note": f"{tables} table(s)"}


def dlt_json_dicts(path: Path, work: Path) -> dict[str, object]:
    """dlt's own file source: filesystem | read_jsonl (Python dicts, nested lists become child
    tables), parquet loader files."""
    from dlt.sources.filesystem import filesystem, read_jsonl

    files = filesystem(bucket_url=path.parent.as_uri(), file_glob=path.name)
    return _dlt_run(work, "ga4_dicts", files | read_jsonl(chunksize=10_000))


def dlt_json_arrow(path: Path, work: Path) -> dict[str, object]:
    """dlt's fast path: a resource yielding Arrow record batches (pyarrow's streaming JSON
    reader with the declared schema, INT64 as strings as `bq extract` writes them)."""
    import dlt
    import pyarrow as pa
    import pyarrow.json as pj

    @dlt.resource(name="ga4_events")
    def batches():  # type: ignore[no-untyped-def]
        reader = pj.open_json(
            path,
            read_options=pj.ReadOptions(block_size=16 << 20),
            parse_options=pj.ParseOptions(
                explicit_schema=_raw_arrow_schema(pa), unexpected_field_behavior="infer"
            ),
        )
        yield from reader

    return _dlt_run(work, "ga4_arrow", batches())


def dlt_parquet(path: Path, work: Path) -> dict[str, object]:
    """dlt's own file source: filesystem | read_parquet yielding Arrow batches."""
    from dlt.sources.filesystem import filesystem, read_parquet

    files = filesystem(bucket_url=path.parent.as_uri(), file_glob=path.name)
    return _dlt_run(work, "ga4_parquet", files | read_parquet(chunksize=100_000, use_pyarrow=True))


def _raw_arrow_schema(pa):  # type: ignore[no-untyped-def]
    """The declared columns as Arrow types, with BIGINT as string (the export quotes INT64)."""
    con = duckdb.connect(":memory:")
    try:
        kinds = {k: v for k, v in COLUMNS.items() if v != "JSON"}
        select = ", ".join(f'CAST(NULL AS {v}) AS "{k}"' for k, v in kinds.items())
        schema = con.sql(f"SELECT {select} LIMIT 0").to_arrow_table().schema
    finally:
        con.close()

    def raw(kind):  # type: ignore[no-untyped-def]
        if pa.types.is_integer(kind):
            return pa.string()
        if pa.types.is_struct(kind):
            return pa.struct([pa.field(f.name, raw(f.type)) for f in kind])
        if pa.types.is_list(kind) or pa.types.is_large_list(kind):
            return pa.list_(raw(kind.value_type))
        if pa.types.is_large_string(kind) or pa.types.is_string_view(kind):
            return pa.string()
        return kind

    return pa.schema([pa.field(f.name, raw(f.type)) for f in schema])


STAGES: dict[str, Stage] = {
    "floor_json_declared": floor_json_declared,
    "floor_json_auto": floor_json_auto,
    "ours_json": ours,
    "dlt_json_arrow": dlt_json_arrow,
    "dlt_json_dicts": dlt_json_dicts,
    "floor_parquet": floor_parquet,
    "ours_parquet": ours,
    "dlt_parquet": dlt_parquet,
}


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main(argv: list[str]) -> int:
    stage, path, work = argv[0], Path(argv[1]), Path(argv[2])
    work.mkdir(parents=True, exist_ok=True)
    if stage.startswith(("ours", "dlt")):  # imports outside the timed part, as for the floor
        import civicpulse.pipeline  # noqa: F401

        if stage.startswith("dlt"):
            import dlt.sources.filesystem  # noqa: F401
            import pyarrow.json  # noqa: F401
    started, cpu = time.perf_counter(), _cpu()
    outcome = STAGES[stage](path, work)
    outcome |= {"wall": time.perf_counter() - started, "cpu": _cpu() - cpu}
    print(json.dumps(outcome))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
