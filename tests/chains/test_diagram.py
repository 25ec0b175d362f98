"""The diagram's layout: names wrapped into the boxes, columns by stage, arrows between them."""

import pytest

from sanxin.chains.domain.coverage import RegionFilter, chain_coverage
from sanxin.chains.interfaces.diagram import BOX_H, BOX_W, GAP_X, MARGIN, layout, wrap
from sanxin.directory.domain.access import viewer_for


@pytest.mark.unit
def test_wrap_by_words_and_by_characters():
    assert wrap("Castings and materials") == ("Castings and", "materials")
    assert wrap("Gearboxes") == ("Gearboxes",)
    assert wrap("储能变流器与系统集成") == ("储能变流器与", "系统集成")
    assert wrap("Smart grid and digital energy systems of tomorrow") == (
        "Smart grid",
        "and digital",
        "energy syste…",
    )


@pytest.mark.integration
def test_layout_puts_stages_in_columns(chain_world):
    w = chain_world.world
    coverage = chain_coverage(
        viewer=viewer_for(w.member),
        alliance=w.alliance,
        template=chain_world.wind,
        region=RegionFilter(),
    )
    diagram = layout(coverage)
    xs = {box.item.node.key: box.x for box in diagram.boxes}
    assert xs["castings"] == MARGIN
    assert xs["bearings"] == xs["gearboxes"] == xs["generators"] == MARGIN + BOX_W + GAP_X
    assert len(diagram.arrows) == 6  # seven stages
    assert diagram.height == 2 * MARGIN + 3 * BOX_H + 2 * 10
    gap = next(b for b in diagram.boxes if b.item.node.key == "castings")
    covered = next(b for b in diagram.boxes if b.item.node.key == "gearboxes")
    assert (gap.dashed, covered.dashed) == (True, False)
    assert gap.fill != covered.fill
