"""``{% source_credits projects as credits %}``: the data sets of the projects shown.

Reads ``source`` and ``source_dataset`` of rows already loaded (no query), so a list, the
board or an export credits exactly the open data sets it shows.
"""

from django import template

from sanxin.projects.data.sources import credit_for, credits_for

register = template.Library()


@register.simple_tag
def source_credits(projects):
    return credits_for((p.source, p.source_dataset) for p in projects or ())


@register.simple_tag
def source_credit(project):
    return credit_for(project.source, project.source_dataset)
