"""LINE Official Account Manager statistics downloads (UTF-8 with BOM or CP932).

- friend_days: 友だち statistics per day (日付, 友だち数, ターゲットリーチ, ブロック数). Friends and
  blocks are running totals (stocks): never add them up across days.
- messages: one row per broadcast (配信日時, メッセージ / タイトル, 配信数, 開封数, クリック数,
  開封率, クリック率 …). LINE hides small numbers ("<20", "20人未満"): such bounds are kept as
  text in <name>_bound and the number is left empty. Without a 配信ID column, a message's id is
  derived from its send time and text (and its A/B pattern, when given), so the same broadcast
  in a later download replaces the earlier row. An optional テスト/バリアント (variant) column
  names the pattern of an ABテスト broadcast: one row per pattern, each sent to part of the
  friends; files without it read as before (variant empty).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

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
from ingest.text import header_key

SOURCE = "line"

ACCOUNT = Field("account_name", ("アカウント名", "Account name", "アカウント", "Account"))
FRIEND_FIELDS: tuple[Field, ...] = (
    Field("date", ("日付", "Date", "date"), "date"),
    ACCOUNT,
    Field(
        "friends",
        ("友だち数", "友だち", "友達数", "友達", "Friends", "followers", "contacts"),
        "count",
    ),
    Field(
        "target_reach",
        (
            "ターゲットリーチ",
            "ターゲットリーチ数",
            "Target reach",
            "targetedReaches",
            "targetReaches",
        ),
        "count",
    ),
    Field("blocks", ("ブロック数", "ブロック", "Blocks"), "count"),
)
MESSAGE_FIELDS: tuple[Field, ...] = (
    Field(
        "message_id", ("配信ID", "メッセージID", "Message ID", "リクエストID", "Request ID"), "id"
    ),
    ACCOUNT,
    Field(
        "sent",
        ("配信日時", "送信日時", "配信日", "Sent at", "Delivery date", "Date sent"),
        "moment",
    ),
    Field(
        "text",
        ("メッセージ", "メッセージ内容", "配信内容", "タイトル", "Message", "Title", "Content"),
        "text",
    ),
    Field("delivery_type", ("配信タイプ", "配信種別", "種別", "Type")),
    Field("delivered", ("配信数", "配信人数", "送信数", "Delivered", "Deliveries"), "count", True),
    Field(
        "opened", ("開封数", "開封人数", "開封者数", "Opened", "Unique impressions"), "count", True
    ),
    Field(
        "clicks", ("クリック数", "クリック人数", "クリックしたユーザー数", "Clicks"), "count", True
    ),
    Field("open_rate", ("開封率", "Open rate"), "ratio", True),
    Field("click_rate", ("クリック率", "Click rate", "CTR"), "ratio", True),
    Field(
        "video_plays",
        ("動画再生数", "動画の再生開始数", "動画再生開始数", "Video plays"),
        "count",
        True,
    ),
    # Optional: the pattern of an ABテスト broadcast ("A", "B" …); empty for ordinary ones.
    Field(
        "variant",
        (
            "テスト/バリアント",
            "バリアント",
            "ABテスト",
            "ABテストパターン",
            "テストパターン",
            "Variant",
            "Test variant",
            "A/B test variant",
        ),
    ),
)
FRIEND_SCHEMA = schema_of(FRIEND_FIELDS)
MESSAGE_SCHEMA = schema_of(MESSAGE_FIELDS)
_MAIL = {
    header_key(a)
    for a in ("件名", "Subject", "配信リスト", "到達数", "エラー数", "配信停止数", "Unsubscribes")
}
KEYS = {"friend_days": ("account_name", "date"), "messages": ("message_id",)}


def _kind(cells: list[str]) -> str | None:
    keys = {header_key(c) for c in cells}
    if keys & _MAIL:  # an e-mail newsletter's statistics, not LINE's
        return None
    friends = present(cells, FRIEND_FIELDS)
    if {"date", "friends"} <= friends and friends & {"target_reach", "blocks"}:
        return "friend_days"
    messages = present(cells, MESSAGE_FIELDS)
    if {"sent", "delivered"} <= messages and messages & {"opened", "clicks", "text"}:
        return "messages"
    return None


def looks_like(text_head: str) -> bool:
    return any(_kind(cells) for _, cells in head_rows(text_head, 5))


def read(path: Path, data: bytes | None = None) -> ReadResult:
    rows = load_rows(path, data)
    at = find_header(rows, lambda cells: _kind(cells) is not None, limit=5)
    if at is None:
        raise IngestError(
            str(path),
            "not a LINE Official Account statistics file: expected 日付, 友だち数, "
            "ターゲットリーチ, ブロック数 or 配信日時, メッセージ, 配信数, 開封数, クリック数",
        )
    _, header = rows[at]
    entity = str(_kind(header))
    fields = FRIEND_FIELDS if entity == "friend_days" else MESSAGE_FIELDS
    mapping = map_header(header, fields, keep_unknown=False)
    parsed = parse_table(rows[at + 1 :], header, mapping)
    kept = []
    for record in parsed.records:
        line = int(str(record["_row_number"]))
        if entity == "friend_days" and record.get("date") is None:
            parsed.rejects.append(Reject(line, "date", "empty date"))
            continue
        if entity == "messages":
            when = record.get("sent_at") or record.get("sent_on")
            if when is None:
                parsed.rejects.append(Reject(line, "sent", "empty 配信日時"))
                continue
            if record.get("message_id") is None:
                record["message_id"] = _derived_id(
                    str(when), record.get("text"), record.get("variant")
                )
        kept.append(record)
    schema = FRIEND_SCHEMA if entity == "friend_days" else MESSAGE_SCHEMA
    return ReadResult(
        SOURCE,
        entity,
        frame_of(kept, schema),
        KEYS[entity],
        rows_in=len(kept) + len(parsed.rejects),
        rejects=parsed.rejects,
    )


def _derived_id(when: str, text: object, variant: object = None) -> str:
    """A stable id from the send time and text; an A/B pattern adds its name (ids of files
    without the variant column are unchanged)."""
    key = f"{when}\n{text or ''}" + (f"\n{variant}" if variant else "")
    digest = hashlib.sha256(key.encode()).hexdigest()
    return f"line-{digest[:16]}"


def empty() -> list[ReadResult]:
    return [
        ReadResult(SOURCE, "friend_days", frame_of([], FRIEND_SCHEMA), KEYS["friend_days"], 0),
        ReadResult(SOURCE, "messages", frame_of([], MESSAGE_SCHEMA), KEYS["messages"], 0),
    ]


READER = Reader(
    "line",
    "LINE Official Account statistics: friends per day or message deliveries (CSV, UTF-8/CP932)",
    looks_like,
    read,
    empty,
    priority=45,
)
