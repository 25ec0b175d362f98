"""The world, extended with a wind-farm project and organizations to match it with.

The world's member organization (Chinese) proposes a wind farm in Vietnam; a Chinese gearbox
maker writes only in Chinese, a Vietnamese EPC contractor only in Vietnamese, the world's
public bank is made a lender. The other alliance's organization also makes gearboxes, but
the world's alliance members cannot see it: it must never be recommended to them.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from sanxin.directory.enums import OrgType
from sanxin.matching.domain.index import forget_matcher
from tests.factories import MembershipFactory, OrganizationFactory, capability


@dataclass
class Matchmaking:
    project: object
    gears: object
    epc: object
    bank: object
    hidden: object


def org(slug: str, caps: tuple[str, ...], alliance=None, **fields):
    made = OrganizationFactory(slug=slug, **fields)
    made.capabilities.set([capability(c) for c in caps])
    if alliance is not None:
        MembershipFactory(alliance=alliance, organization=made)
    return made


@pytest.fixture(autouse=True)
def _fresh_matcher():
    """Each test reads the database afresh (ids are reused between tests)."""
    forget_matcher()
    yield
    forget_matcher()


@pytest.fixture
def matchmaking(world) -> Matchmaking:
    from sanxin.projects.enums import Stage
    from tests.projects.factories import ProjectFactory

    gears = org(
        "gears",
        ("wind-gearboxes",),
        world.alliance,
        name_en="",
        name_zh="华东齿轮箱有限公司",
        situation_zh="我们是风电齿轮箱制造商，生产二十兆瓦级海上风电齿轮箱。",
    )
    epc = org(
        "vn-epc",
        ("epc-contracting",),
        world.alliance,
        country="VN",
        name_en="",
        name_zh="",
        name_vi="Công ty Xây lắp Điện Quảng Trị",
        situation_vi="Tổng thầu EPC cho các dự án điện gió và điện mặt trời tại Việt Nam.",
    )
    bank = world.public_org
    bank.org_type = OrgType.FINANCIAL
    bank.save()
    bank.capabilities.set([capability("finance-lending")])
    hidden = world.other_org
    hidden.capabilities.set([capability("wind-gearboxes"), capability("epc-contracting")])
    project = ProjectFactory(
        owner=world.member_org,
        alliance=world.alliance,
        country="VN",
        stage=Stage.PROPOSED,
        title_en="Quang Tri 50 MW wind farm",
        title_zh="",
        description_en=(
            "We seek a supplier of wind turbine gearboxes and an EPC contractor "
            "for a wind farm in Vietnam."
        ),
    )
    return Matchmaking(project=project, gears=gears, epc=epc, bank=bank, hidden=hidden)


@pytest.fixture(scope="session")
def e5():
    """The real e5 model once per session (remembering each text's vector)."""
    from sanxin.engines.matching import E5Embedder
    from tests.engines.matching.conftest import MemoEmbedder

    return MemoEmbedder(E5Embedder(threads=2))


@pytest.fixture
def embedder(e5, settings):
    """The session's model as the platform's embedder; embeddings computed in the test's
    thread (no daemon thread) when a transaction commits."""
    from sanxin.matching.domain import embeddings

    settings.SANXIN_MATCHING_EMBED_IN_THREAD = False
    settings.SANXIN_MATCHING_EMBEDDINGS = True
    before = list(embeddings._EMBEDDER)
    embeddings.set_embedder(e5)
    yield e5
    embeddings._EMBEDDER[:] = before
