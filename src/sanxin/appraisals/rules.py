"""django-rules predicates: the same powers as ``domain.access``, for ``user.has_perm``."""

import rules

from sanxin.appraisals.domain import access


@rules.predicate
def can_view_appraisal(user, appraisal):
    return (
        appraisal is not None
        and access.visible_appraisals(access.viewer_for(user)).filter(pk=appraisal.pk).exists()
    )


@rules.predicate
def can_appraise(user, project):
    return project is not None and access.can_appraise(access.viewer_for(user), project)


rules.add_perm("appraisals.view_appraisal", can_view_appraisal)
rules.add_perm("appraisals.add_appraisal", can_appraise)
