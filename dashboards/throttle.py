"""Login throttling in memory: too many failures for one (user name, address) pair lock it out.

After ``max_failures`` failed logins within ``lockout_seconds`` the pair is locked for
``lockout_seconds``; while locked, even the right password is refused. A success clears the
pair. There is deliberately no lock on an address alone: behind a reverse proxy every user
shares the proxy's address, and such a lock would let anyone lock everyone out. (Behind a
proxy, configure waitress's trusted_proxy so the address is the client's, or the pair becomes
the user name alone.) State is per process and is lost on restart (acceptable for one
waitress process; several processes would each count on their own).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

_PRUNE_EVERY = 256


@dataclass
class _Record:
    failures: list[float] = field(default_factory=list)
    locked_until: float = 0.0


class LoginThrottle:
    def __init__(
        self,
        max_failures: int = 5,
        lockout_seconds: float = 300.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.max_failures = max_failures
        self.lockout_seconds = lockout_seconds
        self._clock = clock
        self._records: dict[tuple[str, str], _Record] = {}
        self._lock = threading.Lock()
        self._calls = 0

    @staticmethod
    def _key(name: str, ip: str) -> tuple[str, str]:
        return name.strip().casefold(), ip

    def locked_for(self, name: str, ip: str) -> float:
        """Seconds until this pair may try again; 0 when it may now."""
        now = self._clock()
        with self._lock:
            record = self._records.get(self._key(name, ip))
        return max(0.0, record.locked_until - now) if record else 0.0

    def failure(self, name: str, ip: str) -> bool:
        """Record a failed login; True when this failure locked the pair."""
        now = self._clock()
        with self._lock:
            record = self._records.setdefault(self._key(name, ip), _Record())
            window_start = now - self.lockout_seconds
            record.failures = [t for t in record.failures if t > window_start] + [now]
            locked = len(record.failures) >= self.max_failures and record.locked_until <= now
            if locked:
                record.locked_until = now + self.lockout_seconds
                record.failures.clear()
            self._maybe_prune(now)
        return locked

    def success(self, name: str, ip: str) -> None:
        with self._lock:
            self._records.pop(self._key(name, ip), None)

    def _maybe_prune(self, now: float) -> None:
        self._calls += 1
        if self._calls % _PRUNE_EVERY:
            return
        horizon = now - self.lockout_seconds
        stale = [
            key
            for key, record in self._records.items()
            if record.locked_until <= now and all(t <= horizon for t in record.failures)
        ]
        for key in stale:
            del self._records[key]
