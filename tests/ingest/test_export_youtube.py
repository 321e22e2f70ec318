import csv
import datetime as dt
import io
from pathlib import Path

import pytest

from ingest import export_youtube as yt
from ingest import registry
from ingest.errors import IngestError
from tests.ingest.export_quirks import ENCODINGS, NEWLINES, head, lookalike, write

CONTENT = (
    "コンテンツ,動画のタイトル,動画公開時刻,長さ,視聴回数,総再生時間（単位: 時間）,"
    "チャンネル登録者,インプレッション数,インプレッションのクリック率 (%),平均視聴時間\n"
)
CONTENT_ROWS = [
    '合計,,,,"110,000",1400.5,70,2000000,5.5,0:00:46',
    'jr0FVYmnSGO,観光PR動画「みどりの四季」,2025/07/11,180,"101,104",1263.8,75,1767997,5.72,0:00:45',
    "7LRq3l30npe,市長定例記者会見（7月）,2024年7月10日,356,8896,136.7,-5,232003,3.83,0:00:55",
]


def content_file(rows: list[str] = CONTENT_ROWS, header: str = CONTENT) -> str:
    return header + "\n".join(rows) + "\n"


@pytest.mark.parametrize("encoding", ENCODINGS)
@pytest.mark.parametrize("newline", NEWLINES)
def test_content_table_in_every_encoding(tmp_path: Path, encoding: str, newline: str) -> None:
    path = write(tmp_path, content_file(), encoding, newline)
    assert registry.detect(path).name == "youtube"
    result = yt.read(path)
    assert result.table == "youtube__table_rows" and not result.rejects
    assert result.natural_key == ("dimension", "dimension_value")
    frame = result.frame
    assert frame["dimension"].to_list() == ["content", "content"]  # the 合計 row is dropped
    assert frame["dimension_value"].to_list() == ["jr0FVYmnSGO", "7LRq3l30npe"]
    assert frame["video_title"][0] == "観光PR動画「みどりの四季」"
    assert frame["video_published_on"].to_list() == [dt.date(2025, 7, 11), dt.date(2024, 7, 10)]
    assert frame["views"].to_list() == [101104, 8896]
    assert frame["subscriber_change"].to_list() == [75, -5]  # a net change may be negative
    assert frame["impressions_ctr"].to_list() == pytest.approx([0.0572, 0.0383])
    assert frame["average_view_duration_sec"].to_list() == [45.0, 55.0]
    assert frame["_row_number"].to_list() == [3, 4]


def test_total_row_must_match_the_rows(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match="Total row"):
        yt.read(write(tmp_path, content_file(CONTENT_ROWS[:2])))  # a video is missing
    rows = [CONTENT_ROWS[0].replace('"110,000"', '"100,000"'), *CONTENT_ROWS[1:]]
    with pytest.raises(IngestError, match="truncated or edited"):
        yt.read(write(tmp_path, content_file(rows)))


def test_a_table_cut_at_500_rows_may_add_up_to_less(tmp_path: Path) -> None:
    header = "Traffic source,Views,Watch time (hours)\n"
    rows = ["Total,100000,10"] + [f"source {i},100,0.01" for i in range(500)]
    result = yt.read(write(tmp_path, header + "\n".join(rows) + "\n"))
    assert result.frame.height == 500 and result.frame["views"].sum() == 50000


def test_traffic_sources_with_blank_impressions(tmp_path: Path) -> None:
    text = (
        "トラフィック ソース,視聴回数,総再生時間（単位: 時間）,平均視聴時間,インプレッション数,"
        "インプレッションのクリック率 (%)\n合計,300,10.5,0:02:06,1000,10\n"
        "YouTube 検索,200,7,0:02:06,1000,20\n外部,100,3.5,0:02:06,,\n"
    )
    result = yt.read(write(tmp_path, text))
    assert result.frame["dimension"].to_list() == ["traffic_source"] * 2
    assert result.frame["impressions"].to_list() == [1000, None]


def test_totals_and_chart_data(tmp_path: Path) -> None:
    totals = "日付,視聴回数,総再生時間（単位: 時間）,チャンネル登録者\n2025-04-01,49,3.2,-1\n"
    totals += '"Apr 2, 2025",38,2.4,0\n'
    result = yt.read(write(tmp_path, totals))
    assert result.table == "youtube__channel_days" and result.natural_key == ("date",)
    assert result.frame["date"].to_list() == [dt.date(2025, 4, 1), dt.date(2025, 4, 2)]
    chart = "Date,Content,Video title,Views\n2025-04-01,abc,PR,10\n2025-04-01,def,会見,3\n"
    result = yt.read(write(tmp_path, chart))
    assert result.table == "youtube__chart_rows"
    assert result.frame["dimension_value"].to_list() == ["abc", "def"]


def test_header_lookalikes_quoted_newline_and_formula_titles(tmp_path: Path) -> None:
    header = lookalike(CONTENT.strip()).replace(" 視聴回数  ,", '"視聴\n回数",') + "\n"
    rows = [*CONTENT_ROWS]
    rows[2] = rows[2].replace("市長定例記者会見（7月）", "=HYPERLINK(1)")
    result = yt.read(write(tmp_path, content_file(rows, header)))
    assert result.frame["views"].to_list() == [101104, 8896]
    assert result.frame["video_title"][1] == "=HYPERLINK(1)"


def test_bad_rows_are_rejected(tmp_path: Path) -> None:
    rows = [CONTENT_ROWS[1].replace('"101,104"', "-3"), CONTENT_ROWS[2].replace("0:00:55", "abc")]
    result = yt.read(write(tmp_path, content_file(rows)))
    assert [(r.line, r.column) for r in result.rejects] == [(2, "視聴回数"), (3, "平均視聴時間")]


def test_not_youtube(tmp_path: Path) -> None:
    for text in (
        "Date,Clicks,Impressions,CTR,Position\n2025-04-01,1,2,50%,1\n",
        "Page,Views,Sessions\n/a,1,1\n",
        "日付,友だち数,ターゲットリーチ,ブロック数\n2025/04/01,1,1,1\n",
    ):
        assert not yt.looks_like(head(write(tmp_path, text)))
    with pytest.raises(IngestError, match="not a YouTube Studio export"):
        yt.read(write(tmp_path, "a,b\n1,2\n"))


def _real_rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def test_real_totals_export(real_fixtures: Path) -> None:
    path = real_fixtures / "youtube" / "wholebrainhealth_totals_daily_views.csv"
    assert registry.detect(path).name == "youtube"
    result = yt.read(path)
    assert result.entity == "channel_days" and not result.rejects
    rows = _real_rows(path)
    assert result.frame.height == len(rows)
    assert result.frame["views"].sum() == sum(int(r["Views"]) for r in rows)
    assert result.frame["date"].min() == dt.date(2020, 9, 1)


def test_real_traffic_source_table(real_fixtures: Path) -> None:
    path = real_fixtures / "youtube" / "wholebrainhealth_traffic_source_table_data.csv"
    result = yt.read(path)
    assert result.entity == "table_rows" and not result.rejects
    rows = _real_rows(path)
    frame = result.frame
    assert frame["dimension"].unique().to_list() == ["traffic_source"]
    assert frame["dimension_value"].to_list() == [r["Traffic_source"] for r in rows]
    assert frame["views"].sum() == sum(int(r["Views"]) for r in rows)
    hours = sum(float(r["Watch_time (hours)"]) for r in rows)
    assert frame["watch_time_hours"].sum() == pytest.approx(hours)
    first = rows[0]
    assert frame["average_view_duration_sec"][0] == 9 * 60 + 2  # "0:09:02"
    assert frame["impressions_ctr"][0] == pytest.approx(2.13 / 100)
    assert frame["impressions"].null_count() == sum(1 for r in rows if not r["Impressions"])
    assert first["Traffic_source"] == "Suggested videos"
