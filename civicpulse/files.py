"""Expanding the user's PATH arguments and moving files out of the inbox."""

from __future__ import annotations

import datetime as dt
import glob
import hashlib
import shutil
from pathlib import Path

IGNORED_NAMES = {".DS_Store", "Thumbs.db", "desktop.ini"}


def expand(inputs: list[str]) -> list[Path]:
    """Files, folders (recursively) and globs → a sorted list of files, without duplicates."""
    found: dict[Path, None] = {}
    for item in inputs:
        matches = [Path(m) for m in sorted(glob.glob(item, recursive=True))] or [Path(item)]
        for match in matches:
            if match.is_dir():
                for path in sorted(match.rglob("*")):
                    if path.is_file() and _wanted(path):
                        found[path.resolve()] = None
            elif match.exists():
                found[match.resolve()] = None
            else:
                raise FileNotFoundError(f"{item}: no such file or folder")
    return list(found)


def _wanted(path: Path) -> bool:
    return path.name not in IGNORED_NAMES and not path.name.startswith((".", "~$"))


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def move_into(path: Path, folder: Path, inbox: Path) -> Path:
    """Move a file into folder/<today>/<path relative to the inbox>, never overwriting."""
    try:
        relative = path.relative_to(inbox)
    except ValueError:
        relative = Path(path.name)
    target = folder / dt.date.today().isoformat() / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    candidate, n = target, 1
    while candidate.exists():
        candidate = target.with_name(f"{target.stem}.{n}{target.suffix}")
        n += 1
    shutil.move(str(path), candidate)
    return candidate
