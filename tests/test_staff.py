"""Course-team pages and services: settings, attendance codes, reports, evaluation results and exports."""
import csv
import io
from datetime import datetime, timedelta, timezone

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from freezegun import freeze_time

from ce_plugin import api
from ce_plugin import exceptions as errors
from ce_plugin.evaluations import standard_questions
from ce_plugin.models import AttendanceCode, CEActivity, CreditType, DisclosurePage, ReportJob, StatementType
from ce_plugin.storage import records_storage
from devhost_platform.models import Course, CourseRole
from tests import factories
from tests.helpers import localized_number_attributes

START = factories.MEETING_START


def staff_url(activity, name, *args):
    return reverse(f"ce_plugin:staff-{name}", args=[str(activity.course_key), *args])


PAGES = ["settings", "codes", "codes-csv", "claims", "evaluations", "evaluations-csv", "exports"]


@pytest.mark.parametrize("name", PAGES)
def test_only_course_staff_reach_the_staff_pages(client, activity, enrolled, instructor, name):
    url = staff_url(activity, name)
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and anonymous.url.startswith("/login/?next=")  # sign in first
    client.force_login(enrolled)
    assert client.get(url).status_code == 403
    other = factories.UserFactory(username="other-staff")
    CourseRole.objects.create(user=other, course=factories.CourseFactory(), role=CourseRole.STAFF)
    client.force_login(other)
    assert client.get(url).status_code == 403
    client.force_login(instructor)
    assert client.get(url).status_code == 200
    client.force_login(factories.UserFactory(username="admin", is_staff=True))
    assert client.get(url).status_code == 200


def test_only_course_staff_start_reports_and_read_them(client, activity, enrolled, instructor):
    client.force_login(enrolled)
    assert client.post(staff_url(activity, "start-report", "roster")).status_code == 403
    client.force_login(instructor)
    response = client.post(staff_url(activity, "start-report", "roster"))
    job = ReportJob.objects.get()
    assert response.url == staff_url(activity, "report", job.id)
    client.force_login(enrolled)
    assert client.get(staff_url(activity, "report", job.id)).status_code == 403
    assert client.get(staff_url(activity, "report-file", job.id)).status_code == 403


SETTINGS = {
    "title": "Annual Meeting 2027", "activity_type": "live_meeting", "provider_name": "Test Society",
    "time_zone": "America/New_York", "attendance_mode": "badge", "start_date": "2027-06-10",
    "end_date": "2027-06-13", "claim_opens_at": "2027-06-10T08:00", "claim_closes_at": "2027-07-13T23:59",
    "gate_certificate": "on", "published": "on", "offer_ama-pra-1": "on", "name_ama-pra-1": "Physicians",
    "cap_ama-pra-1": "24", "offer_pace": "on", "name_pace": "Lab professionals",
    "disclosures": "# Faculty\n\nNo relationships.\n\n# Support\n\nNone.", "accme_activity_id": "202712345",
}


def test_settings_create_then_update_an_activity(client, db):
    course = factories.CourseFactory()
    staff = factories.UserFactory(username="admin", is_staff=True)
    client.force_login(staff)
    url = reverse("ce_plugin:staff-settings", args=[str(course.course_key)])
    assert client.post(url, SETTINGS).status_code == 200
    activity = CEActivity.objects.get(course_key=course.course_key)
    assert (activity.title, activity.attendance_mode, activity.credit_caps) == (
        "Annual Meeting 2027", "badge", {"ama-pra-1": "24.00"})
    assert list(activity.statement_types.values_list("name", "active")) == [("Physicians", True),
                                                                           ("Lab professionals", True)]
    assert list(DisclosurePage.objects.values_list("title", "body")) == [("Faculty", "No relationships."),
                                                                        ("Support", "None.")]
    changed = {k: v for k, v in SETTINGS.items() if not k.endswith("pace")}
    client.post(url, {**changed, "title": "Renamed"})
    activity.refresh_from_db()
    assert activity.title == "Renamed"
    assert StatementType.objects.get(credit_type__code="pace").active is False  # withdrawn, not deleted


def test_settings_take_caps_with_a_decimal_comma_and_show_them_in_the_readers_notation(client, db):
    course = factories.CourseFactory()
    client.force_login(factories.UserFactory(username="admin", is_staff=True))
    url = reverse("ce_plugin:staff-settings", args=[str(course.course_key)])
    assert client.post(url, {**SETTINGS, "cap_ama-pra-1": "12,5", "cap_pace": "1 000,00"}).status_code == 200
    activity = CEActivity.objects.get(course_key=course.course_key)
    assert activity.credit_caps == {"ama-pra-1": "12.50", "pace": "1000.00"}
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="eo").content.decode()
    assert 'name="cap_ama-pra-1" value="12,50"' in page and 'type="number"' not in page
    assert not localized_number_attributes(page), localized_number_attributes(page)
    assert 'name="cap_ama-pra-1" value="12.50"' in client.get(url).content.decode()
    refused = client.post(url, {**SETTINGS, "cap_ama-pra-1": "1,000"})  # a thousand, or one? Refused.
    assert refused.status_code == 400 and CEActivity.objects.get().credit_caps["ama-pra-1"] == "12.50"


def test_the_admin_takes_credit_amounts_with_a_decimal_comma(rf, db):
    from django.contrib import admin
    from django.utils import translation

    from ce_plugin.models import LearnerClaim, SessionClaim
    request = rf.get("/")
    request.user = factories.UserFactory(username="root", is_staff=True, is_superuser=True)
    form = admin.site._registry[CreditType].get_form(request)()
    assert form.fields["increment"].clean("0,5") == form.fields["increment"].clean("0.5") == 0.5
    assert form.fields["daily_cap"].clean("7,25") == 7.25
    inline = next(i for i in admin.site._registry[LearnerClaim].get_inline_instances(request)
                  if i.model is SessionClaim)
    credits = inline.get_formset(request).form.base_fields["credits"]
    assert credits.clean("0,75") == 0.75
    with translation.override("eo"):
        assert 'value="0,75"' in credits.widget.render("credits", credits.clean("0,75"))


def test_settings_claim_window_is_in_the_activitys_time_zone(client, db, settings):
    settings.TIME_ZONE = "Asia/Tokyo"  # whatever the site's own zone, the form speaks the activity's
    course = factories.CourseFactory()
    client.force_login(factories.UserFactory(username="admin", is_staff=True))
    url = reverse("ce_plugin:staff-settings", args=[str(course.course_key)])
    assert client.post(url, SETTINGS).status_code == 200
    activity = CEActivity.objects.get(course_key=course.course_key)
    # 23:59 on 13 July in New York (EDT, UTC-4) is 03:59 UTC on the 14th.
    assert activity.claim_closes_at.astimezone(timezone.utc) == datetime(2027, 7, 14, 3, 59, tzinfo=timezone.utc)
    assert activity.claim_opens_at.astimezone(timezone.utc) == datetime(2027, 6, 10, 12, 0, tzinfo=timezone.utc)
    page = client.get(url).content.decode()
    assert 'value="2027-07-13T23:59"' in page and 'value="2027-06-10T08:00"' in page


def test_settings_refuse_an_unknown_time_zone_with_the_fields_label(client, db):
    course = factories.CourseFactory()
    client.force_login(factories.UserFactory(username="admin", is_staff=True))
    url = reverse("ce_plugin:staff-settings", args=[str(course.course_key)])
    page = client.post(url, {**SETTINGS, "time_zone": "Boston"}).content.decode()
    assert "Time zone: Unknown time zone: use a name such as America/New_York or UTC." in page
    page = client.post(url, {**SETTINGS, "end_date": "2027-06-01"}).content.decode()
    assert "Last day: The activity must end on or after its first day." in page  # the label, not the field name
    assert not CEActivity.objects.exists()
    with pytest.raises(errors.InvalidInputError) as raised:
        api.save_activity_settings(None, course.course_key, {
            "title": "T", "activity_type": "live_meeting", "attendance_mode": "none", "time_zone": "Mars/Olympus"},
            [], [], {})
    assert "time_zone" in raised.value.params["errors"] and not CEActivity.objects.exists()


@pytest.mark.parametrize("overrides, problem", [
    ({"claim_closes_at": "2027-06-01T00:00"}, "Claims must close after they open."),
    ({"end_date": "2027-06-01"}, "The activity must end on or after its first day."),
    ({"disclosures": "# Faculty\n\n"}, "A disclosure page needs a title and a text."),
    ({"cap_ama-pra-1": "-3"}, "Ensure this value is greater than or equal to 0."),
])
def test_settings_refuse_bad_input_and_save_nothing(client, db, overrides, problem):
    course = factories.CourseFactory()
    client.force_login(factories.UserFactory(username="admin", is_staff=True))
    response = client.post(reverse("ce_plugin:staff-settings", args=[str(course.course_key)]),
                           {**SETTINGS, **overrides})
    assert response.status_code == 400 and problem in response.content.decode()
    assert not CEActivity.objects.exists()


def test_badge_code_import_reports_and_is_idempotent(client, activity, instructor):
    text = ("code,email,name\nB-001,a@example.com,Ann\nB-002,,Bob\nB-001,a@example.com,Ann again\n"
            ",x@example.com,No code\nB 003,c@example.com,Space\nB-004,not-an-email,Dee\n")
    report = api.import_badge_codes(instructor, activity.course_key, text)
    assert (report.accepted, report.duplicated) == (2, 1)
    assert report.rejected == [(5, "", "no code"), (6, "B 003", "code has characters other than letters, digits, "
                                                                "'.', '-' or '_'"), (7, "B-004", "malformed e-mail")]
    again = api.import_badge_codes(instructor, activity.course_key, text)
    assert (again.accepted, again.duplicated, len(again.rejected)) == (0, 3, 3)
    assert AttendanceCode.objects.count() == 2
    client.force_login(instructor)
    page = client.post(staff_url(activity, "codes"), {
        "import": "1", "file": SimpleUploadedFile("codes.csv", b"code,email,name\nB-005,e@example.com,Eve\n")})
    assert "Imported: 1 accepted, 0 already present, 0 rejected." in page.content.decode()


def test_a_hundred_thousand_codes_import_correctly(activity, instructor):
    rows = "".join(f"AM-{n:06d},r{n}@example.com,Registrant {n}\n" for n in range(100_000))
    report = api.import_badge_codes(instructor, activity.course_key, "code,email,name\n" + rows)
    assert (report.accepted, report.duplicated, report.rejected) == (100_000, 0, [])
    assert AttendanceCode.objects.filter(activity=activity).count() == 100_000
    again = api.import_badge_codes(instructor, activity.course_key, "code,email,name\n" + rows)
    assert (again.accepted, again.duplicated) == (0, 100_000)


def test_group_codes_and_the_usage_export(client, activity, statement_type, enrolled, instructor, now):
    activity.attendance_mode = "group"
    activity.save()
    codes = api.generate_group_codes(instructor, activity.course_key, 3, "Site A")
    assert len(set(codes)) == 3 and all(len(code) == 10 for code in codes)
    with freeze_time(now):
        api.select_statement_type(enrolled, activity.course_key, statement_type.id)
        api.verify_attendance(enrolled, activity.course_key, codes[0].lower())
    client.force_login(instructor)
    response = client.get(staff_url(activity, "codes-csv"))
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0] == ["code", "kind", "holder_name", "holder_email", "username", "name", "verified_at"]
    used = [row for row in rows if row[0] == codes[0]]
    assert used[0][1:6] == ["group", "Site A", "", "learner", "Jordan Lee"] and len(rows) == 4


def test_code_list_shows_a_page_with_counts_and_finds_codes(client, activity, statement_type, enrolled, instructor,
                                                           now, django_assert_max_num_queries):
    api.import_badge_codes(instructor, activity.course_key, "code,email,name\n" + "".join(
        f"B-{n:04d},r{n}@example.org,Registrant {n}\n" for n in range(450)))
    activity.attendance_mode = "badge"
    activity.save()
    with freeze_time(now):
        api.select_statement_type(enrolled, activity.course_key, statement_type.id)
        api.verify_attendance(enrolled, activity.course_key, "B-0321")
    client.force_login(instructor)
    with django_assert_max_num_queries(15):
        page = client.get(staff_url(activity, "codes")).content.decode()
    assert "450 codes, 1 used." in page and page.count("<code>B-") == 200 and "Showing the first 200." in page
    assert "<td>Badge</td>" in page  # the kind label, not its code
    found = client.get(staff_url(activity, "codes") + "?q=registrant 321").content.decode()
    assert found.count("<code>B-") == 1 and "B-0321" in found and "Jordan Lee" in found
    assert "No code matches." in client.get(staff_url(activity, "codes") + "?q=nobody").content.decode()


def test_claims_roster_page_shows_a_page_with_counts_and_finds_learners(client, activity, statement_type,
                                                                       instructor, now):
    session = factories.SessionFactory(activity=activity)
    for n in range(3):
        claim_and_finalize(enrol(activity, f"done{n}"), activity, statement_type, [session], now)
    with freeze_time(now):
        api.select_statement_type(enrol(activity, "pending"), activity.course_key, statement_type.id)
    client.force_login(instructor)
    page = client.get(staff_url(activity, "claims")).content.decode()
    assert "4 claims: 3 finalized, 1 in progress." in page
    assert "In progress" in page and "in_progress<" not in page  # the status label, not its code
    found = client.get(staff_url(activity, "claims") + "?q=PEND").content.decode()
    assert 'data-username="pending"' in found and 'data-username="done0"' not in found
    assert len(api.claims_roster(activity.course_key, limit=2)) == 2


def claim_and_finalize(user, activity, statement_type, sessions, now, profile=None, answers=None):
    with freeze_time(now):
        api.select_statement_type(user, activity.course_key, statement_type.id, profile)
        for session in sessions:
            if answers is not None:
                api.submit_evaluation(user, session.usage_key, answers)
        api.record_session_claims(user, activity.course_key, {s.usage_key: "1" for s in sessions})
        api.finalize_claim(user, activity.course_key)


def enrol(activity, username, **names):
    user = factories.UserFactory(username=username, **names)
    factories.EnrollmentFactory(user=user, course=Course.objects.get(course_key=activity.course_key))
    return user


def test_evaluation_results_match_hand_counts(client, activity, statement_type, instructor, now,
                                              django_assert_max_num_queries):
    session = factories.SessionFactory(activity=activity, title="Sepsis", evaluation=standard_questions(),
                                       evaluation_required=True)
    answers = [
        {"objectives_met": 5, "relevant": 4, "unbiased": "yes", "practice_change": "yes", "overall": 5},
        {"objectives_met": 4, "relevant": 4, "unbiased": "no", "unbiased__comment": "Drug brand names",
         "practice_change": "already", "overall": 3, "comments": "More cases"},
        {"objectives_met": 3, "relevant": 2, "unbiased": "yes", "practice_change": "yes", "overall": 4},
    ]
    for index, given in enumerate(answers):
        with freeze_time(now):
            api.submit_evaluation(enrol(activity, f"l{index}"), session.usage_key, given)
    with django_assert_max_num_queries(3):  # activity, sessions, answers: however many responses
        (result,) = api.evaluation_results(activity.course_key)
    questions = {q["id"]: q for q in result["questions"]}
    assert result["responses"] == 3
    assert questions["objectives_met"]["counts"] == [0, 0, 1, 1, 1]
    assert str(questions["objectives_met"]["mean"]) == "4.00"
    assert str(questions["relevant"]["mean"]) == "3.33" and str(questions["overall"]["mean"]) == "4.00"
    assert questions["unbiased"]["counts"] == [2, 1]
    assert questions["unbiased"]["comments"] == [{"text": "Drug brand names", "by": ""}]
    assert questions["practice_change"]["counts"] == [2, 1, 0]
    assert questions["comments"]["texts"] == [{"text": "More cases", "by": ""}]
    factories.SessionFactory(activity=activity, title="Unanswered", evaluation=standard_questions())
    client.force_login(instructor)
    page = client.get(staff_url(activity, "evaluations")).content.decode()
    assert "<svg" in page and "Mean 4.00 (n = 3)" in page and "– l1" not in page  # anonymous: no "– author"
    assert "More cases" in page and page.count("No written answers yet.") == 1  # only the unanswered session
    activity.evaluations_identified = True
    activity.save()
    assert api.evaluation_results(activity.course_key)[0]["questions"][5]["texts"][0]["by"] == "l1"
    assert "– l1" in client.get(staff_url(activity, "evaluations")).content.decode()  # now shown


def test_claims_roster(activity, statement_type, instructor, now):
    session = factories.SessionFactory(activity=activity)
    done = enrol(activity, "done", first_name="Dana", last_name="Done")
    claim_and_finalize(done, activity, statement_type, [session], now)
    pending = enrol(activity, "pending")
    with freeze_time(now):
        api.select_statement_type(pending, activity.course_key, statement_type.id)
    roster = {row["username"]: row for row in api.claims_roster(activity.course_key)}
    assert roster["done"]["name"] == "Dana Done" and roster["done"]["credits"] == "1.00"
    assert roster["done"]["status"] == "finalized" and roster["done"]["verification_code"]
    assert roster["pending"]["status"] == "in_progress" and roster["pending"]["credits"] == "0.00"


def test_pars_export_field_by_field_and_missing_data_listed(activity, statement_type, now):
    activity.accme_activity_id = "202612345"
    activity.save()
    CreditType.objects.filter(code="ama-pra-1").update(
        required_profile_fields=["license_state", "license_number", "birth_mmdd"])
    session = factories.SessionFactory(activity=activity)
    complete = enrol(activity, "complete", first_name="Alex", last_name="Rivera")
    claim_and_finalize(complete, activity, statement_type, [session], now,
                       {"license_state": "ma", "license_number": "A12345", "birth_mmdd": "0731"})
    nameless = enrol(activity, "nameless")
    claim_and_finalize(nameless, activity, statement_type, [session], now,
                       {"license_state": "NY", "license_number": "9", "birth_mmdd": "0101"})
    export = api.pars_export(activity.course_key)
    rows, missing = export.rows, export.missing
    assert rows == [["202612345", "Alex", "Rivera", "07", "31", "MA", "A12345", "", now.strftime("%m/%d/%Y"),
                     "1.00"]]
    assert missing == [{"username": "nameless", "name": "", "missing": ["first and last name"]}]


def test_cpe_monitor_export_and_missing_uan(client, activity, instructor, now):
    acpe = factories.StatementTypeFactory(activity=activity, credit_type=CreditType.objects.get(code="acpe"))
    session = factories.SessionFactory(activity=activity)
    pharmacist = enrol(activity, "pharmacist")
    claim_and_finalize(pharmacist, activity, acpe, [session], now, {"nabp_eprofile_id": "1234567",
                                                                     "birth_mmdd": "1224"})
    export = api.cpe_monitor_export(activity.course_key)
    assert export.rows == [] and export.missing == [] and export.ready == 1
    assert export.activity_gaps == ("an ACPE universal activity number (in the activity settings)",)
    activity.acpe_uan = "0001-0000-26-001-L01-P"
    activity.save()
    export = api.cpe_monitor_export(activity.course_key)
    assert export.rows == [["1234567", "1224", "0001-0000-26-001-L01-P", now.date().isoformat(), "1.00"]]
    assert export.missing == [] and export.activity_gaps == ()
    client.force_login(instructor)
    page = client.get(staff_url(activity, "exports")).content.decode()
    assert "1 learner ready to report." in page


def test_report_file_is_built_with_progress(client, activity, statement_type, instructor, now,
                                            django_capture_on_commit_callbacks):
    session = factories.SessionFactory(activity=activity)
    for n in range(3):
        claim_and_finalize(enrol(activity, f"learner{n}"), activity, statement_type, [session], now)
    client.force_login(instructor)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(staff_url(activity, "start-report", "roster"))
    job = ReportJob.objects.get()
    status = client.get(staff_url(activity, "report", job.id), HTTP_ACCEPT="application/json").json()
    assert status == {"status": "done", "status_label": "Done", "done": 3, "total": 3, "percent": 100, "error": ""}
    content = client.get(staff_url(activity, "report-file", job.id)).content.decode()
    rows = list(csv.reader(io.StringIO(content)))
    assert rows[0][:3] == ["username", "name", "email"] and [r[0] for r in rows[1:]] == [
        "learner0", "learner1", "learner2"]
    assert all(datetime.fromisoformat(r[7]).tzinfo is not None and r[6] == "finalized" for r in rows[1:])


@pytest.fixture
def built_roster(client, activity, statement_type, instructor, now, django_capture_on_commit_callbacks):
    """A claims roster file built for the course team, with the job that holds it."""
    claim_and_finalize(enrol(activity, "learner0"), activity, statement_type,
                       [factories.SessionFactory(activity=activity)], now)
    client.force_login(instructor)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(staff_url(activity, "start-report", "roster"))
    job = ReportJob.objects.get()
    assert job.status == ReportJob.DONE and records_storage().exists(job.file.name)
    return job


def test_report_files_are_deleted_after_the_retention_period(client, activity, built_roster, settings,
                                                             django_capture_on_commit_callbacks):
    settings.CE_REPORT_RETENTION_DAYS = 7
    job, name = built_roster, built_roster.file.name
    page = client.get(staff_url(activity, "report", job.id)).content.decode()
    assert "it is deleted 7 days after it was built" in page and "Available until" in page

    assert api.purge_expired_reports(now=job.finished_at + timedelta(days=6, hours=23)) == 0
    assert records_storage().exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        assert api.purge_expired_reports(now=job.finished_at + timedelta(days=7, minutes=1)) == 1
    job.refresh_from_db()
    assert job.status == ReportJob.EXPIRED and not job.file and not records_storage().exists(name)
    assert job.created_by.username == "instructor" and job.kind == "roster"  # who asked for what stays
    assert client.get(staff_url(activity, "report-file", job.id)).status_code == 404
    page = client.get(staff_url(activity, "report", job.id)).content.decode()
    assert "This file has been deleted because it was older than the retention period." in page
    assert api.purge_expired_reports(now=job.finished_at + timedelta(days=30)) == 0  # already expired


def test_expired_report_files_are_swept_when_the_course_team_opens_a_report(
        client, activity, built_roster, django_capture_on_commit_callbacks):
    name = built_roster.file.name
    ReportJob.objects.filter(id=built_roster.id).update(finished_at=built_roster.finished_at - timedelta(days=31))
    with django_capture_on_commit_callbacks(execute=True):
        assert client.get(staff_url(activity, "report-file", built_roster.id)).status_code == 404
    assert not records_storage().exists(name)
    status = client.get(staff_url(activity, "report", built_roster.id), HTTP_ACCEPT="application/json").json()
    assert status["status"] == "expired" and status["status_label"] == "Expired: file deleted"


def test_purge_command_expires_old_report_files_of_every_course(built_roster, django_capture_on_commit_callbacks):
    ReportJob.objects.filter(id=built_roster.id).update(finished_at=built_roster.finished_at - timedelta(days=31))
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("purge_ce_report_files", stdout=out)
    assert out.getvalue().strip() == "1 report file(s) expired."
    assert not records_storage().exists(built_roster.file.name)
    assert ReportJob.objects.get().status == ReportJob.EXPIRED
