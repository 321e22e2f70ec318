"""Exports (CSV for Excel, xlsx), formula escaping and small-cell suppression."""

from __future__ import annotations

import base64
import csv
import io
from datetime import date
from decimal import Decimal

import polars as pl
import pytest
from openpyxl import load_workbook

from dashboards import tables
from dashboards.exports import (
    ExportTable,
    download,
    escape_cell,
    file_name,
    to_csv,
    to_xlsx,
)
from dashboards.suppression import (
    Suppressed,
    mask_frame,
    shown_count,
    suppress_rows,
    suppressed_mask,
)

HOSTILE = ["=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1)", "\tTAB", "\rCR"]
TABLE = ExportTable(
    name="test",
    title="キャンペーン別",
    headers=["キャンペーン", "広告費", "日付", "件数"],
    rows=[
        ["マイナンバーカード申請促進", Decimal("9367.50"), date(2025, 4, 1), 24],
        ['カンマ, と "引用" と\n改行', -12.5, None, Suppressed(10)],
        *([name, 0, None, 0] for name in HOSTILE),
    ],
    notes=["期間: 2025年4月1日 ～ 2025年4月3日", "=not a formula"],
)


def test_escape_cell():
    for text in HOSTILE:
        assert escape_cell(text) == "'" + text
    assert escape_cell("普通の文字") == "普通の文字"
    assert escape_cell(-5) == -5 and escape_cell(Decimal("-1.5")) == Decimal("-1.5")
    assert escape_cell(Suppressed(10)) == "<10"


def test_csv_opens_in_excel_bom_crlf_and_escaped():
    raw = to_csv(TABLE)
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: Excel reads Japanese correctly
    body = raw[3:].decode("utf-8")
    assert body.startswith("キャンペーン,広告費,日付,件数\r\n")
    assert body.count("\n") == body.count("\r\n") + 1  # CRLF, plus the one quoted newline
    rows = list(csv.reader(io.StringIO(body, newline="")))
    assert rows[1] == ["マイナンバーカード申請促進", "9367.50", "2025-04-01", "24"]
    assert rows[2] == ['カンマ, と "引用" と\n改行', "-12.5", "", "<10"]
    assert [row[0] for row in rows[3:-1]] == ["'" + text for text in HOSTILE[:-1]]
    assert body.endswith('"\'\rCR",0,,0\r\n')


def test_xlsx_keeps_numbers_and_never_makes_formulas():
    book = load_workbook(io.BytesIO(to_xlsx(TABLE)))
    sheet = book["キャンペーン別"]
    assert [c.value for c in sheet[1]] == TABLE.headers
    assert sheet["B2"].value == pytest.approx(9367.5) and sheet["D2"].value == 24
    assert sheet["C2"].value.date() == date(2025, 4, 1)
    assert sheet["B3"].value == -12.5 and sheet["D3"].value == "<10"
    for row, text in enumerate(HOSTILE, start=4):
        cell = sheet.cell(row=row, column=1)
        # (XML turns a bare CR into LF; what matters is the leading apostrophe)
        assert cell.value == "'" + text.replace("\r", "\n") and cell.data_type == "s"
    notes = book["注記"]
    assert notes["A1"].value.startswith("期間") and notes["A2"].value == "'=not a formula"


def test_file_names_are_ascii():
    assert file_name("ad spend/日本", "csv", date(2025, 4, 1)) == (
        "civicpulse_ad-spend_2025-04-01.csv"
    )
    data = download(TABLE, "csv", "x")
    assert data["base64"] and data["filename"] == "civicpulse_test_x.csv"
    assert base64.b64decode(data["content"]) == to_csv(TABLE)
    assert download(TABLE, "xlsx")["type"].endswith("spreadsheetml.sheet")
    with pytest.raises(ValueError, match="csv"):
        download(TABLE, "pdf")


def test_primary_and_complementary_suppression():
    assert suppressed_mask([100, 5, 200, 50], 10) == [False, True, False, True]
    assert suppressed_mask([100, 5, 3, 50], 10) == [False, True, True, False]
    assert suppressed_mask([0, 0, 100], 10) == [False, False, False]  # zero is shown
    assert suppressed_mask([5], 10) == [True]
    assert suppressed_mask([5, 0], 10) == [True, False]  # nothing positive to add
    assert suppressed_mask([9, 10, 11], 1) == [False, False, False]  # threshold 1 = off
    assert suppressed_mask([None, 4, 12], 10) == [False, True, True]


def test_suppress_rows_hides_derived_values():
    rows = [
        {"day": "a", "online": 40, "counter": 3, "share": 0.93},
        {"day": "b", "online": 50, "counter": 60, "share": 0.45},
        {"day": "c", "online": 70, "counter": 80, "share": 0.47},
    ]
    shown = suppress_rows(rows, ["online", "counter"], 10, {"share": ["online", "counter"]})
    assert shown[0]["counter"] == Suppressed(10) and str(shown[0]["counter"]) == "<10"
    assert shown[1]["counter"] == Suppressed(10)  # complementary: next smallest
    assert shown[0]["share"] == Suppressed(10) and shown[1]["share"] == Suppressed(10)
    assert shown[2] == rows[2] and rows[0]["counter"] == 3  # input untouched


def test_mask_frame_per_series():
    frame = pl.DataFrame(
        {
            "channel": ["Email", "Email", "Email", "Direct", "Direct"],
            "sessions": [3, 40, 50, 500, 600],
        }
    )
    masked = mask_frame(frame, ["sessions"], 10, ["channel"])
    assert masked["sessions"].to_list() == [None, None, 50, 500, 600]
    assert mask_frame(frame.clear(), ["sessions"], 10).is_empty()
    assert shown_count(4, 10) == Suppressed(10) and shown_count(12, 10) == 12


def test_table_data_shows_and_exports_the_same_rows():
    table = tables.build(
        "t",
        "表",
        [
            tables.Column("name", "table.campaign", tables.TEXT),
            tables.Column("n", "campaigns.conversions", tables.NUMBER),
            tables.Column("cpa", "campaigns.cost_per_conversion", tables.YEN),
        ],
        [
            {"name": "a", "n": 2.0, "cpa": 150.0},
            {"name": "b", "n": 24.5, "cpa": 12.34},
            {"name": "c", "n": 30.0, "cpa": 10.0},
            {"name": "d", "n": 4.0, "cpa": 75.0},
        ],
        threshold=10,
        counts=["n"],
        derived={"cpa": ["n"]},
    )
    assert table.suppressed
    assert table.display_rows() == [
        ["a", "<10", "—"],
        ["b", "24.50", "¥12"],
        ["c", "30", "¥10"],
        ["d", "<10", "—"],
    ]
    exported = table.export("en")
    assert exported.headers == ["Campaign", "Conversions", "Cost per conversion"]
    assert exported.rows[:2] == [["a", Suppressed(10), None], ["b", 24.5, 12.34]]
    assert exported.notes_title == "Notes"


def test_long_tables_show_their_first_rows_and_export_all():
    rows = [{"day": date(2025, 4, 1), "n": i} for i in range(tables.SHOWN_ROWS + 250)]
    columns = [
        tables.Column("day", "table.date", tables.DATE),
        tables.Column("n", "table.clicks", tables.INT),
    ]
    table = tables.build("daily", "日別", columns, rows, threshold=1)
    shown = table.component("ja").to_plotly_json()["props"]["children"]
    caption, body = shown[0].children, shown[2].children
    assert len(body) == tables.SHOWN_ROWS
    assert "450" in caption and "200" in caption and caption.startswith("日別")
    assert len(table.export("ja").rows) == tables.SHOWN_ROWS + 250
    short = tables.build("daily", "日別", columns, rows[:3], threshold=1)
    assert short.component("en").to_plotly_json()["props"]["children"][0].children == "日別"
