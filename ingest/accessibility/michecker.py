"""miChecker findings as JSON lines: one problem per line, as cities export them from
miChecker (総務省 みんなのアクセシビリティ評価ツール) — its problem list turned into JSON.

Accepted keys (Japanese as miChecker labels them, or English; the first that is present wins):

| field | keys |
|---|---|
| url (required) | url, 対象URL, ページURL, URL |
| checked_at (required) | checked_at, 評価日時, 日時, date |
| problem type (required) | type, 問題の種類, 種類, severity |
| criteria (required) | criteria, 達成基準, guideline, ガイドライン — "1.1.1", "1.1.1,4.1.2" or a list |
| description | description, 内容, 問題点, message |
| rule id | rule, 問題ID, チェック項目ID, id (default: a hash of the description) |
| position | line, 行, 行番号; target, selector, xpath, 要素; html, snippet, ソース |
| tool version | version, バージョン |

Problem types: 問題あり → violation. 問題の可能性大, 要判断箇所 and 手動確認 → incomplete
(miChecker itself says a person must judge them). miChecker reports no passes, so no criterion
ever comes out 適合 from a miChecker import.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import unicodedata
from collections.abc import Sequence
from typing import Any
from zoneinfo import ZoneInfo

from ingest.accessibility.findings import AUDITED, Node, PageAudit, RuleResult, make_node
from ingest.values import parse_date

TOOL = "michecker"
TOKYO = ZoneInfo("Asia/Tokyo")
TYPES = {
    "問題あり": ("violation", "serious"),
    "問題の可能性大": ("incomplete", "moderate"),
    "要判断箇所": ("incomplete", "minor"),
    "手動確認": ("incomplete", None),
    "error": ("violation", "serious"),
    "warning": ("incomplete", "moderate"),
    "user": ("incomplete", "minor"),
    "info": ("incomplete", None),
}
KEYS: dict[str, tuple[str, ...]] = {
    "url": ("url", "対象URL", "ページURL", "URL"),
    "checked_at": ("checked_at", "評価日時", "日時", "date"),
    "type": ("type", "問題の種類", "種類", "severity"),
    "criteria": ("criteria", "達成基準", "guideline", "ガイドライン"),
    "description": ("description", "内容", "問題点", "message"),
    "rule": ("rule", "問題ID", "チェック項目ID", "id"),
    "line": ("line", "行", "行番号"),
    "target": ("target", "selector", "xpath", "要素"),
    "html": ("html", "snippet", "ソース"),
    "version": ("version", "バージョン"),
}
_CRITERION = re.compile(r"\b([1-4])\.(\d{1,2})\.(\d{1,2})\b")


class MiCheckerFormatError(ValueError):
    def __init__(self, line: int, column: str | None, reason: str) -> None:
        super().__init__(reason)
        self.line = line
        self.column = column
        self.reason = reason


def _field(record: dict[str, Any], name: str) -> Any:
    for key in KEYS[name]:
        if key in record and record[key] not in (None, ""):
            return record[key]
    return None


def _record(line: str) -> dict[str, Any] | None:
    try:
        value = json.loads(line)
    except json.JSONDecodeError:
        return None
    return value if isinstance(value, dict) else None


def looks_like(text_head: str) -> bool:
    first = next((line for line in text_head.splitlines() if line.strip()), "")
    record = _record(first.lstrip("\ufeff"))
    if record is None:
        return False
    kind = _field(record, "type")
    return (
        _field(record, "url") is not None
        and _field(record, "criteria") is not None
        and isinstance(kind, str)
        and unicodedata.normalize("NFKC", kind).strip() in TYPES
    )


def _checked_at(value: Any, line: int) -> dt.datetime:
    text = unicodedata.normalize("NFKC", str(value)).strip()
    try:
        at = dt.datetime.fromisoformat(text.replace("Z", "+00:00").replace("/", "-"))
    except ValueError:
        try:
            day = parse_date(text)
        except ValueError:
            day = None
        if day is None:
            raise MiCheckerFormatError(
                line, "checked_at", f"{value!r} is not a date (2025-06-01 or 2025-06-01T10:00)"
            ) from None
        at = dt.datetime.combine(day, dt.time(0, 0))
    # A time without a zone is local time in Japan, where the check was run.
    return at.replace(tzinfo=TOKYO) if at.tzinfo is None else at


def _criteria(value: Any) -> tuple[str, ...]:
    text = " ".join(map(str, value)) if isinstance(value, list) else str(value)
    found = {f"{a}.{b}.{c}" for a, b, c in _CRITERION.findall(unicodedata.normalize("NFKC", text))}
    return tuple(sorted(found, key=lambda n: tuple(int(p) for p in n.split("."))))


def parse_michecker(lines: Sequence[str], source: str) -> list[PageAudit]:
    """Problems grouped into pages (url + checked_at) and rules (rule id + result type)."""
    pages: dict[tuple[str, dt.datetime], dict[tuple[str, str], dict[str, Any]]] = {}
    versions: dict[tuple[str, dt.datetime], str] = {}
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        record = _record(line.lstrip("\ufeff"))
        if record is None:
            raise MiCheckerFormatError(number, None, "not a JSON object")
        for required in ("url", "checked_at", "type", "criteria"):
            if _field(record, required) is None:
                names = " / ".join(KEYS[required])
                raise MiCheckerFormatError(number, required, f"missing ({names})")
        kind = unicodedata.normalize("NFKC", str(_field(record, "type"))).strip()
        if kind not in TYPES:
            raise MiCheckerFormatError(
                number, "type", f"{kind!r} is not a miChecker problem type ({', '.join(TYPES)})"
            )
        criteria = _criteria(_field(record, "criteria"))
        if not criteria:
            raise MiCheckerFormatError(number, "criteria", "no success criterion like 1.1.1")
        result_type, impact = TYPES[kind]
        description = str(_field(record, "description") or "")
        rule = str(_field(record, "rule") or "") or (
            "michecker-" + hashlib.sha256(description.encode()).hexdigest()[:10]
        )
        page = (str(_field(record, "url")), _checked_at(_field(record, "checked_at"), number))
        versions.setdefault(page, str(_field(record, "version") or ""))
        group = pages.setdefault(page, {}).setdefault(
            (rule, result_type),
            {"impact": impact, "help": description, "criteria": set(), "nodes": []},
        )
        group["criteria"].update(criteria)
        group["nodes"].append(_node(record, impact))
    return [
        PageAudit(
            url=url,
            audited_at=at,
            tool=TOOL,
            tool_version=versions[(url, at)],
            status=AUDITED,
            source_kind=TOOL,
            source=source,
            rules=tuple(
                _rule(rule, result_type, group) for (rule, result_type), group in rules.items()
            ),
        )
        for (url, at), rules in pages.items()
    ]


def _node(record: dict[str, Any], impact: str | None) -> Node:
    target = _field(record, "target")
    line = _field(record, "line")
    selectors = [str(target)] if target else ([f"line {line}"] if line is not None else [])
    return make_node(selectors, str(_field(record, "html") or ""), "", impact)


def _rule(rule: str, result_type: str, group: dict[str, Any]) -> RuleResult:
    criteria = tuple(sorted(group["criteria"], key=lambda n: tuple(int(p) for p in n.split("."))))
    return RuleResult(
        rule=rule,
        result_type=result_type,
        impact=group["impact"],
        help=group["help"],
        help_url="",
        tags=tuple("wcag" + c.replace(".", "") for c in criteria),
        criteria=criteria,
        nodes=tuple(group["nodes"]),
    )
