"""The `civicpulse` command line: every command has --help, prints progress on long work,
ends with a one-line summary, exits 0 on success and non-zero with a clear message."""

from __future__ import annotations

import csv
import importlib
import io
import json
import sys
import time
from pathlib import Path

import click

from civicpulse import pipeline
from civicpulse.settings import Settings, SettingsError
from civicpulse.users_cli import ensure_demo_user, users


def _settings() -> Settings:
    try:
        return Settings.from_env()
    except SettingsError as error:
        raise click.ClickException(str(error)) from None


def _progress(message: str) -> None:
    click.echo(message, err=True)


class _Timer:
    def __init__(self) -> None:
        self.start = time.perf_counter()

    def __str__(self) -> str:
        return f"{time.perf_counter() - self.start:.1f} s"


class _LazyGroup(click.Group):
    """Imports the heavy command groups (scikit-learn, google-ads, Playwright) only when they
    are invoked, so `civicpulse sql` and the others start in about a second, not four."""

    LAZY = {
        "audit": "civicpulse.audit:audit",
        "ml": "civicpulse.ml_cli:ml",
        "pull": "civicpulse.pull:pull",
    }

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *self.LAZY])

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.LAZY:
            module, name = self.LAZY[cmd_name].split(":")
            command = getattr(importlib.import_module(module), name)
            assert isinstance(command, click.Command)
            return command
        return super().get_command(ctx, cmd_name)


@click.group(cls=_LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="civicpulse")
def main() -> None:
    """civicpulse — analytics for a city's PR and digital office.

    Settings come from the environment: CIVICPULSE_HOME (default ./var),
    CIVICPULSE_MUNICIPALITY_CODE (全国地方公共団体コード, default 990019, the sample city).
    """


@main.command()
@click.option("--seed", type=int, default=1, show_default=True, help="Random seed.")
@click.option(
    "--scale",
    type=float,
    default=0.01,
    show_default=True,
    help="Share of the city's real web traffic (1 = ~40 million GA4 events).",
)
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=None,
    help="Output folder (default: $CIVICPULSE_HOME/inbox). ground_truth.json goes beside it.",
)
@click.option(
    "--cities",
    type=click.IntRange(1, 99),
    default=None,
    help="Several cities (990019, 990027, …, smaller each), each in DIR/<municipality code>/; "
    "ground truth in DIR/../cities/<code>/.",
)
def sample(seed: int, scale: float, out: Path | None, cities: int | None) -> None:
    """Generate one fiscal year of the fictional sample city as real-format export files."""
    import samplecity

    settings = _settings()
    target = (out or settings.paths.inbox).resolve()
    timer = _Timer()
    if cities is not None:
        from samplecity.cities import generate_cities

        _progress(f"generating {cities} sample cities (seed {seed}, scale {scale}) into {target} …")
        summaries = generate_cities(target, seed=seed, scale=scale, cities=cities)
        n_files = sum(len(s.get("files", {})) for s in summaries.values())
        click.echo(
            f"sample: {len(summaries)} cities ({', '.join(summaries)}), {n_files} files written "
            f"to {target} in {timer}"
        )
        return
    _progress(f"generating sample city (seed {seed}, scale {scale}) into {target} …")
    summary = samplecity.generate(target, seed=seed, scale=scale)
    files = summary.get("files", {})
    click.echo(
        f"sample: {len(files)} files written to {target} in {timer} "
        f"(ground truth: {target.parent / 'ground_truth.json'})"
    )


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--source",
    default=None,
    help="Skip detection and use this reader (ga4, google_ads, e_applications).",
)
def ingest(paths: tuple[str, ...], source: str | None) -> None:
    """Load export files (files, folders or globs) into the raw layer."""
    from civicpulse.files import expand

    settings = _settings()
    settings.paths.ensure()
    try:
        files = expand(list(paths))
    except FileNotFoundError as error:
        raise click.ClickException(str(error)) from None
    timer = _Timer()
    outcomes = pipeline.ingest_files(settings, files, source=source, progress=_progress)
    _summarise_ingest(outcomes, timer)
    if any(o.status == "quarantined" for o in outcomes):
        sys.exit(1)


def _summarise_ingest(
    outcomes: list[pipeline.FileOutcome], timer: _Timer, to_stderr: bool = False
) -> None:
    loaded = [o for o in outcomes if o.status == "loaded"]
    quarantined = [o for o in outcomes if o.status == "quarantined"]
    duplicates = [o for o in outcomes if o.status == "duplicate"]
    for outcome in quarantined:
        click.echo(f"refused: {outcome.message}", err=True)
    click.echo(
        f"ingest: {len(loaded)} loaded ({sum(o.rows_loaded for o in loaded):,} rows, "
        f"{sum(o.rows_rejected for o in loaded):,} rejected), {len(duplicates)} already loaded, "
        f"{len(quarantined)} quarantined, in {timer}",
        err=to_stderr,
    )


@main.command()
@click.option("--select", "-s", multiple=True, help="dbt selection (default: everything).")
@click.option("--full-refresh", is_flag=True, help="Rebuild incremental models from scratch.")
@click.option(
    "--complete",
    is_flag=True,
    help="Build every node (refits the web segmentation), not only what new loads touch.",
)
@click.option(
    "--engine",
    type=click.Choice(["duckdb", "spark"]),
    default="duckdb",
    show_default=True,
    help="spark: raw layer as Parquet → dbt on Apache Spark → marts back into the warehouse.",
)
def build(select: tuple[str, ...], full_refresh: bool, complete: bool, engine: str) -> None:
    """Build and test the dbt models on the working warehouse.

    Without --select: a complete build (every node) when none is on record, weekly, after an
    upgrade or with --complete; otherwise a daily build of what the files loaded since the last
    build touch, whose incremental models re-read only the newest days.
    """
    settings = _settings()
    timer = _Timer()
    if engine == "spark":
        if select:
            raise click.UsageError("--select is not supported with --engine spark")
        _progress("raw → Parquet, dbt run on Spark, marts → warehouse, ML and tests on DuckDB …")
        from warehouse.dbt_runner import DbtError

        try:
            spark = pipeline.build_spark(settings, full_refresh=full_refresh)
        except DbtError as error:
            raise click.ClickException(str(error)) from None
        for selector, reason in spark.excluded.items():
            _progress(f"not on Spark (built on DuckDB): {selector} — {reason}")
        click.echo(
            f"build (spark): {spark.exported_tables} raw tables ({spark.exported_rows:,} rows) "
            f"exported, {spark.spark.nodes} models on Spark, {len(spark.loaded)} marts loaded, "
            f"{spark.duckdb.nodes + spark.tests.nodes} nodes on DuckDB, in {timer}"
        )
        return
    _progress("dbt build …")
    outcome = _run_build(settings, list(select), full_refresh, complete)
    click.echo(
        f"build ({outcome.plan.kind}: {outcome.plan.reason}): "
        f"{outcome.nodes} dbt nodes passed in {timer}"
    )


def _run_build(
    settings: Settings, select: list[str], full_refresh: bool = False, complete: bool = False
) -> pipeline.BuildOutcome:
    from warehouse.dbt_runner import DbtError

    try:
        return pipeline.build(
            settings, select or None, full_refresh=full_refresh, complete=complete
        )
    except DbtError as error:
        raise click.ClickException(str(error)) from None


@main.command()
def publish() -> None:
    """Copy the marts into a new snapshot and swap it in as serving.duckdb."""
    from warehouse.publish import PublishError

    settings = _settings()
    timer = _Timer()
    _progress("publish …")
    try:
        outcome = pipeline.publish_snapshot(settings)
    except PublishError as error:
        raise click.ClickException(str(error)) from None
    click.echo(
        f"publish: {outcome.tables} tables, {outcome.rows:,} rows → "
        f"{settings.paths.serving} in {timer}"
    )


@main.command()
def run() -> None:
    """Ingest the inbox (files go to archive/ or quarantine/), build, publish."""
    settings = _settings()
    timer = _Timer()
    files = pipeline.inbox_files(settings)
    _progress(f"inbox: {len(files)} files")
    ingest_timer = _Timer()
    outcomes = pipeline.ingest_files(settings, files, from_inbox=True, progress=_progress)
    _summarise_ingest(outcomes, ingest_timer, to_stderr=True)
    _progress("dbt build …")
    built = _run_build(settings, [])
    _progress("publish …")
    published = pipeline.publish_snapshot(settings)
    quarantined = sum(o.status == "quarantined" for o in outcomes)
    click.echo(
        f"run: {sum(o.status == 'loaded' for o in outcomes)} files loaded, {quarantined} "
        f"quarantined, {built.nodes} dbt nodes, {published.rows:,} rows published in {timer}"
    )


DEFAULT_SERVE_THREADS = 16


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8050, show_default=True, type=int)
@click.option(
    "--cache-mb",
    default=64,
    show_default=True,
    type=click.IntRange(min=0),
    help="Memory for callback answers reused until the next publish (0: off).",
)
@click.option(
    "--threads",
    default=DEFAULT_SERVE_THREADS,
    show_default=True,
    type=click.IntRange(min=1),
    help="Request threads: answers from memory pass while others are computed.",
)
def serve(host: str, port: int, cache_mb: int, threads: int) -> None:
    """Serve the dashboards (production WSGI server) from the published snapshot."""
    import logging

    from dashboards.config import DashboardConfig
    from dashboards.server import serve as serve_app

    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    settings = _settings()
    click.echo(f"serving civicpulse at http://{host}:{port}/  (Ctrl+C to stop)")
    serve_app(
        DashboardConfig(
            paths=settings.paths,
            municipality_code=settings.municipality_code,
            response_cache_mb=cache_mb,
        ),
        host,
        port,
        threads,
    )


@main.command()
@click.argument("query")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "json"]),
    default="table",
    show_default=True,
)
@click.option("--max-rows", default=10_000, show_default=True, type=int)
@click.option("--timeout", default=30.0, show_default=True, type=float, help="Seconds.")
def sql(query: str, fmt: str, max_rows: int, timeout: float) -> None:
    """Run one read-only SELECT on the published snapshot (no file access)."""
    from warehouse.connections import SnapshotMissingError
    from warehouse.sandbox import QueryRefused, run_query

    settings = _settings()
    try:
        result = run_query(settings.paths, query, max_rows=max_rows, timeout_s=timeout)
    except (QueryRefused, SnapshotMissingError) as error:
        raise click.ClickException(str(error)) from None
    click.echo(_format(result.columns, result.rows, fmt), nl=False)
    note = " (truncated)" if result.truncated else ""
    click.echo(f"{len(result.rows):,} rows{note}", err=True)


def _format(columns: list[str], rows: list[tuple[object, ...]], fmt: str) -> str:
    if fmt == "json":
        return (
            json.dumps(
                [dict(zip(columns, row, strict=True)) for row in rows],
                ensure_ascii=False,
                default=str,
                indent=1,
            )
            + "\n"
        )
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([["" if v is None else v for v in row] for row in rows])
        return buffer.getvalue()
    cells = [[("" if v is None else str(v)) for v in row] for row in rows]
    widths = [max([_width(c)] + [_width(r[i]) for r in cells]) for i, c in enumerate(columns)]
    lines = [
        " | ".join(_pad(c, w) for c, w in zip(columns, widths, strict=True)),
        "-+-".join("-" * w for w in widths),
    ]
    lines += [" | ".join(_pad(v, w) for v, w in zip(r, widths, strict=True)) for r in cells]
    return "\n".join(lines) + "\n"


def _width(text: str) -> int:
    """Display width: East Asian wide characters take two columns."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


@main.command()
@click.option("--seed", type=int, default=1, show_default=True)
@click.option("--scale", type=float, default=0.01, show_default=True)
@click.option("--port", default=8050, show_default=True, type=int)
@click.option("--no-serve", is_flag=True, help="Stop after publishing.")
@click.pass_context
def demo(ctx: click.Context, seed: int, scale: float, port: int, no_serve: bool) -> None:
    """Sample city → ingest → build → publish → dashboard, on an empty CIVICPULSE_HOME."""
    settings = _settings()
    if not settings.paths.warehouse.exists():
        ctx.invoke(sample, seed=seed, scale=scale, out=None)
        # The sample city's web pages (beside the inbox: HTML is not an export format).
        from civicpulse.audit import audit  # imported here: it loads Playwright

        ctx.invoke(
            audit,
            sources=(str(settings.paths.inbox.parent / "site_html"),),
            report_path=settings.paths.home / "audit" / "report.json",
            max_pages=None,
            rate=1.0,
            resume=False,
            base_url=None,
        )
    else:
        _progress(
            f"{settings.paths.warehouse} exists: reusing it (delete the folder to start over)"
        )
    ctx.invoke(run)
    if not no_serve:
        name, password = ensure_demo_user(settings.paths)
        click.echo(f"dashboard login: {name} / {password}  (shown once; a new one each run)")
        ctx.invoke(serve, host="127.0.0.1", port=port)


main.add_command(users)

if __name__ == "__main__":
    main()
