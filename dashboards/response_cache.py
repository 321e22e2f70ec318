"""Callback responses remembered until the next publish.

A page callback's answer depends only on its request body (inputs, state, language and filters
are all in it), on whose data the user may see (role and municipality: dashboards.scope), on
the published snapshot it reads and, for default date ranges, on today's date. The snapshot
changes only when ``publish`` swaps in a new file, so the encoded response is kept under those
keys and served again without re-running queries, figures and JSON encoding; a new snapshot
identity means new keys (old entries age out).

What is not shared, by mechanism rather than by a list of callbacks:
- an answer that wrote the audit log (exports, SQL queries, planner runs) or met a data error
  (which may be passing) is never reused: :func:`mark_uncacheable`, called by
  dashboards.auth.audit and dashboards.queries.select;
- an answer that read the user's identity (the header shows the user's name) is reused for that
  user only: :func:`mark_user_specific`, called by dashboards.auth.current_user; a marker under
  the shared key sends later lookups to the per-user key;
- anything but a 200 JSON answer, and requests while no snapshot is published.

Identical requests arriving together are computed once: the first claims the key, the others
wait (up to :data:`COALESCE_WAIT_S`) and take its answer. The guard (dashboards.auth) runs
first, so a cached answer is only served to a logged-in user whose role, origin and CSRF token
it has checked. Memory is bounded, least recently used first out.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable

from flask import Flask, Response, g, has_request_context, request

from dashboards.config import DashboardConfig
from warehouse.connections import SnapshotMissingError, snapshot_identity, snapshot_path

ScopeReader = Callable[[], "tuple[DashboardConfig, str, str] | None"]

UPDATE_PATH = "/_dash-update-component"
DEFAULT_MAX_BYTES = 64 * 1024 * 1024
CACHE_HEADER = "X-Civicpulse-Cache"  # "hit" on answers served from memory (for operators)
COALESCE_WAIT_S = 30.0
ENTRY_OVERHEAD = 256  # bytes counted per entry besides its body (the key, the bookkeeping)
_PER_USER = b""  # marker: this shared key's answer differs per user
_KEY, _CLAIM = "civicpulse_cache_key", "civicpulse_cache_claim"
_UNCACHEABLE, _USER_SPECIFIC = "civicpulse_uncacheable", "civicpulse_user_specific"


class ResponseCache:
    """Encoded callback answers by key, least recently used first out, with request
    coalescing (one computation per key at a time)."""

    def __init__(self, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        self.max_bytes = max_bytes
        self._lock = threading.Lock()
        self._entries: OrderedDict[str, bytes] = OrderedDict()
        self._inflight: dict[str, threading.Event] = {}
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
        size = len(body) + ENTRY_OVERHEAD
        if size > self.max_bytes // 4:
            return  # one huge answer must not flush everything else
        with self._lock:
            if key in self._entries:
                return
            self._entries[key] = body
            self._bytes += size
            while self._bytes > self.max_bytes:
                _, dropped = self._entries.popitem(last=False)
                self._bytes -= len(dropped) + ENTRY_OVERHEAD

    def claim(self, key: str) -> threading.Event | None:
        """None: the caller computes ``key`` and must :meth:`release` it; else an event set
        when the request computing it has finished."""
        with self._lock:
            running = self._inflight.get(key)
            if running is None:
                self._inflight[key] = threading.Event()
            return running

    def release(self, key: str) -> None:
        with self._lock:
            running = self._inflight.pop(key, None)
        if running is not None:
            running.set()

    def __len__(self) -> int:
        return len(self._entries)


def mark_uncacheable() -> None:
    """The current request's answer had a side effect or met an error: never serve it again
    (a no-op outside a request)."""
    if has_request_context():
        setattr(g, _UNCACHEABLE, True)


def mark_user_specific() -> None:
    """The current request's answer shows who the user is: reuse it for this user only."""
    if has_request_context():
        setattr(g, _USER_SPECIFIC, True)


def install_response_cache(
    server: Flask, scope: ScopeReader, max_bytes: int = DEFAULT_MAX_BYTES
) -> ResponseCache:
    """Serve repeated callback requests from memory; ``scope`` reads the request's (narrowed
    config, role, user name) as the auth guard established it; ``max_bytes`` 0 turns the
    cache off."""
    cache = ResponseCache(max_bytes)
    if max_bytes <= 0:
        return cache

    def lookup() -> Response | None:
        keys = _request_keys(scope)
        if keys is None:
            return None
        key, body = _cached(cache, *keys)
        if body is None:
            running = cache.claim(key)
            if running is None:
                setattr(g, _CLAIM, key)
            else:  # the same answer is being computed: wait for it, then look again
                running.wait(COALESCE_WAIT_S)
                key, body = _cached(cache, *keys)
        if body is not None:
            return Response(body, mimetype="application/json", headers={CACHE_HEADER: "hit"})
        setattr(g, _KEY, keys)
        return None

    def store(response: Response) -> Response:
        keys = g.get(_KEY)
        if (
            keys is not None
            and not g.get(_UNCACHEABLE)
            and response.status_code == 200
            and response.mimetype == "application/json"
            and not response.direct_passthrough
        ):
            shared, own = keys
            if g.get(_USER_SPECIFIC):
                cache.put(shared, _PER_USER)
                cache.put(own, response.get_data())
            else:
                cache.put(shared, response.get_data())
        return response

    def release(_: BaseException | None) -> None:
        claimed = g.pop(_CLAIM, None)
        if claimed is not None:
            cache.release(claimed)

    # After the auth guard (registered first): unauthenticated or refused requests never
    # reach the lookup. Teardown runs even when the callback raised, so no claim is left.
    server.before_request(lookup)
    server.after_request(store)
    server.teardown_request(release)
    return cache


def _cached(cache: ResponseCache, shared: str, own: str) -> tuple[str, bytes | None]:
    """The key this request's answer lives under, and the answer when it is there."""
    body = cache.get(shared)
    if body == _PER_USER:
        return own, cache.get(own)
    return shared, body


def _request_keys(read_scope: ScopeReader) -> tuple[str, str] | None:
    """(the key shared by everyone in the user's scope, the user's own key), or None when
    the request is not a callback, nobody is logged in or nothing is published."""
    if request.path != UPDATE_PATH or request.method != "POST":
        return None
    scope = read_scope()
    if scope is None:
        return None
    config, role, name = scope
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
    digest.update(request.get_data(cache=True))
    shared = digest.hexdigest()
    return shared, f"{shared}:{name}"
