import csv
import datetime as dt
import io
from pathlib import Path

import pytest

from ingest import export_meta as meta
from ingest import registry
from ingest.errors import IngestError
from tests.ingest.export_quirks import ENCODINGS, NEWLINES, head, lookalike, write

FB_DAILY = (
    "日付,ページ名,リーチ,インプレッション,エンゲージメント,フォロワー数,新しいフォロワー,"
    "フォロー解除,ページへのアクセス\n"
)
FB_ROWS = '2025/04/01,みどり市,1811,"2,757",64,9868,2,3,68\n2025/04/02,みどり市,２６５２,3780,--,9874,6,0,\n'
IG_POSTS = (
    "投稿ID,アカウントID,アカウントのユーザーネーム,説明,公開時間,パーマリンク,投稿タイプ,"
    "リーチ,インプレッション,いいね,コメント,シェア,保存,フォロー\n"
)
IG_ROWS = (
    '178414001743499860,17841400123456789,midori_city_official,"みどりの四季 今日の桜です。\n'
    '#みどり市",04/01/2025 18:31,https://www.instagram.com/p/Xa9yBV9VmPL/,写真,3501,4551,210,12,5,27,1\n'
)


@pytest.mark.parametrize("encoding", ENCODINGS)
@pytest.mark.parametrize("newline", NEWLINES)
def test_facebook_daily_in_every_encoding(tmp_path: Path, encoding: str, newline: str) -> None:
    path = write(tmp_path, FB_DAILY + FB_ROWS, encoding, newline)
    assert registry.detect(path).name == "meta_insights"
    result = meta.read(path)
    assert result.table == "meta_insights__account_days" and not result.rejects
    assert result.natural_key == ("platform", "account_name", "date")
    frame = result.frame
    assert frame["platform"].to_list() == ["facebook"] * 2  # from the ページ名 column
    assert frame["account_name"].to_list() == ["みどり市"] * 2
    assert frame["date"].to_list() == [dt.date(2025, 4, 1), dt.date(2025, 4, 2)]
    assert frame["reach"].to_list() == [1811, 2652]
    assert frame["impressions"].to_list() == [2757, 3780]
    assert frame["engagements"].to_list() == [64, None]
    assert frame["followers"].to_list() == [9868, 9874]
    assert frame["page_visits"].to_list() == [68, None]


def test_instagram_posts_with_utc_times_and_verbatim_text(tmp_path: Path) -> None:
    path = write(tmp_path, IG_POSTS + IG_ROWS, "utf-8-sig", "\r\n")
    result = meta.read(path)
    assert result.table == "meta_insights__posts" and not result.rejects
    row = result.frame.row(0, named=True)
    assert row["platform"] == "instagram" and row["account_name"] == "midori_city_official"
    assert row["text"] == "みどりの四季 今日の桜です。\n#みどり市"
    assert row["posted_at"] == dt.datetime(2025, 4, 1, 9, 31)  # 18:31 Asia/Tokyo
    assert (row["reach"], row["likes"], row["saves"]) == (3501, 210, 27)
    assert result.frame["_row_number"].to_list() == [2]


def test_english_headers_platform_column_and_sep_line(tmp_path: Path) -> None:
    text = (
        "sep=,\nPlatform,Date,Account name,Reach,Impressions,Engagements,Followers\n"
        "Facebook,2025-04-01,Midori City,10,20,1,100\nInstagram,2025-04-01,midori,5,8,1,50\n"
        "TikTok,2025-04-01,midori,5,8,1,50\n"
    )
    result = meta.read(write(tmp_path, text))
    assert result.frame["platform"].to_list() == ["facebook", "instagram"]
    assert [(r.line, r.column) for r in result.rejects] == [(5, "platform")]


def test_platform_from_a_title_line_or_refused(tmp_path: Path) -> None:
    body = "日付,リーチ,インプレッション\n2025/04/01,1,2\n"
    result = meta.read(write(tmp_path, "Instagramのインサイト\n" + body))
    assert result.frame["platform"].to_list() == ["instagram"]
    with pytest.raises(IngestError, match="Facebook or Instagram"):
        meta.read(write(tmp_path, body))


def test_header_lookalikes_and_quoted_newline(tmp_path: Path) -> None:
    header = lookalike(FB_DAILY.strip()).replace(" フォロワ\u2015数  ,", '"フォロワ\u2015\n数",')
    assert "\n" in header
    result = meta.read(write(tmp_path, header + "\n" + FB_ROWS))
    assert result.frame["followers"].to_list() == [9868, 9874]


def test_bad_rows_and_formula_like_text(tmp_path: Path) -> None:
    rows = IG_ROWS.replace("3501", "-1") + IG_ROWS.replace("178414001743499860", "2").replace(
        '"みどりの四季 今日の桜です。\n#みどり市"', '"=1+1"'
    )
    rows += "3,17841400123456789,midori_city_official,@all,2025/13/01 10:00,x,写真,1,1,1,1,1,1,1\n"
    result = meta.read(write(tmp_path, IG_POSTS + rows))
    assert result.frame["text"].to_list() == ["=1+1"]
    assert [(r.line, r.column) for r in result.rejects] == [(2, "リーチ"), (5, "公開時間")]


def test_bounds_and_decimal_comma_audience(tmp_path: Path) -> None:
    text = 'Age,Women,Men\n18-24,"1,8%","2,0%"\n25-34,< 1%,"20,9%"\n'
    result = meta.read(write(tmp_path, text))
    frame = result.frame.sort("_row_number", "gender")
    assert not result.rejects
    assert frame["share"].to_list() == [pytest.approx(x) for x in (0.018, 0.02, None, 0.209)]
    assert frame["share_bound"].to_list() == [None, None, "< 1%", None]
    text = "年齢,女性,男性\n18-24,1.8%,-2%\n"
    assert meta.read(write(tmp_path, text)).rejects[0].line == 2


def test_not_meta(tmp_path: Path) -> None:
    for text in (
        "ad_id,date,account_id,impressions,inline_link_clicks,spend,reach\n1,2020-12-10,1,2,3,4,5\n",
        "Campaign name,Date,Reach,Impressions\nA,2025-04-01,1,2\n",
        "Date,Tweets published,impressions,engagements,retweets\n2025-04-01,1,2,3,4\n",
        "日付,友だち数,ターゲットリーチ,ブロック数\n2025/04/01,1,1,1\n",
    ):
        assert not meta.looks_like(head(write(tmp_path, text)))
    with pytest.raises(IngestError, match="not a Meta Business Suite"):
        meta.read(write(tmp_path, "a,b\n1,2\n"))


def test_real_audience_export(real_fixtures: Path) -> None:
    path = real_fixtures / "facebook" / "page_fans_gender_age_utf16le.csv"
    assert path.read_bytes()[:2] == b"\xff\xfe"
    assert registry.detect(path).name == "meta_insights"
    result = meta.read(path)
    assert result.table == "meta_insights__audience_shares" and not result.rejects
    rows = [r for r in csv.reader(io.StringIO(path.read_bytes().decode("utf-16"))) if r]
    header, body = rows[0], rows[1:]
    frame = result.frame
    assert frame.height == 2 * len(body) == 12
    women = frame.filter(gender="female")["share"].to_list()
    assert women == pytest.approx([float(r[header.index("Women")].rstrip("%")) / 100 for r in body])
    total = sum(float(c.rstrip("%")) for r in body for c in r[1:])
    assert frame["share"].sum() == pytest.approx(total / 100)
