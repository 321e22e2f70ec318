"""Scale data for the GA4 ingest benchmark: one NDJSON file and the same events as Parquet.

The events come from the sample generator (`samplecity.generate`) at a scale just above the
wanted count; the daily `events_YYYYMMDD.json.gz` files are concatenated in date order into one
NDJSON file and cut at exactly `events` lines (so the last days of the fiscal year may be short).
If one sample is too small (scale is capped at 1, ~40 M events), further copies of it are
appended with every `user_pseudo_id` prefixed by `c<k>.`, so users and sessions stay unique and
the content keeps its real shape. The Parquet file holds the same rows, written by DuckDB with
the reader's declared column types (what a typed BigQuery Parquet export looks like), the
JSON-typed columns as text.

Files are cached in the output folder and reused while their recorded parameters match.
"""

from __future__ import annotations

import gzip
import json
import math
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import duckdb

from ingest.ga4_export import COLUMNS

EVENTS_PER_UNIT_SCALE = 39_000_000  # seed 1 gives ~39.96 M at scale 1: aim slightly above
_USER_FIELD = b'"user_pseudo_id":"'


@dataclass(frozen=True)
class BenchFiles:
    ndjson: Path
    parquet: Path
    events: int
    meta: dict[str, object]


def scale_for(events: int) -> float:
    """The generator scale that yields at least `events` events (capped at 1)."""
    return min(1.0, math.ceil(events * 1.03 / EVENTS_PER_UNIT_SCALE * 10_000) / 10_000)


def prepare(out: Path, events: int, seed: int, log=print) -> BenchFiles:
    data = out / "data"
    data.mkdir(parents=True, exist_ok=True)
    ndjson = data / f"ga4_{events}.ndjson"
    parquet = data / f"ga4_{events}.parquet"
    meta_path = data / f"ga4_{events}.meta.json"
    wanted = {"events": events, "seed": seed, "scale": scale_for(events)}
    if meta_path.exists() and ndjson.exists() and parquet.exists():
        meta = json.loads(meta_path.read_text())
        if all(meta.get(k) == v for k, v in wanted.items()):
            log(f"reusing {ndjson.name} and {parquet.name} ({events:,} events)")
            return BenchFiles(ndjson, parquet, events, meta)
    meta: dict[str, object] = dict(wanted) | _make_ndjson(
        data, ndjson, events, seed, wanted["scale"], log
    )
    log(f"writing {parquet.name}")
    meta["parquet_seconds"] = _write_parquet(ndjson, parquet)
    meta["ndjson_bytes"] = ndjson.stat().st_size
    meta["parquet_bytes"] = parquet.stat().st_size
    meta_path.write_text(json.dumps(meta, indent=2))
    return BenchFiles(ndjson, parquet, events, meta)


def _make_ndjson(
    data: Path, target: Path, events: int, seed: int, scale: float, log
) -> dict[str, object]:
    import time

    import samplecity

    sample = data / f"sample_s{seed}_{scale}" / "city"
    if sample.parent.exists():
        shutil.rmtree(sample.parent)
    log(f"generating the sample city at scale {scale} (seed {seed}) for {events:,} events")
    started = time.perf_counter()
    try:
        samplecity.generate(sample, seed=seed, scale=scale)
    except Exception as error:  # noqa: BLE001 - only the GA4 part matters here
        # GA4 files are written (and waited for) before the other channels: a failure in a
        # later channel writer does not touch them.
        days = sorted((sample / "ga4").glob("events_*.json.gz"))
        if len(days) < 365:
            raise
        print(
            f"warning: samplecity.generate failed after writing all GA4 files ({error!r}); "
            "using the GA4 files",
            file=sys.stderr,
        )
    generated = time.perf_counter() - started
    days = sorted((sample / "ga4").glob("events_*.json.gz"))
    written, copies = 0, 0
    tmp = target.with_suffix(".ndjson.tmp")
    with tmp.open("wb") as sink:
        while written < events:
            prefix = b"" if copies == 0 else b"c%d." % copies
            for day in days:
                if written >= events:
                    break
                raw = gzip.decompress(day.read_bytes())
                if prefix:
                    raw = raw.replace(_USER_FIELD, _USER_FIELD + prefix)
                lines = raw.count(b"\n")
                if written + lines > events:
                    keep = events - written
                    cut = 0
                    for _ in range(keep):
                        cut = raw.index(b"\n", cut) + 1
                    raw, lines = raw[:cut], keep
                sink.write(raw)
                written += lines
            copies += 1
            if copies > 1000:
                raise RuntimeError("the sample generator wrote no GA4 events")
    tmp.replace(target)
    shutil.rmtree(sample.parent)
    log(f"  {written:,} events in {target.name} ({copies} cop{'y' if copies == 1 else 'ies'})")
    return {"copies": copies, "generate_seconds": round(generated, 1)}


def _write_parquet(ndjson: Path, parquet: Path) -> float:
    import time

    started = time.perf_counter()
    columns = "{" + ", ".join(f"'{k}': '{v}'" for k, v in COLUMNS.items()) + "}"
    # JSON-typed columns (items, ecommerce) as plain text: pyarrow reads Parquet's JSON logical
    # type as an extension type that dlt rejects; our reader casts either back to JSON.
    as_text = ", ".join(f'"{k}"::VARCHAR AS "{k}"' for k, v in COLUMNS.items() if v == "JSON")
    source = str(ndjson).replace("'", "''")
    sink = str(parquet).replace("'", "''")
    con = duckdb.connect(":memory:")
    try:
        con.execute("SET enable_progress_bar = false")
        con.execute(
            f"COPY (SELECT * REPLACE ({as_text}) FROM read_json('{source}', "
            f"format = 'newline_delimited', columns = {columns})) TO '{sink}' (FORMAT parquet)"
        )
    finally:
        con.close()
    return round(time.perf_counter() - started, 1)
