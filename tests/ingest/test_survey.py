import hashlib
import hmac
from pathlib import Path

import pytest

from ingest import registry, survey
from ingest.errors import IngestError
from tests.ingest.civic_quirks import ENCODINGS, encode, lookalike, write

KEY = "test-key"
HEADER = (
    "調査名,回答者ID,回答日,年齢,性別,居住地区,世帯構成,"
    "情報入手手段_LINE,情報入手手段_広報紙,情報入手手段（市ウェブサイト）,関心のある分野,自由意見"
)
ROWS = [
    "R7市民意識調査,0001,2025/07/01,20代,女性,緑ヶ丘,単身,1,0,○,子育て、防災,特になし",
    'R7市民意識調査,0002,令和7年7月2日,70歳以上,男,本町,夫婦のみ,0,1,,,"電話 090-1234-5678\nmail a@b.jp"',
    "R7市民意識調査,ＡＢ３,,３４,,新町,,,,,,",
]


@pytest.fixture(autouse=True)
def _key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CIVICPULSE_PSEUDONYM_KEY", KEY)


def expected_key(respondent_id: str, key: str = KEY) -> str:
    """HMAC-SHA256(key, id), hex (ingest.pii.keyed_hash), written out independently."""
    return hmac.new(key.encode(), respondent_id.encode(), hashlib.sha256).hexdigest()


@pytest.mark.parametrize("encoding", ENCODINGS)
@pytest.mark.parametrize("newline", ["\r\n", "\n"])
def test_every_encoding_and_line_ending(tmp_path: Path, encoding: str, newline: str) -> None:
    path = write(tmp_path, encode([HEADER, *ROWS], encoding, newline))
    assert registry.detect(path).name == "survey"
    result = survey.read(path)
    frame = result.frame
    assert not result.rejects and result.rows_in == 3
    assert frame["respondent_key"].to_list() == [expected_key(i) for i in ("0001", "0002", "AB3")]
    assert frame["age_band"].to_list() == ["20-29", "70+", "30-39"]
    assert frame["age_lower"].to_list() == [20, 70, 30]
    assert frame["age_upper"].to_list() == [29, None, 39]
    assert frame["sex"].to_list() == ["female", "male", "no_answer"]
    assert frame["town_name"].to_list() == ["緑ヶ丘", "本町", "新町"]
    assert frame["town_key"][0] == "緑ケ丘"
    assert frame["household_type"].to_list() == ["single", "couple", None]
    assert frame["channels"].to_list() == ["line|website", "koho_shi", None]
    assert frame["topics"].to_list() == ["子育て|防災", None, None]
    assert frame["comment"][1] == "電話 [phone]\nmail [email]"


def test_raw_ids_never_leave_the_reader(tmp_path: Path) -> None:
    rows = [*ROWS, "R7市民意識調査,0001,,40代,男,本町,,1,0,0,,連絡は 03-1111-2222"]
    result = survey.read(write(tmp_path, encode([HEADER, *rows])))
    assert "respondent_id" not in result.frame.columns
    [reject] = result.rejects
    assert (reject.line, reject.column, reject.reason) == (
        6,
        "回答者ID",
        "duplicate respondent id in this survey",
    )
    assert ",0001," not in reject.raw and expected_key("0001") in reject.raw
    assert "03-1111" not in reject.raw


def test_the_key_is_a_parameter_and_required(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path, encode([HEADER, *ROWS]))
    other = survey.read(path, key="another")
    assert other.frame["respondent_key"][0] == expected_key("0001", "another")
    monkeypatch.delenv("CIVICPULSE_PSEUDONYM_KEY")
    with pytest.raises(IngestError, match="CIVICPULSE_PSEUDONYM_KEY"):
        survey.read(path)


def test_list_columns_and_english_headers(tmp_path: Path) -> None:
    data = encode(
        [
            "Survey,Respondent ID,Age,Sex,Town,Channels,Topics",
            'FY2025,1,18・19歳,female,本町,"LINE, Instagram, X（旧Twitter）, 掲示板",観光;税',
        ]
    )
    frame = survey.read(write(tmp_path, data)).frame
    assert frame["channels"][0] == "instagram|line|other|x"
    assert frame["topics"][0] == "観光|税"
    assert frame["age_band"][0] == "18-19"


def test_lookalike_and_multiline_headers(tmp_path: Path) -> None:
    header = lookalike("調査名,回答者ID,年齢,性別,居住地区") + ',"情報入手手段\n[YouTube]"'
    data = encode([header, "R7,1,60～69歳,女性,本町,TRUE"], "cp932")
    frame = survey.read(write(tmp_path, data)).frame
    assert frame.select("age_band", "channels").row(0) == ("60-69", "youtube")


def test_bad_cells_are_rejected(tmp_path: Path) -> None:
    rows = [
        "R7,1,,20代,女性,本町,,1,0,0,,",
        "R7,2,,二十代,女性,本町,,1,0,0,,",
        "R7,3,,20代,女性?,本町,,1,0,0,,",
        "R7,4,,20代,女性,本町,,2,0,0,,",
        "R7,,,20代,女性,本町,,1,0,0,,",
        'R7,6,,20代,女性,本町,,1,0,0,,=HYPERLINK("x")',
    ]
    result = survey.read(write(tmp_path, encode([HEADER, *rows])))
    assert result.frame["comment"].to_list() == [None, '=HYPERLINK("x")']
    assert [(r.line, r.column) for r in result.rejects] == [
        (3, "年齢"),
        (4, "性別"),
        (5, "情報入手手段_LINE"),
        (6, "回答者ID"),
    ]


def test_channels_question_is_required(tmp_path: Path) -> None:
    data = encode(["調査名,回答者ID,年齢,性別,居住地区", "R7,1,20代,女性,本町"])
    with pytest.raises(IngestError, match="channels question"):
        survey.read(write(tmp_path, data))


def test_other_formats_are_not_taken() -> None:
    assert not survey.looks_like("日付,チャネル,リーチ・接触数\n2025-04-01,窓口,1\n")
    assert not survey.looks_like("キャンペーン名,テーマ,開始日,終了日\na,b,2025-04-01,2025-04-02\n")
