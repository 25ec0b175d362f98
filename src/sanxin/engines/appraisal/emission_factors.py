"""Versioned grid emission factors (tCO2/MWh = kgCO2/kWh), each with its source document.

China: annual announcements of 生态环境部 (MEE) and 国家统计局 (NBS) giving national,
regional and provincial *average* factors (location-based, for electricity consumption),
the national factor excluding market-traded non-fossil power, and the national
fossil-only factor. Vietnam: the grid emission factor that the Department of Climate Change
(DCC, Ministry of Natural Resources and Environment) announces each year, computed with the
CDM "Tool to calculate the emission factor for an electricity system" (combined margin).

The table holds only figures that could be traced to a published source; provinces not
listed fall back to their grid region (see :func:`sanxin.engines.appraisal.carbon.select_factor`).
Add a row when a new announcement appears: never edit an old one.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

TABLE_VERSION = "2026.2"

PROVINCIAL = "provincial_average"
REGIONAL = "regional_average"
NATIONAL = "national_average"
NATIONAL_EXCL_MARKET = "national_average_excl_market_nonfossil"
NATIONAL_FOSSIL = "national_fossil"
ETS_REPORTING = "ets_reporting"
COMBINED_MARGIN = "national_combined_margin"


@dataclass(frozen=True)
class EmissionFactor:
    """One published factor."""

    region: str
    year: int
    scope: str
    t_per_mwh: float
    source: str
    note: str = ""
    added_in: str = "2026.1"  # the TABLE_VERSION that added the row


MEE_2021 = (
    "生态环境部、国家统计局《关于发布2021年电力二氧化碳排放因子的公告》"
    "(公告2024年第12号, 2024-04-12)"
)
MEE_2022 = (
    "生态环境部、国家统计局《关于发布2022年电力二氧化碳排放因子的公告》(2024-12-20); "
    "figures as reported by 新京报零碳研究院, 2024-12-27"
)
MEE_2023 = (
    "生态环境部、国家统计局《关于发布2023年电力二氧化碳排放因子的公告》(2025-12-31), "
    "https://www.mee.gov.cn/xxgk2018/xxgk/xxgk01/202512/W020251231726284332528.pdf; "
    "national and regional figures as reported by 光明日报 and 中国电力报, 2026-01"
)
MEE_2023_PROVINCES = (
    "生态环境部、国家统计局《关于发布2023年电力二氧化碳排放因子的公告》(2025-12-31, "
    "公告2025年第47号), table of provincial averages, "
    "https://www.mee.gov.cn/xxgk2018/xxgk/xxgk01/202512/W020251231726284332528.pdf"
)
MEE_ETS = (
    "生态环境部办公厅《关于做好2022年企业温室气体排放报告管理相关重点工作的通知》"
    "(环办气候函〔2022〕111号): 0.5703 tCO2/MWh for purchased electricity in the national "
    "emissions trading scheme"
)
DCC_SUMMARY = (
    "Department of Climate Change (MONRE, Viet Nam), annual grid emission factor "
    "announcements, summarised in 'Viet Nam's 2023 Updated Grid Emission Factor', "
    "ikinews.climatechange.vn (2025)"
)
DCC_2022 = "DCC official letter No. 327/BĐKH-PTCBT announcing the 2022 grid emission factor"

_CN_2022_PROVINCES = {
    # 新京报 2024-12-27: top five and bottom five provinces of the 2022 announcement.
    "CN-HE": 0.7252,
    "CN-SX": 0.7096,
    "CN-TJ": 0.7041,
    "CN-NM": 0.6849,
    "CN-AH": 0.6782,
    "CN-FJ": 0.4092,
    "CN-GX": 0.4044,
    "CN-QH": 0.1567,
    "CN-SC": 0.1404,
    "CN-YN": 0.1073,
}
_CN_2023_PROVINCES = {
    "CN-GD": 0.4419,
    "CN-BJ": 0.5554,
    "CN-SH": 0.5737,
    "CN-ZJ": 0.4974,
    "CN-JS": 0.5827,
    "CN-SC": 0.1564,
    "CN-HA": 0.5897,
}
_CN_2022_REGIONS = {
    "CN-GRID-NORTH": 0.6776,
    "CN-GRID-NORTHEAST": 0.5564,
    "CN-GRID-EAST": 0.5617,
    "CN-GRID-CENTRAL": 0.5395,
    "CN-GRID-NORTHWEST": 0.5857,
    "CN-GRID-SOUTH": 0.3869,
    "CN-GRID-SOUTHWEST": 0.2268,
}
_CN_2023_REGIONS = {
    "CN-GRID-NORTH": 0.6361,
    "CN-GRID-NORTHEAST": 0.5122,
    "CN-GRID-EAST": 0.5500,
    "CN-GRID-CENTRAL": 0.5271,
    "CN-GRID-NORTHWEST": 0.5543,
    "CN-GRID-SOUTH": 0.4042,
    "CN-GRID-SOUTHWEST": 0.2472,
}
_VN = {
    2014: 0.6612,
    2015: 0.8154,
    2016: 0.9185,
    2017: 0.8649,
    2018: 0.9130,
    2019: 0.8458,
    2020: 0.8041,
    2021: 0.7221,
    2022: 0.6766,
    2023: 0.6592,
}


def _build() -> tuple[EmissionFactor, ...]:
    rows = [
        EmissionFactor("CN", 2021, NATIONAL, 0.5568, MEE_2021),
        EmissionFactor("CN", 2021, NATIONAL_FOSSIL, 0.8426, MEE_2021),
        EmissionFactor("CN", 2022, NATIONAL, 0.5366, MEE_2022),
        EmissionFactor("CN", 2022, NATIONAL_EXCL_MARKET, 0.5856, MEE_2022),
        EmissionFactor("CN", 2022, NATIONAL_FOSSIL, 0.8325, MEE_2022),
        EmissionFactor("CN", 2023, NATIONAL, 0.5306, MEE_2023),
        EmissionFactor("CN", 2023, NATIONAL_EXCL_MARKET, 0.6096, MEE_2023),
        EmissionFactor("CN", 2023, NATIONAL_FOSSIL, 0.8273, MEE_2023),
        EmissionFactor(
            "CN",
            2022,
            ETS_REPORTING,
            0.5703,
            MEE_ETS,
            "emissions-trading reporting factor, not a grid average: use only when asked",
        ),
    ]
    rows += [EmissionFactor(r, 2022, REGIONAL, v, MEE_2022) for r, v in _CN_2022_REGIONS.items()]
    rows += [EmissionFactor(r, 2023, REGIONAL, v, MEE_2023) for r, v in _CN_2023_REGIONS.items()]
    rows += [
        EmissionFactor(r, 2022, PROVINCIAL, v, MEE_2022) for r, v in _CN_2022_PROVINCES.items()
    ]
    rows += [
        EmissionFactor(r, 2023, PROVINCIAL, v, MEE_2023_PROVINCES)
        for r, v in _CN_2023_PROVINCES.items()
    ]
    rows += [
        EmissionFactor(
            "VN", year, COMBINED_MARGIN, value, DCC_2022 if year == 2022 else DCC_SUMMARY
        )
        for year, value in _VN.items()
    ]
    return tuple(rows)


# --------------------------------------------------------------------- rows added in 2026.2
# The full provincial tables of the three MEE/NBS announcements. The announcements' own
# PDFs could not be opened while these rows were entered (no network); the figures were read
# in public transcriptions of the tables, cross-checked as each source string says. Tibet
# (西藏) appears in none of them and is left out: it falls back to the Southwest grid.

MEE_2021_TABLE = (
    "生态环境部、国家统计局《关于发布2021年电力二氧化碳排放因子的公告》(公告2024年第12号, "
    "2024-04-12), 附件1; provincial and regional averages as transcribed in a public GitHub "
    "source file (code-search index file 18672665361), the only transcription of the 2021 "
    "table found; its 2022 column equals the 2022 announcement's figures"
)
MEE_2022_TABLE = (
    "生态环境部、国家统计局《关于发布2022年电力二氧化碳排放因子的公告》(2024-12-20); "
    "provincial averages as transcribed in two independent public GitHub source files "
    "(code-search index files 18672665361 and 25232621340), identical for all 30 provinces "
    "and equal to the top and bottom five reported by 新京报 (2024-12-27)"
)
MEE_2023_TABLE = (
    "生态环境部、国家统计局《关于发布2023年电力二氧化碳排放因子的公告》(公告2025年第47号, "
    "2025-12-31), https://www.mee.gov.cn/xxgk2018/xxgk/xxgk01/202512/"
    "W020251231726284332528.pdf; provincial averages as transcribed in three public GitHub "
    "source files (code-search index files 70935936635, 53153469588, 70996442807), identical, "
    "and 20 provinces lower and 10 higher than 2022 as the MEE states (光明日报, 2026-01)"
)
SINGLE_TRANSCRIPTION = "one secondary transcription only: check against the PDF's 附件1"

_CN_2021_PROVINCES_TABLE = {
    "CN-BJ": 0.5688,
    "CN-TJ": 0.7355,
    "CN-HE": 0.7901,
    "CN-SX": 0.7222,
    "CN-NM": 0.7025,
    "CN-LN": 0.5876,
    "CN-JL": 0.5629,
    "CN-HL": 0.6342,
    "CN-SH": 0.5834,
    "CN-JS": 0.6451,
    "CN-ZJ": 0.5422,
    "CN-AH": 0.7075,
    "CN-FJ": 0.4711,
    "CN-JX": 0.5835,
    "CN-SD": 0.6838,
    "CN-HA": 0.6369,
    "CN-HB": 0.3672,
    "CN-HN": 0.5138,
    "CN-GD": 0.4715,
    "CN-GX": 0.5154,
    "CN-HI": 0.4524,
    "CN-CQ": 0.4743,
    "CN-SC": 0.1255,
    "CN-GZ": 0.5182,
    "CN-YN": 0.1235,
    "CN-SN": 0.6336,
    "CN-GS": 0.4955,
    "CN-QH": 0.1326,
    "CN-NX": 0.6546,
    "CN-XJ": 0.6577,
}
_CN_2021_REGIONS_TABLE = {
    "CN-GRID-NORTH": 0.7120,
    "CN-GRID-NORTHEAST": 0.6012,
    "CN-GRID-EAST": 0.5992,
    "CN-GRID-CENTRAL": 0.5354,
    "CN-GRID-NORTHWEST": 0.5951,
    "CN-GRID-SOUTH": 0.4326,
    "CN-GRID-SOUTHWEST": 0.2113,
}
# 2022: the 20 provinces the 2026.1 rows (top and bottom five) did not have.
_CN_2022_PROVINCES_TABLE = {
    "CN-BJ": 0.5580,
    "CN-LN": 0.5626,
    "CN-JL": 0.4932,
    "CN-HL": 0.5368,
    "CN-SH": 0.5849,
    "CN-JS": 0.5978,
    "CN-ZJ": 0.5153,
    "CN-JX": 0.5752,
    "CN-SD": 0.6410,
    "CN-HA": 0.6058,
    "CN-HB": 0.4364,
    "CN-HN": 0.4900,
    "CN-GD": 0.4403,
    "CN-HI": 0.4184,
    "CN-CQ": 0.5227,
    "CN-GZ": 0.4989,
    "CN-SN": 0.6558,
    "CN-GS": 0.4772,
    "CN-NX": 0.6423,
    "CN-XJ": 0.6231,
}
# 2023: the 23 provinces the 2026.1 rows did not have.
_CN_2023_PROVINCES_TABLE = {
    "CN-TJ": 0.6796,
    "CN-HE": 0.6516,
    "CN-SX": 0.6634,
    "CN-NM": 0.6479,
    "CN-LN": 0.4878,
    "CN-JL": 0.4671,
    "CN-HL": 0.5229,
    "CN-AH": 0.6553,
    "CN-FJ": 0.4211,
    "CN-JX": 0.5836,
    "CN-SD": 0.6191,
    "CN-HB": 0.4044,
    "CN-HN": 0.4976,
    "CN-GX": 0.4476,
    "CN-HI": 0.3648,
    "CN-CQ": 0.5581,
    "CN-GZ": 0.5683,
    "CN-YN": 0.1333,
    "CN-SN": 0.6335,
    "CN-GS": 0.4471,
    "CN-QH": 0.1796,
    "CN-NX": 0.6187,
    "CN-XJ": 0.6021,
}


def _rows_2026_2() -> list[EmissionFactor]:
    tables = (
        (2021, PROVINCIAL, _CN_2021_PROVINCES_TABLE, MEE_2021_TABLE, SINGLE_TRANSCRIPTION),
        (2021, REGIONAL, _CN_2021_REGIONS_TABLE, MEE_2021_TABLE, SINGLE_TRANSCRIPTION),
        (2022, PROVINCIAL, _CN_2022_PROVINCES_TABLE, MEE_2022_TABLE, ""),
        (2023, PROVINCIAL, _CN_2023_PROVINCES_TABLE, MEE_2023_TABLE, ""),
    )
    return [
        EmissionFactor(region, year, scope, value, source, note, added_in="2026.2")
        for year, scope, table, source, note in tables
        for region, value in table.items()
    ]


FACTORS: tuple[EmissionFactor, ...] = _build() + tuple(_rows_2026_2())

# Grid region of each province in the MEE announcements (华北, 东北, 华东, 华中, 西北, 南方, 西南).
CN_GRID_REGION = {
    **dict.fromkeys(("CN-BJ", "CN-TJ", "CN-HE", "CN-SX", "CN-SD", "CN-NM"), "CN-GRID-NORTH"),
    **dict.fromkeys(("CN-LN", "CN-JL", "CN-HL"), "CN-GRID-NORTHEAST"),
    **dict.fromkeys(("CN-SH", "CN-JS", "CN-ZJ", "CN-AH", "CN-FJ"), "CN-GRID-EAST"),
    **dict.fromkeys(("CN-HA", "CN-HB", "CN-HN", "CN-JX"), "CN-GRID-CENTRAL"),
    **dict.fromkeys(("CN-SN", "CN-GS", "CN-QH", "CN-NX", "CN-XJ"), "CN-GRID-NORTHWEST"),
    **dict.fromkeys(("CN-GD", "CN-GX", "CN-YN", "CN-GZ", "CN-HI"), "CN-GRID-SOUTH"),
    **dict.fromkeys(("CN-SC", "CN-CQ", "CN-XZ"), "CN-GRID-SOUTHWEST"),
}

# Names accepted for regions (ISO 3166-2 codes are canonical).
ALIASES = {
    "china": "CN",
    "中国": "CN",
    "全国": "CN",
    "vietnam": "VN",
    "viet nam": "VN",
    "việt nam": "VN",
    "越南": "VN",
    "beijing": "CN-BJ",
    "北京": "CN-BJ",
    "tianjin": "CN-TJ",
    "天津": "CN-TJ",
    "hebei": "CN-HE",
    "河北": "CN-HE",
    "shanxi": "CN-SX",
    "山西": "CN-SX",
    "inner mongolia": "CN-NM",
    "内蒙古": "CN-NM",
    "liaoning": "CN-LN",
    "辽宁": "CN-LN",
    "jilin": "CN-JL",
    "吉林": "CN-JL",
    "heilongjiang": "CN-HL",
    "黑龙江": "CN-HL",
    "shanghai": "CN-SH",
    "上海": "CN-SH",
    "jiangsu": "CN-JS",
    "江苏": "CN-JS",
    "zhejiang": "CN-ZJ",
    "浙江": "CN-ZJ",
    "anhui": "CN-AH",
    "安徽": "CN-AH",
    "fujian": "CN-FJ",
    "福建": "CN-FJ",
    "jiangxi": "CN-JX",
    "江西": "CN-JX",
    "shandong": "CN-SD",
    "山东": "CN-SD",
    "henan": "CN-HA",
    "河南": "CN-HA",
    "hubei": "CN-HB",
    "湖北": "CN-HB",
    "hunan": "CN-HN",
    "湖南": "CN-HN",
    "guangdong": "CN-GD",
    "广东": "CN-GD",
    "guangxi": "CN-GX",
    "广西": "CN-GX",
    "hainan": "CN-HI",
    "海南": "CN-HI",
    "chongqing": "CN-CQ",
    "重庆": "CN-CQ",
    "sichuan": "CN-SC",
    "四川": "CN-SC",
    "guizhou": "CN-GZ",
    "贵州": "CN-GZ",
    "yunnan": "CN-YN",
    "云南": "CN-YN",
    "tibet": "CN-XZ",
    "xizang": "CN-XZ",
    "西藏": "CN-XZ",
    "shaanxi": "CN-SN",
    "陕西": "CN-SN",
    "gansu": "CN-GS",
    "甘肃": "CN-GS",
    "qinghai": "CN-QH",
    "青海": "CN-QH",
    "ningxia": "CN-NX",
    "宁夏": "CN-NX",
    "xinjiang": "CN-XJ",
    "新疆": "CN-XJ",
}


@functools.lru_cache(maxsize=512)
def factors_for(region: str, scope: str) -> tuple[EmissionFactor, ...]:
    """Every factor for ``region`` and ``scope``, oldest first."""
    rows = [f for f in FACTORS if f.region == region and f.scope == scope]
    return tuple(sorted(rows, key=lambda f: f.year))
