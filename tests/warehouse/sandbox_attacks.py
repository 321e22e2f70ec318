"""The SQL-sandbox attack corpus: escape attempts and what each must be answered with.

Placeholders: {home} is CIVICPULSE_HOME, {outside} a folder outside it that must stay empty.
Each expectation is a regular expression the refusal message must match (it names what was
refused or which limit stopped the query). Attacks aimed at the memory and result-size limits
get a generous time limit so that only the limit under test can stop them.
"""

from __future__ import annotations

from typing import NamedTuple


class Attack(NamedTuple):
    id: str
    sql: str
    expect: str
    timeout_s: float = 2.0  # long enough for refusals; the slow attacks must hit it


FILE_READ = r"\(\) is disabled: the SQL sandbox reads only the published tables"
NOT_SELECT = r"only SELECT queries are allowed, not {}"
TIME = r"stopped after the [\d.]+ s time limit"
MEMORY = r"more than the sandbox's 1GB memory limit"

ATTACKS = [
    # reading server files
    Attack("read_csv_passwd", "select * from read_csv('/etc/passwd')", "read_csv" + FILE_READ),
    Attack(
        "read_csv_auto_users",
        "select * from read_csv_auto('{home}/users.toml')",
        "read_csv_auto" + FILE_READ,
    ),
    Attack(
        "read_text_warehouse",
        "select * from read_text('{home}/warehouse.duckdb')",
        "read_text" + FILE_READ,
    ),
    Attack(
        "read_blob_serving",
        "select * from read_blob('{home}/serving.duckdb')",
        "read_blob" + FILE_READ,
    ),
    Attack("read_json_passwd", "select * from read_json('/etc/passwd')", "read_json" + FILE_READ),
    Attack(
        "read_parquet_users",
        "select * from read_parquet('{home}/users.toml')",
        "read_parquet" + FILE_READ,
    ),
    Attack("glob_home", "select * from glob('{home}/*')", "glob" + FILE_READ),
    Attack(
        "replacement_scan_passwd",
        "select * from '/etc/passwd'",
        r"reading '/etc/passwd' is disabled: name a published table",
    ),
    Attack(
        "replacement_scan_relative",
        "select * from 'users.toml'",
        r"reading 'users.toml' is disabled",
    ),
    Attack(
        "sqlite_scan_warehouse",
        "select * from sqlite_scan('{home}/warehouse.duckdb', 'x')",
        "sqlite_scan" + FILE_READ,
    ),
    Attack(
        "read_duckdb_warehouse",
        "select * from read_duckdb('{home}/warehouse.duckdb')",
        "read_duckdb" + FILE_READ,
    ),
    Attack(
        "read_json_in_subquery",
        "select (select count(*) from read_json_objects('/etc/passwd')) as n",
        "read_json_objects" + FILE_READ,
    ),
    Attack(
        "query_string_escape",
        "select * from query('select * from read_text(''/etc/passwd'')')",
        "query" + FILE_READ,
    ),
    # writing or moving data
    Attack("copy_to", "copy (select 1) to '{outside}/out.csv'", NOT_SELECT.format("COPY")),
    Attack("copy_from", "copy marts.t from '/etc/passwd'", NOT_SELECT.format("COPY")),
    Attack(
        "export_database",
        "export database '{outside}/export'",
        NOT_SELECT.format("EXPORT DATABASE"),
    ),
    Attack("import_database", "import database '{outside}'", NOT_SELECT.format("IMPORT DATABASE")),
    Attack("attach_file", "attach '{outside}/x.duckdb' as x", NOT_SELECT.format("ATTACH")),
    Attack("attach_memory", "attach ':memory:' as m", NOT_SELECT.format("ATTACH")),
    Attack("detach_serving", "detach serving", NOT_SELECT.format("DETACH")),
    # extensions and settings
    Attack("install", "install httpfs", NOT_SELECT.format("INSTALL")),
    Attack("load", "load httpfs", NOT_SELECT.format("LOAD")),
    Attack("force_install", "force install sqlite", NOT_SELECT.format("FORCE INSTALL")),
    Attack(
        "set_external_access",
        "set enable_external_access = true",
        NOT_SELECT.format("SET ENABLE_EXTERNAL_ACCESS"),
    ),
    Attack(
        "set_lock_configuration",
        "set lock_configuration = false",
        NOT_SELECT.format("SET LOCK_CONFIGURATION"),
    ),
    Attack("reset_memory_limit", "reset memory_limit", NOT_SELECT.format("RESET MEMORY_LIMIT")),
    Attack("set_global_threads", "set global threads = 64", NOT_SELECT.format("SET GLOBAL")),
    Attack("pragma_database_list", "pragma database_list", NOT_SELECT.format("PRAGMA")),
    Attack(
        "pragma_table_function",
        "select * from pragma_database_list()",
        "pragma_database_list" + FILE_READ,
    ),
    Attack("call", "call pragma_version()", NOT_SELECT.format("CALL")),
    Attack("duckdb_settings", "select * from duckdb_settings()", "duckdb_settings" + FILE_READ),
    Attack(
        "current_setting",
        "select current_setting('secret_directory')",
        r"function current_setting\(\) is disabled",
    ),
    Attack(
        "getenv", "select getenv('CIVICPULSE_PSEUDONYM_KEY')", r"function getenv\(\) is disabled"
    ),
    Attack("duckdb_secrets", "select * from duckdb_secrets()", "duckdb_secrets" + FILE_READ),
    Attack(
        "http_url", "select * from read_csv('http://127.0.0.1:9/x.csv')", "read_csv" + FILE_READ
    ),
    Attack(
        "s3_url", "select * from read_parquet('s3://bucket/x.parquet')", "read_parquet" + FILE_READ
    ),
    Attack(
        "json_execute_serialized",
        "select * from json_execute_serialized_sql('{{}}')",
        "json_execute_serialized_sql" + FILE_READ,
    ),
    # changing the catalogue
    Attack("create_table", "create table marts.x as select 1", NOT_SELECT.format("CREATE TABLE")),
    Attack("create_view", "create view v as select 1", NOT_SELECT.format("CREATE VIEW")),
    Attack("create_macro", "create macro m(a) as a", NOT_SELECT.format("CREATE MACRO")),
    Attack(
        "create_secret",
        "create secret s (type s3, key_id 'a', secret 'b')",
        NOT_SELECT.format("CREATE SECRET"),
    ),
    Attack("insert", "insert into marts.t values (1)", NOT_SELECT.format("INSERT INTO")),
    Attack("update", "update marts.t set x = 0", NOT_SELECT.format("UPDATE")),
    Attack("delete", "delete from marts.t", NOT_SELECT.format("DELETE")),
    Attack("drop", "drop table marts.t", NOT_SELECT.format("DROP TABLE")),
    # several statements
    Attack(
        "two_statements",
        "select 1; copy (select 1) to '{outside}/two.csv'",
        r"exactly one statement is allowed, found 2",
    ),
    Attack(
        "statement_after_comment",
        "select 1 /* comment */; drop table marts.t -- ;",
        r"exactly one statement is allowed, found 2",
    ),
    Attack(
        "statement_after_string",
        "select ';--' as a; drop table marts.t",
        r"exactly one statement is allowed, found 2",
    ),
    # resource exhaustion
    Attack("cross_join", "select count(*) from range(1000000) a, range(1000000) b", TIME),
    Attack(
        "recursive_cte",
        "with recursive r(n) as (select 1 union all select n + 1 from r) select max(n) from r",
        f"{TIME}|{MEMORY}",
    ),
    Attack(
        "deep_parentheses",
        "select " + "(" * 3000 + "1" + ")" * 3000,
        r"nested too deeply: at most 250 levels",
    ),
    Attack(
        "deep_lists",
        "select " + "[" * 400 + "1" + "]" * 400,
        r"nested too deeply: at most 250 levels",
    ),
    Attack(
        "huge_string",
        "select repeat('x', 10000000000)",
        r"Cannot create a string of size|memory limit",
        120,
    ),
    Attack(
        "huge_result",
        "select repeat('x', 1000000) as x from range(500)",
        r"result is larger than the 64 MB limit",
        120,
    ),
    Attack("huge_list", "select list(range) from range(300000000)", MEMORY, 120),
    Attack("sleep", "select pg_sleep(600)", TIME),
    Attack("long_text", "select 1 /*" + "x" * 120_000 + "*/", r"characters long; at most 100,000"),
]
