"""The audit log: one JSON object per line in CIVICPULSE_HOME/logs/audit.log.

Events: ``login_success``, ``login_failure``, ``login_locked``, ``logout``, ``access_denied``,
``sql_query`` and ``export``. Every line has ``ts`` (UTC, ISO 8601), ``event``, ``user``
(null when unknown), ``ip`` and the event's own fields. Passwords, password hashes, session
contents and secret keys are never passed in; a failed login records the attempted name only
when such a user exists (someone may have typed a password into the name field).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import threading
from pathlib import Path

log = logging.getLogger(__name__)

MAX_FIELD_CHARS = 10_000
_FORBIDDEN_KEYS = frozenset({"password", "password_hash", "secret", "secret_key", "csrf", "token"})


class AuditLog:
    """Appends audit events; thread-safe within one process, line-atomic across processes."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()

    def write(self, event: str, *, user: str | None, ip: str | None, **fields: object) -> None:
        leaked = _FORBIDDEN_KEYS.intersection(fields)
        if leaked:
            raise ValueError(f"audit events must not carry {sorted(leaked)}")
        record: dict[str, object] = {
            "ts": dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds"),
            "event": event,
            "user": user,
            "ip": ip,
        }
        record.update({key: _clip(value) for key, value in fields.items()})
        line = json.dumps(record, ensure_ascii=False, default=str) + "\n"
        try:
            with self._lock:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
                with os.fdopen(fd, "a", encoding="utf-8") as handle:
                    handle.write(line)
        except OSError:
            # Refusing the user's request because the log is unwritable would be worse; shout.
            log.exception("cannot write the audit log %s; event was %s", self.path, line.strip())

    def read(self) -> list[dict[str, object]]:
        """Every event so far (for tests and admins)."""
        if not self.path.exists():
            return []
        return [json.loads(line) for line in self.path.read_text(encoding="utf-8").splitlines()]


def _clip(value: object) -> object:
    if isinstance(value, str) and len(value) > MAX_FIELD_CHARS:
        return value[:MAX_FIELD_CHARS] + "…"
    return value
