"""JIS X 8341-3:2016 (= WCAG 2.0) level A + AA: the 38 success criteria, the mapping from axe's
tags (wcag111 → 1.1.1), and a status per criterion from automated findings.

The rule (what an automated audit may claim, and no more):

- 不適合 (does not conform): at least one violation maps to the criterion.
- 要確認 (needs a human): no violation, but an incomplete result maps to it ("axe could not
  decide"); or no automated rule ran for it (most criteria: captions, keyboard traps, meaningful
  order, error suggestions … no tool can judge them); or its rules passed but a pass does not
  settle the criterion (an <img> with alt passes image-alt, yet whether the alt text is a good
  equivalent is a judgement: 1.1.1 stays 要確認).
- 適合 (conforms): every result mapped to the criterion passed, at least one did, and the
  criterion is in AUTOMATABLE — criteria whose axe rules test the requirement itself rather than
  a precondition of it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

CONFORMS = "適合"
FAILS = "不適合"
NEEDS_REVIEW = "要確認"
STATUSES = (CONFORMS, FAILS, NEEDS_REVIEW)

# The tags axe runs with: WCAG 2.0 and 2.1, levels A and AA. JIS status uses the 2.0 criteria;
# 2.1 findings are stored with their criteria too (JIS X 8341-3 is expected to follow 2.1+).
AXE_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")


@dataclass(frozen=True)
class Criterion:
    number: str  # "1.1.1"
    name_ja: str  # the JIS X 8341-3:2016 name
    level: str  # A | AA


_TABLE = """
1.1.1|A|非テキストコンテンツ
1.2.1|A|音声のみ及び映像のみ（収録済み）
1.2.2|A|キャプション（収録済み）
1.2.3|A|音声解説、又はメディアに対する代替（収録済み）
1.2.4|AA|キャプション（ライブ）
1.2.5|AA|音声解説（収録済み）
1.3.1|A|情報及び関係性
1.3.2|A|意味のある順序
1.3.3|A|感覚的な特徴
1.4.1|A|色の使用
1.4.2|A|音声の制御
1.4.3|AA|コントラスト（最低限レベル）
1.4.4|AA|テキストのサイズ変更
1.4.5|AA|文字画像
2.1.1|A|キーボード
2.1.2|A|キーボードトラップなし
2.2.1|A|タイミング調整可能
2.2.2|A|一時停止、停止及び非表示
2.3.1|A|3回の閃光、又は閾値以下
2.4.1|A|ブロックスキップ
2.4.2|A|ページタイトル
2.4.3|A|フォーカス順序
2.4.4|A|リンクの目的（コンテキスト内）
2.4.5|AA|複数の手段
2.4.6|AA|見出し及びラベル
2.4.7|AA|フォーカスの可視化
3.1.1|A|ページの言語
3.1.2|AA|一部分の言語
3.2.1|A|フォーカス時
3.2.2|A|入力時
3.2.3|AA|一貫したナビゲーション
3.2.4|AA|一貫した識別性
3.3.1|A|エラーの特定
3.3.2|A|ラベル又は説明
3.3.3|AA|エラー修正の提案
3.3.4|AA|エラー回避（法的、金融及びデータ）
4.1.1|A|構文解析
4.1.2|A|名前（name）・役割（role）及び値（value）
"""

CRITERIA: tuple[Criterion, ...] = tuple(
    Criterion(number, name, level)
    for number, level, name in (line.split("|") for line in _TABLE.strip().splitlines())
)
BY_NUMBER = {c.number: c for c in CRITERIA}

# A pass settles these: color-contrast measures the rendered text against its background
# (1.4.3), html-has-lang / html-lang-valid check the page language is declared and valid (3.1.1).
# Images of text and a declared-but-wrong language remain possible, which is why anything axe
# cannot measure comes back as incomplete (→ 要確認) rather than pass.
AUTOMATABLE = frozenset({"1.4.3", "3.1.1"})

_CRITERION_TAG = re.compile(r"wcag(\d)(\d)(\d+)")


def criterion_of_tag(tag: str) -> str | None:
    """axe's success-criterion tags: wcag111 → 1.1.1, wcag1410 → 1.4.10; level tags such as
    wcag2aa or wcag21a are not criteria (None)."""
    match = _CRITERION_TAG.fullmatch(tag)
    return f"{match[1]}.{match[2]}.{match[3]}" if match else None


def criteria_of_tags(tags: Iterable[str]) -> list[str]:
    found = {c for c in (criterion_of_tag(t) for t in tags) if c}
    return sorted(found, key=lambda n: tuple(int(p) for p in n.split(".")))


@dataclass(frozen=True)
class Finding:
    """One rule's outcome on a page, as far as the JIS status needs it."""

    rule: str
    result_type: str  # violation | incomplete | pass
    criteria: tuple[str, ...]


@dataclass(frozen=True)
class CriterionStatus:
    criterion: Criterion
    status: str
    reason: str
    violation_rules: tuple[str, ...]
    incomplete_rules: tuple[str, ...]
    pass_rules: tuple[str, ...]


def jis_status(findings: Iterable[Finding]) -> list[CriterionStatus]:
    """The status of each of the 38 criteria for one page, in criterion order."""
    by_type: dict[str, dict[str, set[str]]] = {c.number: {} for c in CRITERIA}
    for finding in findings:
        for number in finding.criteria:
            if number in by_type:
                by_type[number].setdefault(finding.result_type, set()).add(finding.rule)
    return [_status(c, by_type[c.number]) for c in CRITERIA]


def _status(criterion: Criterion, rules: dict[str, set[str]]) -> CriterionStatus:
    violations = tuple(sorted(rules.get("violation", ())))
    incomplete = tuple(sorted(rules.get("incomplete", ())))
    passes = tuple(sorted(rules.get("pass", ())))
    if violations:
        status, reason = FAILS, f"自動チェックで違反を検出（{', '.join(violations)}）"
    elif incomplete:
        status = NEEDS_REVIEW
        reason = (
            f"自動チェックで判定できない箇所あり（{', '.join(incomplete)}）：人による確認が必要"
        )
    elif not passes:
        status, reason = (
            NEEDS_REVIEW,
            "この達成基準を判定する自動チェックがない：人による確認が必要",
        )
    elif criterion.number in AUTOMATABLE:
        status, reason = CONFORMS, f"自動チェックで達成を確認（{', '.join(passes)}）"
    else:
        status = NEEDS_REVIEW
        reason = f"自動チェックは合格（{', '.join(passes)}）だが内容の妥当性は人による確認が必要"
    return CriterionStatus(criterion, status, reason, violations, incomplete, passes)


def site_status(page_statuses: Iterable[str]) -> str:
    """A criterion across the pages of a report: one failing page fails the site; it conforms
    only when every page conforms; otherwise it needs a human."""
    statuses = set(page_statuses)
    if FAILS in statuses:
        return FAILS
    if statuses == {CONFORMS}:
        return CONFORMS
    return NEEDS_REVIEW
