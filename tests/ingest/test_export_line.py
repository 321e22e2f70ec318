import datetime as dt
from pathlib import Path

import pytest

from ingest import export_line as line
from ingest import registry
from ingest.errors import IngestError
from tests.ingest.export_quirks import ENCODINGS, NEWLINES, head, lookalike, write

FRIENDS = "日付,友だち数,ターゲットリーチ,ブロック数\n"
FRIEND_ROWS = '2025/04/01,20395,17697,2101\n20250402,"20,410",１７７０５,2103\n'
MESSAGES = "配信日時,メッセージ,配信数,開封数,クリック数,開封率,クリック率\n"
MESSAGE_ROWS = (
    "2025/04/04 18:00,【みどり市】今週のお知らせ,17697,7413,581,41.9%,3.3%\n"
    '2025/08/10(日) 06:30,"【緊急】避難所を開設しました\n避難情報を確認してください",'
    "18997,11873,<20,62.5%,-\n"
)


@pytest.mark.parametrize("encoding", ENCODINGS)
@pytest.mark.parametrize("newline", NEWLINES)
def test_friends_in_every_encoding(tmp_path: Path, encoding: str, newline: str) -> None:
    path = write(tmp_path, FRIENDS + FRIEND_ROWS, encoding, newline)
    assert registry.detect(path).name == "line"
    result = line.read(path)
    assert result.table == "line__friend_days" and not result.rejects
    assert result.natural_key == ("account_name", "date")
    frame = result.frame
    assert frame["date"].to_list() == [dt.date(2025, 4, 1), dt.date(2025, 4, 2)]
    assert frame["friends"].to_list() == [20395, 20410]
    assert frame["target_reach"].to_list() == [17697, 17705]
    assert frame["blocks"].to_list() == [2101, 2103]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp932"])
def test_messages_with_hidden_small_counts(tmp_path: Path, encoding: str) -> None:
    path = write(tmp_path, MESSAGES + MESSAGE_ROWS, encoding, "\r\n")
    result = line.read(path)
    assert result.table == "line__messages" and not result.rejects
    frame = result.frame
    assert frame["sent_at"].to_list() == [
        dt.datetime(2025, 4, 4, 9, 0),  # 18:00 Asia/Tokyo in UTC
        dt.datetime(2025, 8, 9, 21, 30),
    ]
    assert frame["text"][1] == "【緊急】避難所を開設しました\n避難情報を確認してください"
    assert frame["clicks"].to_list() == [581, None]
    assert frame["clicks_bound"].to_list() == [None, "<20"]  # kept as text, not a number
    assert frame["open_rate"].to_list() == pytest.approx([0.419, 0.625])
    assert frame["click_rate"].to_list() == [pytest.approx(0.033), None]
    assert frame["_row_number"].to_list() == [2, 3]
    # No 配信ID: a stable id from time and text, so a re-download replaces the same rows.
    again = line.read(path).frame["message_id"].to_list()
    assert frame["message_id"].to_list() == again and again[0].startswith("line-")


def test_message_id_column_wins(tmp_path: Path) -> None:
    text = "配信ID,配信日時,タイトル,配信数,開封数\nM-1,2025/04/04 18:00,a,10,5\n"
    result = line.read(write(tmp_path, text))
    assert result.frame["message_id"].to_list() == ["M-1"]


def test_header_lookalikes_and_quoted_newline(tmp_path: Path) -> None:
    header = lookalike(FRIENDS.strip()).replace(" ブロック数  ", '"ブロック\n数"')
    assert "タ\u2015ゲットリ\u2015チ" in header
    result = line.read(write(tmp_path, header + "\n" + FRIEND_ROWS))
    assert result.frame["blocks"].to_list() == [2101, 2103]


def test_bad_rows_and_formula_like_text(tmp_path: Path) -> None:
    rows = MESSAGE_ROWS + '2025/04/11 18:00,=HYPERLINK("x"),10,5,1,50%,10%\n'
    rows += "2025/04/18 18:00,@みなさん,10,-5,1,50%,10%\n,no time,10,5,1,50%,10%\n"
    result = line.read(write(tmp_path, MESSAGES + rows))
    assert result.frame["text"].to_list()[2] == '=HYPERLINK("x")'
    assert [(r.line, r.column) for r in result.rejects] == [(6, "開封数"), (7, "sent")]


def test_date_forms(tmp_path: Path) -> None:
    rows = ["2025-04-01", "令和7年4月2日", "2025年4月3日", '"Apr 4, 2025"', "2025/04/31"]
    text = FRIENDS + "".join(f"{d},1,1,0\n" for d in rows)
    result = line.read(write(tmp_path, text))
    assert result.frame["date"].to_list() == [dt.date(2025, 4, d) for d in (1, 2, 3, 4)]
    assert [r.line for r in result.rejects] == [6]


def test_not_line(tmp_path: Path) -> None:
    for text in (
        "日付,クリック数,表示回数,CTR,掲載順位\n2025-04-01,1,2,50%,1\n",
        "配信ID,配信日時,件名,配信リスト,配信数,到達数\nA,2025/04/01 09:00,x,y,1,1\n",
        "日付,友だち数\n2025/04/01,1\n",
        "配信ID,配信日時,件名,配信リスト,配信数,到達数,エラー数,開封数,開封率,クリック数\n"
        "MM-1,2025/04/01 09:00,a,b,10,9,1,5,50%,1\n",  # the e-mail newsletter's template
    ):
        assert not line.looks_like(head(write(tmp_path, text)))
    with pytest.raises(IngestError, match="not a LINE Official Account"):
        line.read(write(tmp_path, "a,b\n1,2\n"))
