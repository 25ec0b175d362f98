"""The capability taxonomy (code → parent) and how well one capability serves a need.

A need is met by the capability itself or anything below it (an organization making
``wind-gearboxes`` serves a need for ``wind``); a broader capability serves a narrower need in
part (``wind`` for ``wind-gearboxes``: the company works in wind but did not say it makes
gearboxes); a relative in the same family serves it a little (``wind-bearings`` for
``wind-gearboxes``). Codes the taxonomy does not know only meet themselves.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

EXACT = 1.0
"""The capability is the need, or lies below it."""
BROADER = 0.6
"""The capability is an ancestor of the need."""
RELATED = 0.3
"""The capability shares a parent (or a grandparent) with the need."""


class TaxonomyError(ValueError):
    """The taxonomy is malformed (an unknown parent, a cycle)."""


@dataclass(frozen=True, slots=True)
class CapabilityMatch:
    """The best of an organization's capabilities for one needed capability."""

    need: str
    capability: str
    kind: str  # "exact" | "narrower" | "broader" | "related"
    score: float


@dataclass(frozen=True)
class Taxonomy:
    """A forest of capability codes. ``parents`` maps each code to its parent (``None`` for a
    root); ``labels`` optionally maps codes to ``{language: label}`` for reasons."""

    parents: Mapping[str, str | None]
    labels: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    _ancestors: dict[str, tuple[str, ...]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        ancestors: dict[str, tuple[str, ...]] = {}
        for code in self.parents:
            chain: list[str] = []
            seen = {code}
            parent = self.parents[code]
            while parent is not None:
                if parent not in self.parents:
                    raise TaxonomyError(f"{code!r}: unknown parent {parent!r}")
                if parent in seen:
                    raise TaxonomyError(f"{code!r}: cycle through {parent!r}")
                seen.add(parent)
                chain.append(parent)
                parent = self.parents[parent]
            ancestors[code] = tuple(chain)
        object.__setattr__(self, "_ancestors", ancestors)

    @classmethod
    def from_nodes(cls, nodes: Iterable[tuple]) -> Taxonomy:
        """From nested ``(code, en, zh, vi, children)`` tuples (the directory's seed shape)."""
        parents: dict[str, str | None] = {}
        labels: dict[str, dict[str, str]] = {}

        def walk(items: Iterable[tuple], parent: str | None) -> None:
            for code, en, zh, vi, children in items:
                parents[code] = parent
                labels[code] = {"en": en, "zh": zh, "vi": vi}
                walk(children, code)

        walk(nodes, None)
        return cls(parents=parents, labels=labels)

    def ancestors(self, code: str) -> tuple[str, ...]:
        """Parent, grandparent, … of ``code`` (empty for a root or an unknown code)."""
        return self._ancestors.get(code, ())

    def up(self, code: str) -> tuple[str, ...]:
        """``code`` and its ancestors."""
        return (code, *self.ancestors(code))

    def closure(self, codes: Iterable[str]) -> frozenset[str]:
        """Every code in ``codes`` and all their ancestors."""
        return frozenset(c for code in codes for c in self.up(code))

    def family(self, code: str) -> str | None:
        """The code whose descendants count as relatives: the parent, or ``None`` for a root
        (two roots are never related)."""
        anc = self.ancestors(code)
        return anc[0] if anc else None

    def label(self, code: str, language: str = "en") -> str:
        names = self.labels.get(code, {})
        return names.get(language) or names.get("en") or code

    def match(self, need: str, capabilities: Iterable[str]) -> CapabilityMatch | None:
        """The best capability for ``need`` with its kind and score; ``None`` when none fits."""
        best: CapabilityMatch | None = None
        need_up = set(self.up(need))
        family = self.family(need)
        for cap in capabilities:
            cap_up = self.up(cap)
            if cap == need:
                found = CapabilityMatch(need, cap, "exact", EXACT)
            elif need in cap_up:
                found = CapabilityMatch(need, cap, "narrower", EXACT)
            elif cap in need_up:
                found = CapabilityMatch(need, cap, "broader", BROADER)
            elif family is not None and family in cap_up:
                found = CapabilityMatch(need, cap, "related", RELATED)
            else:
                continue
            if best is None or found.score > best.score:
                best = found
        return best

    def fit(self, needs: Iterable[str], capabilities: Iterable[str]) -> float:
        """Mean over the needs of the best match's score (0 when there are no needs)."""
        needs = list(needs)
        caps = list(capabilities)
        if not needs:
            return 0.0
        return sum(m.score if (m := self.match(n, caps)) else 0.0 for n in needs) / len(needs)


EMPTY_TAXONOMY = Taxonomy(parents={})
