"""CSV that a spreadsheet opens as data, never as formulas (CSV injection, OWASP).

Every CSV the product writes goes through `csv_writer`: a text cell that starts with = + - @,
a tab or a carriage return gets a leading single quote, which Excel, LibreOffice and Google
Sheets show as text. Numbers are written as they are (a negative number is not a formula).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from decimal import Decimal

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value):
    """The cell as it is safe to write: numbers and None unchanged, text defused."""
    if value is None or isinstance(value, bool | int | float | Decimal):
        return value
    text = value if isinstance(value, str) else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


class SafeCsvWriter:
    """csv.writer with every cell passed through csv_cell; writerow returns what the underlying
    writer returns (the line, with a streaming echo buffer)."""

    def __init__(self, out, **kwargs):
        self._writer = csv.writer(out, **kwargs)

    def writerow(self, row: Iterable):
        return self._writer.writerow([csv_cell(cell) for cell in row])

    def writerows(self, rows: Iterable[Iterable]) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(out, **kwargs) -> SafeCsvWriter:
    return SafeCsvWriter(out, **kwargs)
