from sanxin.directory.models.alliances import Alliance, AllianceField, Membership
from sanxin.directory.models.offers import Offer
from sanxin.directory.models.organizations import Capacity, Contact, Organization
from sanxin.directory.models.people import Person
from sanxin.directory.models.regions import Region
from sanxin.directory.models.taxonomy import Capability

__all__ = [
    "Alliance",
    "AllianceField",
    "Capability",
    "Capacity",
    "Contact",
    "Membership",
    "Offer",
    "Organization",
    "Person",
    "Region",
]
