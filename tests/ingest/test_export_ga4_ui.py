import csv
import datetime as dt
import io
from pathlib import Path

import pytest

from ingest import export_ga4_ui as ga4_ui
from ingest import registry
from ingest.errors import IngestError
from tests.ingest.export_quirks import ENCODINGS, NEWLINES, head, lookalike, write

PREAMBLE = "\n".join(
    [
        "# ----------------------------------------",
        "# ページとスクリーン: ページ タイトルとスクリーン クラス",
        "# アカウント: みどり市",
        "# プロパティ: みどり市公式ウェブサイト - GA4",
        "# ----------------------------------------",
        "# ",  # GA4 writes this line with a trailing space
        "# すべてのユーザー",
        "# 開始日: 20250401",
        "# 終了日: 20260331",
        "",
    ]
)
HEADER = (
    "ページ タイトルとスクリーン クラス,表示回数,アクティブ ユーザー,"
    "アクティブ ユーザーあたりのビュー,アクティブ ユーザーあたりの平均エンゲージメント時間,"
    "イベント数,キーイベント,合計収益"
)
ROWS = [
    "トップページ | みどり市,445860,328854,1.3557,77.76,1421686,0,0",
    '"ごみ・リサイクル | みどり市","1,234",１０００,1.234,1m 5s,4000,3.5,0',
    "防災 | みどり市,10,--,,,30,,",
]


def pages_file(rows: list[str] = ROWS, header: str = HEADER) -> str:
    return PREAMBLE + header + "\n" + "\n".join(rows) + "\n"


@pytest.mark.parametrize("encoding", ENCODINGS)
@pytest.mark.parametrize("newline", NEWLINES)
def test_japanese_pages_export_in_every_encoding(
    tmp_path: Path, encoding: str, newline: str
) -> None:
    path = write(tmp_path, pages_file(), encoding, newline)
    assert ga4_ui.looks_like(head(path)) and registry.detect(path).name == "ga4_ui"
    [result] = ga4_ui.read(path)
    frame = result.frame
    assert result.table == "ga4_ui__report_rows" and not result.rejects
    assert frame["dimension_1_name"].to_list() == ["page_title"] * 3
    assert frame["dimension_1_value"][1] == "ごみ・リサイクル | みどり市"
    # thousands separators, full-width digits, "--" and "" as missing, "1m 5s" durations
    assert frame["views"].to_list() == [445860, 1234, 10]
    assert frame["active_users"].to_list() == [328854, 1000, None]
    assert frame["average_engagement_time_sec"].to_list() == [77.76, 65.0, None]
    assert frame["key_events"].to_list() == [0.0, 3.5, None]
    assert frame["_row_number"].to_list() == [11, 12, 13]
    row = frame.row(0, named=True)
    assert row["report_name"] == "ページとスクリーン"
    assert (
        row["property"] == "みどり市公式ウェブサイト - GA4" and row["segment"] == "すべてのユーザー"
    )
    assert (row["start_date"], row["end_date"]) == (dt.date(2025, 4, 1), dt.date(2026, 3, 31))


def test_header_lookalikes_and_quoted_newline_in_header(tmp_path: Path) -> None:
    looks = lookalike(HEADER)
    assert "ユ\u2015ザ\u2015" in looks and "ＧＡ" not in looks
    header = looks.replace(" アクティブ ユ\u2015ザ\u2015  ,", '"アクティブ\nユ\u2015ザ\u2015",', 1)
    assert header.count("\n") == 1
    [result] = ga4_ui.read(write(tmp_path, pages_file(header=header)))
    assert result.frame["views"].to_list() == [445860, 1234, 10]
    assert result.frame["active_users"][0] == 328854
    assert result.frame["_row_number"][0] == 12  # the header took two physical lines


def test_reports_snapshot_is_split_into_one_result_per_table(tmp_path: Path) -> None:
    snapshot = PREAMBLE.replace(
        "ページとスクリーン: ページ タイトルとスクリーン クラス", "レポートのスナップショット"
    )
    text = (
        snapshot
        + "N 日目,アクティブ ユーザー\n0000,120\n0001,130\n\n"
        + snapshot
        + "セッションのデフォルト チャネル グループ,セッション\nOrganic Search,500\nDirect,200\n"
        + "\n国,アクティブ ユーザー,新規ユーザー数\n日本,300,100\nベトナム,5,2\n"
    )
    results = ga4_ui.read(write(tmp_path, text))
    assert len(results) == 3
    first, second, third = (r.frame for r in results)
    assert first["activity_date"].to_list() == [dt.date(2025, 4, 1), dt.date(2025, 4, 2)]
    assert first["dimension_1_name"].to_list() == [None, None]
    assert second["dimension_1_name"][0] == "session_default_channel_group"
    assert second["sessions"].to_list() == [500, 200]
    assert third["dimension_1_name"][0] == "country" and third["new_users"].sum() == 102
    assert [f["table_index"][0] for f in (first, second, third)] == [1, 2, 3]
    assert third["_row_number"].to_list() == [28, 29]
    # Each result has its own natural key values: loading them together never collides.
    assert all(r.natural_key == ga4_ui.KEY for r in results)


def test_total_row_is_dropped_and_checked(tmp_path: Path) -> None:
    rows = ["合計,445880,328854,1,1,1425716,0,0", *ROWS[:1], "防災 | みどり市,20,5,,,30,,"]
    [result] = ga4_ui.read(write(tmp_path, pages_file(rows)))
    assert result.frame.height == 2 and result.frame["views"].sum() == 445880
    rows = ["Total,100,1,1,1,1,0,0", *ROWS[:1]]
    with pytest.raises(IngestError, match="more than its Total row"):
        ga4_ui.read(write(tmp_path, pages_file(rows)))


def test_bad_rows_are_rejected_with_line_and_column(tmp_path: Path) -> None:
    rows = [*ROWS, "マイナス | みどり市,-5,1,1,1,1,0,0", "壊れた行,1,2"]
    [result] = ga4_ui.read(write(tmp_path, pages_file(rows)))
    assert result.frame.height == 3
    assert [(r.line, r.column) for r in result.rejects] == [(14, "表示回数"), (15, None)]
    assert "negative" in result.rejects[0].reason


def test_formula_like_dimension_values_are_kept_verbatim(tmp_path: Path) -> None:
    rows = ["\"=cmd|' /C calc'!A0\",1,1,1,1,1,0,0", "+81 page,2,1,2,1,2,0,0", "@home,3,1,3,1,3,0,0"]
    [result] = ga4_ui.read(write(tmp_path, pages_file(rows)))
    assert result.frame["dimension_1_value"].to_list() == [
        "=cmd|' /C calc'!A0",
        "+81 page",
        "@home",
    ]


def test_rates_bounds_and_decimal_comma_locale(tmp_path: Path) -> None:
    header = "セッションのデフォルト チャネル グループ,セッション,エンゲージメント率"
    rows = ["Organic Search,500,52.5%", "Direct,200,< 10%", "Email,3,0.5"]
    [result] = ga4_ui.read(write(tmp_path, pages_file(rows, header)))
    assert result.frame["engagement_rate"].to_list() == [0.525, None, 0.5]
    assert result.frame["engagement_rate_bound"].to_list() == [None, "< 10%", None]
    rows = ['Organic Search,"1.500","52,5%"', 'Direct,200,"2,1%"']
    [result] = ga4_ui.read(write(tmp_path, pages_file(rows, header)))
    assert result.frame["sessions"].to_list() == [1500, 200]
    assert result.frame["engagement_rate"].to_list() == pytest.approx([0.525, 0.021])


def test_date_dimension_forms(tmp_path: Path) -> None:
    header = "日付,表示回数"
    rows = ["20250401,1", "2025/04/02,2", "令和7年4月3日,3", "Apr 4, 2025,4", "2025-02-30,5"]
    rows[3] = '"Apr 4, 2025",4'
    [result] = ga4_ui.read(write(tmp_path, pages_file(rows, header)))
    assert result.frame["activity_date"].to_list() == [dt.date(2025, 4, d) for d in (1, 2, 3, 4)]
    assert [r.line for r in result.rejects] == [15]


def test_not_a_ga4_ui_export(tmp_path: Path) -> None:
    for text in (
        "Page,Views\n/a,1\n",  # no preamble
        "# ----------------------------------------\n# note\nfoo,bar\n1,2\n",  # no metric
        "#LINK,,,\n#lang,ja,,\nman1,woman1\n1,2\n",  # open-data "#" metadata
    ):
        assert not ga4_ui.looks_like(head(write(tmp_path, text)))
    with pytest.raises(IngestError, match="no GA4 metric"):
        ga4_ui.read(write(tmp_path, PREAMBLE + "a,b\n1,2\n"))


def test_empty_has_the_full_schema() -> None:
    frame = ga4_ui.empty().frame
    assert frame.height == 0 and {"views", "activity_date", "table_index"} <= set(frame.columns)


def test_real_pages_and_screens_export(real_fixtures: Path) -> None:
    path = real_fixtures / "ga4" / "ui_pages_and_screens.csv"
    assert registry.detect(path).name == "ga4_ui"
    [result] = ga4_ui.read(path)
    assert not result.rejects
    # Independently of the reader: the lines after the "#" preamble.
    lines = path.read_text(encoding="utf-8").splitlines()
    body = [line for line in lines if not line.startswith("#")]
    rows = list(csv.DictReader(io.StringIO("\n".join(body))))
    frame = result.frame
    assert frame.height == len(rows) == 16
    assert frame["views"].sum() == sum(int(r["Views"]) for r in rows)
    assert frame["event_count"].sum() == sum(int(r["Event count"]) for r in rows)
    assert frame["dimension_1_value"].to_list() == [r["Page path and screen class"] for r in rows]
    assert frame["dimension_1_name"][0] == "page_path"
    assert frame["start_date"][0] == dt.date(2025, 1, 1)
    assert frame["property"][0] == "GA4 - awningdepot.co.uk"


def test_a_row_starting_with_hash_is_data(tmp_path: Path) -> None:
    rows = [ROWS[0], "#みどり市 キャンペーン | みどり市,5,1,5,1,5,0,0", "# 1 ranking,6,1,6,1,6,0,0"]
    [result] = ga4_ui.read(write(tmp_path, pages_file(rows)))
    assert result.frame["dimension_1_value"].to_list()[1:] == [
        "#みどり市 キャンペーン | みどり市",
        "# 1 ranking",
    ]
