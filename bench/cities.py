"""Many cities from one (the 10× stand-in while `civicpulse sample` has no `--cities`).

Every raw table that carries `municipality_code` gets N-1 more copies of the sample city's rows,
done in DuckDB directly: copy k takes the k-th valid fictional municipality code of prefecture
99 (6 digits, check digit as civicpulse.settings.check_municipality_code) and prefixes every GA4
`user_pseudo_id` with `c<k>.` (session keys hash the user id, so sessions stay distinct across
cities). Load ids, file names and every other value are copied unchanged: the copies have the
real content's shape, not new behaviour. The manifest (raw._loads) is not copied.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

SAMPLE_CODE = "990019"
USER_COLUMNS = ("user_pseudo_id",)


def check_digit(body: str) -> int:
    total = sum(int(d) * w for d, w in zip(body, (6, 5, 4, 3, 2), strict=True))
    return (11 - total % 11) % 10


def city_codes(n: int) -> list[str]:
    """n valid fictional municipality codes (prefecture 99), the sample city's excluded."""
    codes = []
    for number in range(2, 1000):
        body = f"99{number:03d}"
        code = body + str(check_digit(body))
        if code != SAMPLE_CODE:
            codes.append(code)
        if len(codes) == n:
            return codes
    raise ValueError(f"at most {len(codes)} fictional codes in prefecture 99")


def replicate_raw(warehouse: Path, cities: int, only_file: str | None = None) -> dict[str, object]:
    """Copy the sample city's raw rows as cities 2..N (only GA4 rows of `only_file` if given:
    the incremental day). Returns the tables and rows copied."""
    codes = city_codes(cities - 1)
    con = duckdb.connect(str(warehouse))
    copied, tables = 0, 0
    try:
        con.execute("SET enable_progress_bar = false")
        columns: dict[str, list[str]] = {}
        for table, column in con.execute(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = 'raw' AND table_name NOT LIKE '\\_%' ESCAPE '\\' "
            "ORDER BY table_name, ordinal_position"
        ).fetchall():
            columns.setdefault(table, []).append(column)
        con.execute("BEGIN")
        for table, names in columns.items():
            if "municipality_code" not in names:
                continue
            where = "municipality_code = ?"
            params: list[object] = [SAMPLE_CODE]
            if only_file is not None:
                if "user_pseudo_id" not in names or "_source_file" not in names:
                    continue
                where += " AND _source_file = ?"
                params.append(only_file)
            tables += 1
            for k, code in enumerate(codes, start=1):
                select = ", ".join(_value(name, code, k) for name in names)
                inserted = con.execute(
                    f'INSERT INTO raw."{table}" SELECT {select} FROM raw."{table}" WHERE {where}',
                    params,
                ).fetchall()
                copied += int(inserted[0][0]) if inserted else 0
        con.execute("COMMIT")
    finally:
        con.close()
    return {"tables": tables, "rows_copied": copied, "codes": [SAMPLE_CODE, *codes]}


def _value(name: str, code: str, k: int) -> str:
    if name == "municipality_code":
        return f"'{code}' AS municipality_code"
    if name in USER_COLUMNS:
        return f'\'c{k}.\' || "{name}" AS "{name}"'
    return f'"{name}"'
