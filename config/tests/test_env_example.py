"""`.env.example` documents every variable the settings read."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_setting_read_from_the_environment_is_documented():
    settings_source = (ROOT / "config" / "settings" / "base.py").read_text(encoding="utf-8")
    read = set(re.findall(r'env_\w+\(\s*"([A-Z0-9_]+)"', settings_source))
    documented = set(
        re.findall(
            r"^#?\s*([A-Z0-9_]+)=", (ROOT / ".env.example").read_text(encoding="utf-8"), re.M
        )
    )
    assert read, "no environment reads found"
    assert sorted(read - documented) == []
