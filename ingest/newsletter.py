"""メールマガジン (e-mail newsletter) statistics per issue — the city's documented template.

Template (CSV, any of UTF-8/CP932/UTF-16; Japanese or English headers; one row per issue):
    配信日時 (sent_at: date and time, Asia/Tokyo), 件名 (subject), 配信数 (sent_count),
    optional: 配信ID (issue_id), 配信リスト (list_name), 到達数 (delivered_count),
    エラー数 (error_count), 開封数 (open_count), 開封率 (open_rate, kept as written),
    クリック数 (click_count), クリック率 (click_rate, kept as written),
    配信停止数 (unsubscribe_count)

Rates are kept as the text the tool wrote ("23.4%", "< 10%"); marts recompute them from the
counts. A row is refused when a count is negative or 到達数 + エラー数 exceed 配信数.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import polars as pl

from ingest.reader import Reader
from ingest.result import ReadResult, Reject
from ingest.template_csv import (
    Parser,
    Template,
    TemplateColumn,
    empty_template,
    read_template,
)
from ingest.template_csv import looks_like as _looks_like
from ingest.values import clean, is_missing, parse_count, parse_date

JST = dt.timezone(dt.timedelta(hours=9))
_TIME = r"(\d{1,2})(?::|時)(\d{1,2})(?:(?::|分)(\d{1,2})(?:\.\d+)?)?[分秒]?"
_DATE_TIME = re.compile(rf"(.*?)[ T]+({_TIME})")
_OFFSET = re.compile(r"(?<=:\d\d)(?:\.\d+)?(Z|[+-]\d{2}:?\d{2})$")


def parse_sent_at(cell: str) -> dt.datetime | None:
    """'2025/04/01 09:00', '2025-04-01 9:00:00', '2025年4月1日 9時00分', '令和7年4月1日 9:00',
    '2025-04-01T00:00:00Z' (converted to Asia/Tokyo) → naive Asia/Tokyo datetime.
    A date without a time is taken as 00:00."""
    text = clean(cell)
    if is_missing(text):
        return None
    offset: dt.timezone | None = None
    if m := _OFFSET.search(text):
        raw = m[1].replace(":", "")
        sign = 1 if raw[0] == "+" else -1
        offset = (
            dt.UTC
            if raw == "Z"
            else dt.timezone(sign * dt.timedelta(hours=int(raw[1:3]), minutes=int(raw[3:5])))
        )
        text = text[: m.start()].strip()
    hour = minute = second = 0
    if m := _DATE_TIME.fullmatch(text):
        text, hour, minute, second = m[1], int(m[3]), int(m[4]), int(m[5] or 0)
    day = parse_date(text)  # raises with the accepted date forms
    if day is None:
        raise ValueError(f"{cell!r} has no date")
    try:
        value = dt.datetime(day.year, day.month, day.day, hour, minute, second)
    except ValueError:
        raise ValueError(f"{cell!r}: {hour}:{minute:02d} is not a time of day") from None
    if offset is not None:
        value = value.replace(tzinfo=offset).astimezone(JST).replace(tzinfo=None)
    return value


def _text(cell: str) -> str | None:
    """Kept as written (formula-like subjects such as "=HYPERLINK(…)" included)."""
    return None if is_missing(cell) else cell.strip()


def _count(cell: str) -> int | None:
    value = parse_count(cell)
    if value is not None and value < 0:
        raise ValueError(f"{cell!r} is negative; counts are 0 or more")
    return value


def _optional(
    name: str, aliases: tuple[str, ...], parse: Parser = _count, dtype: pl.DataType | None = None
) -> TemplateColumn:
    return TemplateColumn(name, aliases, parse, dtype or pl.Int64(), required=False)


TEMPLATE = Template(
    source="newsletter",
    entity="issues",
    columns=(
        TemplateColumn(
            "sent_at",
            ("配信日時", "sent at", "配信日", "送信日時"),
            parse_sent_at,
            pl.Datetime("us"),
        ),
        TemplateColumn(
            "subject", ("件名", "subject", "メール件名", "subject line"), _text, pl.String()
        ),
        TemplateColumn("sent_count", ("配信数", "sent", "送信数"), _count, pl.Int64()),
        _optional("issue_id", ("配信ID", "issue id", "メールID"), _text, pl.String()),
        _optional("list_name", ("配信リスト", "list", "配信リスト名"), _text, pl.String()),
        _optional("delivered_count", ("到達数", "delivered", "配信成功数")),
        _optional("error_count", ("エラー数", "errors", "bounces", "不達数")),
        _optional("open_count", ("開封数", "opens", "unique opens")),
        _optional("open_rate", ("開封率", "open rate"), _text, pl.String()),
        _optional("click_count", ("クリック数", "clicks", "unique clicks")),
        _optional("click_rate", ("クリック率", "click rate"), _text, pl.String()),
        _optional("unsubscribe_count", ("配信停止数", "unsubscribes", "解除数")),
    ),
    natural_key=("sent_at", "list_name"),
)


def looks_like(text_head: str) -> bool:
    return _looks_like(TEMPLATE, text_head)


def read(path: Path) -> ReadResult:
    """The template, plus two checks across cells: delivered + errors never exceed sent, and
    one row per issue (配信日時 and 配信リスト); a later duplicate is refused."""
    result = read_template(TEMPLATE, path)
    frame, rejects = result.frame, list(result.rejects)
    over = pl.col("delivered_count").fill_null(0) + pl.col("error_count").fill_null(0) > pl.col(
        "sent_count"
    )
    repeated = pl.struct("sent_at", "list_name").is_first_distinct().not_()
    for line, is_over in frame.filter(over | repeated).select("_row_number", over).iter_rows():
        if is_over:
            reason = "到達数 + エラー数 exceed 配信数 (delivered + errors > sent)"
            rejects.append(Reject(line, "到達数", reason))
        else:
            rejects.append(Reject(line, "配信日時", "the same issue (配信日時, 配信リスト) twice"))
    frame = frame.filter(~(over | repeated))
    return ReadResult(
        result.source, result.entity, frame, result.natural_key, result.rows_in, rejects
    )


def empty() -> ReadResult:
    return empty_template(TEMPLATE)


READER = Reader(
    "newsletter",
    "メールマガジン statistics template (配信日時, 件名, 配信数, 開封数 …)",
    looks_like,
    read,
    empty,
    # Ahead of LINE's message statistics (45), which share 配信日時/配信数/開封数: a newsletter
    # file is told apart by its 件名 (subject) column, which LINE exports do not have.
    priority=44,
)
