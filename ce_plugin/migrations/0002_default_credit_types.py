"""Load the default credit types (AMA PRA Category 1, participation, ANCC, ACPE, P.A.C.E.); existing codes are kept."""
from django.db import migrations


def load(apps, schema_editor):
    from ce_plugin.credit_types import DEFAULT_CREDIT_TYPES  # pylint: disable=import-outside-toplevel
    CreditType = apps.get_model("ce_plugin", "CreditType")
    known = {field.name for field in CreditType._meta.get_fields()}  # the fields as of this migration
    for row in DEFAULT_CREDIT_TYPES:
        fields = {name: value for name, value in row.items() if name in known}
        CreditType.objects.get_or_create(code=fields.pop("code"), defaults=fields)


class Migration(migrations.Migration):
    dependencies = [("ce_plugin", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
