"""Ad-hoc SQL for analysts: one read-only SELECT on the published snapshot, bounded in rows and
time, with no file-system access (see connections.connect_sandbox)."""

from __future__ import annotations

import threading
from dataclasses import dataclass

import duckdb

from warehouse.connections import connect_sandbox
from warehouse.paths import HomePaths

DEFAULT_MAX_ROWS = 10_000
DEFAULT_TIMEOUT_S = 30.0


class QueryRefused(ValueError):
    """The query was not run or was stopped; the message says why and what is allowed."""


@dataclass(frozen=True)
class QueryResult:
    columns: list[str]
    rows: list[tuple[object, ...]]
    truncated: bool


def check_statement(con: duckdb.DuckDBPyConnection, sql: str) -> None:
    try:
        statements = con.extract_statements(sql)
    except duckdb.Error as error:
        raise QueryRefused(f"SQL syntax error: {error}") from None
    if len(statements) != 1:
        raise QueryRefused(
            f"exactly one statement is allowed, found {len(statements)}; remove extra ';'"
        )
    kind = statements[0].type
    if kind != duckdb.StatementType.SELECT:
        raise QueryRefused(
            f"only SELECT queries are allowed (this is {kind.name}); the snapshot is read-only"
        )


def run_query(
    paths: HomePaths,
    sql: str,
    *,
    max_rows: int = DEFAULT_MAX_ROWS,
    timeout_s: float = DEFAULT_TIMEOUT_S,
    city: str | None = None,
) -> QueryResult:
    con = connect_sandbox(paths, city=city)
    timer = threading.Timer(timeout_s, con.interrupt)
    try:
        check_statement(con, sql)
        timer.start()
        cursor = con.execute(sql)
        columns = [d[0] for d in cursor.description or []]
        rows = cursor.fetchmany(max_rows + 1)
    except duckdb.InterruptException:
        raise QueryRefused(f"query stopped after the {timeout_s:g} s time limit") from None
    except duckdb.Error as error:
        message = str(error).split("\n")[0]
        raise QueryRefused(message) from None
    finally:
        timer.cancel()
        con.close()
    return QueryResult(columns, rows[:max_rows], truncated=len(rows) > max_rows)
