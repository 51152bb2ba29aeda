"""Worked examples of each rule, with the numbers a CME coordinator would check by hand."""
from datetime import datetime, timedelta, timezone
from decimal import Decimal as D

import pytest

from ce_plugin import rules

NINE = datetime(2026, 6, 10, 9, 0, tzinfo=timezone.utc)
AMA = rules.CreditArithmetic(60, D("0.25"))


def slot(key, start_minutes, minutes, maximum=None):
    start = NINE + timedelta(minutes=start_minutes)
    end = start + timedelta(minutes=minutes)
    return rules.Slot(key, start, end, rules.session_maximum(start, end, maximum, AMA))


def codes(found):
    return [v.code for v in found]


def test_amounts_must_be_positive_steps_within_the_session_maximum():
    one_hour = {"a": slot("a", 0, 60)}
    assert codes(rules.change_violations({}, "a", D("0.30"), one_hour, AMA, None)) == [rules.NOT_A_STEP]
    assert codes(rules.change_violations({}, "a", D("1.25"), one_hour, AMA, None)) == [rules.OVER_SESSION_MAX]
    assert codes(rules.change_violations({}, "a", D("-1"), one_hour, AMA, None)) == [rules.NOT_POSITIVE]
    assert rules.change_violations({}, "a", D("0.75"), one_hour, AMA, None) == []


def test_session_maximum_comes_from_duration_unless_overridden():
    assert slot("a", 0, 90).max_credits == D("1.50")
    assert slot("a", 0, 50).max_credits == D("0.75")
    assert slot("a", 0, 45, "1.00").max_credits == D("1.00")
    pace = rules.CreditArithmetic(50, D("0.5"), D("7"))
    assert rules.session_maximum(NINE, NINE + timedelta(minutes=100), None, pace) == D("2.00")


def test_concurrent_sessions_share_one_hour():
    slots = {"a": slot("a", 0, 60), "b": slot("b", 0, 60)}
    assert rules.change_violations({"a": D("0.50")}, "b", D("0.50"), slots, AMA, None) == []
    found = rules.change_violations({"a": D("0.50")}, "b", D("0.75"), slots, AMA, None)
    assert codes(found) == [rules.OVERLAP]
    assert found[0].params["allowed"] == D("1.00") and found[0].params["total"] == D("1.25")


def test_partly_overlapping_sessions_earn_their_joint_span():
    slots = {"a": slot("a", 0, 60), "b": slot("b", 30, 60)}  # 09:00-10:00 and 09:30-10:30: 90 minutes
    assert rules.change_violations({"a": D("1.00")}, "b", D("0.50"), slots, AMA, None) == []
    assert codes(rules.change_violations({"a": D("1.00")}, "b", D("0.75"), slots, AMA, None)) == [rules.OVERLAP]


def test_a_chain_of_overlaps_is_checked_as_one_span():
    # a 09:00-10:00, b 09:45-10:45, c 10:30-11:30: a and c do not overlap, the chain spans 150 minutes.
    slots = {"a": slot("a", 0, 60), "b": slot("b", 45, 60), "c": slot("c", 90, 60)}
    claims = {"a": D("1.00"), "c": D("1.00")}
    assert rules.change_violations(claims, "b", D("0.50"), slots, AMA, None) == []
    assert codes(rules.change_violations(claims, "b", D("0.75"), slots, AMA, None)) == [rules.OVERLAP]


def test_back_to_back_sessions_do_not_overlap():
    slots = {"a": slot("a", 0, 60), "b": slot("b", 60, 60)}
    assert rules.change_violations({"a": D("1.00")}, "b", D("1.00"), slots, AMA, None) == []


def test_activity_cap_and_daily_cap():
    slots = {k: slot(k, i * 120, 120) for i, k in enumerate("abcd")}
    assert codes(rules.change_violations({"a": D("2"), "b": D("2")}, "c", D("1.25"), slots, AMA, D("5"))) == [
        rules.ACTIVITY_CAP]
    pace = rules.CreditArithmetic(50, D("0.5"), D("7"))
    pace_slots = {k: rules.Slot(k, s.starts_at, s.ends_at, D("3")) for k, s in slots.items()}
    claims = {"a": D("2.5"), "b": D("2.5")}
    found = rules.change_violations(claims, "c", D("2.5"), pace_slots, pace, None)
    assert codes(found) == [rules.DAILY_CAP] and found[0].params["total"] == D("7.5")


def test_daily_cap_days_follow_the_activity_time_zone():
    pace = rules.CreditArithmetic(50, D("0.5"), D("2"))
    late = datetime(2026, 6, 11, 3, 0, tzinfo=timezone.utc)  # 23:00 on 10 June in New York
    slots = {"a": rules.Slot("a", NINE, NINE + timedelta(hours=2), D("2")),
             "b": rules.Slot("b", late, late + timedelta(hours=1), D("1"))}
    claims = {"a": D("2")}
    assert rules.change_violations(claims, "b", D("1"), slots, pace, None, "UTC") == []
    assert codes(rules.change_violations(claims, "b", D("1"), slots, pace, None, "America/New_York")) == [
        rules.DAILY_CAP]


@pytest.mark.parametrize("value", ["abc", "1e999999", "NaN", "Infinity", "0.125", True, "0,125", "1,2,3",
                                   "1 5", "1,000,50"])
def test_to_decimal_refuses_what_is_not_a_two_place_number(value):
    with pytest.raises(ValueError):
        rules.to_decimal(value)


@pytest.mark.parametrize("typed, amount", [
    ("1,25", "1.25"), ("1.25", "1.25"), (" 0,5 ", "0.50"), (",75", "0.75"), ("-0,25", "-0.25"),
    ("1 000,50", "1000.50"), ("1\u202f000", "1000.00"), ("1.000,50", "1000.50"), ("1,000.50", "1000.50"),
])
def test_amounts_are_read_with_a_decimal_comma_or_point(typed, amount):
    assert rules.to_decimal(typed) == D(amount)


def test_a_comma_before_three_digits_is_refused_as_ambiguous():
    """ "1,000" is a thousand in English and one in French: neither is guessed. """
    with pytest.raises(ValueError):
        rules.to_decimal("1,000")


def test_window():
    opens, closes = NINE, NINE + timedelta(days=30)
    assert rules.window_violation(NINE - timedelta(seconds=1), opens, closes).code == rules.WINDOW_NOT_OPEN
    assert rules.window_violation(closes + timedelta(seconds=1), opens, closes).code == rules.WINDOW_CLOSED
    assert rules.window_violation(closes + timedelta(days=1), opens, closes, closes + timedelta(days=2)) is None
    assert rules.window_violation(NINE, None, None) is None
    # An extension only ever lengthens a learner's window; with no close there is none to extend.
    assert rules.claims_close_at(closes, closes + timedelta(days=2)) == closes + timedelta(days=2)
    assert rules.claims_close_at(closes, closes - timedelta(days=2)) == closes
    assert rules.claims_close_at(closes) == closes and rules.claims_close_at(None, closes) is None


def test_missing_step_order():
    step = rules.missing_step
    assert step(statement_chosen=False, attendance_required=True, attendance_verified=False,
                has_disclosures=True, disclosures_acknowledged=False) == rules.STEP_STATEMENT
    assert step(statement_chosen=True, attendance_required=True, attendance_verified=False,
                has_disclosures=True, disclosures_acknowledged=False) == rules.STEP_ATTENDANCE
    assert step(statement_chosen=True, attendance_required=False, attendance_verified=False,
                has_disclosures=True, disclosures_acknowledged=False) == rules.STEP_DISCLOSURES
    assert step(statement_chosen=True, attendance_required=True, attendance_verified=True,
                has_disclosures=False, disclosures_acknowledged=False) is None


def test_designated_maximum_of_a_meeting():
    # Two tracks 09:00-10:00 and 09:30-10:30 (90 minutes together), then a lone 11:00-12:00 session.
    slots = {"a": slot("a", 0, 60), "b": slot("b", 30, 60), "c": slot("c", 120, 60)}
    assert rules.designated_maximum(slots, AMA, None) == D("2.50")
    assert rules.designated_maximum(slots, AMA, D("2.00")) == D("2.00")
    pace = rules.CreditArithmetic(50, D("0.5"), D("1.5"))
    assert rules.designated_maximum(slots, pace, None) == D("1.50")


def test_activity_status():
    opens, closes = NINE, NINE + timedelta(days=30)
    status = rules.activity_status
    assert status(NINE + timedelta(days=1), opens, closes, None, False, False) == rules.NOT_STARTED
    assert status(NINE + timedelta(days=1), opens, closes, None, True, False) == rules.IN_PROGRESS
    assert status(NINE + timedelta(days=40), opens, closes, None, True, False) == rules.WINDOW_PASSED
    assert status(NINE + timedelta(days=40), opens, closes, None, True, True) == rules.FINALIZED
    assert status(NINE - timedelta(days=1), opens, closes, None, False, False) == rules.NOT_YET_OPEN


@pytest.mark.parametrize("text", ["1,500", "1.255", "-1", "+1", "1e2", "1_0", "١٢", "1 5", "1.", ",5", "", "0x1",
                                  "NaN", "Infinity", "1,5,0"])
def test_amounts_a_person_would_not_write_are_refused(text):
    with pytest.raises(ValueError):
        rules.parse_amount(text)


def test_self_reported_amounts_are_positive_and_at_most_the_maximum():
    assert rules.parse_amount(" 2,25 ") == D("2.25") and rules.parse_amount(3) == D("3.00")
    assert [v.code for v in rules.self_reported_violations(D("0"))] == [rules.NOT_POSITIVE]
    assert [v.code for v in rules.self_reported_violations(D("500.01"))] == [rules.OVER_SELF_REPORTED_MAX]
    assert rules.self_reported_violations(D("500")) == [] and rules.self_reported_violations(D("0.01")) == []
