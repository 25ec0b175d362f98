"""Owners in real data: reading an owner cell, and one comparison key per company.

A GEM owner cell lists one or more owners, each with an optional stake:
``Huadian Yunnan Power Generation CO LTD [56%]; China Yangzi River Power Shareholding CO LTD
[23%]; other [21%]``, with the names in local script in a sibling cell in the same order.
Placeholders ("to be determined", "other", "natural person(s)") keep their stake but never
become organizations.

``org_keys`` gives the keys two spellings of one company share: case, width (full-width
forms), diacritics, punctuation and legal-form words (Co Ltd, Corporation, JSC, 有限公司,
Công ty TNHH …) do not count, so "Vietnam Electricity (EVN)", "Vietnam Electricity LLC" and
"VIETNAM ELECTRICITY" are one company, also known by its acronym "EVN".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal, InvalidOperation

from sanxin.common.i18n import fold

#: Owner names that stand for "no organization" (compared folded).
PLACEHOLDERS = frozenset(
    {
        "",
        "-",
        "--",
        "n/a",
        "na",
        "none",
        "tbd",
        "to be determined",
        "unknown",
        "unknown owner",
        "undisclosed",
        "other",
        "others",
        "natural person",
        "natural persons",
        "natural person(s)",
        "individual",
        "individuals",
        "individual(s)",
        "待定",
        "未知",
        "其他",
        "其它",
        "自然人",
        "chua xac dinh",
        "khac",
    }
)

#: The same state groups under names no rule can join (keys as ``_latin_key`` makes them).
KNOWN_NAMES: dict[str, str] = {
    "electricity of vietnam": "vietnam electricity",
    "evn": "vietnam electricity",
    "petrovietnam": "vietnam oil and gas",
    "vietnam national oil and gas": "vietnam oil and gas",
    "pv power": "petrovietnam power",
    "vinacomin": "vietnam national coal and mineral industries",
    "vietnam coal mineral industry": "vietnam national coal and mineral industries",
}

#: Words of legal form, dropped from the end of an English or Vietnamese name.
_SUFFIX_WORDS = frozenset(
    {
        "co",
        "ltd",
        "limited",
        "company",
        "corp",
        "corporation",
        "inc",
        "incorporated",
        "llc",
        "jsc",
        "joint",
        "stock",
        "plc",
        "pcl",
        "public",
        "bhd",
        "sdn",
        "lp",
        "group",
        "holdings",
        "holding",
        "shareholding",
        "share",
        "gmbh",
        "ag",
        "sa",
        "pte",
        "pty",
        "tnhh",
        "mtv",
        "liability",
    }
)
#: Vietnamese legal forms written before the name ("Công ty Cổ phần …"), folded.
_VI_PREFIXES = (
    "tong cong ty co phan ",
    "tong cong ty ",
    "cong ty co phan ",
    "cong ty tnhh mtv ",
    "cong ty tnhh ",
    "cong ty ",
    "tap doan ",
)
#: Chinese legal forms at the end of a name, longest first.
_ZH_SUFFIXES = (
    "股份有限公司",
    "有限责任公司",
    "集团有限公司",
    "有限公司",
    "集团公司",
    "集团",
    "公司",
    "股份",
)
_STAKE = re.compile(r"^(?P<name>.*?)\s*\[\s*(?P<share>[0-9]+(?:[.,][0-9]+)?)\s*%\s*\]\s*$")
# Only a trailing "(EVN)": "Ialy Hydro Power Company (a member of Vietnam Electricity (EVN))"
# is a subsidiary, not EVN.
_ACRONYM = re.compile(r"\(\s*([A-Z][A-Z0-9&]{1,9})\s*\)\s*$")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_VI_MARKS = re.compile(
    r"[ăâđêôơưĂÂĐÊÔƠƯàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]"
)
_PUNCT = re.compile(r"[^\w\s]", re.UNICODE)


@dataclass(frozen=True)
class Stake:
    """One owner named in a cell: English name, local-script name, stake in percent."""

    name: str
    local: str = ""
    share: Decimal | None = None

    @property
    def is_placeholder(self) -> bool:
        return is_placeholder(self.name) and is_placeholder(self.local)


def is_placeholder(name: str) -> bool:
    return " ".join(fold(name).split()) in PLACEHOLDERS


def is_chinese(text: str) -> bool:
    return bool(_CJK.search(text or ""))


def is_vietnamese(text: str) -> bool:
    return bool(_VI_MARKS.search(text or ""))


def local_slot(name: str, country: str) -> str:
    """The language of a name in local script: "zh" for Chinese, else "vi" in Vietnam."""
    if is_chinese(name):
        return "zh"
    if is_vietnamese(name) or country == "VN":
        return "vi"
    return "en"


def _share(text: str) -> Decimal | None:
    try:
        value = Decimal(text.replace(",", "."))
    except InvalidOperation:
        return None
    return value if 0 <= value <= 100 else None


def _split(cell: str) -> list[str]:
    parts = [p.strip() for p in re.split(r"[;；]", cell or "")]
    return [p for p in parts if p]


def _parse_part(part: str) -> tuple[str, Decimal | None]:
    match = _STAKE.match(part)
    if match:
        return match.group("name").strip(), _share(match.group("share"))
    return part.strip(), None


def parse_owners(cell: str, local_cell: str = "") -> list[Stake]:
    """The owners of an owner cell; local names pair up by position when the counts agree."""
    parts = [_parse_part(p) for p in _split(str(cell or ""))]
    locals_ = [_parse_part(p)[0] for p in _split(str(local_cell or ""))]
    if len(locals_) != len(parts) and len(parts) > 1:  # "甲公司, 乙公司" for "A; B"
        commas = [p.strip() for p in re.split(r"[;；,，、]", str(local_cell or "")) if p.strip()]
        if len(commas) == len(parts):
            locals_ = [_parse_part(p)[0] for p in commas]
    if not parts and locals_:
        parts = [_parse_part(p) for p in _split(str(local_cell))]
        return [Stake(name="", local=name, share=share) for name, share in parts]
    paired = len(locals_) == len(parts)
    return [
        Stake(name=name, local=locals_[i] if paired else "", share=share)
        for i, (name, share) in enumerate(parts)
    ]


# --- comparison keys ---------------------------------------------------------------------


def _latin_key(name: str) -> str:
    text = fold(name).replace("&", " and ")
    for prefix in _VI_PREFIXES:
        if text.startswith(prefix) and len(text) > len(prefix) + 2:
            text = text[len(prefix) :]
            break
    words = _PUNCT.sub(" ", text).split()
    while len(words) > 1 and words[-1] in _SUFFIX_WORDS:
        words.pop()
    key = " ".join(words)
    return KNOWN_NAMES.get(key, key)


def _chinese_key(name: str) -> str:
    text = "".join(_PUNCT.sub("", fold(name)).split())
    changed = True
    while changed:
        changed = False
        for suffix in _ZH_SUFFIXES:
            if text.endswith(suffix) and len(text) > len(suffix) + 1:
                text = text[: -len(suffix)]
                changed = True
                break
    return text


def name_key(name: str) -> str:
    """The key of one spelling of a company name ('' for a placeholder)."""
    if is_placeholder(name):
        return ""
    without_acronym = _ACRONYM.sub(" ", name)
    if is_chinese(name):
        return "zh:" + _chinese_key(without_acronym)
    key = _latin_key(without_acronym)
    return f"n:{key}" if key else ""


def acronym_key(name: str) -> str:
    """``acr:evn`` for "Vietnam Electricity (EVN)"; '' when the name carries no acronym."""
    match = _ACRONYM.search(name or "")
    return f"acr:{match.group(1).casefold()}" if match else ""


def short_name_key(short_name: str) -> str:
    """The acronym key an organization's short name answers to ("EVN" → ``acr:evn``)."""
    text = (short_name or "").strip()
    if re.fullmatch(r"[A-Za-z][A-Za-z0-9&]{1,9}", text):
        return f"acr:{text.casefold()}"
    return ""


def acronym(name: str) -> str:
    match = _ACRONYM.search(name or "")
    return match.group(1) if match else ""


def org_keys(*names: str) -> list[str]:
    """Every key of an organization known by ``names`` (in order, without repeats)."""
    keys: list[str] = []
    for name in names:
        for k in (name_key(name), acronym_key(name)):
            if k and k not in keys:
                keys.append(k)
    return keys


def scale_to_hundred(shares: list[Decimal]) -> list[Decimal]:
    """Stakes that add up to more than 100 % scaled down to 100 % (two decimals, never over)."""
    total = sum(shares, Decimal(0))
    if total <= 100:
        return shares
    factor = Decimal(100) / total
    return [(s * factor).quantize(Decimal("0.01"), rounding=ROUND_DOWN) for s in shares]
