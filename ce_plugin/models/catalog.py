"""What a CE provider offers: credit types, activities (courses), statement types, sessions (units)."""
from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from opaque_keys.edx.django.models import CourseKeyField, UsageKeyField

from ce_plugin.statuses import ActivityType, AttendanceMode, CheckInPresence, StatementDesign

from .base import TimeStampedModel


class CreditType(TimeStampedModel):
    """
    A kind of credit with its own arithmetic, e.g. AMA PRA Category 1 Credit™ or P.A.C.E.® contact hours.

    ``designation_template`` is a ``str.format`` template; the statement fills ``{provider}``,
    ``{activity_kind}`` and ``{max_credits}``. ``required_profile_fields`` lists the learner
    profile fields (codes from :data:`ce_plugin.profile_fields.PROFILE_FIELDS`) a claim for this type
    needs; ``optional_profile_fields`` those it asks for without requiring them (board reporting).

    .. no_pii:
    """

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    unit_label = models.CharField(
        _("unit label"), max_length=60, default="credits",
        help_text=_("How amounts are named on statements, e.g. 'credits' or 'contact hours'."))
    minutes_per_credit = models.PositiveSmallIntegerField(_("minutes per credit"), default=60,
                                                         validators=[MinValueValidator(1)])
    increment = models.DecimalField(_("increment"), max_digits=4, decimal_places=2, default=Decimal("0.25"),
                                    validators=[MinValueValidator(Decimal("0.01"))])
    daily_cap = models.DecimalField(_("daily cap"), max_digits=6, decimal_places=2, null=True, blank=True,
                                    help_text=_("Most credit a learner may claim per calendar day; empty for none."))
    designation_template = models.TextField(_("designation statement template"), blank=True)
    statement_design = models.CharField(
        _("statement design"), max_length=20, choices=StatementDesign.choices, default=StatementDesign.PHYSICIAN,
        help_text=_("Layout of the statement: template ce_plugin/statements/<design>.html, which a theme may "
                    "override."))
    required_profile_fields = models.JSONField(_("required profile fields"), default=list, blank=True)
    optional_profile_fields = models.JSONField(
        _("optional profile fields"), default=list, blank=True,
        help_text=_("Asked for, not required: e.g. consent to report to the learner's board, with the board ID."))

    class Meta:
        ordering = ["name"]
        verbose_name = _("credit type")
        verbose_name_plural = _("credit types")

    def __str__(self):
        return self.name


class CEActivity(TimeStampedModel):
    """
    The CE side of one course run: a live meeting, teleconference, webinar or online course.

    ``credit_caps`` maps credit-type codes to the most credit a learner may claim for the
    whole activity (decimal strings). Claims are accepted between ``claim_opens_at`` and
    ``claim_closes_at``; an empty bound is open.

    A ``past_meeting`` has no course behind its key (ADR 0020): a meeting held before the
    platform, whose sessions the CE office enters and whose statements it issues. Learners never
    claim it; its statements appear on their transcripts like any other.

    .. no_pii:
    """

    course_key = CourseKeyField(_("course"), max_length=255, unique=True)
    activity_type = models.CharField(_("activity type"), max_length=20, choices=ActivityType.choices,
                                     default=ActivityType.LIVE_MEETING)
    title = models.CharField(_("title"), max_length=255)
    provider_name = models.CharField(_("accredited provider"), max_length=255, blank=True)
    provider_address = models.TextField(_("provider address"), blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    location = models.CharField(_("location"), max_length=255, blank=True)
    time_zone = models.CharField(_("time zone"), max_length=64, default="UTC",
                                 help_text=_("IANA name, e.g. America/New_York; days for daily caps follow it."))
    accreditation_statement = models.TextField(_("accreditation statement"), blank=True)
    claim_opens_at = models.DateTimeField(_("claims open"), null=True, blank=True)
    claim_closes_at = models.DateTimeField(_("claims close"), null=True, blank=True)
    attendance_mode = models.CharField(_("attendance verification"), max_length=10, choices=AttendanceMode.choices,
                                       default=AttendanceMode.NONE)
    check_in_presence = models.CharField(
        _("session check-in before claiming"), max_length=20, choices=CheckInPresence.choices,
        default=CheckInPresence.NONE,
        help_text=_("Whether claiming a session needs check-ins with the code shown on the session's check-in "
                    "screen, and how many."))
    credit_caps = models.JSONField(_("caps per credit type"), default=dict, blank=True)
    support_email = models.EmailField(_("support e-mail"), blank=True)
    accme_activity_id = models.CharField(_("ACCME PARS activity ID"), max_length=40, blank=True)
    acpe_uan = models.CharField(_("ACPE universal activity number (UAN)"), max_length=40, blank=True)
    gate_certificate = models.BooleanField(_("hold the course certificate until the claim is finalized"),
                                           default=True)
    evaluations_identified = models.BooleanField(
        _("show evaluators' names to instructors"), default=False,
        help_text=_("Evaluation results are anonymous to instructors unless this is set."))
    published = models.BooleanField(_("published"), default=False)
    past_meeting = models.BooleanField(
        _("past meeting without a course"), default=False,
        help_text=_("A meeting held without an Open edX course: its key names no course, the CE office enters its "
                    "sessions and issues its statements. It is never listed in the library."))
    # When a session of the activity last changed (registered, updated, retired): figures computed
    # from the sessions (the designated maximum) are cached against it.
    sessions_changed_at = models.DateTimeField(_("sessions last changed"), null=True, blank=True, editable=False)

    class Meta:
        indexes = [models.Index(fields=["published", "start_date"], name="ce_activity_library")]
        verbose_name = _("CE activity")
        verbose_name_plural = _("CE activities")

    def __str__(self):
        return f"{self.title} ({self.course_key})"


class DisclosurePage(TimeStampedModel):
    """
    One page of the activity's disclosures (faculty and planner financial relationships, etc.).

    Learners read every page, in ``position`` order, before they may claim. ``body`` is Markdown.

    .. no_pii:
    """

    activity = models.ForeignKey(CEActivity, related_name="disclosure_pages", on_delete=models.CASCADE)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=255)
    body = models.TextField(_("body (Markdown)"))

    class Meta:
        ordering = ["activity", "position", "id"]
        verbose_name = _("disclosure page")
        verbose_name_plural = _("disclosure pages")

    def __str__(self):
        return self.title


class StatementType(TimeStampedModel):
    """
    A statement of credit an activity offers, e.g. "AMA PRA Category 1 Credit™ (physicians)".

    .. no_pii:
    """

    activity = models.ForeignKey(CEActivity, related_name="statement_types", on_delete=models.CASCADE)
    credit_type = models.ForeignKey(CreditType, related_name="statement_types", on_delete=models.PROTECT)
    name = models.CharField(_("name"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    active = models.BooleanField(_("offered"), default=True)

    class Meta:
        ordering = ["activity", "position", "id"]
        verbose_name = _("statement type")
        verbose_name_plural = _("statement types")

    def __str__(self):
        return self.name


class CESession(TimeStampedModel):
    """
    One session of an activity: the unit holding a CE Session block.

    Rows are written from the block (``api.register_session``), never hand-made.
    ``max_credits`` maps credit-type codes to the session maximum (decimal strings);
    a credit type missing there gets the maximum its arithmetic gives for the duration.
    ``evaluation`` is the question list defined on the block. A session whose block
    was removed is ``retired_at``, never deleted, so claims on it stay intact.

    .. no_pii:
    """

    activity = models.ForeignKey(CEActivity, related_name="sessions", on_delete=models.PROTECT)
    usage_key = UsageKeyField(_("block"), max_length=255, unique=True)
    title = models.CharField(_("title"), max_length=255)
    track = models.CharField(_("track"), max_length=120, blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    speakers = models.JSONField(_("speakers"), default=list, blank=True)
    learning_objectives = models.JSONField(_("learning objectives"), default=list, blank=True)
    max_credits = models.JSONField(_("maximum credits per credit type"), default=dict, blank=True)
    evaluation = models.JSONField(_("evaluation questions"), default=list, blank=True)
    evaluation_required = models.BooleanField(_("evaluation required before claiming"), default=True)
    retired_at = models.DateTimeField(_("retired at"), null=True, blank=True)

    class Meta:
        ordering = ["activity", "starts_at", "track", "id"]
        indexes = [models.Index(fields=["activity", "retired_at", "starts_at"], name="ce_session_listing")]
        verbose_name = _("CE session")
        verbose_name_plural = _("CE sessions")

    def __str__(self):
        return self.title
