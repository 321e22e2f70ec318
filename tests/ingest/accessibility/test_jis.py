"""JIS X 8341-3:2016 criteria, the axe tag mapping and the status rule."""

from __future__ import annotations

import pytest

from ingest.accessibility.axe_rules import RULE_TAGS
from ingest.accessibility.jis import (
    AUTOMATABLE,
    CONFORMS,
    CRITERIA,
    FAILS,
    NEEDS_REVIEW,
    Finding,
    criteria_of_tags,
    criterion_of_tag,
    jis_status,
    site_status,
)


def _status(findings: list[Finding]) -> dict[str, str]:
    return {s.criterion.number: s.status for s in jis_status(findings)}


def test_the_38_criteria_of_wcag_2_0_a_and_aa() -> None:
    numbers = [c.number for c in CRITERIA]
    assert len(numbers) == len(set(numbers)) == 38
    assert sum(c.level == "A" for c in CRITERIA) == 25
    assert sum(c.level == "AA" for c in CRITERIA) == 13
    names = {c.number: c.name_ja for c in CRITERIA}
    assert names["1.1.1"] == "非テキストコンテンツ"
    assert names["1.4.3"] == "コントラスト（最低限レベル）"
    assert names["4.1.2"] == "名前（name）・役割（role）及び値（value）"
    # WCAG 2.1 additions are not JIS X 8341-3:2016 criteria.
    assert "1.4.11" not in names and "1.3.5" not in names


@pytest.mark.parametrize(
    ("tag", "criterion"),
    [
        ("wcag111", "1.1.1"),
        ("wcag143", "1.4.3"),
        ("wcag412", "4.1.2"),
        ("wcag1410", "1.4.10"),
        ("wcag2a", None),
        ("wcag2aa", None),
        ("wcag21aa", None),
        ("best-practice", None),
        ("cat.color", None),
    ],
)
def test_criterion_of_tag(tag: str, criterion: str | None) -> None:
    assert criterion_of_tag(tag) == criterion


def test_criteria_of_tags_sorted_numerically_and_deduplicated() -> None:
    tags = ["wcag2a", "wcag412", "wcag1410", "wcag143", "wcag412"]
    assert criteria_of_tags(tags) == ["1.4.3", "1.4.10", "4.1.2"]


def test_a_violation_fails_its_criteria_and_nothing_else() -> None:
    status = _status([Finding("area-alt", "violation", ("2.4.4", "4.1.2"))])
    assert status["2.4.4"] == status["4.1.2"] == FAILS
    assert status["1.1.1"] == NEEDS_REVIEW


def test_a_violation_wins_over_passes_and_incomplete() -> None:
    findings = [
        Finding("color-contrast", "pass", ("1.4.3",)),
        Finding("color-contrast", "incomplete", ("1.4.3",)),
        Finding("color-contrast", "violation", ("1.4.3",)),
    ]
    [row] = [s for s in jis_status(findings) if s.criterion.number == "1.4.3"]
    assert row.status == FAILS
    assert row.violation_rules == row.incomplete_rules == row.pass_rules == ("color-contrast",)
    assert "color-contrast" in row.reason


def test_incomplete_needs_a_human_even_for_an_automatable_criterion() -> None:
    status = _status(
        [Finding("color-contrast", "incomplete", ("1.4.3",)), Finding("x", "pass", ("1.4.3",))]
    )
    assert status["1.4.3"] == NEEDS_REVIEW


def test_passes_conform_only_where_automated_checks_settle_the_criterion() -> None:
    findings = [
        Finding("color-contrast", "pass", ("1.4.3",)),
        Finding("html-has-lang", "pass", ("3.1.1",)),
        Finding("html-lang-valid", "pass", ("3.1.1",)),
        Finding("image-alt", "pass", ("1.1.1",)),  # alt present, but is it a good equivalent?
        Finding("document-title", "pass", ("2.4.2",)),  # a title, but does it describe the page?
    ]
    status = _status(findings)
    assert status["1.4.3"] == status["3.1.1"] == CONFORMS
    assert status["1.1.1"] == status["2.4.2"] == NEEDS_REVIEW
    assert set(AUTOMATABLE) == {"1.4.3", "3.1.1"}


def test_criteria_no_rule_covers_need_a_human() -> None:
    status = _status([])
    assert set(status.values()) == {NEEDS_REVIEW}
    uncovered = {c.number for c in CRITERIA} - {
        c for tags in RULE_TAGS.values() for c in criteria_of_tags(tags)
    }
    # Audio description, keyboard traps, error suggestions …: no axe rule exists for them at all.
    assert {"1.2.5", "2.1.2", "3.3.3", "3.3.4", "2.4.7"} <= uncovered


def test_site_status_over_pages() -> None:
    assert site_status([CONFORMS, FAILS, NEEDS_REVIEW]) == FAILS
    assert site_status([CONFORMS, CONFORMS]) == CONFORMS
    assert site_status([CONFORMS, NEEDS_REVIEW]) == NEEDS_REVIEW
