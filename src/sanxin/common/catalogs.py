"""Compile the translation catalogs (.po → .mo) when they are missing or out of date.

Uses Babel, so `sanxin demo` works on a machine without GNU gettext; CI also runs Django's
``compilemessages`` to check the catalogs with msgfmt.
"""

from __future__ import annotations

from pathlib import Path

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"


def compile_catalogs(locale_dir: Path = LOCALE_DIR) -> list[Path]:
    """Compile every stale ``django.po`` under ``locale_dir``; returns the .mo files written."""
    from babel.messages.mofile import write_mo  # noqa: PLC0415 - only needed here
    from babel.messages.pofile import read_po  # noqa: PLC0415

    written = []
    for po_path in sorted(locale_dir.glob("*/LC_MESSAGES/*.po")):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        with po_path.open("rb") as po_file:
            catalog = read_po(po_file, locale=po_path.parent.parent.name)
        with mo_path.open("wb") as mo_file:
            write_mo(mo_file, catalog, use_fuzzy=False)
        written.append(mo_path)
    return written
