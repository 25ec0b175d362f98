"""The chain maps: the list of an alliance's chains, a chain's diagram, a node's page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from sanxin.chains.domain.access import can_edit_chains, chain_alliances
from sanxin.chains.domain.coverage import (
    alliance_templates,
    chain_coverage,
    chains_coverage,
    member_organizations,
)
from sanxin.chains.domain.nodes import attached_projects, invite_candidates, node_organizations
from sanxin.chains.enums import THIN_BELOW, CoverageStatus
from sanxin.chains.interfaces.diagram import COLOURS, layout
from sanxin.chains.interfaces.forms import COUNTRIES, LeaderForm, RegionForm
from sanxin.chains.views.helpers import chain_for, node_of, viewer


def _region(request):
    form = RegionForm(request.GET or None)
    region = form.region() if form.is_bound else RegionForm().region()
    return form, region


def _region_label(region) -> str:
    if not region.is_set:
        return ""
    if region.province is not None:
        return region.province.name
    return str(dict(COUNTRIES).get(region.country, region.country))


@login_required
def chain_list(request):
    v = viewer(request)
    alliances = list(chain_alliances(v))
    wanted = request.GET.get("alliance", "")
    alliance = next((a for a in alliances if a.slug == wanted), None)
    if wanted and alliance is None:
        raise Http404
    if alliance is None and alliances:
        mine = [a for a in alliances if a.pk in v.all_alliance_ids]
        alliance = (mine or alliances)[0]
    chains = []
    if alliance is not None:
        chains = chains_coverage(
            viewer=v,
            alliance=alliance,
            templates=list(alliance_templates(alliance)),
            with_projects=False,
        )
    context = {
        "nav": "chains",
        "alliances": alliances,
        "alliance": alliance,
        "chains": chains,
        "statuses": CoverageStatus,
    }
    return render(request, "chains/chain_list.html", context)


@login_required
def chain_detail(request, alliance: str, slug: str):
    v = viewer(request)
    alliance_obj, template = chain_for(request, alliance, slug)
    form, region = _region(request)
    coverage = chain_coverage(viewer=v, alliance=alliance_obj, template=template, region=region)
    context = {
        "nav": "chains",
        "alliance": alliance_obj,
        "template": template,
        "coverage": coverage,
        "diagram": layout(coverage),
        "region_label": _region_label(region),
        "legend": [(CoverageStatus(s).label, *COLOURS[s]) for s in CoverageStatus],
        "form": form,
        "query": request.GET.urlencode(),
        "can_edit": can_edit_chains(v, alliance_obj),
        "thin_below": THIN_BELOW,
    }
    return render(request, "chains/chain_detail.html", context)


@login_required
def chain_node(request, alliance: str, slug: str, key: str):
    v = viewer(request)
    alliance_obj, template = chain_for(request, alliance, slug)
    node = node_of(template, key)
    form, region = _region(request)
    coverage = chain_coverage(
        viewer=v, alliance=alliance_obj, template=template, region=region, with_projects=False
    )
    item = coverage.node(node.key)
    can_edit = can_edit_chains(v, alliance_obj)
    candidates = []
    if item.needs_members:
        candidates = invite_candidates(
            viewer=v, alliance=alliance_obj, capability_ids=item.capability_ids, region=region
        )
    leader_form = None
    if can_edit:
        # The organizations standing at the node (not yet leaders) are the ones to choose from.
        leader_ids = {org.pk for org in item.leaders}
        choices = member_organizations(v, alliance_obj).filter(
            pk__in=sorted(item.organization_ids - leader_ids)
        )
        leader_form = LeaderForm(organizations=choices.order_by("slug"))
    context = {
        "nav": "chains",
        "alliance": alliance_obj,
        "template": template,
        "item": item,
        "node": item.node,
        "region_label": _region_label(region),
        "organizations": node_organizations(viewer=v, alliance=alliance_obj, item=item),
        "candidates": candidates,
        "projects": list(
            attached_projects(
                viewer=v, alliance=alliance_obj, template=template, item=item, region=region
            )[:50]
        ),
        "form": form,
        "query": request.GET.urlencode(),
        "can_edit": can_edit,
        "leader_form": leader_form,
        "thin_below": THIN_BELOW,
    }
    return render(request, "chains/chain_node.html", context)
