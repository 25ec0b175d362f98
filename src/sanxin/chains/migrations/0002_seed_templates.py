"""Load the platform's industry chain templates (battery+, wind, PV, hydro, hydrogen, grid)."""

from django.db import migrations


def load(apps, schema_editor):
    from sanxin.chains.domain.seed import load_templates

    load_templates(
        template_model=apps.get_model("chains", "ChainTemplate"),
        node_model=apps.get_model("chains", "ChainNode"),
        capability_model=apps.get_model("directory", "Capability"),
    )


class Migration(migrations.Migration):
    dependencies = [("chains", "0001_initial"), ("directory", "0002_reference_data")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
