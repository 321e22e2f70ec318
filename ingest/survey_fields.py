"""Cell parsers for the citizen survey (市民意識調査) microdata: age bands, sex, household
type, multi-select questions and the pseudonymous respondent key."""

from __future__ import annotations

import re
import unicodedata

from ingest.fields import code_lookup, flag, text, town_key
from ingest.text import header_key
from ingest.values import clean, is_missing

# Canonical codes for "how do you get the city's information?" (multi-select).
CHANNELS: dict[str, tuple[str, ...]] = {
    "line": ("LINE", "ライン", "LINE公式アカウント", "市公式LINE"),
    "koho_shi": ("広報紙", "広報誌", "市報", "広報", "広報みどり"),
    "website": (
        "市ウェブサイト",
        "市ホームページ",
        "ホームページ",
        "ウェブサイト",
        "HP",
        "website",
    ),
    "community_fm": ("FM", "コミュニティFM", "ラジオ", "radio"),
    "cable_tv": ("ケーブルテレビ", "CATV", "cable tv"),
    "x": ("X", "X(旧Twitter)", "X（旧Twitter）", "Twitter", "ツイッター"),
    "facebook": ("Facebook", "フェイスブック"),
    "instagram": ("Instagram", "インスタグラム"),
    "youtube": ("YouTube", "ユーチューブ"),
    "kairanban": ("回覧板", "自治会の回覧板", "回覧"),
    "bosai_musen": ("防災無線", "防災行政無線"),
    "email": ("メール配信", "メールマガジン", "メルマガ", "e-mail"),
    "mass_media": ("テレビ・新聞", "新聞", "テレビ", "TV・新聞"),
    "word_of_mouth": ("家族・知人", "口コミ", "知人から"),
    "other": ("その他", "other"),
}
SEXES: dict[str, tuple[str, ...]] = {
    "male": ("男性", "男", "male", "m", "man"),
    "female": ("女性", "女", "female", "f", "woman"),
    "other": ("その他", "other", "Xジェンダー"),
    "no_answer": ("回答しない", "答えたくない", "無回答", "prefer not to say"),
}
HOUSEHOLDS: dict[str, tuple[str, ...]] = {
    "single": ("単身", "ひとり暮らし", "一人暮らし", "単身世帯", "single"),
    "couple": ("夫婦のみ", "夫婦だけ", "couple"),
    "parent_child": (
        "二世代",
        "親と子",
        "夫婦と子",
        "ひとり親と子",
        "二世代世帯",
        "parents and children",
    ),
    "three_generation": ("三世代", "三世代世帯", "three generations"),
    "other": ("その他", "other"),
}
CHANNEL_PREFIXES = ("情報入手手段", "市の情報の入手手段", "情報源", "利用している媒体", "channels")
TOPIC_PREFIXES = (
    "関心のある分野",
    "関心分野",
    "関心のあるテーマ",
    "関心テーマ",
    "topics",
    "interests",
)
_SPLIT = re.compile(r"\s*[、,，;；|\n]\s*")
_OPTION = re.compile(r"^[\s_:：\-\[\(（【]*(.+?)[\]\)）】\s]*$")
channel_code = code_lookup(CHANNELS, default="other")
sex_code = code_lookup(SEXES)
_household = code_lookup(HOUSEHOLDS, default="other")


def age_band(cell: str) -> dict[str, object]:
    """'20代' / '20～29歳' → 20-29; '70歳以上' / '70代以上' → 70+; '18・19歳' → 18-19;
    an exact age '34' → 30-39 (80 and over → 80+); '20歳未満' → 18-19 (adults only)."""
    none: dict[str, object] = {"age_band": None, "age_lower": None, "age_upper": None}
    if is_missing(cell) or header_key(cell) in ("無回答", "noanswer"):
        return none
    value = clean(cell).replace(" ", "").replace("才", "歳")
    lower: int | None
    upper: int | None
    if m := re.fullmatch(r"(\d{1,3})(?:歳)?代?(?:以上|~|〜|～|\+|andover|orolder)", value.lower()):
        lower, upper = int(m[1]), None
    elif m := re.fullmatch(r"(\d{1,3})歳?代", value):
        lower, upper = int(m[1]), int(m[1]) + 9
    elif m := re.fullmatch(r"(\d{1,3})歳?[-~〜～・](\d{1,3})歳?", value):
        lower, upper = int(m[1]), int(m[2])
    elif m := re.fullmatch(r"(\d{1,3})歳?(未満|以下)", value):
        lower, upper = 18, int(m[1]) - (1 if m[2] == "未満" else 0)
    elif m := re.fullmatch(r"(\d{1,3})歳?", value):
        age = int(m[1])
        if age >= 80:
            lower, upper = 80, None
        elif age < 20:
            lower, upper = 18, 19
        else:
            lower, upper = age // 10 * 10, age // 10 * 10 + 9
    else:
        raise ValueError(f"{cell!r} is not an age band (accepted: 20代, 20～29歳, 70歳以上, 34)")
    if upper is not None and upper < lower:
        raise ValueError(f"{cell!r} is not an age band (upper bound below lower bound)")
    band = f"{lower}+" if upper is None else f"{lower}-{upper}"
    return {"age_band": band, "age_lower": lower, "age_upper": upper}


def sex(cell: str) -> str | None:
    """male / female / other / no_answer (an empty cell is no_answer)."""
    return "no_answer" if is_missing(cell) else sex_code(cell)


def household(cell: str) -> dict[str, str | None]:
    return {"household_type": _household(cell), "household_type_name": text(cell)}


def town(cell: str) -> dict[str, str | None]:
    name = text(cell)
    return {"town_name": name, "town_key": town_key(name)}


def _label(option: str) -> str:
    return unicodedata.normalize("NFKC", option).strip()


def split_options(cell: str) -> list[str]:
    """'LINE、広報紙, 市ウェブサイト' → ['LINE', '広報紙', '市ウェブサイト'] (labels, NFKC)."""
    if is_missing(cell):
        return []
    return [_label(part) for part in _SPLIT.split(cell.strip()) if part.strip()]


def option_columns(
    header: list[str], prefixes: tuple[str, ...]
) -> tuple[int | None, dict[int, str]]:
    """Where a multi-select question sits: one list column (position) and/or one 0/1 column per
    option ({position: option label}) named '<prefix>_<option>', '<prefix>:<option>',
    '<prefix>（<option>）' or '<prefix> [<option>]'."""
    keys = [header_key(p) for p in prefixes]
    list_at: int | None = None
    per_option: dict[int, str] = {}
    for position, cell in enumerate(header):
        key = header_key(cell)
        if key in keys and list_at is None:
            list_at = position
            continue
        prefix = next((k for k in keys if key.startswith(k) and len(key) > len(k)), None)
        if prefix is None:
            continue
        written = unicodedata.normalize("NFKC", cell).strip()
        end = _prefix_end(written, prefix)
        if end is not None and (m := _OPTION.match(written[end:])):
            per_option[position] = _label(m[1])
    return list_at, per_option


def _prefix_end(written: str, prefix_key: str) -> int | None:
    """Index in `written` just after the characters matching `prefix_key`."""
    for end in range(1, len(written) + 1):
        if header_key(written[:end]) == prefix_key:
            return end
    return None


def selected(cell: str, option: str) -> bool:
    """A 0/1 option cell: 1/0, ○/×, TRUE/FALSE, or the option's own label when ticked."""
    if is_missing(cell):
        return False
    if header_key(cell) == header_key(option):
        return True
    return bool(flag(cell))
