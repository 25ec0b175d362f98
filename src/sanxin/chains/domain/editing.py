"""The secretariat edits its alliance's chains: names, nodes, their capabilities, chain leaders.

The platform's seeded templates are shared by every alliance, so the first edit an alliance's
secretariat makes copies the template (with its nodes, their capabilities and the alliance's
chain-leader marks) into the alliance's own template; the edit applies to the copy. Every
change is checked (``can_edit_chains``), validated, saved in one transaction and audited.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.text import slugify
from django.utils.translation import gettext as _

from sanxin.chains.domain.access import can_edit_chains
from sanxin.chains.models import ChainLeader, ChainNode, ChainTemplate
from sanxin.common.audit import log_action
from sanxin.directory.domain.common import acting_viewer, finish_clean, require, snapshot
from sanxin.directory.enums import MembershipStatus
from sanxin.directory.models import Alliance, Capability, Membership, Organization
from sanxin.projects.enums import ProjectType

NAMES = ("name_en", "name_zh", "name_vi")
TEMPLATE_FIELDS = (*NAMES, "description_en", "description_zh", "description_vi", "project_types")
NODE_FIELDS = (*NAMES, "stage", "position", "capabilities", "project_types")


def _require_editor(actor: Any, alliance: Alliance) -> None:
    viewer = acting_viewer(actor)
    require(viewer is None or can_edit_chains(viewer, alliance))


def _project_types(value: Any, errors: dict[str, list[str]]) -> list[str]:
    values = list(value or [])
    unknown = [v for v in values if v not in ProjectType.values]
    if unknown:
        errors.setdefault("project_types", []).append(
            _("Unknown project type: %(types)s.") % {"types": ", ".join(map(str, unknown))}
        )
    return sorted(set(values) - set(unknown))


def _capabilities(codes: Any, errors: dict[str, list[str]]) -> list[Capability]:
    wanted = [str(c) for c in (codes or [])]
    found = list(Capability.objects.filter(code__in=wanted))
    unknown = sorted(set(wanted) - {c.code for c in found})
    if unknown:
        errors.setdefault("capabilities", []).append(
            _("Unknown capability code: %(codes)s.") % {"codes": ", ".join(unknown)}
        )
    return found


def _name_given(obj: Any, errors: dict[str, list[str]]) -> None:
    if not any((getattr(obj, f) or "").strip() for f in NAMES):
        errors.setdefault("name_en", []).append(_("Give a name in at least one language."))


@transaction.atomic
def own_template(*, actor: Any, alliance: Alliance, template: ChainTemplate) -> ChainTemplate:
    """The alliance's own copy of ``template`` (made now if it is a platform template)."""
    _require_editor(actor, alliance)
    if template.alliance_id == alliance.pk:
        return template
    if template.alliance_id is not None:
        raise ValueError("the template belongs to another alliance")
    existing = ChainTemplate.objects.filter(alliance=alliance, slug=template.slug).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():  # a savepoint: two first edits at once make one copy
            copy = ChainTemplate.objects.create(
                alliance=alliance,
                slug=template.slug,
                position=template.position,
                **{f: getattr(template, f) for f in TEMPLATE_FIELDS},
            )
    except IntegrityError:
        return ChainTemplate.objects.get(alliance=alliance, slug=template.slug)
    originals = list(template.nodes.prefetch_related("capabilities"))
    copies = ChainNode.objects.bulk_create(
        [
            ChainNode(
                template=copy,
                key=node.key,
                stage=node.stage,
                position=node.position,
                project_types=list(node.project_types),
                **{f: getattr(node, f) for f in NAMES},
            )
            for node in originals
        ]
    )
    through = ChainNode.capabilities.through
    through.objects.bulk_create(
        [
            through(chainnode_id=new.pk, capability_id=cap.pk)
            for old, new in zip(originals, copies, strict=True)
            for cap in old.capabilities.all()
        ]
    )
    for old, new in zip(originals, copies, strict=True):
        ChainLeader.objects.filter(alliance=alliance, node=old).update(node=new)
    log_action(
        "sanxin.chain.copied",
        actor=actor,
        obj=copy,
        new={"slug": copy.slug, "alliance": alliance.slug, "nodes": len(copies)},
    )
    return copy


@transaction.atomic
def update_template(
    *, actor: Any, alliance: Alliance, template: ChainTemplate, data: dict[str, Any]
) -> ChainTemplate:
    """Rename the chain, change its description or project types (for the alliance)."""
    template = own_template(actor=actor, alliance=alliance, template=template)
    old = snapshot(template, TEMPLATE_FIELDS)
    errors: dict[str, list[str]] = {}
    for key, value in data.items():
        if key not in TEMPLATE_FIELDS:
            raise ValueError(f"field {key!r} cannot be set here")
        if key == "project_types":
            template.project_types = _project_types(value, errors)
        else:
            setattr(template, key, value if value is not None else "")
    _name_given(template, errors)
    finish_clean(template, errors, exclude=["alliance", "slug"], validate_constraints=False)
    template.save()
    log_action(
        "sanxin.chain.changed",
        actor=actor,
        obj=template,
        old=old,
        new=snapshot(template, TEMPLATE_FIELDS),
    )
    return template


def _node(template: ChainTemplate, key: str) -> ChainNode:
    return ChainNode.objects.get(template=template, key=key)


def _apply_node(node: ChainNode, data: dict[str, Any], errors: dict[str, list[str]]):
    capabilities = None
    for key, value in data.items():
        if key not in NODE_FIELDS:
            raise ValueError(f"field {key!r} cannot be set here")
        if key == "capabilities":
            capabilities = _capabilities(value, errors)
        elif key == "project_types":
            node.project_types = _project_types(value, errors)
        elif key in ("stage", "position"):
            if value is None or int(value) < (1 if key == "stage" else 0):
                message = (
                    _("The stage is a column number from 1.")
                    if key == "stage"
                    else _("The position is a number from 0.")
                )
                errors.setdefault(key, []).append(message)
            else:
                setattr(node, key, int(value))
        else:
            setattr(node, key, (value or "").strip())
    _name_given(node, errors)
    return capabilities


@transaction.atomic
def update_node(
    *, actor: Any, alliance: Alliance, template: ChainTemplate, key: str, data: dict[str, Any]
) -> ChainNode:
    """Rename a node, move it, change its capabilities or project types."""
    template = own_template(actor=actor, alliance=alliance, template=template)
    node = _node(template, key)
    old = snapshot(node, NODE_FIELDS)
    errors: dict[str, list[str]] = {}
    capabilities = _apply_node(node, data, errors)
    finish_clean(node, errors, exclude=["template", "key"], validate_constraints=False)
    node.save()
    if capabilities is not None:
        node.capabilities.set(capabilities)
    log_action(
        "sanxin.chain.node.changed",
        actor=actor,
        obj=node,
        old=old,
        new=snapshot(node, NODE_FIELDS),
    )
    return node


def _free_key(template: ChainTemplate, wanted: str) -> str:
    base = slugify(wanted)[:50] or "node"
    taken = set(ChainNode.objects.filter(template=template).values_list("key", flat=True))
    key, n = base, 2
    while key in taken:
        key, n = f"{base}-{n}", n + 1
    return key


@transaction.atomic
def add_node(
    *, actor: Any, alliance: Alliance, template: ChainTemplate, data: dict[str, Any]
) -> ChainNode:
    """Add a node to the chain; without a stage it goes into a new last column."""
    template = own_template(actor=actor, alliance=alliance, template=template)
    data = dict(data)
    if data.get("stage") in (None, ""):
        last = ChainNode.objects.filter(template=template).aggregate(m=Max("stage"))["m"] or 0
        data["stage"] = last + 1
    data.setdefault("position", 0)
    node = ChainNode(template=template)
    errors: dict[str, list[str]] = {}
    capabilities = _apply_node(node, data, errors)
    node.key = _free_key(template, node.name_en or node.name_vi or node.name_zh)
    finish_clean(node, errors, exclude=["template"], validate_constraints=False)
    node.save()
    node.capabilities.set(capabilities or [])
    log_action("sanxin.chain.node.added", actor=actor, obj=node, new=snapshot(node, NODE_FIELDS))
    return node


@transaction.atomic
def remove_node(*, actor: Any, alliance: Alliance, template: ChainTemplate, key: str) -> None:
    """Remove a node (and its chain-leader marks) from the alliance's chain."""
    template = own_template(actor=actor, alliance=alliance, template=template)
    node = _node(template, key)
    if ChainNode.objects.filter(template=template).count() <= 1:
        raise ValidationError({"__all__": [_("A chain keeps at least one node.")]})
    log_action("sanxin.chain.node.removed", actor=actor, obj=node, old=snapshot(node, NODE_FIELDS))
    node.delete()


def _leader_node(actor: Any, alliance: Alliance, template: ChainTemplate, key: str) -> ChainNode:
    """Leader marks belong to the alliance, so they need no copy of a platform template."""
    _require_editor(actor, alliance)
    if template.alliance_id not in (None, alliance.pk):
        raise ValueError("the template belongs to another alliance")
    return _node(template, key)


@transaction.atomic
def mark_leader(
    *,
    actor: Any,
    alliance: Alliance,
    template: ChainTemplate,
    key: str,
    organization: Organization,
) -> ChainLeader:
    """Mark an active member organization as a chain leader (链主) of a node."""
    node = _leader_node(actor, alliance, template, key)
    is_member = Membership.objects.filter(
        alliance=alliance, organization=organization, status=MembershipStatus.ACTIVE
    ).exists()
    if not is_member:
        raise ValidationError(
            {"organization": [_("Only an active member of the alliance can lead a link.")]}
        )
    mark, created = ChainLeader.objects.get_or_create(
        alliance=alliance,
        node=node,
        organization=organization,
        defaults={"marked_by": actor if getattr(actor, "is_authenticated", False) else None},
    )
    if created:
        log_action(
            "sanxin.chain.leader.marked",
            actor=actor,
            obj=node,
            new={"organization": organization.slug},
        )
    return mark


@transaction.atomic
def unmark_leader(
    *,
    actor: Any,
    alliance: Alliance,
    template: ChainTemplate,
    key: str,
    organization: Organization,
) -> None:
    node = _leader_node(actor, alliance, template, key)
    deleted, _rows = ChainLeader.objects.filter(
        alliance=alliance, node=node, organization=organization
    ).delete()
    if deleted:
        log_action(
            "sanxin.chain.leader.unmarked",
            actor=actor,
            obj=node,
            old={"organization": organization.slug},
        )
