"""The machine-readable audit report (`civicpulse audit --report PATH`).

It carries what a city's annual published conformance report (試験結果の公開) needs: the pages
in scope (対象ページ) and a success-criteria checklist (達成基準チェックリスト), plus every page's
findings and readability. The schema is documented in the README ("Audit report").
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from ingest.accessibility.findings import AUDITED, PageAudit, RuleResult
from ingest.accessibility.jis import (
    AXE_TAGS,
    CRITERIA,
    STATUSES,
    jis_status,
    site_status,
)
from ingest.accessibility.readability import BAND_EN, Readability
from ingest.accessibility.urls import department_of

REPORT_VERSION = "1.0"
NOTE_JA = (
    "自動チェック（axe-core）の結果です。「要確認」の達成基準は、人による試験で判定してください。"
    "「適合」は自動チェックで判定できる達成基準についてのみ示します。"
)
NOTE_EN = (
    "Automated checks (axe-core) only. Criteria marked 要確認 need a human test; 適合 is only "
    "claimed for criteria automated checks can settle."
)


def _rule(rule: RuleResult) -> dict[str, Any]:
    return {
        "rule": rule.rule,
        "impact": rule.impact,
        "help": rule.help,
        "help_url": rule.help_url,
        "wcag_criteria": list(rule.criteria),
        "nodes": [
            {
                "target": json.loads(node.target),
                "html": node.html,
                "failure_summary": node.failure_summary,
                "impact": node.impact,
            }
            for node in rule.nodes
        ],
    }


def page_entry(audit: PageAudit, readability: Readability | None) -> dict[str, Any]:
    """One page of the report (also what the resumable state keeps per page)."""
    audited = audit.status == AUDITED
    return {
        "url": audit.url,
        "title": audit.title,
        "status": audit.status,
        "http_status": audit.http_status,
        "error": audit.error,
        "audited_at": audit.audited_at.astimezone(dt.UTC).isoformat(timespec="seconds"),
        "department": department_of(audit.url),
        "lang": audit.lang,
        "tool": audit.tool,
        "tool_version": audit.tool_version,
        "violations": [_rule(r) for r in audit.of_type("violation")],
        "incomplete": [_rule(r) for r in audit.of_type("incomplete")],
        "passes": [
            {"rule": r.rule, "wcag_criteria": list(r.criteria), "node_count": len(r.nodes)}
            for r in audit.of_type("pass")
        ],
        "jis": (
            {s.criterion.number: s.status for s in jis_status(audit.findings())} if audited else {}
        ),
        "readability": _readability(readability),
    }


def _readability(score: Readability | None) -> dict[str, Any] | None:
    if score is None:
        return None
    values = score.as_dict()
    values["band_en"] = BAND_EN.get(score.band) if score.band else None
    return values


def build_report(
    entries: Sequence[dict[str, Any]],
    *,
    sources: Sequence[str],
    host: str | None,
    skipped: Iterable[dict[str, str]] = (),
    engine_version: str = "",
    generated_at: dt.datetime | None = None,
) -> dict[str, Any]:
    audited = [e for e in entries if e["status"] == AUDITED]
    return {
        "report_version": REPORT_VERSION,
        "generated_at": (generated_at or dt.datetime.now(dt.UTC)).isoformat(timespec="seconds"),
        "standard": {
            "name": "JIS X 8341-3:2016",
            "wcag": "WCAG 2.0",
            "target_level": "AA",
            "axe_tags": list(AXE_TAGS),
        },
        "tool": {
            "name": "civicpulse audit",
            "engine": "axe-core",
            "engine_version": engine_version or _engine_version(audited),
            "browser": "Chromium (headless)",
        },
        "note": {"ja": NOTE_JA, "en": NOTE_EN},
        "scope": {
            "host": host,
            "sources": list(sources),
            "pages_audited": len(audited),
            "pages_not_audited": [
                {"url": e["url"], "status": e["status"], "reason": e["error"]}
                for e in entries
                if e["status"] != AUDITED
            ],
            "pages_skipped": list(skipped),
        },
        "summary": _summary(audited),
        "checklist": checklist(audited),
        "pages": list(entries),
    }


def _engine_version(audited: Sequence[dict[str, Any]]) -> str:
    versions = sorted({e["tool_version"] for e in audited if e["tool_version"]})
    return ", ".join(versions)


def _summary(audited: Sequence[dict[str, Any]]) -> dict[str, Any]:
    impacts: Counter[str] = Counter()
    for entry in audited:
        for violation in entry["violations"]:
            impacts[violation["impact"] or "unknown"] += len(violation["nodes"])
    scores = [
        e["readability"]["jreadability"]
        for e in audited
        if e["readability"] and e["readability"]["jreadability"] is not None
    ]
    bands = Counter(
        e["readability"]["band"] for e in audited if e["readability"] and e["readability"]["band"]
    )
    site = Counter(row["status"] for row in checklist(audited))
    return {
        "pages": len(audited),
        "pages_with_violations": sum(bool(e["violations"]) for e in audited),
        "violation_nodes_by_impact": dict(sorted(impacts.items())),
        "criteria_by_status": {status: site.get(status, 0) for status in STATUSES},
        "mean_jreadability": round(sum(scores) / len(scores), 3) if scores else None,
        "pages_by_band": dict(sorted(bands.items())),
    }


def checklist(audited: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """達成基準チェックリスト: each criterion over the audited pages."""
    rows = []
    for criterion in CRITERIA:
        statuses = [e["jis"].get(criterion.number) for e in audited if e["jis"]]
        counts = Counter(s for s in statuses if s)
        failing = [e["url"] for e in audited if e["jis"].get(criterion.number) == "不適合"]
        rules = sorted(
            {
                v["rule"]
                for e in audited
                for v in e["violations"]
                if criterion.number in v["wcag_criteria"]
            }
        )
        rows.append(
            {
                "criterion": criterion.number,
                "name": criterion.name_ja,
                "level": criterion.level,
                "status": site_status(statuses) if statuses else "要確認",
                "pages": {status: counts.get(status, 0) for status in STATUSES},
                "failing_pages": failing,
                "violation_rules": rules,
            }
        )
    return rows


def write_report(path: Path, report: dict[str, Any]) -> None:
    """Written whole (temporary file + rename): a reader never sees half a report."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(temporary, path)
