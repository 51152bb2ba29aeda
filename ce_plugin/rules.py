"""
The CE claim rules, as pure functions. Every rule about what a learner may claim lives here.

Nothing in this module touches the database, settings or the clock: callers pass plain
values (amounts as :class:`~decimal.Decimal`, times as aware datetimes) and get back
values or a list of :class:`Violation`. ``ce_plugin.api`` turns violations into domain
errors; the property-based tests in ``tests/rules`` exercise these functions directly.

The rules (interpretations recorded in ``docs/decisions/0005-claim-rule-interpretations.rst``):

* **Amount** - a claimed amount is > 0, a whole multiple of the credit type's increment
  (0.25 for AMA PRA Category 1) and at most the session maximum.
* **Session maximum** - set on the session per credit type, or else the credit its
  duration earns: ``floor(minutes / minutes_per_credit)`` to the increment (60 min = 1 AMA
  credit, 50 min = 1 P.A.C.E. contact hour).
* **Simultaneous sessions count once** - for every set of claimed sessions whose times
  overlap into one connected wall-clock span, the credits claimed across them may not
  exceed the credit that span earns; a learner may split credit between concurrent talks.
  So that one session can always be claimed up to its own maximum, the span's allowance is
  never below the largest session maximum in the set. Sessions that merely touch
  (one ends when the next starts) do not overlap.
* **Daily cap** - when the credit type has one (P.A.C.E.: 7 per day), credits of sessions
  starting on one calendar day, in the activity's time zone, add up to at most the cap.
* **Activity cap** - the activity total for the credit type is at most its cap.
* **Claim window** - claims are accepted from ``opens_at`` to ``closes_at`` (either may be
  open); a staff extension for one learner moves the close later, never earlier.
* **Amounts as typed** - an amount may be written with a decimal point or a decimal comma
  ("1.25", "1,25"), as languages write them; see :func:`to_decimal`.
* **Check-in** - a session's check-in code rotates every ``rotation`` seconds and is accepted from
  ``lead`` before the session starts to ``grace`` after it ends, the code of the rotation before
  the current one included (a code read just before it changed). A check-in in the first half of
  the session counts as its start, in the second half as its end. When the activity asks for
  presence, a session may be claimed only with one check-in (``once``) or with both a start and
  an end (``start_and_end``).
* **Suggested credit** - a live session's check-ins suggest the credit of the span from the first
  check-in of its first half to the last of its second half (the session's start or end where a
  half has none), kept inside the session, floored to the increment, never above its maximum.
  Completed online content suggests the session maximum. A suggestion never limits the claim.
* **Self-reported credit** - an amount of CE a learner earned elsewhere is typed as a person
  writes it (``1.5`` or ``1,5``), is > 0 and at most :data:`SELF_REPORTED_MAX`.
"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from decimal import ROUND_FLOOR, Decimal
from zoneinfo import ZoneInfo

ZERO = Decimal("0")
CENT = Decimal("0.01")
MAX_AMOUNT = Decimal("10000")


@dataclass(frozen=True)
class CreditArithmetic:
    """How a credit type turns time into credit."""

    minutes_per_credit: int = 60
    increment: Decimal = Decimal("0.25")
    daily_cap: Decimal | None = None


@dataclass(frozen=True)
class Slot:
    """A session as the rules see it: its times and its maximum for the claim's credit type."""

    key: Hashable
    starts_at: datetime
    ends_at: datetime
    max_credits: Decimal

    @property
    def minutes(self) -> Decimal:
        return Decimal((self.ends_at - self.starts_at).total_seconds()) / 60


@dataclass(frozen=True)
class Violation:
    """One broken rule. ``code`` is one of the ``*`` constants below; ``params`` explain it."""

    code: str
    params: dict = field(default_factory=dict, compare=False)


NOT_POSITIVE = "not_positive"
NOT_A_STEP = "not_a_step"
OVER_SESSION_MAX = "over_session_max"
OVERLAP = "overlap"
DAILY_CAP = "daily_cap"
ACTIVITY_CAP = "activity_cap"
WINDOW_NOT_OPEN = "window_not_open"
WINDOW_CLOSED = "window_closed"
OVER_SELF_REPORTED_MAX = "over_self_reported_max"


# A decimal comma with one or two decimals ("1,5", "0,75", ",25"): never "1,000", an English thousands separator.
DECIMAL_COMMA = re.compile(r"[+-]?\d*,\d{1,2}")
# Thousands grouped with one separator and decimals after the other: "1,000.50" (English), "1.000,50" (Spanish).
GROUPED = re.compile(r"[+-]?\d{1,3}(?:(?P<group>[.,])\d{3})+(?P<decimal>[.,])\d{1,2}")
# A space grouping thousands, as French writes them ("1 000,50"; also no-break and narrow no-break spaces).
GROUPING_SPACE = re.compile(r"(?<=\d)[ \u00a0\u202f](?=\d{3}(?!\d))")


def amount_text(text: str) -> str:
    """
    An amount as a learner typed it, in the form ``Decimal`` reads: a decimal comma becomes a point.

    ``"1,25"`` and ``"1.25"`` both mean one and a quarter; thousands grouped with spaces, or with one
    separator when the other marks the decimals, are read too (``"1 000,50"``, ``"1.000,50"``,
    ``"1,000.50"``). A comma followed by three digits and nothing else (``"1,000"``) stays as it is, so it
    is refused: it could be a thousand or one. Anything else is left for ``Decimal`` to accept or refuse.
    """
    text = GROUPING_SPACE.sub("", text.strip())
    grouped = GROUPED.fullmatch(text)
    if grouped and grouped["group"] != grouped["decimal"]:
        return text.replace(grouped["group"], "").replace(",", ".")
    return text.replace(",", ".") if DECIMAL_COMMA.fullmatch(text) else text


def to_decimal(value) -> Decimal:
    """
    A credit amount as a two-place Decimal; raises ``ValueError`` for anything not a finite number.

    Text may use a decimal point or a decimal comma (:func:`amount_text`).
    """
    if isinstance(value, bool) or not isinstance(value, (str, int, float, Decimal)):
        raise ValueError("not a number")
    try:
        amount = Decimal(amount_text(value) if isinstance(value, str) else str(value))
        # copy_abs and comparisons use no arithmetic context: -1e999999999 cannot overflow here (abs() can).
        if not amount.is_finite() or amount.copy_abs() >= MAX_AMOUNT:
            raise ValueError("not a finite amount below 10,000")
        if amount != amount.quantize(CENT):
            raise ValueError("more than two decimal places")
        return amount.quantize(CENT)
    except ArithmeticError as exc:  # decimal's InvalidOperation, Overflow, ...
        raise ValueError("not a number") from exc


# --- check-in ------------------------------------------------------------------------------------------------------


def check_in_window(starts_at: datetime, ends_at: datetime, lead: timedelta, grace: timedelta):
    """When a session's check-in screen accepts codes: ``(opens, closes)``."""
    return starts_at - lead, ends_at + grace


def check_in_state(now: datetime, opens: datetime, closes: datetime) -> str:
    """``"not_yet"``, ``"open"`` (both ends included) or ``"closed"``: the check-in window at ``now``."""
    if now < opens:
        return "not_yet"
    return "open" if now <= closes else "closed"


def code_slot(now: datetime, rotation: int) -> int:
    """The number of the code rotation running at ``now`` (rotations of ``rotation`` seconds since the epoch)."""
    return int(now.timestamp()) // rotation


def accepted_slots(now: datetime, rotation: int) -> tuple[int, int]:
    """The rotations whose code is accepted at ``now``: the current one, then the one before it."""
    current = code_slot(now, rotation)
    return current, current - 1


def slot_ends_at(slot: int, rotation: int) -> datetime:
    """When the code of rotation ``slot`` stops being shown (it stays accepted for one more rotation)."""
    return datetime.fromtimestamp((slot + 1) * rotation, tz=timezone.utc)


def check_in_phase(at: datetime, starts_at: datetime, ends_at: datetime) -> str:
    """``"start"`` for a check-in in the first half of the session (or before it), ``"end"`` otherwise."""
    return "start" if at <= starts_at + (ends_at - starts_at) / 2 else "end"


def presence_met(presence: str, phases) -> bool:
    """Whether the check-ins made (their phases) give the presence the activity asks for (``CheckInPresence``)."""
    phases = set(phases)
    if presence == "once":
        return bool(phases)
    if presence == "start_and_end":
        return {"start", "end"} <= phases
    return True


def suggest_from_check_ins(times, starts_at: datetime, ends_at: datetime, maximum: Decimal,
                           arithmetic: CreditArithmetic) -> Decimal | None:
    """
    The credit a live session's check-ins (their times) suggest, or ``None`` without a check-in.

    The span runs from the first check-in of the session's first half (its start when there is none)
    to the last check-in of its second half (its end when there is none), kept inside the session.
    """
    times = sorted(times)
    if not times:
        return None
    starts = [t for t in times if check_in_phase(t, starts_at, ends_at) == "start"]
    ends = [t for t in times if check_in_phase(t, starts_at, ends_at) == "end"]
    first = max(starts[0], starts_at) if starts else starts_at
    last = min(ends[-1], ends_at) if ends else ends_at
    minutes = Decimal(max((last - first).total_seconds(), 0)) / 60
    return min(credits_for_minutes(minutes, arithmetic), maximum)


def floor_to_increment(amount: Decimal, increment: Decimal) -> Decimal:
    """The largest multiple of ``increment`` not above ``amount`` (never negative)."""
    if amount <= 0:
        return ZERO.quantize(CENT)
    steps = (amount / increment).to_integral_value(rounding=ROUND_FLOOR)
    return (steps * increment).quantize(CENT)


def credits_for_minutes(minutes, arithmetic: CreditArithmetic) -> Decimal:
    """Credit earned by ``minutes`` of participation, floored to the increment."""
    return floor_to_increment(Decimal(minutes) / arithmetic.minutes_per_credit, arithmetic.increment)


def session_maximum(starts_at: datetime, ends_at: datetime, override, arithmetic: CreditArithmetic) -> Decimal:
    """The session maximum: the configured ``override`` when given, else what the duration earns."""
    if override not in (None, ""):
        return to_decimal(override)
    minutes = Decimal((ends_at - starts_at).total_seconds()) / 60
    return credits_for_minutes(minutes, arithmetic)


def is_step(amount: Decimal, increment: Decimal) -> bool:
    """True when ``amount`` is a whole multiple of ``increment``."""
    return amount % increment == 0


def amount_violations(amount: Decimal, slot: Slot, arithmetic: CreditArithmetic) -> list[Violation]:
    """Rules on a single amount: positive, a step of the increment, within the session maximum."""
    found = []
    if amount <= 0:
        found.append(Violation(NOT_POSITIVE, {"amount": amount}))
    elif not is_step(amount, arithmetic.increment):
        found.append(Violation(NOT_A_STEP, {"amount": amount, "increment": arithmetic.increment}))
    if amount > slot.max_credits:
        found.append(Violation(OVER_SESSION_MAX, {"amount": amount, "maximum": slot.max_credits}))
    return found


def _connected_span(members: list[tuple[Slot, Decimal]]):
    """``(start, end)`` when the members' times overlap into one connected span, else ``None``."""
    ordered = sorted(members, key=lambda item: (item[0].starts_at, item[0].ends_at))
    start, reach = ordered[0][0].starts_at, ordered[0][0].ends_at
    for slot, _amount in ordered[1:]:
        if slot.starts_at >= reach:
            return None
        reach = max(reach, slot.ends_at)
    return start, reach


def _component_of(claimed: list[tuple[Slot, Decimal]], key) -> list[tuple[Slot, Decimal]]:
    """The claimed sessions chained to ``key`` through overlaps (its connected component)."""
    ordered = sorted(claimed, key=lambda item: (item[0].starts_at, item[0].ends_at))
    group, reach = [], None
    for item in ordered:
        if reach is not None and item[0].starts_at >= reach:
            if any(slot.key == key for slot, _ in group):
                return group
            group, reach = [], None
        group.append(item)
        reach = item[0].ends_at if reach is None else max(reach, item[0].ends_at)
    return group if any(slot.key == key for slot, _ in group) else []


def overlapping(times: Mapping[Hashable, tuple[datetime, datetime]]) -> dict:
    """
    The sessions each session shares time with, for marking them on a page: ``{key: (keys, ...)}``.

    ``times`` maps each session to ``(starts_at, ends_at)``. Two sessions overlap when each starts
    before the other ends; sessions that only touch (one ends as the next starts) do not. A session
    that overlaps none maps to ``()``. The others come in time order.
    """
    ordered = sorted(times.items(), key=lambda item: (item[1][0], item[1][1], str(item[0])))
    found = {key: [] for key in times}
    for index, (key, (starts, ends)) in enumerate(ordered):
        for other, (other_starts, other_ends) in ordered[index + 1:]:
            if other_starts >= ends:
                break
            if other_ends > starts:
                found[key].append(other)
                found[other].append(key)
    position = {key: index for index, (key, _span) in enumerate(ordered)}
    return {key: tuple(sorted(others, key=position.get)) for key, others in found.items()}


def overlap_violations(claims: Mapping[Hashable, Decimal], slots: Mapping[Hashable, Slot],
                       arithmetic: CreditArithmetic, containing: Hashable | None = None) -> list[Violation]:
    """
    Sets of overlapping claimed sessions whose total exceeds what their joint span earns.

    Every connected set of overlapping sessions has a first start ``a`` and a last end ``b``;
    the sessions lying within ``[a, b]`` are a superset of it spanning the same time, so
    checking those sets for every (start, end) pair checks every connected set. With
    ``containing``, only the sets that include that session are checked (enough after a change
    to that one session in a set that was valid).
    """
    claimed = [(slots[key], amount) for key, amount in claims.items() if amount > 0]
    if containing is not None:
        claimed = _component_of(claimed, containing)
    if len(claimed) < 2:
        return []
    focus = slots[containing] if containing is not None else None
    starts = sorted({slot.starts_at for slot, _ in claimed if focus is None or slot.starts_at <= focus.starts_at})
    ends = sorted({slot.ends_at for slot, _ in claimed if focus is None or slot.ends_at >= focus.ends_at})
    found = []
    for first in starts:
        for last in ends:
            if last <= first:
                continue
            members = [(s, a) for s, a in claimed if s.starts_at >= first and s.ends_at <= last]
            if len(members) < 2 or _connected_span(members) != (first, last):
                continue
            total = sum((amount for _, amount in members), ZERO)
            span_minutes = Decimal((last - first).total_seconds()) / 60
            allowed = max(credits_for_minutes(span_minutes, arithmetic), max(s.max_credits for s, _ in members))
            if total > allowed:
                found.append(Violation(OVERLAP, {
                    "sessions": tuple(sorted((s.key for s, _ in members), key=str)),
                    "starts_at": first, "ends_at": last, "allowed": allowed, "total": total,
                }))
    return found


def daily_totals(claims: Mapping[Hashable, Decimal], slots: Mapping[Hashable, Slot], time_zone: str) -> dict:
    """Total claimed per calendar day (of each session's start, in ``time_zone``)."""
    zone = ZoneInfo(time_zone)
    totals = defaultdict(lambda: ZERO)
    for key, amount in claims.items():
        totals[slots[key].starts_at.astimezone(zone).date()] += amount
    return dict(totals)


def daily_violations(claims, slots, arithmetic: CreditArithmetic, time_zone: str) -> list[Violation]:
    """Days whose total exceeds the credit type's daily cap."""
    if arithmetic.daily_cap is None:
        return []
    return [
        Violation(DAILY_CAP, {"day": day, "total": total, "cap": arithmetic.daily_cap})
        for day, total in sorted(daily_totals(claims, slots, time_zone).items())
        if total > arithmetic.daily_cap
    ]


def cap_violations(claims: Mapping[Hashable, Decimal], activity_cap: Decimal | None) -> list[Violation]:
    """The activity total over the activity's cap for the credit type."""
    total = sum(claims.values(), ZERO)
    if activity_cap is not None and total > activity_cap:
        return [Violation(ACTIVITY_CAP, {"total": total, "cap": activity_cap})]
    return []


def claims_close_at(closes_at: datetime | None, extended_until: datetime | None = None) -> datetime | None:
    """When a learner's claim window closes: the activity's close, or the learner's extension when later."""
    if closes_at is not None and extended_until is not None:
        return max(closes_at, extended_until)
    return closes_at


def window_violation(now: datetime, opens_at: datetime | None, closes_at: datetime | None,
                     extended_until: datetime | None = None) -> Violation | None:
    """Why a claim at ``now`` is outside the window, or ``None`` when it is inside."""
    if opens_at is not None and now < opens_at:
        return Violation(WINDOW_NOT_OPEN, {"opens_at": opens_at})
    closes = claims_close_at(closes_at, extended_until)
    if closes is not None and now > closes:
        return Violation(WINDOW_CLOSED, {"closes_at": closes})
    return None


def claim_set_violations(claims: Mapping[Hashable, Decimal], slots: Mapping[Hashable, Slot],
                         arithmetic: CreditArithmetic, activity_cap: Decimal | None,
                         time_zone: str = "UTC") -> list[Violation]:
    """Every rule a whole set of claims (session key -> amount) breaks; empty when it is acceptable."""
    found = []
    for key, amount in sorted(claims.items(), key=lambda item: str(item[0])):
        found.extend(amount_violations(amount, slots[key], arithmetic))
    found.extend(overlap_violations(claims, slots, arithmetic))
    found.extend(daily_violations(claims, slots, arithmetic, time_zone))
    found.extend(cap_violations(claims, activity_cap))
    return found


def apply_change(claims: Mapping[Hashable, Decimal], key: Hashable, amount: Decimal) -> dict:
    """The claim set after setting ``key`` to ``amount``; an amount of zero removes the line."""
    changed = dict(claims)
    if amount == 0:
        changed.pop(key, None)
    else:
        changed[key] = amount
    return changed


def change_violations(claims: Mapping[Hashable, Decimal], key: Hashable, amount: Decimal,
                      slots: Mapping[Hashable, Slot], arithmetic: CreditArithmetic,
                      activity_cap: Decimal | None, time_zone: str = "UTC") -> list[Violation]:
    """Rules broken by setting one session's amount (see :func:`batch_violations`)."""
    return batch_violations(claims, {key: amount}, slots, arithmetic, activity_cap, time_zone)


def batch_violations(claims: Mapping[Hashable, Decimal], changes: Mapping[Hashable, Decimal],
                     slots: Mapping[Hashable, Slot], arithmetic: CreditArithmetic,
                     activity_cap: Decimal | None, time_zone: str = "UTC") -> list[Violation]:
    """
    Rules broken by applying ``changes`` (session key -> new amount; zero removes) to ``claims``.

    Each new non-zero amount must be a positive step within its session maximum. The set rules
    are checked only where a change raised something: the overlapping groups of sessions whose
    amount went up, the days and the activity total that went up. Lowering or removing lines is
    therefore always accepted, so a claim that became invalid after a staff change (a cap
    lowered, say) can still be corrected; and a set that was valid stays valid after any
    accepted batch.
    """
    found = []
    for key, amount in sorted(changes.items(), key=lambda item: str(item[0])):
        if amount < 0:
            found.append(Violation(NOT_POSITIVE, {"amount": amount, "session": key}))
        elif amount > 0:
            found.extend(Violation(v.code, {**v.params, "session": key})
                         for v in amount_violations(amount, slots[key], arithmetic))
    if found:
        return found
    changed = dict(claims)
    for key, amount in changes.items():
        changed = apply_change(changed, key, amount)
    raised = [key for key, amount in changes.items() if amount > claims.get(key, ZERO)]
    seen = set()
    for key in sorted(raised, key=str):
        for violation in overlap_violations(changed, slots, arithmetic, containing=key):
            if violation.params["sessions"] not in seen:
                seen.add(violation.params["sessions"])
                found.append(violation)
    before = daily_totals(claims, slots, time_zone)
    found.extend(v for v in daily_violations(changed, slots, arithmetic, time_zone)
                 if v.params["total"] > before.get(v.params["day"], ZERO))
    if sum(changed.values(), ZERO) > sum(claims.values(), ZERO):
        found.extend(cap_violations(changed, activity_cap))
    return found


def _block_allowance(members: list[Slot], arithmetic: CreditArithmetic) -> Decimal:
    """What the overlap rule lets a learner claim across one connected set of sessions."""
    total_of_maxima = sum((s.max_credits for s in members), ZERO)
    if len(members) == 1:
        return members[0].max_credits
    span = Decimal((max(s.ends_at for s in members) - min(s.starts_at for s in members)).total_seconds()) / 60
    return min(total_of_maxima, max(credits_for_minutes(span, arithmetic), max(s.max_credits for s in members)))


def _overlap_groups(day_slots: list[Slot]) -> list[list[Slot]]:
    """The day's sessions split where nothing overlaps (a lunch break, say): blocks never cross a split."""
    groups, reach = [], None
    for slot in sorted(day_slots, key=lambda s: (s.starts_at, s.ends_at)):
        if reach is None or slot.starts_at >= reach:
            groups.append([])
            reach = slot.ends_at
        groups[-1].append(slot)
        reach = max(reach, slot.ends_at)
    return groups


def _group_maximum(group: list[Slot], arithmetic: CreditArithmetic) -> Decimal:
    """
    The most one learner can claim among one overlap group's sessions.

    Claimed sessions fall into time-disjoint connected blocks; each block is best taken whole
    over its span (more sessions never lower a block's allowance), so the maximum is a weighted
    interval scheduling over the candidate blocks ``[start_i, end_j]``.
    """
    starts = sorted({s.starts_at for s in group})
    ends = sorted({s.ends_at for s in group})
    blocks = []
    for first in starts:
        for last in ends:
            if last <= first:
                continue
            members = [s for s in group if s.starts_at >= first and s.ends_at <= last]
            if members and _connected_span([(s, ZERO) for s in members]) == (first, last):
                blocks.append((first, last, _block_allowance(members, arithmetic)))
    blocks.sort(key=lambda block: block[1])
    best = []  # (end, best total using blocks ending at or before end)
    for first, last, weight in blocks:
        previous = max((total for end, total in best if end <= first), default=ZERO)
        best.append((last, max(previous + weight, best[-1][1] if best else ZERO)))
    return best[-1][1] if best else ZERO


def _day_maximum(day_slots: list[Slot], arithmetic: CreditArithmetic) -> Decimal:
    """The most one learner can claim among one day's sessions (before the daily cap)."""
    return sum((_group_maximum(group, arithmetic) for group in _overlap_groups(day_slots)), ZERO)


def designated_maximum(slots: Mapping[Hashable, Slot], arithmetic: CreditArithmetic,
                       activity_cap: Decimal | None, time_zone: str = "UTC") -> Decimal:
    """
    The most credit one learner could claim for the whole activity under these rules.

    Per day (in ``time_zone``): the best set of time-disjoint blocks of overlapping sessions,
    each worth what the overlap rule allows, bounded by the daily cap; the days added up and
    bounded by the activity cap. The designation statement uses the activity cap when one is
    set, and this figure otherwise.
    """
    zone = ZoneInfo(time_zone)
    by_day = defaultdict(list)
    for slot in slots.values():
        by_day[slot.starts_at.astimezone(zone).date()].append(slot)
    total = ZERO
    for day_slots in by_day.values():
        day_total = _day_maximum(day_slots, arithmetic)
        if arithmetic.daily_cap is not None:
            day_total = min(day_total, arithmetic.daily_cap)
        total += day_total
    if activity_cap is not None:
        total = min(total, activity_cap)
    return total.quantize(CENT)


# --- where a learner's claim for an activity stands ---------------------------------------------

NOT_STARTED = "not_started"
IN_PROGRESS = "in_progress"
FINALIZED = "finalized"
WINDOW_PASSED = "window_closed"
NOT_YET_OPEN = "not_yet_open"


def activity_status(now: datetime, opens_at: datetime | None, closes_at: datetime | None,
                    extended_until: datetime | None, claim_started: bool, claim_finalized: bool) -> str:
    """What the learner's activity list says: finalized, window closed, not yet open, in progress, not started."""
    if claim_finalized:
        return FINALIZED
    violation = window_violation(now, opens_at, closes_at, extended_until)
    if violation is not None:
        return WINDOW_PASSED if violation.code == WINDOW_CLOSED else NOT_YET_OPEN
    return IN_PROGRESS if claim_started else NOT_STARTED


# --- steps before claiming -----------------------------------------------------------------------

STEP_STATEMENT = "statement"
STEP_ATTENDANCE = "attendance"
STEP_DISCLOSURES = "disclosures"


def missing_step(*, statement_chosen: bool, attendance_required: bool, attendance_verified: bool,
                 has_disclosures: bool, disclosures_acknowledged: bool) -> str | None:
    """
    The first step a learner must still complete before claiming, or ``None``.

    In order: choose the statement of credit, verify attendance (when the activity asks for a
    badge or group code), acknowledge the disclosures (when the activity has any).
    """
    if not statement_chosen:
        return STEP_STATEMENT
    if attendance_required and not attendance_verified:
        return STEP_ATTENDANCE
    if has_disclosures and not disclosures_acknowledged:
        return STEP_DISCLOSURES
    return None


# --- credit a learner earned elsewhere (self-reported) -------------------------------------------

# More than any single CE activity awards: a year-long certificate programme is well below it. A larger
# figure is a typing mistake (a date, a licence number) and would swamp the learner's totals.
SELF_REPORTED_MAX = Decimal("500")
# Digits, then at most two decimals after a point or a comma; nothing else (no signs, exponents, thousands
# separators or digits of other scripts, all of which Decimal() would take).
_AMOUNT_TEXT = re.compile(r"[0-9]{1,6}(?:[.,][0-9]{1,2})?")


def parse_amount(value) -> Decimal:
    """
    An amount as a person types it: ``"1.5"``, ``"1,5"`` (decimal comma), ``"2"``, or a number; two places.

    Raises ``ValueError`` for anything else, "1,500" included (a comma is a decimal comma, and at most two
    decimals follow it).
    """
    if isinstance(value, bool) or not isinstance(value, (str, int, Decimal)):
        raise ValueError("not an amount")
    text = value.strip() if isinstance(value, str) else str(value)
    if not _AMOUNT_TEXT.fullmatch(text):
        if isinstance(value, str):
            raise ValueError("not an amount")
        return to_decimal(value)  # an int or Decimal: its own checks
    return Decimal(amount_text(text)).quantize(CENT)  # the shape above leaves only the decimal comma to read


def self_reported_violations(amount: Decimal) -> list[Violation]:
    """What is wrong with a self-reported amount: not positive, or over :data:`SELF_REPORTED_MAX`."""
    if amount <= 0:
        return [Violation(NOT_POSITIVE, {"amount": amount})]
    if amount > SELF_REPORTED_MAX:
        return [Violation(OVER_SELF_REPORTED_MAX, {"amount": amount, "maximum": SELF_REPORTED_MAX})]
    return []
