"""Pages audited per minute: headless Chromium + axe-core + readability on the sample city's
saved pages (not a test; prints markdown table rows).

    python -m bench.audit_throughput                 # 3 copies of the 21 sample pages, 1 worker
    python -m bench.audit_throughput --workers 1 2   # also 2 browsers in parallel (2 cores)
    python -m bench.audit_throughput --cli           # the whole `civicpulse audit` incl. loading

Stages: "render+axe" is the browser alone (navigation, axe.run with violations, incomplete and
passes, the rendered DOM back); "+readability" adds main-text extraction and fugashi scoring;
"cli" is `civicpulse audit` on the folder end to end (crawl plan, both, batched loads into a
fresh DuckDB, the JSON report). The machine's load average is printed because a shared machine
slows the browser down more than anything in the code.
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
import polars as pl

from ingest.accessibility.axe_runner import AxeRunner
from ingest.accessibility.page_audit import audit_from_render, readability_of
from ingest.accessibility.sources import Candidate, folder_pages
from samplecity.channels import site_html
from samplecity.channels.context import SampleContext
from samplecity.fiscal import fiscal_calendar


def write_pages(root: Path, copies: int, seed: int = 1) -> Path:
    """The sample pages, `copies` times under copy<k>/ (distinct URLs, same content)."""
    for copy in range(copies):
        out = root / f"copy{copy}" / "inbox"
        context = SampleContext(
            out=out, seed=seed, scale=0.01, fiscal_year=2025, cal=fiscal_calendar(2025), city={},
            segments=[], campaigns=[], ads=pl.DataFrame(), typhoon=np.zeros(1),
        )  # fmt: skip
        site_html.write(context)
    return root


def _candidates(root: Path) -> list[Candidate]:
    found = []
    for copy in sorted(root.glob("copy*")):
        found += [
            Candidate(f"{c.url}?copy={copy.name}", c.fetch_url, c.source_kind, c.source)
            for c in folder_pages(copy / "site_html", None)
        ]
    return found


def audit_pages(candidates: list[Candidate], readability: bool) -> tuple[int, float]:
    """(pages, seconds) for one browser auditing the pages in turn (launch excluded)."""
    with AxeRunner() as runner:
        started = time.perf_counter()
        for candidate in candidates:
            rendered = runner.audit(candidate.fetch_url)
            audit = audit_from_render(rendered, candidate, None)
            if readability:
                readability_of(audit, rendered)
        return len(candidates), time.perf_counter() - started


def run_stage(candidates: list[Candidate], workers: int, readability: bool) -> tuple[int, float]:
    if workers == 1:
        return audit_pages(candidates, readability)
    shares = [candidates[i::workers] for i in range(workers)]
    started = time.perf_counter()
    with ProcessPoolExecutor(workers) as pool:
        done = sum(p for p, _ in pool.map(audit_pages, shares, [readability] * workers))
    # Wall time includes each worker's browser launch (~1 s): a fair price for parallelism.
    return done, time.perf_counter() - started


def run_cli(root: Path) -> tuple[int, float]:
    from click.testing import CliRunner

    from civicpulse.audit import audit

    home = Path(tempfile.mkdtemp(prefix="bench_audit_home_"))
    sources = [str(copy / "site_html") for copy in sorted(root.glob("copy*"))][:1]
    pages = len(folder_pages(Path(sources[0]), None))
    started = time.perf_counter()
    result = CliRunner().invoke(
        audit, [*sources, "--report", str(home / "report.json")], env={"CIVICPULSE_HOME": str(home)}
    )
    elapsed = time.perf_counter() - started
    shutil.rmtree(home, ignore_errors=True)
    if result.exit_code != 0:
        raise SystemExit(result.output)
    return pages, elapsed


def _row(stage: str, workers: int, pages: int, seconds: float) -> str:
    load = os.getloadavg()[0]
    rate = pages / seconds * 60
    return (
        f"| {stage} | {workers} | {pages} | {seconds:.1f} | {rate:.0f} | {os.cpu_count()} "
        f"| {load:.1f} |"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.audit_throughput")
    parser.add_argument("--copies", type=int, default=3, help="copies of the 21 sample pages")
    parser.add_argument("--workers", type=int, nargs="+", default=[1])
    parser.add_argument("--cli", action="store_true", help="also time `civicpulse audit`")
    args = parser.parse_args(argv)
    root = Path(tempfile.mkdtemp(prefix="bench_audit_"))
    try:
        candidates = _candidates(write_pages(root, args.copies))
        print("| stage | browsers | pages | seconds | pages/min | cores | load avg |")
        print("|---|---|---|---|---|---|---|")
        for workers in args.workers:
            for stage, readability in (("render+axe", False), ("+readability", True)):
                pages, seconds = run_stage(candidates, workers, readability)
                print(_row(stage, workers, pages, seconds), flush=True)
        if args.cli:
            pages, seconds = run_cli(root)
            print(_row("cli (incl. launch, load, report)", 1, pages, seconds), flush=True)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
