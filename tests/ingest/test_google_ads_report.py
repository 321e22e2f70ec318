import csv
import io
from pathlib import Path

import pytest

from ingest import google_ads_report
from ingest.errors import IngestError
from tests.conftest import google_ads_ja_report

ROWS = [
    '有効\tマイナンバーカード申請促進\t検索\t2025-04-01\t携帯電話\tJPY\t"12,345"\t321\t"4,567"\t12.00\t --',
    "有効\tマイナンバーカード申請促進\t検索\t2025-04-01\tパソコン\tJPY\t900\t20\t800\t1.00\t --",
    '有効\t観光PR動画\t動画\t2025-04-02\t携帯電話\tJPY\t"30,000"\t50\t"9,000"\t0.00\t"15,000"',
]
TOTAL = '合計: キャンペーン\t\t\t\t\tJPY\t"43,245"\t391\t"14,367"\t13.00\t"15,000"'


def write(tmp_path: Path, rows: list[str], total: str | None = TOTAL) -> Path:
    path = tmp_path / "report.csv"
    path.write_bytes(google_ads_ja_report(rows, total))
    return path


def test_japanese_utf16_report(tmp_path: Path) -> None:
    result = google_ads_report.read(write(tmp_path, ROWS))
    frame = result.frame
    assert result.table == "google_ads__campaign_report"
    assert frame.height == 3 and not result.rejects
    assert frame["impressions"].to_list() == [12345, 900, 30000]
    assert frame["cost"].sum() == 14367
    assert frame["video_views"].to_list() == [None, None, 15000]
    assert frame["device"].to_list() == ["携帯電話", "パソコン", "携帯電話"]
    assert str(frame["report_start_date"][0]) == "2025-04-01"
    assert frame["_row_number"].to_list() == [4, 5, 6]


def test_total_row_mismatch_means_a_truncated_file(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match="Total row"):
        google_ads_report.read(write(tmp_path, ROWS[:2]))


def test_negative_cost_is_rejected_with_line_and_column(tmp_path: Path) -> None:
    bad = ROWS[1].replace("\t800\t", "\t-800\t")
    result = google_ads_report.read(write(tmp_path, [ROWS[0], bad], total=None))
    assert [r.line for r in result.rejects] == [5]
    assert result.rejects[0].column == "cost"
    assert result.frame.height == 1


def test_short_row_is_rejected(tmp_path: Path) -> None:
    result = google_ads_report.read(write(tmp_path, [ROWS[0], "有効\t途中で切れた"], total=None))
    assert result.rejects[0].line == 5 and "expected 11 cells" in result.rejects[0].reason


def test_not_a_report(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("a,b\n1,2\n")
    with pytest.raises(IngestError, match="no header row"):
        google_ads_report.read(path)


@pytest.mark.parametrize(
    ("name", "encoding", "delimiter"),
    [
        ("ui_campaign_report_utf16le.tsv.csv", "utf-16", "\t"),
        ("ui_campaign_report_utf8.csv", "utf-8-sig", ","),
    ],
)
def test_real_reports_match_their_total_rows(
    real_fixtures: Path, name: str, encoding: str, delimiter: str
) -> None:
    path = real_fixtures / "google_ads" / name
    result = google_ads_report.read(path)
    assert result.frame.height >= 1 and not result.rejects
    # Independently of the reader: the file's own "Total: Campaigns" row.
    rows = list(csv.reader(io.StringIO(path.read_bytes().decode(encoding)), delimiter=delimiter))
    header = rows[2]
    total = next(r for r in rows if r and r[0].startswith("Total: Campaign"))
    impressions = float(total[header.index("Impr.")].replace(",", ""))
    cost = float(total[header.index("Cost")].replace(",", ""))
    assert result.frame["impressions"].sum() == impressions
    assert result.frame["cost"].sum() == pytest.approx(cost, abs=0.02)


def test_bounds_stay_text(real_fixtures: Path) -> None:
    result = google_ads_report.read(
        real_fixtures / "google_ads" / "ui_campaign_report_utf16le.tsv.csv"
    )
    assert result.frame["search_impression_share"].to_list() == ["< 10%"]
