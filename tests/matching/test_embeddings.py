"""Stored embeddings: computed once per text, recomputed on a change of text or model, used
by the matcher only while they match the record's text; and matching across languages."""

from __future__ import annotations

import pytest

from sanxin.directory.domain.access import viewer_for
from sanxin.directory.enums import OfferKind
from sanxin.matching.domain.embeddings import embed_stale, stale_records
from sanxin.matching.domain.recommend import offers_for_organization, partners_for_project
from sanxin.matching.enums import RecordKind
from sanxin.matching.models import StoredEmbedding
from sanxin.matching.tasks import embed_stale_task, queue_embedding
from sanxin.projects.enums import Stage
from tests.factories import OfferFactory
from tests.matching.conftest import org
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.integration


def _suggestion(world, project, role: str, slug: str):
    groups = partners_for_project(viewer=viewer_for(world.member), project=project, k=20)
    return next(s for g in groups if g.key == role for s in g.suggestions if s.obj.slug == slug)


def test_embeddings_are_computed_once_per_text_and_model(world, matchmaking, embedder):
    first = embed_stale()
    assert first[RecordKind.ORGANIZATION] == 8  # the world's seven and the two of the fixture
    assert first[RecordKind.PROJECT] == 1
    assert embed_stale() == {"organization": 0, "project": 0, "offer": 0, "removed": 0}
    gears = matchmaking.gears
    gears.situation_zh = "我们生产风电齿轮箱和主轴承。"
    gears.save()
    assert list(stale_records(RecordKind.ORGANIZATION)) == [gears.pk]
    StoredEmbedding.objects.filter(kind="project").update(model="an-older-model")
    assert embed_stale_task() == {"organization": 1, "project": 1, "offer": 0, "removed": 0}
    row = StoredEmbedding.objects.get(kind="project", object_id=matchmaking.project.pk)
    assert row.model == embedder.name
    assert row.dim == 384
    matchmaking.project.delete()
    assert embed_stale()["removed"] == 1


def test_the_matcher_uses_an_embedding_only_while_the_text_is_the_same(
    world, matchmaking, embedder
):
    project = matchmaking.project
    plain = _suggestion(world, project, "equipment_supplier", "gears")
    assert "passage" not in [r.code for r in plain.reasons]  # nothing embedded yet
    embed_stale()
    meant = _suggestion(world, project, "equipment_supplier", "gears")
    passage = next(r for r in meant.reasons if r.code == "passage")
    assert passage.candidate_language == "zh"
    assert passage.query_language == "en"
    matchmaking.gears.situation_zh = "我们生产光伏支架。"
    matchmaking.gears.save()  # the stored vectors are of the old text now
    stale = _suggestion(world, project, "equipment_supplier", "gears")
    assert "passage" not in [r.code for r in stale.reasons]


def test_queue_embedding_runs_after_the_commit(
    world, matchmaking, embedder, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        queue_embedding(matchmaking.epc)
        assert not StoredEmbedding.objects.exists()  # not before the commit
    assert len(callbacks) == 1
    row = StoredEmbedding.objects.get()
    assert (row.kind, row.object_id) == ("organization", matchmaking.epc.pk)
    with django_capture_on_commit_callbacks(execute=True):
        queue_embedding(matchmaking.epc)  # unchanged: nothing computed again
    assert StoredEmbedding.objects.get().updated == row.updated
    with pytest.raises(TypeError):
        queue_embedding(world.member)


# --- across languages ------------------------------------------------------------------------


def _only_meaning_differs(world, country: str, profiles: dict[str, dict]) -> None:
    """Organizations alike in every structured respect (same country, type, no capabilities)
    and sharing no words with the project: only the meaning of their profiles tells them
    apart."""
    for slug, fields in profiles.items():
        org(slug, (), world.alliance, country=country, name_en="", **fields)


def test_a_chinese_profile_is_found_for_an_english_project(world, embedder):
    _only_meaning_differs(
        world,
        "CN",
        {
            "zh-gears": {
                "name_zh": "江南传动机械有限公司",
                "situation_zh": "我们为风力发电机组设计和制造齿轮箱与传动系统。",
            },
            "zh-pv": {
                "name_zh": "阳光屋顶能源有限公司",
                "situation_zh": "我们生产光伏组件和逆变器，建设屋顶太阳能电站。",
            },
            "zh-cement": {
                "name_zh": "华西建材有限公司",
                "situation_zh": "我们生产水泥、混凝土和其他建筑材料。",
            },
        },
    )
    project = ProjectFactory(
        owner=world.member_org,
        alliance=world.alliance,
        project_type="other",
        stage=Stage.PROPOSED,
        title_zh="",
        title_en="Offshore wind farm",
        description_en="We need a manufacturer of gearboxes and drive trains for wind turbines.",
    )
    embed_stale()
    groups = partners_for_project(viewer=viewer_for(world.member), project=project, k=10)
    ranked = [s.obj.slug for g in groups if g.key == "equipment_supplier" for s in g.suggestions]
    # Among the Chinese profiles, alike in everything but meaning, the gearbox maker leads.
    # (The world's organizations, named in English only, are left out of the comparison: e5
    # puts an English name close to an English query whatever the name says.)
    assert next(slug for slug in ranked if slug.startswith("zh-")) == "zh-gears"
    top = next(
        s
        for g in groups
        if g.key == "equipment_supplier"
        for s in g.suggestions
        if s.obj.slug == "zh-gears"
    )
    passage = next(r for r in top.reasons if r.code == "passage")
    assert "齿轮箱" in passage.candidate


def test_a_vietnamese_profile_is_found_for_an_english_project(world, embedder):
    _only_meaning_differs(
        world,
        "VN",
        {
            "vi-recycler": {
                "name_vi": "Công ty Môi trường Xanh Hải Phòng",
                "situation_vi": (
                    "Chúng tôi thu gom và tái chế pin đã qua sử dụng, thu hồi kim loại quý."
                ),
            },
            "vi-solar": {
                "name_vi": "Công ty Năng lượng Mặt trời Bình Dương",
                "situation_vi": "Chúng tôi lắp đặt điện mặt trời áp mái cho nhà máy.",
            },
            "vi-rice": {
                "name_vi": "Công ty Nông sản Cần Thơ",
                "situation_vi": "Chúng tôi xuất khẩu gạo và trái cây.",
            },
        },
    )
    project = ProjectFactory(
        owner=world.member_org,
        alliance=world.alliance,
        project_type="other",
        country="VN",
        stage=Stage.PROPOSED,
        title_zh="",
        title_en="Battery recycling plant",
        description_en="We seek a partner that recycles spent batteries and recovers the metals.",
    )
    embed_stale()
    groups = partners_for_project(viewer=viewer_for(world.member), project=project, k=10)
    ranked = [s.obj.slug for g in groups if g.key == "equipment_supplier" for s in g.suggestions]
    assert next(slug for slug in ranked if slug.startswith("vi-")) == "vi-recycler"


def test_english_requests_are_found_for_a_chinese_profile(world, matchmaking, embedder):
    """The other direction: the Chinese gearbox maker's profile is the query, requests written
    in English (by organizations alike in everything else) are the candidates."""
    texts = {
        "gearboxes": "We are looking for a supplier of gearboxes for our wind turbines.",
        "rooftops": "We are looking for installers of rooftop solar panels.",
        "cement": "We are looking for cement and concrete for a new office building.",
    }
    made = {}
    for slug, text in texts.items():
        poster = org(f"poster-{slug}", (), world.alliance, name_en="", name_zh=f"{slug}公司")
        made[slug] = OfferFactory(
            organization=poster, kind=OfferKind.REQUEST, title_en=text, text_en=""
        )
    embed_stale()
    offers = offers_for_organization(
        viewer=viewer_for(world.member), organization=matchmaking.gears
    )
    assert offers[0].obj == made["gearboxes"]
    passage = next(r for r in offers[0].reasons if r.code == "passage")
    assert passage.query_language == "zh"
    assert passage.candidate_language == "en"
