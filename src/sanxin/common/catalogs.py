"""Compile the translation catalogs (.po → .mo) when they are missing or out of date.

Uses Babel, so `sanxin demo` works on a machine without GNU gettext; CI also runs Django's
``compilemessages`` to check the catalogs with msgfmt.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent.parent
LOCALE_DIR = PACKAGE_DIR / "locale"


def catalog_dirs() -> list[Path]:
    """The project catalog and the catalogs of apps that keep their own (``<app>/locale``)."""
    return [LOCALE_DIR, *sorted(p for p in PACKAGE_DIR.glob("*/locale") if p.is_dir())]


def compile_catalogs(locale_dir: Path | None = None) -> list[Path]:
    """Compile every stale ``django.po`` (all catalogs, or those under ``locale_dir``).

    Returns the .mo files written.
    """
    if locale_dir is None:
        return [mo for directory in catalog_dirs() for mo in compile_catalogs(directory)]
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
