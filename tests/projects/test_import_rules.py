"""The rules of real-data imports that need no database: owners, names, statuses → stages."""

from decimal import Decimal

import pytest

from sanxin.projects.domain.import_records import (
    GEM_STATUSES,
    normalise_status,
    plant_stage,
    reason_text,
)
from sanxin.projects.domain.owners import (
    Stake,
    org_keys,
    parse_owners,
    scale_to_hundred,
)
from sanxin.projects.enums import Stage

pytestmark = pytest.mark.unit

S = Stage


@pytest.mark.parametrize(
    "spellings",
    [
        ("Vietnam Electricity (EVN)", "Vietnam Electricity LLC", "VIETNAM ELECTRICITY"),
        ("China Huaneng Group CO LTD", "China Huaneng Group Corporation (CHNG)", "china huaneng"),
        (
            "China Datang Corp",
            "ＣＨＩＮＡ　ＤＡＴＡＮＧ　ＣＯ．，ＬＴＤ．",
            "China Datang Co., Ltd.",
        ),
        ("Xinjiang Energy (Group) Co Ltd", "Xinjiang Energy Group Company Limited"),
        ("PetroVietnam Power Corporation JSC", "PetroVietnam Power Joint Stock Company"),
        ("中国华能集团有限公司", "中国华能集团公司", "中国华能"),
        ("华能澜沧江水电股份有限公司", "华能澜沧江水电有限公司"),
        (
            "Công ty Cổ phần Thủy điện A Vương",
            "Cong ty TNHH Thuy dien A Vuong",
            "Thủy điện A Vương",
        ),
    ],
)
def test_spellings_of_one_company_share_a_key(spellings):
    first = org_keys(spellings[0])[0]
    assert [org_keys(s)[0] for s in spellings] == [first] * len(spellings)


def test_state_groups_known_under_other_names():
    assert org_keys("Electricity of Vietnam") == org_keys("Vietnam Electricity LLC")
    assert org_keys("Vinacomin") == org_keys(
        "Vietnam National Coal and Mineral Industries Holding Corp Ltd"
    )
    assert org_keys("Petrovietnam") == org_keys("Vietnam Oil and Gas Group Co")


def test_a_subsidiary_is_not_its_parent():
    subsidiary = org_keys("Ialy Hydro Power Company ( a member of Vietnam Electricity (EVN))")
    assert not set(subsidiary) & set(org_keys("Vietnam Electricity (EVN)"))


def test_different_companies_keep_different_keys():
    keys = [
        org_keys(n)[0]
        for n in ("China Huaneng Group", "China Huadian Group", "EVNGENCO 1 Corp", "EVNGENCO 3")
    ]
    assert len(set(keys)) == 4


def test_an_acronym_in_parentheses_is_a_second_key():
    assert org_keys("Vietnam Electricity (EVN)") == ["n:vietnam electricity", "acr:evn"]
    assert org_keys("Tập đoàn Điện lực Việt Nam (EVN)")[1] == "acr:evn"


@pytest.mark.parametrize(
    "name", ["to be determined", "TBD", "Others", "other", "natural person(s)", "", "待定", "其他"]
)
def test_placeholders_have_no_key(name):
    assert org_keys(name) == []
    assert Stake(name=name).is_placeholder


def test_owner_cell_with_stakes_and_local_names_in_the_same_order():
    owners = parse_owners(
        "Huadian Yunnan Power Generation CO LTD [56%]; China Yangzi River Power Shareholding "
        "CO LTD [23%]; other [21%]",
        "华电云南发电有限公司[56%]; 中国长江电力股份有限公司[23%]; 其他[21%]",
    )
    assert owners == [
        Stake("Huadian Yunnan Power Generation CO LTD", "华电云南发电有限公司", Decimal(56)),
        Stake(
            "China Yangzi River Power Shareholding CO LTD", "中国长江电力股份有限公司", Decimal(23)
        ),
        Stake("other", "其他", Decimal(21)),
    ]
    assert [o.is_placeholder for o in owners] == [False, False, True]


def test_local_names_separated_by_commas_still_pair_up():
    owners = parse_owners(
        "China National Nuclear CORP; Zhejiang Energy Group CO LTD",
        "中国核工业集团有限公司, 浙江省能源集团有限公司",
    )
    assert [(o.name, o.local) for o in owners] == [
        ("China National Nuclear CORP", "中国核工业集团有限公司"),
        ("Zhejiang Energy Group CO LTD", "浙江省能源集团有限公司"),
    ]


def test_local_names_that_do_not_pair_up_are_dropped():
    owners = parse_owners("A Co [50%]; B Co", "甲；乙；丙")
    assert owners == [Stake("A Co", "", Decimal(50)), Stake("B Co", "", None)]


def test_stakes_over_a_hundred_are_scaled_down_never_over():
    scaled = scale_to_hundred([Decimal("56"), Decimal("23"), Decimal("22.7")])
    assert scaled == [Decimal("55.06"), Decimal("22.61"), Decimal("22.32")]
    assert sum(scaled) <= 100
    assert scale_to_hundred([Decimal(60), Decimal(40)]) == [Decimal(60), Decimal(40)]


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("operating", "operating"),
        ("Cancelled - inferred 4 y", "cancelled"),
        ("shelved - inferred 2 y", "shelved"),
        ("pre-permit", "pre-permit"),
        ("  Construction ", "construction"),
        ("proposed", None),
        ("", None),
    ],
)
def test_statuses_are_read_with_their_inferred_forms(status, expected):
    assert normalise_status(status) == expected


def test_the_status_mapping_is_the_documented_one():
    assert {k: v[0] for k, v in GEM_STATUSES.items()} == {
        "announced": S.PROPOSED,
        "pre-permit": S.PROPOSED,
        "pre-construction": S.PROPOSED,
        "permitted": S.AGREEMENT,
        "construction": S.CONSTRUCTION,
        "operating": S.OPERATION,
        "mothballed": S.ON_HOLD,
        "shelved": S.ON_HOLD,
        "cancelled": S.CANCELLED,
        "retired": S.RETIRED,
    }


@pytest.mark.parametrize(
    ("statuses", "stage", "furthest", "resume"),
    [
        (["operating", "construction", "announced"], S.OPERATION, S.OPERATION, ""),
        (["construction", "cancelled"], S.CONSTRUCTION, S.CONSTRUCTION, ""),
        (["retired", "operating"], S.OPERATION, S.OPERATION, ""),
        (["retired", "retired", "cancelled"], S.RETIRED, S.OPERATION, ""),
        (["mothballed", "retired"], S.ON_HOLD, S.OPERATION, S.OPERATION),
        (["shelved"], S.ON_HOLD, S.PROPOSED, S.PROPOSED),
        (["cancelled", "cancelled"], S.CANCELLED, S.PROPOSED, ""),
        (["permitted", "pre-permit"], S.AGREEMENT, S.AGREEMENT, ""),
    ],
)
def test_a_plant_takes_the_most_advanced_live_unit(statuses, stage, furthest, resume):
    state = plant_stage(statuses)
    assert (state.stage, state.furthest, state.resume) == (stage, furthest, resume)


def test_reasons_are_translated():
    from django.utils import translation

    with translation.override("zh-hans"):
        text = reason_text("bad_status", {"value": "proposed"})
    assert "proposed" in text
    assert text != reason_text("bad_status", {"value": "proposed"})
