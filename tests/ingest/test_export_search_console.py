import csv
import datetime as dt
import io
from pathlib import Path

import pytest

from ingest import export_search_console as gsc
from ingest import registry
from ingest.errors import IngestError
from tests.ingest.export_quirks import ENCODINGS, NEWLINES, head, lookalike, write

DATES = "日付,クリック数,表示回数,CTR,掲載順位\n"
QUERIES = "上位のクエリ,クリック数,表示回数,CTR,掲載順位\n"


@pytest.mark.parametrize("encoding", ENCODINGS)
@pytest.mark.parametrize("newline", NEWLINES)
def test_japanese_chart_in_every_encoding(tmp_path: Path, encoding: str, newline: str) -> None:
    text = DATES + '2025-04-01,8589,"187,918",4.57%,10.4\n2025/04/02,８４２３,184310,4.57%,8.5\n'
    path = write(tmp_path, text, encoding, newline)
    assert registry.detect(path).name == "search_console"
    result = gsc.read(path)
    assert result.table == "search_console__dates" and result.natural_key == ("date",)
    assert not result.rejects
    frame = result.frame
    assert frame["date"].to_list() == [dt.date(2025, 4, 1), dt.date(2025, 4, 2)]
    assert frame["clicks"].to_list() == [8589, 8423]
    assert frame["impressions"].to_list() == [187918, 184310]
    assert frame["ctr"].to_list() == pytest.approx([0.0457, 0.0457])
    assert frame["position"].to_list() == [10.4, 8.5]


@pytest.mark.parametrize(
    ("header", "entity", "column"),
    [
        ("上位のクエリ", "queries", "query"),
        ("Top pages", "pages", "page"),
        ("国", "countries", "country"),
        ("Device", "devices", "device"),
        ("検索での見え方", "search_appearances", "search_appearance"),
    ],
)
def test_every_tab(tmp_path: Path, header: str, entity: str, column: str) -> None:
    text = f"{header},Clicks,Impressions,CTR,Position\nみどり市 ごみ,10,100,10%,1.5\n"
    result = gsc.read(write(tmp_path, text))
    assert result.table == f"search_console__{entity}"
    assert result.frame[column].to_list() == ["みどり市 ごみ"]
    # No period inside a tab: the next export of the tab replaces this one whole.
    assert result.natural_key == ("dimension",) and result.frame["dimension"][0] == column


def test_header_lookalikes_and_quoted_newline(tmp_path: Path) -> None:
    header = lookalike("上位のクエリ,クリック数,表示回数,CTR,掲載順位").replace(
        " 表示回数  ,", '"表示\n回数",'
    )
    text = header + '\n"みどり市\nごみ",10,100,10%,1.5\n=HYPERLINK("x"),1,2,50%,3\n'
    result = gsc.read(write(tmp_path, text))
    assert "ＣＴＲ" in header and not result.rejects
    assert result.frame["query"].to_list() == ["みどり市\nごみ", '=HYPERLINK("x")']
    assert result.frame["impressions"].to_list() == [100, 2]
    assert result.frame["_row_number"].to_list() == [3, 5]


def test_missing_values_bounds_and_negative_counts(tmp_path: Path) -> None:
    text = QUERIES + "a,10,100,--,\nb,5,50,< 10%,2\nc,-1,5,1%,1\nd,x,5,1%,1\n"
    result = gsc.read(write(tmp_path, text))
    assert result.frame["ctr"].to_list() == [None, None]
    assert result.frame["ctr_bound"].to_list() == [None, "< 10%"]
    assert result.frame["position"].to_list() == [None, 2.0]
    assert [(r.line, r.column) for r in result.rejects] == [(4, "クリック数"), (5, "クリック数")]


def test_decimal_comma_only_when_the_file_shows_it(tmp_path: Path) -> None:
    german = 'Date,Clicks,Impressions,CTR,Position\n2025-04-01,"1.234","10.000","12,3%","4,5"\n'
    frame = gsc.read(write(tmp_path, german)).frame
    assert frame.row(0) == (dt.date(2025, 4, 1), 1234, 10000, pytest.approx(0.123), None, 4.5, 2)
    english = 'Date,Clicks,Impressions,CTR,Position\n2025-04-01,"1,234",10000,12.34%,4.5\n'
    frame = gsc.read(write(tmp_path, english)).frame
    assert frame["clicks"][0] == 1234 and frame["position"][0] == 4.5


def test_date_forms(tmp_path: Path) -> None:
    rows = ["20250401", "令和7年4月2日", '"Apr 3, 2025"', "2025年4月4日", "4/5/2025", "2025-04-31"]
    text = DATES + "".join(f"{d},1,2,50%,1\n" for d in rows)
    result = gsc.read(write(tmp_path, text))
    assert result.frame["date"].to_list() == [dt.date(2025, 4, d) for d in range(1, 6)]
    assert [r.line for r in result.rejects] == [7]


def test_filters_tab(tmp_path: Path) -> None:
    text = "フィルタ,値\n検索タイプ,ウェブ\n日付,過去 3 か月間\n"
    path = write(tmp_path, text)
    assert registry.detect(path).name == "search_console"
    result = gsc.read(path)
    assert result.table == "search_console__filters"
    assert result.frame["value"].to_list() == ["ウェブ", "過去 3 か月間"]


def test_not_search_console(tmp_path: Path) -> None:
    for text in (
        "日付,クリック数\n2025-04-01,1\n",  # no impressions
        "キャンペーン,クリック数,表示回数\nA,1,2\n",  # an ad report
        "Filter,Value\nfoo,bar\n",  # a generic two-column file
        "配信日時,メッセージ,配信数,開封数,クリック数\n2025/04/04 18:00,a,1,1,1\n",
    ):
        assert not gsc.looks_like(head(write(tmp_path, text)))
    with pytest.raises(IngestError, match="not a Search Console export"):
        gsc.read(write(tmp_path, "a,b\n1,2\n"))


def test_empty_has_every_tab() -> None:
    tables = {r.table for r in gsc.empty()}
    assert "search_console__dates" in tables and "search_console__filters" in tables
    assert len(tables) == 7


@pytest.mark.parametrize(
    ("name", "entity", "first"),
    [("gsc_chart_daily.csv", "dates", "Date"), ("gsc_queries.csv", "queries", "Top queries")],
)
def test_real_exports(real_fixtures: Path, name: str, entity: str, first: str) -> None:
    path = real_fixtures / "search_console" / name
    assert registry.detect(path).name == "search_console"
    result = gsc.read(path)
    assert result.entity == entity and not result.rejects
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    frame = result.frame
    assert frame.height == len(rows)
    assert frame["clicks"].sum() == sum(int(r["Clicks"]) for r in rows)
    assert frame["impressions"].sum() == sum(int(r["Impressions"]) for r in rows)
    ctr = [float(r["CTR"].rstrip("%")) / 100 for r in rows]
    assert frame["ctr"].to_list() == pytest.approx(ctr)
    # CTR is the file's own rounding of clicks / impressions.
    recomputed = (frame["clicks"] / frame["impressions"]).to_list()
    assert recomputed == pytest.approx(ctr, abs=0.0001)
    assert frame["position"].to_list() == pytest.approx([float(r["Position"]) for r in rows])
