"""REST endpoints of chains: templates, their nodes, coverage by region, the secretariat's edits.

The same rules as the pages: an alliance's chains are for its members, its secretariat and
admins; anyone else gets 404 for the alliance. Edits are for the secretariat and admins (403
for members) and go through the domain functions, which validate, save and audit.
"""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.errors import AuthenticationError
from ninja.pagination import paginate
from ninja.responses import Status

from sanxin.chains import api_schemas as s
from sanxin.chains.domain.access import (
    Viewer,
    can_edit_chains,
    chain_alliances,
    viewer_for,
)
from sanxin.chains.domain.coverage import (
    NodeCoverage,
    RegionFilter,
    alliance_templates,
    chain_coverage,
)
from sanxin.chains.domain.editing import (
    add_node,
    mark_leader,
    remove_node,
    unmark_leader,
    update_node,
    update_template,
)
from sanxin.chains.domain.nodes import attached_projects, invite_candidates, node_organizations
from sanxin.chains.enums import THIN_BELOW
from sanxin.chains.models import ChainNode, ChainTemplate
from sanxin.directory.api import Page
from sanxin.directory.domain.access import visible_organizations
from sanxin.directory.models import Alliance, Organization, Region

router = Router(tags=["chains"])

BASE = "/chains/{alliance}/templates"


def _viewer(request) -> Viewer:
    return viewer_for(request.user)


def _get(queryset: QuerySet, **lookup):
    try:
        return queryset.get(**lookup)
    except queryset.model.DoesNotExist:
        raise Http404 from None


def _chain(request, alliance: str, slug: str) -> tuple[Alliance, ChainTemplate]:
    alliance_obj = _get(chain_alliances(_viewer(request)), slug=alliance)
    return alliance_obj, _get(alliance_templates(alliance_obj), slug=slug)


def _edited(request, alliance: str, slug: str) -> tuple[Alliance, ChainTemplate]:
    viewer = _viewer(request)
    if not viewer.is_authenticated:
        raise AuthenticationError
    alliance_obj, template = _chain(request, alliance, slug)
    if not can_edit_chains(viewer, alliance_obj):
        raise PermissionDenied
    return alliance_obj, template


def _region(query: s.ChainRegionQuery) -> RegionFilter:
    if query.province:
        region = Region.objects.filter(code=query.province.upper()).first()
        if region is None:
            raise ValidationError({"province": [_("No province with this code.")]})
        return RegionFilter.of(region)
    return RegionFilter.of(None, query.country)


def _template_out(template: ChainTemplate) -> dict:
    return {
        "slug": template.slug,
        "name": template.name,
        "name_en": template.name_en,
        "name_zh": template.name_zh,
        "name_vi": template.name_vi,
        "description": template.description,
        "own_copy": template.alliance_id is not None,
        "project_types": list(template.project_types),
    }


def _node_out(node: ChainNode) -> dict:
    return {
        "key": node.key,
        "stage": node.stage,
        "position": node.position,
        "name": node.name,
        "name_en": node.name_en,
        "name_zh": node.name_zh,
        "name_vi": node.name_vi,
        "capabilities": sorted(c.code for c in node.capabilities.all()),
        "project_types": list(node.project_types),
    }


def _org_ref(org: Organization) -> dict:
    return {
        "slug": org.slug,
        "name": org.name,
        "country": org.country,
        "province": org.province.code if org.province_id else None,
    }


def _coverage_out(item: NodeCoverage) -> dict:
    return {
        "key": item.node.key,
        "name": item.node.name,
        "stage": item.node.stage,
        "status": str(item.status),
        "organization_count": item.organization_count,
        "project_count": item.project_count,
        "leaders": [
            {"slug": o.slug, "name": o.name, "country": o.country, "province": None}
            for o in item.leaders
        ],
    }


def _template_detail(template: ChainTemplate) -> dict:
    nodes = ChainNode.objects.filter(template=template).prefetch_related("capabilities")
    return {**_template_out(template), "nodes": [_node_out(n) for n in nodes]}


@router.get("/chains/{alliance}/templates", response=list[s.TemplateOut])
@paginate(Page)
def list_templates(request, alliance: str):
    """The alliance's chains: its own copies and the platform templates it has not copied."""
    alliance_obj = _get(chain_alliances(_viewer(request)), slug=alliance)
    return [_template_out(t) for t in alliance_templates(alliance_obj)]


@router.get(BASE + "/{slug}", response=s.TemplateDetail)
def get_template(request, alliance: str, slug: str):
    _alliance, template = _chain(request, alliance, slug)
    return _template_detail(template)


@router.patch(BASE + "/{slug}", response=s.TemplateDetail)
def change_template(request, alliance: str, slug: str, payload: s.TemplateIn):
    """Rename the chain or change its description or project types (secretariat, admin)."""
    alliance_obj, template = _edited(request, alliance, slug)
    data = payload.model_dump(exclude_unset=True)
    if data.get("project_types", []) is None:
        del data["project_types"]
    template = update_template(
        actor=request.user, alliance=alliance_obj, template=template, data=data
    )
    return _template_detail(template)


@router.get(BASE + "/{slug}/coverage", response=s.CoverageOut)
def get_coverage(request, alliance: str, slug: str, region: Query[s.ChainRegionQuery]):
    """Member organizations, status, leaders and projects per node, in a country or province."""
    alliance_obj, template = _chain(request, alliance, slug)
    where = _region(region)
    coverage = chain_coverage(
        viewer=_viewer(request), alliance=alliance_obj, template=template, region=where
    )
    return {
        "slug": template.slug,
        "name": template.name,
        "country": where.country,
        "province": where.province.code if where.province else None,
        "thin_below": THIN_BELOW,
        "nodes": [_coverage_out(item) for item in coverage.nodes],
    }


@router.get(BASE + "/{slug}/nodes/{key}", response=s.NodeDetailOut)
def get_node(request, alliance: str, slug: str, key: str, region: Query[s.ChainRegionQuery]):
    """A node's organizations, organizations to invite (gap and thin nodes) and projects."""
    viewer = _viewer(request)
    alliance_obj, template = _chain(request, alliance, slug)
    where = _region(region)
    coverage = chain_coverage(
        viewer=viewer, alliance=alliance_obj, template=template, region=where, with_projects=False
    )
    item = coverage.node(key)
    if item is None:
        raise Http404
    candidates = []
    if item.needs_members:
        candidates = invite_candidates(
            viewer=viewer, alliance=alliance_obj, capability_ids=item.capability_ids, region=where
        )
    attached = attached_projects(
        viewer=viewer, alliance=alliance_obj, template=template, item=item, region=where
    )
    projects = list(attached[:100])
    return {
        **_coverage_out(item),
        "project_count": attached.count(),
        "organizations": [
            _org_ref(o) for o in node_organizations(viewer=viewer, alliance=alliance_obj, item=item)
        ],
        "invite_candidates": [
            {**_org_ref(c.organization), "overlap": c.overlap, "region_match": c.region_match}
            for c in candidates
        ],
        "projects": [
            {"id": p.pk, "title": p.title, "project_type": p.project_type, "stage": p.stage}
            for p in projects
        ],
    }


def _node_data(payload: s.NodeIn) -> dict:
    """The fields sent; a null name clears it, a null list or number is left as it was."""
    data = payload.model_dump(exclude_unset=True)
    for name in ("name_en", "name_zh", "name_vi"):
        if name in data and data[name] is None:
            data[name] = ""
    return {key: value for key, value in data.items() if value is not None}


@router.post(BASE + "/{slug}/nodes", response={201: s.NodeOut})
def create_node(request, alliance: str, slug: str, payload: s.NodeIn):
    """Add a node (secretariat, admin); without a stage it goes into a new last column."""
    alliance_obj, template = _edited(request, alliance, slug)
    node = add_node(
        actor=request.user, alliance=alliance_obj, template=template, data=_node_data(payload)
    )
    return Status(201, _node_out(node))


@router.patch(BASE + "/{slug}/nodes/{key}", response=s.NodeOut)
def change_node(request, alliance: str, slug: str, key: str, payload: s.NodeIn):
    """Change only the fields sent; ``capabilities`` and ``project_types`` are replaced whole."""
    alliance_obj, template = _edited(request, alliance, slug)
    if not template.nodes.filter(key=key).exists():
        raise Http404
    node = update_node(
        actor=request.user,
        alliance=alliance_obj,
        template=template,
        key=key,
        data=_node_data(payload),
    )
    return _node_out(node)


@router.delete(BASE + "/{slug}/nodes/{key}", response={204: None})
def delete_node(request, alliance: str, slug: str, key: str):
    alliance_obj, template = _edited(request, alliance, slug)
    if not template.nodes.filter(key=key).exists():
        raise Http404
    remove_node(actor=request.user, alliance=alliance_obj, template=template, key=key)
    return Status(204, None)


def _member(request, slug: str) -> Organization:
    try:
        return visible_organizations(_viewer(request)).get(slug=slug)
    except ObjectDoesNotExist:
        message = _("No organization with this short code.")
        raise ValidationError({"organization": [message]}) from None


@router.post(BASE + "/{slug}/nodes/{key}/leaders", response={201: s.ChainOrgRef})
def create_leader(request, alliance: str, slug: str, key: str, payload: s.LeaderIn):
    """Mark an active member organization as a chain leader (链主) of the node."""
    alliance_obj, template = _edited(request, alliance, slug)
    if not template.nodes.filter(key=key).exists():
        raise Http404
    org = _member(request, payload.organization)
    mark_leader(
        actor=request.user, alliance=alliance_obj, template=template, key=key, organization=org
    )
    return Status(201, _org_ref(org))


@router.delete(BASE + "/{slug}/nodes/{key}/leaders/{org}", response={204: None})
def delete_leader(request, alliance: str, slug: str, key: str, org: str):
    alliance_obj, template = _edited(request, alliance, slug)
    if not template.nodes.filter(key=key).exists():
        raise Http404
    organization = _get(visible_organizations(_viewer(request)), slug=org)
    unmark_leader(
        actor=request.user,
        alliance=alliance_obj,
        template=template,
        key=key,
        organization=organization,
    )
    return Status(204, None)
