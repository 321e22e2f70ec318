"""What one audit of one page found: rules × result type × nodes, whatever tool produced it.

axe-core results convert here without loss (every rule and every node axe reports); Lighthouse
and miChecker importers build the same records, so the raw tables and the report treat all
three alike.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ingest.accessibility.jis import Finding, criteria_of_tags

RESULT_TYPES = ("violation", "incomplete", "pass")
# axe's result keys → our result_type (singular, as a row label).
AXE_KEYS = {"violations": "violation", "incomplete": "incomplete", "passes": "pass"}
HTML_MAX = 300  # characters of the element's HTML kept per node: enough to find it, not a copy
SUMMARY_MAX = 1000

AUDITED = "audited"  # page statuses; others: http_error, error, skipped_robots, skipped_host …


@dataclass(frozen=True)
class Node:
    target: str  # JSON text of axe's target (a list of selectors; nested for iframes/shadow DOM)
    html: str
    failure_summary: str
    impact: str | None


@dataclass(frozen=True)
class RuleResult:
    rule: str
    result_type: str  # violation | incomplete | pass
    impact: str | None
    help: str
    help_url: str
    tags: tuple[str, ...]
    criteria: tuple[str, ...]  # WCAG success criteria from the tags: ("1.1.1", "4.1.2")
    nodes: tuple[Node, ...]

    def finding(self) -> Finding:
        return Finding(self.rule, self.result_type, self.criteria)


@dataclass(frozen=True)
class PageAudit:
    url: str
    audited_at: dt.datetime  # UTC, timezone-aware
    tool: str  # axe-core | lighthouse | michecker
    tool_version: str
    status: str  # audited, or why not (http_error, error, skipped_robots, skipped_host)
    source_kind: str  # sitemap | url_list | folder | lighthouse | michecker
    source: str  # the sitemap URL, list file, folder or report file
    title: str | None = None
    lang: str | None = None
    http_status: int | None = None
    score: float | None = None  # Lighthouse's accessibility score (0–1); None otherwise
    error: str | None = None
    rules: tuple[RuleResult, ...] = field(default_factory=tuple)

    def findings(self) -> list[Finding]:
        return [r.finding() for r in self.rules]

    def of_type(self, result_type: str) -> list[RuleResult]:
        return [r for r in self.rules if r.result_type == result_type]


def _text(value: Any, limit: int) -> str:
    text = "" if value is None else str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def axe_rule_results(results: Mapping[str, Any]) -> tuple[RuleResult, ...]:
    """Every rule in axe.run()'s violations / incomplete / passes, every node, in axe's order."""
    out: list[RuleResult] = []
    for key, result_type in AXE_KEYS.items():
        for rule in results.get(key) or ():
            tags = tuple(rule.get("tags") or ())
            out.append(
                RuleResult(
                    rule=str(rule["id"]),
                    result_type=result_type,
                    impact=rule.get("impact"),
                    help=str(rule.get("help") or ""),
                    help_url=str(rule.get("helpUrl") or ""),
                    tags=tags,
                    criteria=tuple(criteria_of_tags(tags)),
                    nodes=tuple(_axe_node(n) for n in rule.get("nodes") or ()),
                )
            )
    return tuple(out)


def _axe_node(node: Mapping[str, Any]) -> Node:
    return Node(
        target=json.dumps(node.get("target") or [], ensure_ascii=False),
        html=_text(node.get("html"), HTML_MAX),
        failure_summary=_text(node.get("failureSummary"), SUMMARY_MAX),
        impact=node.get("impact"),
    )


def make_node(
    target: Iterable[str], html: str = "", summary: str = "", impact: str | None = None
) -> Node:
    """A node from an importer: target selectors as a list, like axe's."""
    return Node(
        json.dumps(list(target), ensure_ascii=False),
        _text(html, HTML_MAX),
        _text(summary, SUMMARY_MAX),
        impact,
    )


def counts(audit: PageAudit) -> dict[str, tuple[int, int]]:
    """(rules, nodes) per result type: what a direct axe run would count."""
    return {
        t: (len(audit.of_type(t)), sum(len(r.nodes) for r in audit.of_type(t)))
        for t in RESULT_TYPES
    }
