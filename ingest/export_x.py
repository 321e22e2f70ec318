"""X (Twitter) analytics exports: the tweet/post-level file and the daily account file.

Both generations are read: the classic analytics.twitter.com export ("Tweet id", "Tweet
permalink", "Tweet text", "time" "2021-04-30 09:32 +0000", counts as "825.0", rates such as
"8.038585209003215E-4", "-" for no promoted data; the Japanese UI's ツイートID, ツイート本文,
時間, インプレッション …) and the newer account-analytics export ("Post id", "Date",
"Post text", "Reposts", "New follows", "Unfollows" …). Tweet text spans lines inside quotes
and is kept verbatim. The account handle comes from the permalinks, or from X's own file name
(tweet_activity_metrics_<handle>_<from>_<to>_<lang>.csv) when the rows do not say it.
"""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl

from ingest.errors import IngestError
from ingest.export_common import (
    Field,
    find_header,
    frame_of,
    head_rows,
    load_rows,
    map_header,
    parse_table,
    present,
    schema_of,
)
from ingest.reader import Reader
from ingest.result import ReadResult, Reject

SOURCE = "x"

# (canonical, English aliases, Japanese aliases)
_COUNTS: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("impressions", ("impressions",), ("インプレッション", "インプレッション数")),
    ("engagements", ("engagements",), ("エンゲージメント", "エンゲージメント数")),
    ("reposts", ("retweets", "reposts"), ("リツイート", "リポスト")),
    ("replies", ("replies",), ("返信",)),
    ("likes", ("likes",), ("いいね", "いいね数")),
    ("bookmarks", ("bookmarks",), ("ブックマーク",)),
    ("shares", ("shares",), ("共有", "共有された回数")),
    (
        "profile_clicks",
        ("user profile clicks", "profile visits"),
        ("ユーザープロフィールクリック", "プロフィールへのアクセス数"),
    ),
    ("url_clicks", ("url clicks",), ("URLクリック数", "URLのクリック数")),
    ("hashtag_clicks", ("hashtag clicks",), ("ハッシュタグクリック", "ハッシュタグのクリック数")),
    ("detail_expands", ("detail expands",), ("詳細のクリック", "詳細クリック", "詳細のクリック数")),
    ("permalink_clicks", ("permalink clicks",), ("固定リンクのクリック数",)),
    ("app_opens", ("app opens",), ("アプリの表示",)),
    ("app_installs", ("app installs",), ("アプリのインストール",)),
    ("follows", ("follows", "new follows"), ("フォロー", "新しいフォロー", "フォロー数")),
    ("unfollows", ("unfollows",), ("フォロー解除",)),
    ("email_tweet", ("email tweet",), ("ツイートをメールで送信する",)),
    ("dial_phone", ("dial phone",), ("電話番号へダイヤル",)),
    ("media_views", ("media views",), ("メディアの再生数",)),
    ("media_engagements", ("media engagements",), ("メディアのエンゲージメント",)),
    ("video_views", ("video views",), ("動画再生数", "動画の再生数")),
)
_RATE = ("engagement_rate", ("engagement rate",), ("エンゲージメント率",))


def _metric_fields(promoted: bool) -> list[Field]:
    fields = []
    for name, en, ja in (*_COUNTS, _RATE):
        if promoted and name in ("unfollows", "bookmarks", "shares", "video_views"):
            continue
        kind = "ratio" if name == "engagement_rate" else "count"
        if promoted:
            aliases = tuple(f"promoted {a}" for a in en) + tuple(
                p + a for a in ja for p in ("プロモ", "プロモ - ", "プロモーションの")
            )
            fields.append(Field(f"promoted_{name}", aliases, kind, bounds=kind == "ratio"))
        else:
            fields.append(Field(name, en + ja, kind, bounds=kind == "ratio"))
    return fields


METRICS: tuple[Field, ...] = (*_metric_fields(False), *_metric_fields(True))

POST_FIELDS: tuple[Field, ...] = (
    Field("post_id", ("Tweet id", "Post id", "ツイートID", "ポストID"), "id"),
    Field("permalink", ("Tweet permalink", "Post Link", "ツイートの固定リンク", "ポストのリンク")),
    Field("text", ("Tweet text", "Post text", "ツイート本文", "ポスト本文"), "text"),
    Field("posted", ("time", "Date", "時間", "日付", "投稿日時"), "moment"),
    *METRICS,
)
DAILY_FIELDS: tuple[Field, ...] = (
    Field("date", ("Date", "日付"), "date"),
    Field(
        "posts_published",
        (
            "Tweets published",
            "Create Post",
            "ツイート数",
            "ツイート公開数",
            "公開したツイート",
            "ポスト数",
        ),
        "count",
    ),
    *METRICS,
)
POST_SCHEMA = {"account_handle": pl.String(), **schema_of(POST_FIELDS)}
DAILY_SCHEMA = {"account_handle": pl.String(), **schema_of(DAILY_FIELDS)}
_PERMALINK = re.compile(r"https?://(?:www\.|mobile\.)?(?:twitter|x)\.com/([A-Za-z0-9_]+)/status")
_FILE_NAME = re.compile(
    r"(?:daily_)?tweet_activity_metrics_(?P<handle>\w+?)_\d{8}_\d{8}(?:_[a-z]{2})?\.csv", re.I
)


def _kind(cells: list[str]) -> str | None:
    posts = present(cells, POST_FIELDS)
    if {"post_id", "impressions"} <= posts and (
        "permalink" in posts or "text" in posts or "reposts" in posts
    ):
        return "posts"
    daily = present(cells, DAILY_FIELDS)
    if {"date", "impressions", "engagements"} <= daily and (
        "reposts" in daily or "posts_published" in daily
    ):
        return "account_days"
    return None


def looks_like(text_head: str) -> bool:
    return any(_kind(cells) for _, cells in head_rows(text_head, 4))


def read(path: Path, data: bytes | None = None) -> ReadResult:
    rows = load_rows(path, data)
    at = find_header(rows, lambda cells: _kind(cells) is not None, limit=4)
    if at is None:
        raise IngestError(
            str(path),
            "not an X analytics export: expected 'Tweet id, …, impressions' (or ツイートID, "
            "インプレッション) or 'Date, Tweets published, impressions, engagements …'",
        )
    _, header = rows[at]
    entity = _kind(header)
    fields = POST_FIELDS if entity == "posts" else DAILY_FIELDS
    mapping = map_header(header, fields, keep_unknown=False)
    parsed = parse_table(rows[at + 1 :], header, mapping, totals=False)
    required = "post_id" if entity == "posts" else "date"
    kept = []
    for record in parsed.records:
        if record.get(required) is None:
            line = int(str(record["_row_number"]))
            parsed.rejects.append(Reject(line, required, f"empty {required}"))
        else:
            kept.append(record)
    handle = _handle_from_name(path.name)
    for record in kept:
        link = _PERMALINK.match(str(record.get("permalink") or ""))
        record["account_handle"] = link.group(1) if link else handle
    if entity == "posts":
        frame = frame_of(kept, POST_SCHEMA)
        key: tuple[str, ...] = ("post_id",)
    else:
        frame = frame_of(kept, DAILY_SCHEMA)
        key = ("account_handle", "date")
    return ReadResult(
        SOURCE,
        str(entity),
        frame,
        key,
        rows_in=len(kept) + len(parsed.rejects),
        rejects=parsed.rejects,
    )


def _handle_from_name(name: str) -> str | None:
    match = _FILE_NAME.fullmatch(name)
    return match.group("handle") if match else None


def empty() -> list[ReadResult]:
    return [
        ReadResult(SOURCE, "posts", frame_of([], POST_SCHEMA), ("post_id",), rows_in=0),
        ReadResult(
            SOURCE,
            "account_days",
            frame_of([], DAILY_SCHEMA),
            ("account_handle", "date"),
            rows_in=0,
        ),
    ]


READER = Reader(
    "x",
    "X (Twitter) analytics export: tweet/post-level or daily account CSV (ja/en)",
    looks_like,
    read,
    empty,
    priority=40,
)
