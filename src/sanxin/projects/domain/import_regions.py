"""Province names in real data → ``directory.Region`` rows (one query, then in memory).

The trackers predate Vietnam's July 2025 merger, so a Vietnamese name is read in the
63-province scheme first and reaches the 34 provinces through the row's successor (a filter by
a new province finds it). Spellings vary: with or without diacritics, "Province"/"City"/
"Tỉnh" around the name, hyphens, and a few other names (Inner Mongolia, Tibet, Vung Tau).
"""

from __future__ import annotations

from sanxin.directory.domain.imports import key
from sanxin.directory.enums import RegionScheme
from sanxin.directory.models import Region

#: Other names of provinces in the data → region code.
ALIASES: dict[str, str] = {
    "inner mongolia": "CN-NM",
    "nei mongol": "CN-NM",
    "tibet": "CN-XZ",
    "xizang": "CN-XZ",
    "xinjiang": "CN-XJ",
    "ningxia": "CN-NX",
    "guangxi": "CN-GX",
    "shangdong": "CN-SD",
    "hong kong": "CN-HK",
    "macau": "CN-MO",
    "macao": "CN-MO",
    "vung tau": "VN63-77",
    "ba ria vung tau": "VN63-77",
    "thua thien hue": "VN63-46",
    "hue": "VN63-46",
    "hanoi": "VN63-01",
    "ho chi minh": "VN63-79",
    "saigon": "VN63-79",
    "da nang": "VN63-48",
}
#: Names that mean "no province".
UNKNOWN = frozenset({"", "unknown", "n/a", "na", "-", "--", "none"})
_PREFIXES = ("tinh ", "thanh pho ", "tp. ", "tp ")
_SUFFIXES = (
    " province",
    " city",
    " municipality",
    " autonomous region",
    " special administrative region",
    " sar",
    "维吾尔自治区",
    "壮族自治区",
    "回族自治区",
    "特别行政区",
    "自治区",
    "省",
    "市",
)
#: Scheme preferred per country: the data predates Vietnam's merger.
_PREFERRED = {"CN": RegionScheme.CN, "VN": RegionScheme.VN_LEGACY}


def _norm(text: str) -> str:
    return " ".join(key(text).replace("-", " ").replace("–", " ").split())


def _variants(text: str) -> list[str]:
    k = _norm(text)
    out = [k]
    for prefix in _PREFIXES:
        if k.startswith(prefix):
            out.append(k[len(prefix) :])
    for v in list(out):
        for suffix in _SUFFIXES:
            if v.endswith(suffix) and len(v) > len(suffix) + 1:
                out.append(v[: -len(suffix)].strip())
    return out


class RegionIndex:
    def __init__(self) -> None:
        self.by_code: dict[str, Region] = {}
        self.by_name: dict[str, list[Region]] = {}
        for region in Region.objects.all():
            self.by_code[region.code] = region
            for name in (region.code, region.name_en, region.name_zh, region.name_vi):
                for k in _variants(name or ""):
                    if k and region not in self.by_name.setdefault(k, []):
                        self.by_name[k].append(region)

    def find(self, text: str, country: str) -> Region | bool | None:
        """The region; None when the name means "unknown"; False when it is not recognised."""
        variants = _variants(text)
        if variants[0] in UNKNOWN:
            return None
        for k in variants:
            code = ALIASES.get(k)
            if code and code in self.by_code:
                return self.by_code[code]
            found = [r for r in self.by_name.get(k, []) if r.country == country]
            if found:
                preferred = [r for r in found if r.scheme == _PREFERRED.get(country)]
                return (preferred or found)[0]
        return False
