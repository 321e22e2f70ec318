"""Shared fixtures: small export files written by the tests themselves, and the real samples
in ../shared/fixtures/real when that folder exists (CI has it)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from civicpulse.settings import Settings
from warehouse.connections import connect_writer

REPO = Path(__file__).resolve().parents[1]
REAL = REPO.parent / "shared" / "fixtures" / "real"


@pytest.fixture
def real_fixtures() -> Path:
    if not REAL.exists():
        pytest.skip(f"{REAL} not present (it is beside the repository in CI)")
    return REAL


def ga4_event(
    user: str, session: int, at_micros: int, name: str = "page_view", **params: object
) -> dict[str, object]:
    """One GA4 BigQuery-export event (INT64 as strings, as `bq extract` writes them)."""

    def value(v: object) -> dict[str, object]:
        if isinstance(v, int):
            return {"string_value": None, "int_value": str(v), "float_value": None,
                    "double_value": None}
        return {"string_value": str(v), "int_value": None, "float_value": None,
                "double_value": None}

    all_params = {"ga_session_id": session, "ga_session_number": 1, **params}
    return {
        "event_date": "20250401",
        "event_timestamp": str(at_micros),
        "event_name": name,
        "event_params": [{"key": k, "value": value(v)} for k, v in all_params.items()],
        "user_pseudo_id": user,
        "user_properties": [],
        "device": {"category": "mobile", "language": "ja-jp", "web_info": {"browser": "Safari"}},
        "geo": {"country": "Japan", "region": "Shizuoka", "city": "Fuji"},
        "traffic_source": {"name": "(direct)", "medium": "(none)", "source": "(direct)"},
        "collected_traffic_source": None,
        "items": [],
        "ecommerce": None,
        "platform": "WEB",
    }


def query_writer(settings: Settings, sql: str) -> list[tuple[object, ...]]:
    """The rows of one query on the warehouse (the writer's connection, closed after)."""
    con = connect_writer(settings.paths)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def write_ndjson(path: Path, events: list[dict[str, object]], gz: bool = False) -> Path:
    text = "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in events)
    if gz:
        path.write_bytes(gzip.compress(text.encode(), mtime=0))
    else:
        path.write_text(text, encoding="utf-8")
    return path


GOOGLE_ADS_JA_HEADER = (
    "キャンペーンのステータス\tキャンペーン\tキャンペーン タイプ\t日\tデバイス\t通貨コード\t"
    "表示回数\tクリック数\t費用\tコンバージョン\t視聴回数"
)


def google_ads_ja_report(rows: list[str], total: str | None) -> bytes:
    """A Japanese-UI campaign report as the UI downloads it: UTF-16LE with BOM, TAB, CRLF."""
    lines = ["キャンペーン レポート", "2025年4月1日 - 2025年4月30日", GOOGLE_ADS_JA_HEADER, *rows]
    if total is not None:
        lines.append(total)
    return b"\xff\xfe" + ("\r\n".join(lines) + "\r\n").encode("utf-16-le")


E_APPLICATIONS_HEADER = "日付,手続ID,手続名,オンライン申請件数,窓口申請件数"


def e_applications_csv(rows: list[str], encoding: str = "cp932") -> bytes:
    return ("\r\n".join([E_APPLICATIONS_HEADER, *rows]) + "\r\n").encode(encoding)
