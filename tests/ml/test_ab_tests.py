"""A/B tests: the LINE writer plants A/B patterns with known effects, the LINE reader reads them,
ml/ab_test.py estimates them. Several seeds at small cost (only the LINE file is written)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest

from ingest import export_line
from ml.ab_test import RESULT_SCHEMA, ab_results
from ml.evaluation import ab_agreement
from samplecity.channels import line as line_writer
from samplecity.channels.context import SampleContext
from samplecity.fiscal import fiscal_calendar
from samplecity.sampling import stream
from samplecity.seasonality import typhoon_days, typhoon_intensity

SEEDS = (1, 2, 3, 4, 5)


def _line_city(tmp: Path, seed: int) -> tuple[Path, dict]:
    cal = fiscal_calendar(2025)
    typhoon = typhoon_intensity(cal, typhoon_days(cal, stream(seed, "season")))
    ctx = SampleContext(
        out=tmp,
        seed=seed,
        scale=0.001,
        fiscal_year=2025,
        cal=cal,
        city={},
        segments=[],
        campaigns=[],
        ads=pl.DataFrame(),
        typhoon=typhoon,
    )
    output = line_writer.write(ctx)
    name = next(f for f in output.files if "messages" in f)
    return tmp / name, output.truth


def _variants(path: Path) -> pl.DataFrame:
    """What fct_ab_test_variants holds, from the reader's frame (the SQL's test_id rule)."""
    frame = export_line.read(path).frame.filter(pl.col("variant").is_not_null())
    local = frame["sent_at"].dt.offset_by("9h")
    return pl.DataFrame(
        {
            "municipality_code": "990019",
            "channel": "line",
            "test_id": ("line-" + local.dt.strftime("%Y%m%d-%H%M")),
            "test_date": local.dt.date(),
            "variant": frame["variant"],
            "sends": frame["delivered"],
            "opens": frame["opened"],
            "clicks": frame["clicks"],
        }
    )


@pytest.fixture(scope="module")
def cities(tmp_path_factory: pytest.TempPathFactory) -> dict[int, tuple[Path, dict]]:
    return {s: _line_city(tmp_path_factory.mktemp(f"line{s}"), s) for s in SEEDS}


def test_planted_tests_are_written_as_pattern_rows(cities: dict) -> None:
    for path, truth in cities.values():
        variants = _variants(path)
        assert truth["ab_tests"] >= 10
        assert variants.height == 2 * truth["ab_tests"]
        assert variants.group_by("test_id").len()["len"].to_list() == [2] * truth["ab_tests"]
        ids = {e["test_id"] for e in truth["ab_effects"]}
        assert ids == set(variants["test_id"].to_list())
        effects = truth["ab_effects"]
        assert len(effects) == 2 * truth["ab_tests"]
        assert sum(e["is_null"] for e in effects) == truth["ab_tests"]  # half are nulls
        assert all(e["planted_difference"] == 0 for e in effects if e["is_null"])
        assert all(abs(e["planted_difference"]) >= 0.008 for e in effects if not e["is_null"])
        # no label in the export: the file says A/B, never which effect was planted
        text = path.read_text(encoding="utf-8-sig")
        assert "null" not in text.lower() and "planted" not in text.lower()


def test_intervals_cover_planted_effects_and_nulls_are_rarely_flagged(cities: dict) -> None:
    outcomes = {}
    for seed, (path, truth) in cities.items():
        results = ab_results(_variants(path))
        outcomes[seed] = ab_agreement(truth["ab_effects"], results)
        assert outcomes[seed]["ab_estimated"] == len(truth["ab_effects"])
    comparisons = [c for o in outcomes.values() for c in o["comparisons"]]
    real = [c for c in comparisons if "covered" in c]
    nulls = [c for c in comparisons if "covered" not in c]
    assert len(real) >= 50 and len(nulls) >= 50
    assert sum(c["covered"] for c in real) / len(real) >= 0.9, outcomes
    assert sum(bool(c["is_significant"]) for c in nulls) / len(nulls) <= 0.1, outcomes
    # the planted effects are large enough to be found at these sample sizes
    assert sum(bool(c["is_significant"]) for c in real) / len(real) >= 0.8


def _frame(rows: list[tuple[str, str, int | None, int | None, int | None]]) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "municipality_code": "990019",
            "channel": "line",
            "test_id": [r[0] for r in rows],
            "test_date": dt.date(2025, 5, 2),
            "variant": [r[1] for r in rows],
            "sends": [r[2] for r in rows],
            "opens": [r[3] for r in rows],
            "clicks": [r[4] for r in rows],
        },
        schema_overrides={"sends": pl.Int64, "opens": pl.Int64, "clicks": pl.Int64},
    )


def test_control_is_a_and_every_challenger_is_compared() -> None:
    frame = _frame(
        [
            ("t1", "C", 8000, 3300, 300),
            ("t1", "A", 8000, 3300, 300),
            ("t1", "B", 8000, 3700, 250),
            ("t2", "A", 9000, 4000, 400),  # a single variant: nothing to compare
        ]
    )
    out = ab_results(frame)
    assert out.columns == list(RESULT_SCHEMA)
    assert out["test_id"].unique().to_list() == ["t1"]
    assert sorted(out["variant"].unique().to_list()) == ["B", "C"]
    assert set(out["control_variant"].to_list()) == {"A"}
    c_open = out.filter((pl.col("variant") == "C") & (pl.col("metric") == "open_rate"))
    assert c_open["difference"][0] == 0 and not c_open["is_significant"][0]
    assert "差は確認できません" in c_open["verdict_ja"][0]
    b_open = out.filter((pl.col("variant") == "B") & (pl.col("metric") == "open_rate"))
    assert b_open["is_significant"][0] and b_open["ci_low"][0] > 0
    assert b_open["verdict_ja"][0].startswith("開封率: 差あり")


def test_small_cells_and_their_complements_are_suppressed() -> None:
    frame = _frame(
        [
            ("t1", "A", 500, 120, 9),  # 9 clicks: below 10
            ("t1", "B", 500, 495, 40),  # 5 did not open: the complement is below 10
            ("t2", "A", 500, 100, None),  # clicks hidden by LINE
            ("t2", "B", 500, 110, 30),
        ]
    )
    out = ab_results(frame, threshold=10).sort("test_id", "metric")
    status = dict(zip(zip(out["test_id"], out["metric"], strict=True), out["status"], strict=True))
    assert status == {
        ("t1", "click_rate"): "suppressed",
        ("t1", "open_rate"): "suppressed",
        ("t2", "click_rate"): "missing",
        ("t2", "open_rate"): "estimated",
    }
    hidden = out.filter(pl.col("status") == "suppressed")
    for column in ("control_successes", "variant_successes", "difference", "p_value"):
        assert hidden[column].null_count() == hidden.height
    assert hidden["is_suppressed"].all() and hidden["verdict_ja"].str.contains("10件未満").all()


def test_empty_input_gives_the_schema() -> None:
    out = ab_results(_frame([]))
    assert out.height == 0 and out.columns == list(RESULT_SCHEMA)
