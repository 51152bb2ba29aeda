"""Statements as lasting records: public verification, revocation, staff issue and reissue, transcripts."""
from __future__ import annotations

import logging
from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ce_plugin import exceptions as errors
from ce_plugin import rules, signals
from ce_plugin.data import Transcript, TranscriptEntry, TranscriptTotal
from ce_plugin.models import CESession, LearnerClaim, SessionClaim, Statement
from ce_plugin.serializers import credit_type_data, session_data, statement_data
from ce_plugin.statuses import AuditAction, ClaimStatus

from .common import activity_row, audit, int_or_none, parse_usage_key, signed_in, text_input
from .issuing import issue_statement_row, queue_rendering

log = logging.getLogger(__name__)


def normalize_code(code) -> str:
    """
    ``k7qm2xrd9pwa`` or ``K7QM 2XRD 9PWA`` -> ``K7QM-2XRD-9PWA``; other input is returned as its ASCII letters
    and digits, upper-cased (``""`` when it has none: no code).
    """
    text = code if isinstance(code, str) else ""
    compact = "".join(ch for ch in text.upper()[:64] if ch.isascii() and ch.isalnum())
    return "-".join(compact[i:i + 4] for i in range(0, 12, 4)) if len(compact) == 12 else compact


def get_statement_by_code(code):
    """The statement with this verification code (valid or revoked), or ``None``."""
    statement = Statement.objects.filter(verification_code=normalize_code(code)).first()
    return statement_data(statement) if statement else None


def revoke_statement(code, reason, actor=None, now=None):
    """
    Revoke a statement, keeping its row, with the date and the reason. Revoking twice keeps the first.

    Raises ``StatementNotIssued`` for an unknown code and ``InvalidInputError`` without a reason.
    """
    reason = text_input(reason, "reason", max_length=2000)
    if not reason:
        raise errors.InvalidInputError(errors={"reason": _("A reason is required.")})
    with transaction.atomic():
        statement = Statement.objects.select_for_update().filter(verification_code=normalize_code(code)).first()
        if statement is None:
            raise errors.StatementNotIssued()
        if statement.revoked_at is None:
            statement.revoked_at, statement.revoked_reason = now or timezone.now(), reason
            statement.current = None  # no longer the learner's valid statement for the activity
            statement.save(update_fields=["revoked_at", "revoked_reason", "current"])
            audit(AuditAction.STATEMENT_REVOKED, activity=statement.activity, actor=actor, subject=statement.user,
                  verification_code=statement.verification_code, reason=reason)
            from .transcripts import statements_changed  # pylint: disable=import-outside-toplevel
            statements_changed(statement.user_id)
            course = statement.snapshot["activity"]["course_key"]
            transaction.on_commit(lambda: signals.statement_revoked.send(
                sender=Statement, user=statement.user, course_key=course,
                verification_code=statement.verification_code, reason=reason))
    return statement_data(statement)


def revoke_course_statements(user, course_key, reason, actor=None, now=None) -> int:
    """Revoke every valid statement of the learner for the course run (e.g. when the LMS revoked its certificate)."""
    user = signed_in(user)
    codes = list(Statement.objects.filter(user=user, activity__course_key=activity_row(course_key).course_key,
                                          revoked_at__isnull=True).values_list("verification_code", flat=True))
    for code in codes:
        revoke_statement(code, reason, actor=actor, now=now)
    return len(codes)


def issue_staff_statement(actor, user, course_key, statement_type_id, lines, reason, now=None):
    """
    Issue (or reissue) a learner's statement from the CE office; its PDF is queued for a worker. See
    :func:`issue_staff_statement_row`.
    """
    statement = issue_staff_statement_row(actor, user, course_key, statement_type_id, lines, reason, now=now)
    transaction.on_commit(lambda: queue_rendering(statement.id))
    return statement_data(statement)


def issue_staff_statement_row(actor, user, course_key, statement_type_id, lines, reason, now=None):
    """
    Issue (or reissue) a learner's statement from the CE office, with a reason kept on the record.

    ``lines`` are ``(usage_key, credits)`` pairs of the activity's sessions. Amount rules still
    apply (steps, session maxima) but not the claim window or the steps before claiming: this is
    how past meetings and corrections are handled. A valid statement the learner already has is
    revoked ("Reissued: <reason>") and the new one ``replaces`` it. The learner's claim becomes
    finalized with exactly these lines. Returns the statement row; the caller sees to its PDF (a bulk job's
    worker renders it itself rather than queuing a task another worker would wait on).
    """
    user = signed_in(user)
    reason = text_input(reason, "reason", max_length=2000)
    if not reason:
        raise errors.InvalidInputError(errors={"reason": _("A reason is required.")})
    activity_model = activity_row(course_key)
    statement_type = activity_model.statement_types.select_related("credit_type").filter(
        id=int_or_none(statement_type_id)).first()
    if statement_type is None:
        raise errors.StatementTypeNotFound()
    if not isinstance(lines, (list, tuple)) or not all(
            isinstance(line, (list, tuple)) and len(line) == 2 for line in lines):
        raise errors.InvalidInputError(errors={"lines": _("Expected (session, credits) pairs.")})
    keys = [parse_usage_key(key) for key, _credits in lines]
    sessions = {str(s.usage_key): s for s in CESession.objects.filter(activity=activity_model, usage_key__in=keys)}
    wanted = {}
    for key, credits in lines:
        key = str(parse_usage_key(key))
        if key not in sessions:
            raise errors.SessionNotFound(usage_key=key)
        try:
            wanted[key] = rules.to_decimal(credits)
        except ValueError:
            raise errors.rule_error(rules.Violation(rules.NOT_POSITIVE, {"amount": credits})) from None
    credit_type = credit_type_data(statement_type.credit_type)
    for key, amount in wanted.items():
        found = rules.amount_violations(amount, session_data(sessions[key], activity_model.course_key)
                                        .slot(credit_type), credit_type.arithmetic)
        if found:
            raise errors.rule_error(found[0])
    if not wanted:
        raise errors.NothingClaimed()
    now = now or timezone.now()
    with transaction.atomic():
        previous = (Statement.objects.select_for_update()
                    .filter(user=user, activity=activity_model, revoked_at__isnull=True).first())
        if previous is not None:
            revoke_statement(previous.verification_code, f"Reissued: {reason}", actor=actor, now=now)
        claim, _created = LearnerClaim.objects.select_for_update().get_or_create(activity=activity_model, user=user)
        claim.statement_type, claim.status, claim.finalized_at = statement_type, ClaimStatus.FINALIZED, now
        claim.save()
        claim_lines = _set_lines(claim, sessions, wanted, now)
        statement = issue_statement_row(user, activity_model, claim, claim_lines, now, issued_by=actor,
                                     staff_reason=reason, replaces=previous)
    return statement


def _set_lines(claim, sessions, wanted, now):
    """The claim's lines become exactly ``wanted`` (usage key -> credits), in a fixed number of statements."""
    current = {str(line.session.usage_key): line for line in claim.session_claims.select_related("session")}
    gone = [line.id for key, line in current.items() if key not in wanted]
    changed, created = [], []
    for key, amount in wanted.items():
        line = current.get(key)
        if line is None:
            created.append(SessionClaim(claim=claim, session=sessions[key], credits=amount))
        elif line.credits != amount:
            line.credits, line.modified = amount, now
            changed.append(line)
    if gone:
        SessionClaim.objects.filter(id__in=gone).delete()
    SessionClaim.objects.bulk_update(changed, ["credits", "modified"])
    SessionClaim.objects.bulk_create(created)
    return [line for key, line in current.items() if key in wanted] + created


def get_transcript(user) -> Transcript:
    """
    Every statement the learner holds, across all courses, with totals per credit type per year and overall.

    Revoked statements are listed as such and left out of the totals. One query, whatever the count.
    """
    user = signed_in(user)
    entries, per_year, overall = [], defaultdict(lambda: Decimal("0.00")), defaultdict(lambda: Decimal("0.00"))
    labels = {}
    rows = Statement.objects.filter(user=user).order_by("-issued_at", "-id").only(
        "verification_code", "snapshot", "issued_at", "revoked_at", "issued_by_id")
    for row in rows:
        snap = row.snapshot
        credit_type = snap["statement_type"]["credit_type"]
        completed = date.fromisoformat(snap.get("completion_date") or row.issued_at.date().isoformat())
        total = Decimal(snap["total"])
        entries.append(TranscriptEntry(
            verification_code=row.verification_code, course_key=snap["activity"]["course_key"],
            activity_title=snap["activity"]["title"], statement_type=snap["statement_type"]["name"],
            credit_type_code=credit_type["code"], unit_label=credit_type["unit_label"], credits=total,
            completed_on=completed, issued_at=row.issued_at, revoked_at=row.revoked_at,
            staff_issued=row.issued_by_id is not None, past_meeting=bool(snap["activity"].get("past_meeting"))))
        if row.revoked_at is None:
            labels[credit_type["code"]] = (credit_type["name"], credit_type["unit_label"])
            per_year[(completed.year, credit_type["code"])] += total
            overall[credit_type["code"]] += total
    return Transcript(
        entries=tuple(entries),
        by_year=tuple(TranscriptTotal(year, code, labels[code][0], labels[code][1], total)
                      for (year, code), total in sorted(per_year.items(), key=lambda item: (-item[0][0], item[0][1]))),
        overall=tuple(TranscriptTotal(None, code, labels[code][0], labels[code][1], total)
                      for code, total in sorted(overall.items())),
    )
