"""Which dbt build a plain `civicpulse build` runs: the complete build, or a daily build of only
what the loads since the last build touch.

A daily build selects the models downstream of the raw tables that received loads since the
last successful build (`source:…+`), with their tests, and leaves out the `complete_only` nodes
(the web segmentation's features, fit and scoring; whole-history reconciliations). The incremental
models then re-read only the newest days. The complete build (every node) runs when there is no
record of one, every COMPLETE_EVERY, when the dbt project or ML code changed, or on request; a
changed pseudonym key forces a full refresh, since the incremental models keep earlier hashes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

COMPLETE_EVERY = dt.timedelta(days=7)
COMPLETE_ONLY_TAG = "complete_only"
# What the build's results depend on besides the data (ML code runs inside the Python models).
PROJECT_PARTS = (
    "dbt_project.yml",
    "profiles.yml",
    "models",
    "macros",
    "seeds",
    "data_tests",
    "ml",
    "warehouse/dbt_plugins",
)


@dataclass(frozen=True)
class BuildState:
    """What the last successful build saw (kept as JSON beside dbt's target directory)."""

    project: str
    key: str
    complete_at: dt.datetime
    built_loads: frozenset[str] = field(default_factory=frozenset)

    def to_json(self) -> str:
        return json.dumps(
            {
                "project": self.project,
                "key": self.key,
                "complete_at": self.complete_at.isoformat(),
                "built_loads": sorted(self.built_loads),
            },
            indent=1,
        )

    @classmethod
    def from_json(cls, text: str) -> BuildState:
        data = json.loads(text)
        return cls(
            project=str(data["project"]),
            key=str(data["key"]),
            complete_at=dt.datetime.fromisoformat(data["complete_at"]),
            built_loads=frozenset(data["built_loads"]),
        )


@dataclass(frozen=True)
class BuildPlan:
    kind: str  # full_refresh | complete | daily | nothing
    args: list[str]
    reason: str


def plan_build(
    state: BuildState | None,
    *,
    project: str,
    key: str,
    now: dt.datetime,
    new_loads: dict[str, str],
    sources: dict[str, str],
    complete: bool = False,
) -> BuildPlan:
    """The build to run.

    new_loads: load id → raw table (`raw.x`) of every loaded file not in `state.built_loads`;
    sources: raw table → dbt source selector (`source:ga4.ga4__events`).
    """
    if state is not None and state.key != key:
        return BuildPlan("full_refresh", ["build", "--full-refresh"], "the pseudonym key changed")
    if complete:
        return BuildPlan("complete", ["build"], "requested")
    if state is None:
        return BuildPlan("complete", ["build"], "no earlier complete build on record")
    if state.project != project:
        return BuildPlan("complete", ["build"], "the dbt project or ML code changed")
    if now - state.complete_at >= COMPLETE_EVERY:
        return BuildPlan("complete", ["build"], f"last complete build {state.complete_at:%Y-%m-%d}")
    tables = sorted(set(new_loads.values()))
    unknown = [t for t in tables if t not in sources]
    if unknown:
        return BuildPlan("complete", ["build"], f"no dbt source for {', '.join(unknown)}")
    if not tables:
        return BuildPlan("nothing", [], "no file loaded since the last build")
    selectors = [f"{sources[t]}+" for t in tables]
    return BuildPlan(
        "daily",
        ["build", "--select", *selectors, "--exclude", f"tag:{COMPLETE_ONLY_TAG}"],
        f"new loads into {', '.join(tables)}",
    )


def project_fingerprint(root: Path, parts: Iterable[str] = PROJECT_PARTS) -> str:
    """SHA-256 over the names and contents of the files the build depends on."""
    digest = hashlib.sha256()
    for part in parts:
        base = root / part
        files = sorted(p for p in base.rglob("*") if p.is_file()) if base.is_dir() else [base]
        for path in files:
            if not path.exists() or "__pycache__" in path.parts:
                continue
            digest.update(str(path.relative_to(root)).encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def key_identity(pseudonym_key: str) -> str:
    """Tells keys apart without revealing them (a keyed digest of a fixed label)."""
    return hmac.new(pseudonym_key.encode(), b"civicpulse build state", hashlib.sha256).hexdigest()


def source_selectors(manifest: dict[str, object]) -> dict[str, str]:
    """raw table (`raw.x`) → dbt selector of its source, from dbt's manifest.json."""
    selectors: dict[str, str] = {}
    sources = manifest.get("sources", {})
    assert isinstance(sources, dict)
    for node in sources.values():
        table = f"{node['schema']}.{node['identifier']}"
        selectors[table] = f"source:{node['source_name']}.{node['name']}"
    return selectors


def read_state(path: Path) -> BuildState | None:
    try:
        return BuildState.from_json(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, KeyError):
        return None  # unreadable: the next build is a complete one


def write_state(path: Path, state: BuildState) -> None:
    partial = path.with_suffix(".partial")
    partial.write_text(state.to_json(), encoding="utf-8")
    os.replace(partial, path)
