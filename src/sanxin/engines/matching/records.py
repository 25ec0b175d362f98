"""What the matching engine reads: typed, frozen records that a caller builds from its rows.

Texts are ``{language: text}`` mappings in any of ``en``, ``zh``, ``vi`` (or others); the
engine reads every language it is given. Ids are strings, echoed back as given. Capability
codes are those of the :class:`~sanxin.engines.matching.taxonomy.Taxonomy` passed alongside.
Money (``debt``, ``max_ticket``) is in millions of one currency the caller chooses.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

Texts = Mapping[str, str]
"""``{"en": "...", "zh": "...", "vi": "..."}``; empty strings are ignored."""


class RecordError(ValueError):
    """A record is malformed; the message names the field."""


def all_text(*texts: Texts) -> str:
    """Every non-empty text of the mappings, one per line, in the order given."""
    return "\n".join(t.strip() for m in texts for t in m.values() if t and t.strip())


@dataclass(frozen=True, slots=True)
class Organization:
    """A member or prospect. ``provinces``/``countries`` are where it already works (projects,
    plants, offices) beside its home ``country``/``province``. ``typical_mw`` is the size of
    project it usually takes on; ``max_ticket`` the largest loan or equity ticket it can write
    (financiers). ``member`` is False for organizations outside the alliance."""

    id: str
    names: Texts = field(default_factory=dict)
    texts: Texts = field(default_factory=dict)
    org_type: str = "enterprise"
    country: str = ""
    province: str = ""
    countries: frozenset[str] = frozenset()
    provinces: frozenset[str] = frozenset()
    capabilities: frozenset[str] = frozenset()
    needs: frozenset[str] = frozenset()
    typical_mw: float | None = None
    max_ticket: float | None = None
    member: bool = True


@dataclass(frozen=True, slots=True)
class Role:
    """A consortium role of a project: ``role`` is a role type (``investor``, ``epc``,
    ``equipment_supplier``, ``financier``, ``om``, ``offtaker``, ``local_partner``,
    ``government_agency``, ``recycler``, ``developer``); ``capabilities`` what it needs (empty:
    the defaults for the project type, :func:`~sanxin.engines.matching.roles.role_needs`);
    ``filled_by`` the organization already confirmed in it."""

    role: str
    capabilities: frozenset[str] = frozenset()
    texts: Texts = field(default_factory=dict)
    required: bool = True
    filled_by: str | None = None


@dataclass(frozen=True, slots=True)
class Project:
    """A cooperation project. ``owner`` and ``members`` (confirmed consortium organizations)
    anchor the relationship signal; ``declined`` holds organizations that said no to this
    project. ``local_partner_required``: a ``local_partner`` must come from ``country``.
    ``debt`` is what the financiers must cover. ``live`` is False once it landed or stopped."""

    id: str
    titles: Texts = field(default_factory=dict)
    texts: Texts = field(default_factory=dict)
    project_type: str = ""
    country: str = ""
    province: str = ""
    capacity_mw: float | None = None
    debt: float | None = None
    roles: tuple[Role, ...] = ()
    owner: str | None = None
    members: frozenset[str] = frozenset()
    declined: frozenset[str] = frozenset()
    local_partner_required: bool = False
    live: bool = True

    def open_roles(self) -> tuple[Role, ...]:
        return tuple(r for r in self.roles if r.filled_by is None)


@dataclass(frozen=True, slots=True)
class Offer:
    """An offer (``kind="offer"``: the organization supplies ``capabilities``) or a request
    (``kind="request"``: it seeks them), optionally limited to ``countries``/``provinces``."""

    id: str
    organization: str
    kind: str = "offer"
    titles: Texts = field(default_factory=dict)
    texts: Texts = field(default_factory=dict)
    capabilities: frozenset[str] = frozenset()
    countries: frozenset[str] = frozenset()
    provinces: frozenset[str] = frozenset()
    open: bool = True


@dataclass(frozen=True, slots=True)
class Participant:
    """A person registered for an event on behalf of ``organization``; ``texts`` is what they
    come for, ``seeks`` the capabilities they look for."""

    id: str
    organization: str
    texts: Texts = field(default_factory=dict)
    seeks: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Tie:
    """A past relationship between organizations ``a`` and ``b``: ``kind="consortium"`` (they
    were in a consortium together, on ``project``) or ``kind="meeting"`` (they met, at
    ``event``, possibly about ``project``)."""

    a: str
    b: str
    kind: str = "meeting"
    project: str | None = None
    event: str | None = None


@dataclass(frozen=True, slots=True)
class Feedback:
    """A user of organization ``by`` marked ``target`` (an organization, project, offer or
    participant id) as interesting (``interested=True``) or not."""

    by: str
    target: str
    interested: bool
