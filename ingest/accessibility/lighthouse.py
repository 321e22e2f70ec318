"""Lighthouse JSON reports (the LHR that `lighthouse --output=json` writes, or a PageSpeed
Insights API response wrapping one in "lighthouseResult"; a JSON array of LHRs is accepted).

Lighthouse's accessibility audits are axe-core rules under their axe ids. Each audit in the
accessibility category becomes one rule result: score 1 → pass, score 0 → violation, "manual"
(Lighthouse's "additional items to check manually") and "error" → incomplete (a human must
look); notApplicable and informative audits found nothing to judge and are left out. Tags come
from the audit's debugData when Lighthouse recorded them, else from axe's own rule table.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from ingest.accessibility.axe_rules import RULE_TAGS
from ingest.accessibility.findings import AUDITED, Node, PageAudit, RuleResult, make_node
from ingest.accessibility.jis import criteria_of_tags

TOOL = "lighthouse"
_LEARN_MORE = re.compile(r"\[[^\]]*\]\((https?://[^)\s]+)\)")


class LighthouseFormatError(ValueError):
    pass


def looks_like(text_head: str) -> bool:
    return '"lighthouseVersion"' in text_head


def parse_lighthouse(data: Any, source: str) -> list[PageAudit]:
    reports = data if isinstance(data, list) else [data]
    return [
        _page(r.get("lighthouseResult", r) if isinstance(r, dict) else r, source) for r in reports
    ]


def _page(lhr: Any, source: str) -> PageAudit:
    if not isinstance(lhr, dict) or "lighthouseVersion" not in lhr:
        raise LighthouseFormatError("not a Lighthouse report (no lighthouseVersion)")
    url = lhr.get("finalDisplayedUrl") or lhr.get("finalUrl") or lhr.get("requestedUrl")
    if not url:
        raise LighthouseFormatError("the report names no URL (finalDisplayedUrl/finalUrl)")
    category = (lhr.get("categories") or {}).get("accessibility")
    if not category:
        raise LighthouseFormatError(
            f"{url}: the report has no accessibility category; run Lighthouse with "
            "--only-categories=accessibility (or all categories)"
        )
    try:
        fetched = dt.datetime.fromisoformat(str(lhr["fetchTime"]).replace("Z", "+00:00"))
    except (KeyError, ValueError):
        raise LighthouseFormatError(f"{url}: fetchTime missing or not ISO 8601") from None
    if fetched.tzinfo is None:
        fetched = fetched.replace(tzinfo=dt.UTC)
    audits = lhr.get("audits") or {}
    rules = [
        rule
        for ref in category.get("auditRefs") or []
        if (rule := _rule(ref.get("id", ""), audits.get(ref.get("id", "")))) is not None
    ]
    axe = ((lhr.get("environment") or {}).get("credits") or {}).get("axe-core")
    version = str(lhr["lighthouseVersion"]) + (f" (axe-core {axe})" if axe else "")
    return PageAudit(
        url=str(url),
        audited_at=fetched,
        tool=TOOL,
        tool_version=version,
        status=AUDITED,
        source_kind=TOOL,
        source=source,
        score=category.get("score"),
        rules=tuple(rules),
    )


def _rule(rule_id: str, audit: Any) -> RuleResult | None:
    if not rule_id or not isinstance(audit, dict):
        return None
    mode = audit.get("scoreDisplayMode")
    score = audit.get("score")
    if mode in ("manual", "error"):
        result_type = "incomplete"
    elif mode in ("notApplicable", "informative") or score is None:
        return None
    else:
        result_type = "pass" if float(score) >= 1 else "violation"
    details = audit.get("details") or {}
    debug = details.get("debugData") or {}
    tags = tuple(debug.get("tags") or RULE_TAGS.get(rule_id, ()))
    nodes: list[Node] = [
        make_node(
            [str(item["node"].get("selector") or item["node"].get("path") or "")],
            str(item["node"].get("snippet") or ""),
            str(item["node"].get("explanation") or ""),
        )
        for item in details.get("items") or []
        if isinstance(item, dict) and isinstance(item.get("node"), dict)
    ]
    if mode == "error" and audit.get("errorMessage"):
        nodes = [make_node([], "", str(audit["errorMessage"]))]
    link = _LEARN_MORE.search(str(audit.get("description") or ""))
    return RuleResult(
        rule=rule_id,
        result_type=result_type,
        impact=debug.get("impact"),
        help=str(audit.get("title") or ""),
        help_url=link.group(1) if link else "",
        tags=tags,
        criteria=tuple(criteria_of_tags(tags)),
        nodes=tuple(nodes),
    )
