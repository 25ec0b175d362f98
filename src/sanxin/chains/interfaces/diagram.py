"""The chain diagram's geometry: boxes left to right by stage, coloured by coverage.

Pure layout for the inline SVG template (``chains/_diagram.html``); no JavaScript.
"""

from __future__ import annotations

from dataclasses import dataclass

from sanxin.chains.domain.coverage import ChainCoverage, NodeCoverage
from sanxin.chains.enums import CoverageStatus

BOX_W, BOX_H = 100, 66
GAP_X, GAP_Y = 14, 10
MARGIN = 6
#: Fill, border and text colours per status (WCAG AA contrast for the text on the fill).
COLOURS = {
    CoverageStatus.COVERED: ("#dcefe1", "#1e6b34", "#0f3d1c"),
    CoverageStatus.THIN: ("#fdf0cf", "#8a5a00", "#4d3200"),
    CoverageStatus.GAP: ("#fbe0de", "#a3261b", "#5c120c"),
}
#: Characters per line of a node name in a box (CJK characters count double).
LINE_WIDTH = 13


@dataclass(frozen=True)
class Box:
    item: NodeCoverage
    x: int
    y: int
    lines: tuple[str, ...]
    fill: str
    stroke: str
    ink: str
    dashed: bool

    @property
    def text_x(self) -> int:
        return self.x + 6

    @property
    def line_ys(self) -> list[tuple[int, str]]:
        return [(self.y + 15 + 14 * i, line) for i, line in enumerate(self.lines)]

    @property
    def status_y(self) -> int:
        return self.y + BOX_H - 7


@dataclass(frozen=True)
class Arrow:
    x1: int
    x2: int
    y: int


@dataclass(frozen=True)
class Diagram:
    width: int
    height: int
    boxes: tuple[Box, ...]
    arrows: tuple[Arrow, ...]
    box_w: int = BOX_W
    box_h: int = BOX_H


def _width(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def wrap(text: str, width: int = LINE_WIDTH, lines: int = 3) -> tuple[str, ...]:
    """Split a name into at most ``lines`` lines (by words, or by characters for CJK)."""
    out: list[str] = []
    current = ""
    tokens = text.split(" ") if " " in text else list(text)
    joiner = " " if " " in text else ""
    for token in tokens:
        candidate = f"{current}{joiner}{token}" if current else token
        if _width(candidate) <= width or not current:
            current = candidate
        else:
            out.append(current)
            current = token
    if current:
        out.append(current)
    if len(out) > lines:
        out = [
            *out[: lines - 1],
            " ".join(out[lines - 1 :]) if joiner else "".join(out[lines - 1 :]),
        ]
        last = out[-1]
        while _width(last) > width - 1 and last:
            last = last[:-1]
        out[-1] = last + "…"
    return tuple(out)


def layout(coverage: ChainCoverage) -> Diagram:
    stages = coverage.stages
    tallest = max((len(column) for column in stages), default=1)
    height = MARGIN * 2 + tallest * BOX_H + (tallest - 1) * GAP_Y
    width = MARGIN * 2 + len(stages) * BOX_W + max(len(stages) - 1, 0) * GAP_X
    boxes, arrows = [], []
    for i, column in enumerate(stages):
        x = MARGIN + i * (BOX_W + GAP_X)
        column_h = len(column) * BOX_H + (len(column) - 1) * GAP_Y
        top = (height - column_h) // 2
        for j, item in enumerate(column):
            fill, stroke, ink = COLOURS[CoverageStatus(item.status)]
            boxes.append(
                Box(
                    item=item,
                    x=x,
                    y=top + j * (BOX_H + GAP_Y),
                    lines=wrap(item.node.name),
                    fill=fill,
                    stroke=stroke,
                    ink=ink,
                    dashed=item.status == CoverageStatus.GAP,
                )
            )
        if i:
            arrows.append(Arrow(x1=x - GAP_X + 1, x2=x - 2, y=height // 2))
    return Diagram(width=width, height=height, boxes=tuple(boxes), arrows=tuple(arrows))
