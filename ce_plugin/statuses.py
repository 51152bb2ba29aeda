"""
Lifecycles of CE records, as ``str`` enums (Django ``TextChoices``).

A learner's claim for an activity moves one way only::

    IN_PROGRESS ──finalize──▶ FINALIZED

``IN_PROGRESS``: created the first time the learner picks a statement type, verifies
attendance or claims a session; every choice may still change. ``FINALIZED``: the learner
confirmed the credit summary; the claim is frozen and a statement of credit is issued
from a snapshot. Staff corrections never reopen a finalized claim: they revoke the
statement and issue a new one, keeping both records.
"""
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ClaimStatus(models.TextChoices):
    """Where a learner's claim for one activity stands."""

    IN_PROGRESS = "in_progress", _("In progress")
    FINALIZED = "finalized", _("Finalized")


class ActivityType(models.TextChoices):
    """The kinds of CE activity a course can be (the portal's event types)."""

    LIVE_MEETING = "live_meeting", _("Live meeting")
    TELECONFERENCE = "teleconference", _("Teleconference")
    WEBINAR = "webinar", _("Webinar")
    ONLINE = "online", _("Online course")


class AttendanceMode(models.TextChoices):
    """How attendance is verified before a learner may claim."""

    NONE = "none", _("No verification")
    BADGE = "badge", _("Personal badge code")
    GROUP = "group", _("Shared group code")


class CheckInPresence(models.TextChoices):
    """
    The presence a learner must prove with session check-ins before claiming a session.

    A check-in made in the first half of a session (from the check-in screen's opening) counts as the
    start, one made in the second half (until the screen closes) as the end.
    """

    NONE = "none", _("No check-in needed")
    ONCE = "once", _("One check-in during the session")
    START_AND_END = "start_and_end", _("A check-in near the start and one near the end")


class CheckInPhase(models.TextChoices):
    """Which half of a session a check-in falls in."""

    START = "start", pgettext_lazy("part of a session", "Start")
    END = "end", pgettext_lazy("part of a session", "End")


class CodeKind(models.TextChoices):
    """An attendance code binds to one learner (badge) or is shared by a site (group)."""

    BADGE = "badge", _("Badge")
    GROUP = "group", _("Group")


class StatementDesign(models.TextChoices):
    """How a credit type's statement is laid out (what each accreditor requires it to show)."""

    PHYSICIAN = "physician", _("Physician CME (AMA PRA Category 1 Credit™)")
    PARTICIPATION = "participation", _("Certificate of participation")
    NURSING = "nursing", _("Nursing contact hours (ANCC)")
    PHARMACY = "pharmacy", _("Pharmacy (ACPE)")
    PACE = "pace", _("P.A.C.E.® contact hours")


class AuditAction(models.TextChoices):
    """What an audit event records. Audit events are append-only."""

    SESSION_REGISTERED = "session_registered", _("Session registered")
    SESSION_UPDATED = "session_updated", _("Session updated")
    STATEMENT_TYPE_SELECTED = "statement_type_selected", _("Statement type selected")
    PRINTED_NAME_SET = "printed_name_set", _("Name for the statement set")
    ATTENDANCE_VERIFIED = "attendance_verified", _("Attendance verified")
    CHECKED_IN = "checked_in", _("Checked in to a session")
    DISCLOSURES_ACKNOWLEDGED = "disclosures_acknowledged", _("Disclosures acknowledged")
    CREDITS_CLAIMED = "credits_claimed", _("Credits claimed")
    CREDITS_REMOVED = "credits_removed", _("Credits removed")
    EVALUATION_SUBMITTED = "evaluation_submitted", _("Evaluation submitted")
    CLAIM_FINALIZED = "claim_finalized", _("Claim finalized")
    STATEMENT_ISSUED = "statement_issued", _("Statement issued")
    STATEMENT_REVOKED = "statement_revoked", _("Statement revoked")
    CERTIFICATE_REQUESTED = "certificate_requested", _("Course certificate requested")
    CODES_IMPORTED = "codes_imported", _("Attendance codes imported")
    CODES_GENERATED = "codes_generated", _("Group codes generated")
    CODE_REBOUND = "code_rebound", _("Badge code rebound by staff")
    ACTIVITY_SAVED = "activity_saved", _("Activity settings saved")
    REPORT_REQUESTED = "report_requested", _("Report requested")
    STATEMENT_JOB_STARTED = "statement_job_started", _("Statements issued, reissued or revoked in bulk")
    EXTERNAL_CREDIT_ADDED = "external_credit_added", _("External credit reported by the learner")
    EXTERNAL_CREDIT_CHANGED = "external_credit_changed", _("External credit changed by the learner")
    EXTERNAL_CREDIT_DELETED = "external_credit_deleted", _("External credit deleted by the learner")
    USER_RETIRED = "user_retired", _("Learner data retired")
