"""Table exports that Excel opens correctly, safe against formula injection.

- CSV: UTF-8 with a BOM (Excel otherwise reads Japanese as Shift_JIS mojibake), CRLF line
  ends, RFC 4180 quoting.
- xlsx: openpyxl, one sheet with the table plus a 注記/Notes sheet (period, municipality,
  suppression rule).
- Text cells that start with ``=``, ``+``, ``-``, ``@``, TAB or CR get a leading apostrophe
  (OWASP "CSV injection"), in both formats; in xlsx they are also stored as text, never as a
  formula. Numbers stay numbers; a suppressed count is written as the text ``<10``.
"""

from __future__ import annotations

import base64
import csv
import datetime as dt
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import TYPE_STRING

from dashboards.suppression import Suppressed

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
CSV_MIME = "text/csv; charset=utf-8"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("csv", "xlsx")
_SAFE_NAME = re.compile(r"[^A-Za-z0-9_.-]+")


@dataclass(frozen=True)
class ExportTable:
    """A table as exported: column headers (page language) and raw values per row."""

    name: str  # file-name stem, ASCII
    title: str  # sheet title / caption
    headers: Sequence[str]
    rows: Sequence[Sequence[Any]]
    notes: Sequence[str] = field(default_factory=tuple)
    notes_title: str = "注記"


def escape_cell(value: Any) -> Any:
    """A cell value made safe for spreadsheets (see module docstring)."""
    if isinstance(value, Suppressed):
        return str(value)
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _csv_value(value: Any) -> Any:
    value = escape_cell(value)
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def to_csv(table: ExportTable) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([escape_cell(h) for h in table.headers])
    for row in table.rows:
        writer.writerow([_csv_value(v) for v in row])
    return buffer.getvalue().encode("utf-8-sig")


def _xlsx_value(value: Any) -> tuple[Any, bool]:
    """(value, force text)."""
    value = escape_cell(value)
    if isinstance(value, Decimal):
        return float(value), False
    if isinstance(value, (dt.datetime, dt.time)) or value is None:
        return value, False
    if isinstance(value, (bool, int, float, dt.date)):
        return value, False
    return str(value), True


def to_xlsx(table: ExportTable) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = _sheet_title(table.title)
    sheet.append([escape_cell(h) for h in table.headers])
    for row_index, row in enumerate(table.rows, start=2):
        for column_index, raw in enumerate(row, start=1):
            value, as_text = _xlsx_value(raw)
            cell = sheet.cell(row=row_index, column=column_index, value=value)
            if as_text:
                cell.data_type = TYPE_STRING  # never a formula, whatever the text
            elif isinstance(value, dt.date):
                cell.number_format = "yyyy-mm-dd"
    sheet.freeze_panes = "A2"
    for index, header in enumerate(table.headers, start=1):
        letter = sheet.cell(row=1, column=index).column_letter
        sheet.column_dimensions[letter].width = max(12, min(48, len(str(header)) * 2 + 4))
    if table.notes:
        notes = book.create_sheet(_sheet_title(table.notes_title))
        for line in table.notes:
            notes.append([escape_cell(line)])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _sheet_title(text: str) -> str:
    cleaned = re.sub(r"[\[\]:*?/\\]", " ", text).strip() or "data"
    return cleaned[:31]


def file_name(stem: str, fmt: str, *parts: object) -> str:
    """'civicpulse_<stem>_<parts>.<fmt>' in ASCII (safe in every browser and OS)."""
    pieces = [stem, *(str(p) for p in parts if p)]
    safe = "_".join(_SAFE_NAME.sub("-", piece).strip("-") for piece in pieces)
    return f"civicpulse_{safe}.{fmt}"


def download(table: ExportTable, fmt: str, *name_parts: object) -> dict[str, Any]:
    """What a ``dcc.Download`` needs to save the table as ``fmt`` ('csv' or 'xlsx')."""
    if fmt == "csv":
        content, mime = to_csv(table), CSV_MIME
    elif fmt == "xlsx":
        content, mime = to_xlsx(table), XLSX_MIME
    else:
        raise ValueError(f"export format {fmt!r} is not supported; use one of {FORMATS}")
    return {
        "content": base64.b64encode(content).decode("ascii"),
        "filename": file_name(table.name, fmt, *name_parts),
        "type": mime,
        "base64": True,
    }
