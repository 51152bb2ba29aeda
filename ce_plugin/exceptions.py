"""
Domain errors raised by :mod:`ce_plugin.api`.

Every error has a stable ``code`` (for JSON handlers and tests) and a translated
``message`` fit to show a learner. An error raised by an ``api`` function means the
database was left exactly as it was.
"""
from django.utils.translation import gettext_lazy as _


class CEError(Exception):
    """Base of every CE domain error."""

    code = "ce_error"
    default_message = _("The request could not be completed.")

    def __init__(self, message=None, **params):
        self.params = params
        self.message = message if message is not None else self.default_message
        super().__init__(str(self.message))

    def field_errors(self) -> dict:
        """What is wrong per field or row (``params['errors']``), as text; empty when the error names none."""
        return {key: str(value) for key, value in (self.params.get("errors") or {}).items()}


class SignInRequired(CEError):
    """The request needs a signed-in account."""

    code = "sign_in_required"
    default_message = _("Sign in first.")


class InvalidKeyError(CEError):
    """A course or usage key that cannot be parsed."""

    code = "invalid_key"
    default_message = _("This is not a valid course or unit identifier.")


class InvalidInputError(CEError):
    """Input that does not fit its field; ``params['errors']`` maps fields to messages."""

    code = "invalid_input"
    default_message = _("Some of the values are not valid.")


class AttendanceCodeInvalid(InvalidInputError):
    """
    The code was refused: no code of this activity matches, or a badge code is bound to another account.

    Both cases get the same message, so the answer never tells whether a code exists.
    """

    code = "attendance_code_invalid"

    def __init__(self, message=None, **params):
        from django.utils.translation import gettext  # pylint: disable=import-outside-toplevel
        contact = params.get("contact") or gettext("the activity's CE office")
        message = message or gettext(
            "This code was not accepted. Check it against your badge or your confirmation e-mail. If it is "
            "your code and it is still refused, write to {contact}.").format(contact=contact)
        super().__init__(message, errors={"code": "refused"}, **params)


class AttendanceAlreadyVerified(InvalidInputError):
    """The learner's attendance is already verified with another personal badge code of this activity."""

    code = "attendance_already_verified"

    def __init__(self, message=None, **params):
        from django.utils.translation import gettext  # pylint: disable=import-outside-toplevel
        contact = params.get("contact") or gettext("the activity's CE office")
        message = message or gettext(
            "Your attendance is already verified with your badge code. To change it, write to {contact}."
        ).format(contact=contact)
        super().__init__(message, errors={"code": "already_verified"}, **params)


class StatementAlreadyIssued(CEError):
    """The learner already holds a valid statement for the activity; a correction is a staff reissue."""

    code = "statement_already_issued"
    default_message = _("A statement of credit has already been issued for this activity. To correct it, write "
                        "to the activity's CE office.")


class AttendanceThrottled(CEError):
    """Too many wrong attendance codes in a short time."""

    code = "attendance_throttled"

    def __init__(self, message=None, **params):
        from django.utils.translation import gettext  # pylint: disable=import-outside-toplevel
        message = message or gettext(
            "Too many wrong codes. Please wait {minutes} minutes before trying again.").format(**params)
        super().__init__(message, **params)


class CheckInCodeInvalid(InvalidInputError):
    """
    The check-in code matches no session of the activity whose check-in is open now.

    An expired code, a code of another session or activity and a mistyped code get one message.
    """

    code = "check_in_code_invalid"
    default_message = _("This check-in code is not valid now. Enter the code shown on the session's screen; "
                        "it changes every few minutes.")


class CheckInThrottled(AttendanceThrottled):
    """Too many wrong check-in codes in a short time."""

    code = "check_in_throttled"


class NotFoundError(CEError):
    """Base of the "no such thing" errors."""

    code = "not_found"
    default_message = _("Not found.")


class ActivityNotFound(NotFoundError):
    code = "activity_not_found"
    default_message = _("This course offers no continuing-education credit.")


class SessionNotFound(NotFoundError):
    code = "session_not_found"
    default_message = _("This unit is not a CE session.")


class ClaimNotFound(NotFoundError):
    """The learner has no claim for this activity."""

    code = "claim_not_found"
    default_message = _("This learner has no claim for this activity.")


class StatementTypeNotFound(NotFoundError):
    code = "statement_type_not_found"
    default_message = _("This statement of credit is not offered for this activity.")


class ExternalCreditNotFound(NotFoundError):
    """No entry of self-reported credit with this id belongs to the learner (whether another's exists is not said)."""

    code = "external_credit_not_found"
    default_message = _("This entry of credit earned elsewhere was not found.")


class NotEnrolledError(CEError):
    """The learner is not enrolled in the activity's course."""

    code = "not_enrolled"
    default_message = _("You must be enrolled in this course to claim credit.")


class ClaimFinalizedError(CEError):
    """The claim was finalized; nothing in it may change any more."""

    code = "claim_finalized"
    default_message = _("Your claim has been finalized and can no longer be changed.")


class PrerequisiteMissing(CEError):
    """A step that must come before claiming is not done."""

    code = "prerequisite_missing"


class StatementTypeRequired(PrerequisiteMissing):
    code = "statement_type_required"
    default_message = _("Select your statement of credit first.")


class AttendanceRequired(PrerequisiteMissing):
    code = "attendance_required"
    default_message = _("Verify your attendance with your badge or group code first.")


class CheckInRequired(PrerequisiteMissing):
    """Claiming the session needs the check-ins the activity asks for; ``params['errors']`` names the sessions."""

    code = "check_in_required"
    default_message = _("Check in to this session with the code shown in the room before claiming it.")


class DisclosuresRequired(PrerequisiteMissing):
    code = "disclosures_required"
    default_message = _("Read and acknowledge the disclosures first.")


class EvaluationRequired(PrerequisiteMissing):
    code = "evaluation_required"
    default_message = _("Complete this session's evaluation before claiming credit for it.")


class EvaluationAlreadySubmitted(CEError):
    code = "evaluation_submitted"
    default_message = _("You have already submitted this evaluation.")


class StatementNotIssued(NotFoundError):
    code = "statement_not_issued"
    default_message = _("No statement of credit has been issued for this activity yet.")


class StatementNotReady(CEError):
    code = "statement_not_ready"
    default_message = _("The PDF is being prepared. This page downloads it as soon as it is ready.")


class TranscriptNotReady(CEError):
    code = "transcript_not_ready"
    default_message = _("Your transcript is being prepared. This page downloads it as soon as it is ready.")


class NothingClaimed(CEError):
    code = "nothing_claimed"
    default_message = _("Claim credit for at least one session before finalizing.")


class ClaimRuleError(CEError):
    """A claim that breaks a rule of :mod:`ce_plugin.rules`; ``violation`` says which."""

    code = "claim_rule"

    def __init__(self, violation, message=None):
        self.violation = violation
        super().__init__(message, **violation.params)


class CreditAmountError(ClaimRuleError):
    """Not positive, not a step of the increment, or over the session maximum."""

    code = "invalid_credits"


class OverlapError(ClaimRuleError):
    """Overlapping sessions claimed beyond their joint span."""

    code = "overlap"


class DailyCapError(ClaimRuleError):
    code = "daily_cap"


class ActivityCapError(ClaimRuleError):
    code = "activity_cap"


class ClaimWindowError(ClaimRuleError):
    """Outside the claim window (not yet open, or closed)."""

    code = "claim_window"


def rule_error(violation) -> ClaimRuleError:
    """
    The domain error, with a learner-facing message, for a :class:`ce_plugin.rules.Violation`.

    Figures are written as the active language writes them ("0,25" in French), days and times likewise, with
    the time zone's abbreviation; the error's ``params`` keep the values themselves.
    """
    from django.utils.translation import gettext as _  # pylint: disable=import-outside-toplevel,redefined-outer-name

    from ce_plugin import rules  # pylint: disable=import-outside-toplevel
    from ce_plugin.formatting import format_credits, format_date, format_datetime  # pylint: disable=import-outside-toplevel

    shown = {key: format_credits(value) for key, value in violation.params.items()
             if key in ("increment", "maximum", "allowed", "total", "cap")}
    if violation.code == rules.NOT_POSITIVE:
        return CreditAmountError(violation, _("Credits must be more than zero."))
    if violation.code == rules.NOT_A_STEP:
        return CreditAmountError(violation, _("Credits must be claimed in steps of {increment}.").format(**shown))
    if violation.code == rules.OVER_SESSION_MAX:
        return CreditAmountError(violation, _("This session offers at most {maximum} credits.").format(**shown))
    if violation.code == rules.OVERLAP:
        return OverlapError(violation, _(
            "These sessions run at the same time: together they may earn at most {allowed} credits, "
            "and this would make {total}."
        ).format(**shown))
    if violation.code == rules.DAILY_CAP:
        return DailyCapError(violation, _(
            "At most {cap} credits may be claimed for one day ({day}); this would make {total}."
        ).format(day=format_date(violation.params["day"]), **shown))
    if violation.code == rules.ACTIVITY_CAP:
        return ActivityCapError(violation, _(
            "This activity offers at most {cap} credits in total; this would make {total}."
        ).format(**shown))
    if violation.code == rules.OVER_SELF_REPORTED_MAX:
        return CreditAmountError(violation, _("At most {maximum} credits can be recorded for one activity.")
                                 .format(**shown))
    if violation.code == rules.WINDOW_NOT_OPEN:
        return ClaimWindowError(violation, _("Claiming opens on {opens_at}.").format(
            opens_at=format_datetime(violation.params["opens_at"])))
    if violation.code == rules.WINDOW_CLOSED:
        return ClaimWindowError(violation, _("The claim period ended on {closes_at}.").format(
            closes_at=format_datetime(violation.params["closes_at"])))
    return ClaimRuleError(violation)
