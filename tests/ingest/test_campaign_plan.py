import datetime as dt
from pathlib import Path

import pytest

from ingest import campaign_plan, registry
from ingest.errors import IngestError
from ingest.text import decode_text
from tests.conftest import google_ads_ja_report
from tests.ingest.civic_quirks import ENCODINGS, encode, lookalike, write

HEADER = "キャンペーン名,テーマ,手続ID,成果指標,ターゲット,開始日,終了日,予算,プラセボ"
ROWS = [
    'マイナンバーカード申請促進,マイナンバーカード普及,P004,電子申請,一般,2025/04/10,2025/06/30,"600,000",',
    "防災メール登録促進,防災,Ｐ００９,,全世代,令和7年6月1日,R7.8.20,￥300000,プラセボ",
    "観光PR動画_みどりの四季,観光,,,観光客,2025-07-01,2025-08-31,--,0",
]


@pytest.mark.parametrize("encoding", ENCODINGS)
@pytest.mark.parametrize("newline", ["\r\n", "\n"])
def test_every_encoding_and_line_ending(tmp_path: Path, encoding: str, newline: str) -> None:
    path = write(tmp_path, encode([HEADER, *ROWS], encoding, newline))
    assert registry.detect(path).name == "campaign_plan"
    result = campaign_plan.read(path)
    frame = result.frame
    assert not result.rejects
    assert frame["campaign_name"][2] == "観光PR動画_みどりの四季"
    assert frame["target_procedure_id"].to_list() == ["P004", "P009", None]
    assert frame["target_outcome_type"].to_list() == ["e_application", None, None]
    assert frame["start_date"].to_list() == [
        dt.date(2025, 4, 10),
        dt.date(2025, 6, 1),
        dt.date(2025, 7, 1),
    ]
    assert frame["end_date"][1] == dt.date(2025, 8, 20)
    assert frame["budget_jpy"].to_list() == [600_000.0, 300_000.0, None]
    assert frame["is_placebo"].to_list() == [None, True, False]


def test_english_and_lookalike_headers(tmp_path: Path) -> None:
    data = encode(
        ["Campaign,Theme,Start date,End date,Placebo", '"A, B",x,"Apr 1, 2025",2025-04-30,yes']
    )
    frame = campaign_plan.read(write(tmp_path, data)).frame
    assert frame.select("campaign_name", "is_placebo").row(0) == ("A, B", True)
    data = encode([lookalike("キャンペーン名,テーマ,開始日,終了日"), "a,b,2025-04-01,2025-04-02"])
    assert campaign_plan.read(write(tmp_path, data)).frame.height == 1


def test_bad_rows_are_rejected(tmp_path: Path) -> None:
    rows = [
        "a,x,,,,2025-04-01,2025-04-30,1000,",
        "b,x,,,,2025-05-01,2025-04-01,1000,",
        "c,x,,,,2025-04-01,2025-04-30,-1000,",
        "d,x,,,,2025-04-01,2025-04-30,1000,maybe",
        "e,x,,,,2025-04-01,2025-04-30,< 10%,",
        "f,x,,謎の指標,,2025-04-01,2025-04-30,,",
    ]
    result = campaign_plan.read(write(tmp_path, encode([HEADER, *rows])))
    assert result.frame["campaign_name"].to_list() == ["a"]
    assert [(r.line, r.column) for r in result.rejects] == [
        (3, "終了日"),
        (4, "予算"),
        (5, "プラセボ"),
        (6, "予算"),
        (7, "成果指標"),
    ]


def test_missing_required_column_and_other_formats(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match="expected columns"):
        campaign_plan.read(write(tmp_path, encode(["キャンペーン名,開始日", "a,2025-04-01"])))
    ads = google_ads_ja_report(["有効\tA\t検索\t2025-04-01\t携帯電話\tJPY\t1\t1\t1\t0\t --"], None)
    assert not campaign_plan.looks_like(decode_text(ads))


def test_a_repeated_campaign_window_is_refused(tmp_path: Path) -> None:
    rows = [
        "a,x,,,,2025-04-01,2025-04-30,,",
        "a,y,,,,2025-04-01,2025-05-30,,",
        "a,x,,,,2025-10-01,2025-10-30,,",
    ]
    result = campaign_plan.read(write(tmp_path, encode([HEADER, *rows])))
    assert result.frame["theme"].to_list() == ["x", "x"]
    assert [(r.line, r.column) for r in result.rejects] == [(3, "キャンペーン名")]
