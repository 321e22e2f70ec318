"""Writers for the sources beyond GA4, Google Ads and 電子申請: one module per source.

Each module in this package defines

    def write(ctx: SampleContext) -> ChannelOutput

and is discovered by name (sorted), so adding a source is adding a module. A writer draws its
randomness from `ctx.rng(<its own name>)` only, so one source never shifts another's numbers.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any

from samplecity.channels.context import ChannelOutput, SampleContext

__all__ = ["ChannelOutput", "SampleContext", "write_all"]


def write_all(ctx: SampleContext) -> tuple[dict[str, int], dict[str, Any]]:
    """Run every channel writer; returns files → rows and ground-truth fragments by module."""
    files: dict[str, int] = {}
    truth: dict[str, Any] = {}
    for module in sorted(m.name for m in pkgutil.iter_modules(__path__)):
        if module == "context" or module.startswith("_"):
            continue
        writer = importlib.import_module(f"{__name__}.{module}")
        output: ChannelOutput = writer.write(ctx)
        files.update(output.files)
        if output.truth:
            truth[module] = output.truth
    return files, truth
