"""Ad-hoc SQL for analysts: one read-only SELECT on the published snapshot, bounded in rows,
bytes, memory and time, with no file-system access.

Two layers, so that one mistake does not open the server:

1. The query is checked before it runs (``check_statement``): one statement, of type SELECT,
   at most ``MAX_SQL_CHARS`` long; its syntax tree (DuckDB's own parser, via
   ``json_serialize_sql``) may call only the table functions in ``ALLOWED_TABLE_FUNCTIONS``, none
   of the scalar functions in ``REFUSED_FUNCTIONS``, and may name tables, not file paths.
2. The connection itself (``open_sandbox``) is a fresh in-memory database with the snapshot
   attached read-only; external access, extension loading, spilling to disk, the progress bar
   and Python replacement scans are off, memory, threads and expression depth are capped, and
   the configuration is locked so SQL cannot change any of it back.

Results are fetched in batches and refused past ``max_rows`` rows (then truncated) or
``max_result_bytes`` (then refused); a timer interrupts the query at ``timeout_s``.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import duckdb

from warehouse.connections import connect_reader
from warehouse.paths import HomePaths

DEFAULT_MAX_ROWS = 10_000
DEFAULT_TIMEOUT_S = 30.0
DEFAULT_MAX_RESULT_BYTES = 64 * 1024 * 1024
MEMORY_LIMIT = "1GB"
THREADS = 2
MAX_EXPRESSION_DEPTH = 250
MAX_SQL_CHARS = 100_000
MAX_CONCURRENT = 2
FETCH_BATCH = 256

ALLOWED_TABLE_FUNCTIONS = frozenset(
    {
        "range",
        "generate_series",
        "unnest",
        "duckdb_tables",
        "duckdb_columns",
        "duckdb_views",
        "duckdb_schemas",
        "duckdb_types",
        "duckdb_constraints",
        "duckdb_indexes",
        "duckdb_functions",
        "duckdb_keywords",
    }
)
REFUSED_FUNCTIONS = frozenset(
    {"current_setting", "getenv", "getvariable", "write_log", "current_query"}
)
_PATH_LIKE = re.compile(r"[/\\:~]|\.[A-Za-z0-9]{1,8}$")

_SETTINGS = (
    ("memory_limit", MEMORY_LIMIT),
    ("threads", THREADS),
    ("max_expression_depth", MAX_EXPRESSION_DEPTH),
    ("temp_directory", ""),  # no spilling: a query that needs more memory is refused
    ("enable_progress_bar", False),
    ("python_enable_replacements", False),
    ("autoinstall_known_extensions", False),
    ("autoload_known_extensions", False),
    ("allow_community_extensions", False),
    ("enable_external_access", False),
    ("lock_configuration", True),
)
_TWO_WORD_COMMANDS = frozenset(
    {"CREATE", "DROP", "ALTER", "EXPORT", "IMPORT", "FORCE", "SET", "RESET", "INSERT", "EXPLAIN"}
)
_SLOTS = threading.BoundedSemaphore(MAX_CONCURRENT)
_REFUSED_HINT = (
    "the SQL sandbox reads only the published tables (no files, URLs, settings or system functions)"
)


class QueryRefused(ValueError):
    """The query was not run or was stopped; the message says why and what is allowed."""


@dataclass(frozen=True)
class QueryResult:
    columns: list[str]
    rows: list[tuple[object, ...]]
    truncated: bool


def open_sandbox(paths: HomePaths, city: str | None = None) -> duckdb.DuckDBPyConnection:
    """The snapshot (with `city`, that municipality's own), read-only, with every limit set
    and the configuration locked."""
    con = connect_reader(paths, city=city)
    try:
        for name, value in _SETTINGS:
            literal = f"'{value}'" if isinstance(value, str) else str(value).lower()
            con.execute(f"SET {name} = {literal}")
    except duckdb.Error:
        con.close()
        raise
    return con


def check_statement(sql: str) -> None:
    """Refuse anything but one SELECT that reads tables (see the module docstring)."""
    if len(sql) > MAX_SQL_CHARS:
        raise QueryRefused(
            f"the query is {len(sql):,} characters long; at most {MAX_SQL_CHARS:,} are accepted"
        )
    parser = duckdb.connect(":memory:")
    try:
        parser.execute(f"SET max_expression_depth = {MAX_EXPRESSION_DEPTH}")
        parser.execute("SET enable_external_access = false")
        try:
            statements = parser.extract_statements(sql)
        except duckdb.Error as error:
            raise QueryRefused(_syntax_message(error)) from None
        if len(statements) != 1:
            raise QueryRefused(
                f"exactly one statement is allowed, found {len(statements)}; remove extra ';'"
            )
        kind = statements[0].type
        if kind != duckdb.StatementType.SELECT:
            raise QueryRefused(
                f"only SELECT queries are allowed, not {_leading_words(sql)} ({kind.name} "
                "statement); the snapshot is read-only"
            )
        tree = _syntax_tree(parser, sql)
    finally:
        parser.close()
    for kind_, name in _references(tree):
        if kind_ == "table_function" and name not in ALLOWED_TABLE_FUNCTIONS:
            raise QueryRefused(f"table function {name}() is disabled: {_REFUSED_HINT}")
        if kind_ == "function" and name in REFUSED_FUNCTIONS:
            raise QueryRefused(f"function {name}() is disabled: {_REFUSED_HINT}")
        if kind_ == "table" and _PATH_LIKE.search(name):
            raise QueryRefused(
                f"reading {name!r} is disabled: name a published table (e.g. marts.dim_date); "
                + _REFUSED_HINT
            )


def run_query(
    paths: HomePaths,
    sql: str,
    *,
    max_rows: int = DEFAULT_MAX_ROWS,
    timeout_s: float = DEFAULT_TIMEOUT_S,
    max_result_bytes: int = DEFAULT_MAX_RESULT_BYTES,
    city: str | None = None,
) -> QueryResult:
    """Run one SELECT in the sandbox (on `city`'s own snapshot when given); raises
    QueryRefused with a message saying why not."""
    check_statement(sql)
    if not _SLOTS.acquire(timeout=timeout_s):
        raise QueryRefused(
            f"the SQL sandbox is busy ({MAX_CONCURRENT} queries running); try again shortly"
        )
    try:
        return _run(paths, sql, max_rows, timeout_s, max_result_bytes, city)
    finally:
        _SLOTS.release()


def _run(
    paths: HomePaths,
    sql: str,
    max_rows: int,
    timeout_s: float,
    max_result_bytes: int,
    city: str | None,
) -> QueryResult:
    try:
        con = open_sandbox(paths, city)
    except duckdb.Error as error:
        raise QueryRefused(
            f"the published snapshot cannot be opened: {_first_line(error)}"
        ) from None
    timer = threading.Timer(timeout_s, con.interrupt)
    try:
        timer.start()
        cursor = con.execute(sql)
        columns = [d[0] for d in cursor.description or []]
        rows: list[tuple[object, ...]] = []
        size = 0
        while len(rows) <= max_rows:
            batch = cursor.fetchmany(min(FETCH_BATCH, max_rows + 1 - len(rows)))
            if not batch:
                break
            size += sum(_size(row) for row in batch)
            if size > max_result_bytes:
                raise QueryRefused(
                    f"the result is larger than the {_mb(max_result_bytes)} limit after "
                    f"{len(rows) + len(batch):,} rows; select fewer columns or rows, or aggregate"
                )
            rows.extend(batch)
    except duckdb.InterruptException:
        raise QueryRefused(f"query stopped after the {timeout_s:g} s time limit") from None
    except duckdb.OutOfMemoryException:
        raise QueryRefused(
            f"query stopped: it needs more than the sandbox's {MEMORY_LIMIT} memory limit; "
            "filter or aggregate more, or use a smaller range"
        ) from None
    except duckdb.PermissionException as error:
        raise QueryRefused(f"{_first_line(error)} ({_REFUSED_HINT})") from None
    except duckdb.Error as error:
        raise QueryRefused(_syntax_message(error)) from None
    finally:
        timer.cancel()
        con.close()
    return QueryResult(columns, rows[:max_rows], truncated=len(rows) > max_rows)


def _syntax_tree(parser: duckdb.DuckDBPyConnection, sql: str) -> Any:
    row = parser.execute("SELECT json_serialize_sql(?)", [sql]).fetchone()
    tree = json.loads(row[0]) if row else {"error": True}
    if tree.get("error"):
        message = str(tree.get("error_message", "the query could not be analysed"))
        raise QueryRefused(f"only plain SELECT queries are allowed: {message}")
    return tree


def _references(node: Any) -> Iterator[tuple[str, str]]:
    """(kind, lower-cased name) of every function, table function and table in a syntax tree."""
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(item)
            continue
        if not isinstance(item, dict):
            continue
        if item.get("type") == "TABLE_FUNCTION" and isinstance(item.get("function"), dict):
            yield "table_function", str(item["function"].get("function_name", "")).lower()
        elif item.get("class") == "FUNCTION":
            yield "function", str(item.get("function_name", "")).lower()
        elif item.get("type") == "BASE_TABLE":
            yield "table", str(item.get("table_name", ""))
        stack.extend(item.values())


def _size(value: object) -> int:
    """A cheap estimate of a fetched value's size in bytes (strings and blobs dominate)."""
    if isinstance(value, (str, bytes)):
        return len(value) + 32
    if isinstance(value, (tuple, list)):
        return 32 + sum(_size(v) for v in value)
    if isinstance(value, dict):
        return 32 + sum(_size(k) + _size(v) for k, v in value.items())
    if isinstance(value, (int, float, bool, Decimal, dt.date, dt.time, dt.timedelta)):
        return 32
    return 64


def _leading_words(sql: str) -> str:
    text = re.sub(r"--[^\n]*|/\*.*?\*/", " ", sql, flags=re.S)
    words = re.findall(r"[A-Za-z_]+", text)[:2]
    if words and words[0].upper() not in _TWO_WORD_COMMANDS:
        words = words[:1]
    return " ".join(words).upper() or "this"


def _first_line(error: Exception) -> str:
    return str(error).split("\n")[0]


def _syntax_message(error: Exception) -> str:
    message = _first_line(error)
    if "expression depth" in message:
        return (
            f"the query is nested too deeply: at most {MAX_EXPRESSION_DEPTH} levels of "
            "expressions or subqueries are allowed"
        )
    if isinstance(error, duckdb.ParserException):
        return f"SQL syntax error: {message}"
    return message


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:g} MB"
