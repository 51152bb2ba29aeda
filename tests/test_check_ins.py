"""Session check-in: rotating codes that change nothing to show, one check-in per half, presence before claiming."""
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from freezegun import freeze_time
from hypothesis import given
from hypothesis import strategies as st

from ce_plugin import api, rules
from ce_plugin import exceptions as errors
from ce_plugin.models import AuditEvent, SessionCheckIn, SessionClaim
from ce_plugin.services.check_ins import rotation, session_code
from ce_plugin.statuses import CheckInPresence
from tests import factories

AMA = rules.CreditArithmetic(60, Decimal("0.25"))


@pytest.fixture
def talk(activity):
    """09:00-10:45 (UTC) on the meeting's first day."""
    starts = factories.MEETING_START.replace(hour=9)
    return factories.SessionFactory(activity=activity, title="Sepsis update", starts_at=starts,
                                    ends_at=starts + timedelta(minutes=105))


def at(session, minutes):
    return session.starts_at + timedelta(minutes=minutes)


def shown(session, moment):
    with freeze_time(moment):
        return api.get_check_in_screen(session.usage_key).code


# --- the rules ------------------------------------------------------------------------------------------------


def test_the_suggestion_is_the_span_between_the_check_ins_floored_to_the_increment(talk):
    times = [at(talk, 14), at(talk, 100)]  # 09:14 and 10:40: 86 minutes
    assert rules.suggest_from_check_ins(times, talk.starts_at, talk.ends_at, Decimal("1.75"), AMA) == Decimal("1.25")
    # one check-in near the start: to the end of the session (91 minutes); near the end only: from its start
    assert rules.suggest_from_check_ins([at(talk, 14)], talk.starts_at, talk.ends_at, Decimal("1.75"), AMA) == \
        Decimal("1.50")
    assert rules.suggest_from_check_ins([at(talk, 70)], talk.starts_at, talk.ends_at, Decimal("1.75"), AMA) == \
        Decimal("1.00")
    assert rules.suggest_from_check_ins([], talk.starts_at, talk.ends_at, Decimal("1.75"), AMA) is None
    # early and late check-ins count from the session's start to its end, never beyond
    early_late = [at(talk, -10), at(talk, 115)]
    assert rules.suggest_from_check_ins(early_late, talk.starts_at, talk.ends_at, Decimal("1.75"), AMA) == \
        Decimal("1.75")
    assert rules.suggest_from_check_ins(early_late, talk.starts_at, talk.ends_at, Decimal("1.00"), AMA) == \
        Decimal("1.00")


@given(minutes=st.lists(st.integers(min_value=-15, max_value=120), max_size=4),
       maximum=st.sampled_from([Decimal("0.50"), Decimal("1.75"), Decimal("3.00")]))
def test_a_suggestion_is_a_step_never_above_the_maximum(minutes, maximum):
    starts = factories.MEETING_START
    ends = starts + timedelta(minutes=105)
    found = rules.suggest_from_check_ins([starts + timedelta(minutes=m) for m in minutes], starts, ends, maximum, AMA)
    assert (found is None) == (not minutes)
    if found is not None:
        assert Decimal("0") <= found <= maximum and rules.is_step(found, AMA.increment)


def test_presence_and_phases(talk):
    assert rules.check_in_phase(at(talk, -10), talk.starts_at, talk.ends_at) == "start"
    assert rules.check_in_phase(at(talk, 52), talk.starts_at, talk.ends_at) == "start"
    assert rules.check_in_phase(at(talk, 53), talk.starts_at, talk.ends_at) == "end"
    assert rules.presence_met("none", set()) and not rules.presence_met("once", set())
    assert rules.presence_met("once", {"end"})
    assert not rules.presence_met("start_and_end", {"start"}) and rules.presence_met("start_and_end", {"start", "end"})
    slot = rules.code_slot(talk.starts_at, 180)
    assert rules.accepted_slots(talk.starts_at, 180) == (slot, slot - 1)
    assert rules.slot_ends_at(slot, 180) > talk.starts_at >= rules.slot_ends_at(slot - 1, 180)


# --- codes and check-ins -----------------------------------------------------------------------------------------


def test_the_screen_shows_a_rotating_code_only_while_check_in_is_open_and_writes_nothing(talk):
    before, during, after = at(talk, -16), at(talk, 30), at(talk, 105 + 16)
    with freeze_time(before):
        assert api.get_check_in_screen(talk.usage_key).state == "not_yet"
        assert api.get_check_in_screen(talk.usage_key).code == ""
    with CaptureQueriesContext(connection) as queries, freeze_time(during):
        screen = api.get_check_in_screen(talk.usage_key)
    assert screen.state == "open" and len(screen.code) == 6 and screen.changes_at > during
    assert all(q["sql"].lstrip().upper().startswith("SELECT") for q in queries.captured_queries)
    assert shown(talk, during + timedelta(seconds=rotation())) != screen.code  # the next rotation, a new code
    assert shown(talk, screen.changes_at - timedelta(seconds=1)) == screen.code
    with freeze_time(after):
        assert api.get_check_in_screen(talk.usage_key).state == "closed"


def test_a_learner_checks_in_once_per_half_with_the_code_on_the_screen(enrolled, activity, talk):
    code = shown(talk, at(talk, 14))
    done = api.check_in(enrolled, activity.course_key, code.lower(), now=at(talk, 14))  # case does not matter
    assert (done.usage_key, done.phase, done.already) == (str(talk.usage_key), "start", False)
    again = api.check_in(enrolled, activity.course_key, code, now=at(talk, 15))
    assert again.already and again.checked_in_at == at(talk, 14)
    out = api.check_in(enrolled, activity.course_key, shown(talk, at(talk, 100)), now=at(talk, 100))
    assert out.phase == "end" and not out.already
    assert list(SessionCheckIn.objects.order_by("checked_in_at").values_list("phase", flat=True)) == ["start", "end"]
    assert AuditEvent.objects.filter(action="checked_in").count() == 2


def test_a_code_read_just_before_it_changed_still_works_then_expires(enrolled, activity, talk):
    screen_time = at(talk, 20)
    code = shown(talk, screen_time)
    with freeze_time(screen_time):
        changes_at = api.get_check_in_screen(talk.usage_key).changes_at
    # during the next rotation: accepted
    assert api.check_in(enrolled, activity.course_key, code, now=changes_at + timedelta(seconds=5)).phase == "start"
    SessionCheckIn.objects.all().delete()
    # a rotation later still: refused, and nothing written
    with pytest.raises(errors.CheckInCodeInvalid):
        api.check_in(enrolled, activity.course_key, code, now=changes_at + timedelta(seconds=rotation() + 5))
    assert not SessionCheckIn.objects.exists()


def test_foreign_codes_and_codes_outside_the_window_are_refused(enrolled, activity, talk):
    elsewhere = factories.SessionFactory(activity=factories.ActivityFactory(), starts_at=talk.starts_at,
                                         ends_at=talk.ends_at)
    moment = at(talk, 30)
    with pytest.raises(errors.CheckInCodeInvalid):
        api.check_in(enrolled, activity.course_key, shown(elsewhere, moment), now=moment)
    # the code a screen would show two hours after the session closed is refused (the window is closed)
    late = at(talk, 240)
    with pytest.raises(errors.CheckInCodeInvalid):
        api.check_in(enrolled, activity.course_key, session_code(talk.usage_key, rules.code_slot(late, rotation())),
                     now=late)
    assert not SessionCheckIn.objects.exists()


def test_wrong_codes_are_throttled_even_before_a_right_one(enrolled, activity, talk, settings):
    settings.CE_CLAIM_ATTEMPT_LIMIT = 3
    moment = at(talk, 30)
    for _attempt in range(3):
        with pytest.raises(errors.CheckInCodeInvalid):
            api.check_in(enrolled, activity.course_key, "AAAAAA", now=moment)
    with pytest.raises(errors.CheckInThrottled):
        api.check_in(enrolled, activity.course_key, shown(talk, moment), now=moment)
    assert not SessionCheckIn.objects.exists()


def test_only_enrolled_learners_of_a_published_activity_check_in(learner, activity, talk):
    moment = at(talk, 30)
    with pytest.raises(errors.NotEnrolledError):
        api.check_in(learner, activity.course_key, shown(talk, moment), now=moment)
    activity.published = False
    activity.save()
    with pytest.raises(errors.ActivityNotFound):
        api.check_in(learner, activity.course_key, shown(talk, moment), now=moment)


# --- presence before claiming, and the suggestion kept with the claim ---------------------------------------------


def require(activity, presence):
    activity.check_in_presence = presence
    activity.save()


def test_claiming_needs_the_presence_the_activity_asks_for(ready, activity, talk, now):
    require(activity, CheckInPresence.START_AND_END)
    with pytest.raises(errors.CheckInRequired) as refused:
        api.record_session_claim(ready, talk.usage_key, "1.5", now=now)
    assert str(talk.usage_key) in refused.value.field_errors() and not SessionClaim.objects.exists()
    api.check_in(ready, activity.course_key, shown(talk, at(talk, 14)), now=at(talk, 14))
    with pytest.raises(errors.CheckInRequired):  # the start alone is not enough
        api.record_session_claim(ready, talk.usage_key, "1.5", now=now)
    api.check_in(ready, activity.course_key, shown(talk, at(talk, 100)), now=at(talk, 100))
    api.record_session_claim(ready, talk.usage_key, "1.5", now=now)  # the learner decides: more than suggested
    line = SessionClaim.objects.get()
    assert (line.credits, line.suggested_credits) == (Decimal("1.50"), Decimal("1.25"))
    assert line.suggestion_reason == "checked in 09:14, out 10:40: 1.25"
    event = AuditEvent.objects.filter(action="credits_claimed").get()
    assert event.details["suggested"] == "1.25"


def test_one_check_in_is_enough_when_the_activity_asks_for_one(ready, activity, talk, now):
    require(activity, CheckInPresence.ONCE)
    api.check_in(ready, activity.course_key, shown(talk, at(talk, 70)), now=at(talk, 70))
    api.record_session_claim(ready, talk.usage_key, "1", now=now)
    assert SessionClaim.objects.get().suggestion_reason == "no check-in near the start, checked in 10:10: 1.00"


def test_without_a_requirement_claims_need_no_check_in_and_keep_no_suggestion(ready, activity, talk, now):
    api.record_session_claim(ready, talk.usage_key, "1", now=now)
    line = SessionClaim.objects.get()
    assert line.suggested_credits is None and line.suggestion_reason == ""


def test_the_claim_page_shows_the_suggestion_and_what_is_missing(client, ready, activity, talk, now):
    require(activity, CheckInPresence.ONCE)
    other = factories.SessionFactory(activity=activity, title="Unattended", starts_at=talk.ends_at,
                                     ends_at=talk.ends_at + timedelta(hours=1))
    api.check_in(ready, activity.course_key, shown(talk, at(talk, 14)), now=at(talk, 14))
    client.force_login(ready)
    with freeze_time(now):
        page = client.get(reverse("ce_plugin:claim", args=[str(activity.course_key)]) + "?day=2026-06-10")
    html = page.content.decode()
    talk_row = html.split(f'data-session="{talk.usage_key}"')[1].split("</tr>")[0]
    other_row = html.split(f'data-session="{other.usage_key}"')[1].split("</tr>")[0]
    assert "Suggested: checked in 09:14, no check-in near the end: 1.50" in talk_row
    assert "data-check-in-needed" not in talk_row and "data-check-in-needed" in other_row
    assert "data-suggestion" not in other_row
    assert reverse("ce_plugin:check-in", args=[str(activity.course_key)]) in html.split("data-check-in-link")[1]


# --- the pages ---------------------------------------------------------------------------------------------------


def test_the_staff_screen_shows_the_code_a_learner_then_enters(client, enrolled, instructor, activity, talk):
    moment = at(talk, 20)
    client.force_login(instructor)
    screen_url = reverse("ce_plugin:staff-check-in-screen", args=[str(activity.course_key), str(talk.usage_key)])
    with freeze_time(moment):
        screen = client.get(screen_url)
        listing = client.get(reverse("ce_plugin:staff-check-in", args=[str(activity.course_key)]))
    code = shown(talk, moment)
    assert screen.status_code == 200 and f"data-check-in-code>{code}<" in screen.content.decode()
    assert "<svg" in screen.content.decode() and 'data-refresh="' in screen.content.decode()
    with freeze_time(moment + timedelta(seconds=rotation())):
        following = client.get(screen_url, HTTP_ACCEPT="application/json").json()
    assert shown(talk, moment + timedelta(seconds=rotation())) in following["html"] and code not in following["html"]
    assert 0 < following["refresh"] <= rotation() + 1
    assert screen_url in listing.content.decode()
    client.force_login(enrolled)
    page_url = reverse("ce_plugin:check-in", args=[str(activity.course_key)])
    with freeze_time(moment):
        prefilled = client.get(page_url + f"?code={code}")
        assert f'value="{code}"' in prefilled.content.decode() and not SessionCheckIn.objects.exists()
        done = client.post(page_url, {"code": code})
        wrong = client.post(page_url, {"code": "ZZZZZZ"})
    assert done.status_code == 200 and 'data-checked-in="start"' in done.content.decode()
    assert wrong.status_code == 400 and "data-check-in-error" in wrong.content.decode()
    assert SessionCheckIn.objects.get().user == enrolled


def test_a_screen_is_found_only_under_its_own_course(client, instructor, activity, talk):
    elsewhere = factories.SessionFactory(activity=factories.ActivityFactory())
    client.force_login(instructor)
    url = reverse("ce_plugin:staff-check-in-screen", args=[str(activity.course_key), str(elsewhere.usage_key)])
    assert client.get(url).status_code == 404
    bad = reverse("ce_plugin:staff-check-in-screen", args=[str(activity.course_key), "not-a-key"])
    assert client.get(bad).status_code == 404


def test_the_activity_settings_choose_the_check_in_requirement(instructor, activity):
    values = {name: getattr(activity, name) for name in ("title", "activity_type", "time_zone", "attendance_mode")}
    saved = api.save_activity_settings(instructor, activity.course_key, {**values, "check_in_presence": "once"}, [],
                                       [], {})
    assert saved.check_in_presence == "once"
    with pytest.raises(errors.InvalidInputError) as refused:
        api.save_activity_settings(instructor, activity.course_key, {**values, "check_in_presence": "twice"}, [],
                                   [], {})
    assert "check_in_presence" in refused.value.field_errors()


# --- the record: roster, CSV and the statement's snapshot -----------------------------------------------------------


def test_the_roster_counts_the_sessions_each_learner_checked_in_to(ready, activity, talk, now):
    second = factories.SessionFactory(activity=activity, starts_at=talk.ends_at, ends_at=talk.ends_at + timedelta(
        hours=1))
    for session, minutes in ((talk, 14), (talk, 100), (second, 10)):
        api.check_in(ready, activity.course_key, shown(session, at(session, minutes)), now=at(session, minutes))
    api.record_session_claim(ready, talk.usage_key, "1", now=now)
    row = api.claims_roster(activity.course_key)[0]
    # two sessions, not three check-ins; the credit total is not multiplied by the check-ins' join
    assert (row["checked_in_sessions"], row["sessions"], row["credits"]) == (2, 1, "1.00")


def test_the_statement_records_how_attendance_was_verified(ready, activity, talk, now,
                                                          django_capture_on_commit_callbacks):
    from ce_plugin.models import Statement
    from tests.helpers import pdf_text
    require(activity, CheckInPresence.START_AND_END)
    for minutes in (14, 100):
        api.check_in(ready, activity.course_key, shown(talk, at(talk, minutes)), now=at(talk, minutes))
    api.record_session_claim(ready, talk.usage_key, "1.25", now=now)
    with django_capture_on_commit_callbacks(execute=True):
        api.finalize_claim(ready, activity.course_key, now=now)
    snapshot = Statement.objects.get().snapshot
    assert snapshot["attendance"] == {"code": "none", "check_in": "start_and_end", "code_verified_at": None}
    line = snapshot["sessions"][0]
    assert [t[11:16] for t in line["check_ins"]] == ["09:14", "10:40"] and line["suggested"] == "1.25"
    text = pdf_text(api.get_statement_file(ready, activity.course_key).content)
    assert "Attendance verified with session check-ins." in text


# --- online courses: credit suggested from the platform's completion ------------------------------------------------


def test_an_online_course_suggests_the_maximum_once_the_units_content_is_completed(client, ready, activity, now):
    from devhost_platform.models import Unit
    from tests.test_block import add_block
    activity.activity_type = "online"
    activity.save()
    watched = add_block(activity, "watched", factories.MEETING_START, evaluation=[], evaluation_required=False)
    unwatched = add_block(activity, "unwatched", factories.MEETING_START + timedelta(hours=1), evaluation=[],
                          evaluation_required=False)
    client.force_login(ready)
    unit = Unit.objects.get(usage_key=activity.course_key.make_usage_key("vertical", "watched"))
    assert client.get(reverse("devhost:unit", args=[str(activity.course_key), unit.id])).status_code == 200
    with freeze_time(now):
        page = client.get(reverse("ce_plugin:claim", args=[str(activity.course_key)])).content.decode()
    watched_row = page.split(f'data-session="{watched}"')[1].split("</tr>")[0]
    unwatched_row = page.split(f'data-session="{unwatched}"')[1].split("</tr>")[0]
    assert "Suggested: you completed this unit&#x27;s content: 1.00" in watched_row
    assert "data-suggestion" not in unwatched_row
    api.record_session_claims(ready, activity.course_key, {str(watched): "0.5", str(unwatched): "1"}, now=now)
    lines = {str(line.session.usage_key): line for line in SessionClaim.objects.select_related("session")}
    assert lines[str(watched)].suggested_credits == Decimal("1.00") and lines[str(unwatched)].suggested_credits is None


def test_completion_is_read_for_the_claims_learner_only(ready, activity, now):
    from devhost_platform.models import BlockCompletion
    from tests.test_block import add_block
    activity.activity_type = "online"
    activity.save()
    add_block(activity, "watched", factories.MEETING_START, evaluation=[], evaluation_required=False)
    BlockCompletion.objects.create(usage_key=activity.course_key.make_usage_key("vertical", "watched"), user=ready)
    claim = api.get_claim(ready, activity.course_key)
    assert api.get_claim_day(activity.course_key, claim, user=ready).rows[0].suggestion.credits == Decimal("1.00")
    someone_else = factories.UserFactory(username="someone")
    assert api.get_claim_day(activity.course_key, claim, user=someone_else).rows[0].suggestion is None
    assert api.get_claim_day(activity.course_key, claim).rows[0].suggestion is None
