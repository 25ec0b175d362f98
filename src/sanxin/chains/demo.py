"""Demo chain leaders (链主): mark the leading member at a few links of the demo alliance.

Call ``load_demo(alliance=...)`` after the directory's demo loaded its members. For each link
below, the active member organization with the most of the link's capabilities (then the
first by short code) is marked; links without a member are left as gaps.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q

from sanxin.chains.domain.coverage import alliance_templates
from sanxin.chains.domain.editing import mark_leader
from sanxin.chains.models import ChainNode
from sanxin.directory.enums import MembershipStatus
from sanxin.directory.models import Alliance, Organization

#: (chain, link) pairs whose leading member the demo marks.
DEMO_LEADS: tuple[tuple[str, str], ...] = (
    ("wind", "gearboxes"),
    ("wind", "epc"),
    ("battery", "cathode"),
    ("battery", "recycling"),
    ("hydro", "plants"),
    ("grid", "transmission"),
    ("pv", "operation"),
)


@dataclass(frozen=True)
class DemoChains:
    chains: int
    leaders: int

    def __str__(self) -> str:
        return f"Demo chain maps: {self.chains} chains, {self.leaders} chain leaders (链主) marked."


def load_demo(*, alliance: Alliance) -> DemoChains:
    """Mark the demo's chain leaders (idempotent: a mark made before is kept, not doubled)."""
    templates = {t.slug: t for t in alliance_templates(alliance)}
    members = Organization.objects.filter(
        memberships__alliance=alliance, memberships__status=MembershipStatus.ACTIVE
    )
    marked = 0
    for slug, key in DEMO_LEADS:
        template = templates.get(slug)
        node = ChainNode.objects.filter(template=template, key=key).first() if template else None
        if node is None:
            continue
        caps = list(node.capabilities.values_list("pk", flat=True))
        leader = (
            members.filter(capabilities__in=caps)
            .annotate(n=Count("capabilities", filter=Q(capabilities__in=caps), distinct=True))
            .order_by("-n", "slug")
            .first()
        )
        if leader is None:
            continue
        mark_leader(actor=None, alliance=alliance, template=template, key=key, organization=leader)
        marked += 1
    return DemoChains(chains=len(templates), leaders=marked)
