"""Shared by the browser tests: skip cleanly (with the reason) when chromium is absent."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.accessibility.axe_runner import CHROMIUM

requires_chromium = pytest.mark.skipif(
    not Path(CHROMIUM).exists(),
    reason=f"browser tests need Debian chromium at {CHROMIUM} "
    "(apt-get install -y chromium fonts-noto-cjk)",
)
