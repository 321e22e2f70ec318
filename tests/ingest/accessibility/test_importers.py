"""Lighthouse JSON and miChecker JSON-lines reports through the reader registry."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import duckdb
import polars as pl
import pytest

from ingest import registry
from ingest.accessibility import READER
from ingest.errors import IngestError
from warehouse import loader

URL = "https://www.city.midori.example.jp/kosodate/jidouteate.html"
TAGS_143 = ["cat.color", "wcag2aa", "wcag143", "TTv5", "EN-301-549"]


def _node(selector: str, snippet: str, explanation: str) -> dict[str, Any]:
    return {
        "node": {
            "type": "node",
            "lhId": f"1-0-{selector}",
            "path": "1,HTML,1,BODY,0,MAIN",
            "selector": selector,
            "boundingRect": {"top": 10, "bottom": 60, "left": 8, "right": 108, "width": 100,
                             "height": 50},
            "snippet": snippet,
            "nodeLabel": selector,
            "explanation": explanation,
        }
    }  # fmt: skip


def lighthouse_report(url: str = URL, fetch_time: str = "2025-06-02T01:23:45.678Z") -> dict:
    """An LHR as `lighthouse --output=json --only-categories=accessibility --locale=ja` writes."""
    audits = {
        "image-alt": {
            "id": "image-alt",
            "title": "画像要素に [alt] 属性が指定されていません",
            "description": "代替テキストを指定してください。"
            "[詳細](https://dequeuniversity.com/rules/axe/4.10/image-alt)",
            "score": 0,
            "scoreDisplayMode": "binary",
            "details": {
                "type": "table",
                "headings": [{"key": "node", "valueType": "node", "label": "不合格の要素"}],
                "items": [_node("main > img", '<img src="/photo.png">', "Fix any of: no alt")],
                "debugData": {"type": "debugdata", "impact": "critical",
                              "tags": ["cat.text-alternatives", "wcag2a", "wcag111"]},
            },
        },
        "color-contrast": {
            "id": "color-contrast",
            "title": "背景色と前景色には十分なコントラスト比がありません",
            "description": "[詳細](https://dequeuniversity.com/rules/axe/4.10/color-contrast)",
            "score": 0,
            "scoreDisplayMode": "binary",
            "details": {
                "type": "table",
                "items": [_node("p.pale", '<p class="pale">', "contrast 1.9"),
                          _node("p.pale:nth-child(3)", '<p class="pale">', "contrast 1.9")],
                "debugData": {"type": "debugdata", "impact": "serious", "tags": TAGS_143},
            },
        },
        "document-title": {"id": "document-title", "title": "<title> 要素があります",
                           "score": 1, "scoreDisplayMode": "binary"},
        "html-has-lang": {"id": "html-has-lang", "title": "<html> 要素に [lang] 属性があります",
                          "score": 1, "scoreDisplayMode": "binary",
                          "details": {"type": "table", "items": []}},
        "video-caption": {"id": "video-caption", "score": None,
                          "scoreDisplayMode": "notApplicable"},
        "logical-tab-order": {"id": "logical-tab-order", "title": "論理的なタブ順序",
                              "score": None, "scoreDisplayMode": "manual"},
        "label": {"id": "label", "title": "フォーム要素にラベルがあります", "score": None,
                  "scoreDisplayMode": "error", "errorMessage": "Audit error: timeout"},
        "first-contentful-paint": {"id": "first-contentful-paint", "score": 0.4,
                                   "scoreDisplayMode": "numeric"},
    }  # fmt: skip
    return {
        "lighthouseVersion": "12.2.1",
        "requestedUrl": url,
        "mainDocumentUrl": url,
        "finalDisplayedUrl": url,
        "fetchTime": fetch_time,
        "userAgent": "Mozilla/5.0 HeadlessChrome/131.0",
        "environment": {"credits": {"axe-core": "4.10.2"}, "benchmarkIndex": 1500},
        "runWarnings": [],
        "configSettings": {"onlyCategories": ["accessibility"], "locale": "ja"},
        "audits": audits,
        "categories": {
            "accessibility": {
                "id": "accessibility",
                "title": "ユーザー補助",
                "score": 0.82,
                "auditRefs": [
                    {"id": name, "weight": 7, "group": "a11y-names-labels"}
                    for name in audits
                    if name != "first-contentful-paint"
                ],
            }
        },
    }


def _write_json(path: Path, data: Any, bom: bool = False) -> Path:
    text = json.dumps(data, ensure_ascii=False, indent=2)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return path


MICHECKER_JA = [
    {"対象URL": "https://www.city.midori.example.jp/zei/juminzei.html", "評価日時": "2025/06/03 10:15",
     "問題の種類": "問題あり", "達成基準": "1.1.1 非テキストコンテンツ", "内容": "画像にalt属性がありません",
     "行": 120, "ソース": '<img src="/zei/tax.png">', "問題ID": "C_0.0", "バージョン": "3.1"},
    {"対象URL": "https://www.city.midori.example.jp/zei/juminzei.html", "評価日時": "2025/06/03 10:15",
     "問題の種類": "問題あり", "達成基準": "1.1.1 非テキストコンテンツ", "内容": "画像にalt属性がありません",
     "行": 131, "ソース": '<img src="/zei/map.png">', "問題ID": "C_0.0"},
    {"対象URL": "https://www.city.midori.example.jp/zei/juminzei.html", "評価日時": "2025/06/03 10:15",
     "問題の種類": "要判断箇所", "達成基準": "1.3.1, 4.1.2", "内容": "表の見出しセルを確認してください",
     "行": 200, "問題ID": "C_33.1"},
    {"対象URL": "https://www.city.midori.example.jp/zei/index.html", "評価日時": "2025-06-03",
     "問題の種類": "手動確認", "達成基準": ["2.4.4"], "内容": "リンクの目的を確認してください"},
]  # fmt: skip


def _write_jsonl(path: Path, records: list[dict[str, Any]], bom: bool = True) -> Path:
    lines = [json.dumps(r, ensure_ascii=False) for r in records]
    data = ("\r\n".join(lines) + "\r\n").encode("utf-8")
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)
    return path


def _tables(results: list) -> dict[str, pl.DataFrame]:
    return {r.table: r.frame for r in results}


def test_lighthouse_report_is_detected_and_read(tmp_path: Path) -> None:
    path = _write_json(tmp_path / "lhr.json", lighthouse_report(), bom=True)
    assert registry.detect(path).name == READER.name
    tables = _tables(registry.read(path))
    pages = tables["accessibility__pages"]
    assert pages.height == 1
    row = pages.row(0, named=True)
    assert (row["tool"], row["score"], row["page_key"], row["department"]) == (
        "lighthouse",
        0.82,
        URL,
        "kosodate",
    )
    assert row["audit_date"] == dt.date(2025, 6, 2)  # 01:23 UTC is 10:23 in Tokyo
    assert row["tool_version"] == "12.2.1 (axe-core 4.10.2)"
    axe = tables["accessibility__axe_results"]
    counts = dict(axe.group_by("result_type").len().iter_rows())
    assert counts == {"violation": 3, "pass": 2, "incomplete": 2}
    contrast = axe.filter(pl.col("rule_id") == "color-contrast")
    assert contrast["wcag_criteria"].unique().to_list() == ["1.4.3"]
    assert contrast["impact"].unique().to_list() == ["serious"]
    assert contrast["target"].to_list() == ['["p.pale"]', '["p.pale:nth-child(3)"]']
    image = axe.filter(pl.col("rule_id") == "image-alt").row(0, named=True)
    assert image["help_url"] == "https://dequeuniversity.com/rules/axe/4.10/image-alt"
    # Tags missing from the LHR come from axe's rule table.
    title = axe.filter(pl.col("rule_id") == "document-title").row(0, named=True)
    assert title["wcag_criteria"] == "2.4.2" and title["node_index"] is None
    assert "video-caption" not in axe["rule_id"].to_list()  # notApplicable: nothing to judge
    assert "first-contentful-paint" not in axe["rule_id"].to_list()  # not an a11y audit
    jis = dict(tables["accessibility__jis_status"].select("criterion", "status").iter_rows())
    assert len(jis) == 38
    assert (jis["1.1.1"], jis["1.4.3"], jis["3.1.1"], jis["2.4.2"], jis["4.1.2"]) == (
        "不適合", "不適合", "適合", "要確認", "要確認")  # fmt: skip


def test_pagespeed_insights_wrapper_and_arrays(tmp_path: Path) -> None:
    psi = {"kind": "pagespeedonline#result", "lighthouseResult": lighthouse_report()}
    other = lighthouse_report(url="https://www.city.midori.example.jp/gomi/")
    path = _write_json(tmp_path / "psi.json", [psi, other])
    pages = _tables(registry.read(path))["accessibility__pages"]
    assert pages["page_key"].to_list() == [URL, "https://www.city.midori.example.jp/gomi"]


def test_lighthouse_without_accessibility_category_is_refused(tmp_path: Path) -> None:
    report = lighthouse_report()
    report["categories"] = {"performance": {"score": 0.9, "auditRefs": []}}
    path = _write_json(tmp_path / "perf.json", report)
    with pytest.raises(IngestError, match="accessibility category"):
        registry.read(path)


def test_michecker_json_lines_japanese_keys_bom_crlf(tmp_path: Path) -> None:
    path = _write_jsonl(tmp_path / "michecker.jsonl", MICHECKER_JA)
    assert registry.detect(path).name == READER.name
    tables = _tables(registry.read(path))
    pages = tables["accessibility__pages"].sort("page_url")
    assert pages["page_key"].to_list() == [
        "https://www.city.midori.example.jp/zei/index.html",
        "https://www.city.midori.example.jp/zei/juminzei.html",
    ]
    juminzei = pages.row(1, named=True)
    # 10:15 in Japan (no zone written) is 01:15 UTC.
    assert juminzei["audited_at"] == dt.datetime(2025, 6, 3, 1, 15)
    assert juminzei["audit_date"] == dt.date(2025, 6, 3)
    assert juminzei["tool_version"] == "3.1"
    axe = tables["accessibility__axe_results"]
    alt = axe.filter(pl.col("rule_id") == "C_0.0")
    assert alt.height == 2 and set(alt["result_type"]) == {"violation"}
    assert alt["target"].to_list() == ['["line 120"]', '["line 131"]']
    judged = axe.filter(pl.col("rule_id") == "C_33.1").row(0, named=True)
    assert (judged["result_type"], judged["wcag_criteria"]) == ("incomplete", "1.3.1,4.1.2")
    jis = tables["accessibility__jis_status"]
    status = {
        (r["page_url"].rsplit("/", 1)[1], r["criterion"]): r["status"]
        for r in jis.iter_rows(named=True)
    }
    assert status[("juminzei.html", "1.1.1")] == "不適合"
    assert status[("juminzei.html", "4.1.2")] == "要確認"
    assert status[("index.html", "2.4.4")] == "要確認"
    assert "適合" not in set(jis["status"])  # miChecker reports no passes


def test_michecker_english_keys(tmp_path: Path) -> None:
    record = {"url": URL, "checked_at": "2025-06-03T09:00:00+09:00", "type": "問題の可能性大",
              "criteria": "1.4.3", "description": "Low contrast", "selector": "p.note"}  # fmt: skip
    path = _write_jsonl(tmp_path / "m.jsonl", [record], bom=False)
    axe = _tables(registry.read(path))["accessibility__axe_results"]
    row = axe.row(0, named=True)
    assert (row["result_type"], row["target"], row["impact"]) == (
        "incomplete",
        '["p.note"]',
        "moderate",
    )
    assert row["rule_id"].startswith("michecker-")


@pytest.mark.parametrize(
    ("record", "line", "column"),
    [
        ({"url": URL, "checked_at": "2025-06-03", "type": "問題あり"}, 2, "criteria"),
        ({"url": URL, "checked_at": "2025-06-03", "type": "警告", "criteria": "1.1.1"}, 2, "type"),
        ({"url": URL, "checked_at": "someday", "type": "問題あり", "criteria": "1.1.1"}, 2,
         "checked_at"),
        ({"url": URL, "checked_at": "2025-06-03", "type": "問題あり", "criteria": "no"}, 2,
         "criteria"),
    ],
)  # fmt: skip
def test_michecker_errors_name_line_and_field(
    tmp_path: Path, record: dict[str, Any], line: int, column: str
) -> None:
    path = _write_jsonl(tmp_path / "bad.jsonl", [MICHECKER_JA[0], record])
    with pytest.raises(IngestError) as caught:
        registry.read(path)
    assert (caught.value.line, caught.value.column) == (line, column)


@pytest.mark.parametrize(
    "head",
    [
        '{"event_name": "page_view", "event_timestamp": "1"}\n',
        '{"url": "https://x.jp/", "note": "some other json"}\n',
        "日付,手続ID,手続名,オンライン申請件数\n",
        '{"audits": {}, "categories": {}}',
    ],
)
def test_other_files_are_not_taken(head: str) -> None:
    assert not READER.looks_like(head)


def test_loads_into_duckdb_and_a_reaudit_the_same_day_replaces(tmp_path: Path) -> None:
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    first = _write_json(tmp_path / "a.json", lighthouse_report())
    fixed = lighthouse_report(fetch_time="2025-06-02T05:00:00Z")
    fixed["audits"]["image-alt"].update(score=1, details={"type": "table", "items": []})
    second = _write_json(tmp_path / "b.json", fixed)
    later = _write_json(tmp_path / "c.json", lighthouse_report(fetch_time="2025-07-01T00:00:00Z"))
    for path in (first, first, second, later):
        requests = [loader.LoadRequest(r, path.name, path.name + r.table)
                    for r in registry.read(path)]  # fmt: skip
        outcomes = loader.load_many(con, requests, municipality_code="990019")
    assert {o.status for o in outcomes} == {"loaded"}
    rows = con.execute(
        "select audit_date, count(*) filter (where result_type = 'violation') "
        "from raw.accessibility__axe_results group by 1 order by 1"
    ).fetchall()
    # The same day's second audit replaced the first (image-alt fixed); July is kept as history.
    assert rows == [(dt.date(2025, 6, 2), 2), (dt.date(2025, 7, 1), 3)]
    assert con.execute("select count(*) from raw.accessibility__pages").fetchone() == (2,)
    con.close()
