import datetime as dt
from pathlib import Path

import pytest

from ingest import offline_channels, registry
from ingest.errors import IngestError
from tests.conftest import e_applications_csv, google_ads_ja_report
from tests.ingest.civic_quirks import ENCODINGS, encode, lookalike, write

HEADER = "日付,チャネル,番組・号,テーマ,リーチ・接触数,費用,備考"
ROWS = [
    '2025/04/01,広報紙,広報みどり 4月号,マイナンバー,"100,000","￥3,000,000",',
    '令和7年4月2日,コミュニティFM,みどり市役所だより,防災,"8,500",55000円,',
    "R7.4.3,コールセンター,,ごみ,１２３,-,山田様 090-1234-5678 折り返し",
]


@pytest.mark.parametrize("encoding", ENCODINGS)
@pytest.mark.parametrize("newline", ["\r\n", "\n"])
def test_every_encoding_and_line_ending(tmp_path: Path, encoding: str, newline: str) -> None:
    path = write(tmp_path, encode([HEADER, *ROWS], encoding, newline))
    assert registry.detect(path).name == "offline_channels"
    result = offline_channels.read(path)
    frame = result.frame
    assert not result.rejects and result.rows_in == 3
    assert frame["activity_date"].to_list() == [dt.date(2025, 4, d) for d in (1, 2, 3)]
    assert frame["channel_code"].to_list() == ["koho_shi", "community_fm", "call_center"]
    assert frame["channel_name"].to_list() == ["広報紙", "コミュニティFM", "コールセンター"]
    assert frame["reach"].to_list() == [100_000, 8_500, 123]
    assert frame["cost_jpy"].to_list() == [3_000_000.0, 55_000.0, None]
    assert frame["notes"].to_list() == [None, None, "山田様 [phone] 折り返し"]
    assert frame["_row_number"].to_list() == [2, 3, 4]


def test_pii_is_scrubbed_in_quoted_multiline_notes_and_rejects(tmp_path: Path) -> None:
    rows = [
        '2025-04-01,コールセンター,,税,5,,"佐藤様より\n連絡先 sato@example.jp / 03-1234-5678"',
        "2025-04-02,コールセンター,,税,-3,,連絡先 090-9999-0000",
    ]
    result = offline_channels.read(write(tmp_path, encode([HEADER, *rows])))
    assert result.frame["notes"].to_list() == ["佐藤様より\n連絡先 [email] / [phone]"]
    [reject] = result.rejects
    assert (reject.line, reject.column) == (4, "リーチ・接触数")
    assert "090" not in reject.raw and "[phone]" in reject.raw


def test_bounds_units_and_man_are_read_as_reach(tmp_path: Path) -> None:
    rows = [
        "2025-04-01,ケーブルテレビ,週刊みどり,観光,< 1000,,",
        "2025-04-02,防災行政無線,,台風,10万世帯,,",
        "2025-04-03,窓口,,,1000未満,,",
        '2025-04-04,広報紙,号外,防災,"2,500部",,',
    ]
    frame = offline_channels.read(write(tmp_path, encode([HEADER, *rows]))).frame
    assert frame["reach"].to_list() == [None, 100_000, None, 2_500]
    assert frame["reach_bound"].to_list() == ["< 1000", None, "1000未満", None]


def test_lookalike_headers_english_headers_and_unknown_channels(tmp_path: Path) -> None:
    data = encode([lookalike(HEADER), "2025-04-01,ｺﾐｭﾆﾃｨFM,x,y,1,0,"], "cp932")
    assert offline_channels.read(write(tmp_path, data)).frame["channel_code"][0] == "community_fm"
    data = encode(["Date,Channel,Programme,Topic,Reach,Cost,Notes", "2025-04-01,回覧板,,,7,,"])
    frame = offline_channels.read(write(tmp_path, data)).frame
    assert (frame["channel_code"][0], frame["channel_name"][0]) == ("other", "回覧板")


def test_quoted_newline_in_header(tmp_path: Path) -> None:
    data = encode(['日付,チャネル,"リーチ・\n接触数"', "2025-04-01,窓口,12"])
    assert offline_channels.read(write(tmp_path, data)).frame["reach"].to_list() == [12]


def test_formula_cells_are_kept_verbatim(tmp_path: Path) -> None:
    rows = ["2025-04-01,窓口,=cmd|' /C calc'!A0,+SUM(A1),1,,@foo"]
    frame = offline_channels.read(write(tmp_path, encode([HEADER, *rows]))).frame
    assert frame.row(0, named=True)["programme"] == "=cmd|' /C calc'!A0"
    assert (frame["topic"][0], frame["notes"][0]) == ("+SUM(A1)", "@foo")


def test_bad_cells_are_rejected_with_line_and_column(tmp_path: Path) -> None:
    rows = [
        "2025-04-01,窓口,,,1,,",
        "2025-04-31,窓口,,,1,,",
        "2025-04-02,,,,1,,",
        "2025-04-03,窓口,,,abc,,",
        "2025-04-04,窓口,,,1,-500,",
    ]
    result = offline_channels.read(write(tmp_path, encode([HEADER, *rows])))
    assert result.frame.height == 1
    assert [(r.line, r.column) for r in result.rejects] == [
        (3, "日付"),
        (4, "チャネル"),
        (5, "リーチ・接触数"),
        (6, "費用"),
    ]


def test_missing_values_and_missing_required_column(tmp_path: Path) -> None:
    frame = offline_channels.read(
        write(tmp_path, encode([HEADER, "2025-04-01,窓口,--,-,,,"]))
    ).frame
    assert frame.row(0, named=True)["programme"] is None and frame["reach"][0] is None
    with pytest.raises(IngestError, match="expected columns"):
        offline_channels.read(write(tmp_path, encode(["日付,チャネル", "2025-04-01,窓口"])))


def test_other_formats_are_not_taken() -> None:
    for data in (
        e_applications_csv(["2025/04/01,P001,a,1,1"]),
        google_ads_ja_report(["有効\tA\t検索\t2025-04-01\t携帯電話\tJPY\t1\t1\t1\t0\t --"], None),
        "日付,申請件数,交付件数\n2025-04-01,1,1\n".encode(),
    ):
        assert not offline_channels.looks_like(registry_text(data))


def registry_text(data: bytes) -> str:
    from ingest.text import decode_text

    return decode_text(data)
