"""Google Ads UI report (UTF-16LE TSV) and 電子申請 counts (CP932 CSV)."""

from __future__ import annotations

import csv
import io
import json

from .conftest import City

ADS_HEADER = (
    "キャンペーンのステータス\tキャンペーン\tキャンペーン タイプ\t日\tデバイス\t通貨コード\t"
    "表示回数\tクリック数\t費用\tコンバージョン\t視聴回数"
)
EAPP_HEADER = "日付,手続ID,手続名,オンライン申請件数,窓口申請件数"


def _num(cell: str) -> float:
    return float(cell.replace(",", ""))


def _ads_rows(city: City) -> tuple[list[str], list[list[str]], list[list[str]]]:
    raw = (city.out / "google_ads" / "campaign_report_FY2025.csv").read_bytes()
    assert raw[:2] == b"\xff\xfe"
    text = raw.decode("utf-16-le").removeprefix("\ufeff")
    assert "\r\n" in text
    lines = text.split("\r\n")
    assert lines[-1] == ""
    rows = list(csv.reader(io.StringIO("\n".join(lines[3:-1])), delimiter="\t"))
    data = [r for r in rows if not r[0].startswith("合計:")]
    totals = [r for r in rows if r[0].startswith("合計:")]
    return lines[:3], data, totals


def test_ads_report_preamble_and_header(city: City) -> None:
    head, data, totals = _ads_rows(city)
    assert head == ["キャンペーン レポート", "2025年4月1日 - 2026年3月31日", ADS_HEADER]
    assert data and totals and totals[0][0] == "合計: キャンペーン"
    for r in data:
        assert len(r) == 11
        assert r[0] in ("有効", "一時停止")
        assert r[2] in ("検索", "ディスプレイ", "動画", "P-MAX")
        assert r[4] in ("携帯電話", "パソコン", "タブレット")
        assert r[5] == "JPY"
        assert (r[10] == " --") == (r[2] != "動画")


def test_ads_totals_equal_sum_of_rows(city: City) -> None:
    _, data, totals = _ads_rows(city)
    for total in totals:
        for col in (6, 7, 8, 9):
            assert round(sum(_num(r[col]) for r in data), 2) == _num(total[col])
        views = sum(_num(r[10]) for r in data if r[10] != " --")
        assert views == _num(total[10])


def test_ads_thousands_are_quoted_in_the_raw_text(city: City) -> None:
    raw = (city.out / "google_ads" / "campaign_report_FY2025.csv").read_bytes()
    text = raw.decode("utf-16-le")
    assert '\t"1,' in text or '\t"2,' in text or '\t"9,' in text


def test_ads_match_ground_truth(city: City) -> None:
    truth = json.loads(city.ground_truth.read_text(encoding="utf-8"))
    _, data, _ = _ads_rows(city)
    for c in truth["campaigns"]:
        rows = [r for r in data if r[1] == c["campaign_name"]]
        assert sum(_num(r[8]) for r in rows) == c["total_cost_jpy"]
        assert min(r[3] for r in rows) == c["start_date"]
        assert max(r[3] for r in rows) == c["end_date"]


def _eapps(city: City) -> list[list[str]]:
    raw = (city.out / "e_applications" / "denshi_shinsei_FY2025.csv").read_bytes()
    text = raw.decode("cp932")
    assert text.startswith(EAPP_HEADER + "\r\n")
    return list(csv.reader(io.StringIO(text.replace("\r\n", "\n"))))[1:]


def test_e_applications_layout(city: City) -> None:
    rows = _eapps(city)
    assert len(rows) == 365 * 10
    assert rows[0][0] == "2025/04/01" and rows[-1][0] == "2026/03/31"
    assert {r[1] for r in rows} == {f"P{i:03d}" for i in range(1, 11)}
    assert all(r[3].isdigit() and r[4].isdigit() for r in rows)


def test_counters_closed_on_weekends_and_online_share_rises(city: City) -> None:
    import datetime as dt

    rows = _eapps(city)
    for r in rows:
        day = dt.datetime.strptime(r[0], "%Y/%m/%d").date()
        if day.weekday() >= 5 or (day.month, day.day) in ((12, 30), (1, 2)):
            assert r[4] == "0"
    first = [r for r in rows if r[0] < "2025/07/01" and r[1] == "P001"]
    last = [r for r in rows if r[0] >= "2026/01/01" and r[1] == "P001"]

    def share(rs: list[list[str]]) -> float:
        on, co = sum(int(r[3]) for r in rs), sum(int(r[4]) for r in rs)
        return on / (on + co)

    assert share(last) > share(first)


def test_planted_effects_show_in_online_counts(city: City) -> None:
    truth = json.loads(city.ground_truth.read_text(encoding="utf-8"))
    rows = _eapps(city)
    for c in truth["campaigns"]:
        if not c["planted_effect_total"]:
            continue
        start, end = c["start_date"].replace("-", "/"), c["end_date"].replace("-", "/")
        online = sum(
            int(r[3]) for r in rows if r[1] == c["target_procedure_id"] and start <= r[0] <= end
        )
        assert online >= c["planted_effect_total"]
