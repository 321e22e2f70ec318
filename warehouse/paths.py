"""Every file location the platform uses, derived from CIVICPULSE_HOME.

No path here depends on the current directory: the home is made absolute once.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

DEFAULT_HOME = "var"


@dataclass(frozen=True)
class HomePaths:
    """The layout of one CIVICPULSE_HOME."""

    home: Path

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> HomePaths:
        env = os.environ if environ is None else environ
        return cls(Path(env.get("CIVICPULSE_HOME", DEFAULT_HOME)).expanduser().resolve())

    @property
    def warehouse(self) -> Path:
        """The working database: one writer at a time builds it."""
        return self.home / "warehouse.duckdb"

    @property
    def serving(self) -> Path:
        """The published snapshot every reader opens read-only."""
        return self.home / "serving.duckdb"

    @property
    def city_snapshots(self) -> Path:
        """One snapshot per municipality, cut from serving.duckdb (city-scoped readers)."""
        return self.home / "serving_by_city"

    def city_snapshot(self, municipality_code: str) -> Path:
        return self.city_snapshots / f"{municipality_code}.duckdb"

    @property
    def inbox(self) -> Path:
        return self.home / "inbox"

    @property
    def archive(self) -> Path:
        return self.home / "archive"

    @property
    def quarantine(self) -> Path:
        return self.home / "quarantine"

    @property
    def ml(self) -> Path:
        return self.home / "ml"

    @property
    def logs(self) -> Path:
        return self.home / "logs"

    @property
    def dbt_target(self) -> Path:
        return self.home / "dbt" / "target"

    @property
    def dbt_logs(self) -> Path:
        return self.home / "dbt" / "logs"

    @property
    def users(self) -> Path:
        return self.home / "users.toml"

    def ensure(self) -> HomePaths:
        """Create the folders (not the databases)."""
        for folder in (self.home, self.inbox, self.archive, self.quarantine, self.ml, self.logs):
            folder.mkdir(parents=True, exist_ok=True)
        return self
