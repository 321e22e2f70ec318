"""Where the Spark target keeps its files: everything under $CIVICPULSE_HOME/spark, absolute.

spark/raw/<table>/municipality_code=…/<date>=…/*.parquet   the raw layer, exported from DuckDB
spark/seeds/<seed>/*.parquet                               the dbt seeds, read by DuckDB
spark/marts/<table>/municipality_code=…/*.parquet          marts written by Spark
spark/warehouse/, spark/metastore_db/, spark/derby.log     Spark's own catalog (embedded Derby)
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from warehouse.paths import HomePaths


@dataclass(frozen=True)
class SparkPaths:
    root: Path

    @classmethod
    def of(cls, paths: HomePaths) -> SparkPaths:
        return cls(paths.home.resolve() / "spark")

    @property
    def raw(self) -> Path:
        return self.root / "raw"

    @property
    def seeds(self) -> Path:
        return self.root / "seeds"

    @property
    def marts(self) -> Path:
        return self.root / "marts"

    def ensure(self) -> SparkPaths:
        for folder in (self.root, self.raw, self.seeds, self.marts):
            folder.mkdir(parents=True, exist_ok=True)
        return self

    def dbt_environment(self) -> dict[str, str]:
        """Variables profiles.yml and dbt_project.yml read on the spark target."""
        return {"CIVICPULSE_SPARK_DIR": str(self.root)}
