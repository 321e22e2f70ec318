"""What one dashboard process needs to know: where the snapshot is and whose data to show."""

from __future__ import annotations

from dataclasses import dataclass

from dashboards.i18n import LANGUAGES
from warehouse.paths import HomePaths


@dataclass(frozen=True)
class DashboardConfig:
    """Settings of one dashboard app.

    paths: the CIVICPULSE_HOME layout; only ``paths.serving`` is read (read-only).
    municipality_code: 全国地方公共団体コード (6 digits); every query filters by it.
    default_language: the language used when the URL has no ``lang`` ("ja" or "en").
    """

    paths: HomePaths
    municipality_code: str
    default_language: str = "ja"

    def __post_init__(self) -> None:
        code = self.municipality_code
        if len(code) != 6 or not code.isascii() or not code.isdigit():
            raise ValueError(
                f"municipality_code must be 6 ASCII digits (全国地方公共団体コード), got {code!r}"
            )
        if self.default_language not in LANGUAGES:
            raise ValueError(
                f"default_language must be one of {', '.join(LANGUAGES)}, "
                f"got {self.default_language!r}"
            )
