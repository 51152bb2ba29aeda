"""Property-based tests of ce_plugin.rules: no sequence of accepted changes ever breaks a rule."""
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from itertools import combinations

from hypothesis import given, settings
from hypothesis import strategies as st

from ce_plugin import rules

DAY0 = datetime(2026, 6, 10, 8, 0, tzinfo=timezone.utc)
AMA = rules.CreditArithmetic(60, Decimal("0.25"), None)
PACE = rules.CreditArithmetic(50, Decimal("0.5"), Decimal("7.00"))


@st.composite
def sessions(draw, max_sessions=6):
    """Sessions on a 15-minute grid over two days, with duration-derived or overridden maxima."""
    count = draw(st.integers(min_value=1, max_value=max_sessions))
    slots = {}
    for index in range(count):
        day = draw(st.integers(min_value=0, max_value=1))
        start = DAY0 + timedelta(days=day, minutes=15 * draw(st.integers(min_value=0, max_value=24)))
        end = start + timedelta(minutes=15 * draw(st.integers(min_value=1, max_value=8)))
        override = draw(st.one_of(st.none(), st.sampled_from(["0.50", "1.00", "1.50", "2.00"])))
        arithmetic = draw(st.sampled_from([AMA]))
        slots[f"s{index}"] = rules.Slot(f"s{index}", start, end,
                                        rules.session_maximum(start, end, override, arithmetic))
    return slots


amounts = st.sampled_from([Decimal(x) for x in ("0", "0.10", "0.25", "0.50", "0.75", "1.00", "1.25", "1.50",
                                                  "2.00", "2.50", "-0.25")])


def union_minutes(members):
    """Length of the union of the members' intervals, computed directly."""
    ordered = sorted((s.starts_at, s.ends_at) for s in members)
    total, current_start, current_end = timedelta(), *ordered[0]
    for start, end in ordered[1:]:
        if start >= current_end:
            total += current_end - current_start
            current_start, current_end = start, end
        else:
            current_end = max(current_end, end)
    total += current_end - current_start
    return Decimal(total.total_seconds()) / 60


def is_connected(members):
    """True when the intervals chain together through positive-length overlaps."""
    ordered = sorted(members, key=lambda s: s.starts_at)
    reach = ordered[0].ends_at
    for slot in ordered[1:]:
        if slot.starts_at >= reach:
            return False
        reach = max(reach, slot.ends_at)
    return True


def assert_invariants(claims, slots, arithmetic, cap, time_zone="UTC"):
    for key, amount in claims.items():
        assert amount > 0
        assert amount % arithmetic.increment == 0
        assert amount <= slots[key].max_credits
    assert sum(claims.values(), Decimal(0)) <= (cap if cap is not None else Decimal("1e9"))
    if arithmetic.daily_cap is not None:
        per_day = {}
        for key, amount in claims.items():
            day = slots[key].starts_at.date()
            per_day[day] = per_day.get(day, Decimal(0)) + amount
        assert all(total <= arithmetic.daily_cap for total in per_day.values())
    claimed = [slots[key] for key in claims]
    for size in range(2, len(claimed) + 1):
        for members in combinations(claimed, size):
            if not is_connected(members):
                continue
            allowed = max(rules.credits_for_minutes(union_minutes(members), arithmetic),
                          max(s.max_credits for s in members))
            assert sum(claims[s.key] for s in members) <= allowed, "overlapping time counted twice"


@settings(max_examples=250, deadline=None)
@given(slots=sessions(), steps=st.lists(st.tuples(st.integers(min_value=0, max_value=5), amounts), max_size=14),
       cap=st.one_of(st.none(), st.sampled_from([Decimal("1.00"), Decimal("2.50"), Decimal("4.00")])))
def test_no_sequence_of_accepted_changes_breaks_a_rule(slots, steps, cap):
    claims = {}
    keys = sorted(slots)
    for index, amount in steps:
        key = keys[index % len(keys)]
        if not rules.change_violations(claims, key, amount, slots, AMA, cap):
            claims = rules.apply_change(claims, key, amount)
        assert_invariants(claims, slots, AMA, cap)
        assert rules.claim_set_violations(claims, slots, AMA, cap) == []


@settings(max_examples=150, deadline=None)
@given(slots=sessions(), steps=st.lists(st.tuples(st.integers(min_value=0, max_value=5), amounts), max_size=14))
def test_daily_cap_holds_for_pace(slots, steps):
    pace_slots = {k: rules.Slot(k, s.starts_at, s.ends_at, Decimal("8.00")) for k, s in slots.items()}
    claims = {}
    keys = sorted(pace_slots)
    for index, amount in steps:
        key = keys[index % len(keys)]
        if not rules.change_violations(claims, key, amount, pace_slots, PACE, None):
            claims = rules.apply_change(claims, key, amount)
    assert_invariants(claims, pace_slots, PACE, None)


@settings(max_examples=150, deadline=None)
@given(slots=sessions(), steps=st.lists(st.tuples(st.integers(min_value=0, max_value=5), amounts), max_size=12),
       removed=st.integers(min_value=0, max_value=5))
def test_removing_a_line_never_breaks_a_valid_set(slots, steps, removed):
    claims = {}
    keys = sorted(slots)
    for index, amount in steps:
        key = keys[index % len(keys)]
        if not rules.change_violations(claims, key, amount, slots, AMA, Decimal("4.00")):
            claims = rules.apply_change(claims, key, amount)
    if claims:
        key = sorted(claims)[removed % len(claims)]
        assert rules.change_violations(claims, key, Decimal(0), slots, AMA, Decimal("4.00")) == []
        assert rules.claim_set_violations(rules.apply_change(claims, key, Decimal(0)), slots, AMA,
                                          Decimal("4.00")) == []


@given(minutes=st.integers(min_value=0, max_value=60 * 24), per=st.sampled_from([50, 60]),
       increment=st.sampled_from([Decimal("0.25"), Decimal("0.5"), Decimal("1")]))
def test_credits_for_minutes_is_the_largest_step_not_above_the_time(minutes, per, increment):
    arithmetic = rules.CreditArithmetic(per, increment)
    credit = rules.credits_for_minutes(minutes, arithmetic)
    exact = Decimal(minutes) / per
    assert credit % increment == 0
    assert credit <= exact < credit + increment


@given(now=st.integers(min_value=-100, max_value=100), extension=st.one_of(st.none(), st.integers(-50, 150)))
def test_an_extension_never_closes_the_window_earlier(now, extension):
    opens, closes = DAY0, DAY0 + timedelta(days=30)
    moment = DAY0 + timedelta(days=now)
    extended = None if extension is None else DAY0 + timedelta(days=extension)
    plain = rules.window_violation(moment, opens, closes)
    with_extension = rules.window_violation(moment, opens, closes, extended)
    if plain is None:
        assert with_extension is None
    if moment < opens:
        assert with_extension.code == rules.WINDOW_NOT_OPEN


@settings(max_examples=200, deadline=None)
@given(slots=sessions(), steps=st.lists(st.tuples(st.integers(min_value=0, max_value=5), amounts), max_size=14),
       cap=st.one_of(st.none(), st.sampled_from([Decimal("2.50"), Decimal("4.00")])),
       pace=st.booleans())
def test_no_accepted_claim_exceeds_the_designated_maximum(slots, steps, cap, pace):
    arithmetic = PACE if pace else AMA
    claims = {}
    keys = sorted(slots)
    for index, amount in steps:
        key = keys[index % len(keys)]
        if not rules.change_violations(claims, key, amount, slots, arithmetic, cap):
            claims = rules.apply_change(claims, key, amount)
    assert sum(claims.values(), Decimal(0)) <= rules.designated_maximum(slots, arithmetic, cap)


@settings(max_examples=200, deadline=None)
@given(slots=sessions(), first=st.dictionaries(st.integers(0, 5), amounts, max_size=6),
       second=st.dictionaries(st.integers(0, 5), amounts, max_size=6))
def test_accepted_batches_keep_every_rule(slots, first, second):
    keys = sorted(slots)
    claims = {}
    for batch in (first, second):
        changes = {keys[i % len(keys)]: amount for i, amount in batch.items()}
        if not rules.batch_violations(claims, changes, slots, AMA, Decimal("4.00")):
            for key, amount in changes.items():
                claims = rules.apply_change(claims, key, amount)
        assert_invariants(claims, slots, AMA, Decimal("4.00"))


@given(st.lists(st.tuples(st.integers(0, 40), st.integers(1, 8)), min_size=1, max_size=12))
@settings(max_examples=300, deadline=None)
def test_overlapping_lists_exactly_the_sessions_sharing_time(spans):
    times = {f"s{i}": (DAY0 + timedelta(minutes=15 * start), DAY0 + timedelta(minutes=15 * (start + length)))
             for i, (start, length) in enumerate(spans)}
    found = rules.overlapping(times)
    for a in times:
        expected = {b for b in times if b != a and times[a][0] < times[b][1] and times[b][0] < times[a][1]}
        assert set(found[a]) == expected and len(found[a]) == len(expected)
        assert [times[b][0] for b in found[a]] == sorted(times[b][0] for b in found[a])  # in time order


# --- self-reported credit ------------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(amount=st.decimals(min_value=0, max_value=999999, places=2), separator=st.sampled_from([".", ","]),
       spaces=st.sampled_from(["", " ", "\t"]))
def test_an_amount_reads_the_same_with_a_decimal_point_or_a_decimal_comma(amount, separator, spaces):
    text = f"{spaces}{amount:.2f}{spaces}".replace(".", separator)
    assert rules.parse_amount(text) == amount
    assert rules.parse_amount(text.rstrip("0").rstrip(".,") or "0") == amount  # "1,50", "1,5" and "1" alike


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=12))
def test_an_amount_read_from_any_text_is_a_two_place_number_or_refused(text):
    try:
        amount = rules.parse_amount(text)
    except ValueError:
        return
    assert amount == amount.quantize(Decimal("0.01")) and amount >= 0
    assert (rules.self_reported_violations(amount) == []) == (Decimal("0") < amount <= rules.SELF_REPORTED_MAX)
