"""Meta Ads Manager export reader: golden tests on small exports written here, one per quirk."""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
from pathlib import Path

import pytest

from ingest import meta_ads_report, registry
from ingest.errors import IngestError
from tests.conftest import e_applications_csv, google_ads_ja_report

JA_HEADER = ["レポート開始日", "レポート終了日", "キャンペーン名", "広告セット名", "日"]
JA_HEADER += [
    "インプレッション",
    "リーチ",
    "リンクのクリック",
    "消化金額 (JPY)",
    "結果",
    "ThruPlay数",
]
EN_HEADER = ["Reporting starts", "Reporting ends", "Campaign name", "Ad set name", "Day"]
EN_HEADER += ["Impressions", "Reach", "Link clicks", "Amount spent (JPY)", "Results", "ThruPlays"]
SUMMARY = ["2025-04-01", "2025-04-30", "", "", "", "13,000", "6,000", "130", "3,300", "", ""]
ROWS = [
    ["2025-04-01", "2025-04-01", "子育てアプリ", "市内在住", "2025-04-01"]
    + ["10,000", "4,000", "100", "2,500", "100", ""],
    ["2025-04-02", "2025-04-02", "子育てアプリ", "市内在住", "2025-04-02"]
    + ["3,000", "2,500", "30", "800", "30", ""],
]


def export(
    rows: list[list[str]] = ROWS,
    summary: list[str] | None = SUMMARY,
    *,
    header: list[str] = JA_HEADER,
    encoding: str = "utf-8-sig",
    newline: str = "\r\n",
    delimiter: str = ",",
) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator=newline)
    writer.writerows([header, *([summary] if summary else []), *rows])
    boms = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE}
    return boms.get(encoding, b"") + buffer.getvalue().encode(encoding)


def write(tmp_path: Path, data: bytes, name: str = "export.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp932", "utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("newline", ["\r\n", "\n"])
def test_every_encoding_and_line_ending(tmp_path: Path, encoding: str, newline: str) -> None:
    delimiter = "\t" if encoding.startswith("utf-16") else ","
    path = write(tmp_path, export(encoding=encoding, newline=newline, delimiter=delimiter))
    assert registry.detect(path).name == "meta_ads"
    result = meta_ads_report.read(path)
    frame = result.frame
    assert result.table == "meta_ads__ads_manager_report" and not result.rejects
    assert result.rows_in == 2  # the summary row is checked, not loaded
    assert frame["impressions"].to_list() == [10000, 3000]
    assert frame["reach"].to_list() == [4000, 2500]  # per row, as Meta reported it
    assert frame["link_clicks"].to_list() == [100, 30]
    assert frame["amount_spent"].to_list() == [2500.0, 800.0]
    assert frame["currency_code"].to_list() == ["JPY", "JPY"]
    assert frame["day"].to_list() == [dt.date(2025, 4, 1), dt.date(2025, 4, 2)]
    assert frame["period_start_date"].to_list() == frame["period_end_date"].to_list()
    assert frame["thruplays"].to_list() == [None, None]
    assert frame["_row_number"].to_list() == [3, 4]


def test_english_export_without_summary_or_day_column(tmp_path: Path) -> None:
    header = [h for h in EN_HEADER if h != "Day"]
    rows = [[*r[:4], *r[5:]] for r in ROWS]
    frame = meta_ads_report.read(write(tmp_path, export(rows, None, header=header))).frame
    assert frame["campaign_name"].to_list() == ["子育てアプリ"] * 2
    assert frame["day"].to_list() == [None, None]
    assert frame["period_start_date"].to_list() == [dt.date(2025, 4, 1), dt.date(2025, 4, 2)]


def test_no_data_available_loads_zero_rows(tmp_path: Path) -> None:
    for data in (
        b"No data available.\r\n",
        b'"No data available."',
        b"\xef\xbb\xbfNo data available.",
    ):
        path = write(tmp_path, data)
        assert registry.detect(path).name == "meta_ads"
        result = registry.read(path)[0]
        assert result.frame.height == 0 and result.rows_in == 0 and not result.rejects
        assert result.frame.schema == meta_ads_report.empty().frame.schema
    under_header = ",".join(EN_HEADER) + "\nNo data available.\n"
    assert meta_ads_report.read(write(tmp_path, under_header.encode())).frame.height == 0


def test_summary_mismatch_means_truncated(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match="summary row says 13,000"):
        meta_ads_report.read(write(tmp_path, export(ROWS[:1])))


def test_reach_is_not_checked_against_the_summary(tmp_path: Path) -> None:
    """The summary's reach is de-duplicated people: less than the sum of the rows."""
    summary = [*SUMMARY[:6], "5,100", *SUMMARY[7:]]
    assert meta_ads_report.read(write(tmp_path, export(summary=summary))).frame.height == 2


def test_currency_from_header_or_column(tmp_path: Path) -> None:
    header = [*EN_HEADER[:8], "Amount spent (USD)", *EN_HEADER[9:]]
    frame = meta_ads_report.read(write(tmp_path, export(header=header, summary=None))).frame
    assert set(frame["currency_code"]) == {"USD"}
    header = [*JA_HEADER[:8], "消化金額（JPY）", *JA_HEADER[9:]]  # full-width parentheses
    assert set(
        meta_ads_report.read(write(tmp_path, export(header=header))).frame["currency_code"]
    ) == {"JPY"}


def test_header_lookalikes_and_quoted_newlines(tmp_path: Path) -> None:
    header = [*JA_HEADER]
    header[2] = "キャンペ\u2015ン名"  # U+2015 for ー
    header[5] = " インプレッション "
    header[7] = "リンクの\nクリック"
    rows = [[*ROWS[0][:2], "改行\nあり", *ROWS[0][3:]], ROWS[1]]
    result = meta_ads_report.read(write(tmp_path, export(rows, header=header)))
    assert not result.rejects
    assert result.frame["campaign_name"][0] == "改行\nあり"
    assert result.frame["link_clicks"].to_list() == [100, 30]
    assert result.frame["_row_number"].to_list() == [4, 6]


@pytest.mark.parametrize(
    "day", ["2025/04/01", "2025-04-01", "20250401", "令和7年4月1日", "4/1/2025", "Apr 1, 2025"]
)
def test_date_forms(tmp_path: Path, day: str) -> None:
    rows = [[day, day, *ROWS[0][2:4], day, *ROWS[0][5:]], ROWS[1]]
    frame = meta_ads_report.read(write(tmp_path, export(rows))).frame
    assert frame["day"][0] == dt.date(2025, 4, 1) == frame["reporting_starts"][0]


def test_numbers_full_width_placeholders_and_no_decimal_comma(tmp_path: Path) -> None:
    rows = [[*ROWS[0][:5], "１０，０００", "--", "-", "2,500", "", ""], ROWS[1]]
    frame = meta_ads_report.read(write(tmp_path, export(rows, None))).frame
    assert frame["impressions"][0] == 10000 and frame["reach"][0] is None
    assert frame["link_clicks"][0] is None
    assert frame["amount_spent"][0] == 2500.0  # "2,500" is thousands in a ja/en export


@pytest.mark.parametrize("name", ["=cmd|' /C calc'!A0", "+81 広告", "@SUM(A1)"])
def test_formula_like_cells_are_kept_verbatim(tmp_path: Path, name: str) -> None:
    rows = [[*ROWS[0][:2], name, *ROWS[0][3:]], ROWS[1]]
    assert meta_ads_report.read(write(tmp_path, export(rows))).frame["campaign_name"][0] == name


def test_negative_and_bad_cells_are_rejected(tmp_path: Path) -> None:
    rows = [
        ROWS[0],
        [*ROWS[1][:8], "-800", *ROWS[1][9:]],
        [*ROWS[1][:6], "< 1000", *ROWS[1][7:]],
        [*ROWS[1][:4], "2025-02-30", *ROWS[1][5:]],
        ["", "", "", "", "", "1", "1", "1", "1", "", ""],  # names empty after the first row
    ]
    result = meta_ads_report.read(write(tmp_path, export(rows, None)))
    assert result.frame.height == 1 and result.rows_in == 5
    assert [(r.line, r.column) for r in result.rejects] == [
        (3, "消化金額 (JPY)"),
        (4, "リーチ"),
        (5, "日"),
        (6, None),
    ]


def test_rows_without_any_date_are_rejected(tmp_path: Path) -> None:
    header = ["Campaign name", "Amount spent (JPY)", "Impressions", "Day"]
    rows = [["A", "100", "10", "2025-04-01"], ["B", "100", "10", ""]]
    result = meta_ads_report.read(write(tmp_path, export(rows, None, header=header)))
    assert result.frame["campaign_name"].to_list() == ["A"]
    assert result.rejects[0].line == 3 and "placed in time" in result.rejects[0].reason


def test_breakdowns_are_part_of_the_key(tmp_path: Path) -> None:
    header = [*EN_HEADER[:5], "Age", "Gender", *EN_HEADER[5:]]
    rows = [[*r[:5], "18-24", g, *r[5:]] for r in ROWS[:1] for g in ("female", "male")]
    result = meta_ads_report.read(write(tmp_path, export(rows, None, header=header)))
    assert result.frame["gender"].to_list() == ["female", "male"]
    assert {"age", "gender", "period_start_date"} <= set(result.natural_key)
    assert set(result.natural_key) <= set(result.frame.columns)


def test_not_a_meta_export(tmp_path: Path) -> None:
    google = google_ads_ja_report(
        ["有効\tA\t検索\t2025-04-01\t携帯電話\tJPY\t1\t1\t1\t0\t --"], None
    )
    yahoo = "日,キャンペーン名,インプレッション数,クリック数,コスト\n2025/04/01,A,1,1,1\n"
    insights = "日付,リーチ,インプレッション,エンゲージメント\n2025-04-01,1,2,3\n"
    for data in (
        google,
        yahoo.encode(),
        insights.encode(),
        e_applications_csv(["2025/04/01,P,a,1,1"]),
    ):
        assert not meta_ads_report.looks_like(registry.head_text(write(tmp_path, data)))
    assert not meta_ads_report.looks_like("No data available.\nsomething else\n")
    with pytest.raises(IngestError, match="No data available"):
        meta_ads_report.read(write(tmp_path, b"foo,bar\n1,2\n"))


def test_empty_has_the_read_schema(tmp_path: Path) -> None:
    frame = meta_ads_report.read(write(tmp_path, export())).frame
    assert meta_ads_report.empty().frame.schema == frame.schema
