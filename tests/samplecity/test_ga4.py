"""GA4 export files: BigQuery-export shape, weekly cycle and seasonality."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import re
from collections import Counter

from .conftest import City

HOST = "https://www.city.midori.example.jp"


def _lines(city: City, day: str) -> list[str]:
    raw = (city.out / "ga4" / f"events_{day}.json.gz").read_bytes()
    return gzip.decompress(raw).decode("utf-8").splitlines()


def _daily_counts(city: City, needle: str) -> dict[dt.date, int]:
    """Lines per day containing `needle` (plain substring scan, no JSON parsing)."""
    out = {}
    for path in sorted((city.out / "ga4").glob("events_*.json.gz")):
        day = dt.datetime.strptime(path.name[7:15], "%Y%m%d").date()
        text = gzip.decompress(path.read_bytes()).decode("utf-8")
        out[day] = sum(1 for line in text.splitlines() if needle in line)
    return out


def test_gzip_header_is_reproducible(city: City) -> None:
    raw = (city.out / "ga4" / "events_20250701.json.gz").read_bytes()
    assert raw[:2] == b"\x1f\x8b"
    assert raw[4:8] == b"\x00\x00\x00\x00"  # mtime 0


def test_events_have_bigquery_export_shape(city: City) -> None:
    lines = _lines(city, "20250701")
    assert lines
    names = Counter()
    for line in lines:
        e = json.loads(line)
        names[e["event_name"]] += 1
        assert e["event_date"] == "20250701"
        assert re.fullmatch(r"\d{16}", e["event_timestamp"])
        assert re.fullmatch(r"\d+\.\d{10}", e["user_pseudo_id"])
        assert re.fullmatch(r"\d{16}", e["user_first_touch_timestamp"])
        assert e["platform"] == "WEB" and e["items"] == [] and e["user_properties"] == []
        assert e["device"]["category"] in {"mobile", "desktop", "tablet"}
        assert e["device"]["web_info"]["hostname"] == "www.city.midori.example.jp"
        assert e["geo"]["country"]
        assert set(e["traffic_source"]) == {"name", "medium", "source"}
        assert set(e["collected_traffic_source"]) >= {
            "manual_source",
            "manual_medium",
            "manual_campaign_name",
            "gclid",
        }
        params = {p["key"]: p["value"] for p in e["event_params"]}
        for p in e["event_params"]:
            assert set(p["value"]) == {"string_value", "int_value", "float_value", "double_value"}
        assert re.fullmatch(r"\d{10}", params["ga_session_id"]["int_value"])
        assert int(params["ga_session_number"]["int_value"]) >= 1
        assert params["page_location"]["string_value"].startswith(HOST)
        assert params["page_title"]["string_value"].endswith(("| みどり市", "| Midori City"))
        ts = int(e["event_timestamp"]) // 1_000_000
        assert 0 <= ts - int(params["ga_session_id"]["int_value"]) < 3600
        if e["event_name"] in ("form_start", "form_submit"):
            assert re.fullmatch(r"P0\d\d", params["form_id"]["string_value"])
        if e["event_name"] == "user_engagement":
            assert int(params["engagement_time_msec"]["int_value"]) > 0
    assert names["session_start"] > 0 and names["page_view"] >= names["session_start"]


def test_sessions_start_with_entrance_and_attribution(city: City) -> None:
    sessions: dict[tuple[str, str], list[dict]] = {}
    for line in _lines(city, "20251015"):
        e = json.loads(line)
        params = {p["key"]: p["value"] for p in e["event_params"]}
        key = (e["user_pseudo_id"], params["ga_session_id"]["int_value"])
        sessions.setdefault(key, []).append({"name": e["event_name"], **params})
    for events in sessions.values():
        assert sum(ev["name"] == "session_start" for ev in events) == 1
        first_pv = next(ev for ev in events if ev["name"] == "page_view")
        assert first_pv["entrances"]["int_value"] == "1"
        loc = first_pv["page_location"]["string_value"]
        if "utm_source=" in loc:
            assert first_pv["source"]["string_value"] in ("line", "newsletter", "google")
        if "source" in first_pv and first_pv["medium"]["string_value"] == "cpc":
            assert "gclid=" in loc


def test_weekdays_busier_than_weekends(city: City) -> None:
    per_day = _daily_counts(city, '"event_name":"session_start"')
    weekday = [n for d, n in per_day.items() if d.weekday() < 5]
    weekend = [n for d, n in per_day.items() if d.weekday() >= 5]
    assert sum(weekday) / len(weekday) > 1.2 * sum(weekend) / len(weekend)


def test_tax_pages_peak_in_february_march(city: City) -> None:
    per_day = _daily_counts(city, f'"string_value":"{HOST}/zei/')
    feb_mar = [n for d, n in per_day.items() if d.month in (2, 3)]
    jun_jul = [n for d, n in per_day.items() if d.month in (6, 7)]
    assert sum(feb_mar) / len(feb_mar) > 1.5 * sum(jun_jul) / len(jun_jul)


def test_all_traffic_sources_present(city: City) -> None:
    sources: Counter[str] = Counter()
    gclids = 0
    for path in sorted((city.out / "ga4").glob("events_*.json.gz")):
        for line in gzip.decompress(path.read_bytes()).decode("utf-8").splitlines():
            if '"event_name":"session_start"' not in line:
                continue
            src = re.search(r'"key":"source","value":\{"string_value":"([^"]+)"', line)
            med = re.search(r'"key":"medium","value":\{"string_value":"([^"]+)"', line)
            key = f"{src.group(1)}/{med.group(1)}" if src and med else "(direct)"
            sources[key] += 1
            gclids += '"gclid":"Cj0' in line
    expected = {
        "google/organic",
        "yahoo/organic",
        "(direct)",
        "line/social",
        "t.co/referral",
        "m.facebook.com/referral",
        "smartnews.com/referral",
        "newsletter/email",
        "google/cpc",
    }
    assert expected <= set(sources)
    assert gclids == sources["google/cpc"]
    assert sources["google/organic"] > sources["yahoo/organic"] > sources["google/cpc"]
