"""Resumable audits: which pages are already in the warehouse, and their report entries.

The caller picks the folder (under CIVICPULSE_HOME). A page is marked done only after its rows
were committed, so an interrupted run loses at most the batch in flight; `--resume` audits
what is not done yet, and the report still covers every page of the run.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

STATE_VERSION = 1


def run_key(sources: Sequence[str], options: dict[str, Any]) -> str:
    """The same sources and options give the same key, hence the same state folder."""
    text = json.dumps({"sources": list(sources), "options": options}, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


class AuditState:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.state_path = folder / "state.json"
        self.pages_path = folder / "pages.jsonl"
        self.done: dict[str, str] = {}  # url → audited_at (ISO, UTC)
        self.meta: dict[str, Any] = {}

    @classmethod
    def open(
        cls, folder: Path, *, resume: bool, sources: Sequence[str], options: dict[str, Any]
    ) -> AuditState:
        """Resume the run in `folder`, or start it afresh (discarding an earlier one)."""
        state = cls(folder)
        if resume and state.state_path.exists():
            data = json.loads(state.state_path.read_text(encoding="utf-8"))
            if data.get("version") == STATE_VERSION:
                state.meta = data.get("meta", {})
                state.done = dict(data.get("done", {}))
                return state
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir(parents=True)
        state.meta = {
            "sources": list(sources),
            "options": options,
            "started_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        }
        state._write()
        return state

    @property
    def resumed(self) -> bool:
        return bool(self.done)

    def is_done(self, url: str) -> bool:
        return url in self.done

    def record(self, entries: Iterable[tuple[str, str, dict[str, Any], bool]]) -> None:
        """(url, audited_at, report entry, done) of pages whose rows were committed. A page
        that could not be audited is recorded for the report but not done: --resume retries
        it, and its newer entry replaces the old one."""
        entries = list(entries)
        with self.pages_path.open("a", encoding="utf-8") as handle:
            for _url, _at, entry, _done in entries:
                handle.write(json.dumps(entry, ensure_ascii=False, default=str) + "\n")
        for url, audited_at, _entry, done in entries:
            if done:
                self.done[url] = audited_at
        self._write()

    def entries(self) -> list[dict[str, Any]]:
        """Report entries of the run, the latest per URL, in the order they were recorded.
        Entries are only written after their rows were committed."""
        if not self.pages_path.exists():
            return []
        latest: dict[str, dict[str, Any]] = {}
        for line in self.pages_path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                entry = json.loads(line)
                latest.pop(entry["url"], None)
                latest[entry["url"]] = entry
        return list(latest.values())

    def _write(self) -> None:
        payload = {"version": STATE_VERSION, "meta": self.meta, "done": self.done}
        temporary = self.state_path.with_suffix(".tmp")
        temporary.write_text(json.dumps(payload, ensure_ascii=False, indent=1), encoding="utf-8")
        os.replace(temporary, self.state_path)  # never a half-written state file
