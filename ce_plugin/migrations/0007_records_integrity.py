"""
Records integrity (ADR 0014): at most one valid statement per learner and activity, one personal badge code
per learner and activity, refused attendance codes counted on the claim, statements and reports in the
private records storage.

Rows that break the new constraints are put right before the constraints are added: revoked statements
lose their ``current`` flag; where a learner held several valid statements for one activity, the latest
stays valid and the others are revoked with a reason; where a learner held several badge codes of one
activity, the one their claim names (else the first bound) stays theirs and the others are released. Each
change is written to the audit trail.
"""
import ce_plugin.storage
from django.conf import settings
from django.db import migrations, models
from django.db.models import Count
from django.utils import timezone

REVOKE_REASON = "More than one valid statement for one claim: superseded by the latest one when records were checked."


def one_valid_statement(apps, schema_editor):
    Statement = apps.get_model("ce_plugin", "Statement")
    AuditEvent = apps.get_model("ce_plugin", "AuditEvent")
    Statement.objects.filter(revoked_at__isnull=False).update(current=None)
    doubled = (Statement.objects.filter(current=True, activity__isnull=False).values("user_id", "activity_id")
               .annotate(n=Count("id")).filter(n__gt=1))
    now = timezone.now()
    for row in doubled:
        rows = list(Statement.objects.filter(user_id=row["user_id"], activity_id=row["activity_id"], current=True)
                    .order_by("-issued_at", "-id"))
        for older in rows[1:]:
            Statement.objects.filter(id=older.id).update(current=None, revoked_at=now, revoked_reason=REVOKE_REASON)
            AuditEvent.objects.create(action="statement_revoked", subject_id=row["user_id"],
                                      activity_id=row["activity_id"], details={
                                          "verification_code": older.verification_code, "reason": REVOKE_REASON})


def one_badge_per_learner(apps, schema_editor):
    AttendanceCode = apps.get_model("ce_plugin", "AttendanceCode")
    LearnerClaim = apps.get_model("ce_plugin", "LearnerClaim")
    AuditEvent = apps.get_model("ce_plugin", "AuditEvent")
    doubled = (AttendanceCode.objects.filter(bound_user__isnull=False).values("activity_id", "bound_user_id")
               .annotate(n=Count("id")).filter(n__gt=1))
    for row in doubled:
        codes = list(AttendanceCode.objects.filter(activity_id=row["activity_id"], bound_user_id=row["bound_user_id"])
                     .order_by("bound_at", "id"))
        named = LearnerClaim.objects.filter(activity_id=row["activity_id"], user_id=row["bound_user_id"]).values_list(
            "attendance_code_id", flat=True).first()
        keep = next((code for code in codes if code.id == named), codes[0])
        for code in codes:
            if code.id != keep.id:
                AttendanceCode.objects.filter(id=code.id).update(bound_user=None, bound_at=None)
                AuditEvent.objects.create(action="code_rebound", subject_id=row["bound_user_id"],
                                          activity_id=row["activity_id"], details={
                                              "code": code.code, "to": None,
                                              "reason": "A learner holds one badge code per activity."})


class Migration(migrations.Migration):

    dependencies = [
        ('ce_plugin', '0006_report_expiry'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='learnerclaim',
            name='attendance_failures',
            field=models.PositiveIntegerField(default=0, editable=False, verbose_name='refused attendance codes'),
        ),
        migrations.AddField(
            model_name='learnerclaim',
            name='attendance_failures_since',
            field=models.DateTimeField(blank=True, editable=False, null=True, verbose_name='refused codes counted since'),
        ),
        migrations.AddField(
            model_name='statement',
            name='current',
            field=models.BooleanField(default=True, editable=False, null=True, verbose_name='valid'),
        ),
        migrations.AlterField(
            model_name='auditevent',
            name='action',
            field=models.CharField(choices=[('session_registered', 'Session registered'), ('session_updated', 'Session updated'), ('statement_type_selected', 'Statement type selected'), ('attendance_verified', 'Attendance verified'), ('disclosures_acknowledged', 'Disclosures acknowledged'), ('credits_claimed', 'Credits claimed'), ('credits_removed', 'Credits removed'), ('evaluation_submitted', 'Evaluation submitted'), ('claim_finalized', 'Claim finalized'), ('statement_issued', 'Statement issued'), ('statement_revoked', 'Statement revoked'), ('certificate_requested', 'Course certificate requested'), ('codes_imported', 'Attendance codes imported'), ('codes_generated', 'Group codes generated'), ('code_rebound', 'Badge code rebound by staff'), ('activity_saved', 'Activity settings saved'), ('report_requested', 'Report requested'), ('user_retired', 'Learner data retired')], max_length=40, verbose_name='action'),
        ),
        migrations.AlterField(
            model_name='reportjob',
            name='file',
            field=models.FileField(blank=True, max_length=200, storage=ce_plugin.storage.records_storage, upload_to=ce_plugin.storage.report_upload_to, verbose_name='file'),
        ),
        migrations.AlterField(
            model_name='statement',
            name='pdf',
            field=models.FileField(blank=True, max_length=200, storage=ce_plugin.storage.records_storage, upload_to=ce_plugin.storage.statement_upload_to, verbose_name='PDF'),
        ),
        migrations.RunPython(one_valid_statement, migrations.RunPython.noop),
        migrations.RunPython(one_badge_per_learner, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='attendancecode',
            constraint=models.UniqueConstraint(fields=('activity', 'bound_user'), name='ce_one_badge_per_learner'),
        ),
        migrations.AddConstraint(
            model_name='statement',
            constraint=models.UniqueConstraint(fields=('user', 'activity', 'current'), name='ce_one_valid_statement'),
        ),
    ]
