"""Meta Ads Manager report exports (Facebook / Instagram ads): CSV as downloaded, or the .xlsx
export saved again as CSV; English or Japanese Ads Manager.

Quirks handled: a file that only says "No data available." (what Meta writes when the period
had no delivery) loads zero rows cleanly; the optional summary row (names empty, totals for the
whole range) is checked against the sum of the rows and not loaded; "Amount spent (JPY)" /
"消化金額 (JPY)" carries the account currency in the header; per-row "Reporting starts/ends"
with or without a Day column; breakdowns (age, gender, platform, placement, device, region).

Reach is unique people and is NOT additive: it is kept per row exactly as Meta reported it and
never summed here (not across days, ad sets or breakdowns); models must not sum it either.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import polars as pl

from ingest import report_table as rt
from ingest.errors import IngestError
from ingest.reader import Reader
from ingest.result import ReadResult, Reject
from ingest.text import decode_text, header_key, match_columns, read_rows

SOURCE = "meta_ads"
ENTITY = "ads_manager_report"

NO_DATA_TEXTS = ("no data available.", "no data available")

ALIASES: dict[str, tuple[str, ...]] = {
    "account_id": ("Account ID", "アカウントID"),
    "account_name": ("Account name", "アカウント名"),
    "campaign_id": ("Campaign ID", "キャンペーンID"),
    "campaign_name": ("Campaign name", "キャンペーン名"),
    "ad_set_id": ("Ad set ID", "広告セットID"),
    "ad_set_name": ("Ad set name", "広告セット名"),
    "ad_id": ("Ad ID", "広告ID"),
    "ad_name": ("Ad name", "広告名"),
    "day": ("Day", "日", "日付", "Date"),
    "reporting_starts": ("Reporting starts", "レポート開始日", "レポートの開始日"),
    "reporting_ends": ("Reporting ends", "レポート終了日", "レポートの終了日"),
    "delivery": ("Delivery", "配信", "配信状況"),
    "objective": ("Objective", "目的"),
    "age": ("Age", "年齢"),
    "gender": ("Gender", "性別"),
    "region": ("Region", "地域"),
    "platform": ("Platform", "プラットフォーム"),
    "placement": ("Placement", "配置"),
    "impression_device": ("Impression device", "インプレッションのデバイス"),
    "currency_code": ("Currency", "通貨"),
    "impressions": ("Impressions", "インプレッション", "インプレッション数"),
    "reach": ("Reach", "リーチ"),
    "frequency": ("Frequency", "フリークエンシー"),
    "link_clicks": ("Link clicks", "リンクのクリック", "リンクのクリック数"),
    "clicks_all": ("Clicks (all)", "クリック(すべて)", "クリック数(すべて)"),
    "amount_spent": ("Amount spent", "消化金額"),
    "results": ("Results", "結果"),
    "result_indicator": ("Result indicator", "結果インジケーター", "結果の指標"),
    "thruplays": ("ThruPlays", "ThruPlay", "ThruPlay数"),
    "video_plays": ("Video plays", "動画の再生数", "動画の再生"),
    "attribution_setting": ("Attribution setting", "アトリビューション設定"),
}
KNOWN: dict[str, str] = {
    **{name: rt.TEXT for name in ALIASES},
    "day": rt.DATE,
    "reporting_starts": rt.DATE,
    "reporting_ends": rt.DATE,
    "impressions": rt.COUNT,
    "reach": rt.COUNT,
    "link_clicks": rt.COUNT,
    "clicks_all": rt.COUNT,
    "thruplays": rt.COUNT,
    "video_plays": rt.COUNT,
    "frequency": rt.AMOUNT,
    "amount_spent": rt.AMOUNT,
    "results": rt.AMOUNT,
}
DERIVED: dict[str, pl.DataType] = {"period_start_date": pl.Date(), "period_end_date": pl.Date()}
NON_NEGATIVE = (
    "impressions",
    "reach",
    "link_clicks",
    "clicks_all",
    "thruplays",
    "video_plays",
    "amount_spent",
    "results",
)
_NAMES = ("campaign_name", "ad_set_name", "ad_name")
_BREAKDOWNS = ("age", "gender", "region", "platform", "placement", "impression_device")
NATURAL_KEY = (*_NAMES, "period_start_date", "period_end_date", *_BREAKDOWNS)
_TOTAL_CHECKED = ("impressions", "link_clicks", "amount_spent")
_MONEY = {header_key(a) for a in ("amount_spent", *ALIASES["amount_spent"])}
_CURRENCY_SUFFIX = re.compile(r"^(.*?)\s*\(([A-Za-z]{3})\)\s*$")


def _split_currency(cell: str) -> tuple[str, str | None]:
    """'Amount spent (JPY)' → ('Amount spent', 'JPY'); other headers unchanged."""
    text = unicodedata.normalize("NFKC", cell).strip()
    match = _CURRENCY_SUFFIX.match(text)
    if match and header_key(match[1]) in _MONEY:
        return match[1], match[2].upper()
    return cell.strip(), None


def _is_header(cells: list[str]) -> bool:
    keys = rt.keys_of(_split_currency(cell)[0] for cell in cells)
    if not keys & rt.alias_keys(ALIASES, "campaign_name", "ad_set_name", "ad_name"):
        return False
    return bool(keys & rt.alias_keys(ALIASES, "amount_spent", "reporting_starts", "reporting_ends"))


def _is_no_data(text: str) -> bool:
    """Only "No data available." (optionally under a Meta header line) and nothing else."""

    def is_note(line: str) -> bool:
        return line.strip().strip('",\t').strip().lower() in NO_DATA_TEXTS

    lines = [line for line in text.splitlines() if line.strip()]
    others = [line for line in lines if not is_note(line)]
    return len(others) < len(lines) and all(
        _is_header(cells) for _, cells in read_rows("\n".join(others))
    )


def looks_like(text_head: str) -> bool:
    return _is_no_data(text_head) or any(_is_header(c) for _, c in read_rows(text_head)[:10])


def read(path: Path, data: bytes | None = None) -> ReadResult:
    text = decode_text(path.read_bytes() if data is None else data)
    if _is_no_data(text):
        return empty()  # nothing delivered in the period: zero rows, recorded as a load
    rows = read_rows(text)
    header_at = next((i for i, (_, cells) in enumerate(rows[:10]) if _is_header(cells)), None)
    if header_at is None:
        raise IngestError(
            str(path),
            "no header row with Campaign name and Amount spent / Reporting starts "
            "(or キャンペーン名 and 消化金額 / レポート開始日), and not a 'No data available.' file",
        )
    header_line, raw_header = rows[header_at]
    header = [cell.strip() for cell in raw_header]
    split = [_split_currency(cell) for cell in header]
    mapping = match_columns([name for name, _ in split], ALIASES)
    header_currency = next((currency for _, currency in split if currency), None)
    duplicate = rt.duplicated_known(mapping, KNOWN)
    if duplicate:
        raise IngestError(str(path), f"column {duplicate!r} appears twice", line=header_line)
    name_positions = [p for p, n in mapping.items() if n in _NAMES]

    records: list[dict[str, object]] = []
    rejects: list[Reject] = []
    summary: dict[str, float | None] | None = None
    for line, cells in rows[header_at + 1 :]:
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(header):
            found = f"expected {len(header)} cells, found {len(cells)}"
            rejects.append(Reject(line, None, found, ",".join(cells)))
            continue
        if not any(cells[p].strip() for p in name_positions):
            # The summary row ("Results from N campaigns"): totals, not a campaign.
            if summary is None and not records:
                summary = rt.totals_from(cells, mapping, _TOTAL_CHECKED)
                continue
            rejects.append(Reject(line, None, "campaign, ad set and ad names are all empty", ""))
            continue
        record, problem = rt.parse_row(cells, header, mapping, KNOWN, NON_NEGATIVE)
        if problem is not None:
            rejects.append(Reject(line, problem[0], problem[1], ",".join(cells)))
            continue
        record["_row_number"] = line
        record["currency_code"] = record.get("currency_code") or header_currency
        day = record.get("day")
        record["period_start_date"] = day if day is not None else record.get("reporting_starts")
        record["period_end_date"] = day if day is not None else record.get("reporting_ends")
        if record["period_start_date"] is None or record["period_end_date"] is None:
            reason = "no Day and no Reporting starts/ends: the row cannot be placed in time"
            rejects.append(Reject(line, None, reason, ",".join(cells)))
            continue
        records.append(record)

    frame = rt.to_frame(records, rt.schema_for(KNOWN, mapping, DERIVED))
    if summary is not None and not rejects:
        # Meta sums exact spend and shows it rounded: allow half a unit per row.
        tolerance = {"amount_spent": 0.5 * max(frame.height, 1)}
        rt.check_totals(path, frame, summary, "summary", tolerance)
    return ReadResult(
        SOURCE, ENTITY, frame, NATURAL_KEY, rows_in=len(records) + len(rejects), rejects=rejects
    )


def empty() -> ReadResult:
    schema = rt.schema_for(KNOWN, {}, DERIVED)
    return ReadResult(SOURCE, ENTITY, pl.DataFrame(schema=schema), NATURAL_KEY, rows_in=0)


READER = Reader(
    "meta_ads",
    "Meta Ads Manager export (Campaign name, Amount spent (JPY), Reach …; ja/en), "
    "including 'No data available.' files",
    looks_like,
    read,
    empty,
    priority=30,
)
