"""Domain rules of bulk imports: who may import, and memberships that an import creates."""

from __future__ import annotations

import datetime as dt
import functools
import gettext as pyi18n
import re
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sanxin.common.audit import log_action
from sanxin.common.enums import Confidentiality
from sanxin.common.i18n import fold
from sanxin.directory.domain.access import Viewer, can_manage_alliance, visible_alliances
from sanxin.directory.domain.common import acting_viewer, require
from sanxin.directory.enums import MembershipRole, MembershipStatus, OrgType
from sanxin.directory.models import Alliance, Capability, Membership, Organization, Region

S = MembershipStatus


def can_import_organizations(viewer: Viewer) -> bool:
    """Only platform admins and alliance secretariats import organizations."""
    return viewer.is_admin or viewer.is_secretariat


def import_alliances(viewer: Viewer):
    """The alliances an import by ``viewer`` may add members to."""
    if viewer.is_admin:
        return visible_alliances(viewer)
    return Alliance.objects.filter(pk__in=viewer.secretariat_alliance_ids)


def _log(membership: Membership, actor: Any, old: dict, new: dict) -> None:
    log_action("sanxin.membership.imported", actor=actor, obj=membership, old=old, new=new)
    key = f"membership:{membership.alliance.slug}"
    log_action(
        "sanxin.organization.membership.imported",
        actor=actor,
        obj=membership.organization,
        old={key: old} if old else None,
        new={key: new},
    )


@transaction.atomic
def import_membership(
    *,
    actor: Any,
    alliance: Alliance,
    organization: Organization,
    role: str | None = None,
    since: dt.date | None = None,
) -> Membership | None:
    """Make ``organization`` an active member of ``alliance`` (the secretariat vouches for it).

    An existing active or suspended membership keeps its status; ``role`` and ``since`` change
    it only when given. An invitation, application or ended membership becomes active.
    Returns the membership, or None when nothing changed.
    """
    viewer = acting_viewer(actor)
    if viewer is not None:
        require(can_manage_alliance(viewer, alliance))
    if role is not None and role not in MembershipRole.values:
        raise ValidationError({"role": _("Choose one of the membership roles.")})
    membership = (
        Membership.objects.select_for_update(of=("self",))
        .filter(alliance=alliance, organization=organization)
        .first()
    )
    if membership is None:
        membership = Membership(
            alliance=alliance,
            organization=organization,
            role=role or MembershipRole.MEMBER,
            status=S.ACTIVE,
            since=since or timezone.localdate(),
        )
        membership.save()
        _log(
            membership,
            actor,
            {},
            {"status": membership.status, "role": membership.role, "since": membership.since},
        )
        return membership
    old = {"status": membership.status, "role": membership.role, "since": membership.since}
    if membership.status not in (S.ACTIVE, S.SUSPENDED):
        membership.status = S.ACTIVE
    if role is not None:
        membership.role = role
    if since is not None:
        membership.since = since
    elif membership.since is None and membership.status == S.ACTIVE:
        membership.since = timezone.localdate()
    new = {"status": membership.status, "role": membership.role, "since": membership.since}
    if new == old:
        return None
    membership.save()
    _log(membership, actor, old, new)
    return membership


# --- reading reference data by code or by name, in any of the three languages --------------

#: Names people use for the choices besides the UI labels (which are read from the catalogs).
CHOICE_ALIASES: dict[str, dict[str, tuple[str, ...]]] = {
    "org_type": {
        "enterprise": ("企业", "公司", "Doanh nghiệp", "Company"),
        "soe": ("国有企业", "国企", "央企", "Doanh nghiệp nhà nước", "State-owned", "SOE"),
        "government": (
            "政府机构",
            "政府部门",
            "政府",
            "Cơ quan nhà nước",
            "Cơ quan chính phủ",
            "Government",
        ),
        "financial": ("金融机构", "银行", "Tổ chức tài chính", "Ngân hàng", "Bank"),
        "research": ("科研院所", "研究机构", "研究院", "Viện nghiên cứu", "Research"),
        "association": ("协会", "行业协会", "Hiệp hội"),
    },
    "confidentiality": {
        "public": ("公开", "Công khai"),
        "alliance": ("联盟成员", "Thành viên liên minh", "Alliance"),
        "own": ("本单位", "仅本组织", "Riêng tổ chức", "Own"),
    },
    "membership_role": {
        "chair": ("主席", "理事长", "主席单位", "Chủ tịch"),
        "vice_chair": ("副主席", "副理事长", "副主席单位", "Phó chủ tịch", "Vice chair"),
        "member": ("成员", "会员", "成员单位", "Thành viên"),
        "observer": ("观察员", "Quan sát viên"),
    },
}
_CN_SUFFIXES = (
    "维吾尔自治区",
    "壮族自治区",
    "回族自治区",
    "特别行政区",
    "自治区",
    "省",
    "市",
)
_VN_PREFIXES = ("tinh ", "thanh pho ", "tp. ", "tp ")
_EN_SUFFIXES = (" province", " city", " municipality")


def key(text: Any) -> str:
    """Comparison key: case, width, diacritics and spacing do not matter."""
    return " ".join(fold(str(text)).split())


def choice_map(name: str, choices: Any) -> dict[str, str]:
    """key of a code, a label in any UI language or an alias → the code."""
    out: dict[str, str] = {}
    for value, label in choices.choices:
        out[key(value)] = value
        for language in ("en", "zh-hans", "vi"):
            with translation.override(language):
                out.setdefault(key(str(label)), value)
        for alias in CHOICE_ALIASES.get(name, {}).get(value, ()):
            out.setdefault(key(alias), value)
    return out


@functools.cache
def _countries() -> dict[str, str]:
    import pycountry  # noqa: PLC0415 - heavy, only needed when reading countries

    out: dict[str, str] = {}
    catalogs = [
        pyi18n.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang], fallback=True)
        for lang in ("zh_CN", "vi")
    ]
    for country in pycountry.countries:
        names = [country.alpha_2, country.alpha_3, country.name]
        names += [getattr(country, a, "") for a in ("common_name", "official_name")]
        names += [c.gettext(n) for c in catalogs for n in names[2:] if n]
        for name in names:
            if name:
                out.setdefault(key(name), country.alpha_2)
    out.update({key("Vietnam"): "VN", key("中华人民共和国"): "CN", key("Trung Hoa"): "CN"})
    return out


def country_code(text: str) -> str | None:
    return _countries().get(key(text))


def _region_keys(region: Region) -> set[str]:
    keys = {key(region.code)}
    for name in (region.name_en, region.name_zh, region.name_vi):
        if not name:
            continue
        k = key(name)
        keys.add(k)
        for suffix in _CN_SUFFIXES:
            if name.endswith(suffix) and len(name) > len(suffix) + 1:
                keys.add(key(name[: -len(suffix)]))
                break
    return keys


def _variants(text: str) -> list[str]:
    k = key(text)
    out = [k]
    for prefix in _VN_PREFIXES:
        if k.startswith(prefix):
            out.append(k[len(prefix) :])
    for suffix in (*_EN_SUFFIXES, *_CN_SUFFIXES):
        if k.endswith(suffix) and len(k) > len(suffix) + 1:
            out.append(k[: -len(suffix)])
    return out


class Lookups:
    """Regions, capabilities and choices, loaded once (two queries) and read by code or name."""

    def __init__(self) -> None:
        self.regions: dict[str, list[Region]] = {}
        for region in Region.objects.select_related("successor"):
            for k in _region_keys(region):
                self.regions.setdefault(k, []).append(region)
        self.capabilities: dict[str, list[Capability]] = {}
        for cap in Capability.objects.all():
            for k in {key(cap.code), key(cap.name_en), key(cap.name_zh), key(cap.name_vi)}:
                self.capabilities.setdefault(k, []).append(cap)
        self.org_types = choice_map("org_type", OrgType)
        self.confidentiality = choice_map("confidentiality", Confidentiality)
        self.roles = choice_map("membership_role", MembershipRole)

    def region(self, text: str, country: str | None) -> Region:
        """The province called ``text``; prefers the current scheme over Vietnam's 63 legacy
        provinces when a name exists in both. Raises ValueError(message)."""
        found: list[Region] = []
        for k in _variants(text):
            found = self.regions.get(k, [])
            if found:
                break
        if country:
            found = [r for r in found if r.country == country]
        if len(found) > 1:
            current = [r for r in found if r.is_current]
            found = current or found
        if len(found) == 1:
            return found[0]
        if found:
            raise ValueError(
                _("“%(value)s” could mean several provinces (%(codes)s); write its code.")
                % {"value": text, "codes": ", ".join(r.code for r in found)}
            )
        if country:
            raise ValueError(
                _(
                    "“%(value)s” is not a province of %(country)s; write its name or a code "
                    "such as CN-SC or VN-01."
                )
                % {"value": text, "country": country}
            )
        raise ValueError(
            _("“%(value)s” is not a known province; write its name or a code such as CN-SC.")
            % {"value": text}
        )

    def capability(self, text: str, *, segment: bool) -> Capability:
        found = [c for c in self.capabilities.get(key(text), []) if not segment or not c.parent_id]
        if len(found) == 1:
            return found[0]
        if found:
            raise ValueError(
                _("“%(value)s” could mean several capabilities (%(codes)s); write its code.")
                % {"value": text, "codes": ", ".join(c.code for c in found)}
            )
        if segment:
            raise ValueError(
                _("“%(value)s” is not a segment; use a top-level capability such as wind or pv.")
                % {"value": text}
            )
        raise ValueError(
            _("“%(value)s” is not a known capability; write its code or its name.")
            % {"value": text}
        )

    def capability_list(self, text: str, *, segment: bool) -> list[Capability]:
        """Read ``a; b, c`` — names may themselves hold commas (“Modules, packs and BMS”)."""
        out: list[Capability] = []
        for chunk in re.split(r"[;；\n]", text):
            parts = [p.strip() for p in re.split(r"[,，、]", chunk)]
            i = 0
            while i < len(parts):
                if not parts[i]:
                    i += 1
                    continue
                # The longest run of comma-separated parts that names one capability wins.
                for j in range(len(parts), i, -1):
                    joined = ", ".join(parts[i:j])
                    if key(joined) in self.capabilities or j == i + 1:
                        cap = self.capability(joined, segment=segment)
                        if cap not in out:
                            out.append(cap)
                        i = j
                        break
        return out

    def region_label(self, region: Region) -> str:
        """The region's name when reading it back gives the same region, else its code."""
        try:
            same = self.region(region.name, region.country) == region
        except ValueError:
            same = False
        return region.name if same else region.code

    def capability_label(self, cap: Capability) -> str:
        try:
            same = self.capability(cap.name, segment=False) == cap
        except ValueError:
            same = False
        return cap.name if same and not re.search(r"[;；\n]", cap.name) else cap.code
