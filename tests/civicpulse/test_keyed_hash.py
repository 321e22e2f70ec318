"""Keyed pseudonyms: HMAC-SHA256 in Python (ingest.pii.keyed_hash) and in SQL (the dbt macro
`pseudonymise` → hmac_sha256, registered by warehouse/dbt_plugins/hmac_udf.py) agree, are real
HMAC (RFC 4231), depend on the key, and the key never reaches compiled SQL."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from ingest.pii import keyed_hash
from ml import evaluation
from warehouse.dbt_plugins.hmac_udf import Plugin, hasher, register

REPO = Path(__file__).resolve().parents[2]
KEY = "keyed-hash-test-secret-0b7e4c"
VALUES = ["1234567890.1712345678", "0001", "みどり市-回答者-42", "", "a'b\"c;--"]


def sql_digests(key: str, values: list[str | None]) -> list[str | None]:
    con = duckdb.connect()
    register(con, key)
    con.execute("create table ids (v varchar)")
    con.executemany("insert into ids values (?)", [[v] for v in values + values])  # repeats
    rows = con.execute("select hmac_sha256(v) from ids order by rowid").fetchall()
    assert rows[: len(values)] == rows[len(values) :]
    return [r[0] for r in rows[: len(values)]]


def test_rfc4231_test_case_2() -> None:
    expected = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
    assert keyed_hash("what do ya want for nothing?", "Jefe") == expected
    assert sql_digests("Jefe", ["what do ya want for nothing?"]) == [expected]


def test_sql_and_python_agree_and_depend_on_the_key() -> None:
    python = [keyed_hash(v, KEY) for v in VALUES]
    assert sql_digests(KEY, [*VALUES, None]) == [*python, None]
    other = sql_digests(KEY + "x", VALUES)
    assert all(a != b for a, b in zip(python, other, strict=True))
    assert all(len(d) == 64 and int(d, 16) >= 0 for d in python)
    assert [evaluation.pseudonymise(v, KEY) for v in VALUES] == python  # ml's own copy
    # not the old unkeyed construction sha256(key ':' id)
    assert python[0] != hashlib.sha256(f"{KEY}:{VALUES[0]}".encode()).hexdigest()


def test_long_keys_are_hashed_first_as_rfc2104_says() -> None:
    long_key = "k" * 131  # longer than SHA-256's 64-byte block (RFC 4231 test case 6 style)
    assert sql_digests(long_key, VALUES) == [keyed_hash(v, long_key) for v in VALUES]
    assert hasher(("秘密" * 40).encode())("x") == keyed_hash("x", "秘密" * 40)


def test_an_empty_key_is_refused() -> None:
    with pytest.raises(ValueError, match="CIVICPULSE_PSEUDONYM_KEY"):
        keyed_hash("x", "")
    with pytest.raises(duckdb.Error, match="CIVICPULSE_PSEUDONYM_KEY"):
        sql_digests("", ["x"])


def test_the_plugin_reads_the_key_from_the_named_variable(monkeypatch) -> None:
    monkeypatch.setenv("HMAC_TEST_KEY", KEY)
    plugin = Plugin("hmac_udf", {"key_env": "HMAC_TEST_KEY"})
    con = duckdb.connect()
    plugin.configure_connection(con)
    assert con.execute("select hmac_sha256('0001')").fetchone() == (keyed_hash("0001", KEY),)


def test_dbt_macro_uses_the_udf_and_keeps_the_key_out_of_target(tmp_path: Path) -> None:
    """A real `dbt run` of a one-model project using the project's macro, profile plugin and
    key from the environment: the model's digest equals Python's; target/ never holds the key."""
    project = tmp_path / "p"
    (project / "models").mkdir(parents=True)
    (project / "macros").mkdir()
    shutil.copy(REPO / "macros" / "pseudonymise.sql", project / "macros")
    (project / "dbt_project.yml").write_text(
        "name: civicpulse\nversion: '1.0'\nprofile: civicpulse\n"
        "flags: {send_anonymous_usage_stats: false}\n"
    )
    (project / "profiles.yml").write_text(
        "civicpulse:\n  target: duckdb\n  outputs:\n    duckdb:\n      type: duckdb\n"
        f"      path: '{tmp_path / 'w.duckdb'}'\n      keep_open: false\n"
        "      plugins:\n        - module: warehouse.dbt_plugins.hmac_udf\n"
        "          config: {key_env: CIVICPULSE_PSEUDONYM_KEY}\n"
    )
    (project / "models" / "ids.sql").write_text(
        "{{ config(materialized='table') }}"
        "select v, {{ pseudonymise('v') }} as k from (values ('0001'), ('1234.5678')) t(v)"
    )
    env = {
        **os.environ,
        "CIVICPULSE_PSEUDONYM_KEY": KEY,
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        "PYTHONPATH": str(REPO),
    }
    done = subprocess.run(
        [sys.executable, "-m", "dbt.cli.main", "run", "--project-dir", str(project),
         "--profiles-dir", str(project), "--log-path", str(project / "logs")],
        env=env, cwd=project, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    con = duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True)
    rows = dict(con.execute("select v, k from ids").fetchall())
    assert rows == {v: keyed_hash(v, KEY) for v in ("0001", "1234.5678")}
    compiled = (project / "target" / "run" / "civicpulse" / "models" / "ids.sql").read_text()
    assert "hmac_sha256(cast(v as varchar))" in compiled
    for path in [*project.rglob("*")]:
        if path.is_file() and path.suffix != ".duckdb":
            assert KEY not in path.read_text(errors="replace"), path
    assert KEY not in done.stdout + done.stderr
