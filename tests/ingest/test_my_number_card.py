import datetime as dt
from pathlib import Path

import pytest

from ingest import my_number_card, registry
from ingest.errors import IngestError
from ingest.text import decode_text
from tests.conftest import e_applications_csv
from tests.ingest.civic_quirks import ENCODINGS, encode, lookalike, write

HEADER = "日付,申請件数,うちオンライン申請,交付件数,累計交付枚数,人口"
ROWS = [
    '2025/04/01,52,30,"1,040","195,000","250,123"',
    "令和7年4月2日,４８,--,0,,",
    "R7.4.3,10,,5,-,",
]


@pytest.mark.parametrize("encoding", ENCODINGS)
@pytest.mark.parametrize("newline", ["\r\n", "\n"])
def test_every_encoding_and_line_ending(tmp_path: Path, encoding: str, newline: str) -> None:
    path = write(tmp_path, encode([HEADER, *ROWS], encoding, newline))
    assert registry.detect(path).name == "my_number_card"
    result = my_number_card.read(path)
    frame = result.frame
    assert not result.rejects
    assert frame["activity_date"].to_list() == [dt.date(2025, 4, d) for d in (1, 2, 3)]
    assert frame["applications"].to_list() == [52, 48, 10]
    assert frame["online_applications"].to_list() == [30, None, None]
    assert frame["issued"].to_list() == [1040, 0, 5]
    assert frame["cumulative_issued"].to_list() == [195_000, None, None]
    assert frame["population"].to_list() == [250_123, None, None]


def test_optional_columns_english_and_lookalike_headers(tmp_path: Path) -> None:
    data = encode(["Date,Applications,Issued", '"Apr 1, 2025",3,4'])
    frame = my_number_card.read(write(tmp_path, data)).frame
    assert frame.select("applications", "issued").row(0) == (3, 4)
    assert frame["cumulative_issued"].to_list() == [None]
    data = encode([lookalike("日付,申請件数,交付件数"), "2025-04-01,1,2"], "cp932")
    assert my_number_card.read(write(tmp_path, data)).frame.height == 1
    data = encode(['日付,"申請\n件数",交付件数', "2025-04-01,1,2"])
    assert my_number_card.read(write(tmp_path, data)).frame["applications"].to_list() == [1]


def test_bad_rows_are_rejected(tmp_path: Path) -> None:
    rows = [
        "2025-04-01,5,1,1,,",
        "2025-04-02,-1,0,1,,",
        "2025-04-03,5,9,1,,",
        "2025-04-04,< 10,0,1,,",
        "2025-04-05,1.5,0,1,,",
        "2025-13-01,1,0,1,,",
    ]
    result = my_number_card.read(write(tmp_path, encode([HEADER, *rows])))
    assert result.frame.height == 1
    assert [(r.line, r.column) for r in result.rejects] == [
        (3, "申請件数"),
        (4, "うちオンライン申請"),
        (5, "申請件数"),
        (6, "申請件数"),
        (7, "日付"),
    ]
    assert "bound" in result.rejects[2].reason


def test_missing_required_column_and_other_formats(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match="expected columns"):
        my_number_card.read(write(tmp_path, encode(["日付,申請件数", "2025-04-01,1"])))
    assert not my_number_card.looks_like(decode_text(e_applications_csv(["2025/04/01,P001,a,1,1"])))
    assert not my_number_card.looks_like("日付,決済種別,決済件数\n2025-04-01,PayPay,1\n")


def test_a_repeated_day_is_refused(tmp_path: Path) -> None:
    rows = ["2025-04-01,5,1,1,,", "2025/04/01,6,1,1,,"]
    result = my_number_card.read(write(tmp_path, encode([HEADER, *rows])))
    assert result.frame["applications"].to_list() == [5]
    assert [(r.line, r.column) for r in result.rejects] == [(3, "日付")]
