"""Load the platform's chain templates from ``chains/data/templates.py``, idempotently.

The loader takes model classes so that the data migration can pass its historical models.
With ``overwrite`` (the default) a platform template already in the database gets the seed's
nodes back (names, stages, capabilities); without it, existing templates are left alone.
Alliances' own copies are never touched.
"""

from __future__ import annotations

from typing import Any

from sanxin.chains.data.templates import TEMPLATES


def load_templates(
    *, template_model: Any, node_model: Any, capability_model: Any, overwrite: bool = True
) -> int:
    """Create or update the platform templates (no alliance); return how many nodes were loaded."""
    codes = dict(capability_model.objects.values_list("code", "id"))
    count = 0
    for position, (slug, names, descriptions, project_types, stages) in enumerate(TEMPLATES):
        template, created = template_model.objects.get_or_create(
            slug=slug,
            alliance=None,
            defaults={
                "name_en": names[0],
                "name_zh": names[1],
                "name_vi": names[2],
                "description_en": descriptions[0],
                "description_zh": descriptions[1],
                "description_vi": descriptions[2],
                "project_types": list(project_types),
                "position": position,
            },
        )
        if not created and not overwrite:
            continue
        for stage_number, stage in enumerate(stages, start=1):
            for node_position, (key, node_names, capability_codes, node_types) in enumerate(stage):
                node, _created = node_model.objects.update_or_create(
                    template=template,
                    key=key,
                    defaults={
                        "stage": stage_number,
                        "position": node_position,
                        "name_en": node_names[0],
                        "name_zh": node_names[1],
                        "name_vi": node_names[2],
                        "project_types": list(node_types),
                    },
                )
                node.capabilities.set([codes[c] for c in capability_codes if c in codes])
                count += 1
    return count
