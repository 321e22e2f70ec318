"""Yahoo! 広告 report reader: golden tests on small reports written here, one per quirk."""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
from pathlib import Path

import pytest

from ingest import registry, yahoo_ads_report
from ingest.errors import IngestError
from tests.conftest import e_applications_csv, google_ads_ja_report

HEADER = ["日", "キャンペーン名", "キャンペーンID", "デバイス", "インプレッション数"]
HEADER += ["クリック数", "クリック率", "コスト", "コンバージョン数"]
ROWS = [
    [
        "2025/04/01",
        "マイナンバー",
        "101",
        "スマートフォン",
        "1,200",
        "30",
        "2.50%",
        "3,000",
        "1.50",
    ],
    ["2025/04/01", "マイナンバー", "101", "PC", "400", "10", "2.50%", "1,100", "0.00"],
    ["2025/04/02", "防災メール", "102", "タブレット", "100", "--", "< 10%", "200", "--"],
]
TOTAL = ["合計", "--", "--", "--", "1,700", "40", "2.35%", "4,300", "1.50"]
TITLE = "検索広告 キャンペーンレポート"
PERIOD = "集計期間：2025/04/01～2025/04/30"


def report(
    rows: list[list[str]] = ROWS,
    total: list[str] | None = TOTAL,
    *,
    header: list[str] = HEADER,
    preamble: tuple[str, ...] = (TITLE, PERIOD),
    encoding: str = "cp932",
    newline: str = "\r\n",
    delimiter: str = ",",
) -> bytes:
    """A report as the 広告管理ツール downloads it (title, period, header, rows, 合計)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator=newline)
    writer.writerows([[line] for line in preamble] + [header, *rows] + ([total] if total else []))
    text = buffer.getvalue()
    boms = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE}
    return boms.get(encoding, b"") + text.encode(encoding)


def write(tmp_path: Path, data: bytes, name: str = "report.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("encoding", ["cp932", "utf-8", "utf-8-sig", "utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("newline", ["\r\n", "\n"])
def test_every_encoding_and_line_ending(tmp_path: Path, encoding: str, newline: str) -> None:
    delimiter = "\t" if encoding.startswith("utf-16") else ","
    data = report(encoding=encoding, newline=newline, delimiter=delimiter)
    path = write(tmp_path, data)
    assert registry.detect(path).name == "yahoo_ads"
    result = yahoo_ads_report.read(path)
    frame = result.frame
    assert result.table == "yahoo_ads__performance_report" and not result.rejects
    assert frame["impressions"].to_list() == [1200, 400, 100]
    assert frame["clicks"].to_list() == [30, 10, None]
    assert frame["cost"].to_list() == [3000.0, 1100.0, 200.0]
    assert frame["conversions"].to_list() == [1.5, 0.0, None]
    assert frame["day"].to_list() == [dt.date(2025, 4, 1)] * 2 + [dt.date(2025, 4, 2)]
    assert frame["device"].to_list() == ["スマートフォン", "PC", "タブレット"]
    assert frame["_row_number"].to_list() == [4, 5, 6]
    assert set(frame["ad_network"]) == {"search"}
    assert set(frame["report_start_date"]) == {dt.date(2025, 4, 1)}
    assert set(frame["report_end_date"]) == {dt.date(2025, 4, 30)}
    assert frame["period_start_date"].to_list() == frame["day"].to_list()


def test_rates_and_bounds_stay_text(tmp_path: Path) -> None:
    frame = yahoo_ads_report.read(write(tmp_path, report())).frame
    assert frame["ctr"].to_list() == ["2.50%", "2.50%", "< 10%"]


def test_total_row_mismatch_means_truncated(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match="合計 row says 1,700"):
        yahoo_ads_report.read(write(tmp_path, report(ROWS[:2])))


def test_download_without_total_row_is_refused(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match="no 合計"):
        yahoo_ads_report.read(write(tmp_path, report(total=None)))


def test_file_without_preamble_needs_no_total_row(tmp_path: Path) -> None:
    """API-style CSVs (header on line 1) have no 合計 row; nothing to check."""
    result = yahoo_ads_report.read(write(tmp_path, report(total=None, preamble=())))
    assert result.frame.height == 3 and result.frame["_row_number"][0] == 2
    assert result.frame["ad_network"][0] is None and result.frame["report_start_date"][0] is None


def test_display_report_with_ad_groups_and_video(tmp_path: Path) -> None:
    header = ["日", "キャンペーン名", "広告グループ名", "デバイス", "インプレッション数"]
    header += ["クリック数", "コスト", "動画の再生数"]
    rows = [
        ["2025-04-01", "観光PR", "動画_全年齢", "スマートフォン", "5000", "12", "900", "300"],
        ["2025-04-01", "観光PR", "静止画", "PC", "800", "2", "100", "--"],
    ]
    total = ["合計", "", "", "", "5800", "14", "1000", "300"]
    # No network in the title: the display-only column 動画の再生数 tells.
    data = report(
        rows, total, header=header, preamble=("広告グループレポート",), encoding="utf-8-sig"
    )
    frame = yahoo_ads_report.read(write(tmp_path, data)).frame
    assert set(frame["ad_network"]) == {"display"}
    assert frame["ad_group_name"].to_list() == ["動画_全年齢", "静止画"]
    assert frame["video_views"].to_list() == [300, None]


def test_title_names_the_network(tmp_path: Path) -> None:
    data = report(preamble=("ディスプレイ広告（運用型） キャンペーンレポート", PERIOD))
    assert set(yahoo_ads_report.read(write(tmp_path, data)).frame["ad_network"]) == {"display"}


def test_english_headers_and_api_names(tmp_path: Path) -> None:
    header = ["Day", "CAMPAIGN_NAME", "Device", "IMPS", "Clicks", "Cost", "Conversions"]
    rows = [["Apr 1, 2025", "Tourism", "Smartphone", "1,000", "5", "500", "0"]]
    data = report(
        rows,
        ["Total", "", "", "1,000", "5", "500", "0"],
        header=header,
        preamble=("Campaign report (Search ads)", "2025/04/01 - 2025/04/30"),
        encoding="utf-8",
    )
    frame = yahoo_ads_report.read(write(tmp_path, data)).frame
    assert frame["campaign_name"].to_list() == ["Tourism"] and frame["impressions"][0] == 1000
    assert frame["day"][0] == dt.date(2025, 4, 1) and frame["ad_network"][0] == "search"


def test_header_lookalikes_and_quoted_newlines(tmp_path: Path) -> None:
    # U+2015 written for ー, full-width ＩＤ, spaces, a header broken over two lines in quotes.
    header = ["日", "キャンペ\u2015ン名", "キャンペーンＩＤ", "デバイス", " インプレッション数 "]
    header += ["クリック数", "クリック率", "コスト", "コンバ\u2015ジョン\n数"]
    rows = [[*ROWS[0][:1], "改行\nのある名前", *ROWS[0][2:]], *ROWS[1:]]
    result = yahoo_ads_report.read(write(tmp_path, report(rows, header=header)))
    assert not result.rejects
    frame = result.frame
    assert frame["campaign_name"][0] == "改行\nのある名前"
    assert frame["campaign_id"][0] == "101" and frame["conversions"][0] == 1.5
    assert frame["_row_number"].to_list() == [5, 7, 8]  # header spans lines 3-4, row 1 lines 5-6


@pytest.mark.parametrize(
    "day", ["2025/04/01", "2025-04-01", "20250401", "令和7年4月1日", "4/1/2025", "Apr 1, 2025"]
)
def test_date_forms(tmp_path: Path, day: str) -> None:
    rows = [[day, *ROWS[0][1:]], *ROWS[1:]]
    assert yahoo_ads_report.read(write(tmp_path, report(rows))).frame["day"][0] == dt.date(
        2025, 4, 1
    )


def test_full_width_digits_and_thousands(tmp_path: Path) -> None:
    rows = [[*ROWS[0][:4], "１，２００", "３０", "2.50%", "３０００", "1.5"], *ROWS[1:]]
    frame = yahoo_ads_report.read(write(tmp_path, report(rows))).frame
    assert frame["impressions"][0] == 1200 and frame["cost"][0] == 3000.0
    assert frame["clicks"][0] == 30


@pytest.mark.parametrize("name", ["=cmd|' /C calc'!A0", "+81 観光", "@SUM(A1)", "-10 キャンペーン"])
def test_formula_like_cells_are_kept_verbatim(tmp_path: Path, name: str) -> None:
    rows = [[ROWS[0][0], name, *ROWS[0][2:]], *ROWS[1:]]
    assert yahoo_ads_report.read(write(tmp_path, report(rows))).frame["campaign_name"][0] == name


def test_negative_and_unreadable_cells_are_rejected(tmp_path: Path) -> None:
    rows = [
        ROWS[0],
        [*ROWS[1][:7], "-1,100", ROWS[1][8]],
        [*ROWS[2][:4], "=1+2", *ROWS[2][5:]],
        ["2025/04/31", *ROWS[0][1:]],
    ]
    result = yahoo_ads_report.read(write(tmp_path, report(rows, total=None, preamble=())))
    assert result.frame.height == 1 and result.rows_in == 4
    assert [(r.line, r.column) for r in result.rejects] == [
        (3, "コスト"),
        (4, "インプレッション数"),
        (5, "日"),
    ]
    assert "never negative" in result.rejects[0].reason


def test_short_row_is_rejected_not_fatal(tmp_path: Path) -> None:
    rows = [*ROWS, ["2025/04/03", "途中で"]]
    result = yahoo_ads_report.read(write(tmp_path, report(rows, total=None, preamble=())))
    assert result.rejects[0].line == 5 and "expected 9 cells" in result.rejects[0].reason


def test_duplicated_column_is_refused(tmp_path: Path) -> None:
    header = [*HEADER[:-1], "コスト"]
    with pytest.raises(IngestError, match="appears twice"):
        yahoo_ads_report.read(write(tmp_path, report(header=header, total=None, preamble=())))


def test_not_a_yahoo_report(tmp_path: Path) -> None:
    google = google_ads_ja_report(
        ["有効\tA\t検索\t2025-04-01\t携帯電話\tJPY\t1\t1\t1\t0\t --"], None
    )
    meta = "Campaign name,Reporting starts,Reporting ends,Impressions,Cost,Amount spent (JPY)\n"
    for data in (
        google,
        e_applications_csv(["2025/04/01,P001,a,1,1"]),
        meta.encode(),
        b"a,b\n1,2\n",
    ):
        assert not yahoo_ads_report.looks_like(registry.head_text(write(tmp_path, data)))
    with pytest.raises(IngestError, match="no header row"):
        yahoo_ads_report.read(write(tmp_path, b"a,b\n1,2\n"))


def test_range_only_report_keys_on_the_period(tmp_path: Path) -> None:
    header = ["キャンペーン名", "インプレッション数", "クリック数", "コスト"]
    data = report([["A", "10", "1", "5"]], ["合計", "10", "1", "5"], header=header)
    result = yahoo_ads_report.read(write(tmp_path, data))
    row = result.frame.row(0, named=True)
    assert row["day"] is None and row["device"] is None
    assert (row["period_start_date"], row["period_end_date"]) == (
        dt.date(2025, 4, 1),
        dt.date(2025, 4, 30),
    )
    assert set(result.natural_key) <= set(result.frame.columns)


def test_empty_has_the_read_schema(tmp_path: Path) -> None:
    read = yahoo_ads_report.read(write(tmp_path, report())).frame
    assert yahoo_ads_report.empty().frame.schema == read.schema
