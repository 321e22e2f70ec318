"""Audits → ReadResults for the raw tables (the loader does the rest).

- raw.accessibility__pages: one row per page audit (or per page left out, with why)
- raw.accessibility__axe_results: page × rule × result type × node (a rule without nodes: one
  row with node_index NULL)
- raw.accessibility__jis_status: page × the 38 JIS X 8341-3 criteria
- raw.readability__pages: page readability

Natural key (latest load wins): the page, the audit's day (Asia/Tokyo) and the tool — a page
audited again the same day replaces that day's rows, other days stay as history, so the marts
can show which departments improve.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from zoneinfo import ZoneInfo

import polars as pl

from ingest.accessibility.findings import PageAudit
from ingest.accessibility.jis import jis_status
from ingest.accessibility.readability import Readability
from ingest.accessibility.urls import department_of, page_key
from ingest.result import ReadResult

TOKYO = ZoneInfo("Asia/Tokyo")
SOURCE = "accessibility"
READABILITY_SOURCE = "readability"
AUDIT_KEY = ("page_key", "audit_date", "tool")
READABILITY_KEY = ("page_key", "audit_date")

_PAGE = {
    "page_url": pl.String(),
    "page_key": pl.String(),
    "audit_date": pl.Date(),
    "audited_at": pl.Datetime("us"),
    "tool": pl.String(),
    "tool_version": pl.String(),
}
PAGES_SCHEMA = {
    **_PAGE,
    "status": pl.String(),
    "http_status": pl.Int32(),
    "title": pl.String(),
    "lang": pl.String(),
    "department": pl.String(),
    "source_kind": pl.String(),
    "source": pl.String(),
    "score": pl.Float64(),
    "error": pl.String(),
    "_row_number": pl.Int64(),
}
AXE_SCHEMA = {
    **_PAGE,
    "rule_id": pl.String(),
    "result_type": pl.String(),
    "impact": pl.String(),
    "rule_help": pl.String(),
    "help_url": pl.String(),
    "tags": pl.String(),
    "wcag_criteria": pl.String(),
    "node_index": pl.Int32(),
    "target": pl.String(),
    "html": pl.String(),
    "failure_summary": pl.String(),
    "node_impact": pl.String(),
    "_row_number": pl.Int64(),
}
JIS_SCHEMA = {
    **_PAGE,
    "criterion": pl.String(),
    "criterion_name": pl.String(),
    "level": pl.String(),
    "status": pl.String(),
    "violation_rules": pl.String(),
    "incomplete_rules": pl.String(),
    "pass_rules": pl.String(),
    "reason": pl.String(),
    "_row_number": pl.Int64(),
}
READABILITY_SCHEMA = {
    "page_url": pl.String(),
    "page_key": pl.String(),
    "audit_date": pl.Date(),
    "analysed_at": pl.Datetime("us"),
    "is_japanese": pl.Boolean(),
    "text_chars": pl.Int64(),
    "sentences": pl.Int64(),
    "words": pl.Int64(),
    "jreadability": pl.Float64(),
    "band": pl.String(),
    "mean_sentence_length": pl.Float64(),
    "mean_tokens_per_sentence": pl.Float64(),
    "kanji_ratio": pl.Float64(),
    "desu_masu_ratio": pl.Float64(),
    "ruby_coverage": pl.Float64(),
    "katakana_loanword_ratio": pl.Float64(),
    "kango_pct": pl.Float64(),
    "wago_pct": pl.Float64(),
    "verb_pct": pl.Float64(),
    "particle_pct": pl.Float64(),
    "_row_number": pl.Int64(),
}


def _utc_naive(at: dt.datetime) -> dt.datetime:
    return at.astimezone(dt.UTC).replace(tzinfo=None)


def _page_columns(audit: PageAudit) -> dict[str, object]:
    return {
        "page_url": audit.url,
        "page_key": page_key(audit.url),
        "audit_date": audit.audited_at.astimezone(TOKYO).date(),
        "audited_at": _utc_naive(audit.audited_at),
        "tool": audit.tool,
        "tool_version": audit.tool_version,
    }


def _frame(rows: list[dict[str, object]], schema: dict[str, pl.DataType]) -> pl.DataFrame:
    for number, row in enumerate(rows, start=1):
        row["_row_number"] = number
    return pl.DataFrame(rows, schema=schema, orient="row") if rows else pl.DataFrame(schema=schema)


def page_rows(audits: Sequence[PageAudit]) -> list[dict[str, object]]:
    return [
        {
            **_page_columns(a),
            "status": a.status,
            "http_status": a.http_status,
            "title": a.title,
            "lang": a.lang,
            "department": department_of(a.url),
            "source_kind": a.source_kind,
            "source": a.source,
            "score": a.score,
            "error": a.error,
        }
        for a in audits
    ]


def axe_rows(audits: Sequence[PageAudit]) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for audit in audits:
        page = _page_columns(audit)
        for rule in audit.rules:
            common = {
                **page,
                "rule_id": rule.rule,
                "result_type": rule.result_type,
                "impact": rule.impact,
                "rule_help": rule.help,
                "help_url": rule.help_url,
                "tags": ",".join(rule.tags),
                "wcag_criteria": ",".join(rule.criteria),
            }
            if not rule.nodes:
                rows.append({**common, "node_index": None, "target": None, "html": None,
                             "failure_summary": None, "node_impact": None})  # fmt: skip
            for index, node in enumerate(rule.nodes):
                rows.append(
                    {
                        **common,
                        "node_index": index,
                        "target": node.target,
                        "html": node.html,
                        "failure_summary": node.failure_summary,
                        "node_impact": node.impact,
                    }
                )
    return rows


def jis_rows(audits: Sequence[PageAudit]) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for audit in audits:
        if audit.status != "audited":
            continue
        page = _page_columns(audit)
        for status in jis_status(audit.findings()):
            rows.append(
                {
                    **page,
                    "criterion": status.criterion.number,
                    "criterion_name": status.criterion.name_ja,
                    "level": status.criterion.level,
                    "status": status.status,
                    "violation_rules": ",".join(status.violation_rules) or None,
                    "incomplete_rules": ",".join(status.incomplete_rules) or None,
                    "pass_rules": ",".join(status.pass_rules) or None,
                    "reason": status.reason,
                }
            )
    return rows


def readability_rows(scored: Sequence[tuple[PageAudit, Readability]]) -> list[dict[str, object]]:
    return [
        {
            "page_url": audit.url,
            "page_key": page_key(audit.url),
            "audit_date": audit.audited_at.astimezone(TOKYO).date(),
            "analysed_at": _utc_naive(audit.audited_at),
            **score.as_dict(),
        }
        for audit, score in scored
    ]


def audit_results(audits: Sequence[PageAudit]) -> list[ReadResult]:
    """pages, axe_results and jis_status for a set of audits (any tool)."""
    pages = page_rows(audits)
    axe = axe_rows(audits)
    jis = jis_rows(audits)
    return [
        ReadResult(SOURCE, "pages", _frame(pages, PAGES_SCHEMA), AUDIT_KEY, len(pages)),
        ReadResult(SOURCE, "axe_results", _frame(axe, AXE_SCHEMA), AUDIT_KEY, len(axe)),
        ReadResult(SOURCE, "jis_status", _frame(jis, JIS_SCHEMA), AUDIT_KEY, len(jis)),
    ]


def results(
    audits: Sequence[PageAudit], scored: Sequence[tuple[PageAudit, Readability]]
) -> list[ReadResult]:
    """Everything one batch of `civicpulse audit` loads, in one transaction."""
    rows = readability_rows(scored)
    frame = _frame(rows, READABILITY_SCHEMA)
    return [
        *audit_results(audits),
        ReadResult(READABILITY_SOURCE, "pages", frame, READABILITY_KEY, len(rows)),
    ]


def empty_results() -> list[ReadResult]:
    """Zero-row results with the full schema of all four raw tables (so dbt builds)."""
    return results([], [])
