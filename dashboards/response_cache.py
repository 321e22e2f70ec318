"""Callback responses remembered until the next publish.

A page callback's answer depends only on its request body (inputs, state, language and filters
are all in it), on whose data the user may see (role and municipality: dashboards.scope), on
the published snapshot it reads and, for default date ranges, on today's date. The snapshot
changes only when ``publish`` swaps in a new file, so the encoded response is kept under those
keys and served again without re-running queries, figures and JSON encoding; a new snapshot
identity starts an empty cache.

Never cached:
- callbacks of role-restricted pages (the SQL workbench: every query is audited);
- answers that wrote the audit log (exports) or read the user's own identity (the header shows
  the user's name), flagged through :func:`mark_uncacheable`;
- anything but a 200 JSON answer, and requests while no snapshot is published.

The guard (dashboards.auth) runs first, so a cached answer is only ever served to a logged-in
user whose role and CSRF token it has checked. Memory is bounded (least recently used first).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
from collections import OrderedDict

from flask import Flask, Response, g, request

from warehouse.connections import SnapshotMissingError, snapshot_identity, snapshot_path

UPDATE_PATH = "/_dash-update-component"
DEFAULT_MAX_BYTES = 64 * 1024 * 1024
CACHE_HEADER = "X-Civicpulse-Cache"  # "hit" on answers served from memory (for operators)
_KEY = "civicpulse_cache_key"
_UNCACHEABLE = "civicpulse_uncacheable"


class ResponseCache:
    """Encoded callback answers per (snapshot, scope, day, body), least recently used first out."""

    def __init__(self, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        self.max_bytes = max_bytes
        self._lock = threading.Lock()
        self._entries: OrderedDict[str, bytes] = OrderedDict()
        self._bytes = 0
        self.hits = 0
        self.misses = 0

    def get(self, key: str) -> bytes | None:
        with self._lock:
            body = self._entries.get(key)
            if body is None:
                self.misses += 1
                return None
            self._entries.move_to_end(key)
            self.hits += 1
            return body

    def put(self, key: str, body: bytes) -> None:
        if len(body) > self.max_bytes // 4:
            return  # one huge answer must not flush everything else
        with self._lock:
            if key in self._entries:
                return
            self._entries[key] = body
            self._bytes += len(body)
            while self._bytes > self.max_bytes:
                _, dropped = self._entries.popitem(last=False)
                self._bytes -= len(dropped)

    def __len__(self) -> int:
        return len(self._entries)


def mark_uncacheable() -> None:
    """Say that the current request's answer must not be reused (it had a side effect or is
    specific to the user, not to their scope)."""
    setattr(g, _UNCACHEABLE, True)


def install_response_cache(server: Flask, max_bytes: int = DEFAULT_MAX_BYTES) -> ResponseCache:
    """Serve repeated callback requests from memory; ``max_bytes`` 0 turns the cache off."""
    cache = ResponseCache(max_bytes)
    if max_bytes <= 0:
        return cache

    def lookup() -> Response | None:
        key = _request_key()
        if key is None:
            return None
        body = cache.get(key)
        if body is not None:
            return Response(body, mimetype="application/json", headers={CACHE_HEADER: "hit"})
        setattr(g, _KEY, key)
        return None

    def store(response: Response) -> Response:
        key = g.get(_KEY)
        if (
            key is not None
            and not g.get(_UNCACHEABLE)
            and response.status_code == 200
            and response.mimetype == "application/json"
            and not response.direct_passthrough
        ):
            cache.put(key, response.get_data())
        return response

    # After the auth guard (registered first): unauthenticated or refused requests never
    # reach the lookup.
    server.before_request(lookup)
    server.after_request(store)
    return cache


def _request_key() -> str | None:
    from dashboards.auth import callback_roles, current_scope  # the guard's own reading

    if request.path != UPDATE_PATH or request.method != "POST":
        return None
    scope = current_scope()
    if scope is None:
        return None
    body = request.get_data(cache=True)
    if callback_roles(request.get_json(silent=True)):
        return None
    config, role = scope
    try:
        identity = snapshot_identity(snapshot_path(config.paths, config.snapshot_city))
    except SnapshotMissingError:
        return None
    digest = hashlib.sha256()
    for part in (
        repr(identity),
        role,
        config.municipality_code,
        str(config.snapshot_city),
        dt.date.today().isoformat(),
    ):
        digest.update(part.encode())
        digest.update(b"\0")
    digest.update(body)
    return digest.hexdigest()
