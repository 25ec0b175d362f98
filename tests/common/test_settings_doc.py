"""The README's settings table lists exactly the settings the code reads, with their defaults."""

import re
from pathlib import Path

import pytest

from sanxin.config.env import SETTINGS

pytestmark = pytest.mark.unit

README = Path(__file__).resolve().parents[2] / "README.md"


def test_readme_settings_table_matches_the_code():
    rows = re.findall(r"^\| `([A-Z_]+)` \| `([^`]*)` \|", README.read_text(encoding="utf-8"), re.M)
    assert rows == [(s.name, s.default) for s in SETTINGS]


def test_readme_quick_start_is_exactly_two_commands():
    text = README.read_text(encoding="utf-8")
    block = text.split("## Quick start", 1)[1].split("```", 2)[1]
    assert [line for line in block.splitlines() if line.strip()] == [
        "uv run sanxin demo",
        "uv run pytest",
    ]
