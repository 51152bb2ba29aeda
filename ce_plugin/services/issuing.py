"""Credit summary, finalization and the statement of credit it issues."""
from __future__ import annotations

import logging
from decimal import Decimal

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils import timezone

from ce_plugin import compat, rules, signals, statements
from ce_plugin import exceptions as errors
from ce_plugin.data import ClaimSummary, LearnerClaimData, StatementData, StatementFile, SummaryLine
from ce_plugin.models import CESession, CreditType, EvaluationResponse, LearnerClaim, Statement
from ce_plugin.serializers import activity_data, claim_data, credit_type_data, session_data, statement_data
from ce_plugin.statuses import AuditAction, ClaimStatus

from .check_ins import check_ins_by_session
from .common import (
    activity_cap,
    activity_row,
    audit,
    check_lines_under,
    int_or_none,
    locked_claim,
    refuse_missing_prerequisites,
    refuse_outside_window,
    require_enrolled,
    signed_in,
    signed_in_or_none,
)
from .printed_names import clean_or_refuse, printed_name_of
from .printed_names import store as store_printed_name

log = logging.getLogger(__name__)


def cached_designated_maximum(activity_model, credit_type, live_sessions=None):
    """
    The activity's maximum for ``credit_type``: its cap when set, else what the rules allow one learner.

    The computed figure is cached until the activity or one of its sessions changes (``modified`` and
    ``sessions_changed_at`` of the activity: no query to tell).
    """
    cap = activity_cap(activity_model, credit_type.code)
    if cap is not None:
        return cap
    changed = activity_model.sessions_changed_at
    key = (f"ce_plugin:designated-maximum:{activity_model.id}:{credit_type.code}:{credit_type.minutes_per_credit}:"
           f"{credit_type.increment}:{credit_type.daily_cap}:{activity_model.modified.timestamp()}:"
           f"{changed.timestamp() if changed else 0}")
    cached = cache.get(key)
    if cached is not None:
        return Decimal(cached)
    if live_sessions is None:
        live_sessions = CESession.objects.filter(activity=activity_model, retired_at__isnull=True)
    slots = {str(s.usage_key): session_data(s, activity_model.course_key).slot(credit_type) for s in live_sessions}
    maximum = rules.designated_maximum(slots, credit_type.arithmetic, None, activity_model.time_zone)
    cache.set(key, str(maximum), timeout=24 * 3600)
    return maximum


def designated_maximum(course_key, credit_type_code) -> Decimal:
    """The most credit of ``credit_type_code`` one learner can claim for the activity (its cap, if set)."""
    activity_model = activity_row(course_key)
    credit_type = CreditType.objects.filter(code=credit_type_code).first()
    if credit_type is None:
        raise errors.InvalidInputError(errors={"credit_type": "unknown"})
    return cached_designated_maximum(activity_model, credit_type_data(credit_type))


def get_claim_summary(user, course_key) -> ClaimSummary:
    """
    What the learner's statement will show, before finalization (or as issued, after).

    Lists the credit lines in time order with the total, the designation statement with the
    activity's maximum, and the sessions the learner evaluated but claimed no credit for.
    Raises ``StatementTypeRequired`` when there is no claim with a statement type yet.
    """
    user = signed_in(user)
    activity_model = activity_row(course_key)
    claim_model = (LearnerClaim.objects.select_related("statement_type__credit_type")
                   .filter(activity=activity_model, user=user).first())
    if claim_model is None or claim_model.statement_type_id is None:
        raise errors.StatementTypeRequired()
    activity = activity_data(activity_model)
    claim = claim_data(claim_model, activity_model)
    credit_type = credit_type_data(claim_model.statement_type.credit_type)
    live = list(CESession.objects.filter(activity=activity_model, retired_at__isnull=True))
    claimed = {str(line.session.usage_key): (line.session, line.credits)
               for line in claim_model.session_claims.select_related("session").filter(credits__gt=0)}
    lines = tuple(sorted(
        (SummaryLine(session_data(session, activity.course_key), credits) for session, credits in claimed.values()),
        key=lambda line: (line.session.starts_at, line.session.title)))
    unclaimed = tuple(session_data(s, activity.course_key) for s in sorted(live, key=lambda s: s.starts_at)
                      if str(s.usage_key) in claim.evaluated_sessions and str(s.usage_key) not in claimed)
    maximum = cached_designated_maximum(activity_model, credit_type, live)
    return ClaimSummary(
        activity=activity, claim=claim, lines=lines, total=claim.total_credits,
        evaluated_unclaimed=unclaimed, designated_maximum=maximum,
        designation=statements.designation_text(credit_type.designation_template, activity, maximum),
        printed_name=printed_name_of(user, claim_model),
    )


def finalize_claim(user, course_key, now=None, printed_name=None, printed_credentials=None) -> LearnerClaimData:
    """
    Freeze the learner's claim and issue the statement of credit. Atomic and idempotent.

    With ``printed_name`` (and ``printed_credentials``), the statement prints them: they are stored
    with the claim in the same transaction, so a refusal keeps neither (``InvalidInputError`` for a
    name that cannot be printed).

    Finalizing a finalized claim returns it unchanged. Refuses (``NothingClaimed``,
    ``EvaluationRequired``, a prerequisite or window error, a rule error) when the claim could
    not be issued as it stands; nothing changes then. The statement's snapshot is written in the
    same transaction; its PDF is rendered after commit by the ``ce_plugin.render_statement`` task
    (or on first download, whichever comes first).
    """
    user = signed_in(user)
    activity_model = activity_row(course_key)
    now = now or timezone.now()
    name = (clean_or_refuse(user, printed_name, printed_credentials)
            if printed_name is not None or printed_credentials is not None else None)
    with transaction.atomic():
        claim = locked_claim(activity_model, user)
        if claim is not None and claim.status == ClaimStatus.FINALIZED:
            return claim_data(claim, activity_model)
        require_enrolled(user, activity_model.course_key)
        if name is not None and claim is not None:
            store_printed_name(claim, activity_model, user, *name)
        refuse_outside_window(activity_model, claim, now)
        refuse_missing_prerequisites(activity_model, claim)
        lines = list(claim.session_claims.select_related("session").filter(credits__gt=0))
        if not lines:
            raise errors.NothingClaimed()
        evaluated = set(EvaluationResponse.objects.filter(user=user, session__in=[ln.session for ln in lines])
                        .values_list("session_id", flat=True))
        missing = [ln for ln in lines if ln.session.evaluation_required and ln.session.evaluation
                   and ln.session_id not in evaluated]
        if missing:
            error = errors.EvaluationRequired()
            error.params["errors"] = {str(ln.session.usage_key): str(error.message) for ln in missing}
            raise error
        check_lines_under(claim, activity_model, claim.statement_type.credit_type)
        claim.status, claim.finalized_at = ClaimStatus.FINALIZED, now
        claim.save(update_fields=["status", "finalized_at", "modified"])
        total = sum(ln.credits for ln in lines)
        audit(AuditAction.CLAIM_FINALIZED, activity=activity_model, actor=user, subject=user, total=str(total))
        statement = issue_statement_row(user, activity_model, claim, lines, now)
    course = str(activity_model.course_key)
    transaction.on_commit(lambda: queue_rendering(statement.id))
    transaction.on_commit(lambda: request_course_certificate(user, activity_model))
    transaction.on_commit(lambda: signals.claim_finalized.send(sender=LearnerClaim, user=user, course_key=course,
                                                               total=total))
    transaction.on_commit(lambda: signals.statement_issued.send(
        sender=Statement, user=user, course_key=course, verification_code=statement.verification_code))
    return claim_data(claim, activity_model)


def issue_statement_row(user, activity_model, claim, lines, now, issued_by=None, staff_reason="", replaces=None):
    """Write the statement row with its snapshot and a fresh verification code (inside the caller's transaction)."""
    activity = activity_data(activity_model)
    statement_type = activity.statement_type(claim.statement_type_id)
    if statement_type is None:  # a statement type withdrawn after the learner chose it still issues
        from ce_plugin.serializers import statement_type_data  # pylint: disable=import-outside-toplevel
        statement_type = statement_type_data(claim.statement_type)
    maximum = cached_designated_maximum(activity_model, statement_type.credit_type)
    printed = printed_name_of(user, claim)
    checked = check_ins_by_session(user, [ln.session_id for ln in lines])
    verified_at = claim.attendance_verified_at
    attendance = {"code": activity_model.attendance_mode, "check_in": activity_model.check_in_presence,
                  "code_verified_at": verified_at.isoformat() if verified_at else None}
    for _attempt in range(5):
        code = statements.new_verification_code()
        snapshot = statements.build_snapshot(
            activity=activity, statement_type=statement_type,
            lines=[{"title": ln.session.title, "track": ln.session.track, "starts_at": ln.session.starts_at,
                    "ends_at": ln.session.ends_at, "credits": ln.credits, "check_ins": checked.get(ln.session_id),
                    "suggested": ln.suggested_credits} for ln in lines],
            learner_name=printed.name, credentials=printed.credentials, profile=claim.profile,
            designated_maximum=maximum, issued_at=now, attendance=attendance,
            verification_code=code, staff_issued=issued_by is not None)
        try:
            with transaction.atomic():
                statement = Statement.objects.create(claim=claim, user=user, activity=activity_model,
                                                     verification_code=code, snapshot=snapshot, issued_at=now,
                                                     issued_by=issued_by, staff_reason=staff_reason,
                                                     replaces=replaces)
            break
        except IntegrityError:
            if Statement.objects.filter(user=user, activity=activity_model, current=True).exists():
                raise errors.StatementAlreadyIssued() from None  # the one-valid-statement constraint held
            log.warning("Verification code collision; drawing another")
    else:
        raise RuntimeError("Could not draw a unique verification code")
    audit(AuditAction.STATEMENT_ISSUED, activity=activity_model, actor=issued_by or user, subject=user,
          verification_code=code)
    from .transcripts import statements_changed  # pylint: disable=import-outside-toplevel
    statements_changed(user.id)
    return statement


def render_statement(statement_id: int) -> str:
    """
    Render and store one statement's PDF unless it already is (idempotent); returns its verification code.

    Raises ``StatementNotIssued`` for an id that names no statement.
    """
    statement_id = int_or_none(statement_id)
    if statement_id is None or not Statement.objects.filter(id=statement_id).exists():
        raise errors.StatementNotIssued()
    return statements.ensure_pdf(statement_id).verification_code


def tasks_run_eagerly() -> bool:
    """True where Celery runs tasks inside the caller (``task_always_eager``: the dev host, test settings)."""
    from ce_plugin import tasks  # pylint: disable=import-outside-toplevel
    return bool(tasks.render_statement.app.conf.task_always_eager)


def queue_rendering(statement_id):
    """Queue the PDF rendering; a broker outage only delays it to the first download."""
    from ce_plugin import tasks  # pylint: disable=import-outside-toplevel
    try:
        tasks.render_statement.delay(statement_id)
    except Exception:  # pylint: disable=broad-except
        log.exception("Could not queue the rendering of statement %s; it renders on first download", statement_id)


def request_course_certificate(user, activity_model):
    """
    Ask the platform for the learner's course certificate, now that the claim is final (never fails finalize).

    The audit event records what the platform did: whether it queued a certificate, the status it
    recorded, and its reason when it refused. Returns whether a certificate was queued.
    """
    try:
        outcome = compat.generate_course_certificate(user, activity_model.course_key)
    except Exception:  # pylint: disable=broad-except
        log.exception("Could not request the course certificate of user %s in %s", user.id, activity_model.course_key)
        return False
    audit(AuditAction.CERTIFICATE_REQUESTED, activity=activity_model, actor=user, subject=user,
          requested=outcome.queued, status=outcome.status, refused=outcome.refused)
    return outcome.queued


def _current_statement(user, course_key):
    activity_model = activity_row(course_key)
    return (Statement.objects.filter(user=user, activity=activity_model, revoked_at__isnull=True)
            .order_by("-issued_at", "-id").first())


def get_statement(user, course_key) -> StatementData | None:
    """The learner's current (not revoked) statement for the activity, or ``None``."""
    if not signed_in_or_none(user):
        return None
    statement = _current_statement(user, course_key)
    return statement_data(statement) if statement else None


def get_statement_file(user, course_key) -> StatementFile:
    """
    The learner's statement PDF, served from the records storage.

    Raises ``StatementNotIssued``, or ``StatementNotReady`` while a worker renders it.
    """
    user = signed_in(user)
    statement = _current_statement(user, course_key)
    if statement is None:
        raise errors.StatementNotIssued()
    return _statement_file(statement)


def get_statement_file_by_id(statement_id) -> StatementFile:
    """Any statement's PDF by its row id, for staff views that check the viewer first. Raises ``StatementNotIssued``."""
    statement = Statement.objects.filter(id=int_or_none(statement_id)).first()
    if statement is None:
        raise errors.StatementNotIssued()
    return _statement_file(statement)


def get_activity_statement_file(course_key, verification_code) -> StatementFile:
    """
    A statement of the activity by its verification code (revoked ones too), for its course team.

    Raises ``StatementNotIssued`` when no statement of this activity has the code.
    """
    activity_model = activity_row(course_key)
    code = verification_code if isinstance(verification_code, str) and len(verification_code) <= 64 else ""
    statement = Statement.objects.filter(activity=activity_model, verification_code=code.strip().upper()).first()
    if statement is None:
        raise errors.StatementNotIssued()
    return _statement_file(statement)


def _statement_file(statement) -> StatementFile:
    """
    The stored PDF. One not rendered yet is rendered here only where tasks run eagerly (the dev host, tests);
    with real workers (the LMS) it is queued again and ``StatementNotReady`` raised: never rendered in a request.
    """
    if not statement.pdf:
        if not tasks_run_eagerly():
            queue_rendering(statement.id)
            raise errors.StatementNotReady()
        statement = statements.ensure_pdf(statement.id)
    with statement.pdf.open("rb") as handle:
        content = handle.read()
    return StatementFile(f"statement-of-credit-{statement.verification_code}.pdf", content, statement.pdf_sha256)
