"""Cell parsers shared by the city's documented templates (offline channels, outcomes,
population, survey, campaign plan). Each returns None for a missing value and raises
ValueError (saying what is accepted) for a value it cannot read."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

import polars as pl

from ingest.pii import scrub_pii
from ingest.result import ReadResult, Reject
from ingest.template_csv import Template, empty_template
from ingest.text import header_key
from ingest.values import clean, is_missing, parse_count, parse_number

_TRUE = {"1", "true", "yes", "y", "はい", "○", "◯", "〇", "✓", "✔", "有", "あり", "対象"}
_FALSE = {"0", "false", "no", "n", "いいえ", "×", "✕", "無", "なし", "対象外"}
_KANJI_DIGITS = dict(zip("一二三四五六七八九", "123456789", strict=True))


def text(cell: str) -> str | None:
    """Names and labels are shown to people: kept as written (surrounding spaces removed).
    Formula-like cells ("=cmd|…", "+…", "@…") are stored verbatim as text."""
    return None if is_missing(cell) else cell.strip()


def identifier(cell: str) -> str | None:
    """Ids are compared: full-width letters and digits folded (ＰＯＯ１ → P001)."""
    return None if is_missing(cell) else clean(cell)


def scrubbed_text(cell: str) -> str | None:
    """Free text with e-mail addresses and phone numbers replaced by [email] / [phone]."""
    return scrub_pii(text(cell))


def non_negative_count(cell: str) -> int | None:
    value = parse_count(cell)
    if value is not None and value < 0:
        raise ValueError(f"{cell!r} is negative; counts are 0 or more")
    return value


def yen(cell: str) -> float | None:
    """Money in JPY: '1,234', '¥1,234', '1,234円', '１２３４'; never negative."""
    value = parse_number(clean(cell).removesuffix("円").strip())
    if value is not None and value < 0:
        raise ValueError(f"{cell!r} is negative; amounts are 0 or more")
    return value


def flag(cell: str, true_words: tuple[str, ...] = ()) -> bool | None:
    """1/0, はい/いいえ, ○/×, true/false, yes/no (plus `true_words`, e.g. プラセボ)."""
    key = header_key(cell)
    if is_missing(cell):
        return None
    if key in _TRUE or key in {header_key(w) for w in true_words}:
        return True
    if key in _FALSE:
        return False
    raise ValueError(f"{cell!r} is not a yes/no value (accepted: 1/0, はい/いいえ, ○/×)")


def code_lookup(
    codes: dict[str, tuple[str, ...]], default: str | None = None
) -> Callable[[str], str | None]:
    """A parser mapping labels (ja/en, look-alike characters folded) to a canonical code.
    Unknown labels give `default`, or a ValueError listing the accepted labels."""
    lookup = {header_key(label): code for code, labels in codes.items() for label in labels}
    lookup.update({header_key(code): code for code in codes})
    accepted = ", ".join(labels[0] for labels in codes.values())

    def parse(cell: str) -> str | None:
        if is_missing(cell):
            return None
        code = lookup.get(header_key(cell), default)
        if code is None:
            raise ValueError(f"{cell!r} is not known (accepted: {accepted})")
        return code

    return parse


def town_key(name: str | None) -> str | None:
    """A join key for town names written differently in different files: NFKC, no spaces,
    ヶ/ヵ/ｹ → ケ, kanji numerals before 丁目 → digits (緑ヶ丘 二丁目 → 緑ケ丘2丁目)."""
    if name is None:
        return None
    key = unicodedata.normalize("NFKC", name)
    key = re.sub(r"[\s\u3000]+", "", key).translate(str.maketrans("ヶヵ", "ケケ"))
    return re.sub("([一二三四五六七八九])丁目", lambda m: _KANJI_DIGITS[m.group(1)] + "丁目", key)


def unnest_structs(frame: pl.DataFrame) -> pl.DataFrame:
    """Columns parsed into several values (a struct per cell) become plain columns."""
    structs = [name for name, dtype in frame.schema.items() if isinstance(dtype, pl.Struct)]
    return frame.unnest(structs) if structs else frame


def scrub_rejects(result: ReadResult) -> ReadResult:
    """Refused rows keep their raw text in raw._rejects: scrub contact data there too."""
    rejects = [Reject(r.line, r.column, r.reason, scrub_pii(r.raw) or "") for r in result.rejects]
    return ReadResult(
        result.source,
        result.entity,
        unnest_structs(result.frame),
        result.natural_key,
        result.rows_in,
        rejects,
    )


def refuse_rows(result: ReadResult, bad: pl.Expr, column: str, reason: str) -> ReadResult:
    """Move rows failing a check across columns (e.g. online > total) to the rejects."""
    flagged = result.frame.with_columns(bad.fill_null(False).alias("_bad"))
    refused = flagged.filter(pl.col("_bad")).drop("_bad")
    if refused.is_empty():
        return result
    rejects = [
        Reject(
            int(row["_row_number"]),
            column,
            reason,
            ",".join("" if v is None else str(v) for k, v in row.items() if k != "_row_number"),
        )
        for row in refused.iter_rows(named=True)
    ]
    return ReadResult(
        result.source,
        result.entity,
        flagged.filter(~pl.col("_bad")).drop("_bad"),
        result.natural_key,
        result.rows_in,
        sorted([*result.rejects, *rejects], key=lambda r: r.line),
    )


def empty_flat(template: Template) -> ReadResult:
    """empty_template with struct-parsed columns already split into plain columns."""
    result = empty_template(template)
    return ReadResult(
        result.source, result.entity, unnest_structs(result.frame), result.natural_key, 0
    )


def refuse_duplicates(result: ReadResult, key: tuple[str, ...], column: str) -> ReadResult:
    """Rows repeating an earlier row's key in the same file are refused (the first is kept)."""
    repeated = pl.struct(list(key)).is_first_distinct().not_()
    names = ", ".join(key)
    return refuse_rows(result, repeated, column, f"repeats an earlier row's {names}")
