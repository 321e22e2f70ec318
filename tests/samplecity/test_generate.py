"""Layout, determinism and seed sensitivity of samplecity.generate()."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

import samplecity
from samplecity import ground_truth as gt_module

from .conftest import City


def _files(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def test_writes_the_contract_files_and_reports_every_file(city: City) -> None:
    names = set(_files(city.out))
    ga4 = {n for n in names if n.startswith("ga4/")}
    assert len(ga4) == 365
    assert "ga4/events_20250401.json.gz" in ga4 and "ga4/events_20260331.json.gz" in ga4
    assert {
        "google_ads/campaign_report_FY2025.csv",
        "e_applications/denshi_shinsei_FY2025.csv",
    } <= names - ga4
    # Every file on disk is in the summary (channel writers included), and nothing else;
    # the sample web pages are reported too but live beside `out` ("../site_html/…").
    inside = {f for f in city.summary["files"] if not f.startswith("../")}
    assert names == inside


def test_ground_truth_is_beside_not_inside(city: City) -> None:
    assert city.ground_truth.is_file()
    assert city.ground_truth.parent == city.out.parent
    assert not [p for p in city.out.rglob("*") if "ground_truth" in p.name]


def test_summary_matches_files(city: City) -> None:
    s = city.summary
    assert set(s) >= {"files", "rows", "events", "sessions", "users", "ground_truth"}
    ga4_rows = sum(v for k, v in s["files"].items() if k.startswith("ga4/"))
    assert ga4_rows == s["events"] == s["rows"]["ga4_events"] > 0
    assert s["sessions"] > s["users"] > 0
    truth = json.loads(city.ground_truth.read_text(encoding="utf-8"))
    assert truth["totals"]["events"] == s["events"]
    assert truth["totals"]["sessions"] == s["sessions"]
    assert truth["totals"]["users"] == s["users"]


def test_same_seed_gives_identical_bytes(city: City, city_again: City) -> None:
    a, b = _files(city.out), _files(city_again.out)
    assert a.keys() == b.keys()
    different = [k for k in a if a[k] != b[k]]
    assert different == []
    assert city.ground_truth.read_bytes() == city_again.ground_truth.read_bytes()


def test_different_seeds_plant_different_sizes(city: City, city_other_seed: City) -> None:
    a = json.loads(city.ground_truth.read_text(encoding="utf-8"))
    b = json.loads(city_other_seed.ground_truth.read_text(encoding="utf-8"))
    assert [s["share"] for s in a["segments"]] != [s["share"] for s in b["segments"]]
    effects_a = {c["campaign_name"]: c["planted_effect_per_day"] for c in a["campaigns"]}
    effects_b = {c["campaign_name"]: c["planted_effect_per_day"] for c in b["campaigns"]}
    assert effects_a != effects_b
    assert a["calendar_events"] != b["calendar_events"] or a["city"] != b["city"]


def test_ground_truth_content(city: City) -> None:
    truth = json.loads(city.ground_truth.read_text(encoding="utf-8"))
    assert truth["municipality_code"] == "990019"
    assert (truth["seed"], truth["scale"], truth["fiscal_year"]) == (11, 0.002, 2025)
    towns = truth["city"]["towns"]
    assert len(towns) >= 20
    assert 240_000 < truth["city"]["population_total"] < 260_000
    assert all(len(t["male"]) == len(t["female"]) == 18 for t in towns)
    segs = truth["segments"]
    assert 5 <= len(segs) <= 7
    assert abs(sum(s["share"] for s in segs) - 1) < 1e-3
    members = truth["user_segments"]
    assert len(members) == truth["totals"]["users"]
    assert set(members.values()) <= {s["segment_id"] for s in segs}
    for s in segs:
        assert s["n_users"] == sum(1 for v in members.values() if v == s["segment_id"])
    campaigns = truth["campaigns"]
    assert 8 <= len(campaigns) <= 14
    assert sum(c["is_placebo"] for c in campaigns) >= 2
    assert any(c["campaign_type"] == "動画" for c in campaigns)
    for c in campaigns:
        assert c["start_date"] <= c["end_date"]
        if c["is_placebo"]:
            assert c["target_procedure_id"] and c["planted_effect_total"] == 0
        assert c["planted_effect_total"] == sum(c["planted_effect_daily"])
    assert any(c["planted_effect_per_day"] > 0 for c in campaigns)


def test_membership_file_at_large_scale(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(gt_module, "INLINE_MEMBERSHIP_MAX_SCALE", 0.0005)
    out = tmp_path / "inbox"
    summary = samplecity.generate(out, seed=5, scale=0.001)
    truth = json.loads((tmp_path / "ground_truth.json").read_text(encoding="utf-8"))
    assert truth["user_segments"] is None
    member = tmp_path / truth["user_segments_file"]
    assert member.is_file() and str(member) in summary["ground_truth"]
    lines = gzip.decompress(member.read_bytes()).decode("utf-8").splitlines()
    assert lines[0] == "user_pseudo_id,segment_id"
    assert len(lines) - 1 == truth["totals"]["users"]


@pytest.mark.parametrize(
    "kwargs", [{"scale": 0.0}, {"scale": 2.0}, {"seed": -1}, {"fiscal_year": 1999}]
)
def test_rejects_bad_arguments(tmp_path: Path, kwargs: dict[str, float]) -> None:
    args = {"seed": 1, "scale": 0.01, **kwargs}
    with pytest.raises(samplecity.SampleCityError):
        samplecity.generate(tmp_path / "inbox", **args)  # type: ignore[arg-type]
