"""市民意識調査 (citizen survey) microdata — the city's documented template.

Template (CSV, UTF-8 ± BOM / CP932 / UTF-16; Japanese or English headers; header on line 1):
    調査名 (survey_name), 回答者ID (respondent id), 回答日 (response_date, optional),
    年齢 (age band: 20代 / 20～29歳 / 70歳以上 / exact age), 性別 (sex), 居住地区 (town),
    世帯構成 (household type, optional), 情報入手手段 (channels, multi-select),
    関心のある分野 (topics, multi-select, optional), 自由意見 (comment, optional)

Multi-select questions come either as ONE column listing the ticked options ("LINE、広報紙";
separators 、 , ; | or a line break) or as one 0/1 column per option named
"情報入手手段_LINE" / "情報入手手段（広報紙）" / "情報入手手段 [FM]" (1/0, ○/×, TRUE/FALSE or
the option's label when ticked). Both are normalised: `channels` holds the sorted canonical
codes joined by "|" (line|koho_shi|website|…), `topics` the option labels joined by "|".

Privacy at ingest: the respondent id is replaced by `respondent_key` = HMAC-SHA256(key, id)
(ingest.pii.keyed_hash) with the installation's secret (CIVICPULSE_PSEUDONYM_KEY; `civicpulse`
sets it), so raw ids never reach the warehouse; e-mail addresses and phone numbers in 自由意見
become [email] / [phone]. Refused rows are written to raw._rejects with the same replacements.
"""

from __future__ import annotations

import os
from pathlib import Path

import polars as pl

from ingest import survey_fields as sf
from ingest.errors import IngestError
from ingest.fields import empty_flat, identifier, scrubbed_text, text, unnest_structs
from ingest.pii import keyed_hash, scrub_pii
from ingest.reader import Reader
from ingest.result import ReadResult, Reject
from ingest.template_csv import Template, TemplateColumn, read_template
from ingest.template_csv import looks_like as _looks_like
from ingest.text import decode_text, header_key, read_rows
from ingest.values import parse_date

KEY_ENV = "CIVICPULSE_PSEUDONYM_KEY"
_AGE = pl.Struct({"age_band": pl.String(), "age_lower": pl.Int64(), "age_upper": pl.Int64()})
_TOWN = pl.Struct({"town_name": pl.String(), "town_key": pl.String()})
_HOUSEHOLD = pl.Struct({"household_type": pl.String(), "household_type_name": pl.String()})

TEMPLATE = Template(
    source="survey",
    entity="respondents",
    columns=(
        TemplateColumn(
            "survey_name",
            ("調査名", "調査", "調査年度", "survey", "survey name"),
            text,
            pl.String(),
        ),
        TemplateColumn(
            "respondent_id",
            ("回答者ID", "回答者番号", "整理番号", "respondent id", "respondent"),
            identifier,
            pl.String(),
        ),
        TemplateColumn(
            "response_date",
            ("回答日", "回答日時", "タイムスタンプ", "response date", "timestamp"),
            parse_date,
            pl.Date(),
            required=False,
        ),
        TemplateColumn("age", ("年齢", "年代", "年齢区分", "age", "age band"), sf.age_band, _AGE),
        TemplateColumn("sex", ("性別", "sex", "gender"), sf.sex, pl.String()),
        TemplateColumn(
            "town",
            ("居住地区", "お住まいの地区", "町名", "地区", "居住地", "town", "area"),
            sf.town,
            _TOWN,
        ),
        TemplateColumn(
            "household",
            ("世帯構成", "世帯", "家族構成", "household", "household type"),
            sf.household,
            _HOUSEHOLD,
            required=False,
        ),
        TemplateColumn(
            "comment",
            ("自由意見", "ご意見", "自由記述", "コメント", "comment", "comments"),
            scrubbed_text,
            pl.String(),
            required=False,
        ),
    ),
    natural_key=("survey_name", "respondent_key"),
)


def looks_like(text_head: str) -> bool:
    return _looks_like(TEMPLATE, text_head)


def _multi(cells: list[str], at: int | None, options: dict[int, str]) -> list[str]:
    chosen = sf.split_options(cells[at]) if at is not None else []
    for position, option in options.items():
        try:
            if sf.selected(cells[position], option):
                chosen.append(option)
        except ValueError as error:
            raise _CellError(position, str(error)) from None
    return list(dict.fromkeys(chosen))


class _CellError(ValueError):
    def __init__(self, position: int, reason: str):
        super().__init__(reason)
        self.position = position


def read(path: Path, key: str | None = None) -> ReadResult:
    """Read the microdata; `key` (default: $CIVICPULSE_PSEUDONYM_KEY) keys the respondent hash."""
    key = key if key is not None else os.environ.get(KEY_ENV, "")
    if not key:
        raise IngestError(
            str(path),
            f"{KEY_ENV} is not set: survey respondent ids are pseudonymised at ingest with the "
            "installation's key (civicpulse sets it from CIVICPULSE_HOME/secrets/pseudonym.key)",
        )
    data = path.read_bytes()
    base = read_template(TEMPLATE, path, data)
    rows = read_rows(decode_text(data))
    header_at = next(i for i, (_, cells) in enumerate(rows[:10]) if TEMPLATE.header_matches(cells))
    header = rows[header_at][1]
    channels_at, channel_options = sf.option_columns(header, sf.CHANNEL_PREFIXES)
    if channels_at is None and not channel_options:
        raise IngestError(
            str(path),
            "the channels question is missing: a column 情報入手手段 listing the options, or "
            "one 0/1 column per option such as 情報入手手段_LINE",
            line=rows[header_at][0],
        )
    topics_at, topic_options = sf.option_columns(header, sf.TOPIC_PREFIXES)
    id_keys = {header_key(alias) for alias in TEMPLATE.aliases()["respondent_id"]}
    id_at = next(i for i, cell in enumerate(header) if header_key(cell) in id_keys)
    cells_by_line = dict(rows[header_at + 1 :])

    def safe_raw(line: int) -> str:
        cells = list(cells_by_line.get(line, []))
        if id_at < len(cells):
            cells[id_at] = keyed_hash(identifier(cells[id_at]) or "", key)
        return scrub_pii(",".join(cells)) or ""

    rejects = [Reject(r.line, r.column, r.reason, safe_raw(r.line)) for r in base.rejects]
    frame = unnest_structs(base.frame)
    extra: dict[str, list[object]] = {"respondent_key": [], "channels": [], "topics": []}
    keep: list[bool] = []
    seen: set[tuple[object, str]] = set()
    for line, survey_name, respondent_id in frame.select(
        "_row_number", "survey_name", "respondent_id"
    ).iter_rows():
        cells = cells_by_line[line]
        hashed = keyed_hash(str(respondent_id), key)
        try:
            channels = sorted(
                {sf.channel_code(o) or "other" for o in _multi(cells, channels_at, channel_options)}
            )
            topics = _multi(cells, topics_at, topic_options)
        except _CellError as error:
            rejects.append(Reject(line, header[error.position], str(error), safe_raw(line)))
            keep.append(False)
            continue
        if (survey_name, hashed) in seen:
            reason = "duplicate respondent id in this survey"
            rejects.append(Reject(line, header[id_at], reason, safe_raw(line)))
            keep.append(False)
            continue
        seen.add((survey_name, hashed))
        keep.append(True)
        extra["respondent_key"].append(hashed)
        extra["channels"].append("|".join(channels) or None)
        extra["topics"].append("|".join(topics) or None)
    frame = frame.filter(pl.Series(keep, dtype=pl.Boolean)).drop("respondent_id")
    frame = frame.with_columns(
        pl.Series("respondent_key", extra["respondent_key"], dtype=pl.String()),
        pl.Series("channels", extra["channels"], dtype=pl.String()),
        pl.Series("topics", extra["topics"], dtype=pl.String()),
    )
    return ReadResult(
        TEMPLATE.source,
        TEMPLATE.entity,
        frame.select(_COLUMNS),
        TEMPLATE.natural_key,
        base.rows_in,
        sorted(rejects, key=lambda r: r.line),
    )


def empty() -> ReadResult:
    frame = (
        empty_flat(TEMPLATE)
        .frame.drop("respondent_id")
        .with_columns(
            pl.lit(None, pl.String()).alias(name)
            for name in ("respondent_key", "channels", "topics")
        )
    )
    return ReadResult(
        TEMPLATE.source, TEMPLATE.entity, frame.select(_COLUMNS), TEMPLATE.natural_key, 0
    )


_COLUMNS = [
    "survey_name",
    "respondent_key",
    "response_date",
    "age_band",
    "age_lower",
    "age_upper",
    "sex",
    "town_name",
    "town_key",
    "household_type",
    "household_type_name",
    "channels",
    "topics",
    "comment",
    "_row_number",
]

READER = Reader(
    "survey",
    "市民意識調査 microdata template (調査名, 回答者ID, 年齢, 性別, 居住地区, 情報入手手段)",
    looks_like,
    read,
    empty,
    priority=240,
)
