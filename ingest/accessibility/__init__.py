"""Accessibility (JIS X 8341-3 / WCAG) and readability (やさしい日本語) audits of the city's site.

- `civicpulse audit` (civicpulse/audit.py) crawls (crawl.py, sources.py, state.py), renders
  and runs axe-core (axe_runner.py, page_audit.py), scores readability (extract.py,
  readability.py), maps to JIS (jis.py), and loads tables.py's results; report.py writes the
  JSON report.
- This package's READER lets `civicpulse ingest` load reports a city already has: Lighthouse
  JSON (lighthouse.py) and miChecker JSON lines (michecker.py), into the same raw tables.

Importing this package stays light (no browser, no tokenizer): the reader registry imports it.
"""

from __future__ import annotations

import json
from pathlib import Path

from ingest.accessibility import lighthouse, michecker
from ingest.accessibility.tables import audit_results, empty_results
from ingest.errors import IngestError
from ingest.reader import Reader
from ingest.result import ReadResult
from ingest.text import decode_text

__all__ = ["READER", "empty_results", "read_report"]


def looks_like(text_head: str) -> bool:
    return lighthouse.looks_like(text_head) or michecker.looks_like(text_head)


def read_report(path: Path) -> list[ReadResult]:
    """A Lighthouse JSON report or a miChecker JSON-lines file → the accessibility raw tables."""
    text = decode_text(path.read_bytes()).lstrip("\ufeff")
    if lighthouse.looks_like(text[:65536]):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise IngestError(
                str(path), f"not valid JSON: {error.msg}", line=error.lineno
            ) from None
        try:
            audits = lighthouse.parse_lighthouse(data, path.name)
        except lighthouse.LighthouseFormatError as error:
            raise IngestError(str(path), str(error)) from None
    else:
        try:
            audits = michecker.parse_michecker(text.splitlines(), path.name)
        except michecker.MiCheckerFormatError as error:
            raise IngestError(
                str(path), error.reason, line=error.line, column=error.column
            ) from None
    if not audits:
        raise IngestError(str(path), "no pages in the report")
    return audit_results(audits)


READER = Reader(
    name="accessibility_report",
    description=(
        "accessibility findings: a Lighthouse JSON report (LHR or PageSpeed Insights response) "
        "or miChecker problems as JSON lines"
    ),
    looks_like=looks_like,
    read=read_report,
    # All four raw tables of the package, including those only `civicpulse audit` fills, so that
    # the dbt models build before any audit ran.
    empty=empty_results,
    priority=40,
)
