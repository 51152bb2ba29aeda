"""Credit types may ask for profile fields without requiring them; the physician statement asks for board reporting."""
from django.db import migrations, models


def ask_for_board_reporting(apps, schema_editor):
    """The physician credit type, when an operator has not set optional fields of their own."""
    from ce_plugin.credit_types import BOARD_REPORTING_FIELDS  # pylint: disable=import-outside-toplevel
    CreditType = apps.get_model("ce_plugin", "CreditType")
    for credit_type in CreditType.objects.filter(code="ama-pra-1"):
        if not credit_type.optional_profile_fields:
            credit_type.optional_profile_fields = BOARD_REPORTING_FIELDS
            credit_type.save(update_fields=["optional_profile_fields"])


class Migration(migrations.Migration):

    dependencies = [
        ("ce_plugin", "0010_printed_name_and_library"),
    ]

    operations = [
        migrations.AddField(
            model_name="credittype",
            name="optional_profile_fields",
            field=models.JSONField(
                blank=True, default=list, verbose_name="optional profile fields",
                help_text="Asked for, not required: e.g. consent to report to the learner's board, with the board ID."),
        ),
        migrations.RunPython(ask_for_board_reporting, migrations.RunPython.noop),
    ]
