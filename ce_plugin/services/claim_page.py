"""The claim page, one day at a time: the meeting's days, one day's sessions, and totals over all days."""
from __future__ import annotations

from collections import Counter
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db.models import Case, CharField, Value, When
from django.db.models.functions import Cast

from ce_plugin import compat, rules
from ce_plugin import exceptions as errors
from ce_plugin.data import ClaimDay, ClaimDaySummary, ClaimRow, LearnerClaimData, SessionData
from ce_plugin.models import CESession
from ce_plugin.statuses import ActivityType

from .check_ins import check_in_times, presence_met, suggestion, with_check_in_times
from .common import activity_row, parse_usage_key
from .issuing import cached_designated_maximum


def get_claim_day(course_key, claim: LearnerClaimData | None, day=None, user=None) -> ClaimDay:
    """
    One day of the claim page for the learner whose claim is ``claim`` (``None``: course staff in preview).

    ``day`` (a ``date`` or ``YYYY-MM-DD``) when it is a day of the meeting; else the day of the session
    the learner worked on last; else the first day. Days are calendar days in the activity's time zone.
    A fixed number of queries whatever the number of sessions: the sessions' days (start times only),
    then the chosen day's sessions (with the learner's check-ins), then the designated maximum (cached).
    Each row suggests credit from the learner's check-ins, or in an online course, when ``user`` (the
    claim's learner) completed the unit's content as the platform records it (``compat.completed_units``).
    """
    activity = activity_row(course_key)
    if claim is not None and not isinstance(claim, LearnerClaimData):
        raise errors.InvalidInputError(errors={"claim": "expected the learner's claim (api.get_claim) or None"})
    zone = ZoneInfo(activity.time_zone)
    live = CESession.objects.filter(activity=activity, retired_at__isnull=True)
    credits = claim.session_credits if claim else {}
    wanted = set(credits) | ({claim.last_worked_session} if claim and claim.last_worked_session else set())
    # One query for the days: every start time, with the key (as text) of the sessions the learner
    # claimed or worked on last; parsing a thousand usage keys would cost more than the rest of the page.
    starts = live.annotate(key=Case(When(usage_key__in=[parse_usage_key(key) for key in wanted],
                                         then=Cast("usage_key", CharField())), default=Value(None))
                           ).values_list("starts_at", "key")
    counts, day_of = Counter(), {}
    for moment, key in starts:
        held_on = moment.astimezone(zone).date()
        counts[held_on] += 1
        if key is not None:
            day_of[key] = held_on
    claimed = Counter()
    for key, amount in credits.items():
        if key in day_of:
            claimed[day_of[key]] += amount
    days = tuple(ClaimDaySummary(d, counts[d], claimed.get(d, Decimal("0.00"))) for d in sorted(counts))
    chosen = _chosen_day(day, [summary.day for summary in days], claim, day_of)
    rows = _rows(activity, live, zone, chosen, claim, user) if chosen else ()
    credit_type = claim.statement_type.credit_type if claim and claim.statement_type else None
    return ClaimDay(day=chosen, days=days, rows=rows, total=sum(credits.values(), Decimal("0.00")),
                    designated_maximum=cached_designated_maximum(activity, credit_type) if credit_type else None)


def _chosen_day(day, days, claim, day_of):
    if isinstance(day, str):
        try:
            day = date.fromisoformat(day)
        except ValueError:
            day = None
    if isinstance(day, date) and day in days:
        return day
    worked = claim.last_worked_session if claim else None
    if worked in day_of:
        return day_of[worked]
    return days[0] if days else None


FIELDS = ("title", "track", "starts_at", "ends_at", "speakers", "max_credits", "evaluation", "evaluation_required")


def _rows(activity, live, zone, day, claim, user) -> tuple[ClaimRow, ...]:
    begin = datetime.combine(day, time.min, tzinfo=zone)
    # Plain values, the key read as text: a day of a large meeting has a hundred rows or more. The learner's
    # check-ins come in the same query: the first of each session's first half, the last of its second half.
    found = live.filter(starts_at__gte=begin, starts_at__lt=begin + timedelta(days=1)).order_by(
        "starts_at", "track", "id").annotate(key=Cast("usage_key", CharField()))
    if claim is not None:
        found = with_check_in_times(found, claim.user_id)
    found = found.values("key", *FIELDS, *(("checked_in", "checked_out") if claim is not None else ()))
    course = str(activity.course_key)
    sessions = [SessionData(
        usage_key=row["key"], course_key=course, title=row["title"], track=row["track"], starts_at=row["starts_at"],
        ends_at=row["ends_at"], speakers=tuple(row["speakers"] or ()), learning_objectives=(),
        max_credit_overrides=dict(row["max_credits"] or {}), evaluation=tuple(row["evaluation"] or ()),
        evaluation_required=row["evaluation_required"]) for row in found]
    overlaps = rules.overlapping({s.usage_key: (s.starts_at, s.ends_at) for s in sessions})
    credit_type = claim.statement_type.credit_type if claim and claim.statement_type else None
    credits = claim.session_credits if claim else {}
    evaluated = claim.evaluated_sessions if claim else frozenset()
    times = [check_in_times(row) for row in found]
    presence = activity.check_in_presence
    completed = set()
    if credit_type and activity.activity_type == ActivityType.ONLINE and user is not None \
            and getattr(user, "id", None) == claim.user_id:
        completed = compat.completed_units(user, activity.course_key, [s.usage_key for s in sessions])
    return tuple(ClaimRow(
        session=s, maximum=s.max_credits(credit_type) if credit_type else None, claimed=credits.get(s.usage_key),
        evaluated=s.usage_key in evaluated,
        needs_evaluation=s.has_evaluation and s.evaluation_required and s.usage_key not in evaluated,
        concurrent_with=overlaps[s.usage_key], checked_in=checked,
        needs_check_in=claim is not None and not presence_met(presence, s, checked),
        suggestion=suggestion(s, checked, credit_type.arithmetic, s.max_credits(credit_type), activity.time_zone,
                              completed=s.usage_key in completed) if credit_type else None)
        for s, checked in zip(sessions, times, strict=True))
