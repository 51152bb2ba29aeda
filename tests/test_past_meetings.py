"""
Past meetings (ADR 0020): a CE activity with no course behind its key, whose sessions the CE office enters and
whose statements it issues; the statements are verified, printed and listed on transcripts like any other.
"""
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from opaque_keys.edx.keys import CourseKey

from ce_plugin import api
from ce_plugin import exceptions as errors
from ce_plugin.models import AuditEvent, CEActivity, CESession, CreditType, LearnerClaim, Statement, StatementType
from ce_plugin.statuses import ClaimStatus
from devhost_platform.models import Course, CourseRole
from devhost_platform.signals import course_published
from tests import factories
from tests.helpers import pdf_text

KEY = "course-v1:TestOrg+AM2009+past"
ZONE = ZoneInfo("America/Chicago")


@pytest.fixture
def office(db):
    """The CE office: global staff, as the Django admin's users are."""
    return factories.UserFactory(username="cme-office", is_staff=True)


@pytest.fixture
def meeting(db):
    activity = CEActivity.objects.create(
        course_key=CourseKey.from_string(KEY), title="Annual Meeting 2009", past_meeting=True,
        provider_name="Test Society", location="Convention Center, Chicago, IL", time_zone=str(ZONE),
        start_date=date(2009, 5, 17), end_date=date(2009, 5, 19), accreditation_statement="Accredited by ACCME.")
    StatementType.objects.create(activity=activity, credit_type=CreditType.objects.get(code="ama-pra-1"),
                                 name="AMA PRA Category 1 Credit™ (physicians)")
    return activity


@pytest.fixture
def attendee(db):
    return factories.UserFactory(username="attendee", email="attendee@example.org", first_name="Dana",
                                 last_name="Whitfield")


def page_url(activity=None):
    return reverse("ce_plugin:staff-past-meeting", args=[str(activity.course_key) if activity else KEY])


def add_sessions(office):
    plenary = api.add_past_meeting_session(office, KEY, "Opening plenary: resistance in 2009", "2009-05-17",
                                           "08:00", "09:30", track="Plenary")
    workshop = api.add_past_meeting_session(office, KEY, "Blood culture workshop", "2009-05-18", "13:00", "15:00")
    return plenary, workshop


def test_the_office_enters_sessions_in_the_meetings_wall_clock_and_they_are_audited(meeting, office):
    plenary, _workshop = add_sessions(office)
    assert plenary.starts_at == datetime(2009, 5, 17, 8, 0, tzinfo=ZONE) and plenary.track == "Plenary"
    assert plenary.max_credits(api.list_credit_types()[0]) >= 0 and plenary.usage_key.startswith(
        "block-v1:TestOrg+AM2009+past+type@ce_session+block@past-")
    assert [s.title for s in api.list_sessions(KEY)] == ["Opening plenary: resistance in 2009",
                                                         "Blood culture workshop"]
    events = AuditEvent.objects.filter(action="session_registered", activity=meeting)
    assert events.count() == 2 and {event.actor for event in events} == {office}


@pytest.mark.parametrize("fields, problems", [
    ({"title": ""}, {"title": "A title of 1 to 255 characters is required."}),
    ({"day": "17 May 2009"}, {"day": "Enter the date as YYYY-MM-DD."}),
    ({"starts": "8am"}, {"starts": "Enter the time as HH:MM."}),
    ({"ends": ""}, {"ends": "This field is required."}),
    ({"starts": "10:00", "ends": "09:00"}, {"ends": "The session must end after it starts."}),
])
def test_a_session_that_does_not_add_up_is_refused_per_field(meeting, office, unchanged, fields, problems):
    values = {"title": "Plenary", "day": "2009-05-17", "starts": "08:00", "ends": "09:00", **fields}
    with unchanged(), pytest.raises(errors.InvalidInputError) as refused:
        api.add_past_meeting_session(office, KEY, **values)
    assert refused.value.field_errors() == problems


def test_a_course_activity_gets_no_past_meeting_sessions_or_statements(activity, statement_type, office, enrolled,
                                                                       unchanged, client):
    key = activity.course_key
    with unchanged():
        for call in (lambda: api.add_past_meeting_session(office, key, "T", "2026-06-10", "08:00", "09:00"),
                     lambda: api.issue_past_meeting_statement(office, "learner", key, statement_type.id, {}, "R")):
            with pytest.raises(errors.InvalidInputError) as refused:
                call()
            assert "__all__" in refused.value.field_errors()
    client.force_login(office)
    assert client.get(page_url(activity)).status_code == 404


def test_a_statement_is_issued_snapshotted_and_audited_like_any_statement(meeting, office, attendee,
                                                                         django_capture_on_commit_callbacks):
    plenary, workshop = add_sessions(office)
    with django_capture_on_commit_callbacks(execute=True):  # the PDF is rendered after commit (in place here)
        issued = api.issue_past_meeting_statement(office, "attendee@example.org", KEY,
                                                  meeting.statement_types.get().id,
                                                  {plenary.usage_key: "1,5", workshop.usage_key: "", "ignored": None},
                                                  "Sign-in sheets of the 2009 meeting")
    statement = Statement.objects.get()
    assert statement.verification_code == issued.verification_code and statement.issued_by == office
    assert statement.staff_reason == "Sign-in sheets of the 2009 meeting" and statement.activity == meeting
    snapshot = statement.snapshot
    assert snapshot["activity"]["past_meeting"] is True and snapshot["activity"]["title"] == "Annual Meeting 2009"
    assert [(s["title"], s["date"], s["credits"]) for s in snapshot["sessions"]] == [
        ("Opening plenary: resistance in 2009", "2009-05-17", "1.50")]
    assert snapshot["completion_date"] == "2009-05-17" and snapshot["staff_issued"] is True
    assert LearnerClaim.objects.get(user=attendee).status == ClaimStatus.FINALIZED
    assert AuditEvent.objects.get(action="statement_issued").actor == office
    statement.refresh_from_db()
    assert statement.pdf and "Annual Meeting 2009" in pdf_text(statement.pdf.read())


@pytest.mark.parametrize("credits, problem", [
    ("2", "This session offers at most 1.50 credits."),
    ("0,3", "Credits must be claimed in steps of 0.25."),
    ("lots", "Enter a number of credits, such as 1.5 or 1,5."),
])
def test_amounts_follow_the_credit_type_and_are_refused_per_session(meeting, office, attendee, unchanged, credits,
                                                                     problem):
    plenary, _workshop = add_sessions(office)
    with unchanged(), pytest.raises(errors.InvalidInputError) as refused:
        api.issue_past_meeting_statement(office, "attendee", KEY, meeting.statement_types.get().id,
                                         {plenary.usage_key: credits}, "Sign-in sheet")
    assert refused.value.field_errors() == {plenary.usage_key: problem}


def test_learner_statement_type_credits_and_reason_are_each_required(meeting, office, unchanged):
    add_sessions(office)
    with unchanged(), pytest.raises(errors.InvalidInputError) as refused:
        api.issue_past_meeting_statement(office, "nobody@example.org", KEY, "x", {"block-v1:X+Y+Z+type@a+block@b": ""},
                                         " ")
    assert refused.value.field_errors() == {
        "learner": "No account has this username or e-mail address.",
        "statement_type": "Choose one of the meeting's statements of credit.",
        "credits": "Give the credits of at least one session attended.", "reason": "A reason is required."}


def test_issuing_again_revokes_and_replaces_keeping_both(meeting, office, attendee):
    plenary, workshop = add_sessions(office)
    statement_type = meeting.statement_types.get().id
    first = api.issue_past_meeting_statement(office, "attendee", KEY, statement_type, {plenary.usage_key: "1"},
                                             "Sign-in sheet")
    second = api.issue_past_meeting_statement(office, "attendee", KEY, statement_type,
                                              {plenary.usage_key: "1", workshop.usage_key: "2"},
                                              "Workshop attendance found")
    old, new = Statement.objects.get(verification_code=first.verification_code), Statement.objects.get(
        verification_code=second.verification_code)
    assert old.revoked_reason == "Reissued: Workshop attendance found" and new.replaces == old
    assert new.snapshot["total"] == "3.00"


def test_a_removed_session_is_retired_and_kept_with_its_statements(meeting, office, attendee):
    plenary, workshop = add_sessions(office)
    api.issue_past_meeting_statement(office, "attendee", KEY, meeting.statement_types.get().id,
                                     {workshop.usage_key: "2"}, "Sign-in sheet")
    api.remove_past_meeting_session(office, KEY, workshop.usage_key)
    assert [s.title for s in api.list_sessions(KEY)] == [plenary.title]
    assert CESession.objects.get(usage_key=workshop.usage_key).retired_at is not None
    assert Statement.objects.get().snapshot["sessions"][0]["title"] == "Blood culture workshop"
    with pytest.raises(errors.SessionNotFound):
        api.remove_past_meeting_session(office, KEY, workshop.usage_key)


# --- the office's page ----------------------------------------------------------------------------


def test_only_the_office_reaches_the_page(client, meeting, activity, enrolled, instructor):
    url = page_url()
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and "login" in anonymous.url
    for user in (enrolled, instructor):  # a learner, and the course team of a real course
        client.force_login(user)
        assert client.get(url).status_code == 403
        assert client.post(url, {"title": "T", "day": "2009-05-17", "starts": "08:00", "ends": "09:00",
                                 "add_session": "1"}).status_code == 403
    assert not CESession.objects.filter(activity=meeting).exists()
    client.force_login(factories.UserFactory(username="office", is_staff=True))
    assert client.get(url).status_code == 200


def test_the_office_enters_a_meeting_and_issues_a_statement_that_the_public_page_verifies(
        client, meeting, office, attendee):
    client.force_login(office)
    refused = client.post(page_url(), {"title": "Opening plenary", "day": "2009-05-17", "starts": "8h",
                                       "ends": "09:30", "add_session": "1"})
    assert refused.status_code == 400 and 'id="ce-pm-starts-error">Enter the time as HH:MM.' in refused.content.decode()
    for title, day, starts, ends in (("Opening plenary", "2009-05-17", "08:00", "09:30"),
                                     ("Blood culture workshop", "2009-05-18", "13:00", "15:00")):
        added = client.post(page_url(), {"title": title, "day": day, "starts": starts, "ends": ends,
                                         "add_session": "1"})
        assert added.status_code == 302
    page = client.get(page_url()).content.decode()
    assert "Opening plenary" in page and "Blood culture workshop" in page and "Issue the statement" in page
    plenary, workshop = api.list_sessions(KEY)
    form = {"learner": "attendee", "statement_type": str(meeting.statement_types.get().id),
            "reason": "Sign-in sheets of the 2009 meeting", "issue": "1",
            f"credits:{plenary.usage_key}": "1,5", f"credits:{workshop.usage_key}": "5"}
    refused = client.post(page_url(), form)
    assert refused.status_code == 400 and "This session offers at most 2.00 credits." in refused.content.decode()
    assert not Statement.objects.exists()
    issued = client.post(page_url(), {**form, f"credits:{workshop.usage_key}": "2"})
    code = Statement.objects.get().verification_code
    assert issued.status_code == 302 and issued.url == page_url() + f"?issued={code}#ce-issued"
    page = client.get(issued.url).content.decode()
    assert f'data-issued="{code}"' in page and 'data-username="attendee"' in page

    client.logout()
    verified = client.get(reverse("ce_plugin:verify", args=[code])).content.decode()
    assert 'data-result="valid"' in verified and "Annual Meeting 2009" in verified
    assert "Dana Whitfield" in verified and "Opening plenary" in verified and "Blood culture workshop" in verified
    assert 'data-field="credits">3.50 AMA PRA' in verified

    client.force_login(attendee)
    transcript = client.get(reverse("ce_plugin:transcript")).content.decode()
    assert "Annual Meeting 2009" in transcript and "past meeting, issued by the CE office" in transcript
    assert reverse("ce_plugin:summary", args=[KEY]) not in transcript  # no course page to lead to
    assert reverse("ce_plugin:verify", args=[code]) in transcript
    text = pdf_text(client.get(reverse("ce_plugin:transcript-pdf")).content)
    assert "Annual Meeting 2009" in text and code in text and "3.50" in text


def test_the_overview_and_the_admin_lead_to_the_page(client, meeting):
    admin = factories.UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(admin)
    overview = client.get(reverse("ce_plugin:staff-overview", args=[KEY])).content.decode()
    assert 'data-tool="past-meeting"' in overview and page_url() in overview
    change = client.get(reverse("admin:ce_plugin_ceactivity_change", args=[meeting.id])).content.decode()
    assert page_url() in change


def test_the_admin_refuses_a_past_meeting_whose_key_names_a_course(client, activity):
    client.force_login(factories.UserFactory(username="root", is_staff=True, is_superuser=True))
    form = {"course_key": str(activity.course_key), "activity_type": "live_meeting", "title": "Old meeting",
            "time_zone": "UTC", "attendance_mode": "none", "check_in_presence": "none", "credit_caps": "{}",
            "past_meeting": "on", "statement_types-TOTAL_FORMS": "0", "statement_types-INITIAL_FORMS": "0",
            "disclosure_pages-TOTAL_FORMS": "0", "disclosure_pages-INITIAL_FORMS": "0"}
    url = reverse("admin:ce_plugin_ceactivity_add")
    refused = client.post(url, {**form, "course_key": "course-v1:Other+Course+2026"})
    assert refused.status_code == 302 and CEActivity.objects.filter(past_meeting=True).count() == 1  # no course there
    Course.objects.create(course_key=CourseKey.from_string("course-v1:Other+Taken+2026"), title="Taken")
    refused = client.post(url, {**form, "course_key": "course-v1:Other+Taken+2026"})
    assert refused.status_code == 200 and "A course has this key." in refused.content.decode()
    assert not CEActivity.objects.filter(course_key=CourseKey.from_string("course-v1:Other+Taken+2026")).exists()


def test_a_past_meeting_is_never_in_the_library(client, meeting, activity, enrolled):
    meeting.published = True
    meeting.save()
    titles = [item.title for item in api.browse_activities(enrolled).items]
    assert activity.title in titles and "Annual Meeting 2009" not in titles


def test_course_staff_of_another_course_cannot_issue_through_the_page(client, meeting, attendee, office):
    add_sessions(office)
    other = factories.UserFactory(username="elsewhere")
    CourseRole.objects.create(user=other, course=factories.CourseFactory(), role=CourseRole.STAFF)
    client.force_login(other)
    session = api.list_sessions(KEY)[0]
    response = client.post(page_url(), {"learner": "attendee", "statement_type": meeting.statement_types.get().id,
                                        "reason": "x", "issue": "1", f"credits:{session.usage_key}": "1"})
    assert response.status_code == 403 and not Statement.objects.exists()


def test_a_course_published_later_under_the_key_leaves_the_offices_sessions_alone(
        meeting, office, django_capture_on_commit_callbacks):
    add_sessions(office)
    Course.objects.create(course_key=meeting.course_key, title="Created later under the same key")
    with django_capture_on_commit_callbacks() as callbacks:
        assert course_published.send(sender=None, course_key=meeting.course_key)[0][1] is False
    assert callbacks == []
    with pytest.raises(errors.InvalidInputError):
        api.sync_course_sessions(KEY, [])
    assert len(api.list_sessions(KEY)) == 2
