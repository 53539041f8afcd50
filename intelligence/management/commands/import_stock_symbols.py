"""manage.py import_stock_symbols FILE.csv: listed companies per industry (industry_stock_symbols).

Columns: industry, symbol, company_name, exchange (optional). A row without industry, symbol or
company name is skipped and counted; an existing (industry, symbol) is updated, so the import
can run again with a newer file. The progress bar goes to stderr; the summary to stdout.
"""

from __future__ import annotations

import csv
from pathlib import Path

from django.core.management.base import CommandError
from tqdm import tqdm

from config.commands import UnscopedCommand
from intelligence.reference import stock_symbol_upsert

DEFAULT_FILE = Path(__file__).resolve().parents[2] / "data" / "industry_stock_symbols.csv"


class Command(UnscopedCommand):
    help = "Import industry stock symbols from a CSV file (industry,symbol,company_name,exchange)."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default=str(DEFAULT_FILE))

    def handle(self, *args, path: str, **options):
        try:
            with open(path, newline="", encoding="utf-8-sig") as handle:
                rows = list(csv.DictReader(handle))
        except (OSError, UnicodeDecodeError, csv.Error) as exc:
            raise CommandError(f"Cannot read {path}: {exc}") from exc
        imported = skipped = 0
        for row in tqdm(rows, desc="Symbols", unit="row", file=self.stderr._out):
            if stock_symbol_upsert(
                industry=row.get("industry") or "",
                symbol=row.get("symbol") or "",
                company_name=row.get("company_name") or "",
                exchange=row.get("exchange") or "",
            ):
                imported += 1
            else:
                skipped += 1
        self.stdout.write(f"{imported} imported, {skipped} skipped")
