"""Country names in the reader's language.

China, Vietnam and the countries an alliance in the region deals with most (ASEAN, the rest of
East Asia, the main investor and supplier countries) use our own catalog's names, written as a
business reader expects them. Every other country: in Chinese from the ISO 3166-1 translations
that ship inside the ``pycountry`` package (no download); in Vietnamese by its English ISO name
(pycountry's Vietnamese names are decades old — "A Phú Hãn" for Afghanistan — and English names
are what Vietnamese business documents use for less familiar countries).
"""

from __future__ import annotations

import functools
import gettext

import pycountry
from django.utils.functional import lazy
from django.utils.translation import get_language, gettext_lazy

#: Our languages → the locale names of pycountry's catalogs we use.
_ISO_LOCALES = {"zh-hans": "zh_CN"}

#: Names from our own catalog (besides China and Vietnam).
_OWN_NAMES = {
    "CN": gettext_lazy("China"),
    "VN": gettext_lazy("Vietnam"),
    "BN": gettext_lazy("Brunei"),
    "KH": gettext_lazy("Cambodia"),
    "ID": gettext_lazy("Indonesia"),
    "LA": gettext_lazy("Laos"),
    "MY": gettext_lazy("Malaysia"),
    "MM": gettext_lazy("Myanmar"),
    "PH": gettext_lazy("Philippines"),
    "SG": gettext_lazy("Singapore"),
    "TH": gettext_lazy("Thailand"),
    "TL": gettext_lazy("Timor-Leste"),
    "JP": gettext_lazy("Japan"),
    "KR": gettext_lazy("South Korea"),
    "IN": gettext_lazy("India"),
    "AU": gettext_lazy("Australia"),
    "DE": gettext_lazy("Germany"),
    "FR": gettext_lazy("France"),
    "GB": gettext_lazy("United Kingdom"),
    "US": gettext_lazy("United States"),
}


@functools.cache
def _catalog(language: str) -> gettext.NullTranslations:
    locale = _ISO_LOCALES.get(language)
    if locale is None:
        return gettext.NullTranslations()
    return gettext.translation(
        "iso3166-1", pycountry.LOCALES_DIR, languages=[locale], fallback=True
    )


def country_name(code: str) -> str:
    """The name of the country with ISO code ``code`` in the active language (the code itself
    when it is not a country)."""
    if code in _OWN_NAMES:
        return str(_OWN_NAMES[code])
    country = pycountry.countries.get(alpha_2=code or "")
    if country is None:
        return code
    catalog = _catalog(get_language() or "en")
    # The short common name ("Bolivia") where the catalog has it, else the official one.
    for name in (getattr(country, "common_name", None), country.name):
        if name and catalog.gettext(name) != name:
            return catalog.gettext(name)
    return getattr(country, "common_name", None) or country.name


#: ``country_name`` evaluated when rendered (for choices built at import time).
country_name_lazy = lazy(country_name, str)


def country_choices() -> list[tuple[str, str]]:
    """China and Vietnam first, then every other country (labels translated when shown)."""
    others = sorted(
        (c for c in pycountry.countries if c.alpha_2 not in ("CN", "VN")), key=lambda c: c.name
    )
    return [
        ("", "—"),
        ("CN", country_name_lazy("CN")),
        ("VN", country_name_lazy("VN")),
        *((c.alpha_2, country_name_lazy(c.alpha_2)) for c in others),
    ]
