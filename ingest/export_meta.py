"""Facebook Page and Instagram account insights exported from Meta Business Suite.

Three shapes, each a table of its own:
- account_days: one row per day (日付, リーチ, インプレッション, エンゲージメント, フォロワー数,
  新しいフォロワー, フォロー解除, ページへのアクセス … or the English UI's Date, Reach …);
- posts: one row per post (投稿ID, 公開時間, タイトル/説明, パーマリンク, リーチ, リアクション …);
- audience_shares: the audience export (年齢 / Age × 女性 / Women, 男性 / Men as percentages;
  Meta writes it in UTF-16LE), kept long: one row per age band and gender.
Which platform a file is about comes from a プラットフォーム / Platform column, else from the
header (ページ名 / Page ID → Facebook; アカウント名 / ユーザーネーム / Account ID → Instagram;
"Facebook…" / "Instagram…" headers), else from a title line above the header. Ad exports
(campaign / spend columns) are not this reader's.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from ingest.errors import IngestError
from ingest.export_common import (
    Field,
    Row,
    decimal_comma_locale,
    find_header,
    frame_of,
    head_rows,
    load_rows,
    map_header,
    parse_field,
    parse_table,
    present,
    schema_of,
)
from ingest.reader import Reader
from ingest.result import ReadResult, Reject
from ingest.text import header_key

SOURCE = "meta_insights"
_FB_ACCOUNT = ("ページ名", "Page name", "Page", "Facebookページ")
_IG_ACCOUNT = (
    "アカウント名",
    "ユーザーネーム",
    "アカウントのユーザーネーム",
    "Account username",
    "Account name",
)
_FB_ID = ("ページID", "Page ID")
_IG_ID = ("アカウントID", "Account ID", "Instagram account ID")

COMMON: tuple[Field, ...] = (
    Field("platform", ("プラットフォーム", "Platform")),
    Field("account_name", _FB_ACCOUNT + _IG_ACCOUNT),
    Field("account_id", _FB_ID + _IG_ID, "id"),
    Field(
        "reach",
        ("リーチ", "Reach", "Facebookページのリーチ", "Facebook Page reach", "Facebookリーチ")
        + ("Facebook reach", "Instagramのリーチ", "Instagram reach", "Instagramリーチ"),
        "count",
    ),
    Field("impressions", ("インプレッション", "インプレッション数", "Impressions"), "count"),
    Field("views", ("ビュー", "Views", "閲覧数"), "count"),
    Field(
        "engagements",
        ("エンゲージメント", "Engagements", "Post engagements", "投稿のエンゲージメント")
        + ("コンテンツでのインタラクション", "Content interactions", "インタラクション"),
        "count",
    ),
    Field("link_clicks", ("リンクのクリック", "Link clicks", "外部リンクのタップ"), "count"),
)
DAILY_FIELDS: tuple[Field, ...] = (
    Field("date", ("日付", "Date"), "date"),
    *COMMON,
    Field(
        "followers",
        ("フォロワー数", "フォロワー", "Followers", "Facebookページのフォロワー")
        + ("Facebook Page followers", "Instagramのフォロワー", "Instagram followers"),
        "count",
    ),
    Field(
        "new_followers",
        ("新しいフォロワー", "新規フォロワー", "New followers", "New follows"),
        "count",
    ),
    Field("unfollows", ("フォロー解除", "Unfollows"), "count"),
    Field("page_likes", ("ページへのいいね！", "ページへのいいね", "Page likes"), "count"),
    Field(
        "page_visits",
        ("ページへのアクセス", "Page visits", "プロフィールへのアクセス", "Profile visits")
        + ("Facebookページへのアクセス", "Instagramプロフィールへのアクセス"),
        "count",
    ),
)
POST_FIELDS: tuple[Field, ...] = (
    Field("post_id", ("投稿ID", "Post ID", "メディアID", "Media ID"), "id"),
    *COMMON,
    Field("title", ("タイトル", "Title")),
    Field(
        "text", ("説明", "Description", "メッセージ", "Message", "キャプション", "Caption"), "text"
    ),
    Field("posted", ("公開時間", "Publish time", "公開日時", "投稿日時"), "moment"),
    Field("permalink", ("パーマリンク", "Permalink")),
    Field("post_type", ("投稿タイプ", "Post type", "タイプ", "Type")),
    Field("reactions", ("リアクション", "Reactions"), "count"),
    Field("likes", ("いいね！", "いいね", "Likes"), "count"),
    Field("comments", ("コメント", "Comments"), "count"),
    Field("shares", ("シェア", "Shares"), "count"),
    Field("saves", ("保存", "保存数", "Saves"), "count"),
    Field("follows", ("フォロー", "Follows"), "count"),
    Field("clicks", ("クリック数合計", "合計クリック数", "Total clicks"), "count"),
    Field("video_views", ("再生数", "Plays", "動画の再生数", "3-second video views"), "count"),
)
_AGE = Field("age_range", ("年齢", "Age"))
_GENDERS = {
    header_key(a): gender
    for gender, aliases in {
        "female": ("女性", "Women", "Female"),
        "male": ("男性", "Men", "Male"),
        "unknown": ("不明", "その他", "Unknown", "Other"),
    }.items()
    for a in aliases
}
_SHARE = Field("share", (), "ratio", bounds=True)
_NOT_OURS = ("spend", "adid", "adset", "campaign", "費用", "消化金額", "キャンペーン", "広告")

DAILY_SCHEMA = schema_of(DAILY_FIELDS)
POST_SCHEMA = schema_of(POST_FIELDS)
AUDIENCE_SCHEMA: dict[str, pl.DataType] = {
    "platform": pl.String(),
    "age_range": pl.String(),
    "gender": pl.String(),
    "share": pl.Float64(),
    "share_bound": pl.String(),
}
KEYS = {
    "account_days": ("platform", "account_name", "date"),
    "posts": ("platform", "post_id"),
    "audience_shares": ("platform", "age_range", "gender"),
}


def _kind(cells: list[str]) -> str | None:
    keys = [header_key(c) for c in cells]
    if any(bad in key for key in keys for bad in _NOT_OURS):
        return None
    if keys and keys[0] in {header_key(a) for a in _AGE.aliases}:
        return "audience_shares" if sum(k in _GENDERS for k in keys[1:]) >= 2 else None
    posts = present(cells, POST_FIELDS)
    metrics = {"reach", "impressions", "views", "engagements", "reactions", "likes"}
    if "post_id" in posts and ("posted" in posts or "permalink" in posts) and posts & metrics:
        return "posts"
    daily = present(cells, DAILY_FIELDS)
    if "date" in daily and "reach" in daily and daily & {"impressions", "engagements", "followers"}:
        return "account_days"
    return None


def looks_like(text_head: str) -> bool:
    return any(_kind(cells) for _, cells in head_rows(text_head, 6))


def _platform_hint(cells: list[str]) -> str | None:
    keys = [header_key(c) for c in cells]
    fb = {header_key(a) for a in _FB_ACCOUNT + _FB_ID}
    ig = {header_key(a) for a in _IG_ACCOUNT + _IG_ID}
    found = {"facebook" for k in keys if k in fb or "facebook" in k or "フェイスブック" in k} | {
        "instagram" for k in keys if k in ig or "instagram" in k or "インスタグラム" in k
    }
    return found.pop() if len(found) == 1 else None


def _platform_value(value: object) -> str | None:
    key = header_key(str(value or ""))
    if key in ("facebook", "fb", "フェイスブック") or key.startswith("facebook"):
        return "facebook"
    if key in ("instagram", "ig", "インスタグラム") or key.startswith("instagram"):
        return "instagram"
    return None


def read(path: Path, data: bytes | None = None) -> ReadResult:
    rows = load_rows(path, data)
    at = find_header(rows, lambda cells: _kind(cells) is not None, limit=6)
    if at is None:
        raise IngestError(
            str(path),
            "not a Meta Business Suite insights export: expected daily columns (日付, リーチ, "
            "インプレッション/エンゲージメント/フォロワー数), post columns (投稿ID, 公開時間, リーチ …) "
            "or the audience table (年齢, 女性, 男性)",
        )
    header_line, header = rows[at]
    entity = str(_kind(header))
    hint = _platform_hint(header) or next(
        (_platform_hint(cells) for _, cells in rows[:at] if _platform_hint(cells)), None
    )
    if entity == "audience_shares":
        return _read_audience(rows[at + 1 :], header, hint)
    fields = DAILY_FIELDS if entity == "account_days" else POST_FIELDS
    mapping = map_header(header, fields, keep_unknown=False)
    parsed = parse_table(rows[at + 1 :], header, mapping, totals=False)
    has_column = "platform" in present(header, fields)
    if not has_column and hint is None:
        raise IngestError(
            str(path),
            "cannot tell whether this is Facebook or Instagram: add a プラットフォーム (Platform) "
            "column, or keep the ページ名 / アカウント名 column Meta Business Suite writes",
            line=header_line,
        )
    required = "date" if entity == "account_days" else "post_id"
    kept = []
    for record in parsed.records:
        platform = _platform_value(record.get("platform")) if has_column else hint
        line = int(str(record["_row_number"]))
        if platform is None:
            reason = f"platform {record.get('platform')!r} is neither Facebook nor Instagram"
            parsed.rejects.append(Reject(line, "platform", reason))
        elif record.get(required) is None:
            parsed.rejects.append(Reject(line, required, f"empty {required}"))
        else:
            record["platform"] = platform
            kept.append(record)
    schema = DAILY_SCHEMA if entity == "account_days" else POST_SCHEMA
    return ReadResult(
        SOURCE,
        entity,
        frame_of(kept, schema),
        KEYS[entity],
        rows_in=len(kept) + len(parsed.rejects),
        rejects=parsed.rejects,
    )


def _read_audience(rows: list[Row], header: list[str], platform: str | None) -> ReadResult:
    genders = {
        i: _GENDERS[header_key(c)] for i, c in enumerate(header) if header_key(c) in _GENDERS
    }
    records: list[dict[str, object]] = []
    rejects: list[Reject] = []
    rows_in = 0
    comma = decimal_comma_locale(rows, genders)
    for line, cells in rows:
        if not any(c.strip() for c in cells):
            continue
        rows_in += 1
        age = cells[0].strip()
        try:
            if len(cells) < len(header):
                raise ValueError(f"expected {len(header)} cells, found {len(cells)}")
            shares = {g: parse_field(_SHARE, cells[i], comma) for i, g in genders.items()}
        except ValueError as error:
            rejects.append(Reject(line, None, str(error), ",".join(cells)))
            continue
        for gender, share in shares.items():
            records.append(
                {"platform": platform, "age_range": age, "gender": gender, "_row_number": line}
                | share
            )
    frame = frame_of(records, AUDIENCE_SCHEMA)
    return ReadResult(
        SOURCE, "audience_shares", frame, KEYS["audience_shares"], rows_in=rows_in, rejects=rejects
    )


def empty() -> list[ReadResult]:
    return [
        ReadResult(SOURCE, "account_days", frame_of([], DAILY_SCHEMA), KEYS["account_days"], 0),
        ReadResult(SOURCE, "posts", frame_of([], POST_SCHEMA), KEYS["posts"], 0),
        ReadResult(
            SOURCE, "audience_shares", frame_of([], AUDIENCE_SCHEMA), KEYS["audience_shares"], 0
        ),
    ]


READER = Reader(
    "meta_insights",
    "Meta Business Suite insights: Facebook Page / Instagram daily, posts or audience (ja/en)",
    looks_like,
    read,
    empty,
    priority=55,
)
