"""coverage_summary: the shape the alliance report uses."""

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation

from sanxin.chains.domain.coverage import ChainSummary, NodeSummary, coverage_summary
from sanxin.directory.domain.access import viewer_for
from tests.factories import region

pytestmark = pytest.mark.integration


def _wind(summaries: list[ChainSummary]) -> ChainSummary:
    return next(s for s in summaries if s.slug == "wind")


def test_summary_lists_every_chain_with_node_counts_and_gaps(chain_world):
    w = chain_world.world
    summaries = coverage_summary(viewer=viewer_for(w.secretariat), alliance=w.alliance)
    assert [s.slug for s in summaries] == ["battery", "wind", "pv", "hydro", "hydrogen", "grid"]
    wind = _wind(summaries)
    assert wind.name == "Wind power"
    assert wind.nodes[:4] == [
        NodeSummary(name="Castings and materials", organization_count=0, status="gap"),
        NodeSummary(name="Bearings", organization_count=1, status="thin"),
        NodeSummary(name="Gearboxes", organization_count=2, status="covered"),
        NodeSummary(name="Generators", organization_count=0, status="gap"),
    ]
    assert wind.gap_names == [
        "Castings and materials",
        "Generators",
        "Towers",
        "EPC",
        "Operation and O&M",
        "Repowering and recycling",
    ]


def test_summary_by_province_and_in_chinese(chain_world):
    w = chain_world.world
    with translation.override("zh-hans"):
        summaries = coverage_summary(
            viewer=viewer_for(w.member), alliance=w.alliance, region=region("CN-GD")
        )
    wind = _wind(summaries)
    assert wind.name == "风电"
    turbines = next(n for n in wind.nodes if n.name == "整机制造")
    assert (turbines.organization_count, turbines.status) == (1, "thin")
    assert "齿轮箱" in wind.gap_names


def test_summary_refuses_people_outside_the_alliance(chain_world):
    w = chain_world.world
    with pytest.raises(PermissionDenied):
        coverage_summary(viewer=viewer_for(w.other), alliance=w.alliance)
    with pytest.raises(PermissionDenied):
        coverage_summary(viewer=viewer_for(None), alliance=w.alliance)
