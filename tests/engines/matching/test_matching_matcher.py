"""The recommenders end to end with the real e5 model (loaded once per session)."""

from dataclasses import replace

import pytest

from sanxin.engines.matching import (
    Feedback,
    Matcher,
    Offer,
    Organization,
    Participant,
    Project,
    Role,
    Tie,
    UnknownRecordError,
)

pytestmark = pytest.mark.unit

GEARS = Organization(
    "gears",
    names={"zh": "南京高精齿轮集团"},
    texts={"zh": "风电齿轮箱制造商，年产2000台兆瓦级齿轮箱。寻求越南风电项目合作伙伴。"},
    org_type="enterprise",
    country="CN",
    province="CN-JS",
    capabilities=frozenset({"wind-gearboxes"}),
    typical_mw=100,
)
BANK = Organization(
    "bank",
    names={"en": "Mekong Green Bank"},
    texts={"en": "Commercial bank providing project finance loans for renewable energy."},
    org_type="financial",
    country="VN",
    province="VN-HN",
    capabilities=frozenset({"finance-lending"}),
    max_ticket=300,
)
AGENCY = Organization(
    "agency",
    names={"vi": "Sở Công Thương Quảng Trị"},
    texts={"vi": "Cơ quan tỉnh hỗ trợ nhà đầu tư dự án điện gió: cấp phép, đất đai."},
    org_type="government",
    country="VN",
    province="VN-QT",
    capabilities=frozenset({"services-investment-promotion"}),
)
SOLAR = Organization(
    "solar",
    names={"en": "Sunny Modules"},
    texts={"en": "Solar PV module manufacturer, 5 GW per year of modules."},
    country="CN",
    province="CN-ZJ",
    capabilities=frozenset({"pv-modules"}),
)
RECYCLER = Organization(
    "recycler",
    names={"vi": "Công ty Tái chế Pin Hải Phòng"},
    texts={"vi": "Nhà máy tái chế pin lithium và thu hồi vật liệu tại Hải Phòng."},
    country="VN",
    province="VN-HP",
    capabilities=frozenset({"recycling-battery"}),
    member=False,
)
EPC = Organization(
    "epc",
    names={"zh": "中国电建海外"},
    texts={"zh": "电力工程总承包，海外风电与水电项目建设经验丰富。"},
    org_type="soe",
    country="CN",
    province="CN-BJ",
    capabilities=frozenset({"epc-contracting"}),
)
WIND = Project(
    "wind-qt",
    titles={"en": "Quang Tri 100 MW onshore wind farm"},
    texts={"en": "Seeking gearbox suppliers and a bank loan for a wind farm in Vietnam."},
    project_type="wind",
    country="VN",
    province="VN-QT",
    capacity_mw=100,
    debt=200,
    owner="developer",
    roles=(
        Role("equipment_supplier", frozenset({"wind-gearboxes"})),
        Role("epc"),
        Role("financier"),
        Role("local_partner"),
    ),
    local_partner_required=True,
)
DEVELOPER = Organization(
    "developer", names={"en": "Blue Sky Renewables"}, country="VN", province="VN-QT"
)


@pytest.fixture(scope="module")
def matcher(embedder, taxonomy):
    m = Matcher(taxonomy, embedder=embedder)
    for org in (GEARS, BANK, AGENCY, SOLAR, RECYCLER, EPC, DEVELOPER):
        m.upsert_organization(org)
    m.upsert_project(WIND)
    m.upsert_project(
        Project(
            "recycling-hp",
            titles={"vi": "Nhà máy tái chế pin lithium Hải Phòng"},
            project_type="battery_recycling",
            country="VN",
            province="VN-HP",
            owner="agency",
            roles=(Role("recycler"), Role("financier")),
        )
    )
    m.upsert_offer(
        Offer(
            "req-gearbox",
            "developer",
            kind="request",
            titles={"vi": "Cần nhà cung cấp hộp số tua-bin gió"},
            capabilities=frozenset({"wind-gearboxes"}),
        )
    )
    m.upsert_offer(
        Offer(
            "offer-modules",
            "solar",
            kind="offer",
            titles={"en": "Modules for rooftop PV"},
            capabilities=frozenset({"pv-modules"}),
        )
    )
    return m


def ids(recs):
    return [r.id for r in recs]


def test_chinese_profile_is_found_for_an_english_project(matcher):
    found = matcher.partners_for_project("wind-qt", k=3)["equipment_supplier"]
    assert found[0].id == "gears"
    reasons = {r.code: r for r in found[0].reasons}
    assert reasons["capabilities"].data["matches"] == [
        ("wind-gearboxes", "wind-gearboxes", "exact")
    ]
    assert reasons["region"].data["kind"] == "corridor"
    passage = reasons["passage"].data
    assert (passage["query_language"], passage["candidate_language"]) == ("en", "zh")
    assert passage["candidate"] in GEARS.texts["zh"] + GEARS.names["zh"]


def test_financier_role_takes_a_financial_institution(matcher):
    found = matcher.partners_for_project("wind-qt", k=5)["financier"]
    assert found[0].id == "bank"
    assert all(r.signals["type_fit"] > 0 for r in found)
    assert "solar" not in ids(found)  # an enterprise never finances
    size = found[0].reason("size").data
    assert size == {"ticket": 300, "debt": 200}


def test_local_partner_comes_from_the_host_country(matcher):
    found = matcher.partners_for_project("wind-qt", k=5)["local_partner"]
    assert found[0].id == "agency"
    assert {matcher.organizations[r.id].country for r in found} == {"VN"}
    assert found[0].reason("region").data["kind"] == "same_province"


def test_owner_and_declined_organizations_are_never_proposed(matcher, embedder, taxonomy):
    m = Matcher(taxonomy, embedder=embedder)
    for org in (GEARS, BANK, AGENCY, SOLAR, DEVELOPER):
        m.upsert_organization(org)
    m.upsert_project(replace(WIND, declined=frozenset({"gears"})))
    every = [r.id for recs in m.partners_for_project("wind-qt", k=10).values() for r in recs]
    assert "gears" not in every
    assert "developer" not in every


def test_past_cooperation_raises_a_partner_and_is_given_as_reason(embedder, taxonomy):
    m = Matcher(taxonomy, embedder=embedder)
    for org in (GEARS, BANK, AGENCY, SOLAR, EPC, DEVELOPER):
        m.upsert_organization(org)
    m.upsert_project(WIND)
    before = {r.id: r.score for r in m.partners_for_project("wind-qt", k=5, roles=["epc"])["epc"]}
    m.add_tie(Tie("developer", "epc", kind="consortium", project="old-hydro"))
    after = m.partners_for_project("wind-qt", k=5, roles=["epc"])["epc"]
    assert after[0].id == "epc"
    assert after[0].score == pytest.approx(before["epc"] + 0.10, abs=1e-6)
    ties = after[0].reason("cooperation").data["ties"]
    assert ties == [
        {"kind": "consortium", "with": "developer", "project": "old-hydro", "event": None}
    ]


def test_projects_for_an_organization_in_another_language(matcher):
    found = matcher.projects_for_organization("gears", k=5)
    assert found[0].ref == "wind-qt"
    assert found[0].role == "equipment_supplier"
    assert len({r.ref for r in found}) == len(found)  # one role per project
    recycler = matcher.projects_for_organization("recycler", k=5)
    assert recycler[0].ref == "recycling-hp"
    assert recycler[0].role == "recycler"


def test_bank_is_offered_the_financier_roles(matcher):
    found = matcher.projects_for_organization("bank", k=5)
    assert {r.role for r in found} == {"financier"}


def test_offers_and_requests_for_an_organization(matcher):
    found = matcher.offers_for_organization("gears", k=5)
    assert found[0].id == "req-gearbox"
    assert found[0].reason("capabilities").data["matches"] == [
        ("wind-gearboxes", "wind-gearboxes", "exact")
    ]
    assert ids(matcher.offers_for_organization("gears", kind="offer")) == ["offer-modules"]
    assert "offer-modules" not in ids(matcher.offers_for_organization("solar"))  # not its own


def test_feedback_moves_recommendations(matcher, embedder, taxonomy):
    m = Matcher(taxonomy, embedder=embedder)
    for org in (GEARS, BANK, AGENCY, SOLAR, DEVELOPER):
        m.upsert_organization(org)
    m.upsert_project(WIND)
    m.set_feedback(Feedback(by="developer", target="gears", interested=False))
    found = m.partners_for_project("wind-qt", k=5, roles=["equipment_supplier"])
    assert found["equipment_supplier"][0].id != "gears"
    m.set_feedback(Feedback(by="developer", target="gears", interested=True))
    found = m.partners_for_project("wind-qt", k=5, roles=["equipment_supplier"])
    assert found["equipment_supplier"][0].id == "gears"
    assert found["equipment_supplier"][0].reason("interested") is not None


def test_meetings_met_before_is_a_follow_up_on_a_live_project(embedder, taxonomy):
    m = Matcher(taxonomy, embedder=embedder)
    for org in (GEARS, BANK, AGENCY, SOLAR, EPC, DEVELOPER):
        m.upsert_organization(org)
    for pid, org in (("p-dev", "developer"), ("p-gear", "gears"), ("p-bank", "bank")):
        m.upsert_participant("expo", Participant(pid, org))
    m.upsert_participant(
        "expo",
        Participant(
            "p-solar", "solar", texts={"en": "Looking for wind gearbox makers"}, seeks=frozenset()
        ),
    )
    fresh = m.meetings_for_participant("expo", "p-dev", k=5)
    fresh_score = {r.id: r.score for r in fresh}
    assert "p-dev" not in ids(fresh)

    # met before, no live project: still recommended, slightly discounted, with the reason
    m.add_tie(Tie("developer", "gears", kind="meeting", event="expo-2024"))
    again = {r.id: r for r in m.meetings_for_participant("expo", "p-dev", k=5)}
    assert "p-gear" in again
    assert again["p-gear"].score == pytest.approx(fresh_score["p-gear"] * 0.85, rel=1e-6)
    assert again["p-gear"].reason("met_before") is not None

    # a live project links them: a follow-up, raised above the first score
    m.upsert_project(WIND)  # owner "developer"
    m.upsert_project(
        Project(
            "wind-2",
            titles={"en": "Wind farm phase 2"},
            owner="developer",
            members=frozenset({"gears"}),
        )
    )
    follow = {r.id: r for r in m.meetings_for_participant("expo", "p-dev", k=5)}
    assert follow["p-gear"].score > fresh_score["p-gear"]
    assert follow["p-gear"].reason("follow_up").data == {"projects": ["wind-2"]}


def test_organizations_to_invite_fill_missing_links(matcher):
    invited = matcher.organizations_to_invite(
        links=["wind-gearboxes", "recycling-battery", "finance-lending"],
        text="Battery recycling in northern Vietnam",
        country="VN",
        province="VN-HP",
    )
    assert invited.missing == ("recycling-battery",)
    assert ids(invited.recommendations) == ["recycler"]
    rec = invited.recommendations[0]
    assert rec.reason("capabilities").data["matches"] == [
        ("recycling-battery", "recycling-battery", "exact")
    ]


def test_nothing_to_invite_when_members_cover_every_link(matcher):
    assert matcher.organizations_to_invite(links=["wind-gearboxes"]).recommendations == ()


def test_remove_and_unknown_records(matcher, embedder, taxonomy):
    m = Matcher(taxonomy, embedder=embedder)
    m.upsert_organization(GEARS)
    m.upsert_organization(SOLAR)
    m.upsert_project(WIND)
    assert m.remove_organization("gears") is True
    found = m.partners_for_project("wind-qt", k=5)["equipment_supplier"]
    assert "gears" not in ids(found)
    assert m.remove_project("wind-qt") is True
    with pytest.raises(UnknownRecordError):
        m.partners_for_project("wind-qt")
    with pytest.raises(UnknownRecordError):
        m.projects_for_organization("nobody")
