"""CPU time and peak memory of a whole process tree (Linux /proc), for commands whose work is
done by grandchildren that are never waited for — Spark's JVM outlives the Python process that
launched it, so ``os.wait4`` on the child would miss most of the work.

A thread samples the tree every ``interval`` seconds: the CPU time of each process as last
seen (processes that live shorter than one interval are missed: noted where used) and the
summed resident memory of all of them (the peak is the largest sum).
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field
from pathlib import Path

_TICKS = os.sysconf("SC_CLK_TCK")
_PAGE = os.sysconf("SC_PAGE_SIZE")


@dataclass
class TreeUsage:
    cpu_s: float = 0.0
    peak_rss_gb: float = 0.0
    processes: int = 0
    _cpu: dict[int, float] = field(default_factory=dict)


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        tree.setdefault(int(fields[1]), []).append(int(entry.name))
    return tree


def _descendants(root: int) -> list[int]:
    tree, found, todo = _children(), [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(tree.get(pid, []))
    return found


def _sample(pid: int) -> tuple[float, int] | None:
    """(user + system CPU seconds, resident bytes) of one process, or None when it is gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        rss_pages = int(Path(f"/proc/{pid}/statm").read_text().split()[1])
    except (OSError, ValueError, IndexError):
        return None
    fields = stat[stat.rindex(")") + 2 :].split()
    return (int(fields[11]) + int(fields[12])) / _TICKS, rss_pages * _PAGE


class TreeSampler:
    """Sample ``root`` and its descendants until :meth:`stop`."""

    def __init__(self, root: int, interval: float = 0.5) -> None:
        self.root, self.interval = root, interval
        self.usage = TreeUsage()
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._done.is_set():
            self._once()
            self._done.wait(self.interval)

    def _once(self) -> None:
        rss = 0
        for pid in _descendants(self.root):
            seen = _sample(pid)
            if seen is None:
                continue
            cpu, resident = seen
            self.usage._cpu[pid] = max(cpu, self.usage._cpu.get(pid, 0.0))
            rss += resident
        self.usage.peak_rss_gb = max(self.usage.peak_rss_gb, round(rss / 1e9, 2))

    def stop(self) -> TreeUsage:
        self._done.set()
        self._thread.join()
        self.usage.cpu_s = round(sum(self.usage._cpu.values()), 1)
        self.usage.processes = len(self.usage._cpu)
        return self.usage
