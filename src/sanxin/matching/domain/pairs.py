"""How well two organizations fit each other: a calibrated score in [0, 1]."""

from __future__ import annotations

from sanxin.directory.models import Organization
from sanxin.matching.domain.index import using_matcher
from sanxin.matching.domain.records import org_key


def pair_score(*, org_a: Organization, org_b: Organization) -> float | None:
    """The mean of the engine's fit of ``org_b`` for ``org_a`` and of ``org_a`` for ``org_b``
    (each calibrated against every other organization); ``None`` when either is unknown to
    the matcher or the two are the same organization."""
    return pair_scores([(org_a, org_b)])[0]


def pair_scores(pairs: list[tuple[Organization, Organization]]) -> list[float | None]:
    """``pair_score`` of each pair, with one look at the matcher for them all (a schedule
    scores every accepted request at once)."""
    if not pairs:
        return []
    with using_matcher() as matcher:
        return [_score(matcher, org_key(a.pk), org_key(b.pk)) for a, b in pairs]


def _score(matcher, a: str, b: str) -> float | None:
    if a == b or a not in matcher.organizations or b not in matcher.organizations:
        return None
    there = matcher.organizations_for_organization(a, k=1, allowed={b})
    back = matcher.organizations_for_organization(b, k=1, allowed={a})
    scores = [recs[0].score if recs else 0.0 for recs in (there, back)]
    return round(sum(scores) / 2, 3)
