"""States and kinds of the member directory."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class OrgType(models.TextChoices):
    ENTERPRISE = "enterprise", _("Enterprise")
    SOE = "soe", _("State-owned enterprise")
    GOVERNMENT = "government", _("Government body")
    FINANCIAL = "financial", _("Financial institution")
    RESEARCH = "research", _("Research institute")
    ASSOCIATION = "association", _("Association")


class MembershipRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    VICE_CHAIR = "vice_chair", _("Vice-chair")
    MEMBER = "member", pgettext_lazy("membership role", "Member")
    OBSERVER = "observer", _("Observer")


class MembershipStatus(models.TextChoices):
    INVITED = "invited", _("Invited")
    PENDING = "pending", _("Awaiting approval")
    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspended")
    LEFT = "left", _("Left")


class PersonRole(models.TextChoices):
    SECRETARIAT = "secretariat", _("Alliance secretariat")
    ORG_ADMIN = "org_admin", _("Organization admin")
    MEMBER = "member", _("Organization member")
    GUEST = "guest", _("Guest")


class OfferKind(models.TextChoices):
    OFFER = "offer", pgettext_lazy("cooperation", "Offer")
    REQUEST = "request", pgettext_lazy("cooperation", "Request")


class OfferStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("offer status", "Open")
    CLOSED = "closed", pgettext_lazy("offer status", "Closed")


class RegionScheme(models.TextChoices):
    CN = "cn", _("China (provinces)")
    VN_2025 = "vn2025", _("Vietnam (34 provinces since July 2025)")
    VN_LEGACY = "vn63", _("Vietnam (63 provinces before July 2025)")


class CapacityUnit(models.TextChoices):
    MW = "MW", "MW"
    GW = "GW", "GW"
    MWH = "MWh", "MWh"
    GWH = "GWh", "GWh"
    GWH_YR = "GWh/yr", _("GWh/yr")
    MW_CLASS = "MW-class", _("MW-class")
    UNITS_YR = "units/yr", _("units/yr")
    T_YR = "t/yr", _("t/yr")
    KT_YR = "kt/yr", _("kt/yr")
    CNY_M = "CNY m", _("CNY million")
    USD_M = "USD m", _("USD million")
