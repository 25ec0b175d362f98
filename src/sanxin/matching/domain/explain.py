"""The engine's reason codes as sentences in the reader's language.

Capabilities are named through the taxonomy in the reader's language, regions by their
localized names, the passages that matched are quoted as they were written (in any
language). Past cooperation is said without naming projects or organizations, so a reason
never reveals a record the reader may not see.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from sanxin.common.templatetags.sanxin import country_name
from sanxin.directory.models import Region
from sanxin.engines.matching import Reason, Recommendation, Taxonomy
from sanxin.projects.enums import ConsortiumRoleType


def _country(code: str | None) -> str:
    return country_name(code or "")


@dataclass(frozen=True)
class ReasonView:
    """One reason as shown: a sentence, and for a passage the two quotes side by side."""

    code: str
    text: str
    query: str = ""
    candidate: str = ""
    query_language: str = ""
    candidate_language: str = ""


def reader_language() -> str:
    """The engine's language code (``en``, ``zh``, ``vi``) of the active UI language."""
    lang = (get_language() or "en").lower()
    if lang.startswith("zh"):
        return "zh"
    if lang.startswith("vi"):
        return "vi"
    return "en"


def role_label(role: str | None) -> str:
    if not role:
        return ""
    base = role.partition("#")[0]
    try:
        return str(ConsortiumRoleType(base).label)
    except ValueError:
        return base


def _names(codes: list[str], taxonomy: Taxonomy) -> str:
    lang = reader_language()
    separator = "、" if lang == "zh" else ", "
    return separator.join(taxonomy.label(c, lang) for c in dict.fromkeys(codes))


def _capabilities(reason: Reason, taxonomy: Taxonomy) -> str:
    matches = reason.data.get("matches", ())
    close = [cap for _need, cap, kind in matches if kind in ("exact", "narrower")]
    near = [cap for _need, cap, kind in matches if kind not in ("exact", "narrower")]
    if close:
        return _("Capabilities that fit: %(names)s") % {"names": _names(close, taxonomy)}
    return _("Related capabilities: %(names)s") % {"names": _names(near, taxonomy)}


def _region(reason: Reason, regions: Mapping[str, str]) -> str:
    data = reason.data
    kind = data.get("kind")
    province = regions.get(data.get("province") or "", data.get("province") or "")
    if kind == "same_province":
        return _("In the same province: %(province)s") % {"province": province}
    if kind == "works_in_province":
        return _("Already works in %(province)s") % {"province": province}
    if kind == "same_country":
        return _("In the same country: %(country)s") % {"country": _country(data.get("country"))}
    countries = " – ".join(_country(c) for c in data.get("countries", ()))
    return _("Across the border: %(countries)s") % {"countries": countries}


def _cooperation(reason: Reason) -> str:
    tie_list = reason.data.get("ties", ())
    consortia = sum(1 for t in tie_list if t.get("kind") == "consortium")
    meetings = len(tie_list) - consortia
    if consortia:
        return ngettext(
            "Worked in %(n)s consortium with the team before",
            "Worked in %(n)s consortia with the team before",
            consortia,
        ) % {"n": consortia}
    return ngettext(
        "Met the team at %(n)s event before",
        "Met the team at %(n)s events before",
        meetings,
    ) % {"n": meetings}


def _size(reason: Reason) -> str:
    data = reason.data
    if data.get("ticket") is not None:
        return _("Can lend up to %(ticket)s million against a debt of %(debt)s million") % {
            "ticket": f"{data['ticket']:g}",
            "debt": f"{data.get('debt') or 0:g}",
        }
    if data.get("typical_mw") is not None and data.get("project_mw") is not None:
        return _("Usually takes on %(typical)s MW projects; this one has %(size)s MW") % {
            "typical": f"{data['typical_mw']:g}",
            "size": f"{data['project_mw']:g}",
        }
    return _("Of a fitting size")


def _passage(reason: Reason) -> ReasonView:
    d: Mapping[str, Any] = reason.data
    return ReasonView(
        reason.code,
        _("Close in meaning:"),
        query=d.get("query", ""),
        candidate=d.get("candidate", ""),
        query_language=d.get("query_language", ""),
        candidate_language=d.get("candidate_language", ""),
    )


def _fixed(reason: Reason) -> str:
    return {
        "follow_up": _("You met before and share a live project: time to follow up"),
        "met_before": _("You have met before"),
        "interested": _("Someone of your organization marked this as interesting"),
    }.get(reason.code, "")


def explain(reason: Reason, taxonomy: Taxonomy, regions: Mapping[str, str]) -> ReasonView | None:
    """One reason in the reader's language (``None`` for a code it does not know)."""
    words = ", ".join(reason.data.get("words", ()))
    sentences = {
        "capabilities": lambda: _capabilities(reason, taxonomy),
        "region": lambda: _region(reason, regions),
        "keywords": lambda: _("Shared words: %(words)s") % {"words": words},
        "size": lambda: _size(reason),
        "cooperation": lambda: _cooperation(reason),
    }
    if reason.code == "passage":
        return _passage(reason)
    if reason.code in sentences:
        return ReasonView(reason.code, sentences[reason.code]())
    text = _fixed(reason)
    return ReasonView(reason.code, text) if text else None


def region_names(recommendations: list[Recommendation]) -> dict[str, str]:
    """Localized names of the provinces the reasons mention (one query)."""
    codes = {
        r.data.get("province")
        for rec in recommendations
        for r in rec.reasons
        if r.code == "region" and r.data.get("province")
    }
    if not codes:
        return {}
    return {region.code: region.name for region in Region.objects.filter(code__in=codes)}


def explain_all(
    rec: Recommendation, taxonomy: Taxonomy, regions: Mapping[str, str]
) -> list[ReasonView]:
    return [view for r in rec.reasons if (view := explain(r, taxonomy, regions)) is not None]
