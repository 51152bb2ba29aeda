"""Helpers shared by the service modules: keys, lookups, locks, refusals, audit events."""
from __future__ import annotations

from datetime import datetime
from datetime import timezone as dt_timezone
from decimal import Decimal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.utils import timezone
from django.utils.translation import gettext as _
from opaque_keys import InvalidKeyError as OpaqueInvalidKeyError
from opaque_keys.edx.keys import CourseKey, UsageKey

from ce_plugin import compat, rules
from ce_plugin import exceptions as errors
from ce_plugin.formatting import format_credits
from ce_plugin.models import AuditEvent, CEActivity, CESession, LearnerClaim
from ce_plugin.serializers import credit_type_data, session_data
from ce_plugin.statuses import AttendanceMode, ClaimStatus


def time_zone_or_none(name) -> ZoneInfo | None:
    """The IANA time zone called ``name`` (e.g. ``America/New_York``), or ``None`` when there is no such zone."""
    if not isinstance(name, str) or not name or len(name) > 64:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None


EARLIEST, LATEST = datetime(1900, 1, 1, tzinfo=dt_timezone.utc), datetime(9998, 12, 31, tzinfo=dt_timezone.utc)


def representable(moment) -> bool:
    """
    True for an aware ``datetime`` that every time zone can show: between 1900 and 9998 once in UTC.

    9999-12-31 23:59 in New York is 10000-01-01 in UTC, which Python and the databases cannot hold.
    """
    if not isinstance(moment, datetime) or moment.tzinfo is None or moment.utcoffset() is None:
        return False
    try:
        return EARLIEST <= moment.astimezone(dt_timezone.utc) <= LATEST
    except (OverflowError, ValueError):
        return False


def _parse(value, key_class):
    if isinstance(value, key_class):
        return value
    if not isinstance(value, str):
        raise errors.InvalidKeyError(key=repr(value)[:200])
    try:
        return key_class.from_string(str(value))
    except (OpaqueInvalidKeyError, TypeError) as exc:
        raise errors.InvalidKeyError(key=str(value)) from exc


def parse_course_key(value) -> CourseKey:
    """``value`` as a ``CourseKey``; raises :class:`~ce_plugin.exceptions.InvalidKeyError`."""
    return _parse(value, CourseKey)


def parse_usage_key(value) -> UsageKey:
    """``value`` as a ``UsageKey``; raises :class:`~ce_plugin.exceptions.InvalidKeyError`."""
    return _parse(value, UsageKey)


def activity_row(course_key) -> CEActivity:
    activity = CEActivity.objects.filter(course_key=parse_course_key(course_key)).first()
    if activity is None:
        raise errors.ActivityNotFound(course_key=str(course_key))
    return activity


def live_session_row(usage_key) -> CESession:
    session = (CESession.objects.select_related("activity")
               .filter(usage_key=parse_usage_key(usage_key), retired_at__isnull=True).first())
    if session is None:
        raise errors.SessionNotFound(usage_key=str(usage_key))
    return session


def signed_in_or_none(user):
    """``user`` when it is a signed-in account; ``None`` for ``None`` and anonymous users."""
    return user if user is not None and getattr(user, "is_authenticated", False) and user.pk is not None else None


def signed_in(user):
    """``user`` when it is a signed-in account; else raise ``SignInRequired``."""
    if signed_in_or_none(user) is None:
        raise errors.SignInRequired()
    return user


def require_enrolled(user, course_key):
    if not compat.is_enrolled(user, course_key):
        raise errors.NotEnrolledError()


def audit(action, *, activity=None, actor=None, subject=None, **details):
    """
    Append one event to the audit trail (values kept as JSON: numbers, lists, texts).

    An actor or subject that is not a signed-in account (``None``, anonymous) is recorded as nobody.
    """
    audit_event(action, activity=activity, actor=actor, subject=subject, **details).save()


def audit_event(action, *, activity=None, actor=None, subject=None, **details) -> AuditEvent:
    """An unsaved audit event, as :func:`audit` records it (for inserting many in one statement)."""
    actor, subject = signed_in_or_none(actor), signed_in_or_none(subject)
    return AuditEvent(action=action, activity=activity, actor=actor, subject=subject,
                      details={k: v if isinstance(v, (int, list, dict, bool)) else str(v) for k, v in details.items()})


def locked_claim(activity, user) -> LearnerClaim | None:
    """The learner's claim row, locked for the rest of the transaction (or ``None``)."""
    return (LearnerClaim.objects.select_for_update().select_related("statement_type__credit_type")
            .filter(activity=activity, user=user).first())


def refuse_if_finalized(claim):
    if claim is not None and claim.status == ClaimStatus.FINALIZED:
        raise errors.ClaimFinalizedError()


def refuse_outside_window(activity, claim, now):
    violation = rules.window_violation(now, activity.claim_opens_at, activity.claim_closes_at,
                                       claim.window_closes_at if claim else None)
    if violation:
        with timezone.override(time_zone_or_none(activity.time_zone) or dt_timezone.utc):  # the activity's clocks
            raise errors.rule_error(violation)


STEP_ERRORS = {
    rules.STEP_STATEMENT: errors.StatementTypeRequired,
    rules.STEP_ATTENDANCE: errors.AttendanceRequired,
    rules.STEP_DISCLOSURES: errors.DisclosuresRequired,
}


def refuse_missing_prerequisites(activity, claim):
    step = rules.missing_step(
        statement_chosen=claim is not None and claim.statement_type_id is not None,
        attendance_required=activity.attendance_mode != AttendanceMode.NONE,
        attendance_verified=claim is not None and claim.attendance_verified_at is not None,
        has_disclosures=activity.disclosure_pages.exists(),
        disclosures_acknowledged=claim is not None and claim.disclosures_acknowledged_at is not None,
    )
    if step:
        raise STEP_ERRORS[step]()


def activity_cap(activity, code):
    value = (activity.credit_caps or {}).get(code)
    return None if value in (None, "") else rules.to_decimal(value)


def claim_lines(claim):
    """The claim's credit lines with their sessions: ``{usage_key: SessionClaim}``."""
    return {str(line.session.usage_key): line for line in claim.session_claims.select_related("session")}


def raise_violations(found, changed_keys=()):
    """
    Raise the error of the first violation, with one message per problem in ``params['errors']``.

    A problem of one session is listed under its key. A problem of several sessions (simultaneous
    sessions claimed beyond their joint time) is listed once, under the last of them the learner
    changed, so a page shows it once, beside that row; a problem of no session (a daily or activity
    cap) is listed under ``__all__``.
    """
    by_session = {}
    for violation in found:
        message = str(errors.rule_error(violation).message)
        if "session" in violation.params:
            key = violation.params["session"]
        else:
            changed = [key for key in violation.params.get("sessions", ()) if key in changed_keys]
            key = changed[-1] if changed else "__all__"
        by_session.setdefault(str(key), message)
    error = errors.rule_error(found[0])
    error.params["errors"] = by_session
    raise error


def check_lines_under(claim, activity, credit_type_model):
    """Raise when the claim's lines break a rule of ``credit_type_model`` (on a change of statement type)."""
    credit_type = credit_type_data(credit_type_model)
    lines = claim_lines(claim)
    claims = {key: line.credits for key, line in lines.items()}
    slots = {key: session_data(line.session, activity.course_key).slot(credit_type) for key, line in lines.items()}
    found = rules.claim_set_violations(claims, slots, credit_type.arithmetic, activity_cap(activity, credit_type.code),
                                       activity.time_zone)
    if found:
        raise_violations(found, claims.keys())


def text_input(value, field, *, max_length=None) -> str:
    """
    Text a caller passed on from a request: ``None`` is ``""``, whole numbers become their digits, anything
    else that is not text is refused (``InvalidInputError`` naming ``field``). Surrounding spaces are dropped.
    """
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise errors.InvalidInputError(errors={field: _("Expected text.")})
    text = str(value).strip()
    if max_length is not None and len(text) > max_length:
        raise errors.InvalidInputError(errors={field: _("At most %(count)d characters.") % {"count": max_length}})
    return text


def limit_input(value, field="limit", maximum=100_000) -> int | None:
    """An optional row limit: ``None``, or a whole number from 1 to ``maximum``; else ``InvalidInputError``."""
    if value is None:
        return None
    number = int_or_none(value) if not isinstance(value, (bool, float)) else None
    if number is None or not 1 <= number <= maximum:
        raise errors.InvalidInputError(errors={field: _("Expected a whole number from 1 to %(max)d.") % {
            "max": maximum}})
    return number


def int_or_none(value):
    """``value`` as a whole number (an int, or text of digits), else ``None``; never a bool or a rounded float."""
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        return None
    try:
        return int(value)
    except ValueError:
        return None


def not_a_number(raw, key):
    """The error for an amount that is not a number of credits."""
    error = errors.rule_error(rules.Violation(rules.NOT_POSITIVE, {"amount": raw, "session": key}))
    error.message = _("Enter a number of credits, such as %(example)s.") % {"example": format_credits(Decimal("0.75"))}
    error.params["errors"] = {str(key): str(error.message)}
    return error
