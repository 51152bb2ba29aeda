"""A learner's claim for one activity: statement choice, attendance, disclosures, credits, evaluations."""
from __future__ import annotations

import logging
import math

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ce_plugin import compat, rules
from ce_plugin import exceptions as errors
from ce_plugin.data import ActivityData, EvaluationData, LearnerClaimData
from ce_plugin.evaluations import EvaluationInvalid, clean_answers
from ce_plugin.models import AttendanceCode, AuditEvent, CESession, EvaluationResponse, LearnerClaim, SessionClaim
from ce_plugin.profile_fields import clean_profile
from ce_plugin.serializers import claim_data, credit_type_data, session_data
from ce_plugin.statuses import ActivityType, AttendanceMode, AuditAction, CodeKind

from .attendance import MAX_CODE_LENGTH
from .check_ins import check_in_times, presence_message, presence_met, suggestion, with_check_in_times
from .common import (
    activity_cap,
    activity_row,
    audit,
    check_lines_under,
    claim_lines,
    int_or_none,
    live_session_row,
    locked_claim,
    not_a_number,
    parse_course_key,
    parse_usage_key,
    raise_violations,
    refuse_if_finalized,
    refuse_missing_prerequisites,
    refuse_outside_window,
    require_enrolled,
    signed_in,
    signed_in_or_none,
)

log = logging.getLogger(__name__)


def get_claim(user, course_key) -> LearnerClaimData | None:
    """The learner's claim for the activity, or ``None`` before they started one (three queries)."""
    if not signed_in_or_none(user):
        return None
    key = parse_course_key(course_key)
    claim = (LearnerClaim.objects.select_related("statement_type__credit_type", "activity")
             .filter(activity__course_key=key, user=user).first())
    if claim is None:
        activity_row(key)  # an unknown course still raises ActivityNotFound
        return None
    return claim_data(claim, claim.activity)


def missing_step(activity: ActivityData, claim: LearnerClaimData | None) -> str | None:
    """The step (``rules.STEP_*``) the learner must complete before claiming, or ``None``."""
    return rules.missing_step(
        statement_chosen=bool(claim and claim.statement_type),
        attendance_required=activity.attendance_mode != AttendanceMode.NONE,
        attendance_verified=bool(claim and claim.attendance_verified_at),
        has_disclosures=bool(activity.disclosure_pages),
        disclosures_acknowledged=bool(claim and claim.disclosures_acknowledged_at),
    )


def select_statement_type(user, course_key, statement_type_id, profile=None, now=None) -> LearnerClaimData:
    """
    Choose the statement of credit and give the profile fields its credit type requires.

    Starts the claim when there is none. Changing the type later re-checks every credit line
    under the new type's rules. Raises ``StatementTypeNotFound``, ``InvalidInputError``,
    ``ClaimFinalizedError``, ``ClaimWindowError``, ``NotEnrolledError`` or a rule error.
    """
    user = signed_in(user)
    activity = activity_row(course_key)
    require_enrolled(user, activity.course_key)
    statement_type = activity.statement_types.select_related("credit_type").filter(
        id=int_or_none(statement_type_id), active=True).first()
    if statement_type is None:
        raise errors.StatementTypeNotFound()
    credit_type = statement_type.credit_type
    cleaned, problems = clean_profile(credit_type.required_profile_fields or [],
                                      profile if isinstance(profile, dict) else {},
                                      credit_type.optional_profile_fields or [])
    if problems:
        raise errors.InvalidInputError(errors=problems)
    now = now or timezone.now()
    with transaction.atomic():
        claim = locked_claim(activity, user)
        refuse_if_finalized(claim)
        refuse_outside_window(activity, claim, now)
        if claim is None:
            claim = LearnerClaim(activity=activity, user=user)
        elif claim.statement_type_id not in (None, statement_type.id):
            check_lines_under(claim, activity, statement_type.credit_type)
        claim.statement_type = statement_type
        claim.profile = cleaned
        claim.save()
        audit(AuditAction.STATEMENT_TYPE_SELECTED, activity=activity, actor=user, subject=user,
              statement_type=statement_type.id)
    return claim_data(claim, activity)


def _recent_failures(claim, now, window) -> int:
    """Wrong codes the learner entered for this activity in the current window (a success does not reset them)."""
    started = claim.attendance_failures_since
    if started is None or (now - started).total_seconds() >= window:
        return 0
    return claim.attendance_failures


def _count_failure(claim, now, window):
    if _recent_failures(claim, now, window) == 0:
        claim.attendance_failures, claim.attendance_failures_since = 0, now
    claim.attendance_failures += 1
    claim.save(update_fields=["attendance_failures", "attendance_failures_since", "modified"])


def verify_attendance(user, course_key, code, now=None) -> LearnerClaimData:
    """
    Check the learner's badge or group code and record it on the claim.

    A badge code binds to the first account that uses it and is refused to any other; a learner
    holds one badge code per activity (the CE office rebinds with :func:`rebind_badge_code`). Every
    refused code counts against the learner for this activity, on the claim row, and a success
    does not reset the count: after ``CE_CLAIM_ATTEMPT_LIMIT`` refusals within
    ``CE_CLAIM_ATTEMPT_WINDOW`` seconds, further codes are refused unchecked. Unknown codes and
    codes bound to another account get one message. Raises ``AttendanceCodeInvalid``,
    ``AttendanceAlreadyVerified``, ``AttendanceThrottled``, ``StatementTypeRequired``,
    ``ClaimFinalizedError`` or ``NotEnrolledError``.
    """
    user = signed_in(user)
    activity = activity_row(course_key)
    require_enrolled(user, activity.course_key)
    limit = getattr(settings, "CE_CLAIM_ATTEMPT_LIMIT", 5)
    window = getattr(settings, "CE_CLAIM_ATTEMPT_WINDOW", 900)
    code = (code if isinstance(code, str) else "").strip()
    now = now or timezone.now()
    refusal = None
    with transaction.atomic():
        claim = locked_claim(activity, user)
        if claim is None or claim.statement_type_id is None:
            raise errors.StatementTypeRequired()
        refuse_if_finalized(claim)
        if activity.attendance_mode == AttendanceMode.NONE:
            return claim_data(claim, activity)
        if _recent_failures(claim, now, window) >= limit:
            raise errors.AttendanceThrottled(minutes=math.ceil(window / 60))
        kind = CodeKind.BADGE if activity.attendance_mode == AttendanceMode.BADGE else CodeKind.GROUP
        attendance = AttendanceCode.objects.select_for_update().filter(
            activity=activity, code__iexact=code, kind=kind).first() if 0 < len(code) <= MAX_CODE_LENGTH else None
        held = AttendanceCode.objects.filter(activity=activity, kind=CodeKind.BADGE, bound_user=user).first() \
            if kind == CodeKind.BADGE else None
        contact = activity.support_email
        if held is not None and (attendance is None or attendance.id != held.id):
            refusal = errors.AttendanceAlreadyVerified(contact=contact)
        elif attendance is None or (kind == CodeKind.BADGE and attendance.bound_user_id not in (None, user.id)):
            refusal = errors.AttendanceCodeInvalid(contact=contact)
        if refusal is not None:
            _count_failure(claim, now, window)
        else:
            if kind == CodeKind.BADGE and attendance.bound_user_id is None:
                attendance.bound_user, attendance.bound_at = user, now
                attendance.save(update_fields=["bound_user", "bound_at", "modified"])
            claim.attendance_code, claim.attendance_verified_at = attendance, now
            claim.save(update_fields=["attendance_code", "attendance_verified_at", "modified"])
            audit(AuditAction.ATTENDANCE_VERIFIED, activity=activity, actor=user, subject=user, kind=kind)
    if refusal is not None:  # raised after commit, so the count of refusals stays
        log.warning("Refused attendance code for user %s in activity %s", user.id, activity.id)
        raise refusal
    return claim_data(claim, activity)


def acknowledge_disclosures(user, course_key, now=None) -> LearnerClaimData:
    """
    Record that the learner read every disclosure page.

    Raises ``StatementTypeRequired``, ``AttendanceRequired`` or ``ClaimFinalizedError``.
    """
    user = signed_in(user)
    activity = activity_row(course_key)
    require_enrolled(user, activity.course_key)
    with transaction.atomic():
        claim = locked_claim(activity, user)
        if claim is None or claim.statement_type_id is None:
            raise errors.StatementTypeRequired()
        refuse_if_finalized(claim)
        if activity.attendance_mode != AttendanceMode.NONE and claim.attendance_verified_at is None:
            raise errors.AttendanceRequired()
        if claim.disclosures_acknowledged_at is None:
            claim.disclosures_acknowledged_at = now or timezone.now()
            claim.save(update_fields=["disclosures_acknowledged_at", "modified"])
            audit(AuditAction.DISCLOSURES_ACKNOWLEDGED, activity=activity, actor=user, subject=user)
    return claim_data(claim, activity)


def get_evaluation(user, usage_key) -> EvaluationData | None:
    """The learner's submitted evaluation of a session, or ``None``."""
    if not signed_in_or_none(user):
        return None
    response = EvaluationResponse.objects.filter(session__usage_key=parse_usage_key(usage_key), user=user).first()
    if response is None:
        return None
    return EvaluationData(str(usage_key), response.submitted_at, dict(response.answers))


def record_session_claim(user, usage_key, credits, now=None) -> LearnerClaimData:
    """Set the credits the learner requests for one session; ``0`` removes the line (see ``record_session_claims``)."""
    user = signed_in(user)
    session = live_session_row(usage_key)
    return record_session_claims(user, session.activity.course_key, {str(session.usage_key): credits}, now=now)


def record_session_claims(user, course_key, changes, now=None) -> LearnerClaimData:
    """
    Set the credits the learner requests for several sessions at once (usage key -> credits; 0 removes).

    All or nothing. Checks, in order: the sessions and enrollment, finalization, the claim window,
    the steps before claiming (statement type, attendance, disclosures), each session's required
    evaluation, the check-ins the activity asks for, then every rule of :mod:`ce_plugin.rules` on
    the resulting claim. The error raised is the first problem found; its ``params['errors']`` maps
    each session key (or ``__all__``) to a message. Lines whose amount does not change are left
    alone. Each claimed line records the credit the learner's check-ins suggested, and why.
    """
    user = signed_in(user)
    activity = activity_row(course_key)
    if changes is not None and not isinstance(changes, dict):
        raise errors.InvalidInputError(errors={"__all__": _("Expected credits per session.")})
    wanted = {}
    for raw_key, raw_amount in (changes or {}).items():
        key = str(parse_usage_key(raw_key))
        try:
            wanted[key] = rules.to_decimal(raw_amount)
        except ValueError:
            raise not_a_number(raw_amount, key) from None
    # the learner's check-ins come with the sessions (see check_ins.with_check_in_times)
    sessions = {str(s.usage_key): s for s in with_check_in_times(CESession.objects.filter(
        activity=activity, retired_at__isnull=True, usage_key__in=[parse_usage_key(k) for k in wanted]), user.id)}
    for key in wanted:
        if key not in sessions:
            raise errors.SessionNotFound(usage_key=key)
    require_enrolled(user, activity.course_key)
    now = now or timezone.now()
    with transaction.atomic():
        claim = locked_claim(activity, user)
        refuse_if_finalized(claim)
        refuse_outside_window(activity, claim, now)
        refuse_missing_prerequisites(activity, claim)
        lines = claim_lines(claim)
        current = {key: line.credits for key, line in lines.items()}
        changed = {key: amount for key, amount in wanted.items() if amount != current.get(key, 0)}
        if changed:
            _refuse_unevaluated(user, sessions, changed)
            claimed = {key: sessions[key] for key, amount in changed.items() if amount > 0}
            _refuse_without_presence(activity, claimed)
            credit_type = credit_type_data(claim.statement_type.credit_type)
            slots = {key: session_data(line.session, activity.course_key).slot(credit_type)
                     for key, line in lines.items()}
            slots.update({key: session_data(sessions[key], activity.course_key).slot(credit_type) for key in changed})
            found = rules.batch_violations(current, changed, slots, credit_type.arithmetic,
                                           activity_cap(activity, credit_type.code), activity.time_zone)
            if found:
                raise_violations(found, changed.keys())
            completed = compat.completed_units(user, activity.course_key, claimed) \
                if activity.activity_type == ActivityType.ONLINE else set()
            suggested = {key: suggestion(session, check_in_times(session), credit_type.arithmetic,
                                         slots[key].max_credits, activity.time_zone, completed=key in completed)
                         for key, session in claimed.items()}
            _write_lines(user, activity, claim, sessions, lines, changed, suggested)
            claim.save(update_fields=["modified"])
    return claim_data(claim, activity)


def _write_lines(user, activity, claim, sessions, lines, changed, suggested):
    """
    Apply accepted changes with one statement per kind of write, whatever the number of sessions.

    Each claimed line keeps the credit the learner's evidence suggested when it was claimed, and why.
    """
    now = timezone.now()
    removed = [lines[key].id for key, amount in changed.items() if amount == 0 and key in lines]
    updated, created, events = [], [], []
    for key, amount in sorted(changed.items()):
        if amount == 0:
            if key in lines:
                events.append(AuditEvent(action=AuditAction.CREDITS_REMOVED, activity=activity, actor=user,
                                         subject=user, details={"usage_key": key}))
            continue
        hint = suggested.get(key)
        hinted = {"suggested_credits": hint.credits if hint else None, "suggestion_reason": hint.reason if hint else ""}
        if key in lines:
            line = lines[key]
            line.credits, line.modified = amount, now
            line.suggested_credits, line.suggestion_reason = hinted["suggested_credits"], hinted["suggestion_reason"]
            updated.append(line)
        else:
            created.append(SessionClaim(claim=claim, session=sessions[key], credits=amount, **hinted))
        details = {"usage_key": key, "credits": str(amount)}
        if hint:
            details["suggested"] = str(hint.credits)
        events.append(AuditEvent(action=AuditAction.CREDITS_CLAIMED, activity=activity, actor=user, subject=user,
                                 details=details))
    if removed:
        SessionClaim.objects.filter(id__in=removed).delete()
    if updated:
        SessionClaim.objects.bulk_update(updated, ["credits", "suggested_credits", "suggestion_reason", "modified"])
    if created:
        SessionClaim.objects.bulk_create(created)
    AuditEvent.objects.bulk_create(events)


def _refuse_without_presence(activity, claimed: dict):
    """Refuse sessions claimed without the check-ins the activity asks for (``check_in_presence``)."""
    missing = sorted(key for key, session in claimed.items()
                     if not presence_met(activity.check_in_presence, session, check_in_times(session)))
    if missing:
        message = presence_message(activity.check_in_presence)
        raise errors.CheckInRequired(message, errors=dict.fromkeys(missing, message))


def _refuse_unevaluated(user, sessions, changed):
    needing = {key for key, amount in changed.items()
               if amount > 0 and sessions[key].evaluation_required and sessions[key].evaluation}
    if not needing:
        return
    done = {str(key) for key in EvaluationResponse.objects.filter(
        user=user, session__in=[sessions[key] for key in needing]).values_list("session__usage_key", flat=True)}
    missing = sorted(needing - done)
    if missing:
        error = errors.EvaluationRequired()
        error.params["errors"] = {key: str(error.message) for key in missing}
        raise error


def submit_evaluation(user, usage_key, answers, now=None) -> EvaluationData:
    """
    Store the learner's answers to a session's evaluation, once.

    Raises ``EvaluationAlreadySubmitted``, ``InvalidInputError`` (answers not fitting the
    questions), ``ClaimFinalizedError``, ``NotEnrolledError`` or ``SessionNotFound``.
    """
    user = signed_in(user)
    session = live_session_row(usage_key)
    activity = session.activity
    require_enrolled(user, activity.course_key)
    if not session.evaluation:
        raise errors.InvalidInputError(errors={"evaluation": _("This session has no evaluation.")})
    try:
        cleaned = clean_answers(session.evaluation, answers)
    except EvaluationInvalid as exc:
        raise errors.InvalidInputError(errors={k: str(v) for k, v in exc.errors.items()}) from exc
    with transaction.atomic():
        claim = locked_claim(activity, user)
        refuse_if_finalized(claim)
        if EvaluationResponse.objects.filter(session=session, user=user).exists():
            raise errors.EvaluationAlreadySubmitted()
        response = EvaluationResponse.objects.create(session=session, user=user, questions=session.evaluation,
                                                     answers=cleaned, submitted_at=now or timezone.now())
        audit(AuditAction.EVALUATION_SUBMITTED, activity=activity, actor=user, subject=user,
              usage_key=session.usage_key)
    return EvaluationData(str(session.usage_key), response.submitted_at, dict(response.answers))
