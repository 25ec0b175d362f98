"""The appraisal panel of the project page (``{% include "appraisals/project_panel.html" %}``)."""

from django import template

from sanxin.appraisals.domain.access import can_appraise, can_see_appraisals, viewer_for
from sanxin.appraisals.domain.defaults import technologies_for
from sanxin.appraisals.domain.queries import latest_appraisal
from sanxin.appraisals.interfaces.present import HEADLINE, figures

register = template.Library()


@register.inclusion_tag("appraisals/_panel.html", takes_context=True)
def appraisal_panel(context):
    """The latest appraisal's key figures and the links, for the project in the context."""
    project = context["project"]
    request = context.get("request")
    v = viewer_for(getattr(request, "user", None))
    if not can_see_appraisals(v, project, project_visible=True):
        return {"project": project, "hidden": True}
    latest = latest_appraisal(project, light=True)
    team = context.get("can_contribute")
    return {
        "project": project,
        "hidden": False,
        "latest": latest,
        "figures": figures(latest, HEADLINE) if latest else [],
        "can_appraise": can_appraise(v, project) if team is None else team,
        "appraisable": bool(technologies_for(project)),
    }
