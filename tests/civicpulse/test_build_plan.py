"""civicpulse/build_plan.py: which build a plain `civicpulse build` runs."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from civicpulse.build_plan import (
    BuildState,
    key_identity,
    plan_build,
    project_fingerprint,
    read_state,
    source_selectors,
    write_state,
)

NOW = dt.datetime(2026, 11, 27, 3, 0)
SOURCES = {"raw.ga4__events": "source:ga4.ga4__events", "raw.x__posts": "source:x.x__posts"}
STATE = BuildState("p1", "k1", NOW - dt.timedelta(days=2), frozenset({"old"}))


def plan(state: BuildState | None = STATE, **changes: object) -> tuple[str, list[str], str]:
    arguments: dict[str, object] = {
        "project": "p1",
        "key": "k1",
        "now": NOW,
        "new_loads": {"l1": "raw.ga4__events", "l2": "raw.ga4__events", "l3": "raw.x__posts"},
        "sources": SOURCES,
    } | changes
    result = plan_build(state, **arguments)  # type: ignore[arg-type]
    return result.kind, result.args, result.reason


def test_daily_build_selects_what_the_new_loads_feed_without_the_refits() -> None:
    kind, args, reason = plan()
    assert kind == "daily"
    assert args == [
        "build",
        "--select",
        "source:ga4.ga4__events+",
        "source:x.x__posts+",
        "--exclude",
        "tag:complete_only",
    ]
    assert "raw.ga4__events" in reason


def test_complete_build_when_none_is_on_record_stale_changed_or_asked() -> None:
    assert plan(None)[0] == "complete"
    assert plan(project="p2")[:2] == ("complete", ["build"])
    assert plan(now=NOW + dt.timedelta(days=5))[0] == "complete"  # 7 days after the last one
    assert plan(now=NOW + dt.timedelta(days=4))[0] == "daily"
    assert plan(complete=True)[0] == "complete"
    assert plan(new_loads={"l9": "raw.unknown"})[0] == "complete"


def test_a_new_pseudonym_key_rebuilds_every_hash() -> None:
    assert plan(key="k2")[:2] == ("full_refresh", ["build", "--full-refresh"])
    assert plan(key="k2", complete=True)[0] == "full_refresh"


def test_nothing_new_builds_nothing() -> None:
    assert plan(new_loads={})[:2] == ("nothing", [])


def test_state_round_trip_and_unreadable_state(tmp_path: Path) -> None:
    path = tmp_path / "build_state.json"
    assert read_state(path) is None
    write_state(path, STATE)
    assert read_state(path) == STATE
    path.write_text("{not json")
    assert read_state(path) is None


def test_fingerprint_follows_the_files(tmp_path: Path) -> None:
    (tmp_path / "models").mkdir()
    (tmp_path / "models" / "a.sql").write_text("select 1")
    first = project_fingerprint(tmp_path, ["models", "dbt_project.yml"])
    assert project_fingerprint(tmp_path, ["models", "dbt_project.yml"]) == first
    (tmp_path / "models" / "a.sql").write_text("select 2")
    assert project_fingerprint(tmp_path, ["models", "dbt_project.yml"]) != first


def test_key_identity_tells_keys_apart_without_containing_them() -> None:
    assert key_identity("secret-a") != key_identity("secret-b")
    assert "secret-a" not in key_identity("secret-a")


def test_source_selectors_from_the_manifest() -> None:
    manifest = {
        "sources": {
            "source.civicpulse.ga4.ga4__events": {
                "schema": "raw",
                "identifier": "ga4__events",
                "source_name": "ga4",
                "name": "ga4__events",
            }
        }
    }
    assert source_selectors(manifest) == {"raw.ga4__events": "source:ga4.ga4__events"}
