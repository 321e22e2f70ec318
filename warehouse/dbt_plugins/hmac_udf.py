"""dbt-duckdb plugin: the DuckDB function ``hmac_sha256(value VARCHAR) -> VARCHAR``.

DuckDB 2.0 has no HMAC function (only sha1/sha256/md5), and sha256(key || ':' || id) is not a
keyed hash: it is open to length-extension and, worse, puts the key into every compiled SQL
file dbt writes to target/. This plugin registers HMAC-SHA256 as a vectorised (Arrow) Python
UDF on each dbt connection, keyed with the secret read from the environment variable named in
the profile (``key_env``, default CIVICPULSE_PSEUDONYM_KEY), so SQL only ever says
``hmac_sha256(col)`` and the key never appears in compiled SQL, logs or the manifest.

The digest is the same as ``ingest.pii.keyed_hash`` (HMAC-SHA256 over UTF-8, lowercase hex);
warehouse code must not import ingest, so the one-line construction is repeated here and
tests/civicpulse/test_keyed_hash.py proves both agree (and match RFC 4231).

profiles.yml::

    plugins:
      - module: warehouse.dbt_plugins.hmac_udf
        config: {key_env: CIVICPULSE_PSEUDONYM_KEY}
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from typing import Any

import duckdb
import pyarrow as pa
from dbt.adapters.duckdb.plugins import BasePlugin
from duckdb.func import FunctionNullHandling, PythonUDFType

FUNCTION_NAME = "hmac_sha256"
DEFAULT_KEY_ENV = "CIVICPULSE_PSEUDONYM_KEY"


def hasher(key: bytes) -> Callable[[str], str]:
    """HMAC-SHA256 (RFC 2104) with the key's inner and outer pads hashed once: about twice as
    fast per value as hmac.new, which derives them again for every value."""
    block = hashlib.sha256(key).digest() if len(key) > 64 else key
    block = block.ljust(64, b"\0")
    inner = hashlib.sha256(bytes(b ^ 0x36 for b in block))
    outer = hashlib.sha256(bytes(b ^ 0x5C for b in block))

    def one(value: str) -> str:
        step = inner.copy()
        step.update(value.encode())
        final = outer.copy()
        final.update(step.digest())
        return final.hexdigest()

    return one


def register(conn: duckdb.DuckDBPyConnection, key: str) -> None:
    """Register hmac_sha256(VARCHAR) on a connection; NULL in, NULL out."""
    one = hasher(key.encode())

    def hmac_sha256(values: pa.Array) -> pa.Array:
        if not key:
            raise ValueError(
                f"{FUNCTION_NAME}: the pseudonym key is empty; set {DEFAULT_KEY_ENV} "
                "(civicpulse sets it from CIVICPULSE_HOME/secrets/pseudonym.key)"
            )
        seen: dict[str, str] = {}  # ids repeat within a batch (page views of one user)
        out: list[str | None] = []
        for value in values.to_pylist():
            if value is None:
                out.append(None)
                continue
            found = seen.get(value)
            if found is None:
                found = seen[value] = one(value)
            out.append(found)
        return pa.array(out, type=pa.string())

    conn.create_function(
        FUNCTION_NAME,
        hmac_sha256,
        [duckdb.sqltype("VARCHAR")],
        duckdb.sqltype("VARCHAR"),
        type=PythonUDFType.ARROW,
        null_handling=FunctionNullHandling.SPECIAL,
        side_effects=False,
    )


class Plugin(BasePlugin):
    def initialize(self, plugin_config: dict[str, Any]) -> None:
        self.key_env = str(plugin_config.get("key_env") or DEFAULT_KEY_ENV)

    def configure_connection(self, conn: duckdb.DuckDBPyConnection) -> None:
        # Read at connect time: `civicpulse build` sets the variable just before invoking dbt.
        register(conn, os.environ.get(self.key_env, ""))
