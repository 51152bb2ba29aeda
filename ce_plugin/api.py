"""
The public interface of the CE domain.

The XBlock, views, REST endpoints and tasks call these functions and nothing else for
domain work. They take users and course/usage keys (objects or strings), return frozen
dataclasses from :mod:`ce_plugin.data` and raise errors from :mod:`ce_plugin.exceptions`.
Every function that writes does so in one transaction: when it raises, nothing changed.
Rules about what may be claimed are in :mod:`ce_plugin.rules`; this module applies them.
"""
from __future__ import annotations

import logging
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from opaque_keys import InvalidKeyError as OpaqueInvalidKeyError
from opaque_keys.edx.keys import CourseKey, UsageKey

from ce_plugin import compat, rules
from ce_plugin import exceptions as errors
from ce_plugin.data import ActivityData, ActivityOverview, EvaluationData, LearnerClaimData, SessionData
from ce_plugin.evaluations import EvaluationInvalid, clean_answers, clean_questions
from ce_plugin.models import (
    AttendanceCode,
    AuditEvent,
    CEActivity,
    CESession,
    CreditType,
    EvaluationResponse,
    LearnerClaim,
    SessionClaim,
)
from ce_plugin.profile_fields import clean_profile
from ce_plugin.serializers import activity_data, claim_data, session_data
from ce_plugin.statuses import AttendanceMode, AuditAction, ClaimStatus, CodeKind

log = logging.getLogger(__name__)

__all__ = [
    "acknowledge_disclosures",
    "finalize_claim",
    "get_activity",
    "get_activity_overview",
    "get_claim",
    "get_evaluation",
    "get_session",
    "list_sessions",
    "missing_step",
    "record_session_claim",
    "register_session",
    "retire_session",
    "retire_user",
    "select_statement_type",
    "submit_evaluation",
    "verify_attendance",
]


# --- keys and lookups -------------------------------------------------------------------------

def parse_course_key(value) -> CourseKey:
    """``value`` as a ``CourseKey``; raises :class:`~ce_plugin.exceptions.InvalidKeyError`."""
    if isinstance(value, CourseKey):
        return value
    try:
        return CourseKey.from_string(str(value))
    except (OpaqueInvalidKeyError, TypeError) as exc:
        raise errors.InvalidKeyError(key=str(value)) from exc


def parse_usage_key(value) -> UsageKey:
    """``value`` as a ``UsageKey``; raises :class:`~ce_plugin.exceptions.InvalidKeyError`."""
    if isinstance(value, UsageKey):
        return value
    try:
        return UsageKey.from_string(str(value))
    except (OpaqueInvalidKeyError, TypeError) as exc:
        raise errors.InvalidKeyError(key=str(value)) from exc


def _activity(course_key) -> CEActivity:
    activity = CEActivity.objects.filter(course_key=parse_course_key(course_key)).first()
    if activity is None:
        raise errors.ActivityNotFound(course_key=str(course_key))
    return activity


def _live_session(usage_key) -> CESession:
    session = (CESession.objects.select_related("activity")
               .filter(usage_key=parse_usage_key(usage_key), retired_at__isnull=True).first())
    if session is None:
        raise errors.SessionNotFound(usage_key=str(usage_key))
    return session


def _require_enrolled(user, course_key):
    if not compat.is_enrolled(user, course_key):
        raise errors.NotEnrolledError()


def _audit(action, *, activity=None, actor=None, subject=None, **details):
    AuditEvent.objects.create(action=action, activity=activity, actor=actor, subject=subject,
                              details={k: str(v) if not isinstance(v, (int, list, dict, bool)) else v
                                       for k, v in details.items()})


def _locked_claim(activity, user) -> LearnerClaim | None:
    return (LearnerClaim.objects.select_for_update().select_related("statement_type__credit_type")
            .filter(activity=activity, user=user).first())


def _refuse_if_finalized(claim):
    if claim is not None and claim.status == ClaimStatus.FINALIZED:
        raise errors.ClaimFinalizedError()


def _refuse_outside_window(activity, claim, now):
    violation = rules.window_violation(now, activity.claim_opens_at, activity.claim_closes_at,
                                       claim.window_closes_at if claim else None)
    if violation:
        raise errors.rule_error(violation)


# --- activities and sessions ------------------------------------------------------------------

def get_activity(course_key) -> ActivityData:
    """The CE activity of a course run; raises ``ActivityNotFound``."""
    return activity_data(_activity(course_key))


def list_sessions(course_key) -> tuple[SessionData, ...]:
    """The activity's live sessions in time order, from one indexed query."""
    activity = _activity(course_key)
    sessions = CESession.objects.filter(activity=activity, retired_at__isnull=True).order_by("starts_at", "track", "id")
    return tuple(session_data(s, activity.course_key) for s in sessions)


def get_activity_overview(course_key) -> ActivityOverview:
    """An activity with its statement types, disclosure pages and live sessions (a fixed number of queries)."""
    activity = _activity(course_key)
    sessions = CESession.objects.filter(activity=activity, retired_at__isnull=True).order_by("starts_at", "track", "id")
    return ActivityOverview(activity_data(activity), tuple(session_data(s, activity.course_key) for s in sessions))


def get_session(usage_key) -> SessionData:
    """One live session; raises ``SessionNotFound``."""
    session = _live_session(usage_key)
    return session_data(session, session.activity.course_key)


def _clean_session_fields(title, starts_at, ends_at, track, speakers, learning_objectives, max_credits, evaluation):
    problems = {}
    title = (title or "").strip()
    if not title or len(title) > 255:
        problems["title"] = "A title of 1 to 255 characters is required."
    for name, value in (("starts_at", starts_at), ("ends_at", ends_at)):
        if not isinstance(value, datetime) or timezone.is_naive(value):
            problems[name] = "A date and time with its time zone is required."
    if "starts_at" not in problems and "ends_at" not in problems and ends_at <= starts_at:
        problems["ends_at"] = "The session must end after it starts."
    lists = {}
    for name, value in (("speakers", speakers), ("learning_objectives", learning_objectives)):
        if isinstance(value, str) or not all(isinstance(item, str) for item in value or ()):
            problems[name] = "A list of texts is expected."
        else:
            lists[name] = [item.strip() for item in value or () if item.strip()]
    maxima = {}
    known = set(CreditType.objects.values_list("code", flat=True))
    for code, amount in (max_credits or {}).items():
        try:
            value = rules.to_decimal(amount) if amount not in (None, "") else None
        except ValueError:
            problems[f"max_credits.{code}"] = "Not a number of credits."
            continue
        if code not in known:
            problems[f"max_credits.{code}"] = "Unknown credit type."
        elif value is not None and value < 0:
            problems[f"max_credits.{code}"] = "A maximum cannot be negative."
        elif value is not None:
            maxima[code] = str(value)
    try:
        questions = clean_questions(list(evaluation or ()))
    except EvaluationInvalid as exc:
        problems.update({f"evaluation.{k}": str(v) for k, v in exc.errors.items()})
        questions = []
    if problems:
        raise errors.InvalidInputError(errors=problems)
    return {"title": title, "starts_at": starts_at, "ends_at": ends_at, "track": (track or "").strip()[:120],
            "speakers": lists["speakers"], "learning_objectives": lists["learning_objectives"],
            "max_credits": maxima, "evaluation": questions}


def register_session(usage_key, *, title, starts_at, ends_at, track="", speakers=(), learning_objectives=(),
                     max_credits=None, evaluation=(), evaluation_required=True, actor=None) -> SessionData:
    """
    Create or update the session of a CE Session block (called from the block and on publish).

    A retired session registered again comes back to life with its claims intact.
    Raises ``InvalidKeyError``, ``ActivityNotFound`` or ``InvalidInputError`` (nothing saved).
    """
    usage_key = parse_usage_key(usage_key)
    activity = _activity(usage_key.course_key)
    fields = _clean_session_fields(title, starts_at, ends_at, track, speakers, learning_objectives,
                                   max_credits, evaluation)
    fields["evaluation_required"] = bool(evaluation_required) and bool(fields["evaluation"])
    with transaction.atomic():
        session = CESession.objects.select_for_update().filter(usage_key=usage_key).first()
        if session is None:
            session = CESession.objects.create(activity=activity, usage_key=usage_key, **fields)
            _audit(AuditAction.SESSION_REGISTERED, activity=activity, actor=actor, usage_key=usage_key)
        else:
            if session.activity_id != activity.id:
                raise errors.InvalidInputError(errors={"usage_key": "The block belongs to another activity."})
            changed = [name for name, value in fields.items() if getattr(session, name) != value]
            if changed or session.retired_at is not None:
                for name in changed:
                    setattr(session, name, fields[name])
                session.retired_at = None
                session.save()
                _audit(AuditAction.SESSION_UPDATED, activity=activity, actor=actor, usage_key=usage_key,
                       fields=sorted(changed))
    return session_data(session, activity.course_key)


def retire_session(usage_key, actor=None) -> None:
    """Mark a session whose block was removed as retired; its claims and evaluations stay."""
    updated = CESession.objects.filter(usage_key=parse_usage_key(usage_key), retired_at__isnull=True).update(
        retired_at=timezone.now())
    if updated:
        session = CESession.objects.select_related("activity").get(usage_key=parse_usage_key(usage_key))
        _audit(AuditAction.SESSION_UPDATED, activity=session.activity, actor=actor, usage_key=usage_key,
               fields=["retired_at"])


# --- a learner's claim ------------------------------------------------------------------------

def get_claim(user, course_key) -> LearnerClaimData | None:
    """The learner's claim for the activity, or ``None`` before they started one."""
    activity = _activity(course_key)
    claim = (LearnerClaim.objects.select_related("statement_type__credit_type")
             .filter(activity=activity, user=user).first())
    return claim_data(claim, activity) if claim else None


def select_statement_type(user, course_key, statement_type_id, profile=None, now=None) -> LearnerClaimData:
    """
    Choose the statement of credit and give the profile fields its credit type requires.

    Starts the claim when there is none. Changing the type later re-checks every credit line
    under the new type's rules. Raises ``StatementTypeNotFound``, ``InvalidInputError``,
    ``ClaimFinalizedError``, ``ClaimWindowError``, ``NotEnrolledError`` or a rule error.
    """
    activity = _activity(course_key)
    _require_enrolled(user, activity.course_key)
    statement_type = activity.statement_types.select_related("credit_type").filter(
        id=_int_or_none(statement_type_id), active=True).first()
    if statement_type is None:
        raise errors.StatementTypeNotFound()
    cleaned, problems = clean_profile(statement_type.credit_type.required_profile_fields or [], profile or {})
    if problems:
        raise errors.InvalidInputError(errors=problems)
    now = now or timezone.now()
    with transaction.atomic():
        claim = _locked_claim(activity, user)
        _refuse_if_finalized(claim)
        _refuse_outside_window(activity, claim, now)
        if claim is None:
            claim = LearnerClaim(activity=activity, user=user)
        elif claim.statement_type_id not in (None, statement_type.id):
            _check_lines_under(claim, activity, statement_type.credit_type)
        claim.statement_type = statement_type
        claim.profile = cleaned
        claim.save()
        _audit(AuditAction.STATEMENT_TYPE_SELECTED, activity=activity, actor=user, subject=user,
               statement_type=statement_type.id)
    return claim_data(claim, activity)


def _int_or_none(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _check_lines_under(claim, activity, credit_type_model):
    from ce_plugin.serializers import credit_type_data  # pylint: disable=import-outside-toplevel
    credit_type = credit_type_data(credit_type_model)
    lines = list(claim.session_claims.select_related("session"))
    claims = {str(line.session.usage_key): line.credits for line in lines}
    slots = {str(line.session.usage_key): session_data(line.session, activity.course_key).slot(credit_type)
             for line in lines}
    found = rules.claim_set_violations(claims, slots, credit_type.arithmetic, _cap(activity, credit_type.code),
                                       activity.time_zone)
    if found:
        raise errors.rule_error(found[0])


def _cap(activity, code):
    value = (activity.credit_caps or {}).get(code)
    return None if value in (None, "") else rules.to_decimal(value)


def verify_attendance(user, course_key, code, now=None) -> LearnerClaimData:
    """
    Check the learner's badge or group code and record it on the claim.

    A badge code binds to the first account that uses it and is refused to any other.
    Raises ``InvalidInputError`` (code unknown or taken), ``StatementTypeRequired``,
    ``ClaimFinalizedError`` or ``NotEnrolledError``.
    """
    activity = _activity(course_key)
    _require_enrolled(user, activity.course_key)
    code = (code or "").strip()
    now = now or timezone.now()
    with transaction.atomic():
        claim = _locked_claim(activity, user)
        if claim is None or claim.statement_type_id is None:
            raise errors.StatementTypeRequired()
        _refuse_if_finalized(claim)
        if activity.attendance_mode == AttendanceMode.NONE:
            return claim_data(claim, activity)
        kind = CodeKind.BADGE if activity.attendance_mode == AttendanceMode.BADGE else CodeKind.GROUP
        attendance = AttendanceCode.objects.select_for_update().filter(
            activity=activity, code__iexact=code, kind=kind).first() if code else None
        if attendance is None:
            raise errors.InvalidInputError(errors={"code": "unknown"})
        if kind == CodeKind.BADGE:
            if attendance.bound_user_id not in (None, user.id):
                raise errors.InvalidInputError(errors={"code": "taken"})
            if attendance.bound_user_id is None:
                attendance.bound_user, attendance.bound_at = user, now
                attendance.save(update_fields=["bound_user", "bound_at", "modified"])
        claim.attendance_code, claim.attendance_verified_at = attendance, now
        claim.save(update_fields=["attendance_code", "attendance_verified_at", "modified"])
        _audit(AuditAction.ATTENDANCE_VERIFIED, activity=activity, actor=user, subject=user, kind=kind)
    return claim_data(claim, activity)


def acknowledge_disclosures(user, course_key, now=None) -> LearnerClaimData:
    """
    Record that the learner read every disclosure page.

    Raises ``StatementTypeRequired`` or ``ClaimFinalizedError``.
    """
    activity = _activity(course_key)
    _require_enrolled(user, activity.course_key)
    with transaction.atomic():
        claim = _locked_claim(activity, user)
        if claim is None or claim.statement_type_id is None:
            raise errors.StatementTypeRequired()
        _refuse_if_finalized(claim)
        if claim.disclosures_acknowledged_at is None:
            claim.disclosures_acknowledged_at = now or timezone.now()
            claim.save(update_fields=["disclosures_acknowledged_at", "modified"])
            _audit(AuditAction.DISCLOSURES_ACKNOWLEDGED, activity=activity, actor=user, subject=user)
    return claim_data(claim, activity)


_STEP_ERRORS = {
    rules.STEP_STATEMENT: errors.StatementTypeRequired,
    rules.STEP_ATTENDANCE: errors.AttendanceRequired,
    rules.STEP_DISCLOSURES: errors.DisclosuresRequired,
}


def missing_step(activity: ActivityData, claim: LearnerClaimData | None) -> str | None:
    """The step (``rules.STEP_*``) the learner must complete before claiming, or ``None``."""
    return rules.missing_step(
        statement_chosen=bool(claim and claim.statement_type),
        attendance_required=activity.attendance_mode != AttendanceMode.NONE,
        attendance_verified=bool(claim and claim.attendance_verified_at),
        has_disclosures=bool(activity.disclosure_pages),
        disclosures_acknowledged=bool(claim and claim.disclosures_acknowledged_at),
    )


def _refuse_missing_prerequisites(activity, claim):
    step = rules.missing_step(
        statement_chosen=claim is not None and claim.statement_type_id is not None,
        attendance_required=activity.attendance_mode != AttendanceMode.NONE,
        attendance_verified=claim is not None and claim.attendance_verified_at is not None,
        has_disclosures=activity.disclosure_pages.exists(),
        disclosures_acknowledged=claim is not None and claim.disclosures_acknowledged_at is not None,
    )
    if step:
        raise _STEP_ERRORS[step]()


def get_evaluation(user, usage_key) -> EvaluationData | None:
    """The learner's submitted evaluation of a session, or ``None``."""
    response = EvaluationResponse.objects.filter(session__usage_key=parse_usage_key(usage_key), user=user).first()
    if response is None:
        return None
    return EvaluationData(str(usage_key), response.submitted_at, dict(response.answers))


def record_session_claim(user, usage_key, credits, now=None) -> LearnerClaimData:
    """
    Set the credits the learner requests for one session; ``0`` removes the line.

    Checks, in order: the session and enrollment, finalization, the claim window, the steps
    before claiming (statement type, attendance, disclosures), the session's evaluation,
    then every rule of :mod:`ce_plugin.rules` on the resulting claim set.
    """
    session = _live_session(usage_key)
    activity = session.activity
    try:
        amount = rules.to_decimal(credits)
    except ValueError as exc:
        raise errors.rule_error(rules.Violation(rules.NOT_POSITIVE, {"amount": credits})) from exc
    _require_enrolled(user, activity.course_key)
    now = now or timezone.now()
    with transaction.atomic():
        claim = _locked_claim(activity, user)
        _refuse_if_finalized(claim)
        _refuse_outside_window(activity, claim, now)
        _refuse_missing_prerequisites(activity, claim)
        if amount > 0 and session.evaluation_required and session.evaluation and not \
                EvaluationResponse.objects.filter(session=session, user=user).exists():
            raise errors.EvaluationRequired()
        from ce_plugin.serializers import credit_type_data  # pylint: disable=import-outside-toplevel
        credit_type = credit_type_data(claim.statement_type.credit_type)
        lines = list(claim.session_claims.select_related("session"))
        key = str(session.usage_key)
        claims = {str(line.session.usage_key): line.credits for line in lines}
        slots = {str(line.session.usage_key): session_data(line.session, activity.course_key).slot(credit_type)
                 for line in lines}
        slots[key] = session_data(session, activity.course_key).slot(credit_type)
        found = rules.change_violations(claims, key, amount, slots, credit_type.arithmetic,
                                        _cap(activity, credit_type.code), activity.time_zone)
        if found:
            raise errors.rule_error(found[0])
        if amount == 0:
            removed, _ = SessionClaim.objects.filter(claim=claim, session=session).delete()
            if removed:
                _audit(AuditAction.CREDITS_REMOVED, activity=activity, actor=user, subject=user, usage_key=key)
        else:
            SessionClaim.objects.update_or_create(claim=claim, session=session, defaults={"credits": amount})
            _audit(AuditAction.CREDITS_CLAIMED, activity=activity, actor=user, subject=user, usage_key=key,
                   credits=str(amount))
        claim.save(update_fields=["modified"])
    return claim_data(claim, activity)


def submit_evaluation(user, usage_key, answers, now=None) -> EvaluationData:
    """
    Store the learner's answers to a session's evaluation, once.

    Raises ``EvaluationAlreadySubmitted``, ``InvalidInputError`` (answers not fitting the
    questions), ``ClaimFinalizedError``, ``NotEnrolledError`` or ``SessionNotFound``.
    """
    session = _live_session(usage_key)
    activity = session.activity
    _require_enrolled(user, activity.course_key)
    if not session.evaluation:
        raise errors.InvalidInputError(errors={"evaluation": "This session has no evaluation."})
    try:
        cleaned = clean_answers(session.evaluation, answers)
    except EvaluationInvalid as exc:
        raise errors.InvalidInputError(errors={k: str(v) for k, v in exc.errors.items()}) from exc
    with transaction.atomic():
        claim = _locked_claim(activity, user)
        _refuse_if_finalized(claim)
        if EvaluationResponse.objects.filter(session=session, user=user).exists():
            raise errors.EvaluationAlreadySubmitted()
        response = EvaluationResponse.objects.create(session=session, user=user, questions=session.evaluation,
                                                     answers=cleaned, submitted_at=now or timezone.now())
        _audit(AuditAction.EVALUATION_SUBMITTED, activity=activity, actor=user, subject=user,
               usage_key=session.usage_key)
    return EvaluationData(str(session.usage_key), response.submitted_at, dict(response.answers))


def finalize_claim(user, course_key, now=None) -> LearnerClaimData:
    """
    Freeze the learner's claim. Atomic and idempotent: finalizing a finalized claim returns it unchanged.

    Refuses (``NothingClaimed``, ``EvaluationRequired``, a prerequisite or window error, a rule
    error) when the claim could not be issued as it stands; nothing changes then.
    """
    activity = _activity(course_key)
    now = now or timezone.now()
    with transaction.atomic():
        claim = _locked_claim(activity, user)
        if claim is not None and claim.status == ClaimStatus.FINALIZED:
            return claim_data(claim, activity)
        _require_enrolled(user, activity.course_key)
        _refuse_outside_window(activity, claim, now)
        _refuse_missing_prerequisites(activity, claim)
        lines = list(claim.session_claims.select_related("session").filter(credits__gt=0))
        if not lines:
            raise errors.NothingClaimed()
        evaluated = set(EvaluationResponse.objects.filter(user=user, session__in=[ln.session for ln in lines])
                        .values_list("session_id", flat=True))
        if any(ln.session.evaluation_required and ln.session.evaluation and ln.session_id not in evaluated
               for ln in lines):
            raise errors.EvaluationRequired()
        _check_lines_under(claim, activity, claim.statement_type.credit_type)
        claim.status, claim.finalized_at = ClaimStatus.FINALIZED, now
        claim.save(update_fields=["status", "finalized_at", "modified"])
        _audit(AuditAction.CLAIM_FINALIZED, activity=activity, actor=user, subject=user,
               total=str(sum(ln.credits for ln in lines)))
    return claim_data(claim, activity)


def retire_user(user) -> None:
    """
    Remove a retiring learner's personal data that accreditation does not require.

    Empties claim profiles, registrant names/e-mails of their badge codes and their free-text
    evaluation answers; keeps claims, credits and statements (6-year retention).
    """
    with transaction.atomic():
        LearnerClaim.objects.filter(user=user).update(profile={})
        AttendanceCode.objects.filter(bound_user=user).update(holder_email="", holder_name="")
        for response in EvaluationResponse.objects.filter(user=user):
            text_ids = {q["id"] for q in response.questions if q.get("type") == "text"}
            response.answers = {k: ("" if k in text_ids or k.endswith("__comment") else v)
                                for k, v in response.answers.items()}
            response.user = None
            response.save(update_fields=["answers", "user", "modified"])
        _audit(AuditAction.USER_RETIRED, subject=user)
