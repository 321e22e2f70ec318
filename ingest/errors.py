"""Domain errors raised by readers. Messages say what was wrong and what is accepted."""

from __future__ import annotations


class IngestError(Exception):
    """A file cannot be read. The message names the file, and the line/column when known."""

    def __init__(self, path: str, reason: str, line: int | None = None, column: str | None = None):
        self.path = path
        self.reason = reason
        self.line = line
        self.column = column
        where = path
        if line is not None:
            where += f", line {line}"
        if column is not None:
            where += f", column {column!r}"
        super().__init__(f"{where}: {reason}")


class UnknownFormatError(IngestError):
    """Detection found no reader for a file."""
