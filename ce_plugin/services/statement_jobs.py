"""
Statements in bulk for the CE office: issue, reissue or revoke for a selection or a whole activity.

A job fixes its learners when it starts (one item each) and is worked by Celery in chunks of
``CHUNK`` learners (``tasks.run_statement_job`` fans out ``tasks.process_statement_job`` tasks), so
two worker processes share a job. Each item runs in its own transaction, under a row lock, and is
skipped once done: a chunk delivered twice issues nothing twice. Statements are rendered by the
worker that issued them, never in a request. Every statement issued or revoked is audited as it
happens (``STATEMENT_ISSUED``/``STATEMENT_REVOKED``), the job when it starts.
"""
from __future__ import annotations

import logging
import uuid

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count, Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from ce_plugin import exceptions as errors
from ce_plugin.data import StatementJobData, StatementJobFailure
from ce_plugin.models import LearnerClaim, SessionClaim, Statement, StatementJob, StatementJobItem
from ce_plugin.statuses import AuditAction

from .common import activity_row, audit, int_or_none, limit_input, signed_in_or_none, text_input
from .issuing import render_statement
from .records import issue_staff_statement_row, revoke_statement

log = logging.getLogger(__name__)

CHUNK = 10  # learners per task: small enough that two workers share a meeting-sized job evenly
MAX_SELECTION = 50_000
KINDS = {StatementJob.ISSUE, StatementJob.REISSUE, StatementJob.REVOKE}


def _valid_statements(activity):
    return Statement.objects.filter(activity=activity, revoked_at__isnull=True)


def _claims_with_credit(activity):
    """The activity's claims with a statement type and at least one line of credit: what a statement is issued from."""
    return LearnerClaim.objects.filter(activity=activity, statement_type__isnull=False).filter(
        Exists(SessionClaim.objects.filter(claim=OuterRef("pk"), credits__gt=0)))


def _candidates(activity, kind):
    """The learners a job of ``kind`` acts on when no selection is given (a queryset of user ids)."""
    if kind == StatementJob.REVOKE:
        return _valid_statements(activity).values_list("user_id", flat=True)
    valid = Exists(_valid_statements(activity).filter(user=OuterRef("user")))
    claims = _claims_with_credit(activity)
    claims = claims.filter(valid) if kind == StatementJob.REISSUE else claims.exclude(valid)
    return claims.values_list("user_id", flat=True)


def _eligible(activity, kind, user_ids):
    """Of the selected learners, those a job of ``kind`` can act on."""
    rows = _valid_statements(activity) if kind == StatementJob.REVOKE else _claims_with_credit(activity)
    return rows.filter(user_id__in=user_ids).values_list("user_id", flat=True)


def statement_job_counts(course_key) -> dict:
    """How many learners each kind of job would act on for the whole activity: ``{kind: count}``."""
    activity = activity_row(course_key)
    return {kind: _candidates(activity, kind).count() for kind in sorted(KINDS)}


def start_statement_job(actor, course_key, kind, reason, usernames=None) -> StatementJobData:
    """
    Start issuing (``issue``), reissuing (``reissue``) or revoking (``revoke``) statements in the background.

    Without ``usernames`` the job takes the whole activity: ``issue`` every learner with credits claimed
    and no valid statement, ``reissue`` and ``revoke`` every learner with a valid one. With ``usernames``
    it takes those of them it can act on (a learner with claimed credits for ``issue``/``reissue``, with a
    valid statement for ``revoke``); the others are counted as skipped. A reason is required; reissued
    statements are revoked with "Reissued: <reason>". Raises ``InvalidInputError``.
    """
    activity = activity_row(course_key)
    if not isinstance(kind, str) or kind not in KINDS:
        raise errors.InvalidInputError(errors={"kind": _("Choose issue, reissue or revoke.")})
    reason = text_input(reason, "reason", max_length=2000)
    if not reason:
        raise errors.InvalidInputError(errors={"reason": _("A reason is required.")})
    if usernames is None:
        user_ids, selected = sorted(set(_candidates(activity, kind))), None
    else:
        if not isinstance(usernames, (list, tuple, set)) or not all(isinstance(n, str) for n in usernames) \
                or len(usernames) > MAX_SELECTION:
            raise errors.InvalidInputError(errors={"usernames": _("Expected a list of usernames.")})
        selected = set(get_user_model().objects.filter(username__in=list(usernames)).values_list("id", flat=True))
        user_ids = sorted(set(_eligible(activity, kind, selected)))
    if not user_ids:
        raise errors.InvalidInputError(errors={"usernames": _("No learner to act on.")})
    with transaction.atomic():
        job = StatementJob.objects.create(activity=activity, kind=kind, reason=reason, total=len(user_ids),
                                          created_by=signed_in_or_none(actor))
        StatementJobItem.objects.bulk_create([StatementJobItem(job=job, user_id=user_id) for user_id in user_ids],
                                             batch_size=1000)
        audit(AuditAction.STATEMENT_JOB_STARTED, activity=activity, actor=actor, job=str(job.id), kind=kind,
              reason=reason, learners=len(user_ids),
              skipped=0 if selected is None else len(usernames) - len(user_ids))
        from ce_plugin import tasks  # pylint: disable=import-outside-toplevel
        transaction.on_commit(lambda: tasks.run_statement_job.delay(str(job.id)))
    return _job_data(job)


def _job_uuid(job_id):
    try:
        return job_id if isinstance(job_id, uuid.UUID) else uuid.UUID(job_id)
    except (TypeError, ValueError, AttributeError):
        raise errors.NotFoundError() from None


def _job_data(job, with_failures=True) -> StatementJobData:
    counts = dict(job.items.values_list("status").annotate(n=Count("id")).order_by())
    failures = ()
    if with_failures and counts.get(StatementJobItem.FAILED):
        failures = tuple(StatementJobFailure(username, message) for username, message in job.items.filter(
            status=StatementJobItem.FAILED).values_list("user__username", "message").order_by("id")[:200])
    return StatementJobData(
        id=str(job.id), kind=job.kind, kind_label=str(job.get_kind_display()), reason=job.reason, total=job.total,
        done=counts.get(StatementJobItem.DONE, 0), failed=counts.get(StatementJobItem.FAILED, 0),
        created=job.created, finished_at=job.finished_at, failures=failures)


def get_statement_job(course_key, job_id) -> StatementJobData:
    """A job's progress; ``NotFoundError`` for a job of another activity or none."""
    job = StatementJob.objects.filter(activity=activity_row(course_key), id=_job_uuid(job_id)).first()
    if job is None:
        raise errors.NotFoundError()
    return _job_data(job)


def list_statement_jobs(course_key, limit=20) -> tuple[StatementJobData, ...]:
    """The activity's latest jobs, newest first."""
    activity, limit = activity_row(course_key), limit_input(limit, "limit", maximum=200) or 20
    jobs = StatementJob.objects.filter(activity=activity).order_by("-created")[:limit]
    return tuple(_job_data(job, with_failures=False) for job in jobs)


def run_statement_job(job_id, chunk=CHUNK) -> int:
    """Queue the job's pending learners as tasks of ``chunk`` learners (run by a worker); returns the task count."""
    from ce_plugin import tasks  # pylint: disable=import-outside-toplevel
    chunk = limit_input(chunk, "chunk", maximum=1000) or CHUNK
    job = StatementJob.objects.filter(id=_job_uuid(job_id)).first()
    if job is None:
        raise errors.NotFoundError()
    ids = list(job.items.filter(status=StatementJobItem.PENDING).order_by("id").values_list("id", flat=True))
    for start in range(0, len(ids), chunk):
        tasks.process_statement_job.delay(str(job.id), ids[start:start + chunk])
    if not ids:
        _finish(job)
    return -(-len(ids) // chunk)


def process_statement_job(job_id, item_ids) -> int:
    """Work one chunk of a job's learners (run by a worker); returns how many it did now."""
    job = StatementJob.objects.select_related("activity", "created_by").filter(id=_job_uuid(job_id)).first()
    if job is None:
        raise errors.NotFoundError()
    ids = [int_or_none(item_id) for item_id in item_ids] if isinstance(item_ids, (list, tuple)) else [None]
    if None in ids:
        raise errors.InvalidInputError(errors={"item_ids": _("Expected a list of ids.")})
    worked = 0
    for item_id in ids:
        statement_id = None
        with transaction.atomic():
            item = (StatementJobItem.objects.select_for_update().select_related("user")
                    .filter(id=item_id, job=job, status=StatementJobItem.PENDING).first())
            if item is None:
                continue  # done already: a redelivered chunk
            try:
                with transaction.atomic():
                    statement_id, item.verification_code = _act(job, item.user)
                item.status = StatementJobItem.DONE
            except errors.CEError as exc:
                item.status, item.message = StatementJobItem.FAILED, str(exc.message)[:500]
            item.finished_at = timezone.now()
            item.save(update_fields=["status", "verification_code", "message", "finished_at"])
        if statement_id is not None:
            render_statement(statement_id)  # in the worker, after the statement is committed
        worked += 1
    if not job.items.filter(status=StatementJobItem.PENDING).exists():
        _finish(job)
    return worked


def _act(job, user):
    """Issue or revoke one learner's statement; returns ``(id of a statement to render or None, code)``."""
    course_key = job.activity.course_key
    if job.kind == StatementJob.REVOKE:
        statement = _valid_statements(job.activity).filter(user=user).first()
        if statement is None:
            raise errors.StatementNotIssued()
        revoke_statement(statement.verification_code, job.reason, actor=job.created_by)
        return None, statement.verification_code
    claim = LearnerClaim.objects.filter(activity=job.activity, user=user).first()
    if claim is None or claim.statement_type_id is None:
        raise errors.StatementTypeNotFound()
    lines = [(line.session.usage_key, line.credits) for line in
             claim.session_claims.select_related("session").filter(credits__gt=0)]
    issued = issue_staff_statement_row(job.created_by, user, course_key, claim.statement_type_id, lines, job.reason)
    return issued.id, issued.verification_code  # rendered by this worker once the item is committed


def _finish(job):
    StatementJob.objects.filter(id=job.id, finished_at__isnull=True).update(finished_at=timezone.now())
    log.info("Statement job %s (%s) finished", job.id, job.kind)

