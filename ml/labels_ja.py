"""Japanese labels for feature levels (segment names, profiles and the channel planner)."""

from __future__ import annotations

DEVICE = {"mobile": "スマートフォン", "desktop": "パソコン", "tablet": "タブレット"}
LANGUAGE = {
    "ja": "日本語",
    "en": "英語",
    "zh": "中国語",
    "ko": "韓国語",
    "vi": "ベトナム語",
    "pt": "ポルトガル語",
    "tl": "タガログ語",
    "ne": "ネパール語",
    "es": "スペイン語",
    "th": "タイ語",
    "id": "インドネシア語",
    "fr": "フランス語",
    "de": "ドイツ語",
}
PAGE_LANGUAGE = {"ja": "日本語ページ", "easy": "やさしい日本語ページ", "en": "英語ページ"}
REGION = {"home": "市内・近隣から", "away": "市外・遠方から"}
RETURNING = {"yes": "以前から利用", "no": "今年度の新規"}
FREQUENCY = {
    "1": "年1回",
    "2": "年2回",
    "3-4": "年3〜4回",
    "5-8": "年5〜8回",
    "9-16": "年9〜16回",
    "17+": "年17回以上",
}
RECENCY = {
    "0-30d": "最終訪問が30日以内",
    "31-90d": "最終訪問が31〜90日前",
    "91-180d": "最終訪問が91〜180日前",
    "181d+": "最終訪問が181日以上前",
}
SOURCES = {
    "google / organic": "Google検索",
    "yahoo / organic": "Yahoo!検索",
    "bing / organic": "Bing検索",
    "(direct) / (none)": "直接（ブックマーク等）",
    "line / social": "LINE",
    "t.co / referral": "X（旧Twitter）",
    "x.com / referral": "X（旧Twitter）",
    "m.facebook.com / referral": "Facebook",
    "facebook.com / referral": "Facebook",
    "l.instagram.com / referral": "Instagram",
    "smartnews.com / referral": "SmartNews",
    "newsletter / email": "メールマガジン",
    "google / cpc": "Google広告",
    "yahoo / cpc": "Yahoo!広告",
}
FEATURE = {
    "topic": "閲覧分野",
    "daypart": "時間帯",
    "channel": "流入経路",
    "device": "端末",
    "device_language": "ブラウザの言語",
    "page_language": "ページの言語",
    "region": "アクセス地域",
    "returning": "利用歴",
    "frequency": "訪問頻度",
    "recency": "最終訪問",
}
WEEKDAY = ("月", "火", "水", "木", "金", "土", "日")


def channel(level: str) -> str:
    if level in SOURCES:
        return SOURCES[level]
    source, _, medium = level.partition(" / ")
    if medium in ("cpc", "ppc", "paid"):
        return f"{source}広告"
    if medium == "organic":
        return f"{source}検索"
    if medium == "email":
        return f"メール（{source}）"
    return source or level


def daypart(level: str) -> str:
    """'wd_06-09' → '平日6〜9時'; 'we_21-24' → '休日21〜24時'."""
    kind, _, hours = level.partition("_")
    start, _, end = hours.partition("-")
    day = "平日" if kind == "wd" else "休日"
    if not start.isdigit() or not end.isdigit():
        return level
    return f"{day}{int(start)}〜{int(end)}時"


def level_label(feature: str, level: str) -> str:
    """A readable Japanese label of a feature's level (unknown levels as they are)."""
    if level == "other":
        return "その他"
    tables: dict[str, dict[str, str]] = {
        "device": DEVICE,
        "device_language": LANGUAGE,
        "page_language": PAGE_LANGUAGE,
        "region": REGION,
        "returning": RETURNING,
        "frequency": FREQUENCY,
        "recency": RECENCY,
    }
    if feature == "channel":
        return channel(level)
    if feature == "daypart":
        return daypart(level)
    return tables.get(feature, {}).get(level, level)


# Channel codes of the citizen survey (ingest/survey_fields.CHANNELS) and the planner.
SURVEY_CHANNEL = {
    "line": "LINE",
    "koho_shi": "広報紙",
    "website": "市ウェブサイト",
    "community_fm": "コミュニティFM",
    "cable_tv": "ケーブルテレビ",
    "x": "X（旧Twitter）",
    "facebook": "Facebook",
    "instagram": "Instagram",
    "youtube": "YouTube",
    "kairanban": "回覧板",
    "bosai_musen": "防災無線",
    "email": "メール配信",
    "mass_media": "テレビ・新聞",
    "word_of_mouth": "家族・知人",
    "other": "その他",
    "search": "検索（Google・Yahoo!）",
    "search_ads": "検索広告",
    "smartnews": "SmartNews",
    "direct": "直接（ブックマーク等）",
}


def age_group(age_lower: float) -> str:
    """A weighted mean of age band lower bounds as a word."""
    if age_lower < 40:
        return "若い世代"
    if age_lower < 60:
        return "働く世代"
    return "高齢世代"
