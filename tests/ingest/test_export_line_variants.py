"""LINE ABテスト patterns: the optional テスト/バリアント column (English alias "Variant")."""

from pathlib import Path

import pytest

from ingest import export_line as line
from ingest import registry
from tests.ingest.export_quirks import ENCODINGS, write

HEADER = "配信日時,メッセージ,配信数,開封数,クリック数,開封率,クリック率,テスト/バリアント\n"
ROWS = (
    "2025/05/02 18:00,【みどり市】今週のお知らせ,8239,3729,308,45.3%,3.7%,A\n"
    "2025/05/02 18:00,【みどり市】今週のお知らせ,8194,4061,277,49.6%,3.4%,B\n"
    "2025/05/09 18:00,【みどり市】子育て・健康の情報,16476,6904,557,41.9%,3.4%,\n"
)


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_variant_column_is_read(tmp_path: Path, encoding: str) -> None:
    path = write(tmp_path, HEADER + ROWS, encoding, "\r\n")
    assert registry.detect(path).name == "line"
    result = line.read(path)
    assert result.table == "line__messages" and not result.rejects
    frame = result.frame
    assert frame["variant"].to_list() == ["A", "B", None]
    assert frame["delivered"].to_list() == [8239, 8194, 16476]
    # The patterns share time and text here: the derived ids still differ by pattern.
    assert frame["message_id"].n_unique() == 3


@pytest.mark.parametrize("header", ["Variant", "ABテスト", "ＡＢテスト", " テスト / バリアント "])
def test_variant_aliases(tmp_path: Path, header: str) -> None:
    text = HEADER.replace("テスト/バリアント", header) + ROWS
    assert line.read(write(tmp_path, text)).frame["variant"].to_list() == ["A", "B", None]


def test_english_download_with_variant(tmp_path: Path) -> None:
    text = (
        "Sent at,Message,Delivered,Opened,Clicks,Test variant\n"
        "2025-05-02 18:00,Weekly news,8239,3729,308,A\n"
        "2025-05-02 18:00,Weekly news,8194,4061,277,B\n"
    )
    frame = line.read(write(tmp_path, text)).frame
    assert frame["variant"].to_list() == ["A", "B"]
    assert frame["opened"].to_list() == [3729, 4061]


def test_files_without_the_column_read_as_before(tmp_path: Path) -> None:
    text = (
        "配信日時,メッセージ,配信数,開封数,クリック数\n2025/04/04 18:00,お知らせ,17697,7413,581\n"
    )
    result = line.read(write(tmp_path, text))
    assert result.frame["variant"].to_list() == [None]
    # the id of a broadcast without a pattern is the one earlier versions derived
    assert result.frame["message_id"][0] == line._derived_id("2025-04-04 09:00:00", "お知らせ")
    assert "variant" in line.empty()[1].frame.columns
