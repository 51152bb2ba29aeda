"""
Past meetings: meetings held without an Open edX course, whose statements the CE office issues (ADR 0020).

A past meeting is a ``CEActivity`` with ``past_meeting`` set and a key that names no course. The office
enters its sessions here (registered as any session is, under generated usage keys of that key) and issues
each attendee's statement through the staff issue (:func:`.records.issue_staff_statement`): the same
snapshot, verification code, PDF, audit trail and transcript as every statement.
"""
from __future__ import annotations

import secrets
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext as _

from ce_plugin import exceptions as errors
from ce_plugin import rules
from ce_plugin.data import SessionData, StatementData
from ce_plugin.models import CEActivity, CESession
from ce_plugin.serializers import credit_type_data, session_data

from .catalog import register_session, retire_session
from .common import activity_row, int_or_none, parse_usage_key, text_input
from .records import issue_staff_statement


def _past_meeting(course_key) -> CEActivity:
    activity = activity_row(course_key)
    if not activity.past_meeting:
        raise errors.InvalidInputError(errors={"__all__": _(
            "This activity has a course: its sessions come from the course's CE Session blocks and its statements "
            "from the learners' claims.")})
    return activity


def _wall_clock(value, field, kind, problems):
    """A ``date`` (``YYYY-MM-DD``) or ``time`` of day (``HH:MM``) as typed; ``None`` with a problem when not one."""
    try:
        text = text_input(value, field, max_length=10)
        if not text:
            problems[field] = _("This field is required.")
            return None
        return kind.fromisoformat(text)
    except (errors.InvalidInputError, ValueError):
        problems[field] = _("Enter the date as YYYY-MM-DD.") if kind is date else _("Enter the time as HH:MM.")
        return None


def add_past_meeting_session(actor, course_key, title, day, starts, ends, track="") -> SessionData:
    """
    Add a session to a past meeting as its programme gives it: ``day`` (``YYYY-MM-DD``), ``starts`` and ``ends``
    (``HH:MM``, wall-clock times in the activity's time zone). Registered and audited as every session is.

    Raises ``InvalidInputError`` per field (``title``, ``day``, ``starts``, ``ends``, ``track``), or for an
    activity that has a course.
    """
    activity = _past_meeting(course_key)
    problems = {}
    day = _wall_clock(day, "day", date, problems)
    start_time = _wall_clock(starts, "starts", time, problems)
    end_time = _wall_clock(ends, "ends", time, problems)
    zone = ZoneInfo(activity.time_zone)
    starts_at = datetime.combine(day, start_time, zone) if day and start_time else None
    ends_at = datetime.combine(day, end_time, zone) if day and end_time else None
    usage_key = activity.course_key.make_usage_key("ce_session", f"past-{secrets.token_hex(8)}")
    try:
        session = register_session(usage_key, title=title, starts_at=starts_at, ends_at=ends_at,
                                   track=track if isinstance(track, str) else None, evaluation=(),
                                   evaluation_required=False, actor=actor) if not problems else None
    except errors.InvalidInputError as exc:
        renamed = {"starts_at": "starts", "ends_at": "ends"}
        problems.update({renamed.get(key, key): message for key, message in exc.field_errors().items()
                         if not (key in renamed and renamed[key] in problems)})
    if problems:
        raise errors.InvalidInputError(errors=problems)
    return session


def remove_past_meeting_session(actor, course_key, usage_key) -> None:
    """
    Take a session out of a past meeting's programme (retired, never deleted: statements issued with it keep it).

    Raises ``SessionNotFound`` for a session of no past meeting's, or of another one.
    """
    activity = _past_meeting(course_key)
    key = parse_usage_key(usage_key)
    if not CESession.objects.filter(activity=activity, usage_key=key, retired_at__isnull=True).exists():
        raise errors.SessionNotFound(usage_key=str(key))
    retire_session(key, actor=actor)


def issue_past_meeting_statement(actor, learner, course_key, statement_type_id, credits, reason) -> StatementData:
    """
    Issue (or reissue) an attendee's statement for a past meeting, from the CE office's records.

    ``learner`` is the attendee's username or e-mail address; ``credits`` maps the meeting's session usage
    keys to the credits attended (typed as ``1.5`` or ``1,5``; blank for a session not attended); ``reason``
    says what the office relied on and stays on the record. Each amount follows the statement's credit type
    (a step of its increment, at most the session's maximum). A statement the attendee already holds for the
    meeting is revoked and replaced, both kept. Raises ``InvalidInputError`` per field and per session.
    """
    activity = _past_meeting(course_key)
    problems = {}
    name = text_input(learner, "learner", max_length=254)
    user = get_user_model().objects.filter(Q(username=name) | Q(email__iexact=name)).order_by("id").first() \
        if name else None
    if user is None:
        problems["learner"] = _("No account has this username or e-mail address.") if name else _(
            "This field is required.")
    statement_type = activity.statement_types.select_related("credit_type").filter(
        id=int_or_none(statement_type_id)).first()
    if statement_type is None:
        problems["statement_type"] = _("Choose one of the meeting's statements of credit.")
    if not isinstance(credits, dict):
        raise errors.InvalidInputError(errors={"credits": _("Expected the credits per session.")})
    sessions = {str(s.usage_key): s for s in CESession.objects.filter(activity=activity, retired_at__isnull=True)}
    lines = []
    for key, value in credits.items():
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        if str(key) not in sessions:
            problems[str(key)] = _("Not a session of this meeting.")
            continue
        try:
            amount = rules.parse_amount(value)
        except ValueError:
            problems[str(key)] = _("Enter a number of credits, such as 1.5 or 1,5.")
            continue
        if statement_type is not None:
            slot = session_data(sessions[str(key)], activity.course_key).slot(credit_type_data(
                statement_type.credit_type))
            found = rules.amount_violations(amount, slot, credit_type_data(statement_type.credit_type).arithmetic)
            if found:
                problems[str(key)] = str(errors.rule_error(found[0]).message)
                continue
        lines.append((str(key), amount))
    if not lines and not any(key in sessions for key in problems):
        problems["credits"] = _("Give the credits of at least one session attended.")
    reason = text_input(reason, "reason", max_length=2000)
    if not reason:
        problems["reason"] = _("A reason is required.")
    if problems:
        raise errors.InvalidInputError(errors=problems)
    return issue_staff_statement(actor, user, activity.course_key, statement_type.id, lines, reason)
