import datetime as dt
from pathlib import Path

import pytest

from ingest import e_applications
from ingest.errors import IngestError
from tests.conftest import e_applications_csv


def write(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "shinsei.csv"
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("encoding", ["cp932", "utf-8", "utf-8-sig", "utf-16"])
def test_template_in_every_encoding(tmp_path: Path, encoding: str) -> None:
    rows = [
        "2025/04/01,P001,住民票の写し等交付申請,37,120",
        '令和7年4月2日,P002,転出届～予約,"1,040",',
    ]
    result = e_applications.read(write(tmp_path, e_applications_csv(rows, encoding)))
    frame = result.frame
    assert not result.rejects
    assert frame["application_date"].to_list() == [dt.date(2025, 4, 1), dt.date(2025, 4, 2)]
    assert frame["online_count"].to_list() == [37, 1040]
    assert frame["counter_count"].to_list() == [120, None]
    assert frame["procedure_name"][1] == "転出届～予約"


def test_english_headers_and_lookalike_characters(tmp_path: Path) -> None:
    data = b"Date,Procedure ID,Procedure,Online\n2025-04-01,P001,x,3\n"
    assert e_applications.read(write(tmp_path, data)).frame["online_count"].to_list() == [3]
    # U+2015 written where "ー" belongs, full-width letters, spaces.
    data = "日付,手続ＩＤ,手続名,オンライン申請件数 \n2025-04-01,P001,x,3\n".replace(
        "オンライン", "オンライン".replace("ー", "\u2015")
    ).encode("cp932", errors="replace")
    assert e_applications.read(write(tmp_path, data)).frame.height == 1


def test_bad_cells_are_rejected_with_line_and_column(tmp_path: Path) -> None:
    rows = [
        "2025/04/01,P001,a,3,1",
        "2025/04/31,P001,a,3,1",
        "2025/04/02,P001,a,-1,0",
        "2025/04/03,,a,1,0",
    ]
    result = e_applications.read(write(tmp_path, e_applications_csv(rows)))
    assert result.frame.height == 1
    assert [(r.line, r.column) for r in result.rejects] == [
        (3, "日付"),
        (4, "オンライン申請件数"),
        (5, "手続ID"),
    ]


def test_quoted_newline_in_header(tmp_path: Path) -> None:
    data = '日付,手続ID,手続名,"オンライン\n申請件数"\n2025-04-01,P001,x,3\n'.encode()
    # Excel users break long headers over two lines inside the quotes: still the same column.
    assert e_applications.read(write(tmp_path, data)).frame["online_count"].to_list() == [3]


def test_missing_required_column(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match="expected columns"):
        e_applications.read(write(tmp_path, "日付,手続ID\n2025-04-01,P001\n".encode()))
