"""What must last: statements of credit (immutable snapshots), the audit trail, and report files."""
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ce_plugin.statuses import AuditAction
from ce_plugin.storage import records_storage, report_upload_to, statement_upload_to, transcript_upload_to

from .catalog import CEActivity
from .claims import LearnerClaim


class Statement(models.Model):
    """
    A statement of credit, issued once from an immutable snapshot.

    ``snapshot`` holds everything the statement shows (learner name, activity, sessions,
    credits, accreditation and designation texts) as it was at issue. The PDF is rendered
    from it once and stored; ``pdf_sha256`` lets anyone check the stored file. A revoked
    statement keeps its row, with the date and reason; a reissue is a new row that ``replaces``
    it. ``current`` is true while the statement is valid and empty once it is revoked, so the
    database holds at most one valid statement per learner and activity. A statement issued by
    staff (``issued_by``, ``staff_reason``) may record a past meeting held before the plugin, with
    no claim or activity row: its snapshot says everything. The PDF lives in the plugin's private
    records storage (:mod:`ce_plugin.storage`) under a random name.
    Statements are retained on retirement: accreditors require them to be verifiable for 6 years.

    .. pii: user; snapshot holds the learner's name and the licence or board identifiers (other) printed
       on the statement.
    .. pii_types: id, name, other
    .. pii_retirement: retained
    """

    claim = models.ForeignKey(LearnerClaim, null=True, blank=True, related_name="statements",
                              on_delete=models.PROTECT)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, related_name="ce_statements", on_delete=models.PROTECT)
    activity = models.ForeignKey(CEActivity, null=True, blank=True, related_name="statements",
                                 on_delete=models.PROTECT)
    verification_code = models.CharField(_("verification code"), max_length=32, unique=True)
    snapshot = models.JSONField(_("snapshot"))
    pdf = models.FileField(_("PDF"), storage=records_storage, upload_to=statement_upload_to, max_length=200,
                           blank=True)
    pdf_sha256 = models.CharField(_("PDF SHA-256"), max_length=64, blank=True)
    issued_at = models.DateTimeField(_("issued at"))
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+",
                                  on_delete=models.PROTECT)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_reason = models.TextField(_("revocation reason"), blank=True)
    staff_reason = models.TextField(_("reason for staff issue"), blank=True)
    replaces = models.OneToOneField("self", null=True, blank=True, related_name="replaced_by",
                                    on_delete=models.PROTECT)
    current = models.BooleanField(_("valid"), null=True, default=True, editable=False)

    class Meta:
        indexes = [models.Index(fields=["user", "issued_at"], name="ce_statement_transcript")]
        # NULLs are distinct in a unique index (MySQL, SQLite, PostgreSQL): revoked rows (current NULL) may be many.
        constraints = [models.UniqueConstraint(fields=["user", "activity", "current"], name="ce_one_valid_statement")]
        verbose_name = _("statement of credit")
        verbose_name_plural = _("statements of credit")

    def __str__(self):
        return self.verification_code


class AuditEvent(models.Model):
    """
    One thing that happened to CE data, who did it and why. Append-only, and retained on
    retirement: the audit trail must survive for accreditation.

    .. pii: actor and subject link users; details may name the learner's choices.
    .. pii_types: id
    .. pii_retirement: retained
    """

    created = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    action = models.CharField(_("action"), max_length=40, choices=AuditAction.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+",
                              on_delete=models.PROTECT)
    subject = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+",
                                on_delete=models.PROTECT)
    activity = models.ForeignKey(CEActivity, null=True, blank=True, related_name="audit_events",
                                 on_delete=models.PROTECT)
    details = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        ordering = ["-created", "-id"]
        indexes = [models.Index(fields=["activity", "created"], name="ce_audit_activity")]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def __str__(self):
        return f"{self.created:%Y-%m-%d %H:%M} {self.action}"


class ReportJob(models.Model):
    """
    A report or export produced in the background (Celery), with its progress and its file.

    The file (roster, PARS or CPE Monitor export) lists learners' names, e-mails and licence data.
    It is kept until it expires: ``ce_plugin.services.report_files`` deletes it
    ``CE_REPORT_RETENTION_DAYS`` after it was built; the job row keeps only who asked for which
    report and when.

    .. pii: created_by; the stored file holds learners' names, e-mail addresses and licence identifiers (other).
    .. pii_types: id, name, email_address, other
    .. pii_retirement: retained
    """

    QUEUED, RUNNING, DONE, FAILED, EXPIRED = "queued", "running", "done", "failed", "expired"
    STATUSES = [(QUEUED, _("Queued")), (RUNNING, _("Running")), (DONE, _("Done")), (FAILED, _("Failed")),
                (EXPIRED, _("Expired: file deleted"))]

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    activity = models.ForeignKey(CEActivity, related_name="report_jobs", on_delete=models.CASCADE)
    kind = models.CharField(_("report"), max_length=40)
    status = models.CharField(_("status"), max_length=10, choices=STATUSES, default=QUEUED)
    done = models.PositiveIntegerField(_("rows done"), default=0)
    total = models.PositiveIntegerField(_("rows in all"), default=0)
    file = models.FileField(_("file"), storage=records_storage, upload_to=report_upload_to, max_length=200,
                            blank=True)
    error = models.TextField(_("error"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, related_name="+", on_delete=models.SET_NULL)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created"]
        verbose_name = _("report job")
        verbose_name_plural = _("report jobs")

    def __str__(self):
        return f"{self.kind} {self.status}"


class StatementJob(models.Model):
    """
    Statements issued, reissued or revoked in bulk by the CE office, in the background (Celery).

    The learners are fixed when the job starts (one :class:`StatementJobItem` each); workers take the
    items in chunks, each item in its own transaction, so a chunk delivered twice does nothing twice.
    Each statement issued or revoked is audited as it happens; the job is audited when it starts.

    .. pii: created_by links the staff member who started it.
    .. pii_types: id
    .. pii_retirement: retained
    """

    ISSUE, REISSUE, REVOKE = "issue", "reissue", "revoke"
    KINDS = [(ISSUE, _("Issue statements")), (REISSUE, _("Reissue statements")), (REVOKE, _("Revoke statements"))]

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    activity = models.ForeignKey(CEActivity, related_name="statement_jobs", on_delete=models.PROTECT)
    kind = models.CharField(_("kind"), max_length=10, choices=KINDS)
    reason = models.TextField(_("reason"))
    total = models.PositiveIntegerField(_("learners"), default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, related_name="+", on_delete=models.SET_NULL)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created"]
        verbose_name = _("statement job")
        verbose_name_plural = _("statement jobs")

    def __str__(self):
        return f"{self.kind} ({self.total})"


class StatementJobItem(models.Model):
    """
    One learner of a :class:`StatementJob`: pending, done (with the statement's code) or failed (with why).

    .. pii: user links the learner; message may name their claim's problem.
    .. pii_types: id
    .. pii_retirement: retained
    """

    PENDING, DONE, FAILED = "pending", "done", "failed"
    STATUSES = [(PENDING, _("Pending")), (DONE, _("Done")), (FAILED, _("Failed"))]

    job = models.ForeignKey(StatementJob, related_name="items", on_delete=models.CASCADE)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, related_name="+", on_delete=models.PROTECT)
    status = models.CharField(_("status"), max_length=10, choices=STATUSES, default=PENDING)
    verification_code = models.CharField(_("verification code"), max_length=20, blank=True)
    message = models.CharField(_("message"), max_length=500, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["job", "user"], name="ce_one_item_per_learner_and_job")]
        indexes = [models.Index(fields=["job", "status"], name="ce_job_item_status")]
        verbose_name = _("statement job item")
        verbose_name_plural = _("statement job items")

    def __str__(self):
        return f"{self.user_id} {self.status}"


class TranscriptFile(models.Model):
    """
    A learner's transcript PDF, built by a worker from their statements' snapshots and kept until one changes.

    ``fingerprint`` digests what the PDF shows (each statement and its revocation, the learner's name,
    the language); a transcript whose fingerprint no longer matches is rebuilt, never served.

    .. pii: user; the file prints the learner's name and their statements.
    .. pii_types: id, name
    .. pii_retirement: local_api
    """

    user = models.OneToOneField(settings.AUTH_USER_MODEL, primary_key=True, related_name="+",
                                on_delete=models.CASCADE)
    pdf = models.FileField(_("PDF"), storage=records_storage, upload_to=transcript_upload_to, max_length=200)
    fingerprint = models.CharField(_("fingerprint"), max_length=64)
    built_at = models.DateTimeField(_("built at"))

    class Meta:
        verbose_name = _("transcript file")
        verbose_name_plural = _("transcript files")

    def __str__(self):
        return f"{self.user_id} {self.built_at:%Y-%m-%d %H:%M}"
