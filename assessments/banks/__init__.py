"""The shipped question banks (one JSON file per assessment type, docs/question-banks.md)."""

from __future__ import annotations

import json
from pathlib import Path

BANKS_DIR = Path(__file__).resolve().parent


def bank_files() -> list[Path]:
    return sorted(BANKS_DIR.glob("*.json"))


def read_bank(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def load_banks(template_model) -> list[str]:
    """Create each shipped bank version that is not in the database yet; return the ones created.

    Takes the model so the data migration can pass its historical model. A version that already
    exists is left as it is, so staff edits in the admin are never overwritten.
    """
    created = []
    for path in bank_files():
        bank = read_bank(path)
        _, was_created = template_model.objects.get_or_create(
            assessment_type=bank["assessment_type"],
            version=bank["version"],
            defaults={
                "title": bank["title"],
                "description": bank.get("description", ""),
                "questions": bank["questions"],
                "rubric": bank["rubric"],
                "is_active": True,
            },
        )
        if was_created:
            created.append(f"{bank['assessment_type']} {bank['version']}")
    return created
