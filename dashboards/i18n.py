"""Japanese-first user-interface strings with English alternatives.

``t(key, lang, **values)`` looks a key up and fills ``{placeholders}``. Unknown languages fall
back to Japanese; an unknown key is a programming error and raises ``KeyError``.
"""

from __future__ import annotations

from dashboards import i18n_city, i18n_more

LANGUAGES: tuple[str, ...] = ("ja", "en")
DEFAULT_LANGUAGE = "ja"

_STRINGS: dict[str, dict[str, str]] = {
    "ja": {
        "site.title": "civicpulse みどり市",
        "site.skip": "本文へスキップ",
        "nav.label": "メインメニュー",
        "nav.overview": "概要",
        "lang.switch": "English",
        "lang.switch_code": "en",
        "overview.title": "概要",
        "overview.intro": (
            "ウェブサイト、広告、電子申請の主な数値です。期間を変えると、数値・グラフ・表がすべて"
            "更新されます。"
        ),
        "filter.heading": "期間",
        "filter.start": "開始日",
        "filter.end": "終了日",
        "filter.hint": "データのある期間: {first} ～ {last}",
        "filter.invalid": "開始日と終了日を YYYY-MM-DD の形で入力してください。",
        "filter.order": "開始日は終了日と同じか、それより前の日付にしてください。",
        "filter.showing": "{start} ～ {end} の数値を表示しています。",
        "kpi.heading": "主な数値",
        "kpi.sessions": "セッション数",
        "kpi.ad_spend": "広告費 (円)",
        "kpi.clicks": "クリック数",
        "kpi.online_applications": "オンライン申請数",
        "kpi.online_share": "オンライン申請率",
        "charts.heading": "グラフと表",
        "chart.sessions.title": "チャネル別セッション数の推移",
        "chart.ad_spend.title": "キャンペーン別広告費",
        "chart.applications.title": "オンライン申請と窓口申請の推移",
        "chart.empty": "この期間のデータはありません。",
        "axis.date": "日付",
        "axis.sessions": "セッション数",
        "axis.spend": "広告費 (円)",
        "axis.campaign": "キャンペーン",
        "axis.applications": "申請件数",
        "legend.channel": "チャネル",
        "series.online": "オンライン申請",
        "series.counter": "窓口申請",
        "table.show": "表で見る",
        "table.channel": "チャネル",
        "table.campaign": "キャンペーン",
        "table.sessions": "セッション数",
        "table.clicks": "クリック数",
        "table.spend": "広告費",
        "table.date": "日付",
        "table.truncated": "{title}（全{total:,}行のうち先頭{shown:,}行。すべての行はCSV・Excelでダウンロードできます）",
        "table.online": "オンライン申請",
        "table.counter": "窓口申請",
        "table.share": "オンライン申請率",
        "summary.sessions": (
            "期間中のセッション数は合計 {total} 件です。最も多いチャネルは「{top}」で "
            "{top_value} 件です。"
        ),
        "summary.ad_spend": (
            "期間中の広告費は合計 {total} です。最も多いキャンペーンは「{top}」で {top_value} です。"
        ),
        "summary.applications": (
            "期間中の申請は合計 {total} 件で、そのうちオンライン申請は {online} 件 ({share}) です。"
        ),
        "summary.empty": "この期間のデータはありません。",
        "error.heading": "データを表示できません",
        "error.snapshot_missing": (
            "まだデータが公開されていません。管理者が「civicpulse run」(または "
            "「civicpulse publish」)を実行すると表示されます。"
        ),
        "error.mart_missing": (
            "公開データに必要な表 ({table}) がありません。管理者が「civicpulse run」を"
            "実行し直すと表示されます。"
        ),
        "error.no_data": "この自治体 (コード {code}) のデータはまだありません。",
        "error.unreadable": "公開データを読み込めませんでした。しばらくしてから再読み込みしてください。",
        "value.none": "—",
    },
    "en": {
        "site.title": "civicpulse Midori City",
        "site.skip": "Skip to main content",
        "nav.label": "Main menu",
        "nav.overview": "Overview",
        "lang.switch": "日本語",
        "lang.switch_code": "ja",
        "overview.title": "Overview",
        "overview.intro": (
            "Key figures for the website, advertising and online applications. Changing the "
            "period updates every figure, chart and table."
        ),
        "filter.heading": "Period",
        "filter.start": "Start date",
        "filter.end": "End date",
        "filter.hint": "Data available: {first} to {last}",
        "filter.invalid": "Enter the start and end dates as YYYY-MM-DD.",
        "filter.order": "The start date must be on or before the end date.",
        "filter.showing": "Showing {start} to {end}.",
        "kpi.heading": "Key figures",
        "kpi.sessions": "Sessions",
        "kpi.ad_spend": "Ad spend (JPY)",
        "kpi.clicks": "Clicks",
        "kpi.online_applications": "Online applications",
        "kpi.online_share": "Online application share",
        "charts.heading": "Charts and tables",
        "chart.sessions.title": "Sessions by channel group",
        "chart.ad_spend.title": "Ad spend by campaign",
        "chart.applications.title": "Online and counter applications",
        "chart.empty": "No data for this period.",
        "axis.date": "Date",
        "axis.sessions": "Sessions",
        "axis.spend": "Ad spend (JPY)",
        "axis.campaign": "Campaign",
        "axis.applications": "Applications",
        "legend.channel": "Channel group",
        "series.online": "Online",
        "series.counter": "At the counter",
        "table.show": "Show as a table",
        "table.channel": "Channel group",
        "table.campaign": "Campaign",
        "table.sessions": "Sessions",
        "table.clicks": "Clicks",
        "table.spend": "Ad spend",
        "table.date": "Date",
        "table.truncated": "{title} (first {shown:,} of {total:,} rows; download CSV or Excel for all)",
        "table.online": "Online",
        "table.counter": "At the counter",
        "table.share": "Online share",
        "summary.sessions": (
            "{total} sessions in the period. The largest channel group is {top} with {top_value}."
        ),
        "summary.ad_spend": (
            "{total} spent on ads in the period. The largest campaign is {top} with {top_value}."
        ),
        "summary.applications": (
            "{total} applications in the period, of which {online} online ({share})."
        ),
        "summary.empty": "No data for this period.",
        "error.heading": "The data cannot be shown",
        "error.snapshot_missing": (
            "No data has been published yet. It appears once an administrator runs "
            "`civicpulse run` (or `civicpulse publish`)."
        ),
        "error.mart_missing": (
            "The published data lacks a table it needs ({table}). It appears once an "
            "administrator runs `civicpulse run` again."
        ),
        "error.no_data": "There is no data yet for this municipality (code {code}).",
        "error.unreadable": "The published data could not be read. Please reload in a moment.",
        "value.none": "—",
    },
}

_STRINGS["ja"].update(i18n_more.JA)
_STRINGS["en"].update(i18n_more.EN)
_STRINGS["ja"].update(i18n_city.JA)
_STRINGS["en"].update(i18n_city.EN)

# GA4 default channel groups, as the marts name them, in Japanese.
_CHANNEL_GROUPS_JA: dict[str, str] = {
    "Direct": "ダイレクト",
    "Organic Search": "自然検索",
    "Paid Search": "検索広告",
    "Organic Social": "ソーシャル (自然)",
    "Paid Social": "ソーシャル広告",
    "Organic Video": "動画 (自然)",
    "Paid Video": "動画広告",
    "Display": "ディスプレイ広告",
    "Paid Other": "その他の広告",
    "Referral": "他サイトからのリンク",
    "Email": "メール",
    "Affiliates": "アフィリエイト",
    "Audio": "音声",
    "SMS": "SMS",
    "Mobile Push Notifications": "プッシュ通知",
    "Cross-network": "クロスネットワーク",
    "Organic Shopping": "ショッピング (自然)",
    "Paid Shopping": "ショッピング広告",
    "Unassigned": "未分類",
}


def normalize_lang(value: object, default: str = DEFAULT_LANGUAGE) -> str:
    """The supported language a URL value asks for, or ``default``."""
    if isinstance(value, str) and value.strip().lower() in LANGUAGES:
        return value.strip().lower()
    return default if default in LANGUAGES else DEFAULT_LANGUAGE


def t(key: str, lang: str, **values: object) -> str:
    """The string for ``key`` in ``lang`` (Japanese if ``lang`` is unknown)."""
    table = _STRINGS.get(lang, _STRINGS[DEFAULT_LANGUAGE])
    if key not in table:
        raise KeyError(f"no UI string {key!r}; known keys are in dashboards/i18n.py")
    text = table[key]
    return text.format(**values) if values else text


def channel_label(channel_group: str, lang: str) -> str:
    """A channel group's display name (GA4's English names are kept in English)."""
    if lang == "ja":
        return _CHANNEL_GROUPS_JA.get(channel_group, channel_group)
    return channel_group


def keys(lang: str) -> frozenset[str]:
    """Every key defined for ``lang`` (used by tests to check the languages agree)."""
    return frozenset(_STRINGS[lang])
