"""Meta Marketing API tables (connector shape): real samples checked against the files
themselves, and quirks on small tables written here."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest

from ingest import meta_ads_api, meta_ads_report, registry
from ingest.errors import IngestError

BASIC_AD = (
    "ad_id,date,account_id,impressions,inline_link_clicks,spend,reach\r\n"
    '101,2025-04-01,9,"1,000",10,144.,500\r\n'
    "101,2025-04-02,9,２０００,--,55.5,\r\n"
)


def write(tmp_path: Path, data: bytes, name: str = "table.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _file_rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def test_real_basic_ad_rows_and_totals(real_fixtures: Path) -> None:
    path = real_fixtures / "meta_ads" / "facebook_ads_basic_ad_data.csv"
    assert registry.detect(path).name == "meta_ads_api"
    [result] = registry.read(path)
    rows = _file_rows(path)
    frame = result.frame
    assert result.table == "meta_ads_api__basic_ad" and not result.rejects
    assert frame.height == len(rows) == result.rows_in
    assert frame["impressions"].sum() == sum(int(r["impressions"]) for r in rows)
    assert frame["inline_link_clicks"].sum() == sum(int(r["inline_link_clicks"]) for r in rows)
    assert frame["spend"].sum() == pytest.approx(sum(float(r["spend"]) for r in rows))
    # reach is kept per row, exactly as the file has it (never summed by the reader)
    assert frame["reach"].to_list() == [int(r["reach"]) for r in rows]
    assert frame["ad_id"].to_list() == [r["ad_id"] for r in rows]
    assert frame["date"].to_list() == [dt.date.fromisoformat(r["date"]) for r in rows]
    assert frame.select("ad_id", "date").is_duplicated().sum() == 0  # the natural key holds


def test_real_basic_ad_actions_rows_and_totals(real_fixtures: Path) -> None:
    path = real_fixtures / "meta_ads" / "facebook_ads_basic_ad_actions_data.csv"
    [result] = registry.read(path)
    rows = _file_rows(path)
    frame = result.frame
    assert result.table == "meta_ads_api__basic_ad_actions" and not result.rejects
    assert frame.height == len(rows)
    assert frame["value"].sum() == pytest.approx(sum(float(r["value"]) for r in rows))
    assert frame["value_7d_click"].sum() == pytest.approx(
        sum(float(r["_7_d_click"] or 0) for r in rows)
    )
    assert frame["value_1d_view"].sum() == pytest.approx(
        sum(float(r["_1_d_view"] or 0) for r in rows)
    )
    assert frame["action_type"].to_list() == [r["action_type"] for r in rows]
    assert frame["fivetran_synced_at"][0] == dt.datetime(2023, 5, 18, 18, 41, 1, 193000)
    assert frame.select("ad_id", "date", "action_type").is_duplicated().sum() == 0


def test_real_campaign_history(real_fixtures: Path) -> None:
    path = real_fixtures / "meta_ads" / "facebook_ads_campaign_history_data.csv"
    [result] = registry.read(path)
    rows = _file_rows(path)
    frame = result.frame
    assert result.table == "meta_ads_api__campaign_history" and frame.height == len(rows)
    assert frame["campaign_id"].n_unique() == len({r["id"] for r in rows})
    assert frame["campaign_name"].to_list() == [r["name"] for r in rows]
    assert frame["updated_at"][0] == dt.datetime(2020, 11, 23, 16, 27, 51)
    assert frame.select("campaign_id", "updated_at").is_duplicated().sum() == 0


def test_real_samples_are_not_ads_manager_exports(real_fixtures: Path) -> None:
    for path in sorted((real_fixtures / "meta_ads").glob("*.csv")):
        assert not meta_ads_report.looks_like(registry.head_text(path))


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp932", "utf-16"])
@pytest.mark.parametrize("newline", ["\r\n", "\n"])
def test_quirks_on_a_small_table(tmp_path: Path, encoding: str, newline: str) -> None:
    text = BASIC_AD.replace("\r\n", newline)
    if encoding == "utf-16":
        text = text.replace(",", "\t").replace('"1\t000"', '"1,000"')
    result = meta_ads_api.read(write(tmp_path, text.encode(encoding)))
    frame = result.frame
    assert frame["impressions"].to_list() == [1000, 2000]
    assert frame["inline_link_clicks"].to_list() == [10, None]
    assert frame["spend"].to_list() == [144.0, 55.5]
    assert frame["reach"].to_list() == [500, None]
    assert frame["_row_number"].to_list() == [2, 3]


def test_negative_spend_missing_and_repeated_keys_are_rejected(tmp_path: Path) -> None:
    data = BASIC_AD + "102,2025-04-01,9,1,1,-3.0,1\r\n,2025-04-01,9,1,1,1,1\r\n"
    data += "101,2025-04-01,9,1,1,1,1\r\n"  # the same ad and day again
    result = meta_ads_api.read(write(tmp_path, data.encode()))
    assert [(r.line, r.column) for r in result.rejects] == [
        (4, "spend"),
        (5, "ad_id"),
        (6, "ad_id"),
    ]
    assert "as line 2" in result.rejects[2].reason


def test_timestamps_with_offsets(tmp_path: Path) -> None:
    data = 'id,account_id,name,updated_time\n1,9,=HYPERLINK("x"),2020-11-23T16:27:51+0000\n'
    frame = meta_ads_api.read(write(tmp_path, data.encode())).frame
    assert frame["updated_at"][0] == dt.datetime(2020, 11, 23, 16, 27, 51)
    assert frame["campaign_name"][0] == '=HYPERLINK("x")'  # formula-like text kept verbatim
    bad = "id,account_id,name,updated_time\n1,9,a,yesterday\n"
    assert meta_ads_api.read(write(tmp_path, bad.encode())).rejects[0].column == "updated_time"


def test_not_an_api_table(tmp_path: Path) -> None:
    ad_history = "id,account_id,ad_set_id,campaign_id,name,updated_time\n1,9,2,3,a,2020-01-01\n"
    for text in ("Ad ID,Date,Impressions,Spend\n1,2025-04-01,1,1\n", "a,b\n1,2\n", ad_history):
        assert not meta_ads_api.looks_like(text)
    with pytest.raises(IngestError, match="not a Meta API table"):
        meta_ads_api.read(write(tmp_path, b"a,b\n1,2\n"))


def test_empty_schemas_match_reads(tmp_path: Path) -> None:
    empties = {r.entity: r.frame.schema for r in meta_ads_api.empty()}
    assert set(empties) == {"basic_ad", "basic_ad_actions", "campaign_history"}
    assert meta_ads_api.read(write(tmp_path, BASIC_AD.encode())).frame.schema == empties["basic_ad"]
