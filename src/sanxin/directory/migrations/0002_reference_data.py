"""Load the capability taxonomy, the alliance fields and the provinces of China and Vietnam."""

from django.db import migrations


def load(apps, schema_editor):
    from sanxin.directory.domain.reference import load_fields, load_regions, load_taxonomy

    load_taxonomy(apps.get_model("directory", "Capability"))
    load_fields(apps.get_model("directory", "AllianceField"))
    load_regions(apps.get_model("directory", "Region"))


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
