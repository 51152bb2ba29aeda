"""Activities and their sessions: reading them, and registering sessions from CE Session blocks."""
from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ce_plugin import compat, rules
from ce_plugin import exceptions as errors
from ce_plugin.data import ActivityData, ActivityOverview, SessionData
from ce_plugin.evaluations import EvaluationInvalid, clean_questions, shown_questions, standard_questions
from ce_plugin.models import AuditEvent, CEActivity, CESession, CreditType
from ce_plugin.serializers import activity_data, credit_type_data, session_data
from ce_plugin.statuses import AuditAction

from .common import (
    activity_row,
    audit,
    audit_event,
    live_session_row,
    parse_course_key,
    parse_usage_key,
    representable,
    signed_in_or_none,
)


def is_ce_course(course_key) -> bool:
    """True when the course run has a published CE activity (one indexed query)."""
    try:
        key = parse_course_key(course_key)
    except errors.InvalidKeyError:
        return False
    return CEActivity.objects.filter(course_key=key, published=True).exists()


def get_activity(course_key) -> ActivityData:
    """The CE activity of a course run; raises ``ActivityNotFound``."""
    return activity_data(activity_row(course_key))


def list_sessions(course_key) -> tuple[SessionData, ...]:
    """The activity's live sessions in time order, from one indexed query."""
    activity = activity_row(course_key)
    sessions = CESession.objects.filter(activity=activity, retired_at__isnull=True).order_by("starts_at", "track", "id")
    return tuple(session_data(s, activity.course_key) for s in sessions)


def get_activity_overview(course_key) -> ActivityOverview:
    """An activity with its statement types, disclosure pages and live sessions (a fixed number of queries)."""
    activity = activity_row(course_key)
    sessions = CESession.objects.filter(activity=activity, retired_at__isnull=True).order_by("starts_at", "track", "id")
    return ActivityOverview(activity_data(activity), tuple(session_data(s, activity.course_key) for s in sessions))


def get_session(usage_key) -> SessionData:
    """One live session; raises ``SessionNotFound``."""
    session = live_session_row(usage_key)
    return session_data(session, session.activity.course_key)


def can_author(user, course_key) -> bool:
    """True when ``user`` may edit the course's CE sessions (course staff or instructor, or global staff)."""
    if not signed_in_or_none(user):
        return False
    return compat.is_course_staff(user, parse_course_key(course_key))


def standard_evaluation() -> list[dict]:
    """The standard accreditation evaluation items as a session stores them (language-neutral)."""
    return standard_questions()


def shown_evaluation(questions) -> list[dict]:
    """
    Evaluation questions as the reader sees them: the standard items in the active language, an author's
    questions as typed (ids and choice ids unchanged).
    """
    return shown_questions(questions)


def list_credit_types() -> tuple:
    """Every credit type, by name."""
    return tuple(credit_type_data(ct) for ct in CreditType.objects.order_by("name"))


def suggest_max_credits(starts_at, ends_at) -> dict:
    """What a session of this duration earns in each credit type (the editor's suggestion): ``{code: Decimal}``."""
    if not (isinstance(starts_at, datetime) and isinstance(ends_at, datetime)) or ends_at <= starts_at:
        return {}
    return {ct.code: rules.session_maximum(starts_at, ends_at, None, ct.arithmetic) for ct in list_credit_types()}


def clean_session_fields(*, title=None, starts_at=None, ends_at=None, track="", speakers=(), learning_objectives=(),
                         max_credits=None, evaluation=(), evaluation_required=True, known_credit_types=None) -> dict:
    """
    The session fields as they would be registered, validated; raises ``InvalidInputError`` listing every problem.

    The CE Session block's editor saves nothing unless this passes. ``known_credit_types`` (the codes) spares a
    query per block when many are cleaned at once.
    """
    if known_credit_types is None:
        known_credit_types = set(CreditType.objects.values_list("code", flat=True))
    fields = _clean_session_fields(title, starts_at, ends_at, track, speakers, learning_objectives, max_credits,
                                   evaluation, known_credit_types)
    fields["evaluation_required"] = bool(evaluation_required) and bool(fields["evaluation"])
    return fields


def _clean_session_fields(title, starts_at, ends_at, track, speakers, learning_objectives, max_credits, evaluation,
                          known):
    problems = {}
    title = title.strip() if isinstance(title, str) else ""
    if not title or len(title) > 255:
        problems["title"] = _("A title of 1 to 255 characters is required.")
    track = track.strip()[:120] if isinstance(track, str) else None
    if track is None:
        problems["track"] = _("A track is a text.")
    for name, value in (("starts_at", starts_at), ("ends_at", ends_at)):
        if not representable(value):
            problems[name] = _("A date and time with its time zone is required.")
    if "starts_at" not in problems and "ends_at" not in problems and ends_at <= starts_at:
        problems["ends_at"] = _("The session must end after it starts.")
    lists = {}
    for name, value in (("speakers", speakers), ("learning_objectives", learning_objectives)):
        if not isinstance(value, (list, tuple)) or not all(isinstance(item, str) for item in value):
            problems[name] = _("A list of texts is expected.")
        else:
            lists[name] = [item.strip() for item in value if item.strip()]
    maxima = {}
    if max_credits is not None and not isinstance(max_credits, dict):
        problems["max_credits"] = _("Expected a maximum per credit type.")
        max_credits = {}
    for code, amount in (max_credits or {}).items():
        try:
            value = rules.to_decimal(amount) if amount not in (None, "") else None
        except ValueError:
            problems[f"max_credits.{code}"] = _("Not a number of credits.")
            continue
        if code not in known:
            problems[f"max_credits.{code}"] = _("Unknown credit type.")
        elif value is not None and value < 0:
            problems[f"max_credits.{code}"] = _("A maximum cannot be negative.")
        elif value is not None:
            maxima[code] = str(value)
    questions = []
    if not isinstance(evaluation, (list, tuple)):
        problems["evaluation"] = _("Expected a list of questions.")
    else:
        try:
            questions = clean_questions(list(evaluation))
        except EvaluationInvalid as exc:
            problems.update({f"evaluation.{k}": str(v) for k, v in exc.errors.items()})
    if problems:
        raise errors.InvalidInputError(errors=problems)
    return {"title": title, "starts_at": starts_at, "ends_at": ends_at, "track": track,
            "speakers": lists["speakers"], "learning_objectives": lists["learning_objectives"],
            "max_credits": maxima, "evaluation": questions}


def register_session(usage_key, *, title=None, starts_at=None, ends_at=None, track="", speakers=(),
                     learning_objectives=(), max_credits=None, evaluation=(), evaluation_required=True,
                     actor=None) -> SessionData:
    """
    Create or update the session of a CE Session block (called from the block and on publish).

    A retired session registered again comes back to life with its claims intact.
    Raises ``InvalidKeyError``, ``ActivityNotFound`` or ``InvalidInputError`` (nothing saved).
    """
    usage_key = parse_usage_key(usage_key)
    activity = activity_row(usage_key.course_key)
    fields = clean_session_fields(title=title, starts_at=starts_at, ends_at=ends_at, track=track, speakers=speakers,
                                  learning_objectives=learning_objectives, max_credits=max_credits,
                                  evaluation=evaluation, evaluation_required=evaluation_required)
    with transaction.atomic():
        session = CESession.objects.select_for_update().filter(usage_key=usage_key).first()
        if session is None:
            session = CESession.objects.create(activity=activity, usage_key=usage_key, **fields)
            sessions_changed(activity.id)
            audit(AuditAction.SESSION_REGISTERED, activity=activity, actor=actor, usage_key=usage_key)
        else:
            if session.activity_id != activity.id:
                raise errors.InvalidInputError(errors={"usage_key": _("The block belongs to another activity.")})
            changed = _apply_fields(session, fields)
            if changed is not None:
                session.save()
                sessions_changed(activity.id)
                audit(AuditAction.SESSION_UPDATED, activity=activity, actor=actor, usage_key=usage_key,
                       fields=sorted(changed))
    return session_data(session, activity.course_key)


def _apply_fields(session, fields):
    """
    Set a registered session's fields to a block's, bringing a retired one back: the names of the fields that
    changed, or ``None`` when there is nothing to save.
    """
    changed = [name for name, value in fields.items() if getattr(session, name) != value]
    if not changed and session.retired_at is None:
        return None
    for name in changed:
        setattr(session, name, fields[name])
    session.retired_at = None
    return changed


def sessions_changed(activity_id):
    """Note that a session of the activity changed (one update; the activity's ``modified`` stays)."""
    CEActivity.objects.filter(id=activity_id).update(sessions_changed_at=timezone.now())


def retire_session(usage_key, actor=None) -> None:
    """Mark a session whose block was removed as retired; its claims and evaluations stay."""
    now = timezone.now()  # ``modified`` too: cached figures (the designated maximum) key on it
    updated = CESession.objects.filter(usage_key=parse_usage_key(usage_key), retired_at__isnull=True).update(
        retired_at=now, modified=now)
    if updated:
        session = CESession.objects.select_related("activity").get(usage_key=parse_usage_key(usage_key))
        sessions_changed(session.activity_id)
        audit(AuditAction.SESSION_UPDATED, activity=session.activity, actor=actor, usage_key=usage_key,
               fields=["retired_at"])


BATCH = 500  # rows per insert or update statement on publish

SESSION_FIELDS = ("title", "starts_at", "ends_at", "track", "speakers", "learning_objectives", "max_credits",
                  "evaluation", "evaluation_required")


def sync_course_sessions(course_key, blocks, actor=None) -> dict:
    """
    Make the course's sessions match its published CE Session blocks (called on publish).

    ``blocks`` are ``(usage_key, fields)`` pairs, ``fields`` as ``register_session`` takes them.
    Each block is registered or updated; sessions whose block is gone are retired (their claims
    stay). A block whose fields do not validate is skipped and reported, never half-saved.
    Returns ``{"registered": [...], "retired": [...], "invalid": {usage_key: errors}}``. A past meeting's
    sessions are the CE office's: ``InvalidInputError``, nothing changed (ADR 0020).

    A publish is a fixed number of queries whatever the number of blocks: the activity, the credit
    types, one locked read of the sessions, then at most one insert, one update and one retirement
    (each in batches of ``BATCH`` rows), one change mark and one insert of audit events.
    """
    activity = activity_row(course_key)
    if activity.past_meeting:
        raise errors.InvalidInputError(errors={"__all__": _(
            "This is a past meeting: its sessions are entered by the CE office, not published from a course.")})
    if not isinstance(blocks, (list, tuple)) or not all(
            isinstance(block, (list, tuple)) and len(block) == 2 and isinstance(block[1], dict) for block in blocks):
        raise errors.InvalidInputError(errors={"blocks": _("Expected (usage key, fields) pairs.")})
    known = set(CreditType.objects.values_list("code", flat=True))
    wanted, invalid = {}, {}
    for usage_key, fields in blocks:
        key = parse_usage_key(usage_key)
        try:
            wanted[key] = clean_session_fields(known_credit_types=known, **{
                name: fields.get(name) for name in SESSION_FIELDS if name in fields})
        except errors.InvalidInputError as exc:
            invalid[str(key)] = exc.params.get("errors", {})
    now = timezone.now()
    with transaction.atomic():
        existing = {session.usage_key: session for session in CESession.objects.select_for_update().filter(
            Q(activity=activity) | Q(usage_key__in=list(wanted)))}
        created, updated, events = [], [], []
        for key, fields in wanted.items():
            session = existing.get(key)
            if session is None:
                created.append(CESession(activity=activity, usage_key=key, created=now, modified=now, **fields))
                events.append(audit_event(AuditAction.SESSION_REGISTERED, activity=activity, actor=actor,
                                          usage_key=key))
            elif session.activity_id != activity.id:
                invalid[str(key)] = {"usage_key": _("The block belongs to another activity.")}
            else:
                changed = _apply_fields(session, fields)
                if changed is not None:
                    session.modified = now
                    updated.append(session)
                    events.append(audit_event(AuditAction.SESSION_UPDATED, activity=activity, actor=actor,
                                              usage_key=key, fields=sorted(changed)))
        retired = [session for key, session in existing.items()
                   if session.activity_id == activity.id and session.retired_at is None and key not in wanted]
        CESession.objects.bulk_create(created, batch_size=BATCH)
        CESession.objects.bulk_update(updated, [*SESSION_FIELDS, "retired_at", "modified"], batch_size=BATCH)
        if retired:
            CESession.objects.filter(id__in=[session.id for session in retired]).update(retired_at=now, modified=now)
            events += [audit_event(AuditAction.SESSION_UPDATED, activity=activity, actor=actor,
                                   usage_key=session.usage_key, fields=["retired_at"]) for session in retired]
        if created or updated or retired:
            sessions_changed(activity.id)
        AuditEvent.objects.bulk_create(events, batch_size=BATCH)
    registered = [str(key) for key in wanted if str(key) not in invalid]
    return {"registered": registered, "retired": [str(session.usage_key) for session in retired], "invalid": invalid}
