"""Offline channels, outcomes, population, survey and campaign plan: the sample files load
through their readers with nothing refused and carry what the ground truth says."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from ingest import registry
from ingest.result import ReadResult

from .conftest import City

READERS = {
    "offline_channels": "offline_channels",
    "my_number_card": "my_number_card",
    "cashless_payments": "cashless_payments",
    "population": "population",
    "survey": "survey",
    "campaign_plan": "campaign_plan",
}


@pytest.fixture(autouse=True)
def _key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CIVICPULSE_PSEUDONYM_KEY", "sample-test")


def _truth(city: City) -> dict[str, Any]:
    return json.loads(city.ground_truth.read_text(encoding="utf-8"))


def _read(city: City, writer: str) -> tuple[list[ReadResult], dict[str, Any]]:
    part = _truth(city)["channels"][writer]
    path: Path = city.out / part["file"]
    assert registry.detect(path).name == READERS[writer]
    results = registry.read(path)
    assert all(not r.rejects for r in results), [r.rejects[:3] for r in results]
    return results, part


def test_population_file_is_the_city(city: City) -> None:
    [towns, ages], part = _read(city, "population")
    truth = _truth(city)["city"]
    assert ages.frame["population"].sum() == truth["population_total"] == part["population_total"]
    assert towns.frame["town_name"].to_list() == [t["town_name"] for t in truth["towns"]]
    first = truth["towns"][0]
    male = ages.frame.filter(town_name=first["town_name"], sex="male")["population"].to_list()
    assert male == first["male"]


def test_survey_respondents_skew_old_and_channels_differ_by_age(city: City) -> None:
    [result], part = _read(city, "survey")
    frame = result.frame
    assert frame.height == part["respondents"] and 1500 <= frame.height <= 2600
    by_age = part["respondents_by_age_band"]
    assert by_age["70-79"] > 2 * by_age["20-29"]
    shares = part["channel_use_true_share_by_age_band"]
    assert shares["20-29"]["line"] > shares["80+"]["line"]
    assert shares["80+"]["koho_shi"] > shares["20-29"]["koho_shi"]
    young = frame.filter(pl.col("age_band") == "20-29")
    old = frame.filter(pl.col("age_band") == "70-79")

    def share(f: pl.DataFrame, code: str) -> float:
        return f["channels"].fill_null("").str.contains(code).mean()  # type: ignore[return-value]

    assert share(young, "line") > share(old, "line")
    assert share(old, "koho_shi") > share(young, "koho_shi")
    assert frame["comment"].str.contains(r"\[phone\]").sum() == part["pii_comments_planted"]
    assert not frame["comment"].str.contains(r"\d{3,4}-\d{4}").any()
    assert (
        frame["town_key"].is_in([t["town_name"] for t in _truth(city)["city"]["towns"]]).mean()
        > 0.99
    )


def test_offline_channels(city: City) -> None:
    [result], part = _read(city, "offline_channels")
    frame = result.frame
    koho = frame.filter(channel_code="koho_shi")
    assert koho.height == 12 and koho["activity_date"].dt.day().unique().to_list() == [1]
    assert 95_000 < koho["reach"].mean() < 105_000  # type: ignore[operator]
    musen = frame.filter(channel_code="bosai_musen")["activity_date"].cast(pl.String).to_list()
    assert musen == part["bosai_musen_dates"]
    assert set(part["bosai_musen_dates"]) & set(_truth(city)["calendar_events"]["typhoon_days"])
    notes = frame["notes"].drop_nulls()
    assert notes.str.contains(r"\[(phone|email)\]").sum() == part["pii_notes_planted"]
    assert not notes.str.contains("@").any()


def test_outcomes(city: City) -> None:
    [cards], part = _read(city, "my_number_card")
    assert cards.frame.height == 365
    assert cards.frame["applications"].sum() == part["applications_total"]
    assert cards.frame["issued"].sum() == part["issued_total"]
    effective = [c for c in part["campaigns"] if not c["is_placebo"] and c["lift"] > 0]
    assert all(c["planted_added_applications"] > 0 for c in effective)
    [payments], cashless = _read(city, "cashless_payments")
    assert payments.frame["transactions"].sum() == cashless["transactions_total"]
    assert set(payments.frame["place_code"].unique()) == {"counter", "online"}


def test_campaign_plan_lists_every_campaign(city: City) -> None:
    [plan], part = _read(city, "campaign_plan")
    campaigns = {c["campaign_name"]: c for c in _truth(city)["campaigns"]}
    assert set(plan.frame["campaign_name"]) == set(campaigns)
    for row in plan.frame.iter_rows(named=True):
        truth = campaigns[row["campaign_name"]]
        assert row["target_procedure_id"] == truth["target_procedure_id"]
        # The planted placebos must not leak into the data the lift analysis reads.
        assert not row["is_placebo"]
        assert row["start_date"].isoformat() == truth["start_date"]
        assert row["end_date"].isoformat() == truth["end_date"]
    assert len(part["campaigns"]) == len(campaigns)
