"""Reference data: the capability taxonomy, alliance fields and provinces, loaded idempotently.

The loaders take model classes so that data migrations can pass their historical models.
Provinces come from maintained packages: China's from ``pycountry`` (ISO 3166-2, with its
Chinese names), Vietnam's 63 pre-2025 and 34 post-2025 provinces and the mapping between them
from ``vietnamadminunits``.
"""

from __future__ import annotations

import gettext
import json
import re
from importlib import resources
from typing import Any

from sanxin.directory.data.capabilities import FIELDS, TAXONOMY

_CN_SUFFIX = re.compile(
    r"\s+(Sheng|Shi|Zizhiqu|Zhuangzu Zizhiqu|Huizu Zizhiqu|Weiwu'er Zizhiqu|Tebiexingzhengqu)$"
)
_VN_PREFIX = re.compile(r"^(Tỉnh|Thành phố)\s+")


def load_taxonomy(capability_model: Any) -> int:
    count = 0

    def walk(nodes, parent):
        nonlocal count
        for position, (code, en, zh, vi, children) in enumerate(nodes):
            obj, _created = capability_model.objects.update_or_create(
                code=code,
                defaults={
                    "name_en": en,
                    "name_zh": zh,
                    "name_vi": vi,
                    "parent": parent,
                    "position": position,
                },
            )
            count += 1
            walk(children, obj)

    walk(TAXONOMY, None)
    return count


def load_fields(field_model: Any) -> int:
    for code, en, zh, vi in FIELDS:
        field_model.objects.update_or_create(
            code=code, defaults={"name_en": en, "name_zh": zh, "name_vi": vi}
        )
    return len(FIELDS)


def china_provinces() -> list[dict[str, str]]:
    import pycountry  # noqa: PLC0415 - heavy, only needed when loading

    zh = gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=["zh_CN"])
    out = []
    for sub in pycountry.subdivisions.get(country_code="CN"):
        out.append(
            {
                "code": sub.code,
                "name_en": _CN_SUFFIX.sub("", sub.name),
                "name_zh": zh.gettext(sub.name),
            }
        )
    return out


def _vn_data(name: str) -> dict[str, Any]:
    ref = resources.files("vietnamadminunits") / "data" / name
    return json.loads(ref.read_text(encoding="utf-8"))


def vietnam_provinces() -> tuple[list[dict[str, str]], list[dict[str, str]], dict[str, str]]:
    """(34 current, 63 legacy, legacy key → current key)."""
    current = _vn_data("parser_from_2025.json")["DICT_PROVINCE"]
    legacy = _vn_data("parser_legacy.json")["DICT_PROVINCE"]
    merged = _vn_data("converter_2025.json")["DICT_PROVINCE"]

    def rows(table, prefix):
        return [
            {
                "key": key,
                "code": f"{prefix}-{value['provinceCode']}",
                "name_vi": value["provinceShort"],
                "name_en": value["provinceShort"],
                "full_name": value["province"],
            }
            for key, value in table.items()
        ]

    mapping = {old: new for new, olds in merged.items() for old in olds}
    return rows(current, "VN"), rows(legacy, "VN63"), mapping


def load_regions(region_model: Any) -> int:
    count = 0
    for row in china_provinces():
        region_model.objects.update_or_create(
            code=row["code"],
            defaults={
                "country": "CN",
                "scheme": "cn",
                "name_en": row["name_en"],
                "name_zh": row["name_zh"],
                "name_vi": row["name_en"],
            },
        )
        count += 1
    current, legacy, mapping = vietnam_provinces()
    by_key = {}
    for row in current:
        obj, _created = region_model.objects.update_or_create(
            code=row["code"],
            defaults={
                "country": "VN",
                "scheme": "vn2025",
                "name_en": row["name_en"],
                "name_zh": "",
                "name_vi": row["name_vi"],
                "successor": None,
            },
        )
        by_key[row["key"]] = obj
        count += 1
    for row in legacy:
        region_model.objects.update_or_create(
            code=row["code"],
            defaults={
                "country": "VN",
                "scheme": "vn63",
                "name_en": row["name_en"],
                "name_zh": "",
                "name_vi": row["name_vi"],
                "successor": by_key.get(mapping.get(row["key"], "")),
            },
        )
        count += 1
    return count
