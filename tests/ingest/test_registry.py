import gzip
from pathlib import Path

import pytest

from ingest import registry
from ingest.errors import IngestError, UnknownFormatError
from tests.conftest import e_applications_csv, ga4_event, google_ads_ja_report, write_ndjson


def test_detects_by_content_not_name(tmp_path: Path) -> None:
    ga4 = write_ndjson(tmp_path / "report.csv", [ga4_event("u", 1, 1)])
    ads = tmp_path / "events.json"
    ads.write_bytes(
        google_ads_ja_report(["有効\tA\t検索\t2025-04-01\t携帯電話\tJPY\t1\t1\t1\t0\t --"], None)
    )
    apps = tmp_path / "data.txt"
    apps.write_bytes(e_applications_csv(["2025/04/01,P001,a,1,1"]))
    gz = write_ndjson(tmp_path / "noext", [ga4_event("u", 1, 1)], gz=True)
    assert [registry.detect(p).name for p in (ga4, ads, apps, gz)] == [
        "ga4",
        "google_ads",
        "e_applications",
        "ga4",
    ]


def test_unknown_format_lists_what_is_known(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("foo,bar\n1,2\n")
    with pytest.raises(UnknownFormatError) as caught:
        registry.detect(path)
    message = str(caught.value)
    assert "x.csv" in message and "ga4" in message and "google_ads" in message


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.csv"
    path.touch()
    with pytest.raises(IngestError, match="empty"):
        registry.detect(path)


def test_corrupt_gzip(tmp_path: Path) -> None:
    path = tmp_path / "bad.json.gz"
    path.write_bytes(gzip.compress(b'{"event_name": "x", "event_timestamp": "1"}\n' * 100)[:60])
    with pytest.raises(IngestError):
        registry.read(path)


def test_source_override(tmp_path: Path) -> None:
    path = write_ndjson(tmp_path / "e.json", [ga4_event("u", 1, 1)])
    assert [r.table for r in registry.read(path, source="ga4")] == ["ga4__events"]
    with pytest.raises(UnknownFormatError, match="unknown source"):
        registry.read(path, source="nope")


def test_every_reader_has_an_empty_schema() -> None:
    for reader in registry.READERS:
        empties = reader.empty()
        for empty in empties if isinstance(empties, list) else [empties]:
            assert empty.frame.height == 0 and "_row_number" in empty.frame.columns


def test_head_cut_inside_a_multibyte_character(tmp_path: Path) -> None:
    """Detection reads the first 64 KB; a Japanese character split at that boundary must not
    break detection (it did: the head then failed both UTF-8 and CP932)."""
    for pad in range(3):
        line = write_ndjson(
            tmp_path / "probe.json", [ga4_event("u", 1, 1, note="x" * pad + "あ" * 30000)]
        )
        data = line.read_bytes()
        try:
            data[: registry._HEAD_BYTES].decode("utf-8")
        except UnicodeDecodeError:
            break
    else:
        raise AssertionError("no padding splits a character at the boundary")
    assert registry.detect(line).name == "ga4"
