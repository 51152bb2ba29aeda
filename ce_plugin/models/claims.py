"""What learners do: attendance codes, claims per activity and per session, evaluations."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ce_plugin.statuses import CheckInPhase, ClaimStatus, CodeKind

from .base import TimeStampedModel
from .catalog import CEActivity, CESession, StatementType


class AttendanceCode(TimeStampedModel):
    """
    A code that proves attendance: a personal badge code or a site's shared group code.

    A badge code binds to the first account that uses it (``bound_user``) and is refused
    to any other. ``holder_email``/``holder_name`` come from the registration import.
    On retirement ``ce_plugin.api.retire_user`` blanks the holder fields of the learner's bound codes.

    .. pii: holder_email and holder_name identify the registrant; bound_user links an account.
    .. pii_types: email_address, name
    .. pii_retirement: local_api
    """

    activity = models.ForeignKey(CEActivity, related_name="attendance_codes", on_delete=models.CASCADE)
    code = models.CharField(_("code"), max_length=64)
    kind = models.CharField(_("kind"), max_length=10, choices=CodeKind.choices, default=CodeKind.BADGE)
    holder_email = models.EmailField(_("registrant e-mail"), blank=True)
    holder_name = models.CharField(_("registrant name"), max_length=255, blank=True)
    bound_user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+",
                                   on_delete=models.SET_NULL)
    bound_at = models.DateTimeField(_("bound at"), null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["activity", "code"], name="ce_code_unique_per_activity"),
            # One personal badge code per learner per activity (unbound codes have a NULL bound_user).
            models.UniqueConstraint(fields=["activity", "bound_user"], name="ce_one_badge_per_learner"),
        ]
        verbose_name = _("attendance code")
        verbose_name_plural = _("attendance codes")

    def __str__(self):
        return self.code


class LearnerClaim(TimeStampedModel):
    """
    One learner's claim for one activity: their statement choice, attendance, acknowledgements and status.

    ``profile`` holds what the chosen credit type requires (licence number and state,
    NABP e-Profile ID, birth month/day, board ID, consent to report). ``window_closes_at``
    is a per-learner extension of the claim window granted by staff. On retirement
    ``ce_plugin.api.retire_user`` empties ``profile``; the claim and its credits stay, since
    accreditors require records for 6 years.

    .. pii: user; printed_name and printed_credentials as the learner wants them printed; profile holds
       licence and board identifiers (other) and the birth month and day.
    .. pii_types: id, name, birth_date, other
    .. pii_retirement: local_api
    """

    activity = models.ForeignKey(CEActivity, related_name="claims", on_delete=models.PROTECT)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, related_name="ce_claims", on_delete=models.PROTECT)
    statement_type = models.ForeignKey(StatementType, null=True, blank=True, related_name="claims",
                                       on_delete=models.PROTECT)
    profile = models.JSONField(_("profile for the statement"), default=dict, blank=True)
    printed_name = models.CharField(_("name printed on the statement"), max_length=200, blank=True,
                                    help_text=_("Empty: the name in the learner's account profile."))
    printed_credentials = models.CharField(_("credentials printed after the name"), max_length=80, blank=True)
    attendance_code = models.ForeignKey(AttendanceCode, null=True, blank=True, related_name="claims",
                                        on_delete=models.PROTECT)
    attendance_verified_at = models.DateTimeField(_("attendance verified at"), null=True, blank=True)
    disclosures_acknowledged_at = models.DateTimeField(_("disclosures acknowledged at"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=ClaimStatus.choices,
                              default=ClaimStatus.IN_PROGRESS)
    finalized_at = models.DateTimeField(_("finalized at"), null=True, blank=True)
    window_closes_at = models.DateTimeField(_("claim window extended until"), null=True, blank=True)
    attendance_failures = models.PositiveIntegerField(_("refused attendance codes"), default=0, editable=False)
    attendance_failures_since = models.DateTimeField(_("refused codes counted since"), null=True, blank=True,
                                                     editable=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["activity", "user"], name="ce_one_claim_per_learner")]
        indexes = [models.Index(fields=["activity", "status"], name="ce_claim_status")]
        verbose_name = _("learner claim")
        verbose_name_plural = _("learner claims")

    def __str__(self):
        return f"{self.user_id} @ {self.activity_id} ({self.status})"

    @classmethod
    def from_db(cls, db, field_names, values):
        claim = super().from_db(db, field_names, values)
        claim._loaded_status = claim.__dict__.get("status")  # pylint: disable=protected-access
        return claim

    def save(self, *args, **kwargs):
        """
        Refuse to reopen a finalized claim, whatever edits it (an admin form, a script).

        Finalizing is irreversible (DESIGN 3): a correction goes through a staff reissue, which
        revokes the statement and issues a new one, both kept.
        """
        if getattr(self, "_loaded_status", None) == ClaimStatus.FINALIZED and self.status != ClaimStatus.FINALIZED:
            from ce_plugin.exceptions import ClaimFinalizedError  # pylint: disable=import-outside-toplevel
            raise ClaimFinalizedError()
        super().save(*args, **kwargs)
        self._loaded_status = self.status


class SessionClaim(TimeStampedModel):
    """
    Credits a learner requests for one session, in the unit of the claim's credit type.

    .. no_pii:
    """

    claim = models.ForeignKey(LearnerClaim, related_name="session_claims", on_delete=models.PROTECT)
    session = models.ForeignKey(CESession, related_name="session_claims", on_delete=models.PROTECT)
    credits = models.DecimalField(_("credits"), max_digits=6, decimal_places=2)
    suggested_credits = models.DecimalField(_("credits suggested"), max_digits=6, decimal_places=2, null=True,
                                            blank=True, help_text=_("What the evidence suggested when claimed."))
    suggestion_reason = models.CharField(_("why suggested"), max_length=255, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["claim", "session"], name="ce_one_credit_line_per_session")]
        verbose_name = _("session claim")
        verbose_name_plural = _("session claims")

    def __str__(self):
        return f"{self.session_id}: {self.credits}"


class EvaluationResponse(TimeStampedModel):
    """
    A learner's answers to a session's evaluation, submitted once.

    ``answers`` maps question ids to the answer (number, choice id, list of choice ids,
    ``yes``/``no`` or free text); ``questions`` keeps the questions as they were asked.
    On retirement ``ce_plugin.api.retire_user`` unlinks the user and blanks free-text answers;
    scored answers stay for outcome reports.

    .. pii: user; free-text answers may hold whatever the learner wrote.
    .. pii_types: id, other
    .. pii_retirement: local_api
    """

    session = models.ForeignKey(CESession, related_name="evaluations", on_delete=models.PROTECT)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, related_name="ce_evaluations",
                             on_delete=models.SET_NULL)
    questions = models.JSONField(_("questions as asked"), default=list)
    answers = models.JSONField(_("answers"), default=dict)
    submitted_at = models.DateTimeField(_("submitted at"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "user"], name="ce_one_evaluation_per_learner")]
        verbose_name = _("evaluation response")
        verbose_name_plural = _("evaluation responses")

    def __str__(self):
        return f"{self.session_id} / {self.user_id}"


class SessionCheckIn(TimeStampedModel):
    """
    A learner's check-in to a session with the code shown on its check-in screen: one per half of the session.

    ``slot`` is the rotation of the code that was entered (the code itself is derived, never stored).
    Attendance records are kept like claims; on retirement the check-ins stay with the account id.

    .. pii: user links an account to the sessions attended.
    .. pii_types: id
    .. pii_retirement: retained
    """

    session = models.ForeignKey(CESession, related_name="check_ins", on_delete=models.PROTECT)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, related_name="ce_check_ins", on_delete=models.PROTECT)
    phase = models.CharField(_("part of the session"), max_length=10, choices=CheckInPhase.choices)
    checked_in_at = models.DateTimeField(_("checked in at"))
    slot = models.BigIntegerField(_("code rotation"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "user", "phase"], name="ce_one_check_in_per_phase")]
        indexes = [models.Index(fields=["user", "session"], name="ce_check_in_user")]
        verbose_name = _("session check-in")
        verbose_name_plural = _("session check-ins")

    def __str__(self):
        return f"{self.session_id} / {self.user_id} ({self.phase})"
