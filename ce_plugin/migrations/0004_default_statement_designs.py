"""Give the default credit types their statement design (added in 0003); rows edited since keep theirs."""
from django.db import migrations


def set_designs(apps, schema_editor):
    from ce_plugin.credit_types import DEFAULT_CREDIT_TYPES  # pylint: disable=import-outside-toplevel
    CreditType = apps.get_model("ce_plugin", "CreditType")
    for row in DEFAULT_CREDIT_TYPES:
        CreditType.objects.filter(code=row["code"], statement_design="physician").update(
            statement_design=row["statement_design"])


class Migration(migrations.Migration):
    dependencies = [("ce_plugin", "0003_statement_designs_and_staff_records")]
    operations = [migrations.RunPython(set_designs, migrations.RunPython.noop)]
