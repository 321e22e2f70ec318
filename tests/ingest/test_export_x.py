import csv
import datetime as dt
import io
from pathlib import Path

import pytest

from ingest import export_x as x
from ingest import registry
from ingest.errors import IngestError
from tests.ingest.export_quirks import ENCODINGS, NEWLINES, head, lookalike, write

POSTS = (
    '"ツイートID","ツイートの固定リンク","ツイート本文","時間","インプレッション",'
    '"エンゲージメント","エンゲージメント率","リツイート","いいね","URLクリック数",'
    '"プロモ - インプレッション"\n'
)
POST_ROWS = (
    '"1972964385227337657","https://twitter.com/midori_city_pr/status/1972964385227337657",'
    '"【台風情報】避難所を開設しました。\n一覧はこちら","2025-09-30 09:59 +0000","1865.0","58.0",'
    '"0.031099195710455763","8.0","17.0","6.0","-"\n'
    '"1972556698878482668","https://x.com/midori_city_pr/status/1972556698878482668",'
    '"資源ごみの日です","2025-09-29 23:30 +0000","1,200","1.0","8.0E-4","0","1","0","３"\n'
)
DAILY = (
    '"日付","ツイート公開数","インプレッション","エンゲージメント","エンゲージメント率",'
    '"リツイート","いいね","フォロー"\n'
)


@pytest.mark.parametrize("encoding", ENCODINGS)
@pytest.mark.parametrize("newline", NEWLINES)
def test_japanese_posts_in_every_encoding(tmp_path: Path, encoding: str, newline: str) -> None:
    path = write(tmp_path, POSTS + POST_ROWS, encoding, newline)
    assert registry.detect(path).name == "x"
    result = x.read(path)
    assert result.table == "x__posts" and result.natural_key == ("post_id",)
    assert not result.rejects
    frame = result.frame
    assert frame["post_id"].to_list() == ["1972964385227337657", "1972556698878482668"]
    assert frame["account_handle"].to_list() == ["midori_city_pr"] * 2
    assert frame["text"][0] == "【台風情報】避難所を開設しました。\n一覧はこちら"
    assert frame["posted_at"].to_list() == [
        dt.datetime(2025, 9, 30, 9, 59),
        dt.datetime(2025, 9, 29, 23, 30),
    ]
    assert frame["impressions"].to_list() == [1865, 1200]  # "1865.0" and "1,200"
    assert frame["engagement_rate"].to_list() == pytest.approx([0.0311, 0.0008], abs=1e-4)
    assert frame["promoted_impressions"].to_list() == [None, 3]  # "-" is none; "３" full-width
    assert frame["_row_number"].to_list() == [2, 4]  # the first post spans lines 2-3


def test_daily_export_and_handle_from_the_file_name(tmp_path: Path) -> None:
    text = DAILY + '"2025-04-01","3","7519","87","0.0115","13","8","2"\n'
    text += '"2025-04-02","0","2,467","16","0.0064","3","4",""\n'
    name = "daily_tweet_activity_metrics_midori_city_pr_20250401_20250501_ja.csv"
    result = x.read(write(tmp_path, text, name=name))
    assert result.table == "x__account_days" and not result.rejects
    assert result.natural_key == ("account_handle", "date")
    frame = result.frame
    assert frame["account_handle"].to_list() == ["midori_city_pr"] * 2
    assert frame["posts_published"].to_list() == [3, 0]
    assert frame["impressions"].to_list() == [7519, 2467]
    assert frame["follows"].to_list() == [2, None]
    other = x.read(write(tmp_path, text, name="renamed.csv"))
    assert other.frame["account_handle"].to_list() == [None, None]


def test_newer_account_analytics_export(tmp_path: Path) -> None:
    text = (
        "Post id,Date,Post text,Post Link,Impressions,Likes,Engagements,Bookmarks,Shares,"
        "New follows,Replies,Reposts,Profile visits,Detail Expands,URL Clicks\n"
        '1900000000000000001,"Sat, Mar 01, 2025",hello,https://x.com/midori_city_pr/status/1,'
        "100,2,5,0,0,1,0,1,1,0,0\n"
    )
    result = x.read(write(tmp_path, text))
    row = result.frame.row(0, named=True)
    assert row["posted_at"] is None and row["posted_on"] == dt.date(2025, 3, 1)
    assert (row["reposts"], row["follows"], row["profile_clicks"]) == (1, 1, 1)
    daily = (
        "Date,Impressions,Likes,Engagements,Bookmarks,Shares,New follows,Unfollows,Replies,"
        'Reposts,Profile visits,Create Post,Video views,Media views\n"Sat, Mar 01, 2025",'
        "100,2,5,0,0,3,1,0,1,1,2,0,0\n"
    )
    result = x.read(write(tmp_path, daily))
    assert result.table == "x__account_days"
    assert result.frame.row(0, named=True)["unfollows"] == 1


def test_header_lookalikes(tmp_path: Path) -> None:
    header = lookalike(POSTS.strip().replace('"', "")) + "\n"
    result = x.read(write(tmp_path, header + POST_ROWS))
    assert "ＵＲＬクリック数" in header and not result.rejects
    assert result.frame["url_clicks"].to_list() == [6, 0]


def test_bad_cells_are_rejected(tmp_path: Path) -> None:
    rows = POST_ROWS.replace('"1865.0"', '"-5"').replace('"1,200"', '"1.5"')
    rows += '"1.97296E+18","x","y","2025-09-30 09:59 +0000","1","1","1","1","1","1","-"\n'
    rows += '"","x","y","2025-09-30 09:59 +0000","1","1","1","1","1","1","-"\n'
    result = x.read(write(tmp_path, POSTS + rows))
    assert result.frame.height == 0
    reasons = [(r.line, r.column, r.reason.split(" ")[0]) for r in result.rejects]
    assert [(line, column) for line, column, _ in reasons] == [
        (2, "インプレッション"),
        (4, "インプレッション"),
        (5, "ツイートID"),
        (6, "post_id"),
    ]
    assert "spreadsheet" in result.rejects[2].reason


def test_formula_like_text_is_verbatim(tmp_path: Path) -> None:
    rows = POST_ROWS.replace("資源ごみの日です", "=SUM(A1) +1 @all")
    result = x.read(write(tmp_path, POSTS + rows))
    assert result.frame["text"][1] == "=SUM(A1) +1 @all"


def test_not_x(tmp_path: Path) -> None:
    for text in (
        "Date,Impressions,Reach\n2025-04-01,1,1\n",
        "日付,リーチ,インプレッション,エンゲージメント,フォロワー数\n2025/04/01,1,1,1,1\n",
        "Tweet id,text\n1,a\n",
    ):
        assert not x.looks_like(head(write(tmp_path, text)))
    with pytest.raises(IngestError, match="not an X analytics export"):
        x.read(write(tmp_path, "a,b\n1,2\n"))


def test_real_tweet_export(real_fixtures: Path) -> None:
    path = real_fixtures / "x" / "tweet_activity_metrics_ADHOrg_20210401_20210501_en.csv"
    assert registry.detect(path).name == "x"
    result = x.read(path)
    assert not result.rejects
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    frame = result.frame
    assert frame.height == len(rows) == 31
    assert frame["post_id"].to_list() == [r["Tweet id"] for r in rows]
    assert frame["text"].to_list() == [r["Tweet text"] for r in rows]  # multi-line kept
    assert any("\n" in t for t in frame["text"].to_list())
    assert frame["impressions"].sum() == sum(float(r["impressions"]) for r in rows)
    assert frame["engagements"].sum() == sum(float(r["engagements"]) for r in rows)
    rates = [float(r["engagement rate"]) for r in rows]  # includes "8.03…E-4"
    assert frame["engagement_rate"].to_list() == pytest.approx(rates)
    assert frame["promoted_impressions"].null_count() == frame.height  # all "-"
    assert set(frame["account_handle"].to_list()) == {"ADHOrg"}


def test_real_daily_export(real_fixtures: Path) -> None:
    path = real_fixtures / "x" / "daily_tweet_activity_metrics_ADHOrg_20210401_20210501_en.csv"
    result = x.read(path)
    assert result.entity == "account_days" and not result.rejects
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    frame = result.frame
    assert frame.height == len(rows) == 30
    assert frame["impressions"].sum() == sum(int(r["impressions"]) for r in rows)
    assert frame["posts_published"].sum() == sum(int(r["Tweets published"]) for r in rows)
    assert frame["date"].min() == dt.date(2021, 4, 1)
    assert set(frame["account_handle"].to_list()) == {"ADHOrg"}
