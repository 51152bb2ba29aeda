"""
Session check-in: the rotating code on a session's check-in screen, learners checking in with it, and what
their check-ins prove (presence before claiming) and suggest (credit).

A code is derived, never stored: an HMAC of the session's usage key and the number of the current rotation,
keyed by the site's ``SECRET_KEY`` (``django.utils.crypto.salted_hmac``), written in the group-code alphabet.
Showing a new code every few minutes therefore writes nothing; checking the code a learner typed is a
comparison with the codes of the sessions whose check-in is open (the rotation shown and the one before it).
The code names no session, so a learner types only the code; a code of another session, activity or
rotation simply matches nothing.
"""
from __future__ import annotations

import hmac
import math
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from ce_plugin import counters, rules
from ce_plugin import exceptions as errors
from ce_plugin.data import CheckInData, CheckInScreenData, CheckInSuggestion
from ce_plugin.formatting import format_credits, format_time
from ce_plugin.models import CESession, SessionCheckIn
from ce_plugin.statuses import AuditAction, CheckInPhase, CheckInPresence

from .attendance import GROUP_ALPHABET
from .common import activity_row, audit, live_session_row, require_enrolled, signed_in

CODE_LENGTH = 6  # 30 bits, valid for two rotations, behind the attempt throttle
SALT = "ce_plugin.check_in"
_NOT_CODE = re.compile(r"[\s-]+")


def rotation() -> int:
    """Seconds each check-in code is shown (``CE_CHECK_IN_ROTATION``)."""
    return max(int(getattr(settings, "CE_CHECK_IN_ROTATION", 180)), 30)


def _margins() -> tuple[timedelta, timedelta]:
    """How long before a session its check-in opens, and how long after it ends it closes (the settings)."""
    return (timedelta(minutes=getattr(settings, "CE_CHECK_IN_OPENS_BEFORE", 15)),
            timedelta(minutes=getattr(settings, "CE_CHECK_IN_CLOSES_AFTER", 15)))


def _window(session, now) -> tuple[datetime, datetime, str]:
    """The session's check-in window and its state at ``now``: ``(opens, closes, state)``."""
    opens, closes = rules.check_in_window(session.starts_at, session.ends_at, *_margins())
    return opens, closes, rules.check_in_state(now, opens, closes)


def session_code(usage_key, slot: int) -> str:
    """The check-in code of the session ``usage_key`` for rotation ``slot``."""
    number = int.from_bytes(salted_hmac(SALT, f"{usage_key}|{slot}", algorithm="sha256").digest()[:8], "big")
    letters = []
    for _position in range(CODE_LENGTH):
        number, index = divmod(number, len(GROUP_ALPHABET))
        letters.append(GROUP_ALPHABET[index])
    return "".join(letters)


def normalize_code(value) -> str:
    """A typed code as compared: upper case, without spaces or hyphens (``ABC-123`` is ``ABC123``)."""
    return _NOT_CODE.sub("", value).upper() if isinstance(value, str) else ""


def get_check_in_screen(usage_key, now=None) -> CheckInScreenData:
    """What a session's check-in screen shows at ``now``: the code while check-in is open, and the counts."""
    session = live_session_row(usage_key)
    now = now or timezone.now()
    opens, closes, state = _window(session, now)
    code, changes_at = "", None
    if state == "open":
        slot = rules.code_slot(now, rotation())
        code, changes_at = session_code(session.usage_key, slot), rules.slot_ends_at(slot, rotation())
    counts = SessionCheckIn.objects.filter(session=session).aggregate(
        start=Count("id", filter=Q(phase=CheckInPhase.START)), end=Count("id", filter=Q(phase=CheckInPhase.END)),
        learners=Count("user", distinct=True))
    return CheckInScreenData(
        usage_key=str(session.usage_key), course_key=str(session.activity.course_key), title=session.title,
        starts_at=session.starts_at, ends_at=session.ends_at, opens_at=opens, closes_at=closes, state=state,
        code=code, changes_at=changes_at, time_zone=session.activity.time_zone,
        start_count=counts["start"], end_count=counts["end"], learner_count=counts["learners"])


def _throttle_key(activity, user) -> str:
    return f"ce_plugin:check-in-refusals:{activity.id}:{user.id}"


def check_in(user, course_key, code, now=None) -> CheckInData:
    """
    Check the learner in to the session whose screen shows ``code`` now, once per half of the session.

    Checking in again in the same half changes nothing and says so (``already``). Refused codes count
    against the learner for the activity in the shared cache: after ``CE_CLAIM_ATTEMPT_LIMIT`` within
    ``CE_CLAIM_ATTEMPT_WINDOW`` seconds, codes are refused unchecked. Raises ``CheckInCodeInvalid``,
    ``CheckInThrottled``, ``NotEnrolledError`` or ``ActivityNotFound`` (also for an unpublished activity).
    """
    user = signed_in(user)
    activity = activity_row(course_key)
    if not activity.published:
        raise errors.ActivityNotFound(course_key=str(course_key))
    require_enrolled(user, activity.course_key)
    now = now or timezone.now()
    limit = getattr(settings, "CE_CLAIM_ATTEMPT_LIMIT", 5)
    window = getattr(settings, "CE_CLAIM_ATTEMPT_WINDOW", 900)
    refusals = _throttle_key(activity, user)
    if counters.current(refusals) >= limit:
        raise errors.CheckInThrottled(minutes=math.ceil(window / 60))
    typed = normalize_code(code)
    match = None
    if len(typed) == CODE_LENGTH:
        lead, grace = _margins()  # the sessions whose window (rules.check_in_window) holds now
        candidates = CESession.objects.filter(activity=activity, retired_at__isnull=True,
                                              starts_at__lte=now + lead, ends_at__gte=now - grace)
        slots = rules.accepted_slots(now, rotation())
        match = next(((session, slot) for session in candidates for slot in slots
                      if hmac.compare_digest(session_code(session.usage_key, slot), typed)), None)
    if match is None:
        counters.count(refusals, window)
        raise errors.CheckInCodeInvalid()
    session, slot = match
    phase = rules.check_in_phase(now, session.starts_at, session.ends_at)
    try:
        with transaction.atomic():
            row, created = SessionCheckIn.objects.get_or_create(
                session=session, user=user, phase=phase, defaults={"checked_in_at": now, "slot": slot})
            if created:
                audit(AuditAction.CHECKED_IN, activity=activity, actor=user, subject=user,
                      usage_key=str(session.usage_key), phase=phase, slot=slot)
    except IntegrityError:  # the same learner's second device, at the same instant
        row, created = SessionCheckIn.objects.get(session=session, user=user, phase=phase), False
    return CheckInData(usage_key=str(session.usage_key), title=session.title, phase=row.phase,
                       checked_in_at=row.checked_in_at, already=not created, time_zone=activity.time_zone)


def check_ins_by_session(user, session_ids) -> dict:
    """The learner's check-in times per session id, in time order (one query)."""
    found = {}
    for session_id, moment in SessionCheckIn.objects.filter(user=user, session_id__in=list(session_ids)).order_by(
            "checked_in_at").values_list("session_id", "checked_in_at"):
        found.setdefault(session_id, []).append(moment)
    return found


def _check_in_subquery(user_id, phase, latest=False):
    found = SessionCheckIn.objects.filter(session=OuterRef("pk"), user_id=user_id, phase=phase).order_by(
        "-checked_in_at" if latest else "checked_in_at").values("checked_in_at")[:1]
    return Subquery(found)


def with_check_in_times(sessions, user_id):
    """
    ``sessions`` (a queryset) annotated, in the same query, with the learner's evidence: ``checked_in``, their
    first check-in of the session's first half, and ``checked_out``, their last of its second half.
    """
    return sessions.annotate(checked_in=_check_in_subquery(user_id, CheckInPhase.START),
                             checked_out=_check_in_subquery(user_id, CheckInPhase.END, latest=True))


def check_in_times(row) -> tuple:
    """The check-in times of a session annotated by :func:`with_check_in_times` (a model or a values dict)."""
    values = (row.get("checked_in"), row.get("checked_out")) if isinstance(row, dict) else (
        getattr(row, "checked_in", None), getattr(row, "checked_out", None))
    return tuple(at for at in values if at is not None)


def presence_met(presence: str, session, times) -> bool:
    """Whether the check-in ``times`` give the presence the activity asks for at ``session``."""
    return rules.presence_met(presence, {rules.check_in_phase(at, session.starts_at, session.ends_at)
                                         for at in times})


def presence_message(presence: str) -> str:
    if presence == CheckInPresence.START_AND_END:
        return _("Check in to this session near its start and again near its end, with the code shown in the room, "
                 "before claiming it.")
    return _("Check in to this session with the code shown in the room before claiming it.")


def suggestion(session, times, arithmetic: rules.CreditArithmetic, maximum, time_zone: str,
               completed: bool = False) -> CheckInSuggestion | None:
    """The credit the learner's evidence suggests for ``session``, with the reason, or ``None`` without evidence."""
    with timezone.override(ZoneInfo(time_zone)):
        return _suggestion(session, times, arithmetic, maximum, completed)


def _suggestion(session, times, arithmetic, maximum, completed):
    if times:
        amount = rules.suggest_from_check_ins(times, session.starts_at, session.ends_at, maximum, arithmetic)
        starts = [t for t in times if rules.check_in_phase(t, session.starts_at, session.ends_at) == "start"]
        ends = [t for t in times if rules.check_in_phase(t, session.starts_at, session.ends_at) == "end"]
        shown = {"in": format_time(starts[0]) if starts else "", "out": format_time(ends[-1]) if ends else "",
                 "credits": format_credits(amount)}
        if starts and ends:
            reason = _("checked in %(in)s, out %(out)s: %(credits)s") % shown
        elif starts:
            reason = _("checked in %(in)s, no check-in near the end: %(credits)s") % shown
        else:
            reason = _("no check-in near the start, checked in %(out)s: %(credits)s") % shown
        return CheckInSuggestion(amount, reason)
    if completed:
        return CheckInSuggestion(maximum, _("you completed this unit's content: %(credits)s")
                                 % {"credits": format_credits(maximum)})
    return None


def list_check_in_sessions(course_key, now=None) -> tuple[CheckInScreenData, ...]:
    """Every live session of the activity with its check-in window, state and counts, without codes (2 queries)."""
    activity = activity_row(course_key)
    now = now or timezone.now()
    sessions = CESession.objects.filter(activity=activity, retired_at__isnull=True).order_by(
        "starts_at", "track", "id").annotate(
        start=Count("check_ins", filter=Q(check_ins__phase=CheckInPhase.START)),
        end=Count("check_ins", filter=Q(check_ins__phase=CheckInPhase.END)),
        learners=Count("check_ins__user", distinct=True))
    listed = []
    for session in sessions:
        opens, closes, state = _window(session, now)
        listed.append(CheckInScreenData(
            usage_key=str(session.usage_key), course_key=str(activity.course_key), title=session.title,
            starts_at=session.starts_at, ends_at=session.ends_at, opens_at=opens, closes_at=closes, state=state,
            code="", changes_at=None, time_zone=activity.time_zone, start_count=session.start,
            end_count=session.end, learner_count=session.learners))
    return tuple(listed)
