"""Raw-table rows and the JSON report, from audits built by hand (no browser)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import polars as pl

from ingest.accessibility import empty_results, tables
from ingest.accessibility.findings import PageAudit, RuleResult, make_node
from ingest.accessibility.readability import score_html
from ingest.accessibility.report import build_report, page_entry, write_report

AT = dt.datetime(2025, 6, 30, 16, 30, tzinfo=dt.UTC)  # 2025-07-01 01:30 in Tokyo


def _rule(rule: str, kind: str, criteria: tuple[str, ...], nodes: int, impact: str | None):
    return RuleResult(
        rule=rule,
        result_type=kind,
        impact=impact,
        help=f"help for {rule}",
        help_url=f"https://dequeuniversity.com/rules/axe/4.12/{rule}",
        tags=("wcag2a", *("wcag" + c.replace(".", "") for c in criteria)),
        criteria=criteria,
        nodes=tuple(
            make_node([f"#n{i}"], f"<img id='n{i}'>", "Fix it", impact) for i in range(nodes)
        ),
    )


def _audit(url: str, *rules: RuleResult, status: str = "audited") -> PageAudit:
    return PageAudit(
        url=url,
        audited_at=AT,
        tool="axe-core",
        tool_version="4.12.1",
        status=status,
        source_kind="sitemap",
        source="https://www.city.example.jp/sitemap.xml",
        title="児童手当",
        lang="ja",
        http_status=200 if status == "audited" else 500,
        error=None if status == "audited" else "HTTP 500",
        rules=rules,
    )


BAD = _audit(
    "https://www.city.example.jp/kosodate/jidouteate.html?from=top",
    _rule("image-alt", "violation", ("1.1.1",), 2, "critical"),
    _rule("color-contrast", "incomplete", ("1.4.3",), 1, "serious"),
    _rule("html-has-lang", "pass", ("3.1.1",), 1, None),
    _rule("document-title", "pass", ("2.4.2",), 0, None),
)
GOOD = _audit(
    "https://www.city.example.jp/",
    _rule("color-contrast", "pass", ("1.4.3",), 3, None),
    _rule("html-has-lang", "pass", ("3.1.1",), 1, None),
)
BROKEN = _audit("https://www.city.example.jp/down.html", status="error")


def test_rows_per_page_rule_result_type_and_node() -> None:
    results = {
        r.table: r
        for r in tables.results([BAD, GOOD, BROKEN], [(GOOD, score_html("<p>市役所です。</p>"))])
    }
    axe = results["accessibility__axe_results"].frame
    # 2 + 1 + 1 + 1 (a rule without nodes keeps one row) + 3 + 1
    assert axe.height == 9
    assert axe.filter(pl.col("rule_id") == "document-title")["node_index"].to_list() == [None]
    pages = results["accessibility__pages"].frame
    assert pages["status"].to_list() == ["audited", "audited", "error"]
    bad = pages.row(0, named=True)
    assert bad["page_key"] == "https://www.city.example.jp/kosodate/jidouteate.html"
    assert bad["department"] == "kosodate" and pages.row(1, named=True)["department"] is None
    assert bad["audit_date"] == dt.date(2025, 7, 1)  # the day in Tokyo
    assert bad["audited_at"] == dt.datetime(2025, 6, 30, 16, 30)  # UTC, naive
    assert results["accessibility__jis_status"].frame.height == 2 * 38  # not the broken page
    assert results["readability__pages"].frame.height == 1
    assert all(r.natural_key for r in results.values())
    assert all(r.frame["_row_number"].to_list() == list(range(1, r.frame.height + 1))
               for r in results.values())  # fmt: skip


def test_empty_results_have_every_column() -> None:
    empty = {r.table: r.frame for r in empty_results()}
    assert set(empty) == {
        "accessibility__pages",
        "accessibility__axe_results",
        "accessibility__jis_status",
        "readability__pages",
    }
    assert all(f.height == 0 for f in empty.values())
    assert dict(empty["readability__pages"].schema) == tables.READABILITY_SCHEMA


def test_report_schema(tmp_path: Path) -> None:
    entries = [
        page_entry(BAD, score_html("<main><p>児童手当を申請します。</p></main>")),
        page_entry(GOOD, None),
        page_entry(BROKEN, None),
    ]
    report = build_report(
        entries,
        sources=["https://www.city.example.jp/sitemap.xml"],
        host="www.city.example.jp",
        skipped=[{"url": "https://www.city.example.jp/private/", "reason": "skipped_robots"}],
    )
    path = tmp_path / "out" / "report.json"
    write_report(path, report)
    loaded = json.loads(path.read_text(encoding="utf-8"))
    assert loaded["standard"]["name"] == "JIS X 8341-3:2016"
    assert loaded["scope"]["pages_audited"] == 2
    assert loaded["scope"]["pages_not_audited"][0]["status"] == "error"
    assert loaded["scope"]["pages_skipped"][0]["reason"] == "skipped_robots"
    page = loaded["pages"][0]
    assert page["url"] == BAD.url
    [violation] = page["violations"]
    assert set(violation) >= {"rule", "impact", "nodes", "wcag_criteria"}
    assert (violation["rule"], violation["impact"], violation["wcag_criteria"]) == (
        "image-alt", "critical", ["1.1.1"])  # fmt: skip
    assert violation["nodes"][0]["target"] == ["#n0"] and len(violation["nodes"]) == 2
    assert page["incomplete"][0]["rule"] == "color-contrast"
    assert len(page["jis"]) == 38 and page["jis"]["1.1.1"] == "不適合"
    assert page["jis"]["3.1.1"] == "適合" and page["jis"]["1.4.3"] == "要確認"
    readability = page["readability"]
    for key in ("jreadability", "band", "mean_sentence_length", "kanji_ratio", "desu_masu_ratio",
                "ruby_coverage", "katakana_loanword_ratio"):  # fmt: skip
        assert key in readability
    checklist = {row["criterion"]: row for row in loaded["checklist"]}
    assert len(checklist) == 38
    assert checklist["1.1.1"]["status"] == "不適合"
    assert checklist["1.1.1"]["failing_pages"] == [BAD.url]
    assert checklist["3.1.1"]["status"] == "適合"  # both audited pages conform
    assert checklist["1.4.3"]["pages"] == {"適合": 1, "不適合": 0, "要確認": 1}
    assert loaded["summary"]["pages_with_violations"] == 1
    assert loaded["summary"]["violation_nodes_by_impact"] == {"critical": 2}
    assert not list(path.parent.glob("*.tmp"))
