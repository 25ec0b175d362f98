"""django-rules predicates: the same powers as ``domain.access``, for ``user.has_perm``."""

import rules

from sanxin.projects.domain import access


@rules.predicate
def can_view_project(user, project):
    return project is not None and access.can_view_project(access.viewer_for(user), project)


@rules.predicate
def can_edit_project(user, project):
    return project is not None and access.can_edit_project(access.viewer_for(user), project)


@rules.predicate
def can_contribute(user, project):
    return project is not None and access.can_contribute(access.viewer_for(user), project)


@rules.predicate
def can_answer_invitation(user, role):
    return role is not None and access.can_answer_invitation(access.viewer_for(user), role)


@rules.predicate
def can_open_document(user, document):
    return document is not None and access.can_open_document(access.viewer_for(user), document)


@rules.predicate
def can_delete_document(user, document):
    return document is not None and access.can_delete_document(access.viewer_for(user), document)


rules.add_perm("projects.view_project", can_view_project)
rules.add_perm("projects.change_project", can_edit_project)
rules.add_perm("projects.delete_project", can_edit_project)
rules.add_perm("projects.contribute_to_project", can_contribute)
rules.add_perm("projects.answer_consortiumrole", can_answer_invitation)
rules.add_perm("projects.view_document", can_open_document)
rules.add_perm("projects.delete_document", can_delete_document)
