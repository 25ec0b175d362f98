"""django-rules predicates: the same powers as ``domain.access``, for ``user.has_perm``.

Registered as object permissions, so the Django admin and templates can ask
``user.has_perm("directory.change_organization", org)`` and get the answer the views use.
"""

import rules

from sanxin.directory.domain import access


@rules.predicate
def can_edit_organization(user, org):
    return org is not None and access.can_edit_organization(access.viewer_for(user), org)


@rules.predicate
def can_edit_offer(user, offer):
    return offer is not None and access.can_edit_offer(access.viewer_for(user), offer)


@rules.predicate
def can_manage_alliance(user, alliance):
    return alliance is not None and access.can_manage_alliance(access.viewer_for(user), alliance)


@rules.predicate
def can_create_organizations(user):
    return access.can_create_organizations(access.viewer_for(user))


rules.add_perm("directory.change_organization", can_edit_organization)
rules.add_perm("directory.delete_organization", can_edit_organization & can_create_organizations)
rules.add_perm("directory.add_organization", can_create_organizations)
rules.add_perm("directory.change_offer", can_edit_offer)
rules.add_perm("directory.delete_offer", can_edit_offer)
rules.add_perm("directory.manage_alliance", can_manage_alliance)
