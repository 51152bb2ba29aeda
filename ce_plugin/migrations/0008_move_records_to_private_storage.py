"""
Move statement PDFs and report files out of the default (media) storage into the private records storage,
under random names (ADR 0014). A file that is missing is left out (the statement re-renders it on the next
download from its snapshot; an expired report has none). Moved files are deleted from the old storage.
"""
import logging

from django.core.files.storage import default_storage
from django.db import migrations

from ce_plugin.storage import private_name, records_storage

log = logging.getLogger(__name__)


def _move(rows, field, prefix, model):
    target = records_storage()
    for row in rows:
        old = getattr(row, field).name
        if not old or not default_storage.exists(old):
            continue
        extension = old.rsplit(".", 1)[-1] if "." in old else "dat"
        with default_storage.open(old, "rb") as source:
            new = target.save(private_name(prefix, extension), source)
        model.objects.filter(pk=row.pk).update(**{field: new})
        default_storage.delete(old)
        log.info("Moved a CE record file to the private records storage")


def move(apps, schema_editor):
    Statement = apps.get_model("ce_plugin", "Statement")
    ReportJob = apps.get_model("ce_plugin", "ReportJob")
    _move(Statement.objects.exclude(pdf=""), "pdf", "ce_statements", Statement)
    _move(ReportJob.objects.exclude(file=""), "file", "ce_reports", ReportJob)


class Migration(migrations.Migration):
    dependencies = [("ce_plugin", "0007_records_integrity")]
    operations = [migrations.RunPython(move, migrations.RunPython.noop)]
