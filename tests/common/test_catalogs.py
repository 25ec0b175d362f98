"""Every translation catalog is complete: nothing untranslated, nothing fuzzy, placeholders kept."""

import re

import pytest
from babel.messages.pofile import read_po

from sanxin.common.catalogs import catalog_dirs

LANGUAGES = ("zh_Hans", "vi")
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|\{\w*\}|%[sd]")

CATALOGS = [
    directory / language / "LC_MESSAGES" / "django.po"
    for directory in catalog_dirs()
    for language in LANGUAGES
    if (directory / language / "LC_MESSAGES" / "django.po").exists()
]


def test_the_project_catalog_exists_in_both_languages():
    names = {path.parent.parent.name for path in CATALOGS}
    assert names == set(LANGUAGES)


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: f"{p.parents[3].name}/{p.parents[1].name}")
def test_catalog_is_complete(path):
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=path.parent.parent.name)
    problems = []
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy:
            problems.append(f"fuzzy: {ids[0]!r}")
        elif not all(strings):
            problems.append(f"untranslated: {ids[0]!r}")
        elif sorted(PLACEHOLDER.findall(ids[0])) != sorted(PLACEHOLDER.findall(strings[0])):
            problems.append(f"placeholders differ: {ids[0]!r}")
    assert problems == []
