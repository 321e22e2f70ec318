"""Translations and the URL (deep-link) state."""

from __future__ import annotations

from datetime import date

import pytest

from dashboards import i18n
from dashboards.i18n import channel_label, normalize_lang, t
from dashboards.urlstate import (
    DateRange,
    build_search,
    lang_from_search,
    parse_date,
    parse_search,
    search_after_change,
)


def test_both_languages_define_the_same_keys():
    assert i18n.keys("ja") == i18n.keys("en")


def test_japanese_is_the_default_and_english_available():
    assert t("kpi.sessions", "ja") == "セッション数"
    assert t("kpi.sessions", "en") == "Sessions"
    assert t("kpi.ad_spend", "ja") == "広告費 (円)"
    assert t("kpi.online_share", "ja") == "オンライン申請率"
    assert t("kpi.sessions", "fr") == "セッション数"  # unknown language falls back to Japanese
    assert t("filter.showing", "en", start="a", end="b") == "Showing a to b."


def test_unknown_key_is_an_error():
    with pytest.raises(KeyError, match="no UI string"):
        t("no.such.key", "ja")


def test_normalize_lang():
    assert normalize_lang("EN") == "en"
    assert normalize_lang(None) == "ja"
    assert normalize_lang("de", default="en") == "en"
    assert normalize_lang(["en"]) == "ja"  # a repeated query parameter is not a language


def test_channel_labels():
    assert channel_label("Organic Search", "ja") == "自然検索"
    assert channel_label("Organic Search", "en") == "Organic Search"
    assert channel_label("Something New", "ja") == "Something New"


def test_parse_date_accepts_iso_only():
    assert parse_date("2025-04-01") == date(2025, 4, 1)
    for bad in (None, "", "2025/04/01", "2025-02-30", "20250401", 42):
        assert parse_date(bad) is None


def test_search_round_trip():
    search = build_search("en", date(2025, 4, 1), date(2025, 4, 3))
    assert search == "?lang=en&start=2025-04-01&end=2025-04-03"
    assert parse_search(search) == {"lang": "en", "start": "2025-04-01", "end": "2025-04-03"}
    assert lang_from_search(search) == "en"
    assert lang_from_search("") == "ja"
    assert build_search("ja") == ""  # the default language stays out of the URL


def test_search_after_change_skips_what_the_url_already_says():
    defaults = DateRange(date(2025, 4, 1), date(2025, 4, 3))
    # Page opened at "/" showing the whole range: nothing to push.
    assert search_after_change("", "ja", "2025-04-01", "2025-04-03", defaults) is None
    # The user picked another start date.
    assert (
        search_after_change("", "ja", "2025-04-02", "2025-04-03", defaults)
        == "?start=2025-04-02&end=2025-04-03"
    )
    # Already in the URL.
    assert (
        search_after_change(
            "?lang=en&start=2025-04-02&end=2025-04-03", "en", "2025-04-02", "2025-04-03", defaults
        )
        is None
    )
    # Half-typed date.
    assert search_after_change("", "ja", "", "2025-04-03", defaults) is None


def test_date_range_orders():
    with pytest.raises(ValueError):
        DateRange(date(2025, 4, 3), date(2025, 4, 1))
