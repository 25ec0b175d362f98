"""Per-language model fields: ``name_en``, ``name_zh``, ``name_vi`` and friends."""

from __future__ import annotations

import unicodedata

from django.utils import translation

from sanxin.common.enums import FALLBACK_ORDER, LANGUAGE_SUFFIXES


def current_suffix(language: str | None = None) -> str:
    lang = (language or translation.get_language() or "en").lower()
    return LANGUAGE_SUFFIXES.get(lang, LANGUAGE_SUFFIXES.get(lang.split("-")[0], "en"))


def localized(obj: object, base: str, language: str | None = None) -> str:
    """The value of ``obj.<base>_<lang>`` in the current language, else the first one filled."""
    first = current_suffix(language)
    for suffix in (first, *FALLBACK_ORDER):
        value = getattr(obj, f"{base}_{suffix}", "") or ""
        if value:
            return value
    return ""


def fold(text: str) -> str:
    """Search key: case-folded, width-normalised, Vietnamese diacritics removed.

    ``fold("Công ty Điện lực")`` → ``"cong ty dien luc"``; Chinese is kept as is.
    """
    text = unicodedata.normalize("NFKC", text or "").casefold()
    text = text.replace("đ", "d")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return unicodedata.normalize("NFC", stripped)


def search_blob(*parts: str) -> str:
    """Text stored for search: each part as typed and folded, joined by newlines."""
    seen: list[str] = []
    for part in parts:
        if not part:
            continue
        for variant in (unicodedata.normalize("NFKC", part).casefold(), fold(part)):
            if variant not in seen:
                seen.append(variant)
    return "\n".join(seen)
