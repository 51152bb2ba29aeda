"""The claim wizard's pages: access, order of steps, every refusal with its message, and nothing saved then."""
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from freezegun import freeze_time

from ce_plugin import api
from ce_plugin import exceptions as errors
from ce_plugin.evaluations import standard_questions
from ce_plugin.models import AttendanceCode, CreditType, LearnerClaim, Statement
from devhost_platform.models import CourseRole
from tests import factories
from tests.helpers import pdf_text

ANSWERS = {"objectives_met": 5, "relevant": 4, "unbiased": "yes", "practice_change": "yes", "overall": 5}
START = factories.MEETING_START  # 12:00 UTC


@pytest.fixture
def meeting(activity):
    """A badge-verified meeting with two disclosure pages, two statements and three sessions."""
    activity.attendance_mode = "badge"
    activity.credit_caps = {"ama-pra-1": "3.00"}
    activity.support_email = "support@example.org"
    activity.save()
    factories.DisclosurePageFactory(activity=activity, position=0, title="Faculty disclosures",
                                    body="**Dr. A**: no relationships.<script>alert(1)</script>")
    factories.DisclosurePageFactory(activity=activity, position=1, title="Commercial support", body="None.")
    ama = factories.StatementTypeFactory(activity=activity, position=0)
    acpe = factories.StatementTypeFactory(activity=activity, position=1, name="ACPE (pharmacists)",
                                          credit_type=CreditType.objects.get(code="acpe"))
    sessions = {
        "a": factories.SessionFactory(activity=activity, title="Session A", track="Clinical"),
        "b": factories.SessionFactory(activity=activity, title="Session B", track="Lab",
                                      starts_at=START + timedelta(minutes=30)),
        "c": factories.SessionFactory(activity=activity, title="Session C", track="Clinical",
                                      starts_at=START + timedelta(hours=2), evaluation=standard_questions(),
                                      evaluation_required=True),
    }
    AttendanceCode.objects.create(activity=activity, code="B-1", kind="badge")
    AttendanceCode.objects.create(activity=activity, code="B-2", kind="badge")
    return {"activity": activity, "ama": ama, "acpe": acpe, "sessions": sessions}


def url(activity, name, *args):
    return reverse(f"ce_plugin:{name}", args=[str(activity.course_key), *args])


@pytest.fixture
def ready_learner(enrolled, meeting, now):
    """The learner chose the physician statement, verified the badge and acknowledged the disclosures."""
    key = meeting["activity"].course_key
    with freeze_time(now):
        api.select_statement_type(enrolled, key, meeting["ama"].id)
        api.verify_attendance(enrolled, key, "B-1")
        api.acknowledge_disclosures(enrolled, key)
    return enrolled


@pytest.fixture
def signed_in(client, ready_learner, now):
    client.force_login(ready_learner)
    with freeze_time(now):
        yield client


STEPS = [("activity", ()), ("statement", ()), ("attendance", ()), ("disclosures", (1,)), ("claim", ()),
         ("summary", ()), ("statement-pdf", ())]


@pytest.mark.parametrize("name, args", STEPS)
def test_every_page_sends_anonymous_users_to_sign_in(client, meeting, name, args):
    response = client.get(url(meeting["activity"], name, *args))
    assert response.status_code == 302 and response.url.startswith("/login/?next=/ce/courses/")


@pytest.mark.parametrize("name, args", STEPS)
def test_every_page_refuses_users_not_enrolled(client, learner, meeting, name, args):
    client.force_login(learner)
    response = client.get(url(meeting["activity"], name, *args))
    assert response.status_code == 403


def test_steps_come_in_order(client, enrolled, meeting, now):
    client.force_login(enrolled)
    activity = meeting["activity"]
    with freeze_time(now):
        for later in ("attendance", "claim", "summary"):
            assert client.get(url(activity, later)).url == url(activity, "statement")
        response = client.post(url(activity, "statement"), {"statement_type": meeting["ama"].id})
        assert response.url == url(activity, "attendance")
        assert client.get(url(activity, "claim")).url == url(activity, "attendance")
        response = client.post(url(activity, "attendance"), {"code": "b-1"})
        assert response.url == url(activity, "disclosures", 1)
        assert client.get(url(activity, "claim")).url == url(activity, "disclosures", 1)


def test_statement_step_validates_the_profile_fields_of_the_chosen_type(client, enrolled, meeting, now, unchanged):
    client.force_login(enrolled)
    activity, acpe = meeting["activity"], meeting["acpe"]
    with freeze_time(now), unchanged():
        response = client.post(url(activity, "statement"), {
            "statement_type": acpe.id, f"profile-{acpe.id}-nabp_eprofile_id": "12x",
            f"profile-{acpe.id}-birth_mmdd": ""})
    assert response.status_code == 400
    body = response.content.decode()
    assert "This value is not valid." in body and "This field is required for the statement you chose." in body
    with freeze_time(now):
        response = client.post(url(activity, "statement"), {
            "statement_type": acpe.id, f"profile-{acpe.id}-nabp_eprofile_id": "1234567",
            f"profile-{acpe.id}-birth_mmdd": "0731"})
    assert response.status_code == 302
    assert LearnerClaim.objects.get(user=enrolled).profile == {"nabp_eprofile_id": "1234567", "birth_mmdd": "0731"}


def test_attendance_refusals_and_throttling(client, enrolled, meeting, now, settings, unchanged):
    settings.CE_CLAIM_ATTEMPT_LIMIT = 3
    activity = meeting["activity"]
    other = factories.UserFactory(username="colleague")
    factories.EnrollmentFactory(user=other, course=factories.CourseFactory._meta.model.objects.get(
        course_key=activity.course_key))
    with freeze_time(now):
        api.select_statement_type(other, activity.course_key, meeting["ama"].id)
        api.verify_attendance(other, activity.course_key, "B-2")
        api.select_statement_type(enrolled, activity.course_key, meeting["ama"].id)
    client.force_login(enrolled)
    with freeze_time(now):
        wrong = client.post(url(activity, "attendance"), {"code": "NOPE"})
        assert wrong.status_code == 400 and "This code was not accepted." in wrong.content.decode()
        taken = client.post(url(activity, "attendance"), {"code": "B-2"})
        assert taken.status_code == 400 and "This code was not accepted." in taken.content.decode()
        assert "support@example.org" in taken.content.decode()  # whom to write to
        client.post(url(activity, "attendance"), {"code": "NOPE"})
        with unchanged():
            throttled = client.post(url(activity, "attendance"), {"code": "B-1"})  # right code, but too many tries
            assert throttled.status_code == 429
            assert "Too many wrong codes. Please wait 15 minutes" in throttled.content.decode()
            with pytest.raises(errors.AttendanceThrottled):
                api.verify_attendance(enrolled, activity.course_key, "B-1")


def test_disclosures_in_order_then_acknowledged(client, enrolled, meeting, now, unchanged):
    activity = meeting["activity"]
    with freeze_time(now):
        api.select_statement_type(enrolled, activity.course_key, meeting["ama"].id)
        api.verify_attendance(enrolled, activity.course_key, "B-1")
        client.force_login(enrolled)
        first = client.get(url(activity, "disclosures", 1)).content.decode()
        assert "Faculty disclosures" in first and "<strong>Dr. A</strong>" in first and "<script>" not in first
        assert client.post(url(activity, "disclosures", 1)).url == url(activity, "disclosures", 2)
        assert client.get(url(activity, "disclosures", 3)).status_code == 404
        with pytest.raises(errors.DisclosuresRequired):
            api.record_session_claim(enrolled, meeting["sessions"]["a"].usage_key, "1", now=now)
        with unchanged():
            refused = client.post(url(activity, "disclosures", 2))
        assert refused.status_code == 400 and "Tick the box" in refused.content.decode()
        assert client.post(url(activity, "disclosures", 2), {"acknowledge": "yes"}).url == url(activity, "claim")
    assert LearnerClaim.objects.get(user=enrolled).disclosures_acknowledged_at == now


def field(session):
    return f"credits:{session.usage_key}"


@pytest.mark.parametrize("changes, message", [
    ({"a": "0.30"}, "Credits must be claimed in steps of 0.25."),
    ({"a": "1.25"}, "This session offers at most 1.00 credits."),
    ({"a": "lots"}, "Enter a number of credits, such as 0.75."),
    ({"a": "1", "b": "0.75"}, "together they may earn at most 1.50 credits, and this would make 1.75"),
    ({"c": "1"}, "Complete this session&#x27;s evaluation before claiming credit for it."),
])
def test_claim_page_refusals(signed_in, meeting, changes, message, unchanged):
    sessions, activity = meeting["sessions"], meeting["activity"]
    with unchanged():
        response = signed_in.post(url(activity, "claim"), {field(sessions[k]): v for k, v in changes.items()})
    assert response.status_code == 400
    assert message in response.content.decode()


@pytest.mark.parametrize("changes, message", [
    ({"a": "0,30"}, "[Crédîts müst bé clàîméd în stéps øf 0,25.]"),
    ({"a": "1,25"}, "[Thîs séssîøn øfférs àt møst 1,00 crédîts.]"),
    ({"a": "lots"}, "[Éntér à nümbér øf crédîts, süch às 0,75.]"),
    ({"a": "1", "b": "0,75"}, "àt møst 1,50 crédîts, ànd thîs wøüld màké 1,75.]"),
])
def test_claim_page_refusals_write_figures_as_the_learners_language_does(signed_in, meeting, changes, message,
                                                                         unchanged):
    """In a decimal-comma language the figures inside a refusal are written with a comma too."""
    sessions, activity = meeting["sessions"], meeting["activity"]
    with unchanged():
        response = signed_in.post(url(activity, "claim"), {field(sessions[k]): v for k, v in changes.items()},
                                  HTTP_ACCEPT_LANGUAGE="eo")
    assert response.status_code == 400
    assert message in response.content.decode()


def test_claim_window_refusals_give_the_moment_in_the_activitys_zone_and_the_readers_format(client, ready_learner,
                                                                                         meeting, unchanged):
    activity = meeting["activity"]
    activity.time_zone = "America/New_York"
    activity.save()
    client.force_login(ready_learner)
    with freeze_time(activity.claim_closes_at + timedelta(minutes=1)), unchanged():
        response = client.post(url(activity, "claim"), {field(meeting["sessions"]["a"]): "1"})
    assert "The claim period ended on 10 July 2026, 08:00 EDT." in response.content.decode()


def test_claim_page_activity_cap(signed_in, ready_learner, meeting, now, unchanged):
    sessions, activity = meeting["sessions"], meeting["activity"]
    api.submit_evaluation(ready_learner, sessions["c"].usage_key, ANSWERS)
    activity.credit_caps = {"ama-pra-1": "1.50"}
    activity.save()
    with unchanged():
        response = signed_in.post(url(activity, "claim"), {field(sessions["a"]): "1", field(sessions["c"]): "1"})
    assert response.status_code == 400
    assert "This activity offers at most 1.50 credits in total; this would make 2.00." in response.content.decode()


def test_claim_page_after_the_window(client, ready_learner, meeting, unchanged):
    activity = meeting["activity"]
    client.force_login(ready_learner)
    with freeze_time(activity.claim_closes_at + timedelta(minutes=1)), unchanged():
        response = client.post(url(activity, "claim"), {field(meeting["sessions"]["a"]): "1"})
        page = client.get(url(activity, "claim")).content.decode()
    assert response.status_code == 400 and "The claim period ended on" in response.content.decode()
    assert "data-window-closed" in page


def test_claim_page_saves_all_or_nothing_and_answers_json(signed_in, ready_learner, meeting):
    sessions, activity = meeting["sessions"], meeting["activity"]
    response = signed_in.post(url(activity, "claim"), {field(sessions["a"]): "1", field(sessions["b"]): "0.5"},
                              HTTP_ACCEPT="application/json")
    assert response.json() == {"ok": True, "total": "1.50", "credits": {
        str(sessions["a"].usage_key): "1.00", str(sessions["b"].usage_key): "0.50"}}
    refused = signed_in.post(url(activity, "claim"), {field(sessions["a"]): "1", field(sessions["b"]): "1"},
                             HTTP_ACCEPT="application/json")
    assert refused.status_code == 400
    assert refused.json()["code"] == "overlap" and str(sessions["b"].usage_key) in refused.json()["errors"]
    assert str(api.get_claim(ready_learner, activity.course_key).total_credits) == "1.50"
    page = signed_in.get(url(activity, "claim") + "?track=Lab").content.decode()
    assert f'data-session="{sessions["b"].usage_key}"' in page and f'data-session="{sessions["a"].usage_key}"' \
        not in page and "1 of 3 sessions" in page


def test_no_edit_after_finalization_from_anywhere(signed_in, ready_learner, meeting, now, unchanged):
    from tests.test_block import call_handler
    sessions, activity = meeting["sessions"], meeting["activity"]
    api.record_session_claim(ready_learner, sessions["a"].usage_key, "1", now=now)
    api.finalize_claim(ready_learner, activity.course_key, now=now)
    with unchanged():
        response = signed_in.post(url(activity, "claim"), {field(sessions["a"]): "0.5"})
        assert response.status_code == 400 and "can no longer be changed" in response.content.decode()
        handled = call_handler(ready_learner, sessions["a"].usage_key, "claim_credits", {"credits": "0.5"})
        assert handled["code"] == "claim_finalized"
        with pytest.raises(errors.ClaimFinalizedError):
            api.record_session_claim(ready_learner, sessions["a"].usage_key, "0.5", now=now)
        statement = signed_in.post(url(activity, "statement"), {"statement_type": meeting["acpe"].id})
        assert statement.status_code == 400
    page = signed_in.get(url(activity, "claim")).content.decode()
    assert "data-credits" not in page and "can no longer be changed" in page


def test_summary_warns_and_finalizing_needs_both_ticks(signed_in, ready_learner, meeting, now, unchanged):
    sessions, activity = meeting["sessions"], meeting["activity"]
    api.submit_evaluation(ready_learner, sessions["c"].usage_key, ANSWERS)
    api.record_session_claim(ready_learner, sessions["a"].usage_key, "1", now=now)
    page = signed_in.get(url(activity, "summary")).content.decode()
    assert "You evaluated these sessions but claimed no credit for them:" in page and "Session C" in page
    assert "irreversible" in page
    with unchanged():
        refused = signed_in.post(url(activity, "summary"), {"attest": "yes"})
    assert refused.status_code == 400 and "Tick both boxes" in refused.content.decode()
    assert signed_in.post(url(activity, "summary"), {"attest": "yes", "confirm": "yes"}).status_code == 302
    assert LearnerClaim.objects.get(user=ready_learner).status == "finalized"
    assert Statement.objects.filter(user=ready_learner).count() == 1


def test_statement_pdf_shows_every_field_and_is_served_from_storage(signed_in, ready_learner, meeting, now,
                                                                   monkeypatch):
    sessions, activity = meeting["sessions"], meeting["activity"]
    activity.location, activity.accreditation_statement = "Boston, MA", "Test Society is accredited by the ACCME."
    activity.save()
    api.record_session_claims(ready_learner, activity.course_key, {sessions["a"].usage_key: "0.75",
                                                                  sessions["b"].usage_key: "0.75"}, now=now)
    api.finalize_claim(ready_learner, activity.course_key, now=now)
    first = signed_in.get(url(activity, "statement-pdf"))
    assert first.status_code == 200 and first["Content-Type"] == "application/pdf"
    code = Statement.objects.get().verification_code
    text = pdf_text(first.content)
    for expected in ("Jordan Lee", activity.title, "10 June 2026 – 13 June 2026", "Boston, MA",
                     "AMA PRA Category 1 Credit™ (physicians)", "10 June 2026 12:00–13:00 UTC Session A 0.75",
                     "12:30–13:30 UTC Session B 0.75", "Total claimed 1.50", "Total: 1.50 AMA PRA Category 1 Credits™",
                     "Test Society designates this live activity for a maximum of 3.00 AMA PRA Category 1 Credits™.",
                     "Test Society is accredited by the ACCME.", "Issued 11 June 2026", code):
        assert expected in text, expected
    monkeypatch.setattr("ce_plugin.statements.render_pdf", lambda snapshot: pytest.fail("re-rendered"))
    again = signed_in.get(url(activity, "statement-pdf"))
    assert again.content == first.content and again["X-Content-SHA256"] == Statement.objects.get().pdf_sha256


def test_course_staff_preview_every_step_without_a_claim(client, meeting, now):
    activity = meeting["activity"]
    staff = factories.UserFactory(username="instructor")
    course = factories.CourseFactory._meta.model.objects.get(course_key=activity.course_key)
    CourseRole.objects.create(user=staff, course=course, role=CourseRole.STAFF)
    client.force_login(staff)
    with freeze_time(now):
        for name, args in STEPS[:-1]:
            page = client.get(url(activity, name, *args))
            assert page.status_code == 200, name
            assert "Preview: you are course staff" in page.content.decode()
        response = client.post(url(activity, "statement"), {"statement_type": meeting["ama"].id}, follow=True)
        assert "nothing is saved" in response.content.decode()
        client.post(url(activity, "claim"), {field(meeting["sessions"]["a"]): "1"})
    assert not LearnerClaim.objects.exists()
    assert client.get(url(activity, "statement-pdf")).status_code == 404


@pytest.mark.parametrize("count", [12, 300])
def test_claim_page_queries_do_not_grow_with_sessions(signed_in, ready_learner, meeting, count,
                                                      django_assert_max_num_queries):
    """One day at a time, in at most 12 queries, whatever the meeting's size; the days list every session."""
    activity = meeting["activity"]
    per_day = count // 4
    for n in range(count):
        factories.SessionFactory(activity=activity, starts_at=START + timedelta(days=1 + n // per_day,
                                                                                 minutes=5 * (n % per_day)))
    with django_assert_max_num_queries(12):
        response = signed_in.get(url(activity, "claim") + "?day=2026-06-12")
    page = response.content.decode()
    assert response.status_code == 200 and page.count('class="ce-concurrent') + page.count("data-session=") > 0
    assert page.count("data-session=") == per_day  # only that day's sessions
    counts = [int(n) for n in re.findall(r"(\d+) sessions?</span>", page)]
    assert sum(counts) == count + 3 and len(counts) == 5


def test_available_activities_by_type_and_status(client, enrolled, meeting, now):
    webinar = factories.ActivityFactory(activity_type="webinar", title="Stewardship webinar")
    factories.EnrollmentFactory(user=enrolled, course=factories.CourseFactory._meta.model.objects.get(
        course_key=webinar.course_key))
    factories.ActivityFactory(title="Not my meeting")
    client.force_login(enrolled)
    with freeze_time(now):
        api.select_statement_type(enrolled, meeting["activity"].course_key, meeting["ama"].id)
        page = client.get(reverse("ce_plugin:my-activities")).content.decode()
    assert "Live meeting" in page and "Webinar" in page and "Not my meeting" not in page
    assert 'data-status="in_progress"' in page and 'data-status="not_started"' in page
    with freeze_time(now):
        only = client.get(reverse("ce_plugin:my-activities") + "?type=webinar").content.decode()
    assert "Stewardship webinar" in only and meeting["activity"].title not in only


def test_claim_close_is_shown_in_the_activitys_time_zone_with_the_learners_extension(client, enrolled, meeting,
                                                                                       now):
    from datetime import datetime
    from datetime import timezone as tz

    from ce_plugin.models import CEActivity
    activity = meeting["activity"]
    # 23:59 in Boston on 23 December is 04:59 UTC on the 24th: learners read the Boston date.
    CEActivity.objects.filter(id=activity.id).update(
        time_zone="America/New_York", claim_closes_at=datetime(2026, 12, 24, 4, 59, tzinfo=tz.utc))
    client.force_login(enrolled)
    with freeze_time(now):
        listing = client.get(reverse("ce_plugin:my-activities")).content.decode()
        home = client.get(url(activity, "activity")).content.decode()
    assert "23 December 2026, 23:59 EST" in listing and "24 December 2026" not in listing
    assert "Claims are accepted until 23 December 2026, 23:59 EST." in home

    with freeze_time(now):
        api.select_statement_type(enrolled, activity.course_key, meeting["ama"].id)
    LearnerClaim.objects.filter(user=enrolled).update(window_closes_at=datetime(2027, 1, 8, 4, 59, tzinfo=tz.utc))
    with freeze_time(datetime(2027, 1, 2, tzinfo=tz.utc)):  # past the activity's close, inside the extension
        client.force_login(enrolled)
        listing = client.get(reverse("ce_plugin:my-activities")).content.decode()
        home = client.get(url(activity, "activity")).content.decode()
    assert "7 January 2027, 23:59 EST" in listing and 'data-status="in_progress"' in listing
    assert "Claims are accepted until 7 January 2027, 23:59 EST." in home


def test_course_tab(meeting, enrolled, learner):
    from types import SimpleNamespace

    from django.contrib.auth.models import AnonymousUser

    from ce_plugin.course_tab import CECreditTab
    activity = meeting["activity"]
    course = SimpleNamespace(id=activity.course_key)
    assert CECreditTab.is_enabled(course, user=enrolled)
    stranger = factories.UserFactory(username="stranger")
    assert not CECreditTab.is_enabled(course, user=stranger)
    assert not CECreditTab.is_enabled(course, user=AnonymousUser())
    assert CECreditTab.is_enabled(course, user=factories.UserFactory(username="global", is_staff=True))
    other = factories.CourseFactory()
    assert not CECreditTab.is_enabled(SimpleNamespace(id=other.course_key), user=enrolled)
    activity.published = False
    activity.save()
    assert not CECreditTab.is_enabled(course, user=enrolled)
    tab = CECreditTab({})
    assert (tab.type, tab.is_dynamic) == ("ce_credit", True)
    assert tab.link_func(course, reverse) == url(activity, "activity")


def test_after_finalization_the_summary_shows_the_statement_as_issued(signed_in, ready_learner, meeting, now):
    sessions, activity = meeting["sessions"], meeting["activity"]
    api.record_session_claim(ready_learner, sessions["a"].usage_key, "1", now=now)
    api.finalize_claim(ready_learner, activity.course_key, now=now)
    sessions["a"].title = "Renamed after the meeting"
    sessions["a"].save()
    page = signed_in.get(url(activity, "summary")).content.decode()
    assert "Session A" in page and "Renamed after the meeting" not in page
    assert Statement.objects.get().verification_code in page


def test_retiring_a_session_refreshes_the_designated_maximum(meeting):
    activity = meeting["activity"]
    activity.credit_caps = {}
    activity.save()
    before = api.designated_maximum(activity.course_key, "ama-pra-1")
    api.retire_session(meeting["sessions"]["c"].usage_key)
    assert api.designated_maximum(activity.course_key, "ama-pra-1") == before - 1
