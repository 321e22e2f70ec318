"""Model cards: what every fitted model records in the warehouse (ml_model_cards).

A card says which data the model saw (window, rows), what it used (features), how it was set
up (parameters, seed), how well it did (metrics) and with which code (versions). Fitting the
same data with the same card parameters reproduces the same outputs.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import asdict, dataclass, field
from importlib import metadata
from typing import Any

ML_VERSION = "0.1.0"


def library_versions() -> dict[str, str]:
    out = {"ml": ML_VERSION}
    for name in ("scikit-learn", "numpy", "scipy", "polars"):
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:  # pragma: no cover - always installed here
            out[name] = "not installed"
    return out


@dataclass(frozen=True)
class ModelCard:
    model_name: str
    method: str
    municipality_code: str
    data_window_start: dt.date | None
    data_window_end: dt.date | None
    n_training_rows: int
    features: list[str]
    parameters: dict[str, Any]
    metrics: dict[str, Any]
    random_seed: int | None
    notes: str = ""
    versions: dict[str, str] = field(default_factory=library_versions)

    @property
    def model_version(self) -> str:
        """Content hash of method, parameters, features, window and code versions."""
        payload = json.dumps(
            {
                "method": self.method,
                "parameters": self.parameters,
                "features": self.features,
                "window": [str(self.data_window_start), str(self.data_window_end)],
                "n": self.n_training_rows,
                "versions": self.versions,
                "seed": self.random_seed,
            },
            sort_keys=True,
            default=str,
            ensure_ascii=False,
        )
        return f"{self.model_name}-{hashlib.sha256(payload.encode()).hexdigest()[:12]}"

    def to_json(self) -> str:
        body = asdict(self)
        body["model_version"] = self.model_version
        return json.dumps(body, sort_keys=True, default=_jsonable, ensure_ascii=False)


def _jsonable(value: object) -> object:
    if isinstance(value, dt.date):
        return value.isoformat()
    if hasattr(value, "item"):
        return value.item()  # numpy scalars
    if hasattr(value, "tolist"):
        return value.tolist()
    return str(value)


def card_row(card: ModelCard) -> dict[str, Any]:
    """The card as one flat row (what the ml_model_cards table holds)."""
    return {
        "model_name": card.model_name,
        "model_version": card.model_version,
        "method": card.method,
        "municipality_code": card.municipality_code,
        "data_window_start": card.data_window_start,
        "data_window_end": card.data_window_end,
        "n_training_rows": card.n_training_rows,
        "random_seed": card.random_seed,
        "features_json": json.dumps(card.features, ensure_ascii=False),
        "parameters_json": json.dumps(card.parameters, default=_jsonable, ensure_ascii=False),
        "metrics_json": json.dumps(card.metrics, default=_jsonable, ensure_ascii=False),
        "versions_json": json.dumps(card.versions, ensure_ascii=False),
        "notes": card.notes,
    }
