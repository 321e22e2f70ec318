"""メールマガジン statistics template: golden tests on small files written here."""

from __future__ import annotations

import codecs
import datetime as dt
from pathlib import Path

import pytest

from ingest import newsletter, registry
from ingest.errors import IngestError
from ingest.newsletter import parse_sent_at

HEADER = "配信ID,配信日時,件名,配信リスト,配信数,到達数,エラー数,開封数,開封率,クリック数,クリック率,配信停止数"
ROWS = [
    'MM-001,2025/04/01 09:00,第1号 新年度の手続き～転入,市報メール,"15,000",14900,100,3725,25.0%,372,2.5%,8',
    "MM-002,2025/04/15 09:00,第2号 防災,市報メール,15010,,120,3000,< 10%,300,2.0%,",
]


def template(
    rows: list[str] = ROWS, header: str = HEADER, encoding: str = "cp932", newline: str = "\r\n"
) -> bytes:
    text = newline.join([header, *rows]) + newline
    boms = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE}
    return boms.get(encoding, b"") + text.encode(encoding)


def write(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "mailmag.csv"
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("encoding", ["cp932", "utf-8", "utf-8-sig", "utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("newline", ["\r\n", "\n"])
def test_template_in_every_encoding(tmp_path: Path, encoding: str, newline: str) -> None:
    path = write(tmp_path, template(encoding=encoding, newline=newline))
    assert registry.detect(path).name == "newsletter"
    result = newsletter.read(path)
    frame = result.frame
    assert result.table == "newsletter__issues" and not result.rejects
    assert frame["sent_at"].to_list() == [dt.datetime(2025, 4, 1, 9), dt.datetime(2025, 4, 15, 9)]
    assert frame["subject"][0] == "第1号 新年度の手続き～転入"  # CP932 0x8160 → U+FF5E
    assert frame["sent_count"].to_list() == [15000, 15010]
    assert frame["delivered_count"].to_list() == [14900, None]
    assert frame["error_count"].to_list() == [100, 120]
    assert frame["unsubscribe_count"].to_list() == [8, None]
    assert frame["open_rate"].to_list() == ["25.0%", "< 10%"]  # rates and bounds stay text
    assert frame["_row_number"].to_list() == [2, 3]


def test_minimal_english_template(tmp_path: Path) -> None:
    data = b"Sent at,Subject,Sent,Opens,Clicks,Unsubscribes\n2025-04-01 9:00,Hello,100,20,3,0\n"
    frame = newsletter.read(write(tmp_path, data)).frame
    assert frame.row(0, named=True) | {"_row_number": 0} == {
        "sent_at": dt.datetime(2025, 4, 1, 9),
        "subject": "Hello",
        "sent_count": 100,
        "issue_id": None,
        "list_name": None,
        "delivered_count": None,
        "error_count": None,
        "open_count": 20,
        "open_rate": None,
        "click_count": 3,
        "click_rate": None,
        "unsubscribe_count": 0,
        "_row_number": 0,
    }


def test_header_lookalikes_and_quoted_newlines(tmp_path: Path) -> None:
    header = '配信日時,件名,"配信\n数",エラ\u2015数,ｸﾘｯｸ数 , 配信停止数'
    rows = ['2025/04/01 09:00,"二行の\n件名",１００,1,3,0']
    result = newsletter.read(write(tmp_path, template(rows, header, encoding="utf-8")))
    assert not result.rejects
    row = result.frame.row(0, named=True)
    assert (row["subject"], row["sent_count"], row["error_count"], row["click_count"]) == (
        "二行の\n件名",
        100,
        1,
        3,
    )
    assert row["_row_number"] == 3


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("2025/04/01 09:00", dt.datetime(2025, 4, 1, 9)),
        ("2025-04-01 9:05:30", dt.datetime(2025, 4, 1, 9, 5, 30)),
        ("2025年4月1日 9時00分", dt.datetime(2025, 4, 1, 9)),
        ("令和7年4月1日 9:00", dt.datetime(2025, 4, 1, 9)),
        ("4/1/2025 09:00", dt.datetime(2025, 4, 1, 9)),
        ("Apr 1, 2025", dt.datetime(2025, 4, 1)),
        ("20250401", dt.datetime(2025, 4, 1)),
        ("2025-04-01T00:00:00Z", dt.datetime(2025, 4, 1, 9)),  # UTC → Asia/Tokyo
        ("2025-04-01T09:00:00+09:00", dt.datetime(2025, 4, 1, 9)),
        ("--", None),
    ],
)
def test_send_time_forms(cell: str, expected: dt.datetime | None) -> None:
    assert parse_sent_at(cell) == expected


@pytest.mark.parametrize("cell", ["2025/04/31 09:00", "2025/04/01 25:00", "yesterday"])
def test_bad_send_times(cell: str) -> None:
    with pytest.raises(ValueError, match="accepted|time of day"):
        parse_sent_at(cell)


@pytest.mark.parametrize("subject", ["=cmd|' /C calc'!A0", "+81 のお知らせ", "@SUM(A1)", "-特集-"])
def test_formula_like_subjects_are_kept_verbatim(tmp_path: Path, subject: str) -> None:
    rows = [f'2025/04/01 09:00,"{subject}",100']
    data = template(rows, "配信日時,件名,配信数", encoding="utf-8")
    assert newsletter.read(write(tmp_path, data)).frame["subject"][0] == subject


def test_bad_rows_are_rejected_with_line_and_column(tmp_path: Path) -> None:
    header = "配信日時,件名,配信数,到達数,エラー数,開封数"
    rows = [
        "2025/04/01 09:00,ok,100,99,1,20",
        "2025/04/02 09:00,negative,100,99,1,-20",
        "2025/04/03 09:00,too many,100,99,5,20",
        "2025/04/01 09:00,same issue again,100,99,1,20",
        "2025/04/04 09:00,,100,99,1,20",
        "2025/04/05 09:00,percent,12.5%,99,1,20",
    ]
    result = newsletter.read(write(tmp_path, template(rows, header)))
    assert result.frame["subject"].to_list() == ["ok"] and result.rows_in == 6
    assert sorted((r.line, r.column) for r in result.rejects) == [
        (3, "開封数"),
        (4, "到達数"),
        (5, "配信日時"),
        (6, "件名"),
        (7, "配信数"),
    ]


def test_missing_required_column(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match="expected columns"):
        newsletter.read(write(tmp_path, "配信日時,件名\n2025/04/01,x\n".encode()))


def test_line_message_statistics_are_not_newsletters() -> None:
    line = "配信日時,メッセージ,配信数,開封数,クリック数\n2025/04/01 12:00,お知らせ,100,50,5\n"
    title = "配信日時,タイトル,配信数,開封数\n2025/04/01 12:00,お知らせ,100,50\n"
    for text in (line, title, "a,b\n1,2\n"):
        assert not newsletter.looks_like(text)


def test_empty_has_the_read_schema(tmp_path: Path) -> None:
    frame = newsletter.read(write(tmp_path, template())).frame
    assert newsletter.empty().frame.schema == frame.schema
